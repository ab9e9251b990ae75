/* fd-batch.h — many jobs: a concurrency limit, canary first, stop on
 * failure, clean cancellation. Lives on the main context; the jobs do the
 * work on their own threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-job.h"

G_BEGIN_DECLS

#define FD_TYPE_BATCH (fd_batch_get_type ())
G_DECLARE_FINAL_TYPE (FdBatch, fd_batch, FD, BATCH, GObject)

#define FD_BATCH_DEFAULT_CONCURRENCY 8

FdBatch *fd_batch_new (void);
void fd_batch_add_job (FdBatch *self, FdJob *job);
/* The jobs in the order they were added (and, canary aside, start). */
GPtrArray *fd_batch_get_jobs (FdBatch *self);

/* 1 … number of jobs; default FD_BATCH_DEFAULT_CONCURRENCY. */
void fd_batch_set_concurrency (FdBatch *self, guint concurrency);
/* Run the first job alone; start the rest only if it succeeded (or was
 * already up to date). */
void fd_batch_set_canary (FdBatch *self, gboolean canary);
gboolean fd_batch_get_canary (FdBatch *self);
/* After the first failure, cancel running jobs and start no more. */
void fd_batch_set_stop_on_failure (FdBatch *self, gboolean stop);

/* Completes when every job has a result. TRUE when all succeeded or were
 * up to date. Cancelling @cancellable cancels every job. */
void fd_batch_run_async (FdBatch            *self,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data);
gboolean fd_batch_run_finish (FdBatch      *self,
                              GAsyncResult *result,
                              GError      **error);
void fd_batch_cancel (FdBatch *self);

/* How many jobs ended with @result so far. */
guint fd_batch_count_result (FdBatch *self, FdResult result);

G_END_DECLS
