/* fd-known-devices.h — the USB devices FotaDesk knows, as data
 *
 * What a VID:PID tells before anything is sent: which module or bridge it
 * is, and on which USB interface its AT port sits when that is known.
 * Unknown VID:PIDs are probed all the same; this table only ranks ports
 * and names devices. data/60-fotadesk.rules lists the same VID:PIDs (a
 * unit test keeps the two in step).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FD_KNOWN_DEVICE_MODULE,        /* a cellular module with its own USB port */
  FD_KNOWN_DEVICE_BRIDGE,        /* a USB-UART bridge: the module behind it shows only by probing */
  FD_KNOWN_DEVICE_DOWNLOAD_MODE, /* a module's boot loader: no AT port at all */
} FdKnownDeviceKind;

/* No interface is known to carry AT: probe every tty of the device. */
#define FD_KNOWN_DEVICE_AT_INTERFACE_ANY (-1)

typedef struct {
  guint16           vid;
  guint16           pid;
  FdKnownDeviceKind kind;
  const char       *vendor;       /* maker as users say it, e.g. "Luat" (not translated) */
  const char       *name;         /* product name, e.g. "Air72x" (not translated) */
  const char       *driver;       /* Linux driver that binds its ttys, NULL when unsure */
  int               at_interface; /* bInterfaceNumber of the AT port, or _AT_INTERFACE_ANY */
} FdKnownDevice;

/* The entry for @vid:@pid, or NULL when the device is not in the table. */
const FdKnownDevice *fd_known_device_lookup (guint16 vid, guint16 pid);

/* The whole table (static, never freed), @n_devices entries. */
const FdKnownDevice *fd_known_devices_get_all (gsize *n_devices);

/* A translated title for people, e.g. "Luat Air72x", "WCH CH340 USB-serial
 * bridge", "Luat Air780E in download mode". */
char *fd_known_device_get_title (const FdKnownDevice *device);

/* TRUE when the device can have an AT port (everything but a boot loader). */
gboolean fd_known_device_has_at (const FdKnownDevice *device);

G_END_DECLS
