/* test-models.c — the model table: lookup, the spec's cells, overrides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-models.h"
#include "fd-validation.h"

/* ---- lookup ------------------------------------------------------------ */

static const struct {
  const char *model_string;
  const char *id;
} lookup_table[] = {
  { "M5311",      "m5311" },
  { "M5311-E",    "m5311-e" },
  { "M5311-E-DLVS", "m5311-e" },
  { "M5311-E-XLVS", "m5311-e" },
  { "M5310-E",    "m5310-e" },
  { "MN316-DBRS", "mn316" },
  { "MN316-DLVS", "mn316" },
  { "MN316",      "mn316" },
  { "MN316-S-DLVS", "mn316-s" }, /* longest prefix: not MN316 */
  { "mn316-s-dlvs", "mn316-s" }, /* case-insensitive */
  { "MN316-S",    "mn316-s" },
  { "ML307A-DSLN", "ml30xa-dsl" },
  { "ML307A-GSLN", "ml30xa-dsl" },
  { "ML302A-DSLM", "ml30xa-dsl" },
  { "ML302A-GSLM", "ml30xa-dsl" },
  { "ML307A-DCLN", "ml30xa-dcl" },
  { "ML307A-GCLN", "ml30xa-dcl" },
  { "ML302A-DCLM", "ml30xa-dcl" },
  { "ML302A-GCLM", "ml30xa-dcl" },
  { "ml307a-dcln", "ml30xa-dcl" },
  { "ML307A",     "ml30xa" },        /* no sub-model: FTP unknown */
  { "ML302A",     "ml30xa" },
  { "ML307A-XXXX", "ml30xa" },   /* a suffix the manual does not list */
  { "ML302S-DNLM", "ml30xs" },
  { "ML307S-DNLM", "ml30xs" },
  { "ML307S",     "ml30xs" },
  { "Air724UG",   "luat" },
  { "Air780E",    "luat" },
  { "Air780EG",   "luat" },
  { "AIR780E",    "luat" },
  { "  \"ML307A-DSLN\"\r\n", "ml30xa-dsl" }, /* spaces and quotes around */
  { "\"MN316-S-DLVS\"", "mn316-s" },
  { "", "unknown" },
  { "\"\"", "unknown" },
  { "SIM7600E-H", "unknown" },
  { "ML307",      "unknown" },        /* no row starts that short */
  { "M53",        "unknown" },
  { "XM5311",     "unknown" },       /* a prefix, not a substring */
};

static void
test_lookup_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (lookup_table); i++)
    {
      const FdModel *model = fd_models_lookup (lookup_table[i].model_string);

      g_test_message ("lookup “%s”", lookup_table[i].model_string);
      g_assert_nonnull (model);
      g_assert_cmpstr (fd_model_get_id (model), ==, lookup_table[i].id);
    }
  g_assert_true (fd_models_lookup (NULL) == fd_models_get_unknown ());
  g_assert_true (fd_model_is_unknown (fd_models_lookup ("nothing")));
  g_assert_false (fd_model_is_unknown (fd_models_lookup ("M5311")));
}

static void
test_rows (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = fd_models_get_n ();

  g_assert_cmpuint (n, ==, 11);
  for (guint i = 0; i < n; i++)
    {
      const FdModel *model = fd_models_get_nth (i);

      g_assert_nonnull (fd_model_get_id (model));
      g_assert_nonnull (fd_model_get_name (model));
      g_assert_true (g_hash_table_add (ids, (gpointer) fd_model_get_id (model)));
      g_assert_true (fd_models_get_by_id (fd_model_get_id (model)) == model);
      g_assert_cmpint (fd_model_get_dialects (model), !=, FD_DIALECT_NONE);
      /* Quoted hex by default on every row (the spec's default). */
      g_assert_true (fd_model_get_hex_quoted (model));
      /* The spec confirms no reboot command for any model. */
      g_assert_null (fd_model_dup_reboot_command (model));
    }
  g_assert_true (fd_models_get_nth (n - 1) == fd_models_get_unknown ());
  g_assert_null (fd_models_get_by_id ("no-such-model"));
  g_assert_null (fd_models_get_by_id (NULL));
}

/* ---- the spec's table, transcribed independently of the data ---------- */

