/* bench-serial-write.c — how close a serial package write comes to the line
 *
 * Real MFW upgrade jobs (fd_upgrade_job_new_mfw, a local 256 KiB package)
 * against the simulator's M5311-E, its line paced at 115200 and 921600
 * baud. The write phase is timed from the job's own events (entering
 * "write" to entering "verify") and compared with what the line allows:
 *
 *   passthrough  the package as raw bytes: baud/10 bytes per second;
 *                target >= 95 % of that.
 *   hex          512 payload bytes per AT+MFWDLOAD=<offset>,512,"<hex>"
 *                command, each waiting for its OK: the limit is every
 *                command byte plus every "\r\nOK\r\n" at baud/10 bytes per
 *                second, the round trip included; target >= 90 %.
 *
 * Then it asks fotadesk-cli which write it picks when the user gives
 * --file without --write, for every model that can take a serial write
 * (read back from the module's own transcript, not assumed).
 *
 * Prints every figure as a ratio to its limit; exits 1 when a target is
 * missed. A meson benchmark(), never part of the normal test run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "fd-sim-package.h"
#include "fd-test-mfw-job.h"
#include "fd-test-util.h"

#define PACKAGE_SIZE (256 * 1024)
#define PIECE 512
#define OK_REPLY_LEN 6 /* "\r\nOK\r\n" */
#define TARGET_PT 0.95
#define TARGET_HEX 0.90

static gsize
payload_for (const char *revision, gsize size)
{
  return size - (8 + 1 + 1 + strlen (revision) + 4 + 32);
}

/* Bytes on the line for a hex write of @size: every command (quoted
 * hex, as the M5311-E row says) and every OK. */
static guint64
hex_line_bytes (gsize size)
{
  guint64 bytes = 0;

  for (gsize offset = 0; offset < size; offset += PIECE)
    {
      gsize            n = MIN (PIECE, size - offset);
      g_autofree char *head
          = g_strdup_printf ("AT+MFWDLOAD=%" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT ",\"", offset, n);

      bytes += strlen (head) + 2 * n + 2 /* "\"\r" */ + OK_REPLY_LEN;
    }
  return bytes;
}

static gint64
phase_wall_us (MfwRunWatch *watch, FdPhase phase)
{
  for (guint i = 0; i < watch->events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch->events, i);

      if (event->kind == FD_JOB_EVENT_PHASE && event->phase == phase)
        return event->wall_time_us;
    }
  return -1;
}

/* One job; the seconds its write phase took. */
static double
time_write (MfwFixture *fx, guint baud, FdMfwSource source, GBytes *package, const char *revision)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *path = mfw_write_file (fx, "fw.bin", package);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autofree char *now = NULL;
  gint64           start, end;

  fd_sim_module_set_baud (m, baud);
  fd_mfw_config_init (&config);
  config.source = source;
  config.local_path = g_strdup (path);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  now = fd_sim_module_dup_revision (m);
  if (watch.result != FD_RESULT_SUCCESS || g_strcmp0 (now, revision) != 0)
    g_error ("the upgrade did not succeed: %s (%s)", fd_result_to_string (watch.result),
             fd_job_get_message (job) ? fd_job_get_message (job) : "");
  start = phase_wall_us (&watch, FD_PHASE_WRITE);
  end = phase_wall_us (&watch, FD_PHASE_VERIFY);
  g_assert_cmpint (start, >, 0);
  g_assert_cmpint (end, >, start);
  return (end - start) / (double)G_USEC_PER_SEC;
}

