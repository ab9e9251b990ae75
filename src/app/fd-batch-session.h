/* fd-batch-session.h — one batch as the window runs it: the core's jobs
 * for the selected modules, their rows, the summary, the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-batch.h"
#include "fd-config-form.h"
#include "fd-device-source.h"
#include "fd-job-item.h"

G_BEGIN_DECLS

#define FD_TYPE_BATCH_SESSION (fd_batch_session_get_type ())
G_DECLARE_FINAL_TYPE (FdBatchSession, fd_batch_session, FD, BATCH_SESSION, GObject)

/* One job per module of @devices (FdDeviceItem) with @form's
 * configuration. NULL with every module's refusal, one per line, when
 * any job cannot be made (nothing runs then). @options must hold the
 * audit log: no job runs unrecorded. With @source (nullable), the
 * modules are not probed while their jobs run, and each job finds its
 * module again after a reboot. */
FdBatchSession *fd_batch_session_new (GPtrArray              *devices,
                                      FdConfigForm           *form,
                                      const FdUpgradeOptions *options,
                                      FdDeviceSource         *source,
                                      GError                **error);

FdBatch *fd_batch_session_get_batch (FdBatchSession *self);
/* The rows: FdJobItem, in batch order. */
GListModel *fd_batch_session_get_items (FdBatchSession *self);
FdJobItem  *fd_batch_session_lookup (FdBatchSession *self, const char *job_id);

void     fd_batch_session_start (FdBatchSession *self);
void     fd_batch_session_cancel_all (FdBatchSession *self);
gboolean fd_batch_session_is_running (FdBatchSession *self);
gboolean fd_batch_session_is_finished (FdBatchSession *self);
/* Some module is flashing or rebooting now. */
gboolean fd_batch_session_any_flashing (FdBatchSession *self);

guint fd_batch_session_count (FdBatchSession *self, FdJobState state);
guint fd_batch_session_count_finished (FdBatchSession *self);
/* "3 of 5 done · 2 upgraded · 1 failed". */
char *fd_batch_session_dup_summary (FdBatchSession *self);

/* The report of this batch's jobs from the audit log, as CSV (with a
 * BOM, for spreadsheets and Chinese text). Blocking: reads the log. */
char *fd_batch_session_export_csv (FdBatchSession *self, GError **error);
/* Writes that report to @file in a worker thread. */
void fd_batch_session_export_async (FdBatchSession     *self,
                                    GFile              *file,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean fd_batch_session_export_finish (FdBatchSession *self,
                                         GAsyncResult   *result,
                                         GError        **error);

G_END_DECLS
