/* fuzz-line-splitter.c — fd_at_line_splitter_feed() on arbitrary bytes in
 * arbitrary chunks, every line then through the classifier, the info
 * splitter and all the decoders
 *
 * Input layout: byte 0 picks the line limit (small limits reach the
 * overflow path), byte 1 seeds the chunk sizes, the rest is the stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include "fd-at-parser.h"

typedef struct
{
  gsize      max_line;
  GPtrArray *lines; /* text lines, in order */
  guint      prompts;
} Collector;

static void
check_parser_on_line (const char *line)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_auto (GStrv) args = NULL;

  (void)fd_at_classify_line (line, NULL);
  (void)fd_at_classify_line (line, "AT+MFWDLOAD?");
  (void)fd_at_classify_line (line, line);
  if (fd_at_split_info (line, &name, &args))
    FUZZ_CHECK (name != NULL && name[0] != '\0' && args != NULL);
  if (fd_at_final_to_error (line, "AT", &error))
    FUZZ_CHECK (error != NULL);
  else
    FUZZ_CHECK (error == NULL);
  (void)fd_at_string_is_safe (line);

  fuzz_family_rsfota (line);
  fuzz_family_mfw (line);
  fuzz_family_luat (line);
  fuzz_family_imei (line);
}

static void
on_line (FdAtLineEvent event, const char *line, gsize len, gpointer user_data)
{
  Collector *c = user_data;

  if (event == FD_AT_LINE_PROMPT)
    {
      FUZZ_CHECK (len == 1 && g_str_equal (line, ">"));
      c->prompts++;
      return;
    }
  FUZZ_CHECK (event == FD_AT_LINE_TEXT);
  /* Never empty, NUL-terminated at @len, no NUL or terminator inside,
   * blanks trimmed, within the limit. */
  FUZZ_CHECK (len > 0 && len <= c->max_line);
  FUZZ_CHECK (line[len] == '\0' && strlen (line) == len);
  FUZZ_CHECK (memchr (line, '\r', len) == NULL && memchr (line, '\n', len) == NULL);
  FUZZ_CHECK (line[0] != ' ' && line[0] != '\t');
  FUZZ_CHECK (line[len - 1] != ' ' && line[len - 1] != '\t');
  g_ptr_array_add (c->lines, g_strndup (line, len));
  check_parser_on_line (line);
}

static void
feed_all (FdAtLineSplitter *splitter, const guint8 *data, gsize len, guint8 seed, Collector *c)
{
  guint32 state = seed * 2654435761u + 1;
  gsize   pos = 0;

  while (pos < len)
    {
      g_autoptr (GError) error = NULL;
      gsize chunk;
      gsize partial_len = 0;

      /* Seed 0 feeds everything at once; others cut 1…32-byte chunks. */
      state = state * 1103515245u + 12345u;
      chunk = seed == 0 ? len - pos : MIN (len - pos, 1 + (state >> 16) % 32);
      if (!fd_at_line_splitter_feed (splitter, data + pos, chunk, on_line, c, &error))
        FUZZ_CHECK (g_error_matches (error, FD_AT_ERROR, FD_AT_ERROR_LINE_TOO_LONG));
      else
        FUZZ_CHECK (error == NULL);
      pos += chunk;

      (void)fd_at_line_splitter_peek_partial (splitter, &partial_len);
      FUZZ_CHECK (partial_len <= c->max_line);
    }
}

static GPtrArray *
split (const guint8 *data, gsize len, gsize max_line, guint8 seed, guint *prompts)
{
  g_autoptr (FdAtLineSplitter) splitter = fd_at_line_splitter_new (max_line);
  Collector c
      = { max_line == 0 ? FD_AT_LINE_MAX : max_line, g_ptr_array_new_with_free_func (g_free), 0 };

  feed_all (splitter, data, len, seed, &c);
  *prompts = c.prompts;
  return c.lines;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GPtrArray) chunked = NULL;
  g_autoptr (GPtrArray) whole = NULL;
  gsize max_line;
  guint prompts_chunked = 0, prompts_whole = 0;

  if (size < 2)
    return 0;
  /* High bit: the real default; otherwise 1…64 bytes. */
  max_line = (data[0] & 0x80) ? 0 : 1 + (data[0] & 0x3f);

  chunked = split (data + 2, size - 2, max_line, data[1], &prompts_chunked);
  whole = split (data + 2, size - 2, max_line, 0, &prompts_whole);

  /* Chunking must not change the lines. A '>' can become a prompt at a
   * chunk end, which legitimately changes what follows: compare only
   * streams without one. */
  if (memchr (data + 2, '>', size - 2) == NULL)
    {
      FUZZ_CHECK (chunked->len == whole->len);
      for (guint i = 0; i < whole->len; i++)
        FUZZ_CHECK (g_str_equal (g_ptr_array_index (chunked, i), g_ptr_array_index (whole, i)));
      FUZZ_CHECK (prompts_chunked == 0 && prompts_whole == 0);
    }
  return 0;
}
