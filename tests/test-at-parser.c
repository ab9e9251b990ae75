/* test-at-parser.c — the pure AT framing, by tables of real and ugly lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-at-parser.h"

/* Collects what the splitter emits as "L:line" / "P:>" strings. */
static void
collect_line (FdAtLineEvent event, const char *line, gsize len, gpointer user_data)
{
  GPtrArray *out = user_data;

  g_assert_cmpuint (strlen (line), ==, len);
  g_ptr_array_add (out, g_strdup_printf ("%s%s", event == FD_AT_LINE_PROMPT ? "P:" : "L:", line));
}

static char *
join_events (GPtrArray *events)
{
  g_ptr_array_add (events, NULL);
  return g_strjoinv ("|", (char **) events->pdata);
}

/* Feeds @input in pieces of @chunk bytes (0 = all at once). */
static char *
split (const char *input, gsize input_len, gsize chunk)
{
  g_autoptr(FdAtLineSplitter) splitter = fd_at_line_splitter_new (64);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  gsize step = chunk > 0 ? chunk : input_len;

  for (gsize off = 0; off < input_len; off += step)
    {
      gsize n = MIN (step, input_len - off);
      g_autoptr(GError) error = NULL;

      if (!fd_at_line_splitter_feed (splitter, (const guint8 *) input + off, n,
                                     collect_line, events, &error))
        {
          g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_LINE_TOO_LONG);
          g_ptr_array_add (events, g_strdup ("E:too-long"));
        }
    }
  return join_events (events);
}

static const struct {
  const char *name;
  const char *input;
  const char *expected;
} split_table[] = {
  { "crlf", "\r\nOK\r\n", "L:OK" },
  { "lf-only", "OK\n", "L:OK" },
  { "cr-only", "OK\r", "L:OK" },
  { "lfcr", "\n\rRDY\n\r", "L:RDY" },
  { "blank-lines", "\r\n\r\n\r\n+RSFOTA:0,1\r\n\r\n\r\nOK\r\n", "L:+RSFOTA:0,1|L:OK" },
  { "echo-then-answer", "AT+CGMR\r\r\nM5311_V1.0\r\n\r\nOK\r\n", "L:AT+CGMR|L:M5311_V1.0|L:OK" },
  { "prompt", "\r\n> ", "P:>" },
  { "prompt-bare", ">", "P:>" },
  { "not-a-prompt", ">x", "" },
  { "partial-stays", "+MFWDLOAD: 1,10", "" },
  { "blanks-trimmed", "  OK  \r\n", "L:OK" },
  { "tab-only-line", "\t \r\n", "" },
  { "noise-bytes", "\xff\xfe\x01OK\r\n", "L:\xff\xfe\x01OK" },
  { "overflow-recovers",
    "0123456789012345678901234567890123456789012345678901234567890123456789\r\nOK\r\n",
    "L:OK|E:too-long" },
  { "exactly-max",
    "0123456789012345678901234567890123456789012345678901234567890123\r\n",
    "L:0123456789012345678901234567890123456789012345678901234567890123" },
};

static void
test_splitter_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (split_table); i++)
    {
      const char *input = split_table[i].input;
      g_autofree char *all = split (input, strlen (input), 0);

      g_test_message ("case %s", split_table[i].name);
      g_assert_cmpstr (all, ==, split_table[i].expected);
    }
}

/* Any split of the input into reads gives the same lines (prompts aside,
 * which depend on where a read ends). */
static void
test_splitter_chunked (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (split_table); i++)
    {
      const char *input = split_table[i].input;
      g_autofree char *all = split (input, strlen (input), 0);

      if (strstr (input, ">") != NULL || strstr (all, "E:") != NULL)
        continue;
      for (gsize chunk = 1; chunk <= 7; chunk++)
        {
          g_autofree char *pieces = split (input, strlen (input), chunk);

          g_test_message ("case %s chunk %" G_GSIZE_FORMAT, split_table[i].name, chunk);
          g_assert_cmpstr (pieces, ==, all);
        }
    }
}

static void
test_splitter_nul_bytes (void)
{
  static const char input[] = "O\0K\r\n\0\0+RSFOTA:2,3\r\n";
  g_autofree char *all = split (input, sizeof input - 1, 0);

  g_assert_cmpstr (all, ==, "L:OK|L:+RSFOTA:2,3");
}

