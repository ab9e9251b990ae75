/* test-config-commands.c — exact configure-phase command lines, the
 * redaction of secrets, and presets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-luat-config.h"
#include "fd-mfw-config.h"
#include "fd-models.h"
#include "fd-redact.h"
#include "fd-rsfota-config.h"

/* Lines joined with '|' for one readable comparison. */
static char *
join (GStrv lines)
{
  g_assert_nonnull (lines);
  return g_strjoinv ("|", lines);
}

/* No built line may carry a byte that ends or splits an AT command. */
static void
assert_lines_safe (GStrv lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    for (const guchar *p = (const guchar *) lines[i]; *p != '\0'; p++)
      g_assert_true (*p >= 0x20 && *p != 0x7f);
}

/* ---- RSFOTA ------------------------------------------------------------ */

typedef struct {
  int     mode; /* -1 unset */
  int     log;  /* -1 unset */
  gint64  first_check, auto_check, first_rep, auto_rep, max_fail; /* -1 unset */
  const char *expected;
} RsfotaCase;

static const RsfotaCase rsfota_cases[] = {
  { 1, -1, -1, -1, -1, -1, -1, "AT+RSFOTAMODE=1" },
  { 1, 1, -1, -1, -1, -1, -1, "AT+RSFOTAMODE=1,1" },
  { 2, 1, -1, -1, -1, -1, -1, "AT+RSFOTAMODE=2,1" },
  { 2, 0, -1, -1, -1, -1, -1, "AT+RSFOTAMODE=2,0" },
  { 0, 1, 60, 86400, -1, -1, -1, "AT+RSFOTAMODE=0,1,60,86400" },
  { 0, 1, 120, 3600, -1, -1, -1, "AT+RSFOTAMODE=0,1,120,3600" },
  { 0, -1, 120, -1, -1, -1, -1, "AT+RSFOTAMODE=0,1,120,86400" }, /* documented defaults fill in */
  { 0, 0, -1, 7200, -1, -1, -1, "AT+RSFOTAMODE=0,0,60,7200" },
  { 0, -1, -1, -1, -1, -1, -1, "AT+RSFOTAMODE=0" },
  { 1, 1, 120, 3600, -1, -1, -1, "AT+RSFOTAMODE=1,1" },          /* checks ignored off mode 0 */
  { -1, -1, -1, -1, 40, 120, 10, "AT+RSREPMODE=40,120,10" },
  { -1, -1, -1, -1, 20, 120, 2, "AT+RSREPMODE=20,120,2" },
  { -1, -1, -1, -1, 20, -1, -1, "AT+RSREPMODE=20,120,10" },
  { -1, -1, -1, -1, -1, -1, 3, "AT+RSREPMODE=40,120,3" },
  { 0, 1, 60, 86400, 40, 120, 10, "AT+RSFOTAMODE=0,1,60,86400|AT+RSREPMODE=40,120,10" },
  { -1, -1, -1, -1, -1, -1, -1, "" },
};

static void
rsfota_case_config (const RsfotaCase *rc, FdRsfotaConfig *c)
{
  fd_rsfota_config_init (c);
  if ((c->has_mode = rc->mode >= 0))
    c->mode = rc->mode;
  if ((c->has_log = rc->log >= 0))
    c->log = rc->log;
  if ((c->has_first_check = rc->first_check >= 0))
    c->first_check = rc->first_check;
  if ((c->has_auto_check = rc->auto_check >= 0))
    c->auto_check = rc->auto_check;
  if ((c->has_first_rep = rc->first_rep >= 0))
    c->first_rep = rc->first_rep;
  if ((c->has_auto_rep = rc->auto_rep >= 0))
    c->auto_rep = rc->auto_rep;
  if ((c->has_max_fail = rc->max_fail >= 0))
    c->max_fail = rc->max_fail;
}

static void
test_rsfota_commands (void)
{
  const FdModel *m5311 = fd_models_lookup ("M5311");

  for (gsize i = 0; i < G_N_ELEMENTS (rsfota_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) lines = NULL;
      g_autofree char *joined = NULL;
      FdRsfotaConfig c;

      rsfota_case_config (&rsfota_cases[i], &c);
      lines = fd_rsfota_config_build_commands (&c, m5311, &error);
      g_assert_no_error (error);
      joined = join (lines);
      g_assert_cmpstr (joined, ==, rsfota_cases[i].expected);
      assert_lines_safe (lines);
    }
}

