/* test-flow-rsfota.c — the RSFOTA (M5311 OneNET) upgrade flow, end to end
 *
 * Real upgrade jobs (validation, audit log, transcript, the job thread)
 * against modules on real ptys: the simulator's M5311 for every outcome
 * of the spec, and a scripted module for what the simulator never does
 * (URCs out of order, lost or spaced; a readable AT+RSREPMODE?; a module
 * without the FOTA firmware).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "fd-models.h"
#include "fd-sim-fleet.h"
#include "fd-test-module.h"
#include "fd-test-rsfota.h"
#include "fd-test-util.h"

#define IMEI "869999001111116"
#define OLD_REV "M5311_FOTA_V1.3.0"
#define NEW_REV "M5311_FOTA_V1.4.0"
#define PACKAGE 8192
#define FULL_RUN "configure,download,upgrade,reboot,confirm,report"

typedef struct
{
  char         *dir;
  FdSimFleet   *fleet;
  FdSimModule  *m;
  FdTestRsfota *t;
  gint64        hook_us; /* when a one-shot hook acted, 0 before */
} Fixture;

static void
setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ports = NULL;
  g_autofree char *glob = NULL;

  fx->dir = fd_test_mkdtemp ();
  ports = g_build_filename (fx->dir, "ports", NULL);
  glob = g_build_filename (ports, "ttyUSB*", NULL);
  fx->fleet = fd_sim_fleet_new (ports, &error);
  g_assert_no_error (error);
  fx->m = fd_sim_fleet_add_module (fx->fleet, "M5311", IMEI, NULL, &error);
  g_assert_no_error (error);
  fd_sim_module_set_onenet (fx->m, PACKAGE, NEW_REV, FD_SIM_ONENET_SUCCESS);
  g_assert_true (fd_sim_module_wait_ready (fx->m, 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  fx->t = fd_test_rsfota_new (fx->dir, glob);
}

static void
teardown (Fixture *fx, gconstpointer data)
{
  g_clear_pointer (&fx->t, fd_test_rsfota_free);
  g_clear_object (&fx->fleet);
  fd_models_clear_overrides ();
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static FdRsfotaConfig
config_mode (FdRsfotaRunMode mode, FdRsfotaAction action)
{
  FdRsfotaConfig c;

  fd_rsfota_config_init (&c);
  c.has_mode = TRUE;
  c.mode = mode;
  c.has_log = TRUE;
  c.log = TRUE;
  c.action = action;
  return c;
}

static void
set_reboot_command (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (fd_models_set_reboot_command ("m5311", "AT+CFUN=1,1", &error));
  g_assert_no_error (error);
}

static void
run (Fixture *fx, const FdRsfotaConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *revision = NULL;

  g_assert_true (fd_sim_module_wait_ready (fx->m, 1, FD_TEST_TIMEOUT_MS, &error));
  link = fd_sim_module_dup_link_path (fx->m);
  revision = fd_sim_module_dup_revision (fx->m);
  fd_test_rsfota_run (fx->t, link, IMEI, revision, config);
}

/* Puts the module in a state by hand, as a person at a terminal would;
 * @restart: then AT+CFUN=1,1 and wait until it is back. */
static void
by_hand (Fixture *fx, const char *const *commands, gboolean restart)
{
  g_autoptr (GError) error = NULL;
  FdTestPort *port = fd_test_open_module (fx->m);
  guint       boots = fd_sim_module_get_boot_count (fx->m);

  for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
    fd_test_command_expect (port, commands[i], (const char *const[]){ "OK", NULL });
  if (restart)
    {
      fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
      g_assert_true (fd_sim_module_wait_ready (fx->m, boots + 1, FD_TEST_TIMEOUT_MS, &error));
      g_assert_no_error (error);
    }
  fd_test_port_close (port);
}

static int
index_of (GStrv sent, const char *command, int from)
{
  for (int i = MAX (from, 0); sent[i] != NULL; i++)
    {
      if (g_str_equal (sent[i], command))
        return i;
    }
  return -1;
}

static guint
count_prefix (GStrv sent, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; sent[i] != NULL; i++)
    n += g_str_has_prefix (sent[i], prefix);
  return n;
}

static guint
count_urcs (FdTestRsfota *t, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < t->events->len; i++)
    {
      const FdJobEvent *event = g_ptr_array_index (t->events, i);

      n += event->kind == FD_JOB_EVENT_URC && g_str_has_prefix (event->text, prefix);
    }
  return n;
}

static void
assert_result (Fixture *fx, FdResult result, const char *new_revision, gboolean changed)
{
  const FdJobEvent *end = fd_test_rsfota_result_event (fx->t);

  g_assert_no_error (fx->t->error);
  g_assert_cmpint (fx->t->result, ==, result);
  g_assert_cmpint (end->result, ==, result);
  g_assert_cmpstr (end->old_revision, ==, OLD_REV);
  g_assert_cmpstr (end->new_revision, ==, new_revision);
  g_assert_cmpint (end->revision_changed, ==, changed);
}

/* --- success paths ------------------------------------------------------ */

