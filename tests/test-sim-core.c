/* test-sim-core.c — the core against the simulator, and each one's model
 * table against the other's
 *
 * The two tables are written independently on purpose (the app's in
 * src/core/fd-models-table.c, the simulated firmware's in
 * src/sim/fd-sim-models.c): here they must agree cell by cell, and the
 * core's serial port, AT session and transcript writer must work against
 * the simulated modules as against real ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fd-at-session.h"
#include "fd-models.h"
#include "fd-serial-port.h"
#include "fd-sim-fleet.h"
#include "fd-sim-package.h"
#include "fd-transcript.h"
#include "fd-test-util.h"

typedef struct
{
  char       *dir;
  FdSimFleet *fleet;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->dir = fd_test_mkdtemp ();
  fx->fleet = fd_sim_fleet_new (fx->dir, NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

/* --- the two model tables ----------------------------------------------- */

static const struct
{
  FdSimMfwCaps sim;
  FdCapability core;
} cap_pairs[] = {
  { FD_SIM_MFW_HTTP, FD_CAP_SCHEME_HTTP },
  { FD_SIM_MFW_HTTPS, FD_CAP_SCHEME_HTTPS },
  { FD_SIM_MFW_FTP, FD_CAP_SCHEME_FTP },
  { FD_SIM_MFW_FTPS, FD_CAP_SCHEME_FTPS },
  { FD_SIM_MFW_FILE, FD_CAP_SCHEME_FILE },
  { FD_SIM_MFW_HEX_WRITE, FD_CAP_WRITE_HEX },
  { FD_SIM_MFW_PASSTHROUGH, FD_CAP_WRITE_PASSTHROUGH },
  { FD_SIM_MFW_DLOAD, FD_CAP_MFWDLOAD },
  { FD_SIM_MFW_CHECK, FD_CAP_MFWCHECK },
  { FD_SIM_MFW_ERASE, FD_CAP_MFWERASE },
  { FD_SIM_MFW_COMBINED, FD_CAP_UPGRADE_DOWNLOADS },
  { FD_SIM_MFW_CFG_EXTRA, FD_CAP_CFG_TIMEOUT },
  { FD_SIM_MFW_CFG_EXTRA, FD_CAP_CFG_PROGIND },
  { FD_SIM_MFW_CFG_EXTRA, FD_CAP_CFG_PKGSIZE },
};

static gboolean
sim_has (const FdSimModel *m, FdSimMfwCaps caps)
{
  return (m->mfw_caps & caps) == caps;
}

static void
check_cell (const FdSimModel *sm, const FdModel *cm, const char *what, gboolean sim_yes,
            FdCapability cap)
{
  FdSupport support = fd_model_supports (cm, cap);

  g_test_message ("%s %s: sim %s, core %d", sm->model, what, sim_yes ? "yes" : "no", support);
  /* "Unknown" in the app (a model without its sub-model) is not a cell
   * the firmware can disagree with. */
  if (support == FD_SUPPORT_UNKNOWN)
    return;
  if ((support == FD_SUPPORT_YES) != sim_yes)
    g_error ("model tables disagree: %s, %s (%s): simulated firmware says %s, the app says %s",
             sm->model, what, fd_capability_to_string (cap), sim_yes ? "yes" : "no",
             support == FD_SUPPORT_YES ? "yes" : "no");
}

static void
test_tables_agree (void)
{
  gsize                  n;
  const FdSimModel      *models = fd_sim_model_get_all (&n);
  static const FdDialect dialects[] = { FD_DIALECT_RSFOTA, FD_DIALECT_MFW, FD_DIALECT_LUAT };

  for (gsize i = 0; i < n; i++)
    {
      const FdSimModel *sm = &models[i];
      const FdModel    *cm = fd_models_lookup (sm->model);

      g_assert_false (fd_model_is_unknown (cm));
      g_assert_true (fd_model_get_dialects (cm) & dialects[sm->dialect]);
      if (sm->dialect != FD_SIM_DIALECT_MFW)
        continue;
      for (gsize k = 0; k < G_N_ELEMENTS (cap_pairs); k++)
        check_cell (sm, cm, "cap", sim_has (sm, cap_pairs[k].sim), cap_pairs[k].core);
      check_cell (sm, cm, "ssl", sim_has (sm, FD_SIM_MFW_CFG_EXTRA | FD_SIM_MFW_SSL),
                  FD_CAP_CFG_SSL);
      check_cell (sm, cm, "pkgsize>512",
                  sim_has (sm, FD_SIM_MFW_CFG_EXTRA) && !sim_has (sm, FD_SIM_MFW_PKG_512),
                  FD_CAP_PKGSIZE_ABOVE_512);
      /* Every MFW model has AT+MFWUPGRADE and the url/auth items. */
      check_cell (sm, cm, "upgrade", TRUE, FD_CAP_MFWUPGRADE);
      check_cell (sm, cm, "url", TRUE, FD_CAP_CFG_URL);
      check_cell (sm, cm, "auth", TRUE, FD_CAP_CFG_AUTH);
    }
}

