/* fd-job-item.h — one module's job in the batch view: what it is doing
 * now, in words, and how it ended
 *
 * Follows the core's FdJob events (already in the audit log when they
 * arrive) and turns them into text for the row: phase, bytes and
 * percent, elapsed time, the "do not unplug" state, the result with the
 * module's own code and its meaning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-device-item.h"
#include "fd-job.h"

G_BEGIN_DECLS

typedef enum
{
  FD_JOB_STATE_WAITING, /* not started yet */
  FD_JOB_STATE_RUNNING,
  FD_JOB_STATE_FLASHING, /* upgrade or reboot: the module must not lose power */
  FD_JOB_STATE_SUCCESS,
  FD_JOB_STATE_UP_TO_DATE,
  FD_JOB_STATE_FAILED,
  FD_JOB_STATE_CANCELLED,
} FdJobState;

#define FD_TYPE_JOB_ITEM (fd_job_item_get_type ())
G_DECLARE_FINAL_TYPE (FdJobItem, fd_job_item, FD, JOB_ITEM, GObject)

FdJobItem *fd_job_item_new (FdJob *job, FdDeviceItem *device);

FdJob        *fd_job_item_get_job (FdJobItem *self);
FdDeviceItem *fd_job_item_get_device (FdJobItem *self);
const char   *fd_job_item_get_id (FdJobItem *self);

/* The batch started the job now. */
void fd_job_item_mark_started (FdJobItem *self);
/* Refreshes the elapsed time (called every second while running). */
void fd_job_item_tick (FdJobItem *self);

FdJobState fd_job_item_get_state (FdJobItem *self);
gboolean   fd_job_item_is_finished (FdJobItem *self);
gboolean   fd_job_item_is_flashing (FdJobItem *self);

/* "ML307A-DSLN", "IMEI 86… · ttyUSB2". */
const char *fd_job_item_get_title (FdJobItem *self);
const char *fd_job_item_get_subtitle (FdJobItem *self);
/* "Downloading", "Flashing — do not unplug", "Waiting to start" … */
const char *fd_job_item_get_phase_text (FdJobItem *self);
/* "512 B of 2.1 kB · 24 %", or "" when there is nothing to count. */
const char *fd_job_item_get_progress_text (FdJobItem *self);
/* 0…1 for the bar. */
double fd_job_item_get_fraction (FdJobItem *self);
/* "1:05". */
const char *fd_job_item_get_elapsed_text (FdJobItem *self);
/* "Upgraded to V2", "Failed" …, or NULL while running. */
const char *fd_job_item_get_result_text (FdJobItem *self);
/* What happened in words: the last message while running; the reason,
 * the module's code and its meaning when done. */
const char *fd_job_item_get_detail_text (FdJobItem *self);
/* The module's own code of a failure, 0 for none. */
int         fd_job_item_get_module_code (FdJobItem *self);
const char *fd_job_item_get_error_name (FdJobItem *self);

/* The meaning of a module's code in the dialect's error table, or NULL
 * when the table has no entry. */
char *fd_job_describe_module_code (const char *dialect, int code);

G_END_DECLS
