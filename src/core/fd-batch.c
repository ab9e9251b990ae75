/* fd-batch.c — many jobs with a concurrency limit and a canary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-batch.h"

struct _FdBatch
{
  GObject       parent_instance;

  GPtrArray    *jobs;
  guint         concurrency;
  gboolean      canary;
  gboolean      stop_on_failure;

  GTask        *task;
  GCancellable *cancellable;  /* ours: chained into every job */
  GCancellable *chained;      /* the caller's, forwarded to ours */
  gulong        chained_id;
  guint         next;         /* index of the next job to start */
  guint         running;
  gboolean      canary_pending;
  gboolean      stopping;
  gboolean      all_good;
};

G_DEFINE_FINAL_TYPE (FdBatch, fd_batch, G_TYPE_OBJECT)

enum {
  SIGNAL_JOB_STARTED,
  SIGNAL_JOB_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
fd_batch_finalize (GObject *object)
{
  FdBatch *self = FD_BATCH (object);

  if (self->chained_id != 0)
    g_cancellable_disconnect (self->chained, self->chained_id);
  g_clear_object (&self->chained);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_object (&self->task);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fd_batch_parent_class)->finalize (object);
}

static void
fd_batch_class_init (FdBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_batch_finalize;

  signals[SIGNAL_JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_JOB);
  signals[SIGNAL_JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, FD_TYPE_JOB);
}

static void
fd_batch_init (FdBatch *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->concurrency = FD_BATCH_DEFAULT_CONCURRENCY;
  self->cancellable = g_cancellable_new ();
}

FdBatch *
fd_batch_new (void)
{
  return g_object_new (FD_TYPE_BATCH, NULL);
}

void
fd_batch_add_job (FdBatch *self, FdJob *job)
{
  g_return_if_fail (self->task == NULL);
  g_ptr_array_add (self->jobs, g_object_ref (job));
}

GPtrArray *
fd_batch_get_jobs (FdBatch *self)
{
  return self->jobs;
}

void
fd_batch_set_concurrency (FdBatch *self, guint concurrency)
{
  self->concurrency = MAX (concurrency, 1);
}

void
fd_batch_set_canary (FdBatch *self, gboolean canary)
{
  self->canary = canary;
}

gboolean
fd_batch_get_canary (FdBatch *self)
{
  return self->canary;
}

void
fd_batch_set_stop_on_failure (FdBatch *self, gboolean stop)
{
  self->stop_on_failure = stop;
}

guint
fd_batch_count_result (FdBatch *self, FdResult result)
{
  guint n = 0;

  for (guint i = 0; i < self->jobs->len; i++)
    {
      FdJob *job = g_ptr_array_index (self->jobs, i);

      if (fd_job_is_finished (job) && fd_job_get_result (job) == result)
        n++;
    }
  return n;
}

static void start_more (FdBatch *self);

static void
maybe_complete (FdBatch *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->running > 0 || self->next < self->jobs->len || self->task == NULL)
    return;
  task = g_steal_pointer (&self->task);
  g_task_return_boolean (task, self->all_good);
}

/* Ends every job that has not started with @error_name and @message. */
static void
skip_rest (FdBatch *self, const char *error_name, const char *message)
{
  while (self->next < self->jobs->len)
    {
      FdJob *job = g_ptr_array_index (self->jobs, self->next++);

      fd_job_skip (job, error_name, message);
      self->all_good = FALSE;
      g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);
    }
}

static gboolean
result_is_good (FdResult result)
{
  return result == FD_RESULT_SUCCESS || result == FD_RESULT_UP_TO_DATE;
}

static void
job_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(FdBatch) self = user_data;
  FdJob *job = FD_JOB (source);
  FdResult result = fd_job_run_finish (job, res, NULL);

  self->running--;
  if (!result_is_good (result))
    self->all_good = FALSE;
  g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);

  if (self->canary_pending)
    {
      self->canary_pending = FALSE;
      if (!result_is_good (result) && !g_cancellable_is_cancelled (self->cancellable))
        {
          g_autofree char *message =
            /* Translators: %s is the IMEI of the first module of the batch */
            g_strdup_printf (_("Not started: the canary module %s did not upgrade, so the rest "
                               "of the batch was held back. Find out why before trying again."),
                             fd_job_get_imei (job) ? fd_job_get_imei (job) : fd_job_get_id (job));
          skip_rest (self, "canary-failed", message);
        }
    }
  if (self->stop_on_failure && result == FD_RESULT_FAILED && !self->stopping)
    {
      self->stopping = TRUE;
      g_cancellable_cancel (self->cancellable);
      skip_rest (self, "stopped",
                 _("Not started: the batch stopped after the first failure."));
    }
  start_more (self);
  maybe_complete (self);
}

static void
start_job (FdBatch *self, FdJob *job)
{
  self->running++;
  g_signal_emit (self, signals[SIGNAL_JOB_STARTED], 0, job);
  fd_job_run_async (job, self->cancellable, job_done, g_object_ref (self));
}

static void
start_more (FdBatch *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      if (!self->stopping)
        skip_rest (self, "cancelled", _("Not started: the batch was cancelled."));
      return;
    }
  if (self->canary_pending)
    return;
  while (self->running < self->concurrency && self->next < self->jobs->len)
    start_job (self, g_ptr_array_index (self->jobs, self->next++));
}

static void
forward_cancel (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
fd_batch_run_async (FdBatch            *self,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  g_return_if_fail (FD_IS_BATCH (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fd_batch_run_async);
  g_task_set_check_cancellable (self->task, FALSE);
  if (cancellable != NULL)
    {
      self->chained = g_object_ref (cancellable);
      self->chained_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                                self->cancellable, NULL);
    }
  self->all_good = TRUE;

  if (self->canary && self->jobs->len > 1)
    {
      self->canary_pending = TRUE;
      start_job (self, g_ptr_array_index (self->jobs, self->next++));
    }
  else
    start_more (self);
  maybe_complete (self);
}

gboolean
fd_batch_run_finish (FdBatch *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fd_batch_cancel (FdBatch *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->task != NULL)
    {
      skip_rest (self, "cancelled", _("Not started: the batch was cancelled."));
      maybe_complete (self);
    }
}
