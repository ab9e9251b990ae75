/* fd-flow-luat-private.h — what the two halves of the Luat flow share
 *
 * fd-flow-luat.c configures the module, triggers the run and ends the job;
 * fd-flow-luat-follow.c follows the run across its two reboots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-at-decoders.h"
#include "fd-upgrade-private.h"

G_BEGIN_DECLS

/* Where the module's run is, as far as FotaDesk knows. Only ever moves
 * forward: URCs can be lost, and a later sign implies the earlier ones. */
typedef enum
{
  FD_LUAT_STAGE_CHECK,    /* triggered: the module asks its server */
  FD_LUAT_STAGE_DOWNLOAD, /* +UPGRADEIND: the module downloads */
  FD_LUAT_STAGE_BURN,     /* restarted after the download: +UPGRADEDL */
  FD_LUAT_STAGE_BOOTED,   /* restarted after burning: +UPGRADEVER next */
  FD_LUAT_STAGE_DONE,     /* the run is over: new firmware, or cause 27 */
} FdLuatStage;

typedef struct
{
  FdFlow       *flow;
  FdJob        *job;
  GCancellable *cancellable;
  guint         phase_ms;      /* bound on each stage */
  guint         poll_quiet_ms; /* silence before AT+UPGRADE? is asked */

  FdPhase         phase; /* the job's, as last entered here */
  FdLuatStage     stage;
  gint64          stage_deadline;
  gint64          next_poll;
  guint           n_reboots;
  guint           idle_polls;       /* "+UPGRADE: 0" in a row after a reboot */
  int             download_percent; /* -1: none seen */
  int             burn_percent;     /* -1: none seen */
  char           *version;          /* +UPGRADEVER: <version> */
  char           *revision;         /* AT+CGMR once the run is over */
  gboolean        has_report;
  gboolean        report_ok;
  gboolean        up_to_date; /* cause 27 */
  FdUpgradeStatus result;     /* the cause-27 answer */
} FdLuatRun;

void fd_luat_run_init (FdLuatRun *run, FdFlow *flow, GCancellable *cancellable);
void fd_luat_run_clear (FdLuatRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdLuatRun, fd_luat_run_clear)

/* fd_job_enter_phase(), unless the job is in @phase already. */
void fd_luat_run_enter (FdLuatRun *run, FdPhase phase);

/* Follows the run from the trigger until it is over (stage DONE, with
 * ->up_to_date for cause 27), or fails with the job's failure named. */
gboolean fd_luat_run_follow (FdLuatRun *run, GError **error);

/* One AT+UPGRADE? answer, as the follower sees it: TRUE with *@status
 * filled, or TRUE with *@answered FALSE when the module did not answer
 * usefully (busy flashing); FALSE on cancellation or a lost port. */
gboolean fd_luat_run_query_status (FdLuatRun *run, FdUpgradeStatus *status, gboolean *answered,
                                   GError **error);

/* The module's state in words, for messages about an interruption. */
char *fd_luat_run_describe (const FdLuatRun *run);

G_END_DECLS
