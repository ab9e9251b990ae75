/* fd-cli-output.h — what fotadesk-cli prints: JSON lines or readable lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "fd-batch.h"
#include "fd-job.h"

G_BEGIN_DECLS

typedef struct _FdCliOutput FdCliOutput;

FdCliOutput *fd_cli_output_new (FILE *out, gboolean json);
void fd_cli_output_free (FdCliOutput *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdCliOutput, fd_cli_output_free)

/* One job event: a JSON object per line with "time", "event", "imei",
 * "port" and the event's fields; or one readable line. */
void fd_cli_output_job_event (FdCliOutput      *self,
                              FdJob            *job,
                              const FdJobEvent *event);
/* The closing "summary" event: counts per result. @n_unusable named
 * modules that could not even be opened (busy, no permission) count as
 * failed, as their result lines said. */
void fd_cli_output_summary (FdCliOutput *self, FdBatch *batch, guint n_unusable);

/* The object a job event becomes (for tests and for the audit log). */
JsonObject *fd_cli_event_to_json (FdJob *job, const FdJobEvent *event);
/* ISO 8601 local time with milliseconds and offset. */
char *fd_cli_format_time (gint64 wall_time_us);

G_END_DECLS
