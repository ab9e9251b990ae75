/* bench-scan.c — is a scan of many modules as quick as a scan of one?
 *
 * Scans 1, 4, 16 and 32 simulated modules (src/sim, their line paced at
 * 115200 baud as a real UART) several times and prints the median of
 * each and its ratio to time(1): close to 1 when identification runs in
 * parallel, near N if it did not. The target is time(32) <= 1.5 x
 * time(1); the exit status says whether it was met. Then 1 vs 16 with scripted
 * modules that take 20 ms per answer, as firmware does, and with instant
 * answers, which leaves only our own overhead. Also prints what an idle
 * hot-plug poll costs (the listing's fingerprint). A meson benchmark(),
 * never part of the normal test run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "fd-scanner.h"
#include "fd-sim-fleet.h"
#include "fd-test-module.h"
#include "fd-test-util.h"

#define ROUNDS      5
#define MANY        16
#define SIM_TARGET  1.5 /* time(32) / time(1) at most */
/* What a module takes to answer one command; real ones take 10-100 ms. */
#define ANSWER_MS   20
#define IDLE_POLLS  200

typedef struct {
  char             *dir;
  GPtrArray        *modules; /* FdTestModule; empty for simulated ones */
  FdSimFleet       *fleet;
  guint             n_modules;
  FdPortEnumerator *enumerator;
  FdScanner        *scanner;
} Bench;

static void
bench_set_up_scanner (Bench *bench, const char *pattern)
{
  g_autofree char *glob = g_build_filename (bench->dir, pattern, NULL);
  g_autofree char *no_sysfs = g_build_filename (bench->dir, "no-sysfs", NULL);
  const char *globs[2] = { glob, NULL };

  bench->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (bench->enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (bench->enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (bench->enumerator, globs);
  bench->scanner = fd_scanner_new (bench->enumerator);
}

static const char *const sim_models[] = { "ML307A-DSLN", "MN316", "Air780E", "M5311" };

static Bench *
bench_new_sim (guint n_modules, guint baud)
{
  Bench *bench = g_new0 (Bench, 1);
  g_autoptr(GError) error = NULL;

  bench->dir = fd_test_mkdtemp ();
  bench->modules = g_ptr_array_new ();
  bench->n_modules = n_modules;
  bench->fleet = fd_sim_fleet_new (bench->dir, &error);
  g_assert_no_error (error);
  fd_sim_fleet_set_baud (bench->fleet, baud);
  for (guint i = 0; i < n_modules; i++)
    {
      FdSimModule *module = fd_sim_fleet_add_module (bench->fleet,
                                                     sim_models[i % G_N_ELEMENTS (sim_models)],
                                                     NULL, NULL, &error);

      g_assert_no_error (error);
      fd_sim_module_wait_ready (module, 1, FD_TEST_TIMEOUT_MS, &error);
      g_assert_no_error (error);
    }
  bench_set_up_scanner (bench, "tty*");
  return bench;
}

static Bench *
bench_new (guint n_modules, guint answer_ms)
{
  Bench *bench = g_new0 (Bench, 1);

  bench->dir = fd_test_make_tmpdir ("fd-bench-XXXXXX");
  bench->n_modules = n_modules;
  bench->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_test_module_free);
  for (guint i = 0; i < n_modules; i++)
    {
      FdTestModule *module = fd_test_module_new ();
      g_autofree char *name = g_strdup_printf ("m%02u", i);
      g_autofree char *imei = g_strdup_printf ("8612345678%05u", i);
      g_autofree char *link = NULL;

      fd_test_module_set_identity (module, "CMCC", i % 2 ? "ML307A-DSLN" : "MN316", "R1", imei,
                                   FD_DIALECT_MFW);
      fd_test_module_set_delay (module, answer_ms);
      fd_test_module_start (module);
      link = fd_test_make_link (bench->dir, name, fd_test_module_get_path (module));
      g_ptr_array_add (bench->modules, module);
    }
  bench_set_up_scanner (bench, "m*");
  return bench;
}

static void
bench_free (Bench *bench)
{
  g_object_unref (bench->scanner);
  g_object_unref (bench->enumerator);
  g_ptr_array_unref (bench->modules);
  if (bench->fleet != NULL)
    {
      fd_sim_fleet_shutdown (bench->fleet);
      g_object_unref (bench->fleet);
    }
  fd_test_sysfs_remove (bench->dir);
  g_free (bench->dir);
  g_free (bench);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median seconds of ROUNDS scans; every module must be identified. */
static double
time_scans (Bench *bench)
{
  double times[ROUNDS];

  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) modules = NULL;
      gint64 start = g_get_monotonic_time ();

      modules = fd_scanner_scan (bench->scanner, NULL, &error);
      times[r] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      if (modules == NULL)
        g_error ("scan failed: %s", error->message);
      if (modules->len != bench->n_modules)
        g_error ("found %u of %u modules", modules->len, bench->n_modules);
      for (guint i = 0; i < modules->len; i++)
        {
          if (fd_module_get_problem (g_ptr_array_index (modules, i)) != FD_MODULE_PROBLEM_NONE)
            g_error ("%s", fd_module_get_problem_message (g_ptr_array_index (modules, i)));
        }
    }
  qsort (times, ROUNDS, sizeof times[0], compare_doubles);
  return times[ROUNDS / 2];
}

