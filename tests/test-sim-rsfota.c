/* test-sim-rsfota.c — dialect A (M5311 OneNET RSFOTA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fd-sim-fleet.h"
#include "fd-test-util.h"

typedef struct
{
  char        *dir;
  FdSimFleet  *fleet;
  FdSimModule *m;
  FdTestPort  *port;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->dir = fd_test_mkdtemp ();
  fx->fleet = fd_sim_fleet_new (fx->dir, NULL);
  fx->m = fd_sim_fleet_add_module (fx->fleet, "M5311", "869999001111116", NULL, &error);
  g_assert_no_error (error);
  fx->port = fd_test_open_module (fx->m);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_pointer (&fx->port, fd_test_port_close);
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static void
ok (Fixture *fx, const char *command)
{
  fd_test_command_expect (fx->port, command, (const char *const[]){ "OK", NULL });
}

static void
error (Fixture *fx, const char *command)
{
  fd_test_command_expect (fx->port, command, (const char *const[]){ "ERROR", NULL });
}

/* Reads lines until as many +RSFOTA URCs as @expected have come (other
 * lines, such as boot lines, are skipped) and compares them. */
static void
expect_urcs (Fixture *fx, const char *const *expected)
{
  g_autoptr (GPtrArray) urcs = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length ((char **)expected);

  while (urcs->len < n)
    {
      char *line = fd_test_port_read_line (fx->port, FD_TEST_TIMEOUT_MS);

      if (line == NULL)
        g_error ("only %u of %u URCs came (next: %s)", urcs->len, n, expected[urcs->len]);
      if (g_str_has_prefix (line, "+RSFOTA"))
        g_ptr_array_add (urcs, line);
      else
        g_free (line);
    }
  fd_test_assert_lines (urcs, expected);
}

/* A reboot by AT+CFUN=1,1 (the M5311 keeps its UART port). */
static void
reboot (Fixture *fx)
{
  guint boots = fd_sim_module_get_boot_count (fx->m);
  g_autoptr (GError) err = NULL;

  ok (fx, "AT+CFUN=1,1");
  g_assert_true (fd_sim_module_wait_ready (fx->m, boots + 1, FD_TEST_TIMEOUT_MS, &err));
  g_assert_no_error (err);
  fd_test_port_flush (fx->port);
  fd_test_port_echo_off (fx->port);
}

/* The manual's example flow, line for line. */
static const char *const seed_flow[] = {
  "+RSFOTA:0,1",
  "+RSFOTA:1,0",
  "+RSFOTA:1,1,512/2052,24%",
  "+RSFOTA:1,1,1024/2052,49%",
  "+RSFOTA:1,1,1536/2052,74%",
  "+RSFOTA:1,1,2048/2052,99%",
  "+RSFOTA:1,3",
  "+RSFOTA:2,0",
  "+RSFOTA:2,3",
  NULL,
};

/* --- configuration ------------------------------------------------------ */

static void
test_mode_read_write (Fixture *fx, gconstpointer data)
{
  static const char *const bad[] = {
    "AT+RSFOTAMODE=3",          "AT+RSFOTAMODE=1,2",          "AT+RSFOTAMODE=0,1,59,600",
    "AT+RSFOTAMODE=0,1,60,599", "AT+RSFOTAMODE=0,1,60",       "AT+RSFOTAMODE",
    "AT+RSFOTAMODE=\"1\"",      "AT+RSFOTAMODE=0,1,60,600,5",
  };

  fd_test_command_expect (fx->port, "AT+RSFOTAMODE?",
                          (const char *const[]){ "+RSFOTAMODE:1,1", "OK", NULL });
  /* The manual's examples. */
  ok (fx, "AT+RSFOTAMODE=0,1,120,3600");
  fd_test_command_expect (fx->port, "AT+RSFOTAMODE?",
                          (const char *const[]){ "+RSFOTAMODE:0,1,120,3600", "OK", NULL });
  ok (fx, "AT+RSFOTAMODE=1");
  ok (fx, "AT+RSFOTAMODE=2,1");
  fd_test_command_expect (fx->port, "AT+RSFOTAMODE?",
                          (const char *const[]){ "+RSFOTAMODE:2,1", "OK", NULL });
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    error (fx, bad[i]);
  ok (fx, "AT+RSFOTAMODE=0,0,60,600");
  fd_test_command_expect (fx->port, "AT+RSFOTAMODE?",
                          (const char *const[]){ "+RSFOTAMODE:0,0,60,600", "OK", NULL });
}