static void
test_rsfota_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  FdRsfotaConfig c;

  fd_rsfota_config_init (&c);
  c.has_mode = TRUE;
  c.mode = FD_RSFOTA_RUN_AUTOMATIC;
  c.has_first_check = TRUE;
  c.first_check = 59;
  lines = fd_rsfota_config_build_commands (&c, fd_models_lookup ("M5311"), &error);
  g_assert_null (lines);
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* The wrong dialect for the model: nothing is built. */
  fd_rsfota_config_init (&c);
  c.has_mode = TRUE;
  lines = fd_rsfota_config_build_commands (&c, fd_models_lookup ("ML307S"), &error);
  g_assert_null (lines);
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSUPPORTED);
}

static void
test_rsfota_action_command (void)
{
  g_autofree char *a1 = fd_rsfota_action_command (FD_RSFOTA_ACTION_CHECK_UPGRADE);
  g_autofree char *a2 = fd_rsfota_action_command (FD_RSFOTA_ACTION_DOWNLOAD);
  g_autofree char *a3 = fd_rsfota_action_command (FD_RSFOTA_ACTION_UPGRADE);

  g_assert_cmpstr (a1, ==, "AT+RSFOTA=1");
  g_assert_cmpstr (a2, ==, "AT+RSFOTA=2");
  g_assert_cmpstr (a3, ==, "AT+RSFOTA=3");
  g_assert_null (fd_rsfota_action_command (FD_RSFOTA_ACTION_NONE));
}

/* ---- MFW --------------------------------------------------------------- */

static GStrv
mfw_build (const FdMfwConfig *c, const char *model)
{
  g_autoptr(GError) error = NULL;
  GStrv lines = fd_mfw_config_build_commands (c, fd_models_lookup (model), &error);

  g_assert_no_error (error);
  assert_lines_safe (lines);
  return lines;
}

static void
test_mfw_commands_server (void)
{
  g_auto(FdMfwConfig) c = { 0 };
  g_auto(GStrv) http = NULL;
  g_auto(GStrv) ftp = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) ml30x = NULL;
  g_autofree char *j1 = NULL;
  g_autofree char *j2 = NULL;
  g_autofree char *j3 = NULL;
  g_autofree char *j4 = NULL;

  fd_mfw_config_init (&c);
  c.url = g_strdup ("http://1.15.41.92:3000/data");
  http = mfw_build (&c, "M5311-E");
  j1 = join (http);
  g_assert_cmpstr (j1, ==, "AT+MFWCFG=\"url\",\"http://1.15.41.92:3000/data\"");

  g_free (c.url);
  c.url = g_strdup ("FTP://115.29.109.79:21/ML302S/system_patch.mini_1");
  c.user = g_strdup ("u");
  c.password = g_strdup ("p");
  ftp = mfw_build (&c, "ML307S-DNLM");
  j2 = join (ftp);
  g_assert_cmpstr (j2, ==,
                   "AT+MFWCFG=\"url\",\"FTP://115.29.109.79:21/ML302S/system_patch.mini_1\"|"
                   "AT+MFWCFG=\"auth\",\"u\",\"p\"");

  /* Every item, in the order the configure phase sends them. */
  c.has_timeout = TRUE, c.timeout = 90;
  c.has_package_mode = TRUE, c.package_mode = FD_MFW_PACKAGE_FULL;
  c.has_progind = TRUE, c.progind = 10240;
  c.has_ssl_id = TRUE, c.ssl_id = 2;
  c.has_pkgsize = TRUE, c.pkgsize = 3072;
  c.verify = FD_MFW_VERIFY_SHA256;
  c.erase_first = TRUE;
  all = mfw_build (&c, "M5311-E");
  j3 = join (all);
  g_assert_cmpstr (j3, ==,
                   "AT+MFWCFG=\"url\",\"FTP://115.29.109.79:21/ML302S/system_patch.mini_1\"|"
                   "AT+MFWCFG=\"auth\",\"u\",\"p\"|"
                   "AT+MFWCFG=\"timeout\",90|"
                   "AT+MFWCFG=\"mode\",1|"
                   "AT+MFWCFG=\"progind\",10240|"
                   "AT+MFWCFG=\"ssl\",2|"
                   "AT+MFWCFG=\"pkgsize\",3072");

  /* The same on an ML30x is refused as a whole, not silently trimmed. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (fd_mfw_config_build_commands (&c, fd_models_lookup ("ML307S"), &error));
    g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSUPPORTED);
  }

  /* A user without password sends an empty one. */
  fd_mfw_config_clear (&c);
  c.url = g_strdup ("ftp://h/f");
  c.user = g_strdup ("anonymous");
  ml30x = mfw_build (&c, "ML307A-DSLN");
  j4 = join (ml30x);
  g_assert_cmpstr (j4, ==, "AT+MFWCFG=\"url\",\"ftp://h/f\"|AT+MFWCFG=\"auth\",\"anonymous\",\"\"");
}

