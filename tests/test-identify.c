/* test-identify.c — identification: pure helpers by tables, the sequence
 * against scripted modules on real ptys, and the probe's problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-identify.h"
#include "fd-port-probe.h"
#include "fd-test-module.h"

/* Generous: the machine is shared and noisy. Liveness, not speed. */
#define LIVENESS_BOUND_US (8 * G_USEC_PER_SEC)
/* Short bounds where a test waits for silence on purpose. */
#define QUICK_TIMEOUT_MS 300

/* ---- the allowed list ----------------------------------------------------- */

static void
test_allowed_exact (void)
{
  /* Written out by hand: a command added to the list must be added here
   * too, after checking it changes nothing in the module. */
  static const char *const expected[] = {
    "AT",              /* attention: does anything answer */
    "ATE0",            /* echo off: volatile, back on at the next restart */
    "AT+CMEE=1",       /* numeric +CME ERROR: volatile */
    "AT+CGMI",         /* maker */
    "AT+CGMM",         /* model */
    "AT+CGMR",         /* firmware revision */
    "AT+CGSN=1",       /* 27.007: <snt>=1 returns the IMEI */
    "AT+CGSN",         /* serial number (IMEI) */
    "ATI",             /* product information */
    "AT+RSFOTAMODE?",  /* read form: RSFOTA settings */
    "AT+MFWCFG=\"url\"", /* read form of one MFWCFG item: no value */
    "AT+UPGRADE?",     /* read form: Luat FOTA status */
    NULL,
  };
  const char *const *allowed = fd_identify_get_allowed_commands ();

  g_assert_cmpstrv (allowed, expected);
}

static void
test_allowed_nothing_dangerous (void)
{
  /* What would set, trigger, erase or store, in any spelling we know */
  static const char *const forbidden_prefixes[] = {
    "AT+RSFOTA=", "AT+RSFOTAMODE=", "AT+RSREPMODE=", "AT+MFWDLOAD", "AT+MFWUPGRADE",
    "AT+MFWERASE", "AT+MFWCHECK", "AT+CFUN", "AT&W", "ATZ", "AT&F", "AT+UPGRADE=",
  };
  const char *const *allowed = fd_identify_get_allowed_commands ();

  for (gsize i = 0; allowed[i] != NULL; i++)
    {
      for (gsize j = 0; j < G_N_ELEMENTS (forbidden_prefixes); j++)
        g_assert_false (g_str_has_prefix (allowed[i], forbidden_prefixes[j]));
      /* the bare execute form of AT+UPGRADE starts an upgrade */
      g_assert_cmpstr (allowed[i], !=, "AT+UPGRADE");
      g_assert_cmpstr (allowed[i], !=, "AT+RSFOTA");
      /* MFWCFG: only the read of an item, never a value after it */
      if (g_str_has_prefix (allowed[i], "AT+MFWCFG"))
        g_assert_cmpstr (allowed[i], ==, "AT+MFWCFG=\"url\"");
    }
}

/* ---- pure helpers ---------------------------------------------------------- */

