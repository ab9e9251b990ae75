/* test-job.c — jobs and batches: threads, ordered events, canary, cancel
 *
 * The flows here are small test flows; what is under test is the job
 * runner and the batch scheduler, on real threads and a real main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fd-batch.h"
#include "fd-errors.h"
#include "fd-job.h"
#include "fd-job-audit.h"

#define LIVENESS_BOUND_S 10

typedef struct {
  int     n_progress;   /* progress steps to report */
  gboolean fail;        /* end with a module error */
  gboolean up_to_date;
  gboolean wait_cancel; /* block until cancelled (bounded) */
  gint   *running;      /* shared: jobs running now */
  gint   *max_running;  /* shared: the most at once */
  guint   sleep_ms;
} FlowSpec;

static void
note_running (FlowSpec *spec, int delta)
{
  int now;

  if (spec->running == NULL)
    return;
  now = g_atomic_int_add (spec->running, delta) + delta;
  if (delta > 0)
    {
      int max = g_atomic_int_get (spec->max_running);
      while (now > max && !g_atomic_int_compare_and_exchange (spec->max_running, max, now))
        max = g_atomic_int_get (spec->max_running);
    }
}

static gboolean
test_flow (FdJob *job, gpointer flow_data, GCancellable *cancellable, GError **error)
{
  FlowSpec *spec = flow_data;
  static const FdPhase phases[] = { FD_PHASE_CONFIGURE, FD_PHASE_DOWNLOAD, FD_PHASE_UPGRADE,
                                    FD_PHASE_CONFIRM };
  gboolean ok = TRUE;

  note_running (spec, +1);
  fd_job_set_phases (job, phases, G_N_ELEMENTS (phases));
  fd_job_enter_phase (job, FD_PHASE_CONFIGURE);
  fd_job_message (job, "configured");
  fd_job_enter_phase (job, FD_PHASE_DOWNLOAD);
  for (int i = 1; i <= spec->n_progress; i++)
    fd_job_progress (job, i * 100, spec->n_progress * 100);
  if (spec->sleep_ms > 0)
    g_usleep (spec->sleep_ms * 1000);

  if (spec->wait_cancel)
    {
      gint64 deadline = g_get_monotonic_time () + LIVENESS_BOUND_S * G_USEC_PER_SEC;

      while (!g_cancellable_is_cancelled (cancellable) && g_get_monotonic_time () < deadline)
        g_usleep (5000);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
    }
  if (ok && spec->fail)
    {
      fd_job_enter_phase (job, FD_PHASE_UPGRADE);
      fd_job_set_failure (job, "upgrade-failed", 854);
      g_set_error (error, FD_CME_ERROR, 854, "+CME ERROR: 854");
      ok = FALSE;
    }
  if (ok)
    {
      fd_job_enter_phase (job, FD_PHASE_UPGRADE);
      fd_job_urc (job, "+MFWUPGRADE: 2");
      fd_job_enter_phase (job, FD_PHASE_CONFIRM);
      if (spec->up_to_date)
        fd_job_set_outcome (job, FD_RESULT_UP_TO_DATE, "REV1");
      else
        fd_job_set_outcome (job, FD_RESULT_SUCCESS, "REV2");
    }
  note_running (spec, -1);
  return ok;
}

static FdJob *
make_job (const char *id, const FlowSpec *spec)
{
  FdJob *job = fd_job_new (id, test_flow, g_memdup2 (spec, sizeof *spec), g_free);

  fd_job_set_module (job, "/dev/ttyTEST", id, "MN316", "REV1");
  return job;
}

/* --- one job ----------------------------------------------------- */

typedef struct {
  GPtrArray *kinds;      /* delivered event kinds, as strings */
  int        recorded;   /* events the recorder saw (worker thread) */
  int        delivered;
  int        last_overall;
  gboolean   overall_went_back;
  gboolean   delivered_before_record;
  GThread   *main_thread;
  gboolean   wrong_thread;
  FdResult   result;
  gboolean   done;
} JobWatch;

static void
record_event (FdJob *job, const FdJobEvent *event, gpointer user_data)
{
  JobWatch *watch = user_data;

  g_atomic_int_inc (&watch->recorded);
}

