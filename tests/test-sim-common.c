/* test-sim-common.c — the commands every simulated module answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fd-sim-fleet.h"
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
  g_assert_nonnull (fx->fleet);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static gboolean
luhn_ok (const char *imei)
{
  int sum = 0;

  for (int i = 0; i < 15; i++)
    {
      int d = imei[14 - i] - '0';
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return sum % 10 == 0;
}

static const struct
{
  const char *model;
  const char *maker;
  const char *revision;
} identities[] = {
  { "M5311", "CMIOT", "M5311_FOTA_V1.3.0" },
  { "M5311-E-DLVS", "CMIOT", "M5311-E_V2.1.0" },
  { "M5310-E", "CMIOT", "M5310-E_V2.0.4" },
  { "MN316-DBRS", "CMIOT", "MN316_V1.1.2" },
  { "MN316-S-DLVS", "CMIOT", "MN316-S_V1.0.1" },
  { "ML302A-GSLM", "CMIOT", "ML302A_V1.4" },
  { "ML307A-DCLN", "CMIOT", "ML307A_V1.2" },
  { "ML302S-DNLM", "CMIOT", "ML302S_V1.1" },
  { "ML307S-DNLM", "CMIOT", "ML307S_V1.0" },
  { "Air724UG", "AirM2M", "AirM2M_724UG_V1010_LTE_AT" },
  { "Air780EG", "AirM2M", "AirM2M_780E_V1120_LTE_AT" },
};

static void
test_identity (Fixture *fx, gconstpointer data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      g_autoptr (GError) error = NULL;
      FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, identities[i].model, NULL, NULL, &error);
      g_autoptr (FdTestPort) port = NULL;
      g_autofree char *cgsn = NULL;
      g_autofree char *rev = NULL;
      g_autofree char *imei_line = NULL;
      const char      *imei;

      g_assert_no_error (error);
      port = fd_test_open_module (m);
      imei = fd_sim_module_get_imei (m);
      g_assert_cmpuint (strlen (imei), ==, 15);
      g_assert_true (luhn_ok (imei));
      cgsn = g_strdup_printf ("+CGSN: %s", imei);
      rev = g_strdup_printf ("Revision: %s", identities[i].revision);
      imei_line = g_strdup_printf ("IMEI: %s", imei);
      fd_test_command_expect (port, "AT+CGMI",
                              (const char *const[]){ identities[i].maker, "OK", NULL });
      fd_test_command_expect (port, "AT+CGMM",
                              (const char *const[]){ identities[i].model, "OK", NULL });
      fd_test_command_expect (port, "AT+CGMR",
                              (const char *const[]){ identities[i].revision, "OK", NULL });
      fd_test_command_expect (port, "AT+CGSN", (const char *const[]){ imei, "OK", NULL });
      fd_test_command_expect (port, "AT+CGSN=1", (const char *const[]){ cgsn, "OK", NULL });
      fd_test_command_expect (port, "ATI",
                              (const char *const[]){ identities[i].maker, identities[i].model, rev,
                                                     imei_line, "OK", NULL });
    }
}

static void
test_given_identity (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "ML307A-GSLN", "869999001234567",
                                            "ML307A_CUSTOM_R7", &error);
  g_autoptr (FdTestPort) port = NULL;
  g_autofree char *rev = NULL;

  g_assert_no_error (error);
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGSN=1",
                          (const char *const[]){ "+CGSN: 869999001234567", "OK", NULL });
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ML307A_CUSTOM_R7", "OK", NULL });
  rev = fd_sim_module_dup_revision (m);
  g_assert_cmpstr (rev, ==, "ML307A_CUSTOM_R7");
  g_assert_cmpint (fd_sim_module_get_dialect (m), ==, FD_SIM_DIALECT_MFW);
}

static void
test_cmee (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "MN316", NULL, NULL, NULL);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+CMEE?", (const char *const[]){ "+CMEE: 1", "OK", NULL });
  fd_test_command_expect (port, "AT+CMEE=?", (const char *const[]){ "+CMEE: (0-2)", "OK", NULL });
  fd_test_command_expect (port, "AT+CMEE=2", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+CMEE?", (const char *const[]){ "+CMEE: 2", "OK", NULL });
  fd_test_command_expect (port, "AT+CMEE=3", (const char *const[]){ "ERROR", NULL });
  fd_test_command_expect (port, "AT+CMEE", (const char *const[]){ "ERROR", NULL });
  fd_test_command_expect (port, "AT+CMEE=0", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+CMEE?", (const char *const[]){ "+CMEE: 0", "OK", NULL });
}

static void
test_errors (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "Air780E", NULL, NULL, NULL);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  static const char *const bad[] = {
    "AT+NOSUCH", "AT+CGMR=1",   "AT+CGMR?", "AT+CGSN=2",       "AT+CGSN=1,2", "ATE2", "ATI5",
    "AT+CFUN=2", "AT+CFUN=0,1", "AT+CSQ?",  "AT+MFWCFG=\"url", "ATV0",        "AT+",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    fd_test_command_expect (port, bad[i], (const char *const[]){ "ERROR", NULL });
  /* Still fine afterwards. */
  fd_test_command_expect (port, "AT", (const char *const[]){ "OK", NULL });
}