static void
test_parse_value (void)
{
  static const struct {
    const char *line;
    const char *name;
    const char *expected;
  } cases[] = {
    { "+CGMM: ML307A-DSLN", "CGMM", "ML307A-DSLN" },
    { "+CGMM:ML307A", "CGMM", "ML307A" },
    { "+cgmm: \"MN316-S\"", "CGMM", "MN316-S" },
    { "ML302A", "CGMM", "ML302A" },
    { "  Air780E  ", "CGMM", "Air780E" },
    { "Model: SIMCOM_SIM7600E", "CGMM", "SIMCOM_SIM7600E" },
    { "Revision: EC25EFAR06A03M4G", "CGMR", "EC25EFAR06A03M4G" },
    { "+CGMR: \"AirM2M_780E_V1121_LTE_AT\"", "CGMR", "AirM2M_780E_V1121_LTE_AT" },
    { "Manufacturer: China Mobile", "CGMI", "China Mobile" },
    { "+CGMI: \"CMCC\"", "CGMI", "CMCC" },
    { "+CGMM:", "CGMM", NULL },
    { "\"\"", "CGMM", NULL },
    { "   ", "CGMM", NULL },
    { "M5311\x01\x02", "CGMM", "M5311" },
    { "bad\xff\xfeutf8", "CGMM", "bad\xef\xbf\xbd\xef\xbf\xbdutf8" },
    /* a label of another field is kept as text */
    { "Revision: X", "CGMM", "Revision: X" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = fd_identify_parse_value (cases[i].line, cases[i].name);

      g_assert_cmpstr (value, ==, cases[i].expected);
    }
}

static void
test_parse_value_bounded (void)
{
  g_autofree char *long_line = g_strnfill (1000, 'A');
  g_autofree char *value = fd_identify_parse_value (long_line, "CGMM");

  g_assert_cmpuint (strlen (value), <=, 128);
}

static GPtrArray *lines_new (const char *const *lines);

static void
test_pick_value (void)
{
  static const struct {
    const char *lines[4];
    const char *name;
    const char *expected;
  } cases[] = {
    { { "ML307A", NULL }, "CGMM", "ML307A" },
    /* junk that came before the answer is a line of its own */
    { { "\x9c\xff\x01", "ML307A", NULL }, "CGMM", "ML307A" },
    { { "\x9c\xff\x01", "MN316_V1.1.2", NULL }, "CGMR", "MN316_V1.1.2" },
    /* a tagged line wins wherever it is */
    { { "+CGMR: R2", "R3", NULL }, "CGMR", "R2" },
    { { "noise", "Revision: R4", NULL }, "CGMR", "R4" },
    { { "\x01\x02", NULL }, "CGMM", NULL },
    { { "  ", NULL }, "CGMM", NULL },
    { { NULL }, "CGMM", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) lines = lines_new (cases[i].lines);
      g_autofree char *value = fd_identify_pick_value (lines, cases[i].name);

      g_assert_cmpstr (value, ==, cases[i].expected);
    }
}

static GPtrArray *
lines_new (const char *const *lines)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (lines[i]));
  return array;
}

static void
test_find_imei (void)
{
  static const struct {
    const char *lines[4];
    const char *expected;
  } cases[] = {
    { { "+CGSN: 861234567890123", NULL }, "861234567890123" },
    { { "+CGSN:861234567890123", NULL }, "861234567890123" },
    { { "861234567890123", NULL }, "861234567890123" },
    { { "Quectel", "EC25", "IMEI: 861234567890124", NULL }, "861234567890124" },
    { { "imei:861234567890125", NULL }, "861234567890125" },
    { { "12345", NULL }, NULL },        /* too short for an IMEI */
    { { "+CGSN: ERROR", NULL }, NULL },
    { { "Revision: 861234567890123X", NULL }, NULL },
    { { NULL }, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) lines = lines_new (cases[i].lines);
      g_autofree char *imei = fd_identify_find_imei (lines);

      g_assert_cmpstr (imei, ==, cases[i].expected);
    }
}