/* After an overflow the splitter keeps working, in the same and later feeds. */
static void
test_splitter_overflow_then_more (void)
{
  g_autoptr(FdAtLineSplitter) splitter = fd_at_line_splitter_new (8);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  const char *a = "0123456789ABCDEF";
  const char *b = "GHIJ\r\nOK\r\n";

  g_assert_false (fd_at_line_splitter_feed (splitter, (const guint8 *) a, strlen (a),
                                            collect_line, events, &error));
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_LINE_TOO_LONG);
  g_assert_true (fd_at_line_splitter_feed (splitter, (const guint8 *) b, strlen (b),
                                           collect_line, events, NULL));
  joined = join_events (events);
  g_assert_cmpstr (joined, ==, "L:OK");
}

static const struct {
  const char  *line;
  const char  *command;
  FdAtLineKind kind;
} classify_table[] = {
  { "OK", "AT", FD_AT_KIND_OK },
  { "OK", NULL, FD_AT_KIND_OK },
  { "ERROR", "AT+RSFOTA=1", FD_AT_KIND_ERROR },
  { "+CME ERROR: 854", "AT+MFWUPGRADE", FD_AT_KIND_ERROR },
  { "+CME ERROR:854", "AT+MFWUPGRADE", FD_AT_KIND_ERROR },
  { "+CME ERROR: operation not allowed", "AT+MFWUPGRADE", FD_AT_KIND_ERROR },
  { "+CMS ERROR: 500", "AT", FD_AT_KIND_ERROR },
  { "+CIS ERROR: 601", "AT", FD_AT_KIND_ERROR },
  /* echo */
  { "AT+CGMR", "AT+CGMR", FD_AT_KIND_ECHO },
  { "at+cgmr", "AT+CGMR", FD_AT_KIND_ECHO },
  { "AT+CGMR", "AT+CGMR ", FD_AT_KIND_ECHO },
  { "AT+CGMI", "AT+CGMR", FD_AT_KIND_INFO },
  /* information responses of the command in flight */
  { "+CGSN: 869999001234567", "AT+CGSN=1", FD_AT_KIND_INFO },
  { "869999001234567", "AT+CGSN", FD_AT_KIND_INFO },
  { "+RSFOTAMODE:0,1,60,86400", "AT+RSFOTAMODE?", FD_AT_KIND_INFO },
  { "+MFWCFG: \"url\",\"http://10.0.0.1/a.bin\"", "AT+MFWCFG=\"url\"", FD_AT_KIND_INFO },
  { "+MFWDLOAD: 1,16407,1024", "AT+MFWDLOAD?", FD_AT_KIND_INFO },
  { "+MFWCHECK: 5156E9D9", "AT+MFWCHECK=0", FD_AT_KIND_INFO },
  { "+UPGRADE: 1,30", "AT+UPGRADE?", FD_AT_KIND_INFO },
  { "+UPGRADE:\"KEY\",\"abc\"", "AT+UPGRADE=\"KEY\"", FD_AT_KIND_INFO },
  /* URCs while another command, or a command of the same family, waits */
  { "+MFWDLOAD: 1,16407,1024", "AT+CGMR", FD_AT_KIND_URC },
  { "+MFWDLOAD: 2,16407,16407", "AT+MFWDLOAD", FD_AT_KIND_URC },
  { "+RSFOTA:0,1", "AT+RSFOTA=1", FD_AT_KIND_URC },
  { "+RSFOTA:1,1,512/2052,24%", "AT+RSFOTAMODE?", FD_AT_KIND_URC },
  { "+MFWUPGRADE: 1,64", "AT+MFWUPGRADE", FD_AT_KIND_URC },
  { "+UPGRADEIND: 40", "AT+UPGRADE", FD_AT_KIND_URC },
  { "+UPGRADEVER: 1", "AT+CGMR", FD_AT_KIND_URC },
  { "+CEREG: 1", "AT+CGMR", FD_AT_KIND_URC },
  { "+CGSN: 1", "AT+CGSNX", FD_AT_KIND_URC },
  { "RDY", "AT+CGMR", FD_AT_KIND_URC },
  { "rdy", "AT", FD_AT_KIND_URC },
  /* nothing in flight: everything but a final is unsolicited */
  { "+CGSN: 869999001234567", NULL, FD_AT_KIND_URC },
  { "M5311_V1.0", NULL, FD_AT_KIND_URC },
  { "AT+CGMR", NULL, FD_AT_KIND_URC },
  { "+", "AT+CGMR", FD_AT_KIND_INFO },
  { "+:", "AT+CGMR", FD_AT_KIND_INFO },
};

