/* fd-port-enumerator.h — list the serial ports and group them by device
 *
 * Ports come from the system list (libserialport by default) and from
 * user globs (the "port-globs" setting, fotadesk-cli --glob: e.g. the
 * by-id links, the simulator's directory). Symlinks are resolved
 * and a device listed under several names is one port with aliases.
 * Nothing is opened here except what libserialport opens to tell a real
 * 8250 UART from an empty slot. Identification by AT is the scanner's job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-device-group.h"

G_BEGIN_DECLS

/* Lists device paths (e.g. "/dev/ttyUSB0"). Called in the enumerating
 * thread, which may be a worker thread. Returns NULL with @error set on
 * failure; an empty list is not a failure. */
typedef GStrv (*FdPortListFunc) (gpointer user_data, GError **error);

#define FD_TYPE_PORT_ENUMERATOR (fd_port_enumerator_get_type ())
G_DECLARE_FINAL_TYPE (FdPortEnumerator, fd_port_enumerator, FD, PORT_ENUMERATOR, GObject)

/* An enumerator reading "/sys", listing with libserialport, no globs.
 * The setters belong to one thread (the main one); an enumeration or a
 * fingerprint running meanwhile in another keeps the settings it started
 * with. */
FdPortEnumerator *fd_port_enumerator_new (void);

/* Where sysfs is (default "/sys"; NULL restores it); tests point it at a
 * recorded tree. */
void fd_port_enumerator_set_sysfs_root (FdPortEnumerator *self, const char *sysfs_root);
const char *fd_port_enumerator_get_sysfs_root (FdPortEnumerator *self);

/* Extra patterns, glob(3) syntax with ~ and {a,b} expansion; NULL for
 * none. The getter never returns NULL. */
void fd_port_enumerator_set_globs (FdPortEnumerator *self, const char *const *globs);
const char *const *fd_port_enumerator_get_globs (FdPortEnumerator *self);

/* Replaces the system list (libserialport); NULL @func lists nothing, so
 * only the globs count. @user_data must be usable from any thread while
 * an enumeration runs. */
void fd_port_enumerator_set_list_func (FdPortEnumerator *self,
                                       FdPortListFunc    func,
                                       gpointer          user_data,
                                       GDestroyNotify    destroy);

/* The default FdPortListFunc: the ports libserialport lists. */
GStrv fd_port_list_system_ports (gpointer user_data, GError **error);

/* Lists, resolves, merges, reads sysfs and groups: a new array of
 * FdDeviceGroups in fd_device_group_build() order. A failing system list is logged and the
 * globs still count; a glob that matches nothing, a dangling link or a
 * path that is not a character device is skipped. Only cancellation
 * fails (G_IO_ERROR_CANCELLED). Blocking but quick (sysfs is in memory);
 * the settings are read once at the start. */
GPtrArray *fd_port_enumerator_enumerate (FdPortEnumerator *self,
                                         GCancellable     *cancellable,
                                         GError          **error);

/* A cheap summary of the listing alone, for hot-plug polling: every
 * listed name (system list and globs), what it resolves to, and the
 * identity of the device node and of the link (number, inode, change
 * time), without reading sysfs or grouping. Equal fingerprints mean
 * nothing was plugged, unplugged, re-created or re-linked; traffic on a
 * port does not change it (only a tty's mtime moves with traffic). An
 * opaque string; only cancellation fails. */
char *fd_port_enumerator_fingerprint (FdPortEnumerator *self,
                                      GCancellable     *cancellable,
                                      GError          **error);

/* fd_port_enumerator_enumerate() in a worker thread. */
void fd_port_enumerator_enumerate_async (FdPortEnumerator   *self,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
GPtrArray *fd_port_enumerator_enumerate_finish (FdPortEnumerator *self,
                                                GAsyncResult     *result,
                                                GError          **error);

G_END_DECLS
