/* fd-job.c — one module + one flow, run on a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-errors.h"
#include "fd-job.h"

struct _FdJob
{
  GObject          parent_instance;

  char            *id;
  char            *port;
  char            *imei;
  char            *model;
  char            *old_revision;
  char            *dialect;
  guint            phase_mask;

  FdJobFlowFunc    flow;
  gpointer         flow_data;
  GDestroyNotify   flow_data_free;
  FdJobRecordFunc  record;
  gpointer         record_data;
  GDestroyNotify   record_destroy;

  GCancellable    *cancellable;    /* the job's own */
  GCancellable    *chained;        /* the caller's, forwarded to ours */
  gulong           chained_id;
  gboolean         started;
  guint            timeout_ms;
  GSource         *timeout_source;
  gint             timed_out;      /* atomic: set before the cancel it causes */

  /* Worker side: touched only by the job's thread while it runs. */
  gint64           start_us;
  FdPhase          w_phase;
  int              w_overall;
  FdResult         w_result;
  char            *w_new_revision;
  char            *w_error_name;
  int              w_module_code;

  /* Between the worker and the main context. */
  GMutex           lock;
  GQueue           pending;
  GSource         *drain_source;
  GMainContext    *context;
  GTask           *task;

  /* Main-context side: what has been delivered. */
  gboolean         finished;
  FdResult         result;
  char            *error_name;
  char            *message;
  FdPhase          phase;
  int              overall;
};

G_DEFINE_FINAL_TYPE (FdJob, fd_job, G_TYPE_OBJECT)

