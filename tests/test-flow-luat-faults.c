/* test-flow-luat-faults.c — the Luat AT+UPGRADE flow end to end: what
 * the module reports when it fails (every error code, every fota cause,
 * cause 27), URCs lost on the way, a silent module, one that never comes
 * back after its restart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-error-table.h"
#include "fd-test-luat.h"
#include "fd-test-util.h"

/* ---- failures the module reports ----------------------------------------- */

static void
test_error_codes (Fixture *fx, gconstpointer data)
{
  static const FailureCase cases[] = {
    { -1000, 0, 0, "url-error", -1000 },       { -1001, 0, 0, "network-error", -1001 },
    { -1002, 0, 0, "server-error", -1002 },    { -1003, 200, 0, "invalid-firmware", -1003 },
    { -1004, 404, 0, "http-error", -1004 },    { -1004, 503, 0, "http-error", -1004 },
    { -1005, 200, 0, "storage-error", -1005 }, { -1006, 0, 0, "module-error", -1006 },
  };
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };

  fd_test_luat_config_key (&config, KEY);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("error %d, HTTP %d", cases[i].error_code, cases[i].http_status);
      fd_sim_module_set_luat_platform (m, NEW_REV, 1000, cases[i].error_code, cases[i].http_status,
                                       0, TRUE);
      fd_test_luat_run_failure (fx, m, &config, &cases[i]);
    }
}

static void
test_causes (Fixture *fx, gconstpointer data)
{
  static const FailureCase cases[] = {
    { -1004, 200, 3, "invalid-device", 3 },
    { -1004, 200, 17, "no-permission", 17 },
    { -1004, 200, 25, "invalid-project", 25 },
    { -1004, 200, 26, "invalid-firmware", 26 },
  };
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };

  fd_test_luat_config_key (&config, KEY);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("cause %d", cases[i].cause);
      fd_sim_module_set_luat_platform (m, NEW_REV, 1000, cases[i].error_code, cases[i].http_status,
                                       cases[i].cause, TRUE);
      fd_test_luat_run_failure (fx, m, &config, &cases[i]);
    }
}

/* The URL path fails for real: a missing file, a refused connection, a
 * file that is no firmware. */
static void
test_url_errors (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_autofree char *junk_path = g_build_filename (fx->www, "junk.bin", NULL);
  g_autofree char *missing = NULL, *junk = NULL, *refused = NULL, *unused = NULL;
  g_autoptr (GSocket) sock
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  const struct
  {
    const char *url;
    FailureCase expect;
  } cases[] = {
    { NULL, { -1004, 404, 0, "http-error", -1004 } },
    { NULL, { -1002, 0, 0, "server-error", -1002 } },
    { NULL, { -1003, 200, 0, "invalid-firmware", -1003 } },
  };
  const char *urls[G_N_ELEMENTS (cases)];

  unused = fd_test_luat_publish (fx, "fw.bin", NEW_REV);
  g_assert_true (g_file_set_contents (junk_path, "this is no firmware", -1, NULL));
  missing = fd_test_server_url (fx->server, "missing.bin");
  junk = fd_test_server_url (fx->server, "junk.bin");
  /* Bound, never listening: connections are refused. */
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  refused = g_strdup_printf ("http://127.0.0.1:%u/fw.bin",
                             g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  urls[0] = missing;
  urls[1] = refused;
  urls[2] = junk;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (FdLuatConfig) config = { 0 };

      g_test_message ("%s", urls[i]);
      fd_test_luat_config_url (&config, urls[i]);
      fd_test_luat_run_failure (fx, m, &config, &cases[i].expect);
    }
}

/* ---- cause 27 ------------------------------------------------------------- */

static void
test_up_to_date (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  g_autoptr (FdAuditJobSummary) s = NULL;
  const FdJobEvent *result;
  JobRun            run;

  /* The platform's firmware is the one the module runs. */
  fd_sim_module_set_luat_platform (m, OLD_REV, 1000, 0, 200, 0, TRUE);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, NULL);

  result = fd_test_luat_result_event (&run);
  g_assert_cmpint (run.result, ==, FD_RESULT_UP_TO_DATE);
  g_assert_cmpstr (result->new_revision, ==, OLD_REV);
  g_assert_false (result->revision_changed);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_UP_TO_DATE, NULL, FD_AUDIT_NO_CODE, "confirm");
  s = fd_test_luat_audit_summary (&run);
  g_assert_cmpstr (s->new_revision, ==, OLD_REV);
  /* Said with the two things cause 27 cannot be told apart from. */
  g_assert_true (fd_test_luat_audit_has_message (&run, "cause 27"));
  g_assert_true (fd_test_luat_audit_has_message (&run, "upgrade switch is off"));
  g_assert_true (fd_test_luat_audit_has_message (&run, "IMEI has not been added"));
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
  fd_test_luat_assert_secret_absent (&run, KEY);
  fd_test_luat_job_run_clear (&run);
}

/* ---- lost URCs ------------------------------------------------------------- */