static void
test_repmode (Fixture *fx, gconstpointer data)
{
  ok (fx, "AT+RSREPMODE=20,120,2"); /* the manual's example */
  ok (fx, "AT+RSREPMODE=10,120,1");
  error (fx, "AT+RSREPMODE=9,120,1");
  error (fx, "AT+RSREPMODE=10,119,1");
  error (fx, "AT+RSREPMODE=10,120,0");
  error (fx, "AT+RSREPMODE=10,120");
  /* No read form is documented: ERROR, as the spec expects. */
  error (fx, "AT+RSREPMODE?");
}

/* Settings are written to flash and act after the next reboot. */
static void
test_after_reboot (Fixture *fx, gconstpointer data)
{
  fd_sim_module_set_onenet (fx->m, 2052, NULL, FD_SIM_ONENET_NO_PACKAGE);
  ok (fx, "AT+RSFOTAMODE=2");
  /* Still mode 1 until the reboot. */
  error (fx, "AT+RSFOTA=2");
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,0", NULL });
  reboot (fx);
  error (fx, "AT+RSFOTA=1");
  ok (fx, "AT+RSFOTA=2");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,0", NULL });
  /* Mode 0 refuses any manual trigger. */
  ok (fx, "AT+RSFOTAMODE=0,1,60,600");
  reboot (fx);
  error (fx, "AT+RSFOTA=1");
  error (fx, "AT+RSFOTA=2");
  error (fx, "AT+RSFOTA=3");
  error (fx, "AT+RSFOTA=4");
  error (fx, "AT+RSFOTA");
}

/* --- flows -------------------------------------------------------------- */

static void
test_seed_mode1 (Fixture *fx, gconstpointer data)
{
  g_autofree char *old = fd_sim_module_dup_revision (fx->m);
  g_autofree char *rev = NULL;

  fd_sim_module_set_onenet (fx->m, 2052, "M5311_FOTA_V1.4.0", FD_SIM_ONENET_SUCCESS);
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, seed_flow);
  /* Reboot to apply: same port, boot lines, then the report flow. */
  g_autoptr (GPtrArray) boot = fd_test_port_wait_line (fx->port, "RDY", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (boot);
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,1", NULL });
  fd_test_port_flush (fx->port);
  fd_test_port_echo_off (fx->port);
  fd_test_command_expect (fx->port, "AT+CGMR",
                          (const char *const[]){ "M5311_FOTA_V1.4.0", "OK", NULL });
  rev = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (rev, ==, "M5311_FOTA_V1.4.0");
  g_assert_cmpstr (old, !=, rev);
}

static void
test_mode2 (Fixture *fx, gconstpointer data)
{
  fd_sim_module_set_onenet (fx->m, 1500, "M5311_M2", FD_SIM_ONENET_SUCCESS);
  ok (fx, "AT+RSFOTAMODE=2,1");
  reboot (fx);
  error (fx, "AT+RSFOTA=3"); /* nothing downloaded yet */
  ok (fx, "AT+RSFOTA=2");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/1500,34%",
                                          "+RSFOTA:1,1,1024/1500,68%", "+RSFOTA:1,3", NULL });
  /* Checked again: available and already downloaded. */
  ok (fx, "AT+RSFOTA=2");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,2", NULL });
  /* The download survives a reboot. */
  reboot (fx);
  ok (fx, "AT+RSFOTA=3");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:2,0", "+RSFOTA:2,3", NULL });
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,1", NULL });
  g_autofree char *rev = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (rev, ==, "M5311_M2");
}