static void
test_classify_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (classify_table); i++)
    {
      g_test_message ("line '%s' command '%s'", classify_table[i].line,
                      classify_table[i].command ? classify_table[i].command : "(none)");
      g_assert_cmpint (fd_at_classify_line (classify_table[i].line, classify_table[i].command),
                       ==, classify_table[i].kind);
    }
}

static void
test_command_for_message (void)
{
  g_autofree char *hex = g_strnfill (1024, 'A');
  g_autofree char *write = g_strdup_printf ("AT+MFWDLOAD=512,512,\"%s\"", hex);
  g_autofree char *exact = g_strnfill (FD_AT_COMMAND_SHOWN_MAX, 'B');
  g_autofree char *wide = g_strconcat ("AT+X=\"", "ä¸­ä¸­ä¸­ä¸­"
                                       "ä¸­ä¸­ä¸­ä¸­"
                                       "ä¸­ä¸­ä¸­ä¸­"
                                       "ä¸­ä¸­ä¸­ä¸­\"",
                                       NULL);
  g_autofree char *shown_write = fd_at_command_for_message (write);
  g_autofree char *shown_exact = fd_at_command_for_message (exact);
  g_autofree char *shown_short = fd_at_command_for_message ("AT+CGMR");
  g_autofree char *shown_wide = fd_at_command_for_message (wide);
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (shown_short, ==, "AT+CGMR");
  g_assert_cmpstr (shown_exact, ==, exact);
  g_assert_true (g_str_has_prefix (shown_write, "AT+MFWDLOAD=512,512,\"AAAA"));
  g_assert_true (g_str_has_suffix (shown_write, "… (1046 bytes)"));
  g_assert_cmpuint (strlen (shown_write), <=, FD_AT_COMMAND_SHOWN_MAX);
  /* never cut inside a character */
  g_assert_true (g_utf8_validate (shown_wide, -1, NULL));
  g_assert_true (g_str_has_suffix (shown_wide, "bytes)"));
  /* the error of a long command names it briefly */
  g_assert_true (fd_at_final_to_error ("+CME ERROR: 853", write, &error));
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_assert_nonnull (strstr (error->message, "AT+MFWDLOAD=512,512,"));
}

static void
test_final_to_error (void)
{
  g_autoptr(GError) cme = NULL;
  g_autoptr(GError) cms = NULL;
  g_autoptr(GError) cis = NULL;
  g_autoptr(GError) text = NULL;
  g_autoptr(GError) plain = NULL;
  GError *none = NULL;

  g_assert_false (fd_at_final_to_error ("OK", "AT", &none));
  g_assert_no_error (none);

  g_assert_true (fd_at_final_to_error ("+CME ERROR: 854", "AT+MFWUPGRADE", &cme));
  g_assert_error (cme, FD_CME_ERROR, 854);
  g_assert_nonnull (strstr (cme->message, "AT+MFWUPGRADE"));
  g_assert_nonnull (strstr (cme->message, "854"));

  g_assert_true (fd_at_final_to_error ("+CMS ERROR:500", "AT", &cms));
  g_assert_error (cms, FD_CMS_ERROR, 500);
  g_assert_true (fd_at_final_to_error ("+CIS ERROR: 601", "AT", &cis));
  g_assert_error (cis, FD_CIS_ERROR, 601);

  g_assert_true (fd_at_final_to_error ("+CME ERROR: SIM not inserted", "AT", &text));
  g_assert_error (text, FD_AT_ERROR, FD_AT_ERROR_MODULE_TEXT);
  g_assert_nonnull (strstr (text->message, "SIM not inserted"));

  g_assert_true (fd_at_final_to_error ("ERROR", "AT+RSFOTA=1", &plain));
  g_assert_error (plain, FD_AT_ERROR, FD_AT_ERROR_ERROR);
  g_assert_nonnull (strstr (plain->message, "AT+RSFOTA=1"));
}