/* One character per capability, in FdCapability order:
 * Y stated yes, I inferred yes, N stated no, n inferred no, ? unknown.
 * Columns: url auth timeout mode progind ssl pkgsize >512 | http https ftp
 * ftps file | hex passthrough | dload check erase upgrade combined | rollback */
static const struct {
  const char *id;
  const char *cells;
} spec_cells[] = {
  { "m5311-e",    "Y Y Y Y Y Y Y Y Y Y Y I Y Y Y Y Y Y Y N ?" },
  { "m5310-e",    "Y Y Y Y Y N Y N Y N N N N Y N Y N Y Y N ?" },
  { "mn316",      "Y Y Y Y Y I Y Y Y I N N N Y N Y N Y Y N ?" },
  { "mn316-s",    "I I I I I I I I I I I I I I I I I I I n ?" },
  { "ml30xa",     "Y Y N N N N N N Y N ? N N N N N N N Y Y N" },
  { "ml30xa-dcl", "Y Y N N N N N N Y N N N N N N N N N Y Y N" },
  { "ml30xa-dsl", "Y Y N N N N N N Y N Y N N N N N N N Y Y N" },
  { "ml30xs",     "Y Y N N N N N N Y N Y N N N N N N N Y Y N" },
  { "m5311",      "N N N N N N N N N N N N N N N N N N N N ?" },
  { "luat",       "N N N N N N N N N N N N N N N N N N N N ?" },
  { "unknown",    "Y Y N N N N N N Y N N N N N N ? N N Y ? ?" },
};

static char
cell_char (const FdCapabilityInfo *info)
{
  switch (info->support)
    {
    case FD_SUPPORT_YES:
      return info->inferred ? 'I' : 'Y';
    case FD_SUPPORT_NO:
      return info->inferred ? 'n' : 'N';
    case FD_SUPPORT_UNKNOWN:
    default:
      return '?';
    }
}

static void
test_spec_cells (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (spec_cells), ==, fd_models_get_n ());
  for (gsize i = 0; i < G_N_ELEMENTS (spec_cells); i++)
    {
      const FdModel *model = fd_models_get_by_id (spec_cells[i].id);
      g_auto(GStrv) cells = g_strsplit (spec_cells[i].cells, " ", -1);
      g_autofree char *expected = g_strjoinv ("", cells);
      char got[FD_CAP_LAST + 1] = { 0 };

      g_assert_nonnull (model);
      g_assert_cmpuint (strlen (expected), ==, FD_CAP_LAST);
      for (guint cap = 0; cap < FD_CAP_LAST; cap++)
        got[cap] = cell_char (fd_model_get_capability (model, cap));
      g_test_message ("row %s", spec_cells[i].id);
      g_assert_cmpstr (got, ==, expected);
    }
}

/* Every cell that is not a plain stated "yes" says why. */
static void
test_reasons (void)
{
  for (guint i = 0; i < fd_models_get_n (); i++)
    {
      const FdModel *model = fd_models_get_nth (i);

      for (guint cap = 0; cap < FD_CAP_LAST; cap++)
        {
          const FdCapabilityInfo *info = fd_model_get_capability (model, cap);

          if (info->support == FD_SUPPORT_YES && !info->inferred)
            continue;
          g_test_message ("%s / %s", fd_model_get_id (model), fd_capability_to_string (cap));
          g_assert_nonnull (info->reason);
          g_assert_nonnull (fd_model_get_capability_reason (model, cap));
          if (info->inferred)
            g_assert_true (g_str_has_prefix (info->reason, "Inferred") ||
                           info->support != FD_SUPPORT_YES);
        }
    }
  g_assert_null (fd_model_get_capability_reason (fd_models_get_by_id ("m5311-e"),
                                                 FD_CAP_SCHEME_HTTP));
  g_assert_nonnull (strstr (fd_model_get_capability_reason (fd_models_get_by_id ("ml30xa-dcl"),
                                                            FD_CAP_SCHEME_FTP),
                            "do not support FTP"));
  g_assert_nonnull (strstr (fd_model_get_capability_reason (fd_models_get_by_id ("ml30xa"),
                                                            FD_CAP_SCHEME_FTP),
                            "sub-model"));
}

