/* test-transcript-lines.c — session chunks to the lines the transcript
 * view shows: commands, answers, URCs, prompts, notes, non-printables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-transcript-lines.h"

typedef struct
{
  gint64        t_ms;
  FdAtDirection direction;
  const char   *bytes;
  gssize        len; /* -1: strlen */
} Chunk;

static GPtrArray *
run (const Chunk *chunks, gsize n, gboolean flush)
{
  g_autoptr(FdTranscriptLines) lines = fd_transcript_lines_new ();
  g_autoptr(GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify)fd_transcript_line_free);
  GPtrArray *text = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < n; i++)
    {
      gsize             len = chunks[i].len < 0 ? strlen (chunks[i].bytes) : (gsize)chunks[i].len;
      FdTranscriptChunk chunk
          = { chunks[i].t_ms, chunks[i].direction, g_bytes_new (chunks[i].bytes, len) };

      fd_transcript_lines_feed (lines, &chunk, out);
      g_bytes_unref (chunk.data);
    }
  if (flush)
    fd_transcript_lines_flush (lines, out);
  for (guint i = 0; i < out->len; i++)
    g_ptr_array_add (text, fd_transcript_line_format (g_ptr_array_index (out, i)));
  return text;
}

static void
assert_lines (GPtrArray *got, const char *const *want)
{
  guint n = g_strv_length ((char **)want);

  for (guint i = 0; i < MIN (n, got->len); i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, want[i]);
  g_assert_cmpuint (got->len, ==, n);
}

/* An answer is an answer while its command is in flight; the same kind
 * of line after the final result is the module's own report. */
static void
test_answer_and_urc (void)
{
  const Chunk chunks[] = {
    { 12, FD_AT_DIRECTION_TX, "AT+MFWDLOAD?\r", -1 },
    { 40, FD_AT_DIRECTION_RX, "\r\n+MFWDLOAD: 1,2052,", -1 },
    { 41, FD_AT_DIRECTION_RX, "512\r\n\r\nOK\r\n", -1 },
    { 1500, FD_AT_DIRECTION_RX, "\r\n+MFWDLOAD: 2,2052,2052\r\n", -1 },
  };
  const char *want[] = {
    "00:00.012  →  AT+MFWDLOAD?",
    "00:00.041  ←  +MFWDLOAD: 1,2052,512",
    "00:00.041  ←  OK",
    "00:01.500  ⇐  +MFWDLOAD: 2,2052,2052",
    NULL,
  };
  g_autoptr(GPtrArray) got = run (chunks, G_N_ELEMENTS (chunks), TRUE);

  assert_lines (got, want);
}

/* Asynchronous-only URCs stay URCs even during a command. */
static void
test_urc_during_command (void)
{
  const Chunk chunks[] = {
    { 0, FD_AT_DIRECTION_TX, "AT+RSFOTA=1\r", -1 },
    { 30, FD_AT_DIRECTION_RX, "\r\nOK\r\n\r\n+RSFOTA:0,1\r\n", -1 },
    { 61000, FD_AT_DIRECTION_RX, "+RSFOTA:1,1,512/2052,24%\r\n", -1 },
  };
  const char *want[] = {
    "00:00.000  →  AT+RSFOTA=1",
    "00:00.030  ←  OK",
    "00:00.030  ⇐  +RSFOTA:0,1",
    "01:01.000  ⇐  +RSFOTA:1,1,512/2052,24%",
    NULL,
  };
  g_autoptr(GPtrArray) got = run (chunks, G_N_ELEMENTS (chunks), TRUE);

  assert_lines (got, want);
}

/* Non-printable bytes as \xHH; the prompt, notes, and a long raw write
 * cut short with how much was left out. */
static void
test_bytes (void)
{
  g_autofree char *raw = g_malloc (1000);
  const char      *raw_line = NULL;
  const Chunk      chunks[] = {
         { 5, FD_AT_DIRECTION_RX, "\xff\x01RDY\r\n", -1 },
         { 7, FD_AT_DIRECTION_NOTE, "port gone", -1 },
         { 9, FD_AT_DIRECTION_TX, "AT+MFWDLOAD=0,1000\r", -1 },
         { 10, FD_AT_DIRECTION_RX, "> ", -1 },
         { 11, FD_AT_DIRECTION_TX, raw, 1000 },
  };
  g_autoptr(GPtrArray) got = NULL;

  memset (raw, 'A', 1000);
  got = run (chunks, G_N_ELEMENTS (chunks), TRUE);
  g_assert_cmpuint (got->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (got, 0), ==, "00:00.005  ⇐  \\xFF\\x01RDY");
  g_assert_cmpstr (g_ptr_array_index (got, 1), ==, "00:00.007  ·  port gone");
  g_assert_cmpstr (g_ptr_array_index (got, 2), ==, "00:00.009  →  AT+MFWDLOAD=0,1000");
  g_assert_cmpstr (g_ptr_array_index (got, 3), ==, "00:00.010  ←  >");
  raw_line = g_ptr_array_index (got, 4);
  g_assert_true (g_str_has_suffix (raw_line, "… (760 more bytes)"));
}

/* A line still coming is shown when the session ends. */
static void
test_flush (void)
{
  const Chunk chunks[] = {
    { 1, FD_AT_DIRECTION_RX, "+UPGRADEDL: 4", -1 },
  };
  g_autoptr(GPtrArray) held = run (chunks, G_N_ELEMENTS (chunks), FALSE);
  g_autoptr(GPtrArray) flushed = run (chunks, G_N_ELEMENTS (chunks), TRUE);

  g_assert_cmpuint (held->len, ==, 0);
  g_assert_cmpuint (flushed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (flushed, 0), ==, "00:00.001  ←  +UPGRADEDL: 4");
}

static void
test_time (void)
{
  g_autofree char *a = fd_transcript_format_time (0);
  g_autofree char *b = fd_transcript_format_time (3723004);

  g_assert_cmpstr (a, ==, "00:00.000");
  g_assert_cmpstr (b, ==, "1:02:03.004");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/transcript-lines/answer-and-urc", test_answer_and_urc);
  g_test_add_func ("/app/transcript-lines/urc-during-command", test_urc_during_command);
  g_test_add_func ("/app/transcript-lines/bytes", test_bytes);
  g_test_add_func ("/app/transcript-lines/flush", test_flush);
  g_test_add_func ("/app/transcript-lines/time", test_time);
  return g_test_run ();
}