static const struct {
  const char *line;
  const char *name;   /* NULL: not an information line */
  const char *args;   /* joined with '|' */
} split_info_table[] = {
  { "+RSFOTA:1,1,512/2052,24%", "RSFOTA", "1|1|512/2052|24%" },
  { "+RSFOTA: 1, 1, 512/2052, 24%", "RSFOTA", "1|1|512/2052|24%" },
  { "+MFWCFG: \"url\",\"http://a/b,c.bin\"", "MFWCFG", "url|http://a/b,c.bin" },
  { "+MFWCFG: \"auth\",user,pass word", "MFWCFG", "auth|user|pass word" },
  { "+UPGRADE:\"KEY\",\" spaced \"", "UPGRADE", "KEY| spaced " },
  { "+UPGRADE: 0", "UPGRADE", "0" },
  { "+UPGRADE: 2,-1004,404,0", "UPGRADE", "2|-1004|404|0" },
  { "+MFWDLOAD: 0", "MFWDLOAD", "0" },
  { "+X:", "X", "" },
  { "+X: 1,", "X", "1|" },
  { "+X: ,", "X", "|" },
  { "+X: \"unterminated,1", "X", "unterminated,1" },
  { "+X: \"\",2", "X", "|2" },
  { "RDY", NULL, NULL },
  { "+ X: 1", NULL, NULL },
  { "+X 1", NULL, NULL },
  { "", NULL, NULL },
};

static void
test_split_info_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (split_info_table); i++)
    {
      g_autofree char *name = NULL;
      g_auto(GStrv) args = NULL;
      gboolean ok = fd_at_split_info (split_info_table[i].line, &name, &args);

      g_test_message ("line '%s'", split_info_table[i].line);
      if (split_info_table[i].name == NULL)
        {
          g_assert_false (ok);
          continue;
        }
      g_assert_true (ok);
      g_assert_cmpstr (name, ==, split_info_table[i].name);
      {
        g_autofree char *joined = g_strjoinv ("|", args);
        g_assert_cmpstr (joined, ==, split_info_table[i].args);
      }
    }
}

static void
test_string_is_safe (void)
{
  g_assert_true (fd_at_string_is_safe (""));
  g_assert_true (fd_at_string_is_safe ("http://10.0.0.1:8080/pkg.bin?a=1&b=2"));
  g_assert_true (fd_at_string_is_safe ("ftp://user@host/路径/包.bin"));
  g_assert_false (fd_at_string_is_safe ("x\";AT+MFWERASE"));
  g_assert_false (fd_at_string_is_safe ("a\rAT+MFWERASE"));
  g_assert_false (fd_at_string_is_safe ("a\nb"));
  g_assert_false (fd_at_string_is_safe ("tab\there"));
  g_assert_false (fd_at_string_is_safe ("esc\x1b"));
  g_assert_false (fd_at_string_is_safe ("del\x7f"));
}

static void
test_info_value (void)
{
  static const struct {
    const char *line, *name, *value;
  } table[] = {
    { "+CGMR: M5311_V1.0.3", "CGMR", "M5311_V1.0.3" },
    { "+CGMR:M5311", "CGMR", "M5311" },
    { "+cgmm: \"ML307A-DSLN\"", "CGMM", "ML307A-DSLN" },
    { "Revision: AirM2M_780E_V1121", "CGMR", "AirM2M_780E_V1121" },
    { "ML302A_V2", "CGMR", "ML302A_V2" },
    { "  spaced  ", "CGMM", "spaced" },
    { "+CGMR:", "CGMR", NULL },
    { "\"\"", "CGMR", NULL },
    { "\"", "CGMR", "\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *value = fd_at_info_value (table[i].line, table[i].name);

      g_test_message ("line '%s'", table[i].line);
      g_assert_cmpstr (value, ==, table[i].value);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/at-parser/splitter/table", test_splitter_table);
  g_test_add_func ("/core/at-parser/splitter/chunked", test_splitter_chunked);
  g_test_add_func ("/core/at-parser/splitter/nul-bytes", test_splitter_nul_bytes);
  g_test_add_func ("/core/at-parser/splitter/overflow-then-more", test_splitter_overflow_then_more);
  g_test_add_func ("/core/at-parser/classify/table", test_classify_table);
  g_test_add_func ("/core/at-parser/final/to-error", test_final_to_error);
  g_test_add_func ("/core/at-parser/command-for-message", test_command_for_message);
  g_test_add_func ("/core/at-parser/split-info/table", test_split_info_table);
  g_test_add_func ("/core/at-parser/string-is-safe", test_string_is_safe);
  g_test_add_func ("/core/at-parser/info-value", test_info_value);

  return g_test_run ();
}
