/* test-error-table.c — every error code of spec/at-dialects.md has a
 * stable name and a message that says what happened and what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-error-table.h"

#include <string.h>

typedef struct
{
  FdErrorSource source;
  int           code;
  const char   *name;
} ExpectedEntry;

/* Straight from the spec's tables. */
static const ExpectedEntry expected[] = {
  { FD_ERROR_SOURCE_CME, 850, "module-error" },
  { FD_ERROR_SOURCE_CME, 851, "config-error" },
  { FD_ERROR_SOURCE_CME, 852, "url-error" },
  { FD_ERROR_SOURCE_CME, 853, "write-error" },
  { FD_ERROR_SOURCE_CME, 854, "upgrade-failed" },
  { FD_ERROR_SOURCE_CME, 855, "download-failed" },
  { FD_ERROR_SOURCE_LUAT, -1000, "url-error" },
  { FD_ERROR_SOURCE_LUAT, -1001, "network-error" },
  { FD_ERROR_SOURCE_LUAT, -1002, "server-error" },
  { FD_ERROR_SOURCE_LUAT, -1003, "invalid-firmware" },
  { FD_ERROR_SOURCE_LUAT, -1004, "http-error" },
  { FD_ERROR_SOURCE_LUAT, -1005, "storage-error" },
  { FD_ERROR_SOURCE_LUAT, -1006, "module-error" },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 3, "invalid-device" },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 17, "no-permission" },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 25, "invalid-project" },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 26, "invalid-firmware" },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 27, "up-to-date" },
  { FD_ERROR_SOURCE_RSFOTA, 0, "up-to-date" },
  { FD_ERROR_SOURCE_RSFOTA, 12, "paused" },
  { FD_ERROR_SOURCE_RSFOTA, 14, "download-failed" },
  { FD_ERROR_SOURCE_RSFOTA, 15, "rejected" },
  { FD_ERROR_SOURCE_RSFOTA, 24, "upgrade-failed" },
  { FD_ERROR_SOURCE_RSFOTA, -10, "report-failed" },
};

/* The documented vocabulary of error names (DESIGN.md "Results"). */
static const char *const known_names[] = {
  "up-to-date",      "download-failed", "rejected",      "upgrade-failed",   "module-error",
  "config-error",    "url-error",       "write-error",   "invalid-firmware", "network-error",
  "server-error",    "http-error",      "storage-error", "no-permission",    "invalid-device",
  "invalid-project", "report-failed",   "paused",        "unknown",          NULL,
};

/* How the module shows the code, so a message can be matched against a
 * transcript line. */
static char *
code_as_shown (FdErrorSource source, int code)
{
  switch (source)
    {
    case FD_ERROR_SOURCE_RSFOTA:
      return code < 0 ? g_strdup_printf ("+RSFOTA:-1,%d", code + 10)
                      : g_strdup_printf ("+RSFOTA:%d,%d", code / 10, code % 10);
    case FD_ERROR_SOURCE_CME:
      return g_strdup_printf ("CME %d", code);
    case FD_ERROR_SOURCE_LUAT:
      return g_strdup_printf ("error %d", code);
    case FD_ERROR_SOURCE_FOTA_CAUSE:
    default:
      return g_strdup_printf ("cause %d", code);
    }
}

static void
test_every_spec_code (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const ExpectedEntry *e = &expected[i];
      const FdErrorEntry  *entry = fd_error_table_lookup (e->source, e->code);
      g_autofree char     *shown = code_as_shown (e->source, e->code);

      g_test_message ("source %d code %d", e->source, e->code);
      g_assert_nonnull (entry);
      g_assert_cmpint (entry->source, ==, e->source);
      g_assert_cmpint (entry->code, ==, e->code);
      g_assert_cmpstr (entry->name, ==, e->name);
      g_assert_nonnull (strstr (entry->message, shown));
    }
}

static void
test_table_is_the_spec (void)
{
  gsize               n = 0;
  const FdErrorEntry *all = fd_error_table_get_all (&n);

  /* Nothing more than the spec either: a new entry needs a spec line. */
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (fd_error_table_lookup (all[i].source, all[i].code) == &all[i]);
      g_assert_true (g_strv_contains (known_names, all[i].name));
    }
  g_assert_true (fd_error_table_get_all (NULL) == all);
}

