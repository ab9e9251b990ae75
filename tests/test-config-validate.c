/* test-config-validate.c — every bound at n-1/n/n+1, AT injection,
 * capability refusals with their reasons, and the warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-luat-config.h"
#include "fd-mfw-config.h"
#include "fd-models.h"
#include "fd-rsfota-config.h"
#include "fd-validation.h"

#define U32_MAX G_GUINT64_CONSTANT (4294967295)

static void
dump (const FdValidation *v)
{
  for (guint i = 0; i < fd_validation_get_n_issues (v); i++)
    {
      const FdValidationIssue *issue = fd_validation_get_issue (v, i);

      g_test_message ("  %s [%s] code %d: %s", issue->is_warning ? "warning" : "error",
                      issue->field, issue->code, issue->message);
    }
}

static const FdValidationIssue *
assert_issue (const FdValidation *v, const char *field, gboolean warning, int code)
{
  const FdValidationIssue *issue = fd_validation_find (v, field, warning, code);

  if (issue == NULL)
    {
      g_test_message ("expected %s [%s] code %d in:", warning ? "warning" : "error", field, code);
      dump (v);
    }
  g_assert_nonnull (issue);
  return issue;
}

static void
assert_no_errors (const FdValidation *v)
{
  if (fd_validation_has_errors (v))
    dump (v);
  g_assert_false (fd_validation_has_errors (v));
}

static void
assert_no_warning (const FdValidation *v, const char *field, int code)
{
  if (fd_validation_find (v, field, TRUE, code) != NULL)
    dump (v);
  g_assert_null (fd_validation_find (v, field, TRUE, code));
}

/* ---- FdValidation itself ----------------------------------------------- */

static void
test_validation_basics (void)
{
  g_autoptr(FdValidation) v = fd_validation_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fd_validation_check (v, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fd_validation_get_n_issues (v), ==, 0);

  fd_validation_add_warning (v, "log", FD_CONFIG_WARNING_HIDES_PROGRESS, "W %d", 1);
  g_assert_false (fd_validation_has_errors (v));
  g_assert_true (fd_validation_check (v, NULL));

  fd_validation_add_error (v, "url", FD_CONFIG_ERROR_TOO_LONG, "First %s.", "problem");
  fd_validation_add_error (v, "timeout", FD_CONFIG_ERROR_OUT_OF_RANGE, "Second problem.");
  g_assert_cmpuint (fd_validation_get_n_issues (v), ==, 3);
  g_assert_cmpuint (fd_validation_get_n_errors (v), ==, 2);
  g_assert_cmpuint (fd_validation_get_n_warnings (v), ==, 1);
  g_assert_cmpstr (fd_validation_get_issue (v, 1)->message, ==, "First problem.");
  g_assert_nonnull (fd_validation_find (v, NULL, FALSE, -1));
  g_assert_nonnull (fd_validation_find (v, "timeout", FALSE, -1));
  g_assert_null (fd_validation_find (v, "timeout", TRUE, -1));
  g_assert_null (fd_validation_find (v, "url", FALSE, FD_CONFIG_ERROR_UNSAFE));

  g_assert_false (fd_validation_check (v, &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "First problem.\nSecond problem.");
}

/* ---- bounds ------------------------------------------------------------ */

typedef struct {
  const char *field;
  guint64     value;
  gboolean    ok;
} Bound;

static const Bound rsfota_bounds[] = {
  { "mode", 0, TRUE }, { "mode", 1, TRUE }, { "mode", 2, TRUE }, { "mode", 3, FALSE },
  { "first-check", 59, FALSE }, { "first-check", 60, TRUE }, { "first-check", 61, TRUE },
  { "first-check", U32_MAX, TRUE }, { "first-check", U32_MAX + 1, FALSE },
  { "auto-check", 599, FALSE }, { "auto-check", 600, TRUE }, { "auto-check", 601, TRUE },
  { "auto-check", U32_MAX + 1, FALSE },
  { "first-rep", 9, FALSE }, { "first-rep", 10, TRUE }, { "first-rep", 11, TRUE },
  { "first-rep", U32_MAX + 1, FALSE },
  { "auto-rep", 119, FALSE }, { "auto-rep", 120, TRUE }, { "auto-rep", 121, TRUE },
  { "auto-rep", U32_MAX + 1, FALSE },
  { "max-fail", 0, FALSE }, { "max-fail", 1, TRUE }, { "max-fail", 2, TRUE },
  { "max-fail", U32_MAX, TRUE }, { "max-fail", U32_MAX + 1, FALSE },
  { "action", 0, TRUE }, { "action", 3, TRUE }, { "action", 4, FALSE },
};

static void
rsfota_set (FdRsfotaConfig *c, const char *field, guint64 value)
{
  if (g_str_equal (field, "mode"))
    {
      c->has_mode = TRUE;
      c->mode = (FdRsfotaRunMode) value;
    }
  else if (g_str_equal (field, "first-check") || g_str_equal (field, "auto-check"))
    {
      c->has_mode = TRUE;
      c->mode = FD_RSFOTA_RUN_AUTOMATIC;
      if (g_str_equal (field, "first-check"))
        c->has_first_check = TRUE, c->first_check = value;
      else
        c->has_auto_check = TRUE, c->auto_check = value;
    }
  else if (g_str_equal (field, "first-rep"))
    c->has_first_rep = TRUE, c->first_rep = value;
  else if (g_str_equal (field, "auto-rep"))
    c->has_auto_rep = TRUE, c->auto_rep = value;
  else if (g_str_equal (field, "max-fail"))
    c->has_max_fail = TRUE, c->max_fail = value;
  else if (g_str_equal (field, "action"))
    c->action = (FdRsfotaAction) value;
  else
    g_assert_not_reached ();
}

static void
assert_bound (const FdValidation *v, const Bound *b)
{
  g_test_message ("%s = %" G_GUINT64_FORMAT " (%s)", b->field, b->value, b->ok ? "ok" : "refused");
  if (b->ok)
    {
      assert_no_errors (v);
      return;
    }
  assert_issue (v, b->field, FALSE, FD_CONFIG_ERROR_OUT_OF_RANGE);
  g_assert_cmpuint (fd_validation_get_n_errors (v), ==, 1);
}

static void
test_rsfota_bounds (void)
{
  const FdModel *m5311 = fd_models_lookup ("M5311");

  for (gsize i = 0; i < G_N_ELEMENTS (rsfota_bounds); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      FdRsfotaConfig c;

      fd_rsfota_config_init (&c);
      rsfota_set (&c, rsfota_bounds[i].field, rsfota_bounds[i].value);
      v = fd_rsfota_config_validate (&c, m5311);
      assert_bound (v, &rsfota_bounds[i]);
    }
}

static const Bound mfw_bounds[] = {
  { "timeout", 29, FALSE }, { "timeout", 30, TRUE }, { "timeout", 31, TRUE },
  { "timeout", 179, TRUE }, { "timeout", 180, TRUE }, { "timeout", 181, FALSE },
  { "timeout", 0, FALSE },
  { "package-mode", 0, TRUE }, { "package-mode", 1, TRUE }, { "package-mode", 2, FALSE },
  { "progind", 0, TRUE }, { "progind", 1, FALSE }, { "progind", 1023, FALSE },
  { "progind", 1024, TRUE }, { "progind", 1025, FALSE }, { "progind", 1536, FALSE },
  { "progind", 10240, TRUE },
  { "progind", 4294966272, TRUE }, { "progind", 4294967296, FALSE },
  { "ssl-id", 0, TRUE }, { "ssl-id", 1, TRUE }, { "ssl-id", 3, TRUE }, { "ssl-id", 4, TRUE },
  { "ssl-id", 5, FALSE },
  { "pkgsize", 0, FALSE }, { "pkgsize", 511, FALSE }, { "pkgsize", 512, TRUE },
  { "pkgsize", 513, FALSE }, { "pkgsize", 1023, FALSE }, { "pkgsize", 1024, TRUE },
  { "pkgsize", 1025, FALSE }, { "pkgsize", 768, FALSE }, { "pkgsize", 1280, FALSE },
  { "pkgsize", 1536, TRUE }, { "pkgsize", 2048, TRUE },
  { "pkgsize", 2560, TRUE }, { "pkgsize", 3071, FALSE }, { "pkgsize", 3072, TRUE },
  { "pkgsize", 3073, FALSE }, { "pkgsize", 3584, FALSE },
};

static void
mfw_set (FdMfwConfig *c, const char *field, guint64 value)
{
  if (g_str_equal (field, "timeout"))
    c->has_timeout = TRUE, c->timeout = value;
  else if (g_str_equal (field, "package-mode"))
    c->has_package_mode = TRUE, c->package_mode = value;
  else if (g_str_equal (field, "progind"))
    c->has_progind = TRUE, c->progind = value;
  else if (g_str_equal (field, "ssl-id"))
    c->has_ssl_id = TRUE, c->ssl_id = value;
  else if (g_str_equal (field, "pkgsize"))
    c->has_pkgsize = TRUE, c->pkgsize = value;
  else
    g_assert_not_reached ();
}

static void
mfw_init_server (FdMfwConfig *c, const char *url)
{
  fd_mfw_config_init (c);
  c->url = g_strdup (url);
}

static void
test_mfw_bounds (void)
{
  const FdModel *m5311e = fd_models_lookup ("M5311-E-DLVS");

  for (gsize i = 0; i < G_N_ELEMENTS (mfw_bounds); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      mfw_init_server (&c, "http://10.0.0.1:8080/fw.bin");
      mfw_set (&c, mfw_bounds[i].field, mfw_bounds[i].value);
      v = fd_mfw_config_validate (&c, m5311e);
      assert_bound (v, &mfw_bounds[i]);
    }
}

/* M5310-E: pkgsize 512 only. */
static void
test_mfw_pkgsize_m5310e (void)
{
  static const Bound bounds[] = {
    { "pkgsize", 511, FALSE }, { "pkgsize", 512, TRUE }, { "pkgsize", 513, FALSE },
  };
  const FdModel *m5310e = fd_models_lookup ("M5310-E");

  for (gsize i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      mfw_init_server (&c, "http://h/fw.bin");
      mfw_set (&c, bounds[i].field, bounds[i].value);
      v = fd_mfw_config_validate (&c, m5310e);
      assert_bound (v, &bounds[i]);
    }
  for (guint64 size = 1024; size <= 3072; size += 512)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };
      const FdValidationIssue *issue;

      mfw_init_server (&c, "http://h/fw.bin");
      mfw_set (&c, "pkgsize", size);
      v = fd_mfw_config_validate (&c, m5310e);
      issue = assert_issue (v, "pkgsize", FALSE, FD_CONFIG_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (issue->message, "M5310-E accepts only 512 for pkgsize."));
    }
}