/* The unknown row offers nothing some OneMO model lacks. */
static void
test_unknown_is_most_conservative (void)
{
  const FdModel *unknown = fd_models_get_unknown ();

  for (guint cap = 0; cap < FD_CAP_LAST; cap++)
    {
      if (fd_model_supports (unknown, cap) != FD_SUPPORT_YES)
        continue;
      for (guint i = 0; i < fd_models_get_n (); i++)
        {
          const FdModel *model = fd_models_get_nth (i);

          if ((fd_model_get_dialects (model) & FD_DIALECT_MFW) == 0 || model == unknown)
            continue;
          g_test_message ("%s / %s", fd_model_get_id (model), fd_capability_to_string (cap));
          g_assert_cmpint (fd_model_supports (model, cap), ==, FD_SUPPORT_YES);
        }
    }
  g_assert_true (fd_model_get_canary_default (unknown));
  g_assert_cmpint (fd_model_get_dialects (unknown), ==,
                   FD_DIALECT_RSFOTA | FD_DIALECT_MFW | FD_DIALECT_LUAT);
}

static void
test_per_model_fields (void)
{
  static const struct {
    const char *id;
    FdDialect   dialects;
    gboolean    canary;
    const char *package_hint;
  } rows[] = {
    { "m5311", FD_DIALECT_RSFOTA, FALSE, NULL },
    { "m5311-e", FD_DIALECT_MFW, FALSE, NULL },
    { "m5310-e", FD_DIALECT_MFW, FALSE, NULL },
    { "mn316", FD_DIALECT_MFW, FALSE, NULL },
    { "mn316-s", FD_DIALECT_MFW, FALSE, NULL },
    { "ml30xa", FD_DIALECT_MFW, TRUE, "system_patch.bin_1" },
    { "ml30xa-dcl", FD_DIALECT_MFW, TRUE, "system_patch.bin_1" },
    { "ml30xa-dsl", FD_DIALECT_MFW, TRUE, "system_patch.bin_1" },
    { "ml30xs", FD_DIALECT_MFW, TRUE, "system_patch.mini_1" },
    { "luat", FD_DIALECT_LUAT, FALSE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const FdModel *model = fd_models_get_by_id (rows[i].id);

      g_test_message ("row %s", rows[i].id);
      g_assert_cmpint (fd_model_get_dialects (model), ==, rows[i].dialects);
      g_assert_cmpint (fd_model_get_canary_default (model), ==, rows[i].canary);
      g_assert_cmpstr (fd_model_get_package_hint (model), ==, rows[i].package_hint);
      /* Canary by default exactly where a failed upgrade cannot be undone. */
      g_assert_cmpint (rows[i].canary, ==,
                       fd_model_supports (model, FD_CAP_ROLLBACK) == FD_SUPPORT_NO);
    }
}

static void
test_capability_names (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint cap = 0; cap < FD_CAP_LAST; cap++)
    {
      g_assert_nonnull (fd_capability_to_string (cap));
      g_assert_nonnull (fd_capability_get_label (cap));
      g_assert_true (g_hash_table_add (names, (gpointer) fd_capability_to_string (cap)));
    }
  g_assert_cmpstr (fd_capability_to_string (FD_CAP_SCHEME_FTP), ==, "scheme-ftp");
}

static void
test_dialect_names (void)
{
  FdDialect d = FD_DIALECT_NONE;

  g_assert_cmpstr (fd_dialect_to_string (FD_DIALECT_RSFOTA), ==, "rsfota");
  g_assert_cmpstr (fd_dialect_to_string (FD_DIALECT_MFW), ==, "mfw");
  g_assert_cmpstr (fd_dialect_to_string (FD_DIALECT_LUAT), ==, "luat");
  g_assert_null (fd_dialect_to_string (FD_DIALECT_NONE));
  g_assert_cmpstr (fd_dialect_get_label (FD_DIALECT_LUAT), ==, "Luat FOTA (AT+UPGRADE)");
  g_assert_null (fd_dialect_get_label (FD_DIALECT_MFW | FD_DIALECT_LUAT));
  g_assert_true (fd_dialect_from_string ("MFW", &d));
  g_assert_cmpint (d, ==, FD_DIALECT_MFW);
  g_assert_true (fd_dialect_from_string ("luat", &d));
  g_assert_cmpint (d, ==, FD_DIALECT_LUAT);
  g_assert_false (fd_dialect_from_string ("at", &d));
  g_assert_false (fd_dialect_from_string (NULL, &d));
}