static double
time_idle_poll (Bench *bench)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < IDLE_POLLS; i++)
    g_free (fd_port_enumerator_fingerprint (bench->enumerator, NULL, NULL));
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC / IDLE_POLLS;
}

static void
report (const char *what, Bench *one, Bench *many, gboolean with_poll)
{
  double t1 = time_scans (one);
  double tn = time_scans (many);

  g_print ("%s:\n", what);
  g_print ("  scan of 1 module:   %.1f ms (median of %d)\n", t1 * 1000, ROUNDS);
  g_print ("  scan of %d modules: %.1f ms (median of %d)\n", MANY, tn * 1000, ROUNDS);
  g_print ("  ratio time(%d)/time(1): %.2f\n", MANY, tn / t1);
  if (with_poll)
    g_print ("  idle hot-plug poll with %d ports: %.3f ms\n", MANY,
             time_idle_poll (many) * 1000);
  bench_free (one);
  bench_free (many);
}

/* 1, 4, 16, 32 simulated modules: each median against the first. */
static gboolean
report_sim_sizes (void)
{
  static const guint sizes[] = { 1, 4, 16, 32 };
  double             t1 = 0, tn = 0;

  g_print ("simulated modules, line paced at 115200 baud (median of %d scans):\n", ROUNDS);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      Bench *bench = bench_new_sim (sizes[i], 115200);

      tn = time_scans (bench);
      if (i == 0)
        t1 = tn;
      g_print ("  %2u module%s %7.1f ms  time(%u)/time(1) %.2f\n", sizes[i],
               sizes[i] == 1 ? ": " : "s:", tn * 1000, sizes[i], tn / t1);
      if (sizes[i] == MANY)
        g_print ("  idle hot-plug poll with %d ports: %.3f ms\n", MANY,
                 time_idle_poll (bench) * 1000);
      bench_free (bench);
    }
  g_print ("  target time(32) <= %.1f x time(1): %.2f = %.0f %% of the limit, %s\n", SIM_TARGET,
           tn / t1, tn / t1 / SIM_TARGET * 100, tn / t1 <= SIM_TARGET ? "ok" : "MISSED");
  return tn / t1 <= SIM_TARGET;
}

int
main (int argc, char **argv)
{
  gboolean ok;

  g_test_init (&argc, &argv, NULL); /* for the test helpers' G_TEST_SRCDIR and friends */

  ok = report_sim_sizes ();
  report ("scripted modules answering after 20 ms", bench_new (1, ANSWER_MS),
          bench_new (MANY, ANSWER_MS), FALSE);
  report ("scripted modules answering at once (our own overhead)", bench_new (1, 0),
          bench_new (MANY, 0), FALSE);
  return ok ? 0 : 1;
}