static void
test_mode0 (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) after = NULL;

  /* first_check 60 s and auto_check 600 s: 300 ms and 3 s in test time. */
  fd_sim_module_set_onenet (fx->m, 1024, "M5311_AUTO", FD_SIM_ONENET_NO_PACKAGE);
  ok (fx, "AT+RSFOTAMODE=0,1,60,600");
  reboot (fx);
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,0", NULL });
  /* The platform gets a package: the next automatic check finds it. */
  fd_sim_module_set_onenet (fx->m, 1024, "M5311_AUTO", FD_SIM_ONENET_SUCCESS);
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/1024,50%",
                                          "+RSFOTA:1,3", "+RSFOTA:2,0", "+RSFOTA:2,3", NULL });
  /* After the reboot: report, a check right away, another one auto_rep
   * (120 s: 600 ms) later; nothing newer now. */
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,1", "+RSFOTA:0,0", "+RSFOTA:0,0", NULL });
  g_autofree char *rev = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (rev, ==, "M5311_AUTO");
}

static void
outcome (Fixture *fx, FdSimOnenetOutcome o, const char *const *expected)
{
  fd_sim_module_set_onenet (fx->m, 2052, "M5311_OUTCOME", o);
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, expected);
}

static void
test_outcomes (Fixture *fx, gconstpointer data)
{
  outcome (fx, FD_SIM_ONENET_NO_PACKAGE, (const char *const[]){ "+RSFOTA:0,0", NULL });
  outcome (fx, FD_SIM_ONENET_REJECTED, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,5", NULL });
  outcome (fx, FD_SIM_ONENET_DOWNLOAD_FAILED,
           (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/2052,24%",
                                  "+RSFOTA:1,1,1024/2052,49%", "+RSFOTA:1,4", NULL });
  outcome (fx, FD_SIM_ONENET_UPGRADE_FAILED,
           (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/2052,24%",
                                  "+RSFOTA:1,1,1024/2052,49%", "+RSFOTA:1,1,1536/2052,74%",
                                  "+RSFOTA:1,1,2048/2052,99%", "+RSFOTA:1,3", "+RSFOTA:2,0",
                                  "+RSFOTA:2,4", NULL });
  /* None of these rebooted or changed the firmware. */
  g_assert_cmpuint (fd_sim_module_get_boot_count (fx->m), ==, 1);
  fd_test_command_expect (fx->port, "AT+CGMR",
                          (const char *const[]){ "M5311_FOTA_V1.3.0", "OK", NULL });
  /* Paused halfway, then it goes on to success. */
  outcome (fx, FD_SIM_ONENET_DOWNLOAD_PAUSED,
           (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/2052,24%",
                                  "+RSFOTA:1,1,1024/2052,49%", "+RSFOTA:1,2",
                                  "+RSFOTA:1,1,1536/2052,74%", "+RSFOTA:1,1,2048/2052,99%",
                                  "+RSFOTA:1,3", "+RSFOTA:2,0", "+RSFOTA:2,3", NULL });
}

static void
test_busy (Fixture *fx, gconstpointer data)
{
  FdSimTiming timing;

  fd_sim_module_get_timing (fx->m, &timing);
  timing.step_ms = 100;
  fd_sim_module_set_timing (fx->m, &timing);
  fd_sim_module_set_onenet (fx->m, 4096, "M5311_BUSY", FD_SIM_ONENET_SUCCESS);
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", NULL });
  error (fx, "AT+RSFOTA=1");
}

/* --- the report flow ---------------------------------------------------- */

static void
test_report_retries (Fixture *fx, gconstpointer data)
{
  fd_sim_module_set_onenet (fx->m, 1024, "M5311_REP", FD_SIM_ONENET_SUCCESS);
  fd_sim_module_set_onenet_report_failures (fx->m, 2);
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/1024,50%",
                                          "+RSFOTA:1,3", "+RSFOTA:2,0", "+RSFOTA:2,3", NULL });
  /* Two failures, auto_rep (600 ms here) apart, then success. */
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,0", "+RSFOTA:-1,0", "+RSFOTA:-1,1", NULL });
}