static void
test_mfw_commands_other_sources (void)
{
  g_auto(FdMfwConfig) c = { 0 };
  g_auto(GStrv) module_file = NULL;
  g_auto(GStrv) serial = NULL;
  g_auto(GStrv) serial_mode = NULL;
  g_autofree char *j1 = NULL;
  g_autofree char *j2 = NULL;
  g_autofree char *j3 = NULL;

  fd_mfw_config_init (&c);
  c.source = FD_MFW_SOURCE_MODULE_FILE;
  c.url = g_strdup ("file://dload/update3.bin");
  c.has_timeout = TRUE, c.timeout = 60; /* not used for a module file */
  module_file = mfw_build (&c, "M5311-E");
  j1 = join (module_file);
  g_assert_cmpstr (j1, ==, "AT+MFWCFG=\"url\",\"file://dload/update3.bin\"");

  fd_mfw_config_clear (&c);
  c.source = FD_MFW_SOURCE_SERIAL_PASSTHROUGH;
  c.local_path = g_strdup ("/tmp/fw.bin");
  c.url = g_strdup ("http://h/f"); /* not used for a serial write */
  serial = mfw_build (&c, "M5311-E");
  j2 = join (serial);
  g_assert_cmpstr (j2, ==, "");

  c.has_package_mode = TRUE, c.package_mode = FD_MFW_PACKAGE_DIFF;
  serial_mode = mfw_build (&c, "MN316-S");
  j3 = join (serial_mode);
  g_assert_cmpstr (j3, ==, "AT+MFWCFG=\"mode\",0");
}

static void
test_mfw_step_commands (void)
{
  static const guint8 bytes[] = { 0x01, 0xab, 0x00, 0xff };
  guint8 big[512];
  g_autofree char *quoted = fd_mfw_hex_write_command (0, bytes, 1, TRUE);
  g_autofree char *unquoted = fd_mfw_hex_write_command (512, bytes, 4, FALSE);
  g_autofree char *full = NULL;
  g_autofree char *pt = fd_mfw_passthrough_command (0, 16407);
  g_autofree char *pt2 = fd_mfw_passthrough_command (1024, 512);
  g_autofree char *md5 = fd_mfw_check_command (FD_MFW_VERIFY_MD5);
  g_autofree char *sha1 = fd_mfw_check_command (FD_MFW_VERIFY_SHA1);
  g_autofree char *sha256 = fd_mfw_check_command (FD_MFW_VERIFY_SHA256);
  GChecksumType type;

  g_assert_cmpstr (quoted, ==, "AT+MFWDLOAD=0,1,\"01\"");
  g_assert_cmpstr (unquoted, ==, "AT+MFWDLOAD=512,4,01AB00FF");
  memset (big, 0x5a, sizeof big);
  full = fd_mfw_hex_write_command (0, big, sizeof big, TRUE);
  g_assert_cmpuint (strlen (full), ==, strlen ("AT+MFWDLOAD=0,512,\"\"") + 1024);
  g_assert_true (g_str_has_suffix (full, "5A5A\""));

  g_assert_cmpstr (pt, ==, "AT+MFWDLOAD=0,16407");
  g_assert_cmpstr (pt2, ==, "AT+MFWDLOAD=1024,512");
  g_assert_cmpstr (md5, ==, "AT+MFWCHECK=0");
  g_assert_cmpstr (sha1, ==, "AT+MFWCHECK=1");
  g_assert_cmpstr (sha256, ==, "AT+MFWCHECK=2");
  g_assert_null (fd_mfw_check_command (FD_MFW_VERIFY_NONE));
  g_assert_null (fd_mfw_check_command (FD_MFW_VERIFY_AUTO));

  g_assert_true (fd_mfw_verify_get_checksum_type (FD_MFW_VERIFY_MD5, &type));
  g_assert_cmpint (type, ==, G_CHECKSUM_MD5);
  g_assert_true (fd_mfw_verify_get_checksum_type (FD_MFW_VERIFY_SHA1, &type));
  g_assert_cmpint (type, ==, G_CHECKSUM_SHA1);
  g_assert_true (fd_mfw_verify_get_checksum_type (FD_MFW_VERIFY_SHA256, &type));
  g_assert_cmpint (type, ==, G_CHECKSUM_SHA256);
  g_assert_false (fd_mfw_verify_get_checksum_type (FD_MFW_VERIFY_NONE, &type));
}

