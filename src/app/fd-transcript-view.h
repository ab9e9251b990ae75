/* fd-transcript-view.h — one module's AT conversation, live: ms time
 * stamps, direction, non-printable bytes as hex, URCs highlighted; copy
 * and save
 *
 * Reads the job's transcript file (written by the core, secrets already
 * redacted) in a worker as it grows, while the view is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-batch-session.h"
#include "fd-transcript-lines.h"

G_BEGIN_DECLS

#define FD_TYPE_TRANSCRIPT_VIEW (fd_transcript_view_get_type ())
G_DECLARE_FINAL_TYPE (FdTranscriptView, fd_transcript_view, FD, TRANSCRIPT_VIEW, AdwBin)

void fd_transcript_view_set_session (FdTranscriptView *self, FdBatchSession *session);
/* Shows the conversation of the job @job_id of the session. */
void        fd_transcript_view_show_job (FdTranscriptView *self, const char *job_id);
const char *fd_transcript_view_get_job_id (FdTranscriptView *self);

/* The conversation as shown, one line per line. */
char *fd_transcript_view_dup_text (FdTranscriptView *self);
/* How many lines of @kind are shown. */
guint fd_transcript_view_count_lines (FdTranscriptView *self, FdLineKind kind);
/* TRUE once the transcript of a finished job is shown to its end. */
gboolean fd_transcript_view_is_complete (FdTranscriptView *self);
/* Writes the conversation to @file (what Save does). */
gboolean fd_transcript_view_save_to (FdTranscriptView *self, GFile *file, GError **error);

G_END_DECLS
