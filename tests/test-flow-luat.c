/* test-flow-luat.c — the Luat AT+UPGRADE flow end to end: upgrades
 *
 * Real upgrade jobs (fd_upgrade_job_new_luat + fd_job_run_async on a main
 * loop) against simulated Luat modules over real pseudo-terminals, a real
 * loopback HTTP server for the URL path, an FdReattach that finds a
 * module again by IMEI under a new name, and the audit log and the job's
 * transcript read back from disk (fd-test-luat.c). The failures the
 * module reports, lost URCs and bounds are in test-flow-luat-faults.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-test-luat.h"
#include "fd-test-util.h"

/* ---- success ------------------------------------------------------------- */

typedef struct
{
  gboolean by_url;
  Style    style;
} SuccessCase;

static void
test_success (Fixture *fx, gconstpointer data)
{
  const SuccessCase *c = data;
  FdSimModule       *m = fd_test_luat_add_module (fx, c->style);
  g_autofree char   *first_port = fd_sim_module_dup_link_path (m);
  g_autofree char   *last_port = NULL;
  g_autofree char   *path = NULL;
  g_auto (FdLuatConfig) config = { 0 };
  JobRun run;

  if (c->by_url)
    {
      g_autofree char *url = fd_test_luat_publish (fx, "fw.bin", NEW_REV);

      /* The platform would offer something else: the URL must win. */
      fd_sim_module_set_luat_platform (m, "AirM2M_780E_V9999_LTE_AT", 1000, 0, 200, 0, TRUE);
      fd_test_luat_config_url (&config, url);
    }
  else
    fd_test_luat_config_key (&config, KEY);

  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);
  fd_test_luat_assert_upgraded (&run);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEIND: "), >=, 1);

  /* Both restarts, each one entered as such, between the two steps of
   * the upgrade, which say "do not unplug". */
  path = fd_test_luat_phase_path (&run);
  g_assert_true (g_str_has_prefix (path, "configure,upgrade,reboot,"));
  g_assert_true (g_str_has_suffix (path, "reboot,confirm,report"));
  g_assert_cmpuint (fd_test_luat_count_phase (&run, FD_PHASE_REBOOT), ==, 2);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_MESSAGE, "restarts to write"), ==,
                    1);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_MESSAGE, "restarts into the new"),
                    ==, 1);
  g_assert_true (fd_test_luat_audit_has_message (&run, "Do not unplug"));

  last_port = fd_sim_module_dup_link_path (m);
  if (c->style == STYLE_UART)
    {
      /* Nothing lost on a port that stays: every step is seen. */
      g_assert_cmpstr (path, ==, "configure,upgrade,reboot,upgrade,reboot,confirm,report");
      g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEIND: 100"), ==,
                        1);
      g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEDL: 100"), ==,
                        1);
      g_assert_cmpuint (
          fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEVER: \"" NEW_REV), ==, 1);
      g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEVER: 1"), ==,
                        1);
      g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "RDY"), ==, 2);
      g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_WARNING, NULL), ==, 0);
      g_assert_cmpstr (last_port, ==, first_port);
    }
  else
    {
      /* Found again by IMEI and opened by its link, which follows the
       * pty behind it. Renamed, the job says where the module is now;
       * back under the same name, there is nothing to say. */
      if (c->style == STYLE_USB_RENAME)
        {
          g_autofree char *said = NULL;

          g_assert_cmpuint (run.links_back->len, >=, 1);
          said = g_strdup_printf ("came back on %s", (char *) g_ptr_array_index (run.links_back, 0));
          g_assert_cmpstr (g_ptr_array_index (run.links_back, 0), !=, first_port);
          g_assert_true (fd_test_luat_audit_has_message (&run, said));
        }
      else
        g_assert_cmpuint (run.links_back->len, ==, 0);
    }
  if (!c->by_url)
    fd_test_luat_assert_secret_absent (&run, KEY);
  fd_test_luat_job_run_clear (&run);
}

/* ---- configure only what differs ---------------------------------------- */