static void
test_names_unique_per_source (void)
{
  gsize               n = 0;
  const FdErrorEntry *all = fd_error_table_get_all (&n);

  for (gsize i = 0; i < n; i++)
    {
      for (gsize j = i + 1; j < n; j++)
        {
          if (all[i].source != all[j].source)
            continue;
          g_assert_cmpint (all[i].code, !=, all[j].code);
          g_assert_cmpstr (all[i].name, !=, all[j].name);
        }
    }
}

/* A message says what happened and what to do: at least two sentences. */
static void
test_messages (void)
{
  gsize               n = 0;
  const FdErrorEntry *all = fd_error_table_get_all (&n);

  for (gsize i = 0; i < n; i++)
    {
      const char      *msg = all[i].message;
      g_autofree char *described = fd_error_table_describe (all[i].source, all[i].code);

      g_test_message ("%s: %s", all[i].name, msg);
      g_assert_nonnull (msg);
      g_assert_cmpuint (strlen (msg), >, 40);
      g_assert_true (g_utf8_validate (msg, -1, NULL));
      g_assert_true (g_ascii_isupper (msg[0]));
      g_assert_true (g_str_has_suffix (msg, "."));
      g_assert_nonnull (strstr (msg, ". "));
      g_assert_null (strstr (msg, "  "));
      /* C locale: the translation is the message itself. */
      g_assert_cmpstr (described, ==, msg);
    }
}

/* Cause 27 cannot be told apart from two configuration mistakes: the
 * message must name both. */
static void
test_cause_27 (void)
{
  const FdErrorEntry *entry = fd_error_table_lookup (FD_ERROR_SOURCE_FOTA_CAUSE, 27);

  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (entry->message, "up to date"));
  g_assert_nonnull (strstr (entry->message, "upgrade switch is off"));
  g_assert_nonnull (strstr (entry->message, "IMEI"));
}

typedef struct
{
  FdErrorSource source;
  int           code;
  const char   *must_contain;
} UnknownCase;

static const UnknownCase unknown_cases[] = {
  { FD_ERROR_SOURCE_CME, 3, "error 3 " },
  { FD_ERROR_SOURCE_CME, 856, "error 856 " },
  { FD_ERROR_SOURCE_CME, -1, "error -1 " },
  { FD_ERROR_SOURCE_CME, -1004, "error -1004 " },
  { FD_ERROR_SOURCE_LUAT, 0, "error 0," },
  { FD_ERROR_SOURCE_LUAT, -1007, "error -1007," },
  { FD_ERROR_SOURCE_LUAT, 855, "error 855," },
  { FD_ERROR_SOURCE_LUAT, G_MININT, "error -2147483648," },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 0, "cause 0," },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 28, "cause 28," },
  { FD_ERROR_SOURCE_FOTA_CAUSE, G_MAXINT, "cause 2147483647," },
  { FD_ERROR_SOURCE_RSFOTA, 23, "+RSFOTA:2,3)" },
  { FD_ERROR_SOURCE_RSFOTA, 1, "+RSFOTA:0,1)" },
  { FD_ERROR_SOURCE_RSFOTA, -9, "+RSFOTA:-1,1)" },
  { FD_ERROR_SOURCE_RSFOTA, -11, "+RSFOTA:-2,9)" },
  { FD_ERROR_SOURCE_RSFOTA, 39, "+RSFOTA:3,9)" },
  { FD_ERROR_SOURCE_RSFOTA, G_MININT, "+RSFOTA:-214748365,2)" },
  { FD_ERROR_SOURCE_RSFOTA, G_MAXINT, "+RSFOTA:214748364,7)" },
  { (FdErrorSource)42, 850, "850" },
  { (FdErrorSource)-1, 850, "850" },
};

static void
test_unknown_codes (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (unknown_cases); i++)
    {
      const UnknownCase *c = &unknown_cases[i];
      g_autofree char   *described = NULL;

      g_assert_null (fd_error_table_lookup (c->source, c->code));
      described = fd_error_table_describe (c->source, c->code);
      g_test_message ("%d/%d: %s", c->source, c->code, described);
      g_assert_nonnull (strstr (described, c->must_contain));
      g_assert_true (g_str_has_suffix (described, "."));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/error-table/every-spec-code", test_every_spec_code);
  g_test_add_func ("/core/error-table/table-is-the-spec", test_table_is_the_spec);
  g_test_add_func ("/core/error-table/names-unique-per-source", test_names_unique_per_source);
  g_test_add_func ("/core/error-table/messages", test_messages);
  g_test_add_func ("/core/error-table/cause-27", test_cause_27);
  g_test_add_func ("/core/error-table/unknown-codes", test_unknown_codes);

  return g_test_run ();
}
