/* fd-port-sysfs.h — what sysfs says about a tty
 *
 * Our own reading of /sys (not libserialport's) so recorded trees under
 * tests/fixtures/sysfs/ can stand in for a real machine: every function
 * takes the sysfs root ("/sys" on a live system).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fd-errors.h"
#include "fd-port-info.h"

G_BEGIN_DECLS

#define FD_PORT_SYSFS_DEFAULT_ROOT "/sys"

/* A table of "major:minor" (as in sysfs "dev" files) to tty name, for
 * every tty under @sysfs_root/class/tty; empty when that cannot be read. */
GHashTable *fd_port_sysfs_map_devnums (const char *sysfs_root);

/* Builds the FdPortInfo of tty @tty_name (e.g. "ttyUSB2") from sysfs, with
 * @dev_path as its device node (NULL: "/dev/" + @tty_name). A tty on USB
 * gets its device's identity and its interface's number, string and
 * driver; another tty with a device behind it is FD_PORT_TRANSPORT_NATIVE.
 * Fails with FD_SERIAL_ERROR_NOT_FOUND when sysfs has no such tty, or when
 * nothing is behind it (consoles, ptmx: not serial ports). */
FdPortInfo *fd_port_sysfs_read_tty (const char *sysfs_root,
                                    const char *tty_name,
                                    const char *dev_path,
                                    GError    **error);

/* Makes a raw sysfs attribute presentable: at most 256 bytes, valid
 * UTF-8, control characters turned into spaces, surrounding blanks and the
 * trailing newline removed. NULL when nothing is left. */
char *fd_port_sysfs_clean_string (const char *raw, gsize len);

G_END_DECLS
