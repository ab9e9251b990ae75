/* bench-scan.c — is a scan of many modules as quick as a scan of one?
 *
 * Scans 1 and then 16 scripted modules on real ptys (each answering
 * after a short delay, as a module's firmware does) several times and
 * prints the median of each and the ratio time(16)/time(1): close to 1
 * when identification runs in parallel, near 16 if it did not. Also
 * prints what an idle hot-plug poll costs (the listing's fingerprint).
 * The same with instant answers shows our own overhead. A measurement,
 * not a test: it asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "fd-scanner.h"
#include "fd-test-module.h"

#define ROUNDS      5
#define MANY        16
/* What a module takes to answer one command; real ones take 10-100 ms. */
#define ANSWER_MS   20
#define IDLE_POLLS  200

typedef struct {
  char             *dir;
  GPtrArray        *modules;
  FdPortEnumerator *enumerator;
  FdScanner        *scanner;
} Bench;

static Bench *
bench_new (guint n_modules, guint answer_ms)
{
  Bench *bench = g_new0 (Bench, 1);
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  const char *globs[2] = { NULL, NULL };

  bench->dir = fd_test_make_tmpdir ("fd-bench-XXXXXX");
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
  glob = g_build_filename (bench->dir, "m*", NULL);
  globs[0] = glob;
  no_sysfs = g_build_filename (bench->dir, "no-sysfs", NULL);
  bench->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (bench->enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (bench->enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (bench->enumerator, globs);
  bench->scanner = fd_scanner_new (bench->enumerator);
  return bench;
}

static void
bench_free (Bench *bench)
{
  g_object_unref (bench->scanner);
  g_object_unref (bench->enumerator);
  g_ptr_array_unref (bench->modules);
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
      if (modules->len != bench->modules->len)
        g_error ("found %u of %u modules", modules->len, bench->modules->len);
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
measure (guint answer_ms)
{
  Bench *one = bench_new (1, answer_ms);
  Bench *many = bench_new (MANY, answer_ms);
  double t1 = time_scans (one);
  double tn = time_scans (many);

  g_print ("modules answering after %u ms:\n", answer_ms);
  g_print ("  scan of 1 module:   %.1f ms (median of %d)\n", t1 * 1000, ROUNDS);
  g_print ("  scan of %d modules: %.1f ms (median of %d)\n", MANY, tn * 1000, ROUNDS);
  g_print ("  ratio time(%d)/time(1): %.2f\n", MANY, tn / t1);
  if (answer_ms > 0)
    g_print ("  idle hot-plug poll with %d ports: %.3f ms\n", MANY,
             time_idle_poll (many) * 1000);
  bench_free (one);
  bench_free (many);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL); /* for fd_test_*: G_TEST_SRCDIR and friends */

  /* as a module's firmware answers: the case the parallel scan is for */
  measure (ANSWER_MS);
  /* instant answers: what is left is our own work, on however many cores */
  measure (0);
  return 0;
}
