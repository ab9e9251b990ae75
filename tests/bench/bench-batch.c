/* bench-batch.c — does a batch of 32 take as long as one, and what does
 * waiting cost?
 *
 * The same MFW upgrade (the module downloads a 128 KiB package from a
 * loopback HTTP server, flashes it, restarts; FotaDesk configures, follows
 * the URCs and reads the revision back) as an FdBatch of 1 module and of
 * 32, concurrency 32, no canary. The modules are fotadesk-sim's, in a
 * process of their own with realistic timing (16 KiB/s downloads, 8 s of
 * flashing, 3 s restarts) and lines paced at 115200 baud, so that this
 * process holds nothing but FotaDesk's engine.
 *
 * Figures: wall(32) / wall(1), target <= 1.25; and the CPU this process
 * used (getrusage) while every job only waited for URCs — from the last
 * job entering "download" to the first leaving "upgrade" — per module
 * and per minute of waiting, target <= 0.5 s (no busy loops). Exit 1
 * when a target is missed. A meson benchmark(), never in the normal run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "fd-batch.h"
#include "fd-sim-package.h"
#include "fd-test-server.h"
#include "fd-test-sim-process.h"
#include "fd-test-util.h"
#include "fd-upgrade.h"

#define MANY 32
#define PAYLOAD (128 * 1024)
#define NEW_REV "MN316_V9.0.0"
#define WALL_TARGET 1.25
#define CPU_TARGET_S 0.5
#define RUN_BOUND_S 240

typedef struct
{
  guint    n_jobs;
  guint    n_downloading; /* jobs that entered "download" */
  gboolean waiting;       /* every job waits for URCs */
  gboolean window_closed;
  gint64   window_start_us; /* monotonic */
  gint64   window_end_us;
  double   cpu_start_s;
  double   cpu_end_s;
  gboolean done;
} Run;

static double
cpu_seconds (void)
{
  struct rusage ru;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &ru), ==, 0);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
         + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
on_event (FdJob *job, FdJobEvent *event, gpointer user_data)
{
  Run *run = user_data;

  if (event->kind != FD_JOB_EVENT_PHASE)
    return;
  if (event->phase == FD_PHASE_DOWNLOAD && ++run->n_downloading == run->n_jobs)
    {
      run->waiting = TRUE;
      run->window_start_us = g_get_monotonic_time ();
      run->cpu_start_s = cpu_seconds ();
    }
  else if (event->phase > FD_PHASE_UPGRADE && run->waiting && !run->window_closed)
    {
      run->window_closed = TRUE;
      run->window_end_us = g_get_monotonic_time ();
      run->cpu_end_s = cpu_seconds ();
    }
}

static void
on_batch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  if (!fd_batch_run_finish (FD_BATCH (source), result, &error))
    g_error ("the batch failed: %s", error != NULL ? error->message : "a job did not succeed");
  run->done = TRUE;
}

static gboolean
run_bound_reached (gpointer data)
{
  g_error ("the batch did not finish within %d s", RUN_BOUND_S);
  return G_SOURCE_REMOVE;
}

static FdJob *
new_job (const FdTestSimEntry *e, const char *url, FdAuditLog *audit, const char *log_dir)
{
  g_autoptr (GError) error = NULL;
  g_auto (FdMfwConfig) config = { 0 };
  FdUpgradeTarget  target = { e->link, e->imei, e->model, e->revision, NULL };
  FdUpgradeOptions options;
  FdJob           *job;

  fd_mfw_config_init (&config);
  config.source = FD_MFW_SOURCE_SERVER;
  config.url = g_strdup (url);
  config.has_progind = TRUE;
  config.progind = 16 * 1024; /* a progress URC about every second */
  fd_upgrade_options_init (&options);
  options.audit_log = audit;
  options.log_dir = log_dir;
  job = fd_upgrade_job_new_mfw (&target, &config, &options, &error);
  g_assert_no_error (error);
  return job;
}

/* One batch of @n modules; its wall time in seconds, and the CPU seconds
 * per module per minute of waiting. */