/* The model's quoting setting is what a flow passes to the hex writer. */
static void
test_mfw_hex_quoting_per_model (void)
{
  static const guint8 byte = 0x01;
  const FdModel *model = fd_models_lookup ("M5311-E");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fd_models_clear_overrides ();
  before = fd_mfw_hex_write_command (0, &byte, 1, fd_model_get_hex_quoted (model));
  g_assert_true (fd_models_set_hex_quoted ("m5311-e", FALSE, NULL));
  after = fd_mfw_hex_write_command (0, &byte, 1, fd_model_get_hex_quoted (model));
  fd_models_clear_overrides ();
  g_assert_cmpstr (before, ==, "AT+MFWDLOAD=0,1,\"01\"");
  g_assert_cmpstr (after, ==, "AT+MFWDLOAD=0,1,01");
}

/* ---- Luat -------------------------------------------------------------- */

static GStrv
luat_build (const FdLuatConfig *c)
{
  g_autoptr(GError) error = NULL;
  GStrv lines = fd_luat_config_build_commands (c, fd_models_lookup ("Air780E"), &error);

  g_assert_no_error (error);
  assert_lines_safe (lines);
  return lines;
}

static void
test_luat_commands (void)
{
  g_auto(FdLuatConfig) c = { 0 };
  g_auto(GStrv) key = NULL;
  g_auto(GStrv) url = NULL;
  g_auto(GStrv) period = NULL;
  g_auto(GStrv) none = NULL;
  g_autofree char *j1 = NULL;
  g_autofree char *j2 = NULL;
  g_autofree char *j3 = NULL;
  g_autofree char *j4 = NULL;
  g_autofree char *trigger = NULL;

  fd_luat_config_init (&c);
  c.server = FD_LUAT_SERVER_KEY;
  c.key = g_strdup ("pk_123");
  c.url = g_strdup ("http://not-chosen/");
  key = luat_build (&c);
  j1 = join (key);
  g_assert_cmpstr (j1, ==, "AT+UPGRADE=\"KEY\",\"pk_123\",0");

  /* Not kept after reboot: savetoNV 1. Order: server, PERIOD, AUTO. */
  c.server = FD_LUAT_SERVER_URL;
  c.keep_after_reboot = FALSE;
  c.has_auto = TRUE, c.auto_upgrade = TRUE;
  c.has_period = TRUE, c.period = 4294967295;
  g_free (c.url);
  c.url = g_strdup ("http://h/fw.bin");
  url = luat_build (&c);
  j2 = join (url);
  g_assert_cmpstr (j2, ==,
                   "AT+UPGRADE=\"URL\",\"http://h/fw.bin\",1|"
                   "AT+UPGRADE=\"PERIOD\",4294967295,1|"
                   "AT+UPGRADE=\"AUTO\",1,1");

  fd_luat_config_clear (&c);
  c.has_period = TRUE, c.period = 86400;
  c.has_auto = TRUE, c.auto_upgrade = FALSE;
  period = luat_build (&c);
  j3 = join (period);
  g_assert_cmpstr (j3, ==, "AT+UPGRADE=\"PERIOD\",86400,0|AT+UPGRADE=\"AUTO\",0,0");

  fd_luat_config_clear (&c);
  c.trigger = TRUE;
  none = luat_build (&c);
  j4 = join (none);
  g_assert_cmpstr (j4, ==, "");
  trigger = fd_luat_config_get_trigger_command (&c);
  g_assert_cmpstr (trigger, ==, "AT+UPGRADE");
  c.trigger = FALSE;
  g_assert_null (fd_luat_config_get_trigger_command (&c));
}