/* --- the core's serial port and session --------------------------------- */

static FdAtSession *
open_session (FdSimModule *m)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *link = NULL;
  g_autoptr (FdSerialPort) port = NULL;
  FdAtSession *session;

  g_assert_true (
      fd_sim_module_wait_ready (m, fd_sim_module_get_boot_count (m), FD_TEST_TIMEOUT_MS, &error));
  link = fd_sim_module_dup_link_path (m);
  port = fd_serial_port_open (link, 115200, &error);
  g_assert_no_error (error);
  session = fd_at_session_new (port);
  g_assert_true (fd_at_session_echo_off (session, NULL, &error));
  g_assert_no_error (error);
  return session;
}

static void
collect_urc (FdAtSession *session, const char *line, gint64 time_ms, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (line));
}

static gboolean
has_line (GPtrArray *lines, const char *line)
{
  return g_ptr_array_find_with_equal_func (lines, line, g_str_equal, NULL);
}

/* Waits (bounded) for @line among the URCs the session dispatches. */
static void
wait_urc (FdAtSession *session, GPtrArray *urcs, const char *line)
{
  gint64 deadline = g_get_monotonic_time () + FD_TEST_TIMEOUT_MS * 1000;

  while (!has_line (urcs, line))
    {
      g_autoptr (GError) error = NULL;
      guint n = 0;

      if (g_get_monotonic_time () > deadline)
        g_error ("no %s within %u ms", line, FD_TEST_TIMEOUT_MS);
      g_assert_true (fd_at_session_wait_urcs (session, 200, &n, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
test_session_identity (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "ML307A-DSLN", NULL, NULL, &error);
  g_autoptr (FdAtSession) session = open_session (m);
  g_autofree char *cgsn = fd_at_session_query (session, "AT+CGSN=1", "+CGSN:", 0, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("+CGSN: %s", fd_sim_module_get_imei (m));
  g_autoptr (GPtrArray) rev = fd_at_session_command (session, "AT+CGMR", 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cgsn, ==, expected);
  g_assert_cmpuint (rev->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rev, 0), ==, "ML307A_V1.2");
  /* A module error comes back as the module's code. */
  g_assert_null (fd_at_session_command (session, "AT+MFWDLOAD", 0, NULL, &error));
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_ERROR);
}

/* The RSFOTA flow through the core's URC handler, across the reboot. */
static void
test_session_rsfota (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "M5311", NULL, NULL, &error);
  g_autoptr (FdAtSession) session = open_session (m);
  g_autoptr (GPtrArray) urcs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ok = NULL;
  g_autoptr (GPtrArray) rev = NULL;

  fd_sim_module_set_onenet (m, 2052, "M5311_CORE_V2", FD_SIM_ONENET_SUCCESS);
  fd_at_session_set_urc_handler (session, collect_urc, g_ptr_array_ref (urcs),
                                 (GDestroyNotify)g_ptr_array_unref);
  ok = fd_at_session_command (session, "AT+RSFOTA=1", 0, NULL, &error);
  g_assert_no_error (error);
  wait_urc (session, urcs, "+RSFOTA:2,3");
  wait_urc (session, urcs, "+RSFOTA:-1,1");
  g_assert_true (has_line (urcs, "+RSFOTA:1,1,2048/2052,99%"));
  g_assert_true (has_line (urcs, "RDY")); /* the boot lines are URCs too */
  g_assert_true (fd_at_session_echo_off (session, NULL, &error));
  rev = fd_at_session_command (session, "AT+CGMR", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (rev, 0), ==, "M5311_CORE_V2");
}

static void
test_session_passthrough (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "M5311-E", NULL, NULL, &error);
  g_autoptr (FdAtSession) session = NULL;
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_VIA_CORE", 40000, 7);
  g_autofree char *cmd = g_strdup_printf ("AT+MFWDLOAD=0,%zu", g_bytes_get_size (pkg));
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pkg);
  g_autofree char *upper = g_ascii_strup (sum, -1);
  g_autofree char *expected = g_strdup_printf ("+MFWCHECK: %s", upper);
  g_autofree char *check = NULL;

  fd_sim_module_set_baud (m, 921600);
  session = open_session (m);
  g_assert_true (fd_at_session_write_raw (session, cmd, g_bytes_get_data (pkg, NULL),
                                          g_bytes_get_size (pkg), 5000, 10000, NULL, NULL, NULL,
                                          &error));
  g_assert_no_error (error);
  check = fd_at_session_query (session, "AT+MFWCHECK=2", "+MFWCHECK:", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (check, ==, expected);
}