/* A string of @len bytes: @prefix then 'a's. */
static char *
string_of_length (const char *prefix, gsize len)
{
  GString *s = g_string_new (prefix);

  while (s->len < len)
    g_string_append_c (s, 'a');
  g_assert_cmpuint (s->len, ==, len);
  return g_string_free (s, FALSE);
}

static void
test_mfw_string_lengths (void)
{
  static const struct {
    const char *field;
    gsize       len;
    gboolean    ok;
  } table[] = {
    { "url", 255, TRUE }, { "url", 256, TRUE }, { "url", 257, FALSE },
    { "auth-user", 47, TRUE }, { "auth-user", 48, TRUE }, { "auth-user", 49, FALSE },
    { "auth-password", 47, TRUE }, { "auth-password", 48, TRUE }, { "auth-password", 49, FALSE },
  };
  const FdModel *m5311e = fd_models_lookup ("M5311-E");

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };
      gboolean is_url = g_str_equal (table[i].field, "url");

      fd_mfw_config_init (&c);
      c.url = is_url ? string_of_length ("ftp://h/", table[i].len) : g_strdup ("ftp://h/f");
      c.user = g_str_equal (table[i].field, "auth-user") ? string_of_length ("", table[i].len)
                                                          : g_strdup ("user");
      c.password = g_str_equal (table[i].field, "auth-password")
                     ? string_of_length ("", table[i].len)
                     : g_strdup ("pw");
      v = fd_mfw_config_validate (&c, m5311e);
      g_test_message ("%s of %" G_GSIZE_FORMAT " bytes", table[i].field, table[i].len);
      if (table[i].ok)
        assert_no_errors (v);
      else
        assert_issue (v, table[i].field, FALSE, FD_CONFIG_ERROR_TOO_LONG);
    }
}

/* The Luat page gives none; FotaDesk refuses past 1 KiB (a file picked by
 * mistake). */
static void
test_luat_string_lengths (void)
{
  static const struct {
    gboolean key;
    gsize    len;
    gboolean ok;
  } table[] = {
    { TRUE, 1023, TRUE }, { TRUE, 1024, TRUE }, { TRUE, 1025, FALSE },
    { FALSE, 1023, TRUE }, { FALSE, 1024, TRUE }, { FALSE, 1025, FALSE },
  };
  const FdModel *luat = fd_models_lookup ("Air780E");

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdLuatConfig) c = { 0 };

      fd_luat_config_init (&c);
      c.server = table[i].key ? FD_LUAT_SERVER_KEY : FD_LUAT_SERVER_URL;
      if (table[i].key)
        c.key = string_of_length ("PK", table[i].len);
      else
        c.url = string_of_length ("http://h/", table[i].len);
      c.trigger = TRUE;
      v = fd_luat_config_validate (&c, luat);
      g_test_message ("%s of %" G_GSIZE_FORMAT " bytes", table[i].key ? "key" : "url",
                      table[i].len);
      if (table[i].ok)
        assert_no_errors (v);
      else
        assert_issue (v, table[i].key ? "key" : "url", FALSE, FD_CONFIG_ERROR_TOO_LONG);
    }
}

static const Bound luat_bounds[] = {
  { "period", 0, FALSE }, { "period", 59, FALSE }, { "period", 60, TRUE }, { "period", 61, TRUE },
  { "period", 86400, TRUE }, { "period", 4294967294, TRUE }, { "period", 4294967295, TRUE },
  { "period", 4294967296, FALSE }, { "period", G_MAXUINT64, FALSE },
};

static void
test_luat_bounds (void)
{
  const FdModel *luat = fd_models_lookup ("Air780E");

  for (gsize i = 0; i < G_N_ELEMENTS (luat_bounds); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdLuatConfig) c = { 0 };

      fd_luat_config_init (&c);
      c.has_period = TRUE;
      c.period = luat_bounds[i].value;
      v = fd_luat_config_validate (&c, luat);
      assert_bound (v, &luat_bounds[i]);
    }
}