static void
test_mode1_success (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *phases = NULL;
  g_autofree char *message = NULL;
  g_autofree char *revision = NULL;
  g_auto (GStrv) sent = NULL;

  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  phases = fd_test_rsfota_phases (fx->t);
  g_assert_cmpstr (phases, ==, FULL_RUN);
  /* The simulator prints one progress line per 512 bytes before 1,3;
   * the job may merge progress events that queue up, never URCs. */
  fd_test_rsfota_assert_progress (fx->t, PACKAGE);
  g_assert_cmpuint (count_urcs (fx->t, "+RSFOTA:1,1,"), ==, PACKAGE / 512 - 1);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "already are as asked"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "do not unplug"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "now runs " NEW_REV));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "(+RSFOTA:-1,1)"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_URC, "+RSFOTA:2,3"));
  message = fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report");
  g_assert_null (message);

  /* Settings that match are not written, and nothing restarts them. */
  sent = fd_test_rsfota_sent (fx->t);
  g_assert_cmpint (index_of (sent, "AT+RSFOTAMODE?", 0), >=, 0);
  g_assert_cmpuint (count_prefix (sent, "AT+RSFOTAMODE="), ==, 0);
  g_assert_cmpuint (count_prefix (sent, "AT+CFUN"), ==, 0);
  g_assert_cmpuint (fd_test_rsfota_count_sent (fx->t, "AT+RSFOTA=1"), ==, 1);
  g_assert_cmpint (index_of (sent, "AT+CGMR", index_of (sent, "AT+RSFOTA=1", 0)), >, 0);
  revision = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (revision, ==, NEW_REV);
  g_assert_cmpuint (fd_sim_module_get_boot_count (fx->m), ==, 2);
}

/* On USB the port goes with the restart and comes back under another
 * name: the job finds the module again by its IMEI. */
static void
test_mode1_usb_rename (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *before = fd_sim_module_dup_link_path (fx->m);
  g_autofree char *after = NULL;
  g_autofree char *phases = NULL;

  fd_sim_module_set_reboot_style (fx->m, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_rename_on_reboot (fx->m, TRUE);
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  phases = fd_test_rsfota_phases (fx->t);
  g_assert_cmpstr (phases, ==, FULL_RUN);
  after = fd_sim_module_dup_link_path (fx->m);
  g_assert_cmpstr (before, !=, after);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "came back on"));
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

/* Mode and report settings differ: written, the module restarted by the
 * model's reboot command, read back; then mode 2's download (=2) and,
 * once it is done, the upgrade (=3). */
static void
test_settings_reboot_command (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED_SPLIT, FD_RSFOTA_ACTION_DOWNLOAD);
  g_autofree char *phases = NULL;
  g_auto (GStrv) sent = NULL;
  int write_mode, restart, reread, download, upgrade;

  c.has_first_rep = c.has_auto_rep = c.has_max_fail = TRUE;
  c.first_rep = 10;
  c.auto_rep = 120;
  c.max_fail = 1;
  set_reboot_command ();
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  phases = fd_test_rsfota_phases (fx->t);
  g_assert_cmpstr (phases, ==, FULL_RUN);
  fd_test_rsfota_assert_progress (fx->t, PACKAGE);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE,
                                          "does not read back its report settings"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE,
                                          "reports the new settings: mode 2, log 1"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "downloaded the package"));

  sent = fd_test_rsfota_sent (fx->t);
  write_mode = index_of (sent, "AT+RSFOTAMODE=2,1", 0);
  g_assert_cmpint (index_of (sent, "AT+RSREPMODE?", 0), >, index_of (sent, "AT+RSFOTAMODE?", 0));
  g_assert_cmpint (write_mode, >, index_of (sent, "AT+RSREPMODE?", 0));
  g_assert_cmpint (index_of (sent, "AT+RSREPMODE=10,120,1", 0), >, write_mode);
  restart = index_of (sent, "AT+CFUN=1,1", 0);
  g_assert_cmpint (restart, >, index_of (sent, "AT+RSREPMODE=10,120,1", 0));
  reread = index_of (sent, "AT+RSFOTAMODE?", restart);
  g_assert_cmpint (reread, >, restart);
  download = index_of (sent, "AT+RSFOTA=2", 0);
  upgrade = index_of (sent, "AT+RSFOTA=3", 0);
  g_assert_cmpint (download, >, reread);
  g_assert_cmpint (upgrade, >, download);
  g_assert_cmpuint (fd_test_rsfota_count_sent (fx->t, "AT+RSFOTA=2"), ==, 1);
  g_assert_cmpuint (fd_test_rsfota_count_sent (fx->t, "AT+RSFOTA=3"), ==, 1);
  g_assert_cmpuint (fd_test_rsfota_count_sent (fx->t, "AT+CFUN=1,1"), ==, 1);
  /* Started, restarted for the settings, restarted into the upgrade. */
  g_assert_cmpuint (fd_sim_module_get_boot_count (fx->m), ==, 3);
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

