/* fd-device-source.h — keeps the device list in step with what is
 * plugged in: the core's device monitor (scans, hot-plug, identification)
 * and the ModemManager check
 *
 * Everything slow (listing ports, probing modules, asking the system
 * bus) runs in the core's workers; results arrive on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-device-list.h"
#include "fd-port-enumerator.h"
#include "fd-reattach.h"

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

/* The enumerator the scans use (its globs and system list). */
FdPortEnumerator *fd_device_source_get_enumerator (FdDeviceSource *self);

/* While a job owns the device of @item, it is not probed (the job has
 * the port, or waits for it across a reboot); calls nest. */
void fd_device_source_hold (FdDeviceSource *self, FdDeviceItem *item);
void fd_device_source_release (FdDeviceSource *self, FdDeviceItem *item);
/* Finds @item's module again after a reboot, for its job; NULL for an
 * item the scanner did not make. */
FdReattach *fd_device_source_new_reattach (FdDeviceSource *self, FdDeviceItem *item);

/* TRUE while a scan runs ("scanning" property). */
gboolean fd_device_source_get_scanning (FdDeviceSource *self);
/* What to tell the user about ModemManager, or NULL ("modem-manager-advice"). */
const char *fd_device_source_get_modem_manager_advice (FdDeviceSource *self);
/* How many scans have completed ("n-scans"), for tests that wait. */
guint fd_device_source_get_n_scans (FdDeviceSource *self);

G_END_DECLS