/* The messages name the field, say what is wrong and give the range. */
static void
test_messages (void)
{
  g_autoptr(FdValidation) v1 = NULL;
  g_autoptr(FdValidation) v2 = NULL;
  g_autoptr(FdValidation) v3 = NULL;
  g_autoptr(FdValidation) v4 = NULL;
  g_auto(FdLuatConfig) luat = { 0 };
  g_auto(FdMfwConfig) mfw = { 0 };
  FdRsfotaConfig rs;

  fd_luat_config_init (&luat);
  luat.has_period = TRUE;
  luat.period = 59;
  v1 = fd_luat_config_validate (&luat, fd_models_lookup ("Air724UG"));
  g_assert_cmpstr (assert_issue (v1, "period", FALSE, FD_CONFIG_ERROR_OUT_OF_RANGE)->message, ==,
                   "PERIOD must be between 60 and 4294967295 seconds; got 59.");

  fd_rsfota_config_init (&rs);
  rsfota_set (&rs, "first-check", 59);
  rsfota_set (&rs, "max-fail", 0);
  v2 = fd_rsfota_config_validate (&rs, fd_models_lookup ("M5311"));
  g_assert_cmpstr (assert_issue (v2, "first-check", FALSE, -1)->message, ==,
                   "first_check must be between 60 and 4294967295 seconds; got 59.");
  g_assert_cmpstr (assert_issue (v2, "max-fail", FALSE, -1)->message, ==,
                   "max_fail must be between 1 and 4294967295; got 0.");

  mfw_init_server (&mfw, "http://h/f");
  mfw_set (&mfw, "timeout", 181);
  mfw_set (&mfw, "pkgsize", 513);
  mfw_set (&mfw, "progind", 1025);
  mfw_set (&mfw, "ssl-id", 5);
  v3 = fd_mfw_config_validate (&mfw, fd_models_lookup ("M5311-E"));
  g_assert_cmpstr (assert_issue (v3, "timeout", FALSE, -1)->message, ==,
                   "timeout must be between 30 and 180 seconds; got 181.");
  g_assert_cmpstr (assert_issue (v3, "pkgsize", FALSE, -1)->message, ==,
                   "pkgsize must be 512, 1024, 1536, 2048, 2560 or 3072 bytes (a multiple of "
                   "512); got 513.");
  g_assert_cmpstr (assert_issue (v3, "progind", FALSE, -1)->message, ==,
                   "progind must be a multiple of 1024 bytes between 0 and 4294966272 (0 "
                   "reports only at the end); got 1025.");
  g_assert_cmpstr (assert_issue (v3, "ssl-id", FALSE, -1)->message, ==,
                   "ssl_id must be between 0 and 4; got 5.");

  fd_mfw_config_clear (&mfw);
  mfw.url = string_of_length ("http://h/", 257);
  mfw.user = g_strdup ("u");
  mfw.password = string_of_length ("", 49);
  v4 = fd_mfw_config_validate (&mfw, fd_models_lookup ("M5311-E"));
  g_assert_cmpstr (assert_issue (v4, "url", FALSE, -1)->message, ==,
                   "url must be at most 256 bytes long; got 257.");
  g_assert_cmpstr (assert_issue (v4, "auth-password", FALSE, -1)->message, ==,
                   "The password (auth) must be at most 48 bytes long; got 49.");
}

/* ---- AT injection ------------------------------------------------------ */

static const char *const injections[] = {
  "x\";AT+MFWERASE",
  "a\rAT+MFWERASE",
  "a\nAT+MFWERASE",
  "a\r\nAT+MFWERASE",
  "a\x01MFWERASE",
  "a\x1bMFWERASE",
  "a\x1fMFWERASE",
  "a\tMFWERASE",
  "a\x7fMFWERASE",
};

static void
assert_refused_unsafe (const FdValidation *v, const char *field, const char *value)
{
  const FdValidationIssue *issue = assert_issue (v, field, FALSE, FD_CONFIG_ERROR_UNSAFE);

  /* The message says what is wrong without repeating the value. */
  g_assert_null (strstr (issue->message, "MFWERASE"));
  g_assert_null (strstr (issue->message, value));
}

static void
test_mfw_injection (void)
{
  const char *const fields[] = { "url", "auth-user", "auth-password" };
  const FdModel *m5311e = fd_models_lookup ("M5311-E");

  for (gsize i = 0; i < G_N_ELEMENTS (injections); i++)
    for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
      {
        g_autoptr(FdValidation) v = NULL;
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) lines = NULL;
        g_auto(FdMfwConfig) c = { 0 };
        g_autofree char *url = g_strconcat ("ftp://h/", injections[i], NULL);

        fd_mfw_config_init (&c);
        c.url = g_strdup (f == 0 ? url : "ftp://h/f");
        c.user = g_strdup (f == 1 ? injections[i] : "user");
        c.password = g_strdup (f == 2 ? injections[i] : "pw");
        v = fd_mfw_config_validate (&c, m5311e);
        g_test_message ("%s with injection %" G_GSIZE_FORMAT, fields[f], i);
        assert_refused_unsafe (v, fields[f], injections[i]);

        lines = fd_mfw_config_build_commands (&c, m5311e, &error);
        g_assert_null (lines);
        g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSAFE);
        g_assert_null (strstr (error->message, injections[i]));
      }
}

static void
test_mfw_injection_module_file (void)
{
  g_autoptr(FdValidation) v = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  fd_mfw_config_init (&c);
  c.source = FD_MFW_SOURCE_MODULE_FILE;
  c.url = g_strdup ("file://dload/u.bin\";AT+MFWERASE");
  v = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  assert_refused_unsafe (v, "url", c.url);
}

static void
test_luat_injection (void)
{
  const FdModel *luat = fd_models_lookup ("Air780E");

  for (gsize i = 0; i < G_N_ELEMENTS (injections); i++)
    for (int server = FD_LUAT_SERVER_KEY; server <= FD_LUAT_SERVER_URL; server++)
      {
        g_autoptr(FdValidation) v = NULL;
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) lines = NULL;
        g_auto(FdLuatConfig) c = { 0 };

        fd_luat_config_init (&c);
        c.server = server;
        c.key = g_strdup (injections[i]);
        c.url = g_strconcat ("http://h/", injections[i], NULL);
        v = fd_luat_config_validate (&c, luat);
        assert_refused_unsafe (v, server == FD_LUAT_SERVER_KEY ? "key" : "url",
                               server == FD_LUAT_SERVER_KEY ? c.key : c.url);
        lines = fd_luat_config_build_commands (&c, luat, &error);
        g_assert_null (lines);
        g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSAFE);
      }
}

/* Bytes >= 0x80 are not control bytes: a UTF-8 path is sent as is. */
static void
test_utf8_allowed (void)
{
  g_autoptr(FdValidation) v = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  mfw_init_server (&c, "http://h/固件/包.bin");
  c.user = g_strdup ("用户");
  c.password = g_strdup ("密码");
  v = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  assert_no_errors (v);
}

/* Bytes that are no UTF-8 (a binary file given as a key or password) are
 * refused, whatever the field. */
static void
test_invalid_utf8 (void)
{
  static const char *const binary[] = { "\xc3\x28", "ab\xff", "\xe4\xb8", "\xf8\x88\x80\x80\x80" };
  const FdModel *m5311e = fd_models_lookup ("M5311-E");
  const FdModel *luat = fd_models_lookup ("Air780E");

  for (gsize i = 0; i < G_N_ELEMENTS (binary); i++)
    {
      g_autofree char *url = g_strconcat ("ftp://h/", binary[i], NULL);
      g_autofree char *luat_url = g_strconcat ("http://h/", binary[i], NULL);
      g_auto(FdMfwConfig) m = { 0 };
      g_auto(FdLuatConfig) k = { 0 };
      g_auto(FdLuatConfig) u = { 0 };
      g_autoptr(FdValidation) vm = NULL;
      g_autoptr(FdValidation) vk = NULL;
      g_autoptr(FdValidation) vu = NULL;

      mfw_init_server (&m, url);
      m.user = g_strdup (binary[i]);
      m.password = g_strdup (binary[i]);
      vm = fd_mfw_config_validate (&m, m5311e);
      assert_issue (vm, "url", FALSE, FD_CONFIG_ERROR_INVALID);
      assert_issue (vm, "auth-user", FALSE, FD_CONFIG_ERROR_INVALID);
      assert_issue (vm, "auth-password", FALSE, FD_CONFIG_ERROR_INVALID);
      fd_luat_config_init (&k);
      k.server = FD_LUAT_SERVER_KEY;
      k.key = g_strdup (binary[i]);
      vk = fd_luat_config_validate (&k, luat);
      assert_issue (vk, "key", FALSE, FD_CONFIG_ERROR_INVALID);
      fd_luat_config_init (&u);
      u.server = FD_LUAT_SERVER_URL;
      u.url = g_strdup (luat_url);
      vu = fd_luat_config_validate (&u, luat);
      assert_issue (vu, "url", FALSE, FD_CONFIG_ERROR_INVALID);
    }
}

/* ---- URL schemes ------------------------------------------------------- */