static void
test_ati (void)
{
  static const struct {
    const char *lines[6];
    const char *known_maker;
    const char *maker;
    const char *model;
    const char *revision;
  } cases[] = {
    { { "Quectel", "EC25", "Revision: EC25EFAR06A03M4G", NULL },
      NULL, "Quectel", "EC25", "EC25EFAR06A03M4G" },
    { { "Quectel", "EC25", "Revision: EC25EFAR06A03M4G", NULL },
      "QUECTEL", "Quectel", "EC25", "EC25EFAR06A03M4G" },
    { { "Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7600E-H",
        "Revision: SIM7600M22_V2.0", "IMEI: 861234567890123", "+GCAP: +CGSM", NULL },
      NULL, "SIMCOM INCORPORATED", "SIMCOM_SIM7600E-H", "SIM7600M22_V2.0" },
    /* a single bare line is the model */
    { { "ML307A", NULL }, NULL, NULL, "ML307A", NULL },
    { { "861234567890123", "ML307A", NULL }, NULL, NULL, "ML307A", NULL },
    /* junk before the answer is no maker */
    { { "\xfe\x80~", "Quectel", "EC25", "Revision: R", NULL },
      NULL, "Quectel", "EC25", "R" },
    { { NULL }, NULL, NULL, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) lines = lines_new (cases[i].lines);
      g_autofree char *maker = fd_identify_manufacturer_from_ati (lines);
      g_autofree char *model = fd_identify_model_from_ati (lines, cases[i].known_maker);
      g_autofree char *revision = fd_identify_revision_from_ati (lines);

      g_assert_cmpstr (maker, ==, cases[i].maker);
      g_assert_cmpstr (model, ==, cases[i].model);
      g_assert_cmpstr (revision, ==, cases[i].revision);
    }
}

static void
test_probe_answered (void)
{
  static const struct {
    FdDialect   dialect;
    const char *lines[3]; /* { NULL } with @error_code != 0: the probe failed */
    int         error_code; /* -1: plain ERROR; 0: OK */
    gboolean    expected;
  } cases[] = {
    { FD_DIALECT_RSFOTA, { "+RSFOTAMODE:0,1,60,86400", NULL }, 0, TRUE },
    { FD_DIALECT_RSFOTA, { "+RSFOTAMODE: 1,1", NULL }, 0, TRUE },
    { FD_DIALECT_RSFOTA, { NULL }, 0, FALSE },            /* OK alone says nothing */
    { FD_DIALECT_RSFOTA, { "garbage", NULL }, 0, FALSE },
    { FD_DIALECT_RSFOTA, { NULL }, -1, FALSE },
    { FD_DIALECT_MFW, { "+MFWCFG: \"url\",\"http://x/y\"", NULL }, 0, TRUE },
    { FD_DIALECT_MFW, { NULL }, 0, TRUE },                /* no URL set yet */
    { FD_DIALECT_MFW, { NULL }, 851, TRUE },              /* MFW's own error */
    { FD_DIALECT_MFW, { NULL }, 855, TRUE },
    { FD_DIALECT_MFW, { NULL }, 849, FALSE },
    { FD_DIALECT_MFW, { NULL }, 4, FALSE },               /* operation not supported */
    { FD_DIALECT_MFW, { NULL }, -1, FALSE },
    { FD_DIALECT_MFW, { "+CME: junk", NULL }, 0, FALSE },
    { FD_DIALECT_LUAT, { "+UPGRADE: 0", NULL }, 0, TRUE },
    { FD_DIALECT_LUAT, { "+UPGRADE:2,-1004,404,0", NULL }, 0, TRUE },
    { FD_DIALECT_LUAT, { NULL }, 0, FALSE },
    { FD_DIALECT_LUAT, { NULL }, 851, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].error_code == -1)
        error = g_error_new_literal (FD_AT_ERROR, FD_AT_ERROR_ERROR, "ERROR");
      else if (cases[i].error_code > 0)
        error = g_error_new_literal (FD_CME_ERROR, cases[i].error_code, "+CME ERROR");
      else
        lines = lines_new (cases[i].lines);
      g_assert_cmpint (fd_identify_probe_answered (cases[i].dialect, lines, error), ==,
                       cases[i].expected);
    }
}

static void
test_dialects_to_string (void)
{
  g_autofree char *none = fd_dialects_to_string (FD_DIALECT_NONE);
  g_autofree char *two = fd_dialects_to_string (FD_DIALECT_LUAT | FD_DIALECT_RSFOTA);
  g_autofree char *all = fd_dialects_to_string (FD_DIALECT_RSFOTA | FD_DIALECT_MFW |
                                                FD_DIALECT_LUAT);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (two, ==, "rsfota,luat");
  g_assert_cmpstr (all, ==, "rsfota,mfw,luat");
}