static void
test_urcs_lost (Fixture *fx, gconstpointer data)
{
  const Style *style = data;
  FdSimModule *m = fd_test_luat_add_module (fx, *style);
  g_auto (FdLuatConfig) config = { 0 };
  g_autofree char *tx = NULL;
  g_autofree char *rx = NULL;
  FdFlowBounds     bounds = {
        .baud = 115200,
        .command_timeout_ms = COMMAND_MS,
        .phase_timeout_ms = 2500,
        .reattach_timeout_ms = REATTACH_MS,
  };
  JobRun run;

  /* Not one +UPGRADE… line reaches the port; the download lasts long
   * enough to be asked about. */
  fd_sim_module_set_urc_loss (m, 100);
  fd_test_luat_slow_download (m, 100);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, &bounds);

  fd_test_luat_assert_upgraded (&run);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEDL"), ==, 0);
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_URC, "+UPGRADEVER"), ==, 0);
  fd_test_luat_load_transcript (&run, &tx, &rx);
  g_assert_cmpuint (fd_test_luat_count_lines (tx, "AT+UPGRADE?"), >=, 2);
  g_assert_nonnull (strstr (rx, "+UPGRADE: 1,"));
  /* Whether the module told its server went unsaid: a warning, not a
   * failure. */
  g_assert_cmpuint (fd_test_luat_count_events (&run, FD_JOB_EVENT_WARNING, "did not say whether"),
                    ==, 1);
  fd_test_luat_job_run_clear (&run);
}

/* ---- a silent module, one that does not come back -------------------------- */

static void
go_silent (JobRun *run)
{
  fd_sim_module_set_silent (run->module, TRUE);
}

static void
test_silent (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_UART);
  g_auto (FdLuatConfig) config = { 0 };
  FdFlowBounds bounds = {
    .baud = 115200,
    .command_timeout_ms = 400,
    .phase_timeout_ms = 2000,
    .reattach_timeout_ms = REATTACH_MS,
  };
  g_autoptr (FdAuditJobSummary) s = NULL;
  JobRun run;

  /* It stops talking at the first +UPGRADEIND, mid-download. */
  fd_test_luat_slow_download (m, 2000);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  run.act_on = "+UPGRADEIND: 0";
  run.action = go_silent;
  fd_test_luat_job_run (&run, &config, &bounds);

  g_assert_true (run.acted);
  g_assert_cmpint (run.result, ==, FD_RESULT_FAILED);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_FAILED, "timeout", FD_AUDIT_NO_CODE, "upgrade");
  s = fd_test_luat_audit_summary (&run);
  g_assert_nonnull (strstr (s->error_message, "downloading the new firmware (0 %)"));
  g_assert_nonnull (strstr (s->error_message, "within 2 s"));
  /* The bound held: at least the phase bound, and not much more. */
  g_assert_cmpint (run.elapsed_us, >=, 2000 * 1000);
  g_assert_cmpint (run.elapsed_us, <, 15 * G_USEC_PER_SEC);
  fd_test_luat_job_run_clear (&run);
}

static void
test_never_returns (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_luat_add_module (fx, STYLE_USB_RENAME);
  g_auto (FdLuatConfig) config = { 0 };
  FdFlowBounds bounds = {
    .baud = 115200,
    .command_timeout_ms = COMMAND_MS,
    .phase_timeout_ms = PHASE_MS,
    .reattach_timeout_ms = 1500,
  };
  g_autoptr (FdAuditJobSummary) s = NULL;
  JobRun run;

  fd_sim_module_set_never_return (m, TRUE);
  fd_test_luat_config_key (&config, KEY);
  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, &config, &bounds);

  g_assert_cmpint (run.result, ==, FD_RESULT_FAILED);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_FAILED, "reattach-timeout", FD_AUDIT_NO_CODE,
                             "reboot");
  /* The message says what the module was doing when it went. */
  s = fd_test_luat_audit_summary (&run);
  g_assert_nonnull (strstr (s->error_message, "downloaded the new firmware"));
  g_assert_cmpint (run.elapsed_us, <, 15 * G_USEC_PER_SEC);
  fd_test_luat_job_run_clear (&run);
}

int
main (int argc, char **argv)
{
  static const Style uart = STYLE_UART;
  static const Style usb = STYLE_USB_RENAME;

  g_test_init (&argc, &argv, NULL);
#define ADD(path, data, func)                                                                      \
  g_test_add ("/core/flow-luat/" path, Fixture, data, fd_test_luat_fixture_setup, func,            \
              fd_test_luat_fixture_teardown)
  ADD ("failure/error-codes", NULL, test_error_codes);
  ADD ("failure/causes", NULL, test_causes);
  ADD ("failure/url", NULL, test_url_errors);
  ADD ("result/up-to-date", NULL, test_up_to_date);
  ADD ("urcs-lost/uart", &uart, test_urcs_lost);
  ADD ("urcs-lost/usb-renamed", &usb, test_urcs_lost);
  ADD ("timeout/silent-mid-download", NULL, test_silent);
  ADD ("reattach-timeout", NULL, test_never_returns);
#undef ADD
  return g_test_run ();
}
