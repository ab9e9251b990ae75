/* fd-job.h — one module + one flow, run on a thread of its own
 *
 * The flow function runs synchronously on the job's own thread (GLib's
 * shared GTask pool is not for hour-long serial work) and reports through
 * fd_job_enter_phase(), fd_job_progress() and friends. Every event is first
 * handed to the recorder (the audit log: fsync'd there, in the worker
 * thread) and then delivered in order on the main context of the caller
 * of fd_job_run_async() as the FdJob::event signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-job-event.h"

G_BEGIN_DECLS

#define FD_TYPE_JOB (fd_job_get_type ())
G_DECLARE_FINAL_TYPE (FdJob, fd_job, FD, JOB, GObject)

/* Runs the whole flow; returns TRUE after fd_job_set_outcome(), or FALSE
 * with @error (cancellation included). */
typedef gboolean (*FdJobFlowFunc) (FdJob        *job,
                                   gpointer      flow_data,
                                   GCancellable *cancellable,
                                   GError      **error);

/* Called on the worker thread for every event, before it is delivered:
 * the place to make it durable. */
typedef void (*FdJobRecordFunc) (FdJob            *job,
                                 const FdJobEvent *event,
                                 gpointer          user_data);

FdJob *fd_job_new (const char    *id,
                   FdJobFlowFunc  flow,
                   gpointer       flow_data,
                   GDestroyNotify flow_data_free);

const char *fd_job_get_id (FdJob *self);
/* Identity of the module, for events, records and people. */
void fd_job_set_module (FdJob      *self,
                        const char *port,
                        const char *imei,
                        const char *model,
                        const char *revision);
const char *fd_job_get_port (FdJob *self);
const char *fd_job_get_imei (FdJob *self);
const char *fd_job_get_model (FdJob *self);
const char *fd_job_get_old_revision (FdJob *self);
void fd_job_set_dialect (FdJob *self, const char *dialect);
const char *fd_job_get_dialect (FdJob *self);

/* The phases this flow goes through, for weighted overall progress. */
void fd_job_set_phases (FdJob *self, const FdPhase *phases, gsize n_phases);
void fd_job_set_recorder (FdJob          *self,
                          FdJobRecordFunc func,
                          gpointer        user_data,
                          GDestroyNotify  destroy);

void fd_job_run_async (FdJob              *self,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data);
FdResult fd_job_run_finish (FdJob        *self,
                            GAsyncResult *result,
                            GError      **error);

/* Bounds the whole job: past @timeout_ms it is cancelled and ends as
 * failed with the error name "timeout" (0 = no bound; the default). */
void fd_job_set_timeout (FdJob *self, guint timeout_ms);

/* Cancels the running flow (or marks a job that never started). */
void fd_job_cancel (FdJob *self);
/* Ends a job that will never run (e.g. its canary failed) with
 * FD_RESULT_CANCELLED, @error_name and @message; call on the main
 * context; emits the result event (recorded first). */
void fd_job_skip (FdJob *self, const char *error_name, const char *message);

gboolean fd_job_is_finished (FdJob *self);
FdResult fd_job_get_result (FdJob *self);
const char *fd_job_get_error_name (FdJob *self);
/* The last message of a failed or skipped job, for people. */
const char *fd_job_get_message (FdJob *self);
FdPhase fd_job_get_phase (FdJob *self);
int fd_job_get_overall_percent (FdJob *self);

/* --- for flows, on the worker thread --- */
void fd_job_enter_phase (FdJob *self, FdPhase phase);
/* @total 0 = unknown; percent then stays unknown. */
void fd_job_progress (FdJob *self, guint64 bytes, guint64 total);
/* A module that only reports percent (0…100). */
void fd_job_progress_percent (FdJob *self, int percent);
void fd_job_urc (FdJob *self, const char *line);
void fd_job_message (FdJob *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
void fd_job_warning (FdJob *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Sets how a flow that returns TRUE ended. */
void fd_job_set_outcome (FdJob      *self,
                         FdResult    result,
                         const char *new_revision);
/* Names the failure a flow is about to return (FALSE + GError): a stable
 * name from the documented set and the module's own code (0 = none).
 * Without it the name is derived from the GError. */
void fd_job_set_failure (FdJob *self, const char *error_name, int module_code);

G_END_DECLS