static void
on_event (FdJob *job, FdJobEvent *event, gpointer user_data)
{
  JobWatch *watch = user_data;

  watch->delivered++;
  if (watch->delivered > g_atomic_int_get (&watch->recorded))
    watch->delivered_before_record = TRUE;
  if (g_thread_self () != watch->main_thread)
    watch->wrong_thread = TRUE;
  if (event->overall < watch->last_overall)
    watch->overall_went_back = TRUE;
  watch->last_overall = event->overall;
  g_ptr_array_add (watch->kinds, g_strdup_printf ("%d:%s", event->kind,
                                                  fd_phase_to_string (event->phase)));
}

static void
job_finished (GObject *source, GAsyncResult *res, gpointer user_data)
{
  JobWatch *watch = user_data;
  g_autoptr(GError) error = NULL;

  watch->result = fd_job_run_finish (FD_JOB (source), res, &error);
  g_assert_no_error (error);
  watch->done = TRUE;
}

static gboolean
bound_reached (gpointer user_data)
{
  g_error ("liveness bound of %d s reached", LIVENESS_BOUND_S);
  return G_SOURCE_REMOVE;
}

static void
run_until (gboolean *flag)
{
  guint bound = g_timeout_add_seconds (LIVENESS_BOUND_S, bound_reached, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
}

static void
watch_job (FdJob *job, JobWatch *watch)
{
  watch->kinds = g_ptr_array_new_with_free_func (g_free);
  watch->main_thread = g_thread_self ();
  fd_job_set_recorder (job, record_event, watch, NULL);
  g_signal_connect (job, "event", G_CALLBACK (on_event), watch);
}

static void
test_job_success_events (void)
{
  FlowSpec spec = { .n_progress = 50 };
  g_autoptr(FdJob) job = make_job ("job-1", &spec);
  JobWatch watch = { 0 };

  watch_job (job, &watch);
  fd_job_run_async (job, NULL, job_finished, &watch);
  run_until (&watch.done);

  g_assert_cmpint (watch.result, ==, FD_RESULT_SUCCESS);
  g_assert_true (fd_job_is_finished (job));
  g_assert_cmpint (fd_job_get_result (job), ==, FD_RESULT_SUCCESS);
  g_assert_cmpint (fd_job_get_overall_percent (job), ==, 100);
  g_assert_false (watch.delivered_before_record);
  g_assert_false (watch.wrong_thread);
  g_assert_false (watch.overall_went_back);
  /* the first events in order; progress may be coalesced, never reordered */
  g_assert_cmpstr (g_ptr_array_index (watch.kinds, 0), ==, "0:configure");
  g_assert_cmpstr (g_ptr_array_index (watch.kinds, 1), ==, "4:configure");
  g_assert_cmpstr (g_ptr_array_index (watch.kinds, 2), ==, "0:download");
  g_assert_cmpstr (g_ptr_array_index (watch.kinds, watch.kinds->len - 1), ==, "5:confirm");
  /* every progress event was recorded, even those coalesced for people */
  g_assert_cmpint (watch.recorded, >=, 50 + 6);
  g_assert_cmpint (watch.delivered, <=, watch.recorded);
  g_ptr_array_unref (watch.kinds);
}

static void
test_job_failure_named (void)
{
  FlowSpec spec = { .n_progress = 2, .fail = TRUE };
  g_autoptr(FdJob) job = make_job ("job-2", &spec);
  JobWatch watch = { 0 };

  watch_job (job, &watch);
  fd_job_run_async (job, NULL, job_finished, &watch);
  run_until (&watch.done);

  g_assert_cmpint (watch.result, ==, FD_RESULT_FAILED);
  g_assert_cmpstr (fd_job_get_error_name (job), ==, "upgrade-failed");
  g_assert_cmpstr (fd_job_get_message (job), ==, "+CME ERROR: 854");
  g_assert_cmpint (fd_job_get_phase (job), ==, FD_PHASE_UPGRADE);
  g_ptr_array_unref (watch.kinds);
}

static void
test_job_cancel (void)
{
  FlowSpec spec = { .wait_cancel = TRUE };
  g_autoptr(FdJob) job = make_job ("job-3", &spec);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  JobWatch watch = { 0 };
  gint64 start;

  watch_job (job, &watch);
  fd_job_run_async (job, cancellable, job_finished, &watch);
  g_cancellable_cancel (cancellable);
  start = g_get_monotonic_time ();
  run_until (&watch.done);

  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_S * G_USEC_PER_SEC);
  g_assert_cmpint (watch.result, ==, FD_RESULT_CANCELLED);
  g_assert_cmpstr (fd_job_get_error_name (job), ==, "cancelled");
  g_ptr_array_unref (watch.kinds);
}