static void
test_report_max_fail (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) more = NULL;

  fd_sim_module_set_onenet (fx->m, 512, "M5311_MAX", FD_SIM_ONENET_SUCCESS);
  fd_sim_module_set_onenet_report_failures (fx->m, 5);
  ok (fx, "AT+RSREPMODE=10,120,2");
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,3",
                                          "+RSFOTA:2,0", "+RSFOTA:2,3", NULL });
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,0", "+RSFOTA:-1,0", NULL });
  /* max_fail reached: no third try (auto_rep is 600 ms). */
  more = fd_test_port_wait_line (fx->port, "+RSFOTA:-1,0", 1500);
  g_assert_null (more);
}

/* A trigger during the pending report flow is swallowed by it. */
static void
test_swallowed (Fixture *fx, gconstpointer data)
{
  fd_sim_module_set_onenet (fx->m, 1024, "M5311_SW", FD_SIM_ONENET_SUCCESS);
  /* first_rep 1000 s (5 s here): the tool triggers before it is due. */
  ok (fx, "AT+RSREPMODE=1000,120,3");
  reboot (fx);
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,1", "+RSFOTA:1,0", "+RSFOTA:1,1,512/1024,50%",
                                          "+RSFOTA:1,3", "+RSFOTA:2,0", "+RSFOTA:2,3", NULL });
  g_assert_true (fd_sim_module_wait_ready (fx->m, 3, FD_TEST_TIMEOUT_MS, NULL));
  fd_test_port_flush (fx->port);
  fd_test_port_echo_off (fx->port);
  fd_sim_module_set_onenet (fx->m, 1024, "M5311_SW", FD_SIM_ONENET_NO_PACKAGE);
  ok (fx, "AT+RSFOTA=1");
  /* The report flow's URC instead of the check's. */
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,1", NULL });
  /* Re-sent once the report is over, the check runs. */
  ok (fx, "AT+RSFOTA=1");
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:0,0", NULL });
}

static void
test_log_off (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GError) err = NULL;

  fd_sim_module_set_onenet (fx->m, 1024, "M5311_QUIET", FD_SIM_ONENET_SUCCESS);
  ok (fx, "AT+RSFOTAMODE=1,0");
  reboot (fx);
  ok (fx, "AT+RSFOTA=1");
  /* Silent, but it happens: the module reboots into the new revision. */
  lines = fd_test_port_wait_line (fx->port, "RDY", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (lines);
  g_autoptr (GPtrArray) urcs = fd_test_filter (lines, "+RSFOTA");
  g_assert_cmpuint (urcs->len, ==, 0);
  g_assert_true (fd_sim_module_wait_ready (fx->m, 3, FD_TEST_TIMEOUT_MS, &err));
  g_autofree char *rev = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (rev, ==, "M5311_QUIET");
}

/* --- URC faults (any dialect; RSFOTA has the most URCs) ----------------- */

static void
test_urc_delay (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) early = NULL;

  fd_sim_module_set_onenet (fx->m, 2052, "M5311_LATE", FD_SIM_ONENET_SUCCESS);
  g_assert_true (fd_sim_module_apply_fault_spec (fx->m, "urc-delay=400", NULL));
  /* The answer is not delayed; the URCs are, all alike, in order; the
   * last ones come after the reboot they caused, the report after them. */
  ok (fx, "AT+RSFOTA=1");
  early = fd_test_port_wait_line (fx->port, "+RSFOTA:0,1", 200);
  g_assert_null (early);
  expect_urcs (fx, seed_flow);
  expect_urcs (fx, (const char *const[]){ "+RSFOTA:-1,1", NULL });
}

