/* fd-transcript-lines.c — byte chunks to lines a person reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fd-at-parser.h"
#include "fd-transcript-lines.h"

struct _FdTranscriptLines
{
  FdAtLineSplitter *splitter;
  char             *command; /* the last command sent, for telling answers from URCs */
  gint64            rx_time; /* of the chunk being split */
  GPtrArray        *out;     /* where the splitter's lines go during a feed */
};

void
fd_transcript_line_free (FdTranscriptLine *line)
{
  if (line == NULL)
    return;
  g_free (line->text);
  g_free (line);
}

char *
fd_transcript_format_time (gint64 t_ms)
{
  gint64 seconds = MAX (t_ms, 0) / 1000;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%03d", seconds / 3600,
                            (int)(seconds / 60 % 60), (int)(seconds % 60),
                            (int)(MAX (t_ms, 0) % 1000));
  return g_strdup_printf ("%02d:%02d.%03d", (int)(seconds / 60), (int)(seconds % 60),
                          (int)(MAX (t_ms, 0) % 1000));
}

static const char *
kind_mark (FdLineKind kind)
{
  switch (kind)
    {
    case FD_LINE_TX:
      return "→";
    case FD_LINE_RX:
      return "←";
    case FD_LINE_URC:
      return "⇐";
    case FD_LINE_PROMPT:
      return "←";
    case FD_LINE_NOTE:
    default:
      return "·";
    }
}

char *
fd_transcript_line_format (const FdTranscriptLine *line)
{
  g_autofree char *time = fd_transcript_format_time (line->t_ms);

  return g_strdup_printf ("%s  %s  %s", time, kind_mark (line->kind), line->text);
}

/* Printable text of @len bytes, cut at FD_TRANSCRIPT_LINE_MAX. */
static char *
render (const guint8 *data, gsize len)
{
  gsize              shown = MIN (len, (gsize)FD_TRANSCRIPT_LINE_MAX);
  g_autofree char   *text = fd_transcript_render_text (data, shown);
  unsigned long long more = (unsigned long long)(len - shown);

  if (shown == len)
    return g_steal_pointer (&text);
  /* Translators: a long write cut short in the transcript view: the
   * start of it, then how many bytes were left out */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s… (%llu more byte)",
                                       "%s… (%llu more bytes)", (gulong) MIN (more, G_MAXULONG)),
                          text, more);
}

static void
add_line (GPtrArray *out, gint64 t_ms, FdLineKind kind, char *text)
{
  FdTranscriptLine *line = g_new0 (FdTranscriptLine, 1);

  line->t_ms = t_ms;
  line->kind = kind;
  line->text = text;
  g_ptr_array_add (out, line);
}

FdTranscriptLines *
fd_transcript_lines_new (void)
{
  FdTranscriptLines *self = g_new0 (FdTranscriptLines, 1);

  self->splitter = fd_at_line_splitter_new (FD_AT_LINE_MAX);
  return self;
}

void
fd_transcript_lines_free (FdTranscriptLines *self)
{
  if (self == NULL)
    return;
  fd_at_line_splitter_free (self->splitter);
  g_free (self->command);
  g_free (self);
}

static void
on_rx_line (FdAtLineEvent event, const char *line, gsize len, gpointer user_data)
{
  FdTranscriptLines *self = user_data;
  FdAtLineKind       at = FD_AT_KIND_INFO;
  FdLineKind         kind = FD_LINE_PROMPT;

  if (event == FD_AT_LINE_TEXT)
    {
      at = fd_at_classify_line (line, self->command);
      kind = at == FD_AT_KIND_URC ? FD_LINE_URC : FD_LINE_RX;
    }
  add_line (self->out, self->rx_time, kind, render ((const guint8 *)line, len));
  /* A final result ends the command: later lines are unsolicited. */
  if (at == FD_AT_KIND_OK || at == FD_AT_KIND_ERROR)
    g_clear_pointer (&self->command, g_free);
}

/* A command line ends at CR (or LF); a raw write is one line. */
static void
feed_tx (FdTranscriptLines *self, const guint8 *data, gsize len, gint64 t_ms, GPtrArray *out)
{
  gsize start = 0;

  while (start < len)
    {
      const guint8 *end = memchr (data + start, '\r', len - start);
      gsize         stop = end != NULL ? (gsize)(end - data) : len;
      gsize         next = stop + 1;

      while (stop > start && (data[stop - 1] == '\n' || data[stop - 1] == '\r'))
        stop--;
      if (stop > start)
        {
          g_free (self->command);
          self->command = g_strndup ((const char *)data + start, stop - start);
          add_line (out, t_ms, FD_LINE_TX, render (data + start, stop - start));
        }
      start = next;
      while (start < len && data[start] == '\n')
        start++;
    }
}

void
fd_transcript_lines_feed (FdTranscriptLines *self, const FdTranscriptChunk *chunk, GPtrArray *out)
{
  gsize         len = 0;
  const guint8 *data = chunk->data != NULL ? g_bytes_get_data (chunk->data, &len) : NULL;

  switch (chunk->direction)
    {
    case FD_AT_DIRECTION_TX:
      feed_tx (self, data, len, chunk->t_ms, out);
      break;
    case FD_AT_DIRECTION_RX:
      self->rx_time = chunk->t_ms;
      self->out = out;
      /* An over-long line is dropped by the splitter; it has said so. */
      fd_at_line_splitter_feed (self->splitter, data, len, on_rx_line, self, NULL);
      self->out = NULL;
      break;
    case FD_AT_DIRECTION_NOTE:
    default:
      add_line (out, chunk->t_ms, FD_LINE_NOTE, render (data, len));
      break;
    }
}

void
fd_transcript_lines_flush (FdTranscriptLines *self, GPtrArray *out)
{
  gsize       len = 0;
  const char *partial = fd_at_line_splitter_peek_partial (self->splitter, &len);

  if (len > 0)
    add_line (out, self->rx_time, FD_LINE_RX, render ((const guint8 *)partial, len));
  fd_at_line_splitter_reset (self->splitter);
}