static void
test_session_gone (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "Air780E", NULL, NULL, &error);
  g_autoptr (FdAtSession) session = open_session (m);
  g_autoptr (GPtrArray) ok = fd_at_session_command (session, "AT+CFUN=1,1", 0, NULL, &error);
  guint n;

  g_assert_no_error (error);
  /* The USB module re-enumerates: the core sees the port go. */
  while (fd_at_session_wait_urcs (session, 200, &n, NULL, &error))
    ;
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
}

/* A session recorded by the core's transcript writer replays in the
 * simulator: a field session reproduced on a desk. */
static void
test_core_transcript_replay (Fixture *fx, gconstpointer data)
{
  static const char *const secrets[] = { "hunter2", NULL };
  static const char *const script[]
      = { "AT+CGMI",      "AT+CGMM", "AT+MFWCFG=\"url\"", "AT+MFWCFG=\"progind\",1024",
          "AT+MFWDLOAD?", NULL };
  g_autofree char *path = g_build_filename (fx->dir, "field.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) second = g_ptr_array_new_with_free_func (g_free);
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "MN316-S", NULL, NULL, &error);
  FdSimModule *r;

  {
    g_autoptr (FdTranscriptHeader) header = fd_transcript_header_new (
        "MN316-S", fd_sim_module_get_imei (m), "MN316-S_V1.0.1", "/dev/ttyUSB0");
    g_autoptr (FdTranscript) tr = fd_transcript_new (path, header, secrets, &error);
    g_autoptr (FdAtSession) session = NULL;

    g_assert_no_error (error);
    g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, NULL));
    g_autofree char *link = fd_sim_module_dup_link_path (m);
    g_autoptr (FdSerialPort) port = fd_serial_port_open (link, 115200, &error);
    g_assert_no_error (error);
    session = fd_at_session_new (port);
    fd_at_session_set_transcript_handler (session, fd_transcript_at_handler, g_object_ref (tr),
                                          g_object_unref);
    g_assert_true (fd_at_session_echo_off (session, NULL, &error));
    g_autoptr (GPtrArray) auth
        = fd_at_session_command (session, "AT+MFWCFG=\"auth\",\"u\",\"hunter2\"", 0, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; script[i] != NULL; i++)
      {
        g_autoptr (GPtrArray) lines = fd_at_session_command (session, script[i], 0, NULL, NULL);
        g_ptr_array_add (first, lines != NULL && lines->len > 0
                                    ? g_strdup (g_ptr_array_index (lines, 0))
                                    : g_strdup (lines != NULL ? "OK" : "error"));
      }
    g_clear_object (&session);
    g_assert_true (fd_transcript_close (tr, &error));
  }
  g_autofree char *raw = NULL;
  g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
  g_assert_null (strstr (raw, "hunter2"));

  r = fd_sim_fleet_add_replay (fx->fleet, path, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr (FdAtSession) session = open_session (r);

    g_autoptr (GPtrArray) auth
        = fd_at_session_command (session, "AT+MFWCFG=\"auth\",\"u\",\"other\"", 0, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; script[i] != NULL; i++)
      {
        g_autoptr (GPtrArray) lines = fd_at_session_command (session, script[i], 0, NULL, NULL);
        g_ptr_array_add (second, lines != NULL && lines->len > 0
                                     ? g_strdup (g_ptr_array_index (lines, 0))
                                     : g_strdup (lines != NULL ? "OK" : "error"));
      }
  }
  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (first, i), ==, g_ptr_array_index (second, i));
  g_assert_cmpstr (g_ptr_array_index (first, 0), ==, "CMIOT");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/core/model-tables-agree", test_tables_agree);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/core/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("session/identity", test_session_identity);
  ADD ("session/rsfota", test_session_rsfota);
  ADD ("session/passthrough", test_session_passthrough);
  ADD ("session/gone", test_session_gone);
  ADD ("transcript/core-recorded-replay", test_core_transcript_replay);
#undef ADD
  return g_test_run ();
}