static void
power_cycle_when_asked (FdTestRsfota *t, const FdJobEvent *event, gpointer data)
{
  Fixture *fx = data;

  if (fx->hook_us == 0 && event->kind == FD_JOB_EVENT_WARNING
      && strstr (event->text, "power-cycle the module now") != NULL)
    {
      fx->hook_us = g_get_monotonic_time ();
      fd_sim_module_reboot (fx->m);
    }
}

/* No reboot command: the job asks for a power-cycle and waits for it. */
static void
test_settings_power_cycle (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED_SPLIT, FD_RSFOTA_ACTION_NONE);
  g_autofree char *phases = NULL;
  g_auto (GStrv) sent = NULL;

  fx->t->hook = power_cycle_when_asked;
  fx->t->hook_data = fx;
  run (fx, &c);
  g_assert_cmpint (fx->hook_us, >, 0);
  assert_result (fx, FD_RESULT_SUCCESS, OLD_REV, FALSE);
  phases = fd_test_rsfota_phases (fx->t);
  g_assert_cmpstr (phases, ==, "configure,confirm");
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE,
                                          "reports the new settings: mode 2, log 1"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "no upgrade was triggered"));
  g_assert_cmpuint (fd_sim_module_get_boot_count (fx->m), ==, 2);
  sent = fd_test_rsfota_sent (fx->t);
  g_assert_cmpuint (count_prefix (sent, "AT+CFUN"), ==, 0);
  g_assert_cmpuint (count_prefix (sent, "AT+RSFOTA="), ==, 0);
  g_assert_cmpint (index_of (sent, "AT+RSFOTAMODE=2,1", 0), >=, 0);
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "confirm"));
}

/* Mode 2 already in force: nothing written, =2 then =3. */
static void
test_mode2_split (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED_SPLIT, FD_RSFOTA_ACTION_DOWNLOAD);
  g_auto (GStrv) sent = NULL;

  by_hand (fx, (const char *const[]){ "AT+RSFOTAMODE=2,1", NULL }, TRUE);
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  sent = fd_test_rsfota_sent (fx->t);
  g_assert_cmpuint (count_prefix (sent, "AT+RSFOTAMODE="), ==, 0);
  g_assert_cmpint (index_of (sent, "AT+RSFOTA=3", 0), >, index_of (sent, "AT+RSFOTA=2", 0));
  g_assert_cmpint (index_of (sent, "AT+RSFOTA=2", 0), >, 0);
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

/* The download pauses halfway (1,2) and goes on: the job keeps waiting. */
static void
test_paused (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);

  fd_sim_module_set_onenet (fx->m, PACKAGE, NEW_REV, FD_SIM_ONENET_DOWNLOAD_PAUSED);
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  fd_test_rsfota_assert_progress (fx->t, PACKAGE);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_WARNING, "+RSFOTA:1,2"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "download goes on"));
}

/* A check/download trigger taken by a pending result report is sent
 * again once the report ended. */
static void
test_swallowed_trigger (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autoptr (GError) error = NULL;
  g_autofree char *revision = NULL;
  const char      *target = "M5311_FOTA_V1.5.0";
  FdTestPort      *port;
  guint            boots;

  /* An upgrade done by hand whose report is still due (first_rep 1000 s
   * of simulated time, far beyond this test) ... */
  fd_sim_module_set_onenet (fx->m, 2048, OLD_REV "-hand", FD_SIM_ONENET_SUCCESS);
  by_hand (fx, (const char *const[]){ "AT+RSREPMODE=1000,120,10", NULL }, TRUE);
  boots = fd_sim_module_get_boot_count (fx->m);
  port = fd_test_open_module (fx->m);
  fd_test_command_expect (port, "AT+RSFOTA=1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_sim_module_wait_ready (fx->m, boots + 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  fd_test_port_close (port);
  /* ... and a quick report for the next start. */
  by_hand (fx, (const char *const[]){ "AT+RSREPMODE=10,120,10", NULL }, FALSE);

  fd_sim_module_set_onenet (fx->m, PACKAGE, target, FD_SIM_ONENET_SUCCESS);
  {
    g_autofree char *link = fd_sim_module_dup_link_path (fx->m);

    fd_test_rsfota_run (fx->t, link, IMEI, OLD_REV "-hand", &c);
  }
  g_assert_no_error (fx->t->error);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_SUCCESS);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "is sent again"));
  g_assert_cmpuint (fd_test_rsfota_count_sent (fx->t, "AT+RSFOTA=1"), ==, 2);
  revision = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (revision, ==, target);
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

/* Mode 0: no trigger; the module's own first check after the restart. */
static void
test_mode0_automatic (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_AUTOMATIC, FD_RSFOTA_ACTION_NONE);
  g_auto (GStrv) sent = NULL;

  c.has_first_check = c.has_auto_check = TRUE;
  c.first_check = 60;
  c.auto_check = 600;
  set_reboot_command ();
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "module's own FOTA check"));
  sent = fd_test_rsfota_sent (fx->t);
  g_assert_cmpint (index_of (sent, "AT+RSFOTAMODE=0,1,60,600", 0), >=, 0);
  g_assert_cmpuint (count_prefix (sent, "AT+RSFOTA="), ==, 0);
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