/* ---- sub-model confirmation -------------------------------------------- */

static void
test_confirm_sub_model (void)
{
  static const struct {
    const char *detected;
    const char *confirmed;
    const char *id; /* NULL = refused */
  } table[] = {
    { "ML307A",     "ML307A-DSLN", "ml30xa-dsl" },
    { "ML307A",     "ML307A-GCLN", "ml30xa-dcl" },
    { "ML302A",     "ML302A-DSLM", "ml30xa-dsl" },
    { "ML307A",     "ML307A", "ml30xa" },
    { "ML307A",     "MN316", NULL },
    { "ML307A",     "ML307S", NULL },
    { "ML307A-DCLN", "ML307A-DSLN", NULL }, /* never contradicts a reported sub-model */
    { "ML307A-DCLN", "ML307A-DCLN", "ml30xa-dcl" },
    { "MN316",      "MN316-S", NULL },
    { "SIM7600",    "M5311-E", "m5311-e" },    /* any known model refines unknown */
    { "SIM7600",    "ML307A-DSLN", "ml30xa-dsl" },
    { "SIM7600",    "other", "unknown" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GError) error = NULL;
      const FdModel *detected = fd_models_lookup (table[i].detected);
      const FdModel *row = fd_models_confirm_sub_model (detected, table[i].confirmed, &error);

      g_test_message ("%s -> %s", table[i].detected, table[i].confirmed);
      if (table[i].id == NULL)
        {
          g_assert_null (row);
          g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "is not a sub-model of"));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (fd_model_get_id (row), ==, table[i].id);
        }
    }
}

/* ---- overrides --------------------------------------------------------- */