static void
test_mfw_schemes (void)
{
  static const struct {
    const char *url;
    int         code; /* -1 = accepted */
  } table[] = {
    { "http://h/f", -1 },
    { "HTTP://h/f", -1 },
    { "Https://h/f", -1 },
    { "ftp://h/f", -1 },
    { "FTP://115.29.109.79:21/ML302S/system_patch.mini_1", -1 },
    { "ftps://h/f", -1 },
    { "www.example.com/fw.bin", FD_CONFIG_ERROR_INVALID },
    { "//h/f", FD_CONFIG_ERROR_INVALID },
    { "http://", FD_CONFIG_ERROR_INVALID },
    { "http:/h/f", FD_CONFIG_ERROR_INVALID },
    { "h t://h/f", FD_CONFIG_ERROR_INVALID },
    { "sftp://h/f", FD_CONFIG_ERROR_INVALID },
    { "file://dload/u.bin", FD_CONFIG_ERROR_INVALID }, /* file:// is the module-file source */
    { "", FD_CONFIG_ERROR_MISSING },
    { NULL, FD_CONFIG_ERROR_MISSING },
  };
  const FdModel *m5311e = fd_models_lookup ("M5311-E");

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      mfw_init_server (&c, table[i].url);
      v = fd_mfw_config_validate (&c, m5311e);
      g_test_message ("url “%s”", table[i].url);
      if (table[i].code < 0)
        assert_no_errors (v);
      else
        assert_issue (v, "url", FALSE, table[i].code);
    }
}

static void
test_mfw_module_file_scheme (void)
{
  static const struct {
    const char *url;
    gboolean    ok;
  } table[] = {
    { "file://dload/update3.bin", TRUE },
    { "FILE://dload/update3.bin", TRUE },
    { "http://h/f", FALSE },
    { "dload/update3.bin", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      fd_mfw_config_init (&c);
      c.source = FD_MFW_SOURCE_MODULE_FILE;
      c.url = g_strdup (table[i].url);
      v = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
      if (table[i].ok)
        assert_no_errors (v);
      else
        assert_issue (v, "url", FALSE, FD_CONFIG_ERROR_INVALID);
    }
}

static void
test_luat_schemes (void)
{
  static const struct {
    const char *url;
    int         code;
  } table[] = {
    { "http://h/fw.bin", -1 },
    { "HTTP://h/fw.bin", -1 },
    { "https://h/fw.bin", FD_CONFIG_ERROR_UNSUPPORTED },
    { "ftp://h/fw.bin", FD_CONFIG_ERROR_UNSUPPORTED },
    { "h/fw.bin", FD_CONFIG_ERROR_INVALID },
    { "", FD_CONFIG_ERROR_MISSING },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdLuatConfig) c = { 0 };

      fd_luat_config_init (&c);
      c.server = FD_LUAT_SERVER_URL;
      c.url = g_strdup (table[i].url);
      v = fd_luat_config_validate (&c, fd_models_lookup ("Air780E"));
      g_test_message ("URL “%s”", table[i].url);
      if (table[i].code < 0)
        assert_no_errors (v);
      else
        assert_issue (v, "url", FALSE, table[i].code);
    }
}

/* ---- capabilities ------------------------------------------------------ */

enum {
  SET_TIMEOUT = 1 << 0,
  SET_PROGIND = 1 << 1,
  SET_SSL = 1 << 2,
  SET_PKGSIZE_1024 = 1 << 3,
  SET_MODE = 1 << 4,
  VERIFY_MD5 = 1 << 5,
  ERASE = 1 << 6,
  DOWNLOAD_ONLY = 1 << 7,
  AUTH = 1 << 8,
};

typedef struct {
  const char *model;
  FdMfwSource source;
  const char *url;
  guint       flags;
  const char *field;  /* of the expected error; NULL = accepted */
  int         code;
  const char *reason; /* part of the message */
} CapCase;