static void
test_job_timeout (void)
{
  FlowSpec spec = { .wait_cancel = TRUE };
  g_autoptr(FdJob) job = make_job ("job-6", &spec);
  JobWatch watch = { 0 };

  watch_job (job, &watch);
  fd_job_set_timeout (job, 200);
  fd_job_run_async (job, NULL, job_finished, &watch);
  run_until (&watch.done);

  g_assert_cmpint (watch.result, ==, FD_RESULT_FAILED);
  g_assert_cmpstr (fd_job_get_error_name (job), ==, "timeout");
  g_assert_nonnull (strstr (fd_job_get_message (job), "did not finish within"));
  g_ptr_array_unref (watch.kinds);
}

static void
test_job_up_to_date (void)
{
  FlowSpec spec = { .up_to_date = TRUE };
  g_autoptr(FdJob) job = make_job ("job-4", &spec);
  JobWatch watch = { 0 };

  watch_job (job, &watch);
  fd_job_run_async (job, NULL, job_finished, &watch);
  run_until (&watch.done);
  g_assert_cmpint (watch.result, ==, FD_RESULT_UP_TO_DATE);
  g_ptr_array_unref (watch.kinds);
}

/* --- batches ----------------------------------------------------- */

typedef struct {
  gboolean done;
  gboolean ok;
  GPtrArray *started;
  gboolean failure_seen;
  gboolean started_after_failure;
} BatchWatch;

static void
batch_finished (GObject *source, GAsyncResult *res, gpointer user_data)
{
  BatchWatch *watch = user_data;

  watch->ok = fd_batch_run_finish (FD_BATCH (source), res, NULL);
  watch->done = TRUE;
}

static void
on_job_started (FdBatch *batch, FdJob *job, gpointer user_data)
{
  BatchWatch *watch = user_data;

  if (watch->failure_seen)
    watch->started_after_failure = TRUE;
  g_ptr_array_add (watch->started, g_strdup (fd_job_get_id (job)));
}

static void
on_job_finished (FdBatch *batch, FdJob *job, gpointer user_data)
{
  BatchWatch *watch = user_data;

  if (fd_job_get_result (job) == FD_RESULT_FAILED)
    watch->failure_seen = TRUE;
}

static FdBatch *
make_batch (guint n, const FlowSpec *spec, guint fail_index, BatchWatch *watch)
{
  FdBatch *batch = fd_batch_new ();

  for (guint i = 0; i < n; i++)
    {
      FlowSpec s = *spec;
      g_autofree char *id = g_strdup_printf ("job-%02u", i);
      g_autoptr(FdJob) job = NULL;

      s.fail = (i == fail_index);
      if (s.fail)
        s.sleep_ms = 0; /* the failure comes first, whatever the load */
      job = make_job (id, &s);
      fd_batch_add_job (batch, job);
    }
  watch->started = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (batch, "job-started", G_CALLBACK (on_job_started), watch);
  g_signal_connect (batch, "job-finished", G_CALLBACK (on_job_finished), watch);
  return batch;
}

