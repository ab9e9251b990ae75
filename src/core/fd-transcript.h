/* fd-transcript.h — every byte of one session on a module's AT port, in
 * the format of docs/transcript-format.md: a writer and a reader.
 *
 * The writer appends one JSON line per chunk with a single write(), so a
 * crash of the tool loses at most the chunk being written; it syncs to
 * disk on notes, at most every second otherwise, and on close.
 *
 * Secrets are replaced by "***" in both "b64" and "text". A secret can be
 * cut in two by the serial driver (rx arrives in pieces of a few bytes),
 * so redaction runs on each direction's byte stream, not on single
 * chunks: when a chunk ends with bytes that could be the beginning of a
 * secret, those bytes are held back and written with the next chunk of
 * the same direction (or on close). Everything else is written at once
 * with its own time stamp. We chose this over buffering whole lines
 * because binary package writes and the '>' prompt have no line ends, and
 * because a crash must not lose a whole line of history; the price is
 * that a few held-back bytes carry the time stamp of the chunk that
 * completed them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-at-session.h"

G_BEGIN_DECLS

#define FD_TRANSCRIPT_FORMAT  "fotadesk-transcript"
#define FD_TRANSCRIPT_VERSION 1

/* The first line: which module the session talked to. */
typedef struct {
  char *model;
  char *imei;
  char *revision;
  char *port;
  char *started; /* ISO 8601 with ms and UTC offset */
} FdTranscriptHeader;

/* A header with copies of the strings (any may be NULL) and "started"
 * set to now. */
FdTranscriptHeader *fd_transcript_header_new (const char *model,
                                              const char *imei,
                                              const char *revision,
                                              const char *port);
void fd_transcript_header_free (FdTranscriptHeader *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTranscriptHeader, fd_transcript_header_free)

/* One line after the header. */
typedef struct {
  gint64        t_ms;      /* ms since the session began */
  FdAtDirection direction;
  GBytes       *data;      /* tx/rx: the bytes; note: the note's text */
} FdTranscriptChunk;

void fd_transcript_chunk_free (FdTranscriptChunk *chunk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTranscriptChunk, fd_transcript_chunk_free)

/* The printable rendering of @len bytes for the "text" field: printable
 * ASCII as is, \r \n \t \\ escaped, every other byte as \xHH. */
char *fd_transcript_render_text (const guint8 *data, gsize len);

/* ---- writer ----------------------------------------------------------- */

#define FD_TYPE_TRANSCRIPT (fd_transcript_get_type ())
G_DECLARE_FINAL_TYPE (FdTranscript, fd_transcript, FD, TRANSCRIPT, GObject)

/* Creates the transcript file @path (which must not exist yet) and
 * writes the header. @secrets (NULL-terminated, may be NULL) are never
 * written. */
FdTranscript *fd_transcript_new (const char              *path,
                                 const FdTranscriptHeader *header,
                                 const char *const        *secrets,
                                 GError                  **error);

/* A transcript for one job session in the "transcripts" folder of
 * @log_dir (the folder of the audit log; NULL: fd_audit_default_dir()),
 * named <date>-<time>-<job id>.jsonl. */
FdTranscript *fd_transcript_new_for_job (const char               *log_dir,
                                         const char               *job_id,
                                         const FdTranscriptHeader *header,
                                         const char *const        *secrets,
                                         GError                  **error);

const char *fd_transcript_get_path (FdTranscript *self);

/* Appends @len bytes that went in @direction (TX or RX) at @t_ms (ms
 * since the session began; < 0: measured by the transcript from its
 * creation). Thread-safe. */
gboolean fd_transcript_add (FdTranscript  *self,
                            FdAtDirection  direction,
                            const guint8  *data,
                            gsize          len,
                            gint64         t_ms,
                            GError       **error);

/* Appends a note ("port gone", "reopened /dev/ttyUSB5"). Thread-safe. */
gboolean fd_transcript_note (FdTranscript *self,
                             const char   *text,
                             gint64        t_ms,
                             GError      **error);

/* Writes the held-back bytes of both directions, syncs and closes the
 * file; later calls fail. Also done (errors ignored) on finalize. */
gboolean fd_transcript_close (FdTranscript *self, GError **error);

/* The first write error, if any happened in fd_transcript_at_handler(),
 * which has no way to report it. */
const GError *fd_transcript_get_error (FdTranscript *self);

/* An FdAtTranscriptFunc: pass the FdTranscript as user data to
 * fd_at_session_set_transcript_handler(). */
void fd_transcript_at_handler (FdAtSession  *session,
                               FdAtDirection direction,
                               const guint8 *data,
                               gsize         len,
                               gint64        time_ms,
                               gpointer      user_data);

/* ---- reader ----------------------------------------------------------- */

/* Parses the transcript at @path into its header and FdTranscriptChunk
 * elements. A torn last line (the writer was killed) is ignored; any
 * other malformed line is a G_IO_ERROR_INVALID_DATA naming the line. */
gboolean fd_transcript_load (const char          *path,
                             FdTranscriptHeader **header,
                             GPtrArray          **chunks,
                             GError             **error);

G_END_DECLS