static const CapCase cap_cases[] = {
  /* refused, with the manual's reason */
  { "ML307A-DCLN", FD_MFW_SOURCE_SERVER, "ftp://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "ML302A-DCLM, ML302A-GCLM, ML307A-DCLN and ML307A-GCLN do not support FTP upgrades." },
  { "ML302A-GCLM", FD_MFW_SOURCE_SERVER, "FTP://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "do not support FTP" },
  { "ML307A", FD_MFW_SOURCE_SERVER, "ftp://h/f", 0, "url", FD_CONFIG_ERROR_UNCONFIRMED,
    "Confirm the exact sub-model for this job to use FTP." },
  { "MN316-DLVS", FD_MFW_SOURCE_SERIAL_PASSTHROUGH, NULL, 0, "source",
    FD_CONFIG_ERROR_UNSUPPORTED, "support neither passthrough writes" },
  { "MN316", FD_MFW_SOURCE_SERVER, "ftp://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "nor FTP downloads" },
  { "MN316", FD_MFW_SOURCE_MODULE_FILE, "file://dload/u.bin", 0, "url",
    FD_CONFIG_ERROR_UNSUPPORTED, "upgrades from a file on the module" },
  { "M5310-E", FD_MFW_SOURCE_SERVER, "https://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "M5310-E has no SSL cipher suites" },
  { "M5310-E", FD_MFW_SOURCE_SERVER, "ftps://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "no SSL cipher suites" },
  { "M5310-E", FD_MFW_SOURCE_SERVER, "http://h/f", SET_SSL, "ssl-id",
    FD_CONFIG_ERROR_UNSUPPORTED, "no SSL profile" },
  { "M5310-E", FD_MFW_SOURCE_SERVER, "http://h/f", SET_PKGSIZE_1024, "pkgsize",
    FD_CONFIG_ERROR_UNSUPPORTED, "only 512" },
  { "M5310-E", FD_MFW_SOURCE_SERIAL_HEX, NULL, VERIFY_MD5, "verify",
    FD_CONFIG_ERROR_UNSUPPORTED, "no AT+MFWCHECK" },
  { "MN316", FD_MFW_SOURCE_SERIAL_HEX, NULL, VERIFY_MD5, "verify", FD_CONFIG_ERROR_UNSUPPORTED,
    "no AT+MFWCHECK" },
  { "ML307S-DNLM", FD_MFW_SOURCE_SERVER, "http://h/f", DOWNLOAD_ONLY, "download-only",
    FD_CONFIG_ERROR_UNSUPPORTED, "no separate download step" },
  { "ML307A-DSLN", FD_MFW_SOURCE_SERVER, "http://h/f", DOWNLOAD_ONLY, "download-only",
    FD_CONFIG_ERROR_UNSUPPORTED, "AT+MFWUPGRADE downloads and upgrades in one go" },
  { "ML307S", FD_MFW_SOURCE_SERIAL_HEX, NULL, 0, "source", FD_CONFIG_ERROR_UNSUPPORTED,
    "written over the serial port" },
  { "ML302S", FD_MFW_SOURCE_SERIAL_PASSTHROUGH, NULL, 0, "source", FD_CONFIG_ERROR_UNSUPPORTED,
    "written over the serial port" },
  { "ML307S", FD_MFW_SOURCE_SERVER, "http://h/f", SET_TIMEOUT, "timeout",
    FD_CONFIG_ERROR_UNSUPPORTED, "cannot set the server timeout" },
  { "ML307S", FD_MFW_SOURCE_SERVER, "http://h/f", SET_PROGIND, "progind",
    FD_CONFIG_ERROR_UNSUPPORTED, "download progress" },
  { "ML307S", FD_MFW_SOURCE_SERVER, "http://h/f", SET_SSL, "ssl-id",
    FD_CONFIG_ERROR_UNSUPPORTED, "SSL profile" },
  { "ML307S", FD_MFW_SOURCE_SERVER, "http://h/f", SET_MODE, "package-mode",
    FD_CONFIG_ERROR_UNSUPPORTED, "diff and full" },
  { "ML307S", FD_MFW_SOURCE_SERVER, "http://h/f", SET_PKGSIZE_1024, "pkgsize",
    FD_CONFIG_ERROR_UNSUPPORTED, "HTTP request size" },
  { "ML302A-DSLM", FD_MFW_SOURCE_SERVER, "http://h/f", ERASE, "erase-first",
    FD_CONFIG_ERROR_UNSUPPORTED, "AT+MFWERASE" },
  { "ML302A-DSLM", FD_MFW_SOURCE_SERVER, "https://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "https:// or ftps://" },
  { "ML302A-DSLM", FD_MFW_SOURCE_SERVER, "ftps://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "https:// or ftps://" },
  { "ML307S", FD_MFW_SOURCE_MODULE_FILE, "file://dload/u.bin", 0, "url",
    FD_CONFIG_ERROR_UNSUPPORTED, "from a file on the module" },
  { "ML307S", FD_MFW_SOURCE_SERVER, "http://h/f", VERIFY_MD5, "verify",
    FD_CONFIG_ERROR_UNSUPPORTED, "no AT+MFWCHECK" },
  { "SIM7600", FD_MFW_SOURCE_SERVER, "http://h/f", 0, "source", FD_CONFIG_ERROR_UNCONFIRMED,
    "confirm the model for this job" },
  { "SIM7600", FD_MFW_SOURCE_SERVER, "https://h/f", 0, "url", FD_CONFIG_ERROR_UNSUPPORTED,
    "not recognised" },
  { "M5311", FD_MFW_SOURCE_SERVER, "http://h/f", 0, "model", FD_CONFIG_ERROR_UNSUPPORTED,
    "M5311 does not speak OneMO firmware upgrade (AT+MFW)." },
  { "Air780E", FD_MFW_SOURCE_SERVER, "http://h/f", 0, "model", FD_CONFIG_ERROR_UNSUPPORTED,
    "does not speak OneMO" },
  /* accepted */
  { "ML307A-DSLN", FD_MFW_SOURCE_SERVER, "ftp://h/f", AUTH, NULL, 0, NULL },
  { "ML307S", FD_MFW_SOURCE_SERVER, "ftp://h/f", AUTH, NULL, 0, NULL },
  { "ML307A-DCLN", FD_MFW_SOURCE_SERVER, "http://h/f", AUTH, NULL, 0, NULL },
  { "ML307A", FD_MFW_SOURCE_SERVER, "http://h/f", 0, NULL, 0, NULL },
  { "MN316", FD_MFW_SOURCE_SERVER, "https://h/f", SET_SSL, NULL, 0, NULL },
  { "MN316", FD_MFW_SOURCE_SERIAL_HEX, NULL, ERASE | DOWNLOAD_ONLY, NULL, 0, NULL },
  { "M5310-E", FD_MFW_SOURCE_SERIAL_HEX, NULL, SET_TIMEOUT, NULL, 0, NULL },
  { "MN316-S-DLVS", FD_MFW_SOURCE_SERVER, "ftps://h/f", SET_TIMEOUT | VERIFY_MD5, NULL, 0, NULL },
  { "MN316-S", FD_MFW_SOURCE_SERIAL_PASSTHROUGH, NULL, 0, NULL, 0, NULL },
  { "M5311-E", FD_MFW_SOURCE_SERVER, "ftp://h/f",
    SET_TIMEOUT | SET_PROGIND | SET_SSL | SET_PKGSIZE_1024 | SET_MODE | VERIFY_MD5 | ERASE | AUTH,
    NULL, 0, NULL },
  { "M5311-E", FD_MFW_SOURCE_MODULE_FILE, "file://dload/u.bin", 0, NULL, 0, NULL },
  { "M5311-E", FD_MFW_SOURCE_SERIAL_PASSTHROUGH, NULL, VERIFY_MD5 | ERASE, NULL, 0, NULL },
};

static void
cap_case_config (const CapCase *cc, FdMfwConfig *c)
{
  fd_mfw_config_init (c);
  c->source = cc->source;
  c->url = g_strdup (cc->url);
  if (cc->source == FD_MFW_SOURCE_SERIAL_HEX || cc->source == FD_MFW_SOURCE_SERIAL_PASSTHROUGH)
    c->local_path = g_strdup ("/tmp/fw.bin");
  if (cc->flags & SET_TIMEOUT)
    mfw_set (c, "timeout", 60);
  if (cc->flags & SET_PROGIND)
    mfw_set (c, "progind", 10240);
  if (cc->flags & SET_SSL)
    mfw_set (c, "ssl-id", 0);
  if (cc->flags & SET_PKGSIZE_1024)
    mfw_set (c, "pkgsize", 1024);
  if (cc->flags & SET_MODE)
    mfw_set (c, "package-mode", FD_MFW_PACKAGE_FULL);
  if (cc->flags & VERIFY_MD5)
    c->verify = FD_MFW_VERIFY_MD5;
  c->erase_first = (cc->flags & ERASE) != 0;
  c->download_only = (cc->flags & DOWNLOAD_ONLY) != 0;
  if (cc->flags & AUTH)
    {
      c->user = g_strdup ("user");
      c->password = g_strdup ("secret");
    }
}

static void
test_mfw_capabilities (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cap_cases); i++)
    {
      const CapCase *cc = &cap_cases[i];
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      cap_case_config (cc, &c);
      v = fd_mfw_config_validate (&c, fd_models_lookup (cc->model));
      g_test_message ("case %" G_GSIZE_FORMAT ": %s %s", i, cc->model, cc->url);
      if (cc->field == NULL)
        {
          assert_no_errors (v);
          continue;
        }
      g_assert_nonnull (strstr (assert_issue (v, cc->field, FALSE, cc->code)->message,
                                cc->reason));
    }
}

/* A module of another dialect is refused once, not once per item. */
static void
test_mfw_wrong_dialect_once (void)
{
  g_autoptr(FdValidation) v = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  mfw_init_server (&c, "https://h/f");
  mfw_set (&c, "timeout", 60);
  c.verify = FD_MFW_VERIFY_SHA1;
  v = fd_mfw_config_validate (&c, fd_models_lookup ("M5311"));
  g_assert_cmpuint (fd_validation_get_n_issues (v), ==, 1);
  assert_issue (v, "model", FALSE, FD_CONFIG_ERROR_UNSUPPORTED);
}

/* FTP on a bare "ML307A" is allowed for a job once the user confirms a
 * sub-model that has it. */
static void
test_mfw_confirmed_sub_model (void)
{
  g_autoptr(FdValidation) before = NULL;
  g_autoptr(FdValidation) after = NULL;
  g_autoptr(FdValidation) wrong = NULL;
  g_auto(FdMfwConfig) c = { 0 };
  const FdModel *detected = fd_models_lookup ("ML307A");
  const FdModel *confirmed = fd_models_confirm_sub_model (detected, "ML307A-DSLN", NULL);

  mfw_init_server (&c, "ftp://h/ML307A/system_patch.bin_1");
  before = fd_mfw_config_validate (&c, detected);
  assert_issue (before, "url", FALSE, FD_CONFIG_ERROR_UNCONFIRMED);
  after = fd_mfw_config_validate (&c, confirmed);
  assert_no_errors (after);
  wrong = fd_mfw_config_validate (&c, fd_models_confirm_sub_model (detected, "ML307A-GCLN", NULL));
  assert_issue (wrong, "url", FALSE, FD_CONFIG_ERROR_UNSUPPORTED);
}

/* An unknown model: the most conservative row, a warning, and the
 * download path must be confirmed. */
static void
test_mfw_unknown_model (void)
{
  g_autoptr(FdValidation) v = NULL;
  g_autoptr(FdValidation) confirmed = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  mfw_init_server (&c, "http://h/f");
  v = fd_mfw_config_validate (&c, NULL);
  assert_issue (v, "model", TRUE, FD_CONFIG_WARNING_UNKNOWN_MODEL);
  assert_issue (v, "source", FALSE, FD_CONFIG_ERROR_UNCONFIRMED);
  g_assert_cmpuint (fd_validation_get_n_errors (v), ==, 1);

  confirmed = fd_mfw_config_validate (&c, fd_models_confirm_sub_model (fd_models_get_unknown (),
                                                                       "M5311-E", NULL));
  g_assert_cmpuint (fd_validation_get_n_issues (confirmed), ==, 0);
}

static void
test_mfw_inferred_warnings (void)
{
  static const struct {
    const char *model;
    const char *url;
    guint       flags;
    const char *fields; /* space-separated fields with an INFERRED warning */
  } table[] = {
    { "MN316-S", "ftps://h/f", SET_TIMEOUT | VERIFY_MD5, "url source timeout verify" },
    { "MN316-S", "http://h/f", AUTH, "url source auth-user" },
    { "MN316", "https://h/f", SET_SSL, "url ssl-id" },
    { "M5311-E", "ftps://h/f", 0, "url" },
    { "M5311-E", "ftp://h/f", SET_TIMEOUT | AUTH, "" },
    { "MN316", "http://h/f", 0, "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      CapCase cc = { table[i].model, FD_MFW_SOURCE_SERVER, table[i].url, table[i].flags };
      g_auto(GStrv) fields = g_strsplit (table[i].fields, " ", -1);
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };
      guint n_inferred = 0;

      cap_case_config (&cc, &c);
      v = fd_mfw_config_validate (&c, fd_models_lookup (cc.model));
      g_test_message ("%s %s", cc.model, cc.url);
      assert_no_errors (v);
      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (*fields[f] == '\0')
            continue;
          g_assert_nonnull (strstr (assert_issue (v, fields[f], TRUE,
                                                  FD_CONFIG_WARNING_INFERRED)->message,
                                    "Inferred"));
          n_inferred++;
        }
      /* ... and on no other field. */
      for (guint k = 0; k < fd_validation_get_n_issues (v); k++)
        if (fd_validation_get_issue (v, k)->code == FD_CONFIG_WARNING_INFERRED)
          n_inferred--;
      g_assert_cmpuint (n_inferred, ==, 0);
    }
}

static void
test_mfw_no_rollback_warning (void)
{
  static const struct {
    const char *model;
    gboolean    warns;
  } table[] = {
    { "ML307A-DSLN", TRUE }, { "ML302A-DCLM", TRUE }, { "ML307S", TRUE }, { "ML307A", TRUE },
    { "M5311-E", FALSE }, { "MN316", FALSE }, { "MN316-S", FALSE }, { "M5310-E", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      g_auto(FdMfwConfig) c = { 0 };

      mfw_init_server (&c, "http://h/f");
      v = fd_mfw_config_validate (&c, fd_models_lookup (table[i].model));
      if (table[i].warns)
        g_assert_nonnull (strstr (assert_issue (v, "model", TRUE,
                                                FD_CONFIG_WARNING_NO_ROLLBACK)->message,
                                  "cannot be restored"));
      else
        assert_no_warning (v, NULL, FD_CONFIG_WARNING_NO_ROLLBACK);
    }
}

/* Every problem at once, for the form. */
static void
test_mfw_collects_all (void)
{
  g_autoptr(FdValidation) v = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  mfw_init_server (&c, "www.example.com/fw.bin");
  mfw_set (&c, "timeout", 10);
  mfw_set (&c, "progind", 1000);
  mfw_set (&c, "ssl-id", 9);
  mfw_set (&c, "pkgsize", 100);
  c.password = g_strdup ("p");
  v = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  g_assert_cmpuint (fd_validation_get_n_errors (v), ==, 6);
  assert_issue (v, "url", FALSE, FD_CONFIG_ERROR_INVALID);
  assert_issue (v, "timeout", FALSE, FD_CONFIG_ERROR_OUT_OF_RANGE);
  assert_issue (v, "progind", FALSE, FD_CONFIG_ERROR_OUT_OF_RANGE);
  assert_issue (v, "ssl-id", FALSE, FD_CONFIG_ERROR_OUT_OF_RANGE);
  assert_issue (v, "pkgsize", FALSE, FD_CONFIG_ERROR_OUT_OF_RANGE);
  assert_issue (v, "auth-user", FALSE, FD_CONFIG_ERROR_MISSING);

  lines = fd_mfw_config_build_commands (&c, fd_models_lookup ("M5311-E"), &error);
  g_assert_null (lines);
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
  parts = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 6);
}

static void
test_mfw_missing_and_ignored (void)
{
  g_autoptr(FdValidation) serial = NULL;
  g_autoptr(FdValidation) module_file = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  /* Serial write: no file chosen; url, auth, timeout are not used. */
  fd_mfw_config_init (&c);
  c.source = FD_MFW_SOURCE_SERIAL_HEX;
  c.url = g_strdup ("http://h/f");
  c.user = g_strdup ("u");
  mfw_set (&c, "timeout", 60);
  mfw_set (&c, "package-mode", 0);
  serial = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  assert_issue (serial, "local-path", FALSE, FD_CONFIG_ERROR_MISSING);
  assert_issue (serial, "url", TRUE, FD_CONFIG_WARNING_IGNORED);
  assert_issue (serial, "auth-user", TRUE, FD_CONFIG_WARNING_IGNORED);
  assert_issue (serial, "timeout", TRUE, FD_CONFIG_WARNING_IGNORED);
  assert_issue (serial, "package-mode", TRUE, FD_CONFIG_WARNING_MAY_FAIL);
  g_assert_cmpuint (fd_validation_get_n_errors (serial), ==, 1);

  /* A module file checked against nothing. */
  fd_mfw_config_clear (&c);
  c.source = FD_MFW_SOURCE_MODULE_FILE;
  c.url = g_strdup ("file://dload/u.bin");
  c.verify = FD_MFW_VERIFY_SHA256;
  module_file = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  assert_issue (module_file, "local-path", FALSE, FD_CONFIG_ERROR_MISSING);
}

static void
test_mfw_invalid_enums (void)
{
  g_autoptr(FdValidation) v1 = NULL;
  g_autoptr(FdValidation) v2 = NULL;
  g_auto(FdMfwConfig) c = { 0 };

  mfw_init_server (&c, "http://h/f");
  c.source = (FdMfwSource) 9;
  v1 = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  assert_issue (v1, "source", FALSE, FD_CONFIG_ERROR_INVALID);
  c.source = FD_MFW_SOURCE_SERVER;
  c.verify = (FdMfwVerify) 42;
  v2 = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  assert_issue (v2, "verify", FALSE, FD_CONFIG_ERROR_INVALID);
}

static void
test_mfw_flow_helpers (void)
{
  static const struct {
    const char *model;
    FdMfwSource source;
    FdMfwVerify verify;
    FdMfwVerify effective;
    gboolean    combined;
  } table[] = {
    { "M5311-E", FD_MFW_SOURCE_SERIAL_HEX, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_SHA256, FALSE },
    { "MN316-S", FD_MFW_SOURCE_SERIAL_PASSTHROUGH, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_SHA256,
      FALSE },
    { "MN316", FD_MFW_SOURCE_SERIAL_HEX, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_NONE, FALSE },
    { "M5311-E", FD_MFW_SOURCE_SERVER, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_NONE, FALSE },
    { "M5311-E", FD_MFW_SOURCE_SERVER, FD_MFW_VERIFY_MD5, FD_MFW_VERIFY_MD5, FALSE },
    { "M5311-E", FD_MFW_SOURCE_SERIAL_HEX, FD_MFW_VERIFY_NONE, FD_MFW_VERIFY_NONE, FALSE },
    { "ML307S", FD_MFW_SOURCE_SERVER, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_NONE, TRUE },
    { "ML307A-DCLN", FD_MFW_SOURCE_SERVER, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_NONE, TRUE },
    { "SIM7600", FD_MFW_SOURCE_SERVER, FD_MFW_VERIFY_AUTO, FD_MFW_VERIFY_NONE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_auto(FdMfwConfig) c = { 0 };
      const FdModel *model = fd_models_lookup (table[i].model);

      fd_mfw_config_init (&c);
      c.source = table[i].source;
      c.verify = table[i].verify;
      g_assert_cmpint (fd_mfw_config_get_effective_verify (&c, model), ==, table[i].effective);
      g_assert_cmpint (fd_mfw_config_uses_combined_upgrade (&c, model), ==, table[i].combined);
    }
}

/* ---- RSFOTA rules and warnings ----------------------------------------- */

static FdValidation *
rsfota_validate (const FdRsfotaConfig *c)
{
  return fd_rsfota_config_validate (c, fd_models_lookup ("M5311"));
}

static void
test_rsfota_timing (void)
{
  static const struct {
    guint64  first_check;
    guint64  first_rep;
    gboolean warns;
  } table[] = {
    { 60, 40, FALSE },  { 60, 41, TRUE },     { 61, 41, FALSE }, { 60, 60, TRUE },
    { 60, 100, TRUE },  { 600, 10, FALSE },   { 80, 60, FALSE }, { 79, 60, TRUE },
    { U32_MAX, U32_MAX, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      FdRsfotaConfig c;

      fd_rsfota_config_init (&c);
      rsfota_set (&c, "first-check", table[i].first_check);
      rsfota_set (&c, "first-rep", table[i].first_rep);
      v = rsfota_validate (&c);
      g_test_message ("first_check %" G_GUINT64_FORMAT ", first_rep %" G_GUINT64_FORMAT,
                      table[i].first_check, table[i].first_rep);
      assert_no_errors (v);
      if (table[i].warns)
        assert_issue (v, "first-rep", TRUE, FD_CONFIG_WARNING_TIMING);
      else
        assert_no_warning (v, NULL, FD_CONFIG_WARNING_TIMING);
    }
}

/* The timing warning needs both values to be written. */
static void
test_rsfota_timing_needs_both (void)
{
  g_autoptr(FdValidation) only_check = NULL;
  g_autoptr(FdValidation) mode1 = NULL;
  FdRsfotaConfig c;

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "first-check", 60);
  only_check = rsfota_validate (&c);
  assert_no_warning (only_check, NULL, FD_CONFIG_WARNING_TIMING);

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "mode", 1);
  rsfota_set (&c, "first-rep", 59);
  mode1 = rsfota_validate (&c);
  assert_no_warning (mode1, NULL, FD_CONFIG_WARNING_TIMING);
}

static void
test_rsfota_action_vs_mode (void)
{
  static const struct {
    int mode; /* -1 = not written */
    int action;
    int error;   /* -1 = none */
    int warning; /* -1 = none */
  } table[] = {
    { 0, 1, -1, FD_CONFIG_WARNING_MAY_FAIL },
    { 1, 1, -1, -1 },
    { 2, 1, FD_CONFIG_ERROR_CONFLICT, -1 },
    { 0, 2, FD_CONFIG_ERROR_CONFLICT, -1 },
    { 1, 2, FD_CONFIG_ERROR_CONFLICT, -1 },
    { 2, 2, -1, -1 },
    { 0, 3, FD_CONFIG_ERROR_CONFLICT, -1 },
    { 1, 3, FD_CONFIG_ERROR_CONFLICT, -1 },
    { 2, 3, -1, -1 },
    { -1, 2, -1, -1 }, /* checked later against the mode the module reports */
    { 2, 0, -1, -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FdValidation) v = NULL;
      FdRsfotaConfig c;

      fd_rsfota_config_init (&c);
      if (table[i].mode >= 0)
        rsfota_set (&c, "mode", table[i].mode);
      c.action = table[i].action;
      v = rsfota_validate (&c);
      g_test_message ("mode %d, action %d", table[i].mode, table[i].action);
      if (table[i].error >= 0)
        assert_issue (v, "action", FALSE, table[i].error);
      else
        assert_no_errors (v);
      if (table[i].warning >= 0)
        assert_issue (v, "action", TRUE, table[i].warning);
      else
        g_assert_null (fd_validation_find (v, "action", TRUE, -1));
    }
}

static void
test_rsfota_action_check (void)
{
  /* rows: action 0…3; columns: mode 0…2 */
  static const gboolean allowed[4][3] = {
    { TRUE, TRUE, TRUE },
    { TRUE, TRUE, FALSE },
    { FALSE, FALSE, TRUE },
    { FALSE, FALSE, TRUE },
  };
  g_autoptr(GError) error = NULL;

  for (int action = 0; action < 4; action++)
    for (int mode = 0; mode < 3; mode++)
      {
        gboolean ok = fd_rsfota_action_check (action, mode, &error);

        g_assert_cmpint (ok, ==, allowed[action][mode]);
        if (ok)
          g_assert_no_error (error);
        else
          g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_CONFLICT);
        g_clear_error (&error);
      }
  g_assert_false (fd_rsfota_action_check (4, 1, &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (fd_rsfota_action_check (1, 3, &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_OUT_OF_RANGE);
}

static void
test_rsfota_structure (void)
{
  g_autoptr(FdValidation) checks_no_mode = NULL;
  g_autoptr(FdValidation) log_no_mode = NULL;
  g_autoptr(FdValidation) checks_mode1 = NULL;
  g_autoptr(FdValidation) defaults = NULL;
  g_autoptr(FdValidation) rep_partial = NULL;
  FdRsfotaConfig c;

  fd_rsfota_config_init (&c);
  c.has_first_check = TRUE;
  c.first_check = 120;
  checks_no_mode = rsfota_validate (&c);
  assert_issue (checks_no_mode, "first-check", FALSE, FD_CONFIG_ERROR_MISSING);

  fd_rsfota_config_init (&c);
  c.has_log = TRUE;
  log_no_mode = rsfota_validate (&c);
  assert_issue (log_no_mode, "log", FALSE, FD_CONFIG_ERROR_MISSING);

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "mode", 1);
  c.has_auto_check = TRUE;
  c.auto_check = 3600;
  checks_mode1 = rsfota_validate (&c);
  assert_no_errors (checks_mode1);
  assert_issue (checks_mode1, "auto-check", TRUE, FD_CONFIG_WARNING_IGNORED);

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "first-check", 120);
  defaults = rsfota_validate (&c);
  assert_issue (defaults, "auto-check", TRUE, FD_CONFIG_WARNING_DEFAULT_WRITTEN);
  assert_issue (defaults, "log", TRUE, FD_CONFIG_WARNING_DEFAULT_WRITTEN);
  g_assert_null (fd_validation_find (defaults, "first-check", TRUE,
                                     FD_CONFIG_WARNING_DEFAULT_WRITTEN));

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "auto-rep", 300);
  rep_partial = rsfota_validate (&c);
  assert_issue (rep_partial, "first-rep", TRUE, FD_CONFIG_WARNING_DEFAULT_WRITTEN);
  assert_issue (rep_partial, "max-fail", TRUE, FD_CONFIG_WARNING_DEFAULT_WRITTEN);
  g_assert_null (fd_validation_find (rep_partial, "auto-rep", TRUE,
                                     FD_CONFIG_WARNING_DEFAULT_WRITTEN));
}

static void
test_rsfota_warnings (void)
{
  g_autoptr(FdValidation) log_off = NULL;
  g_autoptr(FdValidation) mode_only = NULL;
  g_autoptr(FdValidation) rep_only = NULL;
  g_autoptr(FdValidation) trigger_only = NULL;
  FdRsfotaConfig c;

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "mode", 1);
  c.has_log = TRUE;
  c.log = FALSE;
  log_off = rsfota_validate (&c);
  assert_no_errors (log_off);
  assert_issue (log_off, "log", TRUE, FD_CONFIG_WARNING_HIDES_PROGRESS);

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "mode", 2);
  mode_only = rsfota_validate (&c);
  assert_issue (mode_only, "mode", TRUE, FD_CONFIG_WARNING_REBOOT_NEEDED);
  g_assert_cmpuint (fd_validation_get_n_issues (mode_only), ==, 1);

  fd_rsfota_config_init (&c);
  rsfota_set (&c, "max-fail", 3);
  rep_only = rsfota_validate (&c);
  assert_issue (rep_only, "max-fail", TRUE, FD_CONFIG_WARNING_REBOOT_NEEDED);

  fd_rsfota_config_init (&c);
  c.action = FD_RSFOTA_ACTION_CHECK_UPGRADE;
  trigger_only = rsfota_validate (&c);
  g_assert_cmpuint (fd_validation_get_n_issues (trigger_only), ==, 0);
}

static void
test_rsfota_dialect (void)
{
  g_autoptr(FdValidation) mn316 = NULL;
  g_autoptr(FdValidation) unknown = NULL;
  FdRsfotaConfig c;

  fd_rsfota_config_init (&c);
  c.action = FD_RSFOTA_ACTION_CHECK_UPGRADE;
  mn316 = fd_rsfota_config_validate (&c, fd_models_lookup ("MN316"));
  assert_issue (mn316, "model", FALSE, FD_CONFIG_ERROR_UNSUPPORTED);
  unknown = fd_rsfota_config_validate (&c, NULL);
  assert_no_errors (unknown);
  assert_issue (unknown, "model", TRUE, FD_CONFIG_WARNING_UNKNOWN_MODEL);
}

/* ---- Luat rules and warnings ------------------------------------------- */

static void
test_luat_rules (void)
{
  const FdModel *luat = fd_models_lookup ("Air780E");
  g_autoptr(FdValidation) empty_key = NULL;
  g_autoptr(FdValidation) bad_server = NULL;
  g_autoptr(FdValidation) wrong_model = NULL;
  g_autoptr(FdValidation) unknown = NULL;
  g_autoptr(FdValidation) unused_url = NULL;
  g_auto(FdLuatConfig) c = { 0 };

  fd_luat_config_init (&c);
  c.server = FD_LUAT_SERVER_KEY;
  empty_key = fd_luat_config_validate (&c, luat);
  assert_issue (empty_key, "key", FALSE, FD_CONFIG_ERROR_MISSING);

  c.server = (FdLuatServer) 5;
  bad_server = fd_luat_config_validate (&c, luat);
  assert_issue (bad_server, "server", FALSE, FD_CONFIG_ERROR_INVALID);

  c.server = FD_LUAT_SERVER_UNCHANGED;
  c.trigger = TRUE;
  wrong_model = fd_luat_config_validate (&c, fd_models_lookup ("ML307S"));
  assert_issue (wrong_model, "model", FALSE, FD_CONFIG_ERROR_UNSUPPORTED);
  unknown = fd_luat_config_validate (&c, NULL);
  assert_no_errors (unknown);
  assert_issue (unknown, "model", TRUE, FD_CONFIG_WARNING_UNKNOWN_MODEL);

  /* The field of the server not chosen is not checked. */
  c.url = g_strdup ("ftp://\"");
  unused_url = fd_luat_config_validate (&c, luat);
  g_assert_cmpuint (fd_validation_get_n_issues (unused_url), ==, 0);
}

static void
test_luat_warnings (void)
{
  const FdModel *luat = fd_models_lookup ("Air724UG");
  g_autoptr(FdValidation) nothing = NULL;
  g_autoptr(FdValidation) auto_off = NULL;
  g_autoptr(FdValidation) auto_off_trigger = NULL;
  g_autoptr(FdValidation) not_kept = NULL;
  g_autoptr(FdValidation) not_kept_nothing_written = NULL;
  g_auto(FdLuatConfig) c = { 0 };

  fd_luat_config_init (&c);
  nothing = fd_luat_config_validate (&c, luat);
  assert_issue (nothing, "trigger", TRUE, FD_CONFIG_WARNING_NO_EFFECT);

  c.has_auto = TRUE;
  c.auto_upgrade = FALSE;
  c.has_period = TRUE;
  c.period = 3600;
  auto_off = fd_luat_config_validate (&c, luat);
  assert_no_errors (auto_off);
  assert_issue (auto_off, "period", TRUE, FD_CONFIG_WARNING_NO_EFFECT);
  assert_issue (auto_off, "auto", TRUE, FD_CONFIG_WARNING_NO_EFFECT);
  assert_no_warning (auto_off, "trigger", FD_CONFIG_WARNING_NO_EFFECT);

  c.trigger = TRUE;
  auto_off_trigger = fd_luat_config_validate (&c, luat);
  assert_no_warning (auto_off_trigger, "auto", FD_CONFIG_WARNING_NO_EFFECT);

  c.keep_after_reboot = FALSE;
  not_kept = fd_luat_config_validate (&c, luat);
  assert_issue (not_kept, "keep-after-reboot", TRUE, FD_CONFIG_WARNING_MAY_FAIL);

  fd_luat_config_clear (&c);
  c.keep_after_reboot = FALSE;
  c.trigger = TRUE;
  not_kept_nothing_written = fd_luat_config_validate (&c, luat);
  g_assert_cmpuint (fd_validation_get_n_issues (not_kept_nothing_written), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/config/validation/basics", test_validation_basics);
  g_test_add_func ("/core/config/bounds/rsfota", test_rsfota_bounds);
  g_test_add_func ("/core/config/bounds/mfw", test_mfw_bounds);
  g_test_add_func ("/core/config/bounds/mfw-pkgsize-m5310e", test_mfw_pkgsize_m5310e);
  g_test_add_func ("/core/config/bounds/mfw-string-lengths", test_mfw_string_lengths);
  g_test_add_func ("/core/config/bounds/luat", test_luat_bounds);
  g_test_add_func ("/core/config/bounds/messages", test_messages);
  g_test_add_func ("/core/config/injection/mfw", test_mfw_injection);
  g_test_add_func ("/core/config/injection/mfw-module-file", test_mfw_injection_module_file);
  g_test_add_func ("/core/config/injection/luat", test_luat_injection);
  g_test_add_func ("/core/config/injection/utf8-allowed", test_utf8_allowed);
  g_test_add_func ("/core/config/injection/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/config/bounds/luat-string-lengths", test_luat_string_lengths);
  g_test_add_func ("/core/config/scheme/mfw", test_mfw_schemes);
  g_test_add_func ("/core/config/scheme/mfw-module-file", test_mfw_module_file_scheme);
  g_test_add_func ("/core/config/scheme/luat", test_luat_schemes);
  g_test_add_func ("/core/config/mfw/capabilities", test_mfw_capabilities);
  g_test_add_func ("/core/config/mfw/wrong-dialect-once", test_mfw_wrong_dialect_once);
  g_test_add_func ("/core/config/mfw/confirmed-sub-model", test_mfw_confirmed_sub_model);
  g_test_add_func ("/core/config/mfw/unknown-model", test_mfw_unknown_model);
  g_test_add_func ("/core/config/mfw/inferred-warnings", test_mfw_inferred_warnings);
  g_test_add_func ("/core/config/mfw/no-rollback-warning", test_mfw_no_rollback_warning);
  g_test_add_func ("/core/config/mfw/collects-all", test_mfw_collects_all);
  g_test_add_func ("/core/config/mfw/missing-and-ignored", test_mfw_missing_and_ignored);
  g_test_add_func ("/core/config/mfw/invalid-enums", test_mfw_invalid_enums);
  g_test_add_func ("/core/config/mfw/flow-helpers", test_mfw_flow_helpers);
  g_test_add_func ("/core/config/rsfota/timing", test_rsfota_timing);
  g_test_add_func ("/core/config/rsfota/timing-needs-both", test_rsfota_timing_needs_both);
  g_test_add_func ("/core/config/rsfota/action-vs-mode", test_rsfota_action_vs_mode);
  g_test_add_func ("/core/config/rsfota/action-check", test_rsfota_action_check);
  g_test_add_func ("/core/config/rsfota/structure", test_rsfota_structure);
  g_test_add_func ("/core/config/rsfota/warnings", test_rsfota_warnings);
  g_test_add_func ("/core/config/rsfota/dialect", test_rsfota_dialect);
  g_test_add_func ("/core/config/luat/rules", test_luat_rules);
  g_test_add_func ("/core/config/luat/warnings", test_luat_warnings);

  return g_test_run ();
}