static void
test_reboot_command (void)
{
  g_autoptr(GError) error = NULL;
  const FdModel *model = fd_models_get_by_id ("ml30xs");
  g_autofree char *command = NULL;

  fd_models_clear_overrides ();
  g_assert_null (fd_model_dup_reboot_command (model));

  g_assert_true (fd_models_set_reboot_command ("ml30xs", "AT+CFUN=1,1", &error));
  g_assert_no_error (error);
  command = fd_model_dup_reboot_command (model);
  g_assert_cmpstr (command, ==, "AT+CFUN=1,1");
  /* Only that row. */
  g_assert_null (fd_model_dup_reboot_command (fd_models_get_by_id ("ml30xa")));

  g_assert_true (fd_models_set_reboot_command ("ml30xs", "at+reset=\"now\"", &error));
  g_clear_pointer (&command, g_free);
  command = fd_model_dup_reboot_command (model);
  g_assert_cmpstr (command, ==, "at+reset=\"now\"");

  g_assert_false (fd_models_set_reboot_command ("ml30xs", "AT+CFUN=1,1\rAT+MFWERASE", &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSAFE);
  g_clear_error (&error);
  g_assert_false (fd_models_set_reboot_command ("ml30xs", "reboot", &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fd_models_set_reboot_command ("ML307S", "AT+CFUN=1,1", &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  /* The refused ones changed nothing. */
  g_clear_pointer (&command, g_free);
  command = fd_model_dup_reboot_command (model);
  g_assert_cmpstr (command, ==, "at+reset=\"now\"");

  g_assert_true (fd_models_set_reboot_command ("ml30xs", "", &error));
  g_assert_null (fd_model_dup_reboot_command (model));
  g_assert_true (fd_models_set_reboot_command ("ml30xs", "AT+CFUN=1,1", &error));
  fd_models_clear_overrides ();
  g_assert_null (fd_model_dup_reboot_command (model));
}

static void
test_hex_quoted (void)
{
  g_autoptr(GError) error = NULL;
  const FdModel *model = fd_models_get_by_id ("m5311-e");

  fd_models_clear_overrides ();
  g_assert_true (fd_model_get_hex_quoted (model));
  g_assert_true (fd_models_set_hex_quoted ("m5311-e", FALSE, &error));
  g_assert_false (fd_model_get_hex_quoted (model));
  g_assert_true (fd_model_get_hex_quoted (fd_models_get_by_id ("mn316")));
  g_assert_false (fd_models_set_hex_quoted ("nope", FALSE, &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
  fd_models_clear_overrides ();
  g_assert_true (fd_model_get_hex_quoted (model));
}

static void
test_load_overrides (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  const char *good =
    "[Settings]\n"
    "unrelated=1\n"
    "[Model ml30xs]\n"
    "reboot-command=AT+CFUN=1,1\n"
    "[Model m5311-e]\n"
    "hex-quoted=false\n";

  fd_models_clear_overrides ();
  g_assert_true (g_key_file_load_from_data (kf, good, -1, G_KEY_FILE_NONE, &error));
  g_assert_true (fd_models_load_overrides (kf, &error));
  g_assert_no_error (error);
  command = fd_model_dup_reboot_command (fd_models_get_by_id ("ml30xs"));
  g_assert_cmpstr (command, ==, "AT+CFUN=1,1");
  g_assert_false (fd_model_get_hex_quoted (fd_models_get_by_id ("m5311-e")));
  g_assert_true (fd_model_get_hex_quoted (fd_models_get_by_id ("ml30xs")));
  fd_models_clear_overrides ();
}

/* A bad group anywhere: nothing at all is applied. */
static void
test_load_overrides_atomic (void)
{
  static const char *bad[] = {
    "[Model ml30xs]\nreboot-command=AT+CFUN=1,1\n[Model mn316]\nhex-quoted=maybe\n",
    "[Model ml30xs]\nreboot-command=AT+CFUN=1,1\n[Model ML307S]\nhex-quoted=false\n",
    "[Model ml30xs]\nreboot-command=AT+CFUN=1,1\n[Model mn316]\nreboot-command=ATZ\\nAT+MFWERASE\n",
    "[Model ml30xs]\nreboot-command=AT+CFUN=1,1\n[Model mn316]\nreboot-command=restart\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autoptr(GError) error = NULL;

      fd_models_clear_overrides ();
      g_assert_true (g_key_file_load_from_data (kf, bad[i], -1, G_KEY_FILE_NONE, NULL));
      g_assert_false (fd_models_load_overrides (kf, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "[Model "));
      g_assert_null (fd_model_dup_reboot_command (fd_models_get_by_id ("ml30xs")));
      g_assert_true (fd_model_get_hex_quoted (fd_models_get_by_id ("mn316")));
    }
}

/* Jobs read overrides from their threads while the user edits them. */
static gpointer
read_overrides (gpointer data)
{
  const FdModel *model = fd_models_get_by_id ("ml30xs");

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *command = fd_model_dup_reboot_command (model);

      g_assert_true (command == NULL || g_str_equal (command, "AT+CFUN=1,1") ||
                     g_str_equal (command, "AT+RESET"));
      (void) fd_model_get_hex_quoted (model);
    }
  return NULL;
}

static void
test_overrides_threads (void)
{
  GThread *threads[3];

  fd_models_clear_overrides ();
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", read_overrides, NULL);
  for (guint i = 0; i < 5000; i++)
    {
      g_assert_true (fd_models_set_reboot_command ("ml30xs", i % 2 ? "AT+CFUN=1,1" : "AT+RESET",
                                                   NULL));
      g_assert_true (fd_models_set_hex_quoted ("ml30xs", i % 2, NULL));
      if (i % 100 == 0)
        fd_models_clear_overrides ();
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  fd_models_clear_overrides ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/models/lookup/table", test_lookup_table);
  g_test_add_func ("/core/models/rows", test_rows);
  g_test_add_func ("/core/models/cells/spec", test_spec_cells);
  g_test_add_func ("/core/models/cells/reasons", test_reasons);
  g_test_add_func ("/core/models/cells/unknown-most-conservative",
                   test_unknown_is_most_conservative);
  g_test_add_func ("/core/models/per-model-fields", test_per_model_fields);
  g_test_add_func ("/core/models/capability-names", test_capability_names);
  g_test_add_func ("/core/models/dialect-names", test_dialect_names);
  g_test_add_func ("/core/models/confirm-sub-model", test_confirm_sub_model);
  g_test_add_func ("/core/models/overrides/reboot-command", test_reboot_command);
  g_test_add_func ("/core/models/overrides/hex-quoted", test_hex_quoted);
  g_test_add_func ("/core/models/overrides/load", test_load_overrides);
  g_test_add_func ("/core/models/overrides/load-atomic", test_load_overrides_atomic);
  g_test_add_func ("/core/models/overrides/threads", test_overrides_threads);

  return g_test_run ();
}