static void
test_batch_concurrency (void)
{
  gint running = 0;
  gint max_running = 0;
  FlowSpec spec = { .n_progress = 3, .running = &running, .max_running = &max_running,
                    .sleep_ms = 30 };
  BatchWatch watch = { 0 };
  g_autoptr(FdBatch) batch = make_batch (16, &spec, G_MAXUINT, &watch);

  fd_batch_set_concurrency (batch, 4);
  fd_batch_run_async (batch, NULL, batch_finished, &watch);
  run_until (&watch.done);

  g_assert_true (watch.ok);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_SUCCESS), ==, 16);
  g_assert_cmpint (max_running, <=, 4);
  g_assert_cmpint (max_running, >=, 2); /* they do overlap */
  g_assert_cmpuint (watch.started->len, ==, 16);
  g_ptr_array_unref (watch.started);
}

static void
test_batch_one_failure (void)
{
  FlowSpec spec = { .n_progress = 1 };
  BatchWatch watch = { 0 };
  g_autoptr(FdBatch) batch = make_batch (16, &spec, 5, &watch);

  fd_batch_run_async (batch, NULL, batch_finished, &watch);
  run_until (&watch.done);

  g_assert_false (watch.ok);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_SUCCESS), ==, 15);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_FAILED), ==, 1);
  g_ptr_array_unref (watch.started);
}

static void
test_batch_canary_failed (void)
{
  FlowSpec spec = { .n_progress = 1 };
  BatchWatch watch = { 0 };
  g_autoptr(FdBatch) batch = make_batch (6, &spec, 0, &watch);
  FdJob *last;

  fd_batch_set_canary (batch, TRUE);
  fd_batch_run_async (batch, NULL, batch_finished, &watch);
  run_until (&watch.done);

  g_assert_false (watch.ok);
  g_assert_cmpuint (watch.started->len, ==, 1);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_FAILED), ==, 1);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_CANCELLED), ==, 5);
  last = g_ptr_array_index (fd_batch_get_jobs (batch), 5);
  g_assert_cmpstr (fd_job_get_error_name (last), ==, "canary-failed");
  g_assert_nonnull (strstr (fd_job_get_message (last), "job-00"));
  g_ptr_array_unref (watch.started);
}

/* The canary runs alone; the rest start only after it finished. */
static void
on_started_check_canary (FdBatch *batch, FdJob *job, gpointer user_data)
{
  FdJob *canary = g_ptr_array_index (fd_batch_get_jobs (batch), 0);

  if (job != canary)
    g_assert_true (fd_job_is_finished (canary));
}

static void
test_batch_canary_passed (void)
{
  FlowSpec spec = { .n_progress = 1, .sleep_ms = 20 };
  BatchWatch watch = { 0 };
  g_autoptr(FdBatch) batch = make_batch (6, &spec, G_MAXUINT, &watch);

  fd_batch_set_canary (batch, TRUE);
  g_signal_connect (batch, "job-started", G_CALLBACK (on_started_check_canary), NULL);
  fd_batch_run_async (batch, NULL, batch_finished, &watch);
  run_until (&watch.done);

  g_assert_true (watch.ok);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_SUCCESS), ==, 6);
  g_ptr_array_unref (watch.started);
}

static void
test_batch_stop_on_failure (void)
{
  FlowSpec spec = { .n_progress = 1, .sleep_ms = 100 };
  BatchWatch watch = { 0 };
  g_autoptr(FdBatch) batch = make_batch (10, &spec, 1, &watch);

  fd_batch_set_concurrency (batch, 2);
  fd_batch_set_stop_on_failure (batch, TRUE);
  fd_batch_run_async (batch, NULL, batch_finished, &watch);
  run_until (&watch.done);

  g_assert_false (watch.ok);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_FAILED), ==, 1);
  /* nothing starts once the failure is known; every job has a result */
  g_assert_false (watch.started_after_failure);
  g_assert_cmpuint (watch.started->len, <, 10);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_CANCELLED) +
                    fd_batch_count_result (batch, FD_RESULT_SUCCESS), ==, 9);
  g_ptr_array_unref (watch.started);
}