static void
test_unchanged_not_resent (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  g_autofree char *tx = NULL;
  g_autofree char *rx = NULL;
  g_autofree char *period = NULL;
  JobRun           run;

  /* Already on the module: this KEY, and AUTO on (its default). */
  fd_test_luat_module_command (m, "AT+UPGRADE=\"KEY\",\"" KEY "\"");
  fd_test_luat_config_key (&config, KEY);
  config.has_auto = TRUE;
  config.auto_upgrade = TRUE;
  config.has_period = TRUE;
  config.period = 7200;

  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);
  fd_test_luat_assert_upgraded (&run);

  fd_test_luat_load_transcript (&run, &tx, &rx);
  /* Every tag was read first ... */
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"KEY\""), ==, 1);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"PERIOD\""), ==, 1);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"AUTO\""), ==, 1);
  /* ... and only the one that differs was written. */
  g_assert_null (strstr (tx, "AT+UPGRADE=\"KEY\","));
  g_assert_null (strstr (tx, "AT+UPGRADE=\"AUTO\","));
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"PERIOD\",7200,0"), ==, 1);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE"), ==, 1);
  g_assert_true (fd_test_luat_audit_has_message (&run, "KEY is already set as wanted"));
  g_assert_true (fd_test_luat_audit_has_message (&run, "AUTO is already set as wanted"));
  g_assert_true (fd_test_luat_audit_has_message (&run, "PERIOD set."));
  /* The module's own answer with the KEY was redacted too. */
  g_assert_nonnull (strstr (rx, "+UPGRADE:\"KEY\",\"***\""));
  fd_test_luat_assert_secret_absent (&run, KEY);

  period = fd_test_luat_module_query (m, "AT+UPGRADE=\"PERIOD\"");
  g_assert_cmpstr (period, ==, "+UPGRADE:\"PERIOD\",7200");
  fd_test_luat_job_run_clear (&run);
}

/* The module holds another product's KEY: it differs, is replaced, and
 * neither key is ever written down. */
static void
test_other_key_replaced (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  g_autofree char *tx = NULL;
  g_autofree char *rx = NULL;
  g_autofree char *key = NULL;
  JobRun           run;

  fd_test_luat_module_command (m, "AT+UPGRADE=\"KEY\",\"" OTHER_KEY "\"");
  fd_test_luat_config_key (&config, KEY);
  config.trigger = FALSE;

  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);
  g_assert_cmpint (run.result, ==, FD_RESULT_SUCCESS);

  fd_test_luat_load_transcript (&run, &tx, &rx);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"KEY\",\"***\",0"), ==, 1);
  fd_test_luat_assert_secret_absent (&run, KEY);
  fd_test_luat_assert_secret_absent (&run, OTHER_KEY);
  key = fd_test_luat_module_query (m, "AT+UPGRADE=\"KEY\"");
  g_assert_cmpstr (key, ==, "+UPGRADE:\"KEY\",\"" KEY "\"");
  fd_test_luat_job_run_clear (&run);
}

/* ---- no trigger ---------------------------------------------------------- */

static void
test_no_trigger (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_USB_RENAME);
  g_auto (FdLuatConfig) config = { 0 };
  g_autofree char  *tx = NULL;
  g_autofree char  *rx = NULL;
  g_autofree char  *value = NULL;
  const FdJobEvent *result;
  JobRun            run;

  fd_test_luat_config_key (&config, KEY);
  config.trigger = FALSE;
  config.has_auto = TRUE;
  config.auto_upgrade = FALSE;
  config.has_period = TRUE;
  config.period = 600;

  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);

  result = fd_test_luat_result_event (&run);
  g_assert_cmpint (run.result, ==, FD_RESULT_SUCCESS);
  g_assert_cmpstr (result->new_revision, ==, OLD_REV);
  g_assert_false (result->revision_changed);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  g_assert_true (fd_test_luat_audit_has_message (&run, "No upgrade was started"));

  fd_test_luat_load_transcript (&run, &tx, &rx);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE"), ==, 0);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE?"), ==, 0);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"AUTO\",0,0"), ==, 1);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE=\"PERIOD\",600,0"), ==, 1);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+CGMR"), ==, 1);
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
  fd_test_luat_assert_secret_absent (&run, KEY);

  value = fd_test_luat_module_query (m, "AT+UPGRADE=\"AUTO\"");
  g_assert_cmpstr (value, ==, "+UPGRADE:\"AUTO\",0");
  fd_test_luat_job_run_clear (&run);
}

/* ---- the report, an upgrade already running -------------------------- */

static void
test_report_failed (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  JobRun run;

  fd_sim_module_set_luat_platform (m, NEW_REV, 50000, 0, 200, 0, FALSE);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);

  fd_test_luat_assert_upgraded (&run);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEVER: 0"), ==, 1);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_WARNING, "+UPGRADEVER: 0"), ==,
                    1);
  g_assert_true (fd_test_luat_audit_has_message (&run, "could not report the upgrade"));
  fd_test_luat_job_run_clear (&run);
}

