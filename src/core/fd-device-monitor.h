/* fd-device-monitor.h — hot-plug by polling the port list
 *
 * udev is not visible inside Flatpak, so the monitor polls: at most once
 * a second it takes the listing's fingerprint (fd-port-enumerator.h),
 * which costs a directory walk and a few stat() calls. Only when that
 * changed does it enumerate, and it identifies only the devices that are
 * new or whose ports changed; the others keep their FdModule. A device
 * whose identification hit a passing problem (no AT answer yet, busy,
 * gone, garbage) is tried again later, with a growing pause.
 *
 * Signals are emitted on the main context that was the thread default
 * when fd_device_monitor_start() was called.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-module.h"
#include "fd-scanner.h"

G_BEGIN_DECLS

/* "At most once a second": shorter intervals are raised to this. */
#define FD_DEVICE_MONITOR_MIN_INTERVAL_MS 1000

#define FD_TYPE_DEVICE_MONITOR (fd_device_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FdDeviceMonitor, fd_device_monitor, FD, DEVICE_MONITOR, GObject)

/* Signals:
 * - module-added (FdModule *module): a device appeared and was
 *   identified (with its problem, if any);
 * - module-removed (FdModule *module): its ports went away; the module is
 *   marked gone (fd_module_is_gone()) before the signal;
 * - module-changed (FdModule *old_module, FdModule *new_module): the same
 *   device (same key) identified again, because its ports were re-created
 *   or a problem was retried; @old_module is no longer listed;
 * - refreshed (): after a poll that looked at the devices (the listing
 *   changed or something was due), once its module-* signals are out. */

FdDeviceMonitor *fd_device_monitor_new (FdScanner *scanner);
FdScanner *fd_device_monitor_get_scanner (FdDeviceMonitor *self);

/* The polling interval, FD_DEVICE_MONITOR_MIN_INTERVAL_MS at the least
 * (the default). Takes effect at the next poll. */
void fd_device_monitor_set_interval (FdDeviceMonitor *self, guint interval_ms);
guint fd_device_monitor_get_interval (FdDeviceMonitor *self);

/* Starts polling, with a first full scan right away. */
void fd_device_monitor_start (FdDeviceMonitor *self);
/* Stops polling and cancels a scan in flight; no signal follows. The
 * modules stay listed. */
void fd_device_monitor_stop (FdDeviceMonitor *self);
gboolean fd_device_monitor_is_running (FdDeviceMonitor *self);

/* The modules present now (not gone), by key; a new array. */
GPtrArray *fd_device_monitor_dup_modules (FdDeviceMonitor *self);
/* The module with group key @key, or NULL. */
FdModule *fd_device_monitor_lookup (FdDeviceMonitor *self, const char *key);

/* Identifies every device again at the next poll (a "refresh" button). */
void fd_device_monitor_rescan (FdDeviceMonitor *self);

/* While a job owns the device with group key @key (it has the port open,
 * or waits for it across a reboot), the monitor does not probe it: a
 * probe would find it busy, or take the port from the job's reattach.
 * Its leaving is still reported. Calls nest; the last uninhibit has the
 * device identified again at the next poll. */
void fd_device_monitor_inhibit (FdDeviceMonitor *self, const char *key);
void fd_device_monitor_uninhibit (FdDeviceMonitor *self, const char *key);

G_END_DECLS