static void
test_misc (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "M5311-E", NULL, NULL, NULL);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *imsi = NULL;

  fd_test_command_expect (port, "AT+CPIN?", (const char *const[]){ "+CPIN: READY", "OK", NULL });
  fd_test_command_expect (port, "AT+CEREG?", (const char *const[]){ "+CEREG: 0,1", "OK", NULL });
  fd_test_command_expect (port, "AT+CSQ", (const char *const[]){ "+CSQ: 24,99", "OK", NULL });
  fd_test_command_expect (port, "AT+CFUN?", (const char *const[]){ "+CFUN: 1", "OK", NULL });
  fd_test_command_expect (port, "AT+CFUN=0", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+CFUN?", (const char *const[]){ "+CFUN: 0", "OK", NULL });
  fd_test_command_expect (port, "AT+CEREG?", (const char *const[]){ "+CEREG: 0,0", "OK", NULL });
  fd_test_command_expect (port, "AT+CFUN=1", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+GMR", (const char *const[]){ "M5311-E_V2.1.0", "OK", NULL });
  imsi = fd_test_query (port, "AT+CIMI");
  g_assert_true (g_str_has_prefix (imsi, "46004"));
  g_assert_cmpuint (strlen (imsi), ==, 15);
  /* ATZ restores echo. */
  fd_test_port_send (port, "ATZ");
  fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_port_send (port, "AT");
  fd_test_port_expect (port, (const char *const[]){ "AT", "OK", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_reboot_resets (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "ML307S", NULL, NULL, NULL);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GError) error = NULL;

  fd_test_command_expect (port, "AT+CMEE=0", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_open_module (m);
  /* Power-up defaults again: CMEE=1 (echo is checked by the infra tests). */
  fd_test_command_expect (port, "AT+CMEE?", (const char *const[]){ "+CMEE: 1", "OK", NULL });
}

/* The spec's dialect probes: each model answers its own only. */
static void
test_dialect_probes (Fixture *fx, gconstpointer data)
{
  static const struct
  {
    const char *model;
    const char *answers; /* R: +RSFOTAMODE?, M: +MFWCFG="url", L: +UPGRADE? */
  } rows[] = {
    { "M5311", "R" },   { "M5311-E", "M" },     { "M5310-E", "M" },     { "MN316", "M" },
    { "MN316-S", "M" }, { "ML302A-DSLM", "M" }, { "ML307A-DCLN", "M" }, { "ML302S", "M" },
    { "ML307S", "M" },  { "Air724UG", "L" },    { "Air780E", "L" },
  };
  static const struct
  {
    char        key;
    const char *command;
    const char *prefix;
  } probes[] = {
    { 'R', "AT+RSFOTAMODE?", "+RSFOTAMODE:" },
    { 'M', "AT+MFWCFG=\"url\"", "+MFWCFG: \"url\"," },
    { 'L', "AT+UPGRADE?", "+UPGRADE: " },
  };

  for (gsize r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, rows[r].model, NULL, NULL, NULL);
      g_autoptr (FdTestPort) port = fd_test_open_module (m);

      for (gsize p = 0; p < G_N_ELEMENTS (probes); p++)
        {
          g_autoptr (GPtrArray) lines
              = fd_test_port_command (port, probes[p].command, FD_TEST_TIMEOUT_MS);

          g_test_message ("%s %s", rows[r].model, probes[p].command);
          g_assert_nonnull (lines);
          if (strchr (rows[r].answers, probes[p].key) != NULL)
            {
              g_assert_cmpuint (lines->len, ==, 2);
              g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, 0), probes[p].prefix));
              g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "OK");
            }
          else
            fd_test_assert_lines (lines, (const char *const[]){ "ERROR", NULL });
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/common/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("identity", test_identity);
  ADD ("given-identity", test_given_identity);
  ADD ("cmee", test_cmee);
  ADD ("errors", test_errors);
  ADD ("misc", test_misc);
  ADD ("reboot-resets", test_reboot_resets);
  ADD ("dialect-probes", test_dialect_probes);
#undef ADD
  return g_test_run ();
}
