/* bench-cli-memory.c — how much memory fotadesk-cli holds for a batch
 *
 * Runs fotadesk-cli as a process against fotadesk-sim (another process,
 * realistic timing, 115200 baud): a scan of 32 modules, an MFW upgrade of
 * 1 module and of 32 at once (the module downloads a 64 KiB package from a
 * loopback HTTP server), and reads each run's peak resident set size from
 * wait4(). Target: the 32-module batch within 30 MB. Prints each figure
 * against that limit and the 32-module batch against the 1-module one;
 * exits 1 when the target is missed. A meson benchmark().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "fd-sim-package.h"
#include "fd-test-server.h"
#include "fd-test-sim-process.h"
#include "fd-test-util.h"

#define MANY 32
#define PAYLOAD (64 * 1024)
#define LIMIT_KIB (30 * 1024)
#define RUN_BOUND_S 240

/* Runs fotadesk-cli with @args; its peak RSS in KiB (fails unless it
 * exits 0). */
static long
cli_peak_rss (const char *glob, const char *log_dir, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gint64        deadline = g_get_monotonic_time () + RUN_BOUND_S * G_USEC_PER_SEC;
  struct rusage ru;
  GPid          pid;
  int           status = 0;

  g_ptr_array_add (argv, (gpointer)g_getenv ("FD_CLI_BINARY"));
  g_ptr_array_add (argv, "--glob-only");
  g_ptr_array_add (argv, "--glob");
  g_ptr_array_add (argv, (gpointer)glob);
  g_ptr_array_add (argv, "--log-dir");
  g_ptr_array_add (argv, (gpointer)log_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async (NULL, (char **)argv->pdata, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  while (wait4 (pid, &status, WNOHANG, &ru) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          g_error ("fotadesk-cli did not finish within %d s", RUN_BOUND_S);
        }
      g_usleep (50 * 1000);
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("fotadesk-cli %s failed (wait status %d)", args[0], status);
  return ru.ru_maxrss; /* KiB on Linux */
}

static long
run_against (guint n, const char *const *cli_args)
{
  g_autofree char *dir = fd_test_mkdtemp ();
  g_autofree char *sim_dir = g_build_filename (dir, "dev", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (FdTestSimProcess) sim = NULL;
  long kib;

  g_ptr_array_add (args, "--realistic");
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (args, "--module");
      g_ptr_array_add (args, "MN316");
    }
  g_ptr_array_add (args, NULL);
  sim = fd_test_sim_process_start (sim_dir, (const char *const *)args->pdata, n);
  kib = cli_peak_rss (fd_test_sim_process_get_glob (sim), log_dir, cli_args);
  g_clear_pointer (&sim, fd_test_sim_process_stop);
  fd_test_rm_rf (dir);
  return kib;
}

static void
print_figure (const char *what, long kib)
{
  printf ("  %-34s %6.1f MB peak RSS = %5.1f %% of %d MB\n", what, kib / 1024.0,
          100.0 * kib / LIMIT_KIB, LIMIT_KIB / 1024);
}

int
main (int argc, char **argv)
{
  g_autofree char *www = NULL;
  g_autofree char *package = NULL;
  g_autofree char *url = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (GError) error = NULL;
  long scan, one, many;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("FD_CLI_BINARY") == NULL)
    g_error ("FD_CLI_BINARY is not set (run through meson test --benchmark)");
  www = fd_test_mkdtemp ();
  package = g_build_filename (www, "fw.bin", NULL);
  g_assert_true (fd_sim_package_write (package, "MN316_V9.1.0", PAYLOAD, 9, &error));
  server = fd_test_server_start ("http", www, NULL);
  url = fd_test_server_url (server, "fw.bin");

  scan = run_against (MANY, (const char *const[]){ "scan", NULL });
  one = run_against (
      1, (const char *const[]){ "--json", "upgrade", "mfw", "--url", url, "--all", NULL });
  many
      = run_against (MANY, (const char *const[]){ "--json", "upgrade", "mfw", "--url", url, "--all",
                                                  "--concurrency", "32", "--no-canary", NULL });

  printf ("fotadesk-cli against fotadesk-sim (another process), peak resident memory:\n");
  print_figure ("scan, 32 modules:", scan);
  print_figure ("upgrade mfw, 1 module:", one);
  print_figure ("upgrade mfw, 32 modules at once:", many);
  printf ("  32-module batch / 1-module upgrade: %.2f (%+.1f MB, %.0f KB per extra module)\n",
          (double)many / one, (many - one) / 1024.0, (many - one) / (double)(MANY - 1));
  printf ("  target: 32-module batch <= %d MB: %s\n", LIMIT_KIB / 1024,
          many <= LIMIT_KIB ? "ok" : "MISSED");
  g_clear_pointer (&server, fd_test_server_stop);
  fd_test_rm_rf (www);
  return many <= LIMIT_KIB ? 0 : 1;
}