static gboolean
cancel_batch_soon (gpointer user_data)
{
  fd_batch_cancel (FD_BATCH (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_batch_cancel (void)
{
  FlowSpec spec = { .wait_cancel = TRUE };
  BatchWatch watch = { 0 };
  g_autoptr(FdBatch) batch = make_batch (8, &spec, G_MAXUINT, &watch);

  fd_batch_set_concurrency (batch, 3);
  fd_batch_run_async (batch, NULL, batch_finished, &watch);
  g_timeout_add (50, cancel_batch_soon, batch);
  run_until (&watch.done);

  g_assert_false (watch.ok);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_CANCELLED), ==, 8);
  g_assert_cmpuint (watch.started->len, ==, 3);
  g_ptr_array_unref (watch.started);
}

/* The outcome is on disk before anybody is told about it. */
static void
on_event_check_log (FdJob *job, FdJobEvent *event, gpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  FdAuditJobSummary *summary;

  if (event->kind != FD_JOB_EVENT_RESULT)
    return;
  records = fd_audit_log_read_records (path, NULL, NULL);
  g_assert_nonnull (records);
  jobs = fd_audit_log_summarize (records);
  g_assert_cmpuint (jobs->len, ==, 1);
  summary = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (summary->result, ==, FD_AUDIT_RESULT_FAILED);
  g_assert_cmpstr (summary->error_name, ==, "upgrade-failed");
  g_assert_cmpint (summary->error_code, ==, 854);
  g_assert_cmpstr (summary->last_phase, ==, "upgrade");
  g_assert_cmpstr (summary->imei, ==, "job-5");
}

static void
test_job_audit_first (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fotadesk-audit-XXXXXX", NULL);
  g_autoptr(FdAuditLog) log = fd_audit_log_new (dir, NULL);
  FlowSpec spec = { .n_progress = 20, .fail = TRUE };
  g_autoptr(FdJob) job = make_job ("job-5", &spec);
  JobWatch watch = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *path = NULL;

  g_assert_nonnull (log);
  path = g_strdup (fd_audit_log_get_path (log));
  fd_job_set_dialect (job, "mfw");
  fd_job_audit_attach (job, log);
  g_signal_connect (job, "event", G_CALLBACK (on_event_check_log), path);
  watch.kinds = g_ptr_array_new_with_free_func (g_free);
  fd_job_run_async (job, NULL, job_finished, &watch);
  run_until (&watch.done);
  g_assert_cmpint (watch.result, ==, FD_RESULT_FAILED);

  /* phases and the message are recorded, progress is not */
  records = fd_audit_log_read_records (path, NULL, NULL);
  g_assert_cmpuint (records->len, ==, 5); /* 3 phases, 1 message, 1 final */
  g_ptr_array_unref (watch.kinds);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_vocabulary (void)
{
  FdPhase phase;
  FdResult result;

  for (guint p = 0; p < FD_PHASE_LAST; p++)
    {
      g_assert_true (fd_phase_from_string (fd_phase_to_string (p), &phase));
      g_assert_cmpint (phase, ==, p);
      g_assert_cmpuint (fd_phase_weight (p), >, 0);
    }
  g_assert_cmpstr (fd_result_to_string (FD_RESULT_UP_TO_DATE), ==, "up-to-date");
  g_assert_true (fd_result_from_string ("interrupted", &result));
  g_assert_cmpint (result, ==, FD_RESULT_INTERRUPTED);
  g_assert_false (fd_phase_from_string ("flash", &phase));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/job/vocabulary", test_vocabulary);
  g_test_add_func ("/core/job/success-events", test_job_success_events);
  g_test_add_func ("/core/job/failure-named", test_job_failure_named);
  g_test_add_func ("/core/job/cancel", test_job_cancel);
  g_test_add_func ("/core/job/up-to-date", test_job_up_to_date);
  g_test_add_func ("/core/job/timeout", test_job_timeout);
  g_test_add_func ("/core/job/audit-first", test_job_audit_first);
  g_test_add_func ("/core/batch/concurrency", test_batch_concurrency);
  g_test_add_func ("/core/batch/one-failure", test_batch_one_failure);
  g_test_add_func ("/core/batch/canary-failed", test_batch_canary_failed);
  g_test_add_func ("/core/batch/canary-passed", test_batch_canary_passed);
  g_test_add_func ("/core/batch/stop-on-failure", test_batch_stop_on_failure);
  g_test_add_func ("/core/batch/cancel", test_batch_cancel);

  return g_test_run ();
}
