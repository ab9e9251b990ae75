/* fd-transcript-lines.h — a session's byte chunks turned into the lines a
 * person reads: one command or answer per line, with its time, its
 * direction, URCs told apart, and every non-printable byte as \xHH
 *
 * Pure and incremental: chunks go in as the transcript grows, finished
 * lines come out. Line splitting and URC classification are the core's
 * (fd-at-parser.h); this only arranges them for display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fd-transcript.h"

G_BEGIN_DECLS

typedef enum
{
  FD_LINE_TX,     /* sent by FotaDesk */
  FD_LINE_RX,     /* the module's answer to a command */
  FD_LINE_URC,    /* unsolicited: the module's own report */
  FD_LINE_PROMPT, /* the '>' of a passthrough write */
  FD_LINE_NOTE,   /* an event: port gone, reopened */
} FdLineKind;

typedef struct
{
  gint64     t_ms;
  FdLineKind kind;
  char      *text; /* printable, never holds CR or LF */
} FdTranscriptLine;

void fd_transcript_line_free (FdTranscriptLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTranscriptLine, fd_transcript_line_free)

/* "01:02.345" for 62345 ms (hours added past an hour). */
char *fd_transcript_format_time (gint64 t_ms);
/* "01:02.345  →  AT+CGMR": the line as text, for copying and saving. */
char *fd_transcript_line_format (const FdTranscriptLine *line);

typedef struct _FdTranscriptLines FdTranscriptLines;

FdTranscriptLines *fd_transcript_lines_new (void);
void               fd_transcript_lines_free (FdTranscriptLines *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTranscriptLines, fd_transcript_lines_free)

/* Feeds one chunk; appends the lines it completes to @out
 * (FdTranscriptLine, owned by @out). */
void fd_transcript_lines_feed (FdTranscriptLines *self, const FdTranscriptChunk *chunk,
                               GPtrArray *out);
/* Appends what is left of an unfinished received line (end of session). */
void fd_transcript_lines_flush (FdTranscriptLines *self, GPtrArray *out);

/* Longest rendering of one line; longer writes (a passthrough package)
 * are cut with a note of how much was left out. */
#define FD_TRANSCRIPT_LINE_MAX 240

G_END_DECLS