static void
test_urc_loss (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GPtrArray) urcs = NULL;
  g_autoptr (GError) err = NULL;

  /* All lost: silent, yet the upgrade happens. */
  fd_sim_module_set_onenet (fx->m, 2052, "M5311_LOST", FD_SIM_ONENET_SUCCESS);
  fd_sim_module_set_urc_loss (fx->m, 100);
  ok (fx, "AT+RSFOTA=1");
  g_assert_true (fd_sim_module_wait_ready (fx->m, 2, FD_TEST_TIMEOUT_MS, &err));
  lines = fd_test_port_wait_line (fx->port, "+CEREG: 1", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (lines);
  urcs = fd_test_filter (lines, "+RSFOTA");
  g_assert_cmpuint (urcs->len, ==, 0);
  fd_test_port_flush (fx->port);
  fd_test_port_echo_off (fx->port);
  fd_test_command_expect (fx->port, "AT+CGMR", (const char *const[]){ "M5311_LOST", "OK", NULL });

  /* Half lost, on a second module: what comes is part of the flow, in
   * order. */
  g_clear_pointer (&urcs, g_ptr_array_unref);
  g_clear_pointer (&fx->port, fd_test_port_close);
  fx->m = fd_sim_fleet_add_module (fx->fleet, "M5311", "869999002222224", NULL, &err);
  g_assert_no_error (err);
  fx->port = fd_test_open_module (fx->m);
  fd_sim_module_set_onenet (fx->m, 20000, "M5311_HALF", FD_SIM_ONENET_DOWNLOAD_FAILED);
  fd_sim_module_set_urc_loss (fx->m, 50);
  ok (fx, "AT+RSFOTA=1");
  urcs = g_ptr_array_new_with_free_func (g_free);
  for (char *line = fd_test_port_read_line (fx->port, FD_TEST_TIMEOUT_MS); line != NULL;
       line = fd_test_port_read_line (fx->port, 500))
    g_ptr_array_add (urcs, line);
  {
    /* The whole flow: 0,1 1,0, 19 progress lines, 1,4 (failed halfway). */
    g_autoptr (GPtrArray) full = g_ptr_array_new_with_free_func (g_free);
    guint at = 0;

    g_ptr_array_add (full, g_strdup ("+RSFOTA:0,1"));
    g_ptr_array_add (full, g_strdup ("+RSFOTA:1,0"));
    for (guint done = 512; done < 10000; done += 512)
      g_ptr_array_add (full, g_strdup_printf ("+RSFOTA:1,1,%u/20000,%u%%", done, done / 200));
    g_ptr_array_add (full, g_strdup ("+RSFOTA:1,4"));
    for (guint k = 0; k < urcs->len; k++)
      {
        while (at < full->len
               && g_strcmp0 (g_ptr_array_index (full, at), g_ptr_array_index (urcs, k)) != 0)
          at++;
        g_assert_cmpuint (at, <, full->len); /* in the flow, in order */
        at++;
      }
    g_assert_cmpuint (urcs->len, >, 0);
    g_assert_cmpuint (urcs->len, <, full->len);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/rsfota/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("config/mode", test_mode_read_write);
  ADD ("config/repmode", test_repmode);
  ADD ("config/after-reboot", test_after_reboot);
  ADD ("flow/seed-mode1", test_seed_mode1);
  ADD ("flow/mode2", test_mode2);
  ADD ("flow/mode0", test_mode0);
  ADD ("flow/outcomes", test_outcomes);
  ADD ("flow/busy", test_busy);
  ADD ("report/retries", test_report_retries);
  ADD ("report/max-fail", test_report_max_fail);
  ADD ("report/swallowed-trigger", test_swallowed);
  ADD ("log-off", test_log_off);
  ADD ("fault/urc-delay", test_urc_delay);
  ADD ("fault/urc-loss", test_urc_loss);
#undef ADD
  return g_test_run ();
}