static void
test_already_running (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  JobRun run;

  /* Someone (or AUTO) started a run that is still downloading. */
  fd_test_luat_slow_download (m, 80);
  fd_test_luat_module_command (m, "AT+UPGRADE=\"KEY\",\"" KEY "\"");
  fd_test_luat_module_command (m, "AT+UPGRADE");
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);

  fd_test_luat_assert_upgraded (&run);
  g_assert_true (fd_test_luat_audit_has_message (&run, "already upgrading"));
  fd_test_luat_job_run_clear (&run);
}

/* ---- unplugged, cancelled ------------------------------------------------ */

static gboolean
plug_back (gpointer data)
{
  FdSimModule *m = data;

  g_assert_true (fd_sim_module_plug (m, NULL));
  return G_SOURCE_REMOVE;
}

static void
pull_cable (JobRun *run)
{
  fd_sim_module_unplug (run->module);
  g_timeout_add (300, plug_back, run->module);
}

/* Unplugged mid-download and plugged back: the module forgot the run. */
static void
test_unplugged_mid_download (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_USB);
  g_auto (FdLuatConfig) config = { 0 };
  g_autoptr (FdAuditJobSummary) s = NULL;
  JobRun run;

  fd_test_luat_slow_download (m, 200);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  run.act_on = "+UPGRADEIND: 20";
  run.action = pull_cable;
  fd_test_luat_job_run (&run, &config, NULL);

  g_assert_true (run.acted);
  g_assert_cmpint (run.result, ==, FD_RESULT_FAILED);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_FAILED, "unplugged", FD_AUDIT_NO_CODE, "reboot");
  s = fd_test_luat_audit_summary (&run);
  g_assert_nonnull (strstr (s->error_message, "before it said its download was complete"));
  g_assert_nonnull (strstr (s->error_message, "dropped"));
  g_assert_nonnull (strstr (s->error_message, OLD_REV));
  fd_test_luat_job_run_clear (&run);
}

static void
cancel_job (JobRun *run)
{
  fd_job_cancel (run->job);
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *revision = NULL;
  JobRun           run;

  fd_test_luat_slow_download (m, 100);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  run.act_on = "+UPGRADEIND: 30";
  run.action = cancel_job;
  fd_test_luat_job_run (&run, &config, NULL);

  g_assert_true (run.acted);
  g_assert_cmpint (run.result, ==, FD_RESULT_CANCELLED);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_CANCELLED, "cancelled", FD_AUDIT_NO_CODE,
                             "upgrade");
  /* The record says what is true: the module goes on by itself ... */
  g_assert_true (fd_test_luat_audit_has_message (&run, "carries on by itself"));
  g_assert_true (fd_test_luat_audit_has_message (&run, "downloading the new firmware ("));
  /* ... and it does. */
  g_assert_true (fd_sim_module_wait_ready (m, 3, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  revision = fd_sim_module_dup_revision (m);
  g_assert_cmpstr (revision, ==, NEW_REV);
  fd_test_luat_assert_secret_absent (&run, KEY);
  fd_test_luat_job_run_clear (&run);
}

int
main (int argc, char **argv)
{
  static const SuccessCase key_uart = { FALSE, STYLE_UART };
  static const SuccessCase key_usb = { FALSE, STYLE_USB_RENAME };
  static const SuccessCase url_uart = { TRUE, STYLE_UART };
  static const SuccessCase url_usb = { TRUE, STYLE_USB_RENAME };
  static const SuccessCase key_usb_same = { FALSE, STYLE_USB };

  g_test_init (&argc, &argv, NULL);
#define ADD(path, data, func)                                                                      \
  g_test_add ("/core/flow-luat/" path, Fixture, data, fd_test_luat_fixture_setup, func,            \
              fd_test_luat_fixture_teardown)
  ADD ("success/key/uart", &key_uart, test_success);
  ADD ("success/key/usb-renamed", &key_usb, test_success);
  ADD ("success/key/usb-same-name", &key_usb_same, test_success);
  ADD ("success/url/uart", &url_uart, test_success);
  ADD ("success/url/usb-renamed", &url_usb, test_success);
  ADD ("success/already-running", NULL, test_already_running);
  ADD ("configure/unchanged-not-resent", NULL, test_unchanged_not_resent);
  ADD ("configure/other-key-replaced", NULL, test_other_key_replaced);
  ADD ("configure/no-trigger", NULL, test_no_trigger);
  ADD ("result/report-failed", NULL, test_report_failed);
  ADD ("unplugged/mid-download", NULL, test_unplugged_mid_download);
  ADD ("cancel/mid-download", NULL, test_cancel);
#undef ADD
  return g_test_run ();
}
