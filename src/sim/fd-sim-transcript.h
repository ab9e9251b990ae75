/* fd-sim-transcript.h — transcripts as docs/transcript-format.md defines
 *
 * The writer is what `fotadesk-sim --record` uses; the reader feeds
 * `--replay` and lets tests check what a module saw. Directions keep the
 * tool's point of view on both sides: "tx" is tool to module, "rx" is
 * module to tool, so a simulator recording and an app recording of the
 * same session compare line by line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FD_SIM_CHUNK_TX,
  FD_SIM_CHUNK_RX,
  FD_SIM_CHUNK_NOTE,
} FdSimChunkDir;

typedef struct
{
  gint64        t; /* ms since the session began */
  FdSimChunkDir dir;
  GBytes       *data; /* the bytes; for a note, its text */
} FdSimChunk;

typedef struct
{
  char      *model;
  char      *imei;
  char      *revision;
  char      *port;
  char      *started;
  GPtrArray *chunks; /* FdSimChunk* in file order */
} FdSimTranscript;

FdSimTranscript *fd_sim_transcript_load (const char *path, GError **error);
void             fd_sim_transcript_free (FdSimTranscript *self);

/* All bytes of one direction, concatenated (for tests). */
GBytes *fd_sim_transcript_join (FdSimTranscript *self, FdSimChunkDir dir);

typedef struct _FdSimTranscriptWriter FdSimTranscriptWriter;

FdSimTranscriptWriter *fd_sim_transcript_writer_new (const char *path, const char *model,
                                                     const char *imei, const char *revision,
                                                     const char *port, GError **error);
void                   fd_sim_transcript_writer_add (FdSimTranscriptWriter *self, FdSimChunkDir dir,
                                                     const guint8 *data, gsize len);
void fd_sim_transcript_writer_note (FdSimTranscriptWriter *self, const char *text);
void fd_sim_transcript_writer_free (FdSimTranscriptWriter *self);

/* The "text" rendering: printable ASCII as is, \r \n \t \\ escaped,
 * every other byte \xHH. */
char *fd_sim_transcript_render (const guint8 *data, gsize len);

/* A command line with its secret replaced by "***" (MFW auth password,
 * Luat KEY), or NULL when it holds none. Also used for the module's read
 * replies that echo a secret back. */
char *fd_sim_transcript_redact (const char *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSimTranscript, fd_sim_transcript_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSimTranscriptWriter, fd_sim_transcript_writer_free)

G_END_DECLS