/* ---- the sequence on a real pty ------------------------------------------- */

static FdAtSession *
open_session (FdTestModule *module)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSerialPort) port = fd_serial_port_open (fd_test_module_get_path (module), 0,
                                                      &error);

  g_assert_no_error (error);
  return fd_at_session_new (port);
}

static void
assert_commands (FdTestModule *module, const char *const *expected)
{
  g_auto(GStrv) commands = fd_test_module_dup_commands (module);

  g_assert_cmpstrv ((const char *const *) commands, expected);
  fd_test_assert_only_allowed ((const char *const *) commands);
}

static void
test_sequence_full (void)
{
  static const char *const expected[] = {
    "AT", "ATE0", "AT+CMEE=1", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN=1",
    "AT+RSFOTAMODE?", "AT+MFWCFG=\"url\"", "AT+UPGRADE?", NULL,
  };
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  fd_test_module_set_identity (module, "CMCC", "ML307A-DSLN", "ML307AR01A01", "861234567890123",
                               FD_DIALECT_MFW);
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_true (fd_identify (session, 0, &identity, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (identity.manufacturer, ==, "CMCC");
  g_assert_cmpstr (identity.model, ==, "ML307A-DSLN");
  g_assert_cmpstr (identity.revision, ==, "ML307AR01A01");
  g_assert_cmpstr (identity.imei, ==, "861234567890123");
  g_assert_cmpint (identity.dialects, ==, FD_DIALECT_MFW);
  g_assert_true (identity.answered_at);
  assert_commands (module, expected);
}

static void
test_sequence_fallbacks (void)
{
  /* no AT+CGSN=1, IMEI bare from AT+CGSN; no AT+CGMM: model from ATI */
  static const char *const expected[] = {
    "AT", "ATE0", "AT+CMEE=1", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN=1", "AT+CGSN",
    "ATI", "AT+RSFOTAMODE?", "AT+MFWCFG=\"url\"", "AT+UPGRADE?", NULL,
  };
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  fd_test_module_set_identity (module, "AirM2M", NULL, "AirM2M_780E_V1121_LTE_AT",
                               "866123456789012", FD_DIALECT_LUAT);
  fd_test_module_set_answer (module, "AT+CGSN=1", "\r\n+CME ERROR: 50\r\n");
  fd_test_module_set_answer (module, "ATI",
                             "\r\nAirM2M\r\nAir780E\r\nRevision: V1121\r\n\r\nOK\r\n");
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_true (fd_identify (session, 0, &identity, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (identity.manufacturer, ==, "AirM2M");
  g_assert_cmpstr (identity.model, ==, "Air780E");
  /* CGMR's answer wins over ATI's */
  g_assert_cmpstr (identity.revision, ==, "AirM2M_780E_V1121_LTE_AT");
  g_assert_cmpstr (identity.imei, ==, "866123456789012");
  g_assert_cmpint (identity.dialects, ==, FD_DIALECT_LUAT);
  assert_commands (module, expected);
}

static void
test_sequence_imei_from_ati (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  fd_test_module_set_identity (module, "China Mobile", "M5311", "M5311_V1", NULL,
                               FD_DIALECT_RSFOTA);
  fd_test_module_set_answer (module, "ATI",
                             "\r\nChina Mobile\r\nM5311\r\nIMEI: 869999999999999\r\n\r\nOK\r\n");
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_true (fd_identify (session, 0, &identity, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (identity.imei, ==, "869999999999999");
  g_assert_cmpstr (identity.model, ==, "M5311");
  g_assert_cmpint (identity.dialects, ==, FD_DIALECT_RSFOTA);
}

static void
test_sequence_several_dialects_and_noise (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  fd_test_module_set_identity (module, "CMCC", "M5311-E", "R1", "861111111111111",
                               FD_DIALECT_RSFOTA | FD_DIALECT_MFW);
  /* boot lines and a URC inside an answer: URCs, not the model */
  fd_test_module_set_answer (module, "AT+CGMM",
                             "\r\nRDY\r\n+CEREG: 1,1\r\n\r\n+CGMM: M5311-E\r\n\r\nOK\r\n");
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_true (fd_identify (session, 0, &identity, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (identity.model, ==, "M5311-E");
  g_assert_cmpint (identity.dialects, ==, FD_DIALECT_RSFOTA | FD_DIALECT_MFW);
}

static void
test_sequence_sleepy (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) commands = NULL;

  fd_test_module_set_identity (module, "CMCC", "MN316", "R2", "861111111111112", FD_DIALECT_MFW);
  fd_test_module_set_sleepy (module, FD_IDENTIFY_WAKE_ATTEMPTS - 1);
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_true (fd_identify (session, QUICK_TIMEOUT_MS, &identity, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (identity.model, ==, "MN316");
  commands = fd_test_module_dup_commands (module);
  for (guint i = 0; i < FD_IDENTIFY_WAKE_ATTEMPTS; i++)
    g_assert_cmpstr (commands[i], ==, "AT");
  g_assert_cmpstr (commands[FD_IDENTIFY_WAKE_ATTEMPTS], ==, "ATE0");
}

static void
test_no_answer (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) commands = NULL;
  gint64 start;

  fd_test_module_set_behaviour (module, FD_TEST_MODULE_SILENT);
  fd_test_module_start (module);
  session = open_session (module);

  start = g_get_monotonic_time ();
  g_assert_false (fd_identify (session, QUICK_TIMEOUT_MS, &identity, NULL, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_assert_false (identity.answered_at);
  /* nothing but AT was tried on a silent port */
  commands = fd_test_module_dup_commands (module);
  g_assert_cmpuint (g_strv_length (commands), ==, FD_IDENTIFY_WAKE_ATTEMPTS);
  fd_test_assert_only_allowed ((const char *const *) commands);
}

static void
test_stopped_answering (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  /* answers AT, then nothing: gives up after two silent commands */
  fd_test_module_set_default_answer (module, NULL);
  fd_test_module_set_answer (module, "ATE0", NULL);
  fd_test_module_set_answer (module, "AT+CMEE=1", NULL);
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_false (fd_identify (session, QUICK_TIMEOUT_MS, &identity, NULL, &error));
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_assert_true (identity.answered_at);
  g_assert_cmpuint (fd_test_module_count_commands (module), ==, 3);
}

static void
test_errors_to_at (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  fd_test_module_set_answer (module, "AT", "\r\nERROR\r\n");
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_false (fd_identify (session, QUICK_TIMEOUT_MS, &identity, NULL, &error));
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE);
  g_assert_cmpuint (fd_test_module_count_commands (module), ==, FD_IDENTIFY_WAKE_ATTEMPTS);
}

static gpointer
unplug_later (gpointer data)
{
  g_usleep (200 * 1000);
  fd_test_module_unplug (data);
  return NULL;
}

static void
test_gone (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;
  GThread *unplugger;
  gint64 start;

  fd_test_module_set_identity (module, "CMCC", "ML302A", "R", "861111111111113", FD_DIALECT_MFW);
  fd_test_module_set_delay (module, 2000); /* unplugged while answering */
  fd_test_module_start (module);
  session = open_session (module);

  start = g_get_monotonic_time ();
  unplugger = g_thread_new ("unplug", unplug_later, module);
  g_assert_false (fd_identify (session, 5000, &identity, NULL, &error));
  g_thread_join (unplugger);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (200 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;
  GThread *canceller;
  gint64 start;

  fd_test_module_set_behaviour (module, FD_TEST_MODULE_SILENT);
  fd_test_module_start (module);
  session = open_session (module);

  start = g_get_monotonic_time ();
  canceller = g_thread_new ("cancel", cancel_later, cancellable);
  g_assert_false (fd_identify (session, 30000, &identity, cancellable, &error));
  g_thread_join (canceller);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

static void
test_imei_only (void)
{
  static const char *const expected[] = { "AT", "ATE0", "AT+CGSN=1", NULL };
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;

  fd_test_module_set_identity (module, "CMCC", "ML307A", "R", "861111111111114", FD_DIALECT_MFW);
  fd_test_module_start (module);
  session = open_session (module);

  g_assert_true (fd_identify_imei (session, 0, &identity, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (identity.imei, ==, "861111111111114");
  g_assert_null (identity.model);
  assert_commands (module, expected);
}

/* ---- the probe: open, identify, close, name the problem ------------------------ */

static void
test_probe_module (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_auto(FdProbeResult) result = { 0 };
  g_autoptr(FdSerialPort) again = NULL;
  g_autoptr(GError) error = NULL;

  fd_test_module_set_identity (module, "CMCC", "MN316-S-DLVS", "R", "861111111111115",
                               FD_DIALECT_MFW);
  fd_test_module_start (module);

  fd_port_probe (fd_test_module_get_path (module), FD_PROBE_MODE_FULL, 0, &result, NULL);
  g_assert_false (result.cancelled);
  g_assert_cmpint (result.problem, ==, FD_MODULE_PROBLEM_NONE);
  g_assert_null (result.message);
  g_assert_cmpstr (result.identity.model, ==, "MN316-S-DLVS");
  /* the probe closed the port behind it */
  again = fd_serial_port_open (fd_test_module_get_path (module), 0, &error);
  g_assert_no_error (error);
}

static void
test_probe_silent (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_auto(FdProbeResult) result = { 0 };

  fd_test_module_set_behaviour (module, FD_TEST_MODULE_SILENT);
  fd_test_module_start (module);

  fd_port_probe (fd_test_module_get_path (module), FD_PROBE_MODE_FULL, QUICK_TIMEOUT_MS, &result,
                 NULL);
  g_assert_cmpint (result.problem, ==, FD_MODULE_PROBLEM_NO_AT_ANSWER);
  g_assert_nonnull (strstr (result.message, fd_test_module_get_path (module)));
  g_assert_nonnull (strstr (result.message, "no answer to AT"));
}

static void
test_probe_garbage (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_auto(FdProbeResult) result = { 0 };
  gint64 start;

  fd_test_module_set_behaviour (module, FD_TEST_MODULE_GARBAGE);
  fd_test_module_start (module);

  start = g_get_monotonic_time ();
  fd_port_probe (fd_test_module_get_path (module), FD_PROBE_MODE_FULL, QUICK_TIMEOUT_MS, &result,
                 NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_cmpint (result.problem, ==, FD_MODULE_PROBLEM_NOT_A_MODEM);
  g_assert_nonnull (strstr (result.message, "does not answer AT"));
  g_assert_nonnull (strstr (result.message, "GPGSV")); /* a sample of what it said */
  g_assert_true (g_utf8_validate (result.message, -1, NULL));
}

static void
test_probe_not_a_modem (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_auto(FdProbeResult) result = { 0 };

  /* answers AT, refuses everything else: a Bluetooth module, say */
  fd_test_module_start (module);

  fd_port_probe (fd_test_module_get_path (module), FD_PROBE_MODE_FULL, 0, &result, NULL);
  g_assert_cmpint (result.problem, ==, FD_MODULE_PROBLEM_NOT_A_MODEM);
  g_assert_true (result.identity.answered_at);
  g_assert_nonnull (strstr (result.message, "no IMEI"));
}

static void
test_probe_busy_same_process (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_auto(FdProbeResult) result = { 0 };
  g_autoptr(FdSerialPort) holder = NULL;
  g_autoptr(GError) error = NULL;

  fd_test_module_start (module);
  holder = fd_serial_port_open (fd_test_module_get_path (module), 0, &error);
  g_assert_no_error (error);

  fd_port_probe (fd_test_module_get_path (module), FD_PROBE_MODE_FULL, 0, &result, NULL);
  g_assert_cmpint (result.problem, ==, FD_MODULE_PROBLEM_BUSY);
  g_assert_nonnull (strstr (result.message, "ModemManager"));
  g_assert_cmpuint (fd_test_module_count_commands (module), ==, 0);
}

static void
test_probe_vanished (void)
{
  g_autofree char *dir = fd_test_make_tmpdir ("fd-identify-XXXXXX");
  g_autofree char *node = g_build_filename (dir, "pts-gone", NULL);
  g_autofree char *link = fd_test_make_link (dir, "m1", node);
  g_auto(FdProbeResult) result = { 0 };

  /* a link whose device node has gone. Not a freed /dev/pts/N: another
   * process may get that number at once, and we would talk to its pty */
  fd_port_probe (link, FD_PROBE_MODE_FULL, 0, &result, NULL);
  g_assert_cmpint (result.problem, ==, FD_MODULE_PROBLEM_GONE);
  g_assert_nonnull (strstr (result.message, link));
  fd_test_sysfs_remove (dir);
}

static void
test_probe_cancelled_before (void)
{
  g_autoptr(FdTestModule) module = fd_test_module_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(FdProbeResult) result = { 0 };

  fd_test_module_start (module);
  g_cancellable_cancel (cancellable);
  fd_port_probe (fd_test_module_get_path (module), FD_PROBE_MODE_FULL, 0, &result, cancellable);
  g_assert_true (result.cancelled);
  g_assert_cmpuint (fd_test_module_count_commands (module), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/identify/allowed/exact", test_allowed_exact);
  g_test_add_func ("/core/identify/allowed/nothing-dangerous", test_allowed_nothing_dangerous);
  g_test_add_func ("/core/identify/parse/value", test_parse_value);
  g_test_add_func ("/core/identify/parse/value-bounded", test_parse_value_bounded);
  g_test_add_func ("/core/identify/parse/pick-value", test_pick_value);
  g_test_add_func ("/core/identify/parse/imei", test_find_imei);
  g_test_add_func ("/core/identify/parse/ati", test_ati);
  g_test_add_func ("/core/identify/parse/probe-answered", test_probe_answered);
  g_test_add_func ("/core/identify/parse/dialects-to-string", test_dialects_to_string);
  g_test_add_func ("/core/identify/sequence/full", test_sequence_full);
  g_test_add_func ("/core/identify/sequence/fallbacks", test_sequence_fallbacks);
  g_test_add_func ("/core/identify/sequence/imei-from-ati", test_sequence_imei_from_ati);
  g_test_add_func ("/core/identify/sequence/several-dialects-and-noise",
                   test_sequence_several_dialects_and_noise);
  g_test_add_func ("/core/identify/sequence/sleepy", test_sequence_sleepy);
  g_test_add_func ("/core/identify/sequence/imei-only", test_imei_only);
  g_test_add_func ("/core/identify/fail/no-answer", test_no_answer);
  g_test_add_func ("/core/identify/fail/stopped-answering", test_stopped_answering);
  g_test_add_func ("/core/identify/fail/errors-to-at", test_errors_to_at);
  g_test_add_func ("/core/identify/fail/gone", test_gone);
  g_test_add_func ("/core/identify/fail/cancel", test_cancel);
  g_test_add_func ("/core/port-probe/module", test_probe_module);
  g_test_add_func ("/core/port-probe/silent", test_probe_silent);
  g_test_add_func ("/core/port-probe/garbage", test_probe_garbage);
  g_test_add_func ("/core/port-probe/not-a-modem", test_probe_not_a_modem);
  g_test_add_func ("/core/port-probe/busy-same-process", test_probe_busy_same_process);
  g_test_add_func ("/core/port-probe/vanished", test_probe_vanished);
  g_test_add_func ("/core/port-probe/cancelled-before", test_probe_cancelled_before);

  return g_test_run ();
}