/* Mode 0 with a first check far away: the wait ends at its bound. */
static void
test_mode0_bound (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_AUTOMATIC, FD_RSFOTA_ACTION_NONE);
  g_autofree char *message = NULL;

  c.has_first_check = c.has_auto_check = TRUE;
  c.first_check = 100000;
  c.auto_check = 100000;
  set_reboot_command ();
  fx->t->bounds.phase_timeout_ms = 1500;
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (fx->t, "failed", "timeout", FD_AUDIT_NO_CODE, "configure");
  g_assert_nonnull (strstr (message, "no automatic check within 2 seconds"));
  /* It waited its bound, and not much more (liveness, generous). */
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (fx->t), >=, 1500);
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (fx->t), <, 1500 + FD_TEST_TIMEOUT_MS);
}

/* --- the module's own outcomes ------------------------------------------ */

/* Late URCs (the manual: they may not be printed in time) that the
 * restart into the new firmware overtakes: the boot line comes while the
 * job has seen only part of the download. The revision says it upgraded.
 * Download 16 x 20 ms, flashing 50 ms, boot 150 ms: the boot line at
 * about 520 ms, the first progress line (20 ms + 300 ms late) before it. */
static void
test_restart_overtakes_late_urcs (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  FdSimTiming    timing;

  fd_sim_module_get_timing (fx->m, &timing);
  timing.step_ms = 20;
  fd_sim_module_set_timing (fx->m, &timing);
  fd_sim_module_set_urc_delay (fx->m, 300);
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "late or lost"));
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

static void
test_up_to_date (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *phases = NULL;

  fd_sim_module_set_onenet (fx->m, PACKAGE, NEW_REV, FD_SIM_ONENET_NO_PACKAGE);
  run (fx, &c);
  assert_result (fx, FD_RESULT_UP_TO_DATE, OLD_REV, FALSE);
  phases = fd_test_rsfota_phases (fx->t);
  g_assert_cmpstr (phases, ==, "configure,confirm");
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "(+RSFOTA:0,0)"));
  g_free (fd_test_rsfota_assert_audit (fx->t, "up-to-date", NULL, FD_AUDIT_NO_CODE, "confirm"));
}

typedef struct
{
  FdSimOnenetOutcome outcome;
  const char        *name;
  gint64             code;
  const char        *phase;
  const char        *urc;
} Failure;

static void
test_module_failure (Fixture *fx, gconstpointer data)
{
  const Failure   *f = data;
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;
  g_autofree char *revision = NULL;

  fd_sim_module_set_onenet (fx->m, PACKAGE, NEW_REV, f->outcome);
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (fx->t, "failed", f->name, f->code, f->phase);
  g_assert_nonnull (strstr (message, f->urc));
  g_assert_cmpint (fd_test_rsfota_result_event (fx->t)->module_code, ==, f->code);
  revision = fd_sim_module_dup_revision (fx->m);
  g_assert_cmpstr (revision, ==, OLD_REV);
}

static const Failure download_failed
    = { FD_SIM_ONENET_DOWNLOAD_FAILED, "download-failed", 14, "download", "+RSFOTA:1,4" };
static const Failure rejected
    = { FD_SIM_ONENET_REJECTED, "rejected", 15, "download", "+RSFOTA:1,5" };
static const Failure upgrade_failed
    = { FD_SIM_ONENET_UPGRADE_FAILED, "upgrade-failed", 24, "upgrade", "+RSFOTA:2,4" };

/* Mode 0 takes no manual trigger: the ERROR is explained. */
static void
test_mode0_trigger_refused (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_AUTOMATIC, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  c.has_first_check = c.has_auto_check = TRUE;
  c.first_check = 100000;
  c.auto_check = 100000;
  set_reboot_command ();
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (fx->t, "failed", "module-error", FD_AUDIT_NO_CODE,
                                         "configure");
  g_assert_nonnull (strstr (message, "automatic mode (mode 0)"));
  g_assert_nonnull (strstr (message, "does not accept manual triggers"));
  g_assert_cmpuint (fd_test_rsfota_count_sent (fx->t, "AT+RSFOTA=1"), ==, 1);
}

/* log=0: no URCs; the job waits for the restart and compares revisions. */
static void
test_log_off (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_auto (GStrv) sent = NULL;

  c.log = FALSE;
  set_reboot_command ();
  run (fx, &c);
  assert_result (fx, FD_RESULT_SUCCESS, NEW_REV, TRUE);
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_WARNING, "log=0"));
  g_assert_true (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_MESSAGE, "URC reporting is off"));
  g_assert_false (fd_test_rsfota_has_text (fx->t, FD_JOB_EVENT_URC, "+RSFOTA"));
  sent = fd_test_rsfota_sent (fx->t);
  g_assert_cmpint (index_of (sent, "AT+RSFOTAMODE=1,0", 0), >=, 0);
  g_free (fd_test_rsfota_assert_audit (fx->t, "success", NULL, FD_AUDIT_NO_CODE, "confirm"));
}