static double
time_batch (guint n, const char *url, double *cpu_per_module_minute, double *wait_s)
{
  g_autofree char *dir = fd_test_mkdtemp ();
  g_autofree char *sim_dir = g_build_filename (dir, "dev", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (FdTestSimProcess) sim = NULL;
  g_autoptr (FdAuditLog) audit = NULL;
  g_autoptr (FdBatch) batch = fd_batch_new ();
  g_autoptr (GError) error = NULL;
  GPtrArray *modules;
  Run        run = { .n_jobs = n };
  gint64     start;
  double     wall;
  guint      bound;

  g_ptr_array_add (args, "--realistic");
  g_ptr_array_add (args, "--baud");
  g_ptr_array_add (args, "115200");
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (args, "--module");
      g_ptr_array_add (args, "MN316");
    }
  g_ptr_array_add (args, NULL);
  sim = fd_test_sim_process_start (sim_dir, (const char *const *)args->pdata, n);
  modules = fd_test_sim_process_get_modules (sim);
  audit = fd_audit_log_new (log_dir, &error);
  g_assert_no_error (error);

  fd_batch_set_concurrency (batch, MANY);
  fd_batch_set_canary (batch, FALSE);
  for (guint i = 0; i < modules->len; i++)
    {
      g_autoptr (FdJob) job = new_job (g_ptr_array_index (modules, i), url, audit, log_dir);

      g_signal_connect (job, "event", G_CALLBACK (on_event), &run);
      fd_batch_add_job (batch, job);
    }

  start = g_get_monotonic_time ();
  fd_batch_run_async (batch, NULL, on_batch_done, &run);
  bound = g_timeout_add_seconds (RUN_BOUND_S, run_bound_reached, NULL);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
  wall = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_SUCCESS), ==, n);
  g_assert_true (run.window_closed);
  *wait_s = (run.window_end_us - run.window_start_us) / (double)G_USEC_PER_SEC;
  *cpu_per_module_minute = (run.cpu_end_s - run.cpu_start_s) / n / (*wait_s / 60.0);
  g_clear_pointer (&sim, fd_test_sim_process_stop);
  fd_test_rm_rf (dir);
  return wall;
}

int
main (int argc, char **argv)
{
  g_autofree char *www = NULL;
  g_autofree char *package = NULL;
  g_autofree char *url = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (GError) error = NULL;
  double   wall1, wall_n, cpu1, cpu_n, wait1, wait_n, ratio;
  gboolean ok;

  g_test_init (&argc, &argv, NULL); /* for the helpers' G_TEST_SRCDIR */
  www = fd_test_mkdtemp ();
  package = g_build_filename (www, "fw.bin", NULL);
  g_assert_true (fd_sim_package_write (package, NEW_REV, PAYLOAD, 5, &error));
  server = fd_test_server_start ("http", www, NULL);
  url = fd_test_server_url (server, "fw.bin");

  wall1 = time_batch (1, url, &cpu1, &wait1);
  wall_n = time_batch (MANY, url, &cpu_n, &wait_n);
  ratio = wall_n / wall1;

  printf ("MFW batch (HTTP download by the module, %d KiB, realistic simulator in its own "
          "process, 115200 baud, concurrency %d, no canary):\n",
          PAYLOAD / 1024, MANY);
  printf ("  wall time,  1 module:  %6.2f s\n", wall1);
  printf ("  wall time, %2d modules: %6.2f s\n", MANY, wall_n);
  printf ("  wall(%d)/wall(1) = %.3f, target <= %.2f: %.0f %% of the limit, %s\n", MANY, ratio,
          WALL_TARGET, ratio / WALL_TARGET * 100, ratio <= WALL_TARGET ? "ok" : "MISSED");
  printf ("  CPU while waiting for URCs (%.1f s window, all jobs in download/upgrade):\n", wait_n);
  printf ("    %2d modules: %.4f s per module per minute, target <= %.1f s: %.1f %% of the "
          "limit, %s\n",
          MANY, cpu_n, CPU_TARGET_S, cpu_n / CPU_TARGET_S * 100,
          cpu_n <= CPU_TARGET_S ? "ok" : "MISSED");
  printf ("     1 module:  %.4f s per module per minute (%.1f s window)\n", cpu1, wait1);
  ok = ratio <= WALL_TARGET && cpu_n <= CPU_TARGET_S;
  g_clear_pointer (&server, fd_test_server_stop);
  fd_test_rm_rf (www);
  return ok ? 0 : 1;
}