static void
test_luat_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(FdLuatConfig) c = { 0 };

  fd_luat_config_init (&c);
  c.server = FD_LUAT_SERVER_URL;
  c.url = g_strdup ("https://h/fw.bin");
  g_assert_null (fd_luat_config_build_commands (&c, fd_models_lookup ("Air780E"), &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSUPPORTED);
}

/* ---- redaction --------------------------------------------------------- */

static const struct {
  const char *in;
  const char *out;
} redact_table[] = {
  /* MFW auth: commands, echoes, replies, errors */
  { "AT+MFWCFG=\"auth\",\"user\",\"pass\"", "AT+MFWCFG=\"auth\",\"user\",\"***\"" },
  { "at+mfwcfg=\"AUTH\",\"user\",\"pass\"", "at+mfwcfg=\"AUTH\",\"user\",\"***\"" },
  { "AT+MFWCFG = \"auth\" , \"user\" , \"pass\"", "AT+MFWCFG = \"auth\" , \"user\" , \"***\"" },
  { "AT+MFWCFG=\"auth\",\"user\",\"\"", "AT+MFWCFG=\"auth\",\"user\",\"***\"" },
  { "+MFWCFG: \"auth\",user,pass", "+MFWCFG: \"auth\",user,***" },
  { "+MFWCFG:\"auth\",user,pass", "+MFWCFG:\"auth\",user,***" },
  { "+MFWCFG: \"auth\",\"user\",\"pass\"", "+MFWCFG: \"auth\",\"user\",\"***\"" },
  { "+MFWCFG: auth,user,pass", "+MFWCFG: auth,user,***" },
  { "+MFWCFG: \"auth\",user,pa,ss", "+MFWCFG: \"auth\",user,***" },  /* unquoted: all of it */
  /* malformed: hide more, never less */
  { "+MFWCFG: \"auth\",\"user\"pass", "+MFWCFG: \"auth\",\"user\"***" },
  { "AT+MFWCFG=\"auth\",\"user\",\"pass\" failed: +CME ERROR: 851",
    "AT+MFWCFG=\"auth\",\"user\",\"***\" failed: +CME ERROR: 851" },
  { "AT+MFWCFG=\"auth\",\"us,er\",\"pass", "AT+MFWCFG=\"auth\",\"us,er\",\"***" },
  { "AT+MFWCFG=\"auth\"", "AT+MFWCFG=\"auth\"" },                 /* the read query */
  { "+MFWCFG: \"auth\",user", "+MFWCFG: \"auth\",user" },         /* no password set */
  { "AT+MFWCFG=\"url\",\"http://h/f\"", "AT+MFWCFG=\"url\",\"http://h/f\"" },
  { "AT+MFWCFG=\"authx\",\"a\",\"b\"", "AT+MFWCFG=\"authx\",\"a\",\"b\"" },
  /* Luat KEY */
  { "AT+UPGRADE=\"KEY\",\"pk_123\",0", "AT+UPGRADE=\"KEY\",\"***\",0" },
  { "AT+UPGRADE=\"key\",\"pk_123\"", "AT+UPGRADE=\"key\",\"***\"" },
  { "+UPGRADE:\"KEY\",pk_123", "+UPGRADE:\"KEY\",***" },
  { "+UPGRADE: \"KEY\", \"pk_123\"", "+UPGRADE: \"KEY\", \"***\"" },
  { "AT+UPGRADE=\"KEY\"", "AT+UPGRADE=\"KEY\"" },
  { "AT+UPGRADE=\"URL\",\"http://h/fw.bin\",0", "AT+UPGRADE=\"URL\",\"http://h/fw.bin\",0" },
  { "AT+UPGRADE?", "AT+UPGRADE?" },
  { "+UPGRADEIND: 50", "+UPGRADEIND: 50" },
  { "+UPGRADE: 2,-1004,404,0", "+UPGRADE: 2,-1004,404,0" },
  /* passwords inside URLs */
  { "AT+MFWCFG=\"url\",\"ftp://u:pw@h:21/f\"", "AT+MFWCFG=\"url\",\"ftp://u:***@h:21/f\"" },
  { "ftps://user:p:w@host/x", "ftps://user:***@host/x" },
  { "http://u:p@h/a@b", "http://u:***@h/a@b" },
  { "ftp://user@host/f", "ftp://user@host/f" },
  { "http://h:8080/f", "http://h:8080/f" },
  /* several lines, endings kept */
  { "AT+MFWCFG=\"auth\",\"u\",\"p\"\r\r\nOK\r\n", "AT+MFWCFG=\"auth\",\"u\",\"***\"\r\r\nOK\r\n" },
  { "+MFWCFG: \"auth\",u,p\r\n\r\nOK\r\n+UPGRADE:\"KEY\",k\n",
    "+MFWCFG: \"auth\",u,***\r\n\r\nOK\r\n+UPGRADE:\"KEY\",***\n" },
  { "", "" },
  { "OK", "OK" },
};

