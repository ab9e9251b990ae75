/* fd-job-event.h — the shared vocabulary of a job: phases, results, events
 *
 * Core, CLI, GUI and audit log use the same words (DESIGN.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* In the order a flow goes through them; a flow skips those it lacks. */
typedef enum {
  FD_PHASE_CONFIGURE,
  FD_PHASE_DOWNLOAD, /* the module fetches by URL */
  FD_PHASE_WRITE,    /* the tool writes the package over serial */
  FD_PHASE_VERIFY,
  FD_PHASE_UPGRADE,  /* the module flashes: do not unplug */
  FD_PHASE_REBOOT,   /* waiting for the module to come back */
  FD_PHASE_CONFIRM,  /* revision read back */
  FD_PHASE_REPORT,   /* RSFOTA/Luat result upload */
  FD_PHASE_LAST
} FdPhase;

typedef enum {
  FD_RESULT_NONE,
  FD_RESULT_SUCCESS,
  FD_RESULT_UP_TO_DATE,
  FD_RESULT_FAILED,
  FD_RESULT_CANCELLED,
  FD_RESULT_INTERRUPTED, /* only in the audit log: the process died */
} FdResult;

typedef enum {
  FD_JOB_EVENT_PHASE,
  FD_JOB_EVENT_PROGRESS,
  FD_JOB_EVENT_URC,
  FD_JOB_EVENT_WARNING,
  FD_JOB_EVENT_MESSAGE,
  FD_JOB_EVENT_RESULT,
} FdJobEventKind;

typedef struct {
  FdJobEventKind kind;
  gint64         wall_time_us;  /* g_get_real_time() */
  gint64         elapsed_ms;    /* since the job started */
  FdPhase        phase;         /* the phase the job is in */
  guint64        bytes;         /* PROGRESS */
  guint64        total;         /* PROGRESS; 0 = unknown */
  int            percent;       /* PROGRESS: of the phase, -1 = unknown */
  int            overall;       /* weighted percent of the whole job, 0…100 */
  char          *text;          /* URC line, warning or message */
  int            module_code;   /* the module's own state/error code, or 0 */
  /* RESULT */
  FdResult       result;
  char          *error_name;    /* "timeout", "unplugged", ... or NULL */
  char          *old_revision;
  char          *new_revision;
  gboolean       revision_changed;
} FdJobEvent;

#define FD_TYPE_JOB_EVENT (fd_job_event_get_type ())
GType fd_job_event_get_type (void);
FdJobEvent *fd_job_event_copy (const FdJobEvent *event);
void fd_job_event_free (FdJobEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdJobEvent, fd_job_event_free)

/* Stable machine names ("configure", "success", "up-to-date", ...). */
const char *fd_phase_to_string (FdPhase phase);
const char *fd_result_to_string (FdResult result);
gboolean fd_phase_from_string (const char *name, FdPhase *phase);
gboolean fd_result_from_string (const char *name, FdResult *result);
/* Translated, for people. */
const char *fd_phase_describe (FdPhase phase);
const char *fd_result_describe (FdResult result);

/* Relative weight of each phase in a job's overall progress. */
guint fd_phase_weight (FdPhase phase);

G_END_DECLS