enum {
  SIGNAL_EVENT,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Marks the end of the queue: the task returns when it is drained. */
static FdJobEvent complete_marker;

static void
fd_job_finalize (GObject *object)
{
  FdJob *self = FD_JOB (object);

  if (self->chained_id != 0)
    g_cancellable_disconnect (self->chained, self->chained_id);
  if (self->timeout_source != NULL)
    g_source_destroy (self->timeout_source);
  g_clear_pointer (&self->timeout_source, g_source_unref);
  g_clear_object (&self->chained);
  g_clear_object (&self->cancellable);
  if (self->flow_data_free != NULL)
    self->flow_data_free (self->flow_data);
  if (self->record_destroy != NULL)
    self->record_destroy (self->record_data);
  g_queue_clear_full (&self->pending, (GDestroyNotify) fd_job_event_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->task);
  g_mutex_clear (&self->lock);
  g_free (self->id);
  g_free (self->port);
  g_free (self->imei);
  g_free (self->model);
  g_free (self->old_revision);
  g_free (self->dialect);
  g_free (self->w_new_revision);
  g_free (self->w_error_name);
  g_free (self->error_name);
  g_free (self->message);

  G_OBJECT_CLASS (fd_job_parent_class)->finalize (object);
}

static void
fd_job_class_init (FdJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_job_finalize;

  /**
   * FdJob::event:
   * @event: (type FdJobEvent): what happened
   *
   * Emitted on the main context of fd_job_run_async(), in order, after
   * the recorder has seen the event.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  FD_TYPE_JOB_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
fd_job_init (FdJob *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->pending);
  self->cancellable = g_cancellable_new ();
}

FdJob *
fd_job_new (const char    *id,
            FdJobFlowFunc  flow,
            gpointer       flow_data,
            GDestroyNotify flow_data_free)
{
  FdJob *self = g_object_new (FD_TYPE_JOB, NULL);

  self->id = g_strdup (id);
  self->flow = flow;
  self->flow_data = flow_data;
  self->flow_data_free = flow_data_free;
  return self;
}

const char *
fd_job_get_id (FdJob *self)
{
  return self->id;
}

void
fd_job_set_module (FdJob      *self,
                   const char *port,
                   const char *imei,
                   const char *model,
                   const char *revision)
{
  g_return_if_fail (!self->started);
  g_free (self->port);
  g_free (self->imei);
  g_free (self->model);
  g_free (self->old_revision);
  self->port = g_strdup (port);
  self->imei = g_strdup (imei);
  self->model = g_strdup (model);
  self->old_revision = g_strdup (revision);
}

const char *
fd_job_get_port (FdJob *self)
{
  return self->port;
}

const char *
fd_job_get_imei (FdJob *self)
{
  return self->imei;
}

const char *
fd_job_get_model (FdJob *self)
{
  return self->model;
}

const char *
fd_job_get_old_revision (FdJob *self)
{
  return self->old_revision;
}

void
fd_job_set_dialect (FdJob *self, const char *dialect)
{
  g_free (self->dialect);
  self->dialect = g_strdup (dialect);
}

const char *
fd_job_get_dialect (FdJob *self)
{
  return self->dialect;
}

void
fd_job_set_phases (FdJob *self, const FdPhase *phases, gsize n_phases)
{
  self->phase_mask = 0;
  for (gsize i = 0; i < n_phases; i++)
    self->phase_mask |= 1u << phases[i];
}

void
fd_job_set_recorder (FdJob          *self,
                     FdJobRecordFunc func,
                     gpointer        user_data,
                     GDestroyNotify  destroy)
{
  g_return_if_fail (!self->started);
  if (self->record_destroy != NULL)
    self->record_destroy (self->record_data);
  self->record = func;
  self->record_data = user_data;
  self->record_destroy = destroy;
}

gboolean
fd_job_is_finished (FdJob *self)
{
  return self->finished;
}

FdResult
fd_job_get_result (FdJob *self)
{
  return self->result;
}

const char *
fd_job_get_error_name (FdJob *self)
{
  return self->error_name;
}

const char *
fd_job_get_message (FdJob *self)
{
  return self->message;
}

FdPhase
fd_job_get_phase (FdJob *self)
{
  return self->phase;
}

int
fd_job_get_overall_percent (FdJob *self)
{
  return self->overall;
}

/* --- delivery ------------------------------------------------------- */

static void
deliver (FdJob *self, FdJobEvent *event)
{
  self->phase = event->phase;
  self->overall = event->overall;
  if (event->kind == FD_JOB_EVENT_RESULT)
    {
      self->finished = TRUE;
      self->result = event->result;
      g_free (self->error_name);
      self->error_name = g_strdup (event->error_name);
      g_free (self->message);
      self->message = g_strdup (event->text);
    }
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
}

static gboolean
drain_pending (gpointer user_data)
{
  FdJob *self = user_data;
  GQueue batch = G_QUEUE_INIT;
  FdJobEvent *event;

  g_mutex_lock (&self->lock);
  batch = self->pending;
  g_queue_init (&self->pending);
  self->drain_source = NULL;
  g_mutex_unlock (&self->lock);

  while ((event = g_queue_pop_head (&batch)) != NULL)
    {
      if (event == &complete_marker)
        {
          g_autoptr(GTask) task = g_steal_pointer (&self->task);

          if (self->timeout_source != NULL)
            g_source_destroy (self->timeout_source);

          if (task != NULL)
            g_task_return_int (task, self->result);
          continue;
        }
      deliver (self, event);
      fd_job_event_free (event);
    }
  return G_SOURCE_REMOVE;
}

/* Worker thread: record, then queue for the main context. Consecutive
 * progress events are coalesced: only the newest matters to a person. */
static void
push_event (FdJob *self, FdJobEvent *event)
{
  FdJobEvent *tail;

  if (event != &complete_marker && self->record != NULL)
    self->record (self, event, self->record_data);

  g_mutex_lock (&self->lock);
  tail = g_queue_peek_tail (&self->pending);
  if (event != &complete_marker && event->kind == FD_JOB_EVENT_PROGRESS &&
      tail != NULL && tail != &complete_marker && tail->kind == FD_JOB_EVENT_PROGRESS &&
      tail->phase == event->phase)
    fd_job_event_free (g_queue_pop_tail (&self->pending));
  g_queue_push_tail (&self->pending, event);
  if (self->drain_source == NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, drain_pending, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[fotadesk] job events");
      g_source_attach (source, self->context);
      self->drain_source = source;
      g_source_unref (source);
    }
  g_mutex_unlock (&self->lock);
}

static FdJobEvent *
new_event (FdJob *self, FdJobEventKind kind)
{
  FdJobEvent *event = g_new0 (FdJobEvent, 1);

  event->kind = kind;
  event->wall_time_us = g_get_real_time ();
  event->elapsed_ms = (g_get_monotonic_time () - self->start_us) / 1000;
  event->phase = self->w_phase;
  event->percent = -1;
  event->overall = self->w_overall;
  return event;
}

/* Weighted percent of the whole job with @fraction of the current phase. */
static int
compute_overall (FdJob *self, double fraction)
{
  guint total = 0;
  double done = 0;

  for (guint p = 0; p < FD_PHASE_LAST; p++)
    {
      if ((self->phase_mask & (1u << p)) == 0)
        continue;
      total += fd_phase_weight (p);
      if (p < self->w_phase)
        done += fd_phase_weight (p);
      else if (p == self->w_phase)
        done += fd_phase_weight (p) * CLAMP (fraction, 0.0, 1.0);
    }
  if (total == 0)
    return 0;
  return MAX (self->w_overall, (int) (100.0 * done / total));
}

void
fd_job_enter_phase (FdJob *self, FdPhase phase)
{
  g_return_if_fail (phase < FD_PHASE_LAST);

  self->phase_mask |= 1u << phase;
  self->w_phase = phase;
  self->w_overall = compute_overall (self, 0.0);
  push_event (self, new_event (self, FD_JOB_EVENT_PHASE));
}

void
fd_job_progress (FdJob *self, guint64 bytes, guint64 total)
{
  FdJobEvent *event;

  if (total > 0)
    self->w_overall = compute_overall (self, (double) MIN (bytes, total) / total);
  event = new_event (self, FD_JOB_EVENT_PROGRESS);
  event->bytes = bytes;
  event->total = total;
  event->percent = total > 0 ? (int) (100 * MIN (bytes, total) / total) : -1;
  push_event (self, event);
}

void
fd_job_progress_percent (FdJob *self, int percent)
{
  FdJobEvent *event;

  percent = CLAMP (percent, 0, 100);
  self->w_overall = compute_overall (self, percent / 100.0);
  event = new_event (self, FD_JOB_EVENT_PROGRESS);
  event->percent = percent;
  push_event (self, event);
}

void
fd_job_urc (FdJob *self, const char *line)
{
  FdJobEvent *event = new_event (self, FD_JOB_EVENT_URC);

  event->text = g_strdup (line);
  push_event (self, event);
}

static void
push_text (FdJob *self, FdJobEventKind kind, const char *format, va_list args)
{
  FdJobEvent *event = new_event (self, kind);

  event->text = g_strdup_vprintf (format, args);
  push_event (self, event);
}

void
fd_job_message (FdJob *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  push_text (self, FD_JOB_EVENT_MESSAGE, format, args);
  va_end (args);
}

void
fd_job_warning (FdJob *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  push_text (self, FD_JOB_EVENT_WARNING, format, args);
  va_end (args);
}

void
fd_job_set_outcome (FdJob *self, FdResult result, const char *new_revision)
{
  self->w_result = result;
  g_free (self->w_new_revision);
  self->w_new_revision = g_strdup (new_revision);
}

void
fd_job_set_failure (FdJob *self, const char *error_name, int module_code)
{
  g_free (self->w_error_name);
  self->w_error_name = g_strdup (error_name);
  self->w_module_code = module_code;
}

/* The documented error name for an error the flow did not name. */
static const char *
error_name_for (const GError *error)
{
  if (error->domain == FD_SERIAL_ERROR)
    {
      switch ((FdSerialError) error->code)
        {
        case FD_SERIAL_ERROR_TIMEOUT:
          return "timeout";
        case FD_SERIAL_ERROR_GONE:
          return "unplugged";
        case FD_SERIAL_ERROR_BUSY:
          return "busy";
        case FD_SERIAL_ERROR_PERMISSION_DENIED:
          return "permission-denied";
        case FD_SERIAL_ERROR_NOT_FOUND:
          return "not-found";
        case FD_SERIAL_ERROR_IO:
        default:
          return "io-error";
        }
    }
  if (error->domain == FD_CME_ERROR || error->domain == FD_CMS_ERROR ||
      error->domain == FD_CIS_ERROR || error->domain == FD_AT_ERROR)
    return "module-error";
  return "failed";
}

static FdJobEvent *
result_event (FdJob *self, const GError *error)
{
  FdJobEvent *event = new_event (self, FD_JOB_EVENT_RESULT);

  event->old_revision = g_strdup (self->old_revision);
  if (error == NULL)
    {
      event->result = self->w_result != FD_RESULT_NONE ? self->w_result : FD_RESULT_SUCCESS;
      event->new_revision = g_strdup (self->w_new_revision);
      event->revision_changed = self->w_new_revision != NULL &&
                                g_strcmp0 (self->old_revision, self->w_new_revision) != 0;
      if (event->result == FD_RESULT_SUCCESS)
        event->overall = self->w_overall = 100;
      return event;
    }

  event->text = g_strdup (error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_atomic_int_get (&self->timed_out))
    {
      event->result = FD_RESULT_FAILED;
      event->error_name = g_strdup ("timeout");
      g_free (event->text);
      /* Translators: the job's time limit in seconds, then the phase it
       * was in, such as “Flashing — do not unplug” */
      event->text = g_strdup_printf (_("The job did not finish within %u s and was stopped "
                                       "in the phase “%s”."),
                                     self->timeout_ms / 1000,
                                     fd_phase_describe (self->w_phase));
      return event;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      event->result = FD_RESULT_CANCELLED;
      event->error_name = g_strdup ("cancelled");
      return event;
    }
  event->result = FD_RESULT_FAILED;
  event->error_name = g_strdup (self->w_error_name != NULL ? self->w_error_name
                                                           : error_name_for (error));
  event->module_code = self->w_module_code;
  if (event->module_code == 0 && (error->domain == FD_CME_ERROR ||
                                  error->domain == FD_CMS_ERROR ||
                                  error->domain == FD_CIS_ERROR))
    event->module_code = error->code;
  return event;
}

static gpointer
job_thread (gpointer data)
{
  g_autoptr(FdJob) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = self->flow (self, self->flow_data, self->cancellable, &error);
  if (!ok && error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The upgrade flow stopped without saying why"));
  push_event (self, result_event (self, ok ? NULL : error));
  push_event (self, &complete_marker);
  return NULL;
}

static gboolean
job_timed_out (gpointer user_data)
{
  FdJob *self = user_data;

  g_atomic_int_set (&self->timed_out, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->timeout_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
forward_cancel (GCancellable *chained, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
fd_job_run_async (FdJob              *self,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  g_autoptr(GError) error = NULL;
  GThread *thread;

  g_return_if_fail (FD_IS_JOB (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fd_job_run_async);
  g_task_set_check_cancellable (self->task, FALSE);
  self->context = g_main_context_ref_thread_default ();
  self->start_us = g_get_monotonic_time ();

  if (cancellable != NULL)
    {
      self->chained = g_object_ref (cancellable);
      self->chained_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                                self->cancellable, NULL);
    }

  if (self->timeout_ms > 0)
    {
      self->timeout_source = g_timeout_source_new (self->timeout_ms);
      g_source_set_callback (self->timeout_source, job_timed_out, self, NULL);
      g_source_set_static_name (self->timeout_source, "[fotadesk] job timeout");
      g_source_attach (self->timeout_source, self->context);
    }

  thread = g_thread_try_new (self->id, job_thread, g_object_ref (self), &error);
  if (thread == NULL)
    {
      g_object_unref (self);
      push_event (self, result_event (self, error));
      push_event (self, &complete_marker);
      return;
    }
  g_thread_unref (thread);
}

FdResult
fd_job_run_finish (FdJob *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FD_RESULT_NONE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fd_job_run_async,
                        FD_RESULT_NONE);

  return (FdResult) g_task_propagate_int (G_TASK (result), error);
}

void
fd_job_set_timeout (FdJob *self, guint timeout_ms)
{
  g_return_if_fail (!self->started);
  self->timeout_ms = timeout_ms;
}

void
fd_job_cancel (FdJob *self)
{
  g_cancellable_cancel (self->cancellable);
}

void
fd_job_skip (FdJob *self, const char *error_name, const char *message)
{
  g_autoptr(FdJobEvent) event = NULL;

  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->start_us = g_get_monotonic_time ();
  event = new_event (self, FD_JOB_EVENT_RESULT);
  event->result = FD_RESULT_CANCELLED;
  event->error_name = g_strdup (error_name);
  event->text = g_strdup (message);
  event->old_revision = g_strdup (self->old_revision);
  if (self->record != NULL)
    self->record (self, event, self->record_data);
  deliver (self, event);
}