static void
test_redact_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (redact_table); i++)
    {
      g_autofree char *out = fd_redact_secrets (redact_table[i].in);

      g_test_message ("redact “%s”", redact_table[i].in);
      g_assert_cmpstr (out, ==, redact_table[i].out);
      g_assert_cmpint (fd_redact_has_secrets (redact_table[i].in), ==,
                       g_strcmp0 (redact_table[i].in, redact_table[i].out) != 0);
    }
}

/* What the builders send is what the transcript must hide. */
static void
test_redact_built_commands (void)
{
  g_auto(FdMfwConfig) mfw = { 0 };
  g_auto(FdLuatConfig) luat = { 0 };
  g_auto(GStrv) mfw_lines = NULL;
  g_auto(GStrv) luat_lines = NULL;
  g_autofree char *mfw_text = NULL;
  g_autofree char *luat_text = NULL;
  g_autofree char *mfw_redacted = NULL;
  g_autofree char *luat_redacted = NULL;

  fd_mfw_config_init (&mfw);
  mfw.url = g_strdup ("ftp://h/f");
  mfw.user = g_strdup ("operator");
  mfw.password = g_strdup ("S3cr3t,with;chars");
  mfw_lines = mfw_build (&mfw, "M5311-E");
  mfw_text = g_strjoinv ("\r", mfw_lines);
  mfw_redacted = fd_redact_secrets (mfw_text);
  g_assert_nonnull (strstr (mfw_text, "S3cr3t"));
  g_assert_null (strstr (mfw_redacted, "S3cr3t"));
  g_assert_nonnull (strstr (mfw_redacted, "operator"));

  fd_luat_config_init (&luat);
  luat.server = FD_LUAT_SERVER_KEY;
  luat.key = g_strdup ("ProductKeyXYZ");
  luat_lines = luat_build (&luat);
  luat_text = g_strjoinv ("\n", luat_lines);
  luat_redacted = fd_redact_secrets (luat_text);
  g_assert_null (strstr (luat_redacted, "ProductKeyXYZ"));
  g_assert_cmpstr (luat_redacted, ==, "AT+UPGRADE=\"KEY\",\"***\",0");
}

/* ---- presets ----------------------------------------------------------- */

static void
test_preset_rsfota (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  FdRsfotaConfig a, b;

  fd_rsfota_config_init (&a);
  rsfota_case_config (&rsfota_cases[14], &a);
  a.action = FD_RSFOTA_ACTION_CHECK_UPGRADE;
  fd_rsfota_config_save (&a, kf, "rsfota");
  data = g_key_file_to_data (kf, NULL, NULL);
  g_test_message ("%s", data);
  g_assert_true (fd_rsfota_config_load (&b, kf, "rsfota", &error));
  g_assert_no_error (error);
  g_assert_true (fd_rsfota_config_equal (&a, &b));

  /* Unset values have no key and come back unset. */
  fd_rsfota_config_init (&a);
  a.has_max_fail = TRUE, a.max_fail = 3;
  fd_rsfota_config_save (&a, kf, "rsfota");
  g_assert_false (g_key_file_has_key (kf, "rsfota", "mode", NULL));
  g_assert_true (fd_rsfota_config_load (&b, kf, "rsfota", &error));
  g_assert_true (fd_rsfota_config_equal (&a, &b));
  g_assert_false (b.has_mode);
  b.has_mode = TRUE;
  g_assert_false (fd_rsfota_config_equal (&a, &b));
}