static gboolean
bench_speeds (void)
{
  static const guint bauds[] = { 115200, 921600 };
  const char        *revision = "M5311-E_V3.0.0";
  g_autoptr (GBytes) package
      = fd_sim_package_build (revision, payload_for (revision, PACKAGE_SIZE), 11);
  gboolean ok = TRUE;

  g_assert_cmpuint (g_bytes_get_size (package), ==, PACKAGE_SIZE);
  printf ("serial write of a %d KiB package to a paced M5311-E (one real MFW job each):\n",
          PACKAGE_SIZE / 1024);
  for (guint b = 0; b < G_N_ELEMENTS (bauds); b++)
    {
      double rate = bauds[b] / 10.0;

      for (guint mode = 0; mode < 2; mode++)
        {
          MfwFixture fx = { 0 };
          gboolean   hex = mode == 1;
          double     limit_s = hex ? hex_line_bytes (PACKAGE_SIZE) / rate : PACKAGE_SIZE / rate;
          double     measured;
          double     ratio;
          double     target = hex ? TARGET_HEX : TARGET_PT;

          mfw_fixture_setup (&fx, NULL);
          fx.bounds.phase_timeout_ms = 10 * 60 * 1000; /* the product's default */
          measured = time_write (&fx, bauds[b],
                                 hex ? FD_MFW_SOURCE_SERIAL_HEX : FD_MFW_SOURCE_SERIAL_PASSTHROUGH,
                                 package, revision);
          mfw_fixture_teardown (&fx, NULL);
          ratio = limit_s / measured;
          printf ("  %6u baud %-11s %7.3f s, limit %7.3f s: %6.0f B/s = %5.1f %% of the %s "
                  "(target >= %.0f %%) %s\n",
                  bauds[b], hex ? "hex" : "passthrough", measured, limit_s, PACKAGE_SIZE / measured,
                  ratio * 100, hex ? "hex-mode limit" : "line rate", target * 100,
                  ratio >= target ? "ok" : "MISSED");
          if (hex)
            printf ("  %6s      %-11s (hex-mode limit %.0f B/s = %.1f %% of the line rate)\n", "",
                    "", PACKAGE_SIZE / limit_s, PACKAGE_SIZE / limit_s / rate * 100);
          ok &= ratio >= target;
        }
    }
  printf ("  (a hex ratio a little above 100 %%: the simulator's pacing lets a direction use up\n"
          "  to 20 ms it was idle, so the 6 bytes of each OK overlap the next command)\n");
  return ok;
}

/* ---- the CLI's default --------------------------------------------------- */

/* Which write fotadesk-cli chose for @model from --file alone, from what
 * the module itself recorded. */
static const char *
cli_default_write (const char *model)
{
  g_autofree char *dir = fd_test_mkdtemp ();
  g_autofree char *glob = g_build_filename (dir, "tty*", NULL);
  g_autofree char *logs = g_build_filename (dir, "logs", NULL);
  g_autofree char *pkg = g_build_filename (dir, "fw.pkg", NULL);
  g_autofree char *record = g_build_filename (dir, "module.jsonl", NULL);
  g_autofree char *recorded = NULL;
  g_autofree char *link = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (FdSimFleet) fleet = fd_sim_fleet_new (dir, &error);
  FdSimModule *m;
  int          status = 0;
  const char  *mode;

  g_assert_no_error (error);
  m = fd_sim_fleet_add_module (fleet, model, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_true (fd_sim_package_write (pkg, "BENCH_V9", 2048, 3, &error));
  g_assert_true (fd_sim_module_set_transcript_path (m, record, &error));
  link = fd_sim_module_dup_link_path (m);
  {
    const char *argv[] = { g_getenv ("FD_CLI_BINARY"),
                           "--glob-only",
                           "--glob",
                           glob,
                           "--log-dir",
                           logs,
                           "upgrade",
                           "mfw",
                           "--file",
                           pkg,
                           "--port",
                           link,
                           NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                  &error);
    g_assert_no_error (error);
  }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("fotadesk-cli upgrade on %s failed:\n%s\n%s", model, out, err);
  fd_sim_module_set_transcript_path (m, NULL, NULL);
  g_assert_true (g_file_get_contents (record, &recorded, NULL, NULL));
  if (strstr (recorded, "AT+MFWDLOAD=0,512,") != NULL)
    mode = "hex";
  else if (strstr (recorded, "AT+MFWDLOAD=0,") != NULL)
    mode = "passthrough";
  else
    g_error ("no package write in the module's transcript:\n%s", recorded);
  fd_sim_fleet_shutdown (fleet);
  fd_test_rm_rf (dir);
  return mode;
}

static void
bench_cli_defaults (void)
{
  static const char *const models[] = { "M5311-E", "M5310-E", "MN316", "MN316-S" };

  printf ("fotadesk-cli upgrade mfw --file PKG (no --write) writes, per model:\n");
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      const FdModel *row = fd_models_lookup (models[i]);
      gboolean       can_pt = fd_model_supports (row, FD_CAP_WRITE_PASSTHROUGH) == FD_SUPPORT_YES;

      printf ("  %-8s %-11s (%s)\n", models[i], cli_default_write (models[i]),
              can_pt ? "passthrough also possible: --write passthrough"
                     : "the only serial write this model has");
    }
}

int
main (int argc, char **argv)
{
  gboolean ok;

  g_test_init (&argc, &argv, NULL); /* for the helpers' assertions */
  if (g_getenv ("FD_CLI_BINARY") == NULL)
    g_error ("FD_CLI_BINARY is not set (run through meson test --benchmark)");
  ok = bench_speeds ();
  bench_cli_defaults ();
  return ok ? 0 : 1;
}
