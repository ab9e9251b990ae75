/* fd-flow-rsfota-private.h — what the files of the RSFOTA flow share
 *
 * The flow is split in three: the settings (read, write when they
 * differ, restart, verify: fd-flow-rsfota-settings.c), following the
 * +RSFOTA URCs of a triggered or automatic run (fd-flow-rsfota.c), and
 * the module's restarts with what comes after them (confirm the
 * revision, wait for the result report: fd-flow-rsfota-restart.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-at-decoders.h"
#include "fd-upgrade-private.h"

G_BEGIN_DECLS

/* How far a run got, as the URCs tell it; a later state implies the
 * earlier ones (the module's UART may drop URCs). */
typedef enum
{
  FD_RSFOTA_STAGE_NONE,       /* nothing reported since the trigger */
  FD_RSFOTA_STAGE_CHECKED,    /* 0,1: the platform has a package */
  FD_RSFOTA_STAGE_DOWNLOAD,   /* 1,0 / 1,1: downloading */
  FD_RSFOTA_STAGE_DOWNLOADED, /* 1,3 or 0,2: the package is on the module */
  FD_RSFOTA_STAGE_UPGRADE,    /* 2,0: flashing */
  FD_RSFOTA_STAGE_UPGRADED,   /* 2,3: flashed, a restart follows */
} FdRsfotaStage;

typedef struct
{
  FdFlow               *flow;
  FdJob                *job;
  const FdRsfotaConfig *config;
  const FdModel        *model;
  GCancellable         *cancellable;

  /* The module's settings as it reports them (after our writes and a
   * restart, what is in force). */
  FdRsfotaMode settings;
  gboolean     log_on;

  /* The run being followed. */
  FdPhase       phase; /* the job's, to enter each once */
  FdRsfotaStage stage;
  gboolean      paused;
  guint64       bytes;        /* monotonic */
  guint64       total;        /* 0 = not known yet */
  int           report_event; /* -1 none yet, else the last -1,<event> */
  char         *confirmed;    /* the revision read after the upgrade */
  char         *held;         /* a URC read too early, read again first */
} FdRsfotaRun;

void fd_rsfota_run_clear (FdRsfotaRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdRsfotaRun, fd_rsfota_run_clear)

/* A report after the restart is awaited at most first_rep plus this. */
#define FD_RSFOTA_REPORT_MARGIN_S 60

/* fd-flow-rsfota-settings.c: reads the settings into @run, writes those
 * that differ from the configuration, restarts the module and reads them
 * back. */
gboolean fd_rsfota_apply_settings (FdRsfotaRun *run, GError **error);

/* fd-flow-rsfota-restart.c */

/* Waits, at most @timeout_ms, for signs that the module restarted (its
 * port going and coming back, a boot line, a result report, or it going
 * quiet and answering again), then makes sure it answers AT with echo
 * off. @why says in words what the restart is for ("into the new
 * firmware"); @advice, what to do when none came (NULL: power-cycle). */
gboolean fd_rsfota_wait_restart (FdRsfotaRun *run, guint timeout_ms, const char *why,
                                 const char *advice, GError **error);
/* After a sign of a restart on the same port (a boot line): waits,
 * bounded by the reattach timeout, until the module answers AT, then
 * turns echo off again. */
gboolean fd_rsfota_await_answer (FdRsfotaRun *run, GError **error);
/* The port went away where a restart is expected: find the module again
 * and make sure it answers. */
gboolean fd_rsfota_reattach (FdRsfotaRun *run, GError **error);
/* After a restart: reads what the module prints as it finishes starting
 * until it has been quiet for a moment (bounded), so that what is sent
 * next meets a module that has loaded its settings. A FOTA run that
 * starts meanwhile (mode 0 checks soon after a start) ends the wait; its
 * first URC is held for the next fd_rsfota_next_urc(). */
gboolean fd_rsfota_settle (FdRsfotaRun *run, GError **error);
/* Reads AT+CGMR into *@revision; names the failure on error. */
gboolean fd_rsfota_read_revision (FdRsfotaRun *run, char **revision, GError **error);
/* Waits (bounded) for the result report of the run that just ended, if
 * the module reports at all; never fails the job except on cancel. */
gboolean fd_rsfota_wait_report (FdRsfotaRun *run, GError **error);

/* Helpers shared by the files. */
/* fd_flow_next_urc(), after the URC held back by fd_rsfota_settle(). */
gboolean fd_rsfota_next_urc (FdRsfotaRun *run, gint64 deadline_us, char **line, GError **error);
/* Forgets queued URCs, the held one too. */
void fd_rsfota_drop_urcs (FdRsfotaRun *run);
/* Enters @phase unless the job is in it already. */
void fd_rsfota_enter_phase (FdRsfotaRun *run, FdPhase phase);
/* A +RSFOTA:-1,<event> URC: the result report, told to people. */
void fd_rsfota_report_seen (FdRsfotaRun *run, int event);
/* "45 seconds", "10 minutes": a bound in words. */
char    *fd_rsfota_format_duration (guint ms);
gboolean fd_rsfota_is_boot_line (const char *line);
/* The run's state in words, for unplugged/cancelled/timeout messages. */
char *fd_rsfota_describe_stage (FdRsfotaRun *run);
/* Fails the job with the documented @name and the module's @code (0 =
 * none), and sets @error with the message; its domain follows the name
 * (timeout, unplugged, busy: FD_SERIAL_ERROR; module-error: FD_AT_ERROR;
 * the rest: G_IO_ERROR_FAILED). Returns FALSE, for "return fail (…)". */
gboolean fd_rsfota_fail (FdRsfotaRun *run, const char *name, int code, GError **error,
                         const char *format, ...) G_GNUC_PRINTF (5, 6);
/* Turns a transport failure (gone, timeout, cancelled) during @doing
 * into the job's failure with the run's state in the message. */
gboolean fd_rsfota_fail_transport (FdRsfotaRun *run, GError *cause, const char *doing,
                                   GError **error);

G_END_DECLS