static void
test_preset_rsfota_errors (void)
{
  static const char *bad[] = {
    "[r]\nfirst-check=-5\n",
    "[r]\nfirst-check=sixty\n",
    "[r]\nlog=maybe\n",
    "[r]\nmode=99999999999\n",
    "[r]\naction=1.5\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      FdRsfotaConfig c, before;

      fd_rsfota_config_init (&c);
      c.has_max_fail = TRUE, c.max_fail = 7;
      before = c;
      g_assert_true (g_key_file_load_from_data (kf, bad[i], -1, G_KEY_FILE_NONE, NULL));
      g_assert_false (fd_rsfota_config_load (&c, kf, "r", &error));
      g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "[r] "));
      g_assert_true (fd_rsfota_config_equal (&c, &before));
    }
}

static void
test_preset_mfw (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FdMfwConfig) a = fd_mfw_config_new ();
  g_auto(FdMfwConfig) b = { 0 };
  g_autoptr(FdMfwConfig) copy = NULL;

  a->source = FD_MFW_SOURCE_SERVER;
  a->url = g_strdup ("ftp://h/路径/fw.bin");
  a->user = g_strdup ("u");
  a->password = g_strdup ("p=w;#x");
  a->has_timeout = TRUE, a->timeout = 60;
  a->has_package_mode = TRUE, a->package_mode = 0;
  a->has_pkgsize = TRUE, a->pkgsize = 2048;
  a->verify = FD_MFW_VERIFY_SHA1;
  a->erase_first = TRUE;

  copy = fd_mfw_config_copy (a);
  g_assert_true (fd_mfw_config_equal (a, copy));
  g_assert_true (copy->url != a->url);

  fd_mfw_config_save (a, kf, "mfw", TRUE);
  fd_mfw_config_init (&b);
  g_assert_true (fd_mfw_config_load (&b, kf, "mfw", &error));
  g_assert_no_error (error);
  g_assert_true (fd_mfw_config_equal (a, &b));

  /* Without secrets: no password in the file, and it loads as unset. */
  fd_mfw_config_save (a, kf, "mfw", FALSE);
  {
    g_autofree char *data = g_key_file_to_data (kf, NULL, NULL);

    g_assert_null (strstr (data, "p=w"));
    g_assert_nonnull (strstr (data, "user=u"));
  }
  g_assert_true (fd_mfw_config_load (&b, kf, "mfw", &error));
  g_assert_null (b.password);
  g_assert_false (fd_mfw_config_equal (a, &b));
  g_assert_cmpint (b.verify, ==, FD_MFW_VERIFY_SHA1);
  g_assert_true (b.has_pkgsize);
  g_assert_false (b.has_progind);

  /* NULL and "" strings mean the same: not set. */
  g_free (b.password);
  b.password = g_strdup ("");
  g_clear_pointer (&a->password, g_free);
  g_assert_true (fd_mfw_config_equal (a, &b));
}

static void
test_preset_mfw_errors (void)
{
  static const char *bad[] = {
    "[m]\nsource=usb\n",
    "[m]\nverify=crc32\n",
    "[m]\ntimeout=-1\n",
    "[m]\npkgsize=1k\n",
    "[m]\nerase-first=2\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      fd_mfw_config_init (&c);
      c.url = g_strdup ("http://kept/");
      g_assert_true (g_key_file_load_from_data (kf, bad[i], -1, G_KEY_FILE_NONE, NULL));
      g_assert_false (fd_mfw_config_load (&c, kf, "m", &error));
      g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_cmpstr (c.url, ==, "http://kept/");
    }
}

