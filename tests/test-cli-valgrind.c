/* test-cli-valgrind.c — fotadesk-cli under valgrind: no definite leak, no
 * memory error, in a scan and in upgrades that succeed and fail
 *
 * fotadesk-sim runs natively in a process of its own; each fotadesk-cli
 * run goes through valgrind (memcheck, --leak-check=full, definite leaks
 * and errors counted) and its log is read back. Only in the "valgrind"
 * test setup:
 *
 *   meson test -C build --setup valgrind cli-valgrind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "fd-sim-package.h"
#include "fd-test-sim-process.h"
#include "fd-test-util.h"

/* valgrind's own status for errors, apart from the CLI's 0/1/2/3 */
#define VALGRIND_ERROR_STATUS 99

typedef struct
{
  char             *dir;
  char             *fs;
  FdTestSimProcess *sim;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sim_dir = NULL;
  g_autofree char *package = NULL;
  g_autofree char *fs_arg = NULL;

  f->dir = fd_test_mkdtemp ();
  f->fs = g_build_filename (f->dir, "fs", NULL);
  sim_dir = g_build_filename (f->dir, "dev", NULL);
  g_assert_cmpint (g_mkdir (f->fs, 0700), ==, 0);
  package = g_build_filename (f->fs, "pkg.bin", NULL);
  g_assert_true (fd_sim_package_write (package, "M5311-E_V9.9", 8192, 2, &error));
  g_assert_no_error (error);
  /* the second module refuses the upgrade: the failure path too */
  f->sim = fd_test_sim_process_start (sim_dir,
                                      (const char *const[]){ "--fs-root", f->fs, "--module",
                                                             "M5311-E:869999000000011", "--module",
                                                             "M5311-E:869999000000029", "--fault",
                                                             "1@cme=+MFWUPGRADE:100:854", NULL },
                                      2);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->sim, fd_test_sim_process_stop);
  fd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->fs);
}

/* Runs fotadesk-cli @args under valgrind; asserts its exit status is
 * @expected and that valgrind saw no definite leak and no error. */
static void
cli_under_valgrind (Fixture *f, int expected, const char *const *args)
{
  const char      *valgrind = g_getenv ("FD_VALGRIND");
  const char      *supp = g_getenv ("FD_GLIB_SUPP");
  g_autofree char *log = g_build_filename (f->dir, "valgrind.log", NULL);
  g_autofree char *log_arg = g_strdup_printf ("--log-file=%s", log);
  g_autofree char *supp_arg = NULL;
  g_autofree char *status_arg = g_strdup_printf ("--error-exitcode=%d", VALGRIND_ERROR_STATUS);
  g_autofree char *logs = g_build_filename (f->dir, "logs", NULL);
  g_autofree char *report = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int              status = 0;

  g_assert_nonnull (valgrind);
  g_ptr_array_add (argv, (gpointer)valgrind);
  g_ptr_array_add (argv, "--leak-check=full");
  g_ptr_array_add (argv, "--errors-for-leak-kinds=definite");
  g_ptr_array_add (argv, status_arg);
  g_ptr_array_add (argv, "--num-callers=30");
  g_ptr_array_add (argv, log_arg);
  if (supp != NULL && supp[0] != '\0')
    {
      supp_arg = g_strdup_printf ("--suppressions=%s", supp);
      g_ptr_array_add (argv, supp_arg);
    }
  g_ptr_array_add (argv, (gpointer)g_getenv ("FD_CLI_BINARY"));
  g_ptr_array_add (argv, "--glob-only");
  g_ptr_array_add (argv, "--glob");
  g_ptr_array_add (argv, (gpointer)fd_test_sim_process_get_glob (f->sim));
  g_ptr_array_add (argv, "--log-dir");
  g_ptr_array_add (argv, logs);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (log, &report, NULL, NULL));
  g_test_message ("fotadesk-cli %s %s: wait status %d\n%s", args[0], args[1] ? args[1] : "", status,
                  strstr (report, "LEAK SUMMARY") ? strstr (report, "LEAK SUMMARY") : report);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, VALGRIND_ERROR_STATUS);
  g_assert_cmpint (WEXITSTATUS (status), ==, expected);
  g_assert_nonnull (strstr (report, "ERROR SUMMARY: 0 errors"));
  /* no line "definitely lost: N bytes" with N > 0 (the line is missing
   * when nothing leaked at all) */
  g_assert_true (strstr (report, "definitely lost:") == NULL
                 || strstr (report, "definitely lost: 0 bytes") != NULL);
  g_unlink (log);
}

static void
test_scan (Fixture *f, gconstpointer data)
{
  cli_under_valgrind (f, 0, (const char *const[]){ "scan", NULL });
  cli_under_valgrind (f, 0, (const char *const[]){ "--json", "scan", NULL });
}

static void
test_upgrade (Fixture *f, gconstpointer data)
{
  cli_under_valgrind (f, 0,
                      (const char *const[]){ "upgrade", "mfw", "--url", "file:///pkg.bin", "--imei",
                                             "869999000000011", NULL });
  cli_under_valgrind (f, 1,
                      (const char *const[]){ "--json", "upgrade", "mfw", "--url", "file:///pkg.bin",
                                             "--imei", "869999000000029", NULL });
  cli_under_valgrind (f, 0, (const char *const[]){ "report", "--csv", NULL });
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/reliability/valgrind/cli/scan", Fixture, NULL, fixture_setup, test_scan,
              fixture_teardown);
  g_test_add ("/reliability/valgrind/cli/upgrade", Fixture, NULL, fixture_setup, test_upgrade,
              fixture_teardown);
  return g_test_run ();
}