/* log=0 and nothing to install: no restart comes; the bound ends the wait
 * and the message says what log=0 hides. */
static void
test_log_off_no_restart (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  c.log = FALSE;
  set_reboot_command ();
  fd_sim_module_set_onenet (fx->m, PACKAGE, NEW_REV, FD_SIM_ONENET_NO_PACKAGE);
  fx->t->bounds.phase_timeout_ms = 1500;
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (fx->t, "failed", "timeout", FD_AUDIT_NO_CODE, "download");
  g_assert_nonnull (strstr (message, "no sign of restarting"));
  g_assert_nonnull (strstr (message, "log=0"));
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (fx->t), <, 1500 + FD_TEST_TIMEOUT_MS);
}

/* --- silence, cancel, unplug -------------------------------------------- */

static void
test_silent_module (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);

  fd_sim_module_set_silent (fx->m, TRUE);
  fx->t->bounds.command_timeout_ms = 1000;
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  g_free (fd_test_rsfota_assert_audit (fx->t, "failed", "timeout", FD_AUDIT_NO_CODE, "configure"));
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (fx->t), <, 1000 + FD_TEST_TIMEOUT_MS);
}

/* It answers commands, but its FOTA run never reports: the phase bound. */
static void
test_silent_run (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  fd_sim_module_set_urc_loss (fx->m, 100);
  fx->t->bounds.phase_timeout_ms = 1500;
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (fx->t, "failed", "timeout", FD_AUDIT_NO_CODE, "configure");
  g_assert_nonnull (strstr (message, "reported no FOTA progress"));
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (fx->t), >=, 1500);
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (fx->t), <, 1500 + FD_TEST_TIMEOUT_MS);
}

static void
cancel_mid_download (FdTestRsfota *t, const FdJobEvent *event, gpointer data)
{
  Fixture *fx = data;

  if (fx->hook_us == 0 && event->kind == FD_JOB_EVENT_PROGRESS && event->bytes >= 4096)
    {
      fx->hook_us = g_get_monotonic_time ();
      fd_job_cancel (t->job);
    }
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  fd_sim_module_set_onenet (fx->m, 512 * 1024, NEW_REV, FD_SIM_ONENET_SUCCESS);
  fx->t->hook = cancel_mid_download;
  fx->t->hook_data = fx;
  run (fx, &c);
  g_assert_cmpint (fx->hook_us, >, 0);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_CANCELLED);
  /* The record says where it stood. */
  message
      = fd_test_rsfota_assert_audit (fx->t, "cancelled", "cancelled", FD_AUDIT_NO_CODE, "download");
  g_assert_nonnull (strstr (message, "the download had reached"));
  g_assert_nonnull (strstr (message, "of 524288 bytes"));
  g_assert_cmpint (fx->t->ended_us - fx->hook_us, <, FD_TEST_TIMEOUT_MS * 1000);
}

static void
test_unplugged (Fixture *fx, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  fd_sim_module_set_onenet (fx->m, 4 * PACKAGE, NEW_REV, FD_SIM_ONENET_SUCCESS);
  fd_sim_module_set_drop_port_at (fx->m, PACKAGE);
  run (fx, &c);
  g_assert_cmpint (fx->t->result, ==, FD_RESULT_FAILED);
  message
      = fd_test_rsfota_assert_audit (fx->t, "failed", "unplugged", FD_AUDIT_NO_CODE, "download");
  g_assert_nonnull (strstr (message, "port went away"));
  g_assert_nonnull (strstr (message, "of 32768 bytes"));
}

/* --- a scripted module -------------------------------------------------- */

typedef struct
{
  char         *dir;
  FdTestModule *module;
  FdTestRsfota *t;
} Script;

static void
script_setup (Script *s, gconstpointer data)
{
  s->dir = fd_test_mkdtemp ();
  s->module = fd_test_module_new ();
  fd_test_module_set_identity (s->module, "CMIOT", "M5311", "V2", IMEI, FD_DIALECT_RSFOTA);
  s->t = fd_test_rsfota_new (s->dir, NULL);
  s->t->bounds.command_timeout_ms = 1000;
}

static void
script_teardown (Script *s, gconstpointer data)
{
  g_clear_pointer (&s->t, fd_test_rsfota_free);
  g_clear_pointer (&s->module, fd_test_module_free);
  fd_models_clear_overrides ();
  fd_test_rm_rf (s->dir);
  g_free (s->dir);
}

static void
script_run (Script *s, const FdRsfotaConfig *config)
{
  fd_test_rsfota_run (s->t, fd_test_module_get_path (s->module), IMEI, "V1", config);
}

/* The last progress the UI saw before the first warning. */
static guint64
progress_before_warning (FdTestRsfota *t)
{
  guint64 bytes = 0;

  for (guint i = 0; i < t->events->len; i++)
    {
      const FdJobEvent *event = g_ptr_array_index (t->events, i);

      if (event->kind == FD_JOB_EVENT_WARNING && event->phase == FD_PHASE_DOWNLOAD)
        return bytes;
      if (event->kind == FD_JOB_EVENT_PROGRESS)
        bytes = event->bytes;
    }
  g_assert_not_reached ();
}

