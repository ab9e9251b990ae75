/* fd-job-audit.c — job events into the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-job-audit.h"

FdAuditResult
fd_job_audit_result (FdResult result)
{
  switch (result)
    {
    case FD_RESULT_SUCCESS:
      return FD_AUDIT_RESULT_SUCCESS;
    case FD_RESULT_UP_TO_DATE:
      return FD_AUDIT_RESULT_UP_TO_DATE;
    case FD_RESULT_CANCELLED:
      return FD_AUDIT_RESULT_CANCELLED;
    case FD_RESULT_INTERRUPTED:
      return FD_AUDIT_RESULT_INTERRUPTED;
    case FD_RESULT_NONE:
    case FD_RESULT_FAILED:
    default:
      return FD_AUDIT_RESULT_FAILED;
    }
}

static const char *
state_message (const FdJobEvent *event)
{
  switch (event->kind)
    {
    case FD_JOB_EVENT_PHASE:
      return fd_phase_describe (event->phase);
    case FD_JOB_EVENT_URC:
    case FD_JOB_EVENT_WARNING:
    case FD_JOB_EVENT_MESSAGE:
      return event->text;
    case FD_JOB_EVENT_PROGRESS:
    case FD_JOB_EVENT_RESULT:
    default:
      return NULL;
    }
}

static void
record_event (FdJob *job, const FdJobEvent *event, gpointer user_data)
{
  FdAuditLog *log = user_data;
  FdAuditJob who = {
    .job_id = fd_job_get_id (job),
    .imei = fd_job_get_imei (job),
    .model = fd_job_get_model (job),
    .port = fd_job_get_port (job),
    .dialect = fd_job_get_dialect (job),
  };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (event->kind == FD_JOB_EVENT_PROGRESS)
    return;
  if (event->kind == FD_JOB_EVENT_RESULT)
    {
      FdAuditOutcome outcome = {
        .result = fd_job_audit_result (event->result),
        .revision_changed = event->revision_changed,
        .old_revision = event->old_revision,
        .new_revision = event->new_revision,
        .error_name = event->error_name,
        .error_code = event->module_code != 0 ? event->module_code : FD_AUDIT_NO_CODE,
        .error_message = event->error_name != NULL ? event->text : NULL,
        .duration_ms = event->elapsed_ms,
      };
      ok = fd_audit_log_append_final (log, &who, &outcome, &error);
    }
  else
    {
      const char *kind = event->kind == FD_JOB_EVENT_URC       ? "urc"
                         : event->kind == FD_JOB_EVENT_WARNING ? "warning"
                         : event->kind == FD_JOB_EVENT_MESSAGE ? "message"
                                                               : NULL;
      g_autofree char *message = kind != NULL
                                   ? g_strdup_printf ("%s: %s", kind, state_message (event))
                                   : g_strdup (state_message (event));

      ok = fd_audit_log_append_state (log, &who, fd_phase_to_string (event->phase),
                                      event->module_code != 0 ? event->module_code
                                                              : FD_AUDIT_NO_CODE,
                                      message, &error);
    }
  /* The job goes on: stopping a module mid-flash because the disk is full
   * would be worse than a gap in the record. Say so loudly. */
  if (!ok)
    g_warning ("Could not write the audit record of job %s: %s", fd_job_get_id (job),
               error->message);
}

void
fd_job_audit_attach (FdJob *job, FdAuditLog *log)
{
  fd_job_set_recorder (job, record_event, g_object_ref (log), g_object_unref);
}
