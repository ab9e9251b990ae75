/* fd-scanner.h — find every module: enumerate, identify in parallel
 *
 * A scan lists the ports (FdPortEnumerator), then probes every AT
 * candidate of every device at the same time, each probe bounded by the
 * command timeout, so sixteen modules take about as long as one. Per
 * device the AT port is the best-ranked candidate that answers as a
 * module; once it has answered, the device's lower-ranked probes are
 * stopped. Nothing a probe sends changes a module (fd-identify.h).
 *
 * Probes hold ports exclusively: two scans at once find each other's
 * ports busy. An application lets one FdDeviceMonitor do the scanning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-module.h"
#include "fd-port-enumerator.h"

G_BEGIN_DECLS

#define FD_TYPE_SCANNER (fd_scanner_get_type ())
G_DECLARE_FINAL_TYPE (FdScanner, fd_scanner, FD, SCANNER, GObject)

/* A scanner listing ports with @enumerator (NULL: a default one). */
FdScanner *fd_scanner_new (FdPortEnumerator *enumerator);
FdPortEnumerator *fd_scanner_get_enumerator (FdScanner *self);

/* Bound on each identification command; 0 = FD_IDENTIFY_DEFAULT_TIMEOUT_MS. */
void fd_scanner_set_command_timeout (FdScanner *self, guint timeout_ms);
guint fd_scanner_get_command_timeout (FdScanner *self);
/* Ports probed at the same time; 0 = FD_PROBE_SET_DEFAULT_PARALLEL. */
void fd_scanner_set_max_parallel (FdScanner *self, guint max_parallel);
guint fd_scanner_get_max_parallel (FdScanner *self);

/* Enumerates and identifies: a new array of FdModule, one per device, in
 * the enumerator's order. Devices with a problem are included (with the
 * problem). Blocking, for worker threads; fails only when cancelled. */
GPtrArray *fd_scanner_scan (FdScanner    *self,
                            GCancellable *cancellable,
                            GError      **error);

/* fd_scanner_scan() in a worker thread. */
void fd_scanner_scan_async (FdScanner          *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data);
GPtrArray *fd_scanner_scan_finish (FdScanner    *self,
                                   GAsyncResult *result,
                                   GError      **error);

/* Identifies @groups (FdDeviceGroup, from an enumeration) in parallel: a
 * new array of FdModule in the same order. Blocking; fails only when
 * cancelled. The device monitor uses it for the devices that changed. */
GPtrArray *fd_scanner_identify_groups (FdScanner    *self,
                                       GPtrArray    *groups,
                                       GCancellable *cancellable,
                                       GError      **error);

G_END_DECLS