/* Spaces, a late progress line, a pause, 1,3 and 2,0 lost on the way,
 * boot noise: progress only moves forward and 2,3 implies the rest. */
static void
test_script_urcs (Script *s, gconstpointer data)
{
  FdRsfotaConfig    c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char  *phases = NULL;
  const FdJobEvent *end;

  fd_test_module_set_answer (s->module, "AT+RSFOTA=1",
                             "\r\nOK\r\n"
                             "\r\n+RSFOTA: 0,1\r\n"
                             "\r\n+RSFOTA:1,0\r\n"
                             "\r\n+RSFOTA:1,1,512/2052,24%\r\n"
                             "\r\n+RSFOTA:1,1,1536/2052, 74%\r\n"
                             "\r\n+RSFOTA:1,1,1024/2052,49%\r\n"
                             "\r\n+RSFOTA:1,2\r\n"
                             "\r\n+RSFOTA: 1, 1, 2048/2052, 99%\r\n"
                             "\r\n+RSFOTA:2,3\r\n"
                             "\r\n\xf8\x80\xfe\r\nRDY\r\n"
                             "\r\n+RSFOTA:-1,1\r\n");
  fd_test_module_start (s->module);
  script_run (s, &c);
  end = fd_test_rsfota_result_event (s->t);
  g_assert_no_error (s->t->error);
  g_assert_cmpint (end->result, ==, FD_RESULT_SUCCESS);
  g_assert_cmpstr (end->new_revision, ==, "V2");
  g_assert_true (end->revision_changed);
  /* The job may merge progress events that queue up, never across the
   * pause's warning: the late 1024 did not pull 1536 back. */
  fd_test_rsfota_assert_progress (s->t, 2052);
  g_assert_cmpuint (progress_before_warning (s->t), ==, 1536);
  g_assert_true (fd_test_rsfota_has_text (s->t, FD_JOB_EVENT_MESSAGE, "download goes on"));
  phases = fd_test_rsfota_phases (s->t);
  g_assert_cmpstr (phases, ==, FULL_RUN);
  g_free (fd_test_rsfota_assert_audit (s->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

/* A reset in the middle of the download ends the run: reported, not
 * waited out. */
static void
test_script_reset_midway (Script *s, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  /* back from the reset, it runs the firmware it ran before */
  fd_test_module_set_identity (s->module, "CMIOT", "M5311", "V1", IMEI, FD_DIALECT_RSFOTA);
  fd_test_module_set_answer (s->module, "AT+RSFOTA=1",
                             "\r\nOK\r\n\r\n+RSFOTA:0,1\r\n\r\n+RSFOTA:1,0\r\n"
                             "\r\n+RSFOTA:1,1,512/2052,24%\r\n\r\nRDY\r\n");
  fd_test_module_start (s->module);
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (s->t, "failed", "unplugged", FD_AUDIT_NO_CODE, "download");
  g_assert_nonnull (strstr (message, "restarted by itself"));
  g_assert_nonnull (strstr (message, "512 of 2052 bytes"));
}

/* A restart during flashing without 2,3: the revision decides. The same
 * revision is a failed upgrade; after 2,3 it is a success with a warning. */
static void
test_script_restart_without_result (Script *s, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;
  g_autofree char *phases = NULL;

  fd_test_module_set_identity (s->module, "CMIOT", "M5311", "V1", IMEI, FD_DIALECT_RSFOTA);
  fd_test_module_set_answer (s->module, "AT+RSFOTA=1",
                             "\r\nOK\r\n\r\n+RSFOTA:0,1\r\n\r\n+RSFOTA:1,3\r\n"
                             "\r\n+RSFOTA:2,0\r\n\r\nRDY\r\n");
  fd_test_module_start (s->module);
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message
      = fd_test_rsfota_assert_audit (s->t, "failed", "upgrade-failed", FD_AUDIT_NO_CODE, "confirm");
  g_assert_nonnull (strstr (message, "without reporting a result"));
  phases = fd_test_rsfota_phases (s->t);
  g_assert_cmpstr (phases, ==, "configure,download,upgrade,reboot,confirm");

  fd_test_module_set_answer (s->module, "AT+RSFOTA=1",
                             "\r\nOK\r\n\r\n+RSFOTA:0,1\r\n\r\n+RSFOTA:2,0\r\n"
                             "\r\n+RSFOTA:2,3\r\n\r\nRDY\r\n\r\n+RSFOTA:-1,1\r\n");
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_SUCCESS);
  g_assert_false (fd_test_rsfota_result_event (s->t)->revision_changed);
  g_assert_true (fd_test_rsfota_has_text (s->t, FD_JOB_EVENT_WARNING, "still runs V1"));
  g_free (fd_test_rsfota_assert_audit (s->t, "success", NULL, FD_AUDIT_NO_CODE, "report"));
}

static void
unplug_while_flashing (FdTestRsfota *t, const FdJobEvent *event, gpointer data)
{
  Script *s = data;

  if (event->kind == FD_JOB_EVENT_MESSAGE && strstr (event->text, "applying the package"))
    fd_test_module_unplug (s->module);
}

/* The port going while the module flashes is taken for its restart: the
 * job waits for it, within the reattach bound. */
static void
test_script_gone_while_flashing (Script *s, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  fd_test_module_set_answer (s->module, "AT+RSFOTA=1",
                             "\r\nOK\r\n\r\n+RSFOTA:0,1\r\n\r\n+RSFOTA:1,3\r\n"
                             "\r\n+RSFOTA:2,0\r\n");
  fd_test_module_start (s->module);
  s->t->bounds.reattach_timeout_ms = 1500;
  s->t->hook = unplug_while_flashing;
  s->t->hook_data = s;
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (s->t, "failed", "reattach-timeout", FD_AUDIT_NO_CODE,
                                         "reboot");
  g_assert_true (fd_test_rsfota_has_text (s->t, FD_JOB_EVENT_MESSAGE, "it is restarting"));
  g_assert_cmpint (fd_test_rsfota_elapsed_ms (s->t), <, 1500 + FD_TEST_TIMEOUT_MS);
}

typedef struct
{
  Script       *script;
  FdTestModule *other;
  char         *link;
} Swap;

static void
swap_module_while_flashing (FdTestRsfota *t, const FdJobEvent *event, gpointer data)
{
  Swap *swap = data;

  if (swap->other != NULL || event->kind != FD_JOB_EVENT_MESSAGE
      || strstr (event->text, "applying the package") == NULL)
    return;
  swap->other = fd_test_module_new ();
  fd_test_module_set_identity (swap->other, "CMIOT", "M5311", "V9", "869999009999995",
                               FD_DIALECT_RSFOTA);
  fd_test_module_start (swap->other);
  fd_test_module_unplug (swap->script->module);
  g_assert_cmpint (g_unlink (swap->link), ==, 0);
  g_free (fd_test_make_link (swap->script->dir, "ttyM0", fd_test_module_get_path (swap->other)));
}

/* The port comes back with another module behind it: not taken for the
 * one being upgraded; the job waits for that one, within its bound. */
static void
test_script_other_module (Script *s, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  Swap             swap = { .script = s };
  g_autofree char *message = NULL;

  fd_test_module_set_answer (s->module, "AT+RSFOTA=1",
                             "\r\nOK\r\n\r\n+RSFOTA:0,1\r\n\r\n+RSFOTA:1,3\r\n"
                             "\r\n+RSFOTA:2,0\r\n");
  fd_test_module_start (s->module);
  swap.link = fd_test_make_link (s->dir, "ttyM0", fd_test_module_get_path (s->module));
  s->t->bounds.reattach_timeout_ms = 2500;
  s->t->hook = swap_module_while_flashing;
  s->t->hook_data = &swap;
  fd_test_rsfota_run (s->t, swap.link, IMEI, "V1", &c);
  g_assert_nonnull (swap.other);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (s->t, "failed", "reattach-timeout", FD_AUDIT_NO_CODE,
                                         "reboot");
  g_assert_nonnull (strstr (message, "another module (IMEI 869999009999995)"));
  g_assert_cmpuint (fd_test_module_count_commands (swap.other), >, 0);
  fd_test_module_free (swap.other);
  g_free (swap.link);
}

/* A report flow that keeps taking the trigger (its report keeps failing):
 * sent again a bounded number of times, then the job says why it stops. */
static void
test_script_swallowed_always (Script *s, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;

  fd_test_module_set_answer (s->module, "AT+RSFOTA=1", "\r\nOK\r\n\r\n+RSFOTA:-1,0\r\n");
  fd_test_module_start (s->module);
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message = fd_test_rsfota_assert_audit (s->t, "failed", "busy", FD_AUDIT_NO_CODE, "configure");
  g_assert_nonnull (strstr (message, "result-report flow took AT+RSFOTA=1 4 times"));
  g_assert_cmpuint (fd_test_rsfota_count_sent (s->t, "AT+RSFOTA=1"), ==, 4);
  g_assert_true (
      fd_test_rsfota_has_text (s->t, FD_JOB_EVENT_MESSAGE, "took the trigger (+RSFOTA:-1,0)"));
}

/* A module that does read AT+RSREPMODE? back: equal settings are not
 * written; different ones are, and a module that does not keep them
 * after the restart fails the job. */
static void
test_script_report_settings (Script *s, gconstpointer data)
{
  FdRsfotaConfig c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_NONE);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  g_auto (GStrv) sent = NULL;

  fd_test_module_set_answer (s->module, "AT+RSREPMODE?", "\r\n+RSREPMODE: 40,120,10\r\n\r\nOK\r\n");
  fd_test_module_set_answer (s->module, "AT+RSREPMODE=20,120,10", "\r\nOK\r\n");
  fd_test_module_set_answer (s->module, "AT+CFUN=1,1", "\r\nOK\r\n\r\nRDY\r\n");
  fd_test_module_start (s->module);
  g_assert_true (fd_models_set_reboot_command ("m5311", "AT+CFUN=1,1", &error));
  c.has_first_rep = c.has_auto_rep = c.has_max_fail = TRUE;
  c.first_rep = 40;
  c.auto_rep = 120;
  c.max_fail = 10;
  script_run (s, &c);
  g_assert_no_error (s->t->error);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_SUCCESS);
  sent = fd_test_rsfota_sent (s->t);
  g_assert_cmpint (index_of (sent, "AT+RSREPMODE?", 0), >=, 0);
  g_assert_cmpuint (count_prefix (sent, "AT+RSREPMODE="), ==, 0);
  g_assert_cmpuint (count_prefix (sent, "AT+CFUN"), ==, 0);

  c.first_rep = 20;
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message
      = fd_test_rsfota_assert_audit (s->t, "failed", "module-error", FD_AUDIT_NO_CODE, "configure");
  g_assert_nonnull (strstr (message, "did not keep them"));
  g_clear_pointer (&sent, g_strfreev);
  sent = fd_test_rsfota_sent (s->t);
  g_assert_cmpint (index_of (sent, "AT+CFUN=1,1", 0), >,
                   index_of (sent, "AT+RSREPMODE=20,120,10", 0));
  g_assert_cmpint (index_of (sent, "AT+RSREPMODE=20,120,10", 0), >, 0);
}