static void
test_preset_luat (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FdLuatConfig) a = fd_luat_config_new ();
  g_autoptr(FdLuatConfig) copy = NULL;
  g_auto(FdLuatConfig) b = { 0 };
  g_autofree char *data = NULL;

  a->server = FD_LUAT_SERVER_KEY;
  a->key = g_strdup ("ProductKeyXYZ");
  a->url = g_strdup ("http://h/fw.bin");
  a->has_auto = TRUE, a->auto_upgrade = FALSE;
  a->has_period = TRUE, a->period = 4294967295;
  a->keep_after_reboot = FALSE;
  a->trigger = TRUE;

  copy = fd_luat_config_copy (a);
  g_assert_true (fd_luat_config_equal (a, copy));

  fd_luat_config_save (a, kf, "luat", TRUE);
  fd_luat_config_init (&b);
  g_assert_true (fd_luat_config_load (&b, kf, "luat", &error));
  g_assert_no_error (error);
  g_assert_true (fd_luat_config_equal (a, &b));

  fd_luat_config_save (a, kf, "luat", FALSE);
  data = g_key_file_to_data (kf, NULL, NULL);
  g_assert_null (strstr (data, "ProductKeyXYZ"));
  g_assert_true (fd_luat_config_load (&b, kf, "luat", &error));
  g_assert_null (b.key);
  g_assert_cmpint (b.period, ==, 4294967295);
  g_assert_false (b.keep_after_reboot);

  /* An empty group: the defaults. */
  {
    g_autoptr(GKeyFile) empty = g_key_file_new ();
    g_auto(FdLuatConfig) d = { 0 };
    g_auto(FdLuatConfig) init = { 0 };

    fd_luat_config_init (&init);
    g_assert_true (fd_luat_config_load (&d, empty, "none", &error));
    g_assert_true (fd_luat_config_equal (&d, &init));
    g_assert_true (d.keep_after_reboot);
  }
}

static void
test_boxed_types (void)
{
  g_autoptr(FdMfwConfig) mfw = fd_mfw_config_new ();
  g_autoptr(FdLuatConfig) luat = fd_luat_config_new ();
  FdMfwConfig *mfw_copy;
  FdLuatConfig *luat_copy;

  mfw->url = g_strdup ("http://h/f");
  luat->key = g_strdup ("k");
  g_assert_true (G_TYPE_IS_BOXED (FD_TYPE_MFW_CONFIG));
  g_assert_true (G_TYPE_IS_BOXED (FD_TYPE_LUAT_CONFIG));
  mfw_copy = g_boxed_copy (FD_TYPE_MFW_CONFIG, mfw);
  luat_copy = g_boxed_copy (FD_TYPE_LUAT_CONFIG, luat);
  g_assert_true (fd_mfw_config_equal (mfw, mfw_copy));
  g_assert_true (fd_luat_config_equal (luat, luat_copy));
  g_boxed_free (FD_TYPE_MFW_CONFIG, mfw_copy);
  g_boxed_free (FD_TYPE_LUAT_CONFIG, luat_copy);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/config/commands/rsfota", test_rsfota_commands);
  g_test_add_func ("/core/config/commands/rsfota-refused", test_rsfota_refused);
  g_test_add_func ("/core/config/commands/rsfota-action", test_rsfota_action_command);
  g_test_add_func ("/core/config/commands/mfw-server", test_mfw_commands_server);
  g_test_add_func ("/core/config/commands/mfw-other-sources", test_mfw_commands_other_sources);
  g_test_add_func ("/core/config/commands/mfw-steps", test_mfw_step_commands);
  g_test_add_func ("/core/config/commands/mfw-hex-quoting", test_mfw_hex_quoting_per_model);
  g_test_add_func ("/core/config/commands/luat", test_luat_commands);
  g_test_add_func ("/core/config/commands/luat-refused", test_luat_refused);
  g_test_add_func ("/core/config/redact/table", test_redact_table);
  g_test_add_func ("/core/config/redact/built-commands", test_redact_built_commands);
  g_test_add_func ("/core/config/preset/rsfota", test_preset_rsfota);
  g_test_add_func ("/core/config/preset/rsfota-errors", test_preset_rsfota_errors);
  g_test_add_func ("/core/config/preset/mfw", test_preset_mfw);
  g_test_add_func ("/core/config/preset/mfw-errors", test_preset_mfw_errors);
  g_test_add_func ("/core/config/preset/luat", test_preset_luat);
  g_test_add_func ("/core/config/boxed-types", test_boxed_types);

  return g_test_run ();
}
