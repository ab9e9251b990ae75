/* fd-device-source.h — keeps the device list in step with what is
 * plugged in: scans, hot-plug, and the ModemManager check
 *
 * Everything slow (listing ports, asking the system bus) runs in the
 * core's workers; results arrive on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-device-list.h"

G_BEGIN_DECLS

#define FD_TYPE_DEVICE_SOURCE (fd_device_source_get_type ())
G_DECLARE_FINAL_TYPE (FdDeviceSource, fd_device_source, FD, DEVICE_SOURCE, GObject)

#define FD_DEVICE_SOURCE_DEFAULT_POLL_MS 2000

FdDeviceSource *fd_device_source_new (FdDeviceList *list);

/* Extra port patterns (the "port-globs" setting, the demo's folder). */
void fd_device_source_set_globs (FdDeviceSource *self, const char *const *globs);
/* Only the globs count, not the system's ports (demo mode, tests). */
void fd_device_source_set_globs_only (FdDeviceSource *self, gboolean globs_only);
/* How often the port list is looked at for hot-plug (0 = never). */
void fd_device_source_set_poll_interval (FdDeviceSource *self, guint interval_ms);

/* Scans now and then follows hot-plug. */
void fd_device_source_start (FdDeviceSource *self);
void fd_device_source_stop (FdDeviceSource *self);
void fd_device_source_rescan (FdDeviceSource *self);

/* TRUE while a scan runs ("scanning" property). */
gboolean fd_device_source_get_scanning (FdDeviceSource *self);
/* What to tell the user about ModemManager, or NULL ("modem-manager-advice"). */
const char *fd_device_source_get_modem_manager_advice (FdDeviceSource *self);
/* How many scans have completed ("n-scans"), for tests that wait. */
guint fd_device_source_get_n_scans (FdDeviceSource *self);

G_END_DECLS