/* No FOTA firmware: AT+RSFOTAMODE? answers ERROR, or nothing at all. */
static void
test_script_no_support (Script *s, gconstpointer data)
{
  FdRsfotaConfig   c = config_mode (FD_RSFOTA_RUN_TRIGGERED, FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *message = NULL;
  g_autofree char *silent = NULL;

  fd_test_module_set_identity (s->module, "CMIOT", "M5311", "V2", IMEI, FD_DIALECT_MFW);
  fd_test_module_start (s->module);
  script_run (s, &c);
  g_assert_cmpint (s->t->result, ==, FD_RESULT_FAILED);
  message
      = fd_test_rsfota_assert_audit (s->t, "failed", "module-error", FD_AUDIT_NO_CODE, "configure");
  g_assert_nonnull (strstr (message, "no RSFOTA support"));
  g_assert_nonnull (strstr (message, "FOTA firmware"));
  g_assert_cmpuint (fd_test_rsfota_count_sent (s->t, "AT+RSFOTA=1"), ==, 0);

  fd_test_module_set_answer (s->module, "AT+RSFOTAMODE?", NULL);
  script_run (s, &c);
  silent = fd_test_rsfota_assert_audit (s->t, "failed", "timeout", FD_AUDIT_NO_CODE, "configure");
  g_assert_nonnull (strstr (silent, "no RSFOTA support"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ("/core/flow-rsfota/" path, Fixture, NULL, setup, func, teardown)
#define ADD_DATA(path, data, func)                                                                 \
  g_test_add ("/core/flow-rsfota/" path, Fixture, data, setup, func, teardown)
#define ADD_SCRIPT(path, func)                                                                     \
  g_test_add ("/core/flow-rsfota/script/" path, Script, NULL, script_setup, func, script_teardown)
  ADD ("mode1/success", test_mode1_success);
  ADD ("mode1/usb-rename", test_mode1_usb_rename);
  ADD ("mode1/paused", test_paused);
  ADD ("mode1/swallowed-trigger", test_swallowed_trigger);
  ADD ("mode2/split", test_mode2_split);
  ADD ("settings/reboot-command", test_settings_reboot_command);
  ADD ("settings/power-cycle", test_settings_power_cycle);
  ADD ("mode0/automatic", test_mode0_automatic);
  ADD ("mode0/bound", test_mode0_bound);
  ADD ("mode0/trigger-refused", test_mode0_trigger_refused);
  ADD ("mode1/restart-overtakes-late-urcs", test_restart_overtakes_late_urcs);
  ADD ("outcome/up-to-date", test_up_to_date);
  ADD_DATA ("outcome/download-failed", &download_failed, test_module_failure);
  ADD_DATA ("outcome/rejected", &rejected, test_module_failure);
  ADD_DATA ("outcome/upgrade-failed", &upgrade_failed, test_module_failure);
  ADD ("log-off/success", test_log_off);
  ADD ("log-off/no-restart", test_log_off_no_restart);
  ADD ("silent/module", test_silent_module);
  ADD ("silent/run", test_silent_run);
  ADD ("cancel/mid-download", test_cancel);
  ADD ("unplugged/mid-download", test_unplugged);
  ADD_SCRIPT ("urcs", test_script_urcs);
  ADD_SCRIPT ("reset-midway", test_script_reset_midway);
  ADD_SCRIPT ("swallowed-always", test_script_swallowed_always);
  ADD_SCRIPT ("restart-without-result", test_script_restart_without_result);
  ADD_SCRIPT ("gone-while-flashing", test_script_gone_while_flashing);
  ADD_SCRIPT ("other-module-on-port", test_script_other_module);
  ADD_SCRIPT ("report-settings", test_script_report_settings);
  ADD_SCRIPT ("no-support", test_script_no_support);
#undef ADD
#undef ADD_DATA
#undef ADD_SCRIPT
  return g_test_run ();
}
