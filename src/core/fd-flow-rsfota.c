/* fd-flow-rsfota.c — the RSFOTA dialect's upgrade flow (M5311 OneNET FOTA)
 *
 * The platform drives this dialect: FotaDesk configures the module,
 * triggers a run (or waits for the module's own check in mode 0) and
 * follows the +RSFOTA URCs: check → download → upgrade → restart →
 * result report, then confirms the new revision by AT+CGMR.
 *
 * The settings (fd-flow-rsfota-settings.c) come first; the restarts and
 * what follows them are in fd-flow-rsfota-restart.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-error-table.h"
#include "fd-flow-rsfota-private.h"

const FdPhase fd_rsfota_flow_phases[] = {
  FD_PHASE_CONFIGURE, FD_PHASE_DOWNLOAD, FD_PHASE_UPGRADE,
  FD_PHASE_REBOOT,    FD_PHASE_CONFIRM,  FD_PHASE_REPORT,
};
const gsize fd_rsfota_flow_n_phases = G_N_ELEMENTS (fd_rsfota_flow_phases);

/* A trigger the report flow swallowed is sent again at most this often:
 * a report that keeps failing retries by itself and would take every one. */
#define MAX_RESENDS 3

/* ---- following a run ---------------------------------------------------- */

typedef enum
{
  FOLLOW_NO_PACKAGE, /* 0,0 */
  FOLLOW_DOWNLOADED, /* 1,3 or 0,2, when asked to stop there */
  FOLLOW_UPGRADED,   /* 2,3: the module restarts next */
  FOLLOW_RESTARTED,  /* it restarted already and answers again */
} FollowEnd;

typedef struct
{
  const char *trigger;          /* sent again when swallowed; NULL: never */
  gboolean    stop_at_download; /* mode 2: =3 comes next */
  guint       resends;
  gint64      deadline;
  const char *doing; /* for messages */
} Follow;

typedef enum
{
  URC_GO_ON,
  URC_DONE,
  URC_FAILED
} UrcStep;

/* A later state implies the earlier ones: phases follow the stage. */
static void
reach (FdRsfotaRun *run, FdRsfotaStage stage)
{
  if (stage <= run->stage)
    return;
  /* A report seen before the upgrade was about an earlier one. */
  if (stage >= FD_RSFOTA_STAGE_UPGRADE)
    run->report_event = -1;
  if (stage <= FD_RSFOTA_STAGE_DOWNLOADED)
    fd_rsfota_enter_phase (run, FD_PHASE_DOWNLOAD);
  else if (run->phase < FD_PHASE_UPGRADE)
    {
      if (run->total > 0 && run->bytes < run->total)
        {
          run->bytes = run->total;
          fd_job_progress (run->job, run->bytes, run->total);
        }
      fd_rsfota_enter_phase (run, FD_PHASE_UPGRADE);
    }
  run->stage = stage;
}

/* Progress only ever moves forward: late URCs do not pull it back. */
static void
note_progress (FdRsfotaRun *run, const FdRsfotaUrc *urc)
{
  if (!urc->has_progress)
    return;
  if (urc->total > 0)
    run->total = urc->total;
  if (urc->current <= run->bytes)
    return;
  run->bytes = run->total > 0 ? MIN (urc->current, run->total) : urc->current;
  fd_job_progress (run->job, run->bytes, run->total);
}

static UrcStep
module_failed (FdRsfotaRun *run, const char *name, int code, GError **error)
{
  g_autofree char *meaning = fd_error_table_describe (FD_ERROR_SOURCE_RSFOTA, code);
  g_autofree char *state = fd_rsfota_describe_stage (run);

  /* Translators: the meaning of the module's error code (a sentence),
   * then where the FOTA run stood (a clause) */
  fd_rsfota_fail (run, name, code, error, _ ("%s When it stopped, %s."), meaning, state);
  return URC_FAILED;
}

static gboolean send_trigger (FdRsfotaRun *run, const char *command, GError **error);

/* The report flow took the trigger: send it again now that it ended. */
static UrcStep
swallowed (FdRsfotaRun *run, Follow *f, int event, GError **error)
{
  if (f->resends >= MAX_RESENDS)
    {
      fd_rsfota_fail (run, "busy", 0, error,
                      /* Translators: an AT command, how many times, the event number */
                      _ ("The module's result-report flow took %s %u times (+RSFOTA:-1,%d): it "
                         "is still reporting an earlier upgrade. Wait until its report "
                         "succeeds (it retries every auto_rep seconds) and try again."),
                      f->trigger, f->resends + 1, event);
      return URC_FAILED;
    }
  f->resends++;
  fd_job_message (run->job,
                  _ ("The module's result-report flow took the trigger "
                     "(+RSFOTA:-1,%d); the report has ended, so %s is sent again."),
                  event, f->trigger);
  if (!send_trigger (run, f->trigger, error))
    return URC_FAILED;
  f->deadline = fd_flow_deadline (fd_flow_get_bounds (run->flow)->phase_timeout_ms);
  return URC_GO_ON;
}

static UrcStep
on_check (FdRsfotaRun *run, Follow *f, const FdRsfotaUrc *urc, FollowEnd *end)
{
  switch (urc->event)
    {
    case 0:
      *end = FOLLOW_NO_PACKAGE;
      return URC_DONE;
    case 1:
      reach (run, FD_RSFOTA_STAGE_CHECKED);
      fd_job_message (run->job, _ ("The OneNET platform has a package for the module."));
      return URC_GO_ON;
    case 2:
      reach (run, FD_RSFOTA_STAGE_DOWNLOADED);
      fd_job_message (run->job, _ ("The module already holds the platform's package."));
      *end = FOLLOW_DOWNLOADED;
      return f->stop_at_download ? URC_DONE : URC_GO_ON;
    default:
      return URC_GO_ON;
    }
}

static UrcStep
on_download (FdRsfotaRun *run, Follow *f, const FdRsfotaUrc *urc, FollowEnd *end, GError **error)
{
  if (urc->event != 2 && run->paused && urc->event <= 3)
    {
      run->paused = FALSE;
      fd_job_message (run->job, _ ("The download goes on."));
    }
  switch (urc->event)
    {
    case 0:
    case 1:
      reach (run, FD_RSFOTA_STAGE_DOWNLOAD);
      note_progress (run, urc);
      return URC_GO_ON;
    case 2:
      reach (run, FD_RSFOTA_STAGE_DOWNLOAD);
      if (!run->paused)
        {
          g_autofree char *meaning = fd_error_table_describe (FD_ERROR_SOURCE_RSFOTA, 12);

          run->paused = TRUE;
          fd_job_warning (run->job, "%s", meaning);
        }
      return URC_GO_ON;
    case 3:
      reach (run, FD_RSFOTA_STAGE_DOWNLOADED);
      if (run->total > 0 && run->bytes < run->total)
        {
          run->bytes = run->total;
          fd_job_progress (run->job, run->bytes, run->total);
        }
      fd_job_message (run->job, _ ("The module downloaded the package."));
      *end = FOLLOW_DOWNLOADED;
      return f->stop_at_download ? URC_DONE : URC_GO_ON;
    case 4:
      return module_failed (run, "download-failed", 14, error);
    case 5:
      return module_failed (run, "rejected", 15, error);
    default:
      return URC_GO_ON;
    }
}

static UrcStep
on_upgrade (FdRsfotaRun *run, Follow *f, const FdRsfotaUrc *urc, FollowEnd *end, GError **error)
{
  switch (urc->event)
    {
    case 0:
      reach (run, FD_RSFOTA_STAGE_UPGRADE);
      fd_job_message (run->job, _ ("The module is applying the package: do not unplug it or "
                                   "switch it off until it has restarted."));
      f->deadline = fd_flow_deadline (fd_flow_get_bounds (run->flow)->phase_timeout_ms);
      return URC_GO_ON;
    case 3:
      reach (run, FD_RSFOTA_STAGE_UPGRADED);
      fd_job_message (run->job, _ ("The module applied the package; it restarts into the new "
                                   "firmware."));
      *end = FOLLOW_UPGRADED;
      return URC_DONE;
    case 4:
      return module_failed (run, "upgrade-failed", 24, error);
    default:
      return URC_GO_ON;
    }
}

static UrcStep
on_urc (FdRsfotaRun *run, Follow *f, const FdRsfotaUrc *urc, FollowEnd *end, GError **error)
{
  switch (urc->state)
    {
    case -1:
      if (run->stage == FD_RSFOTA_STAGE_NONE && f->trigger != NULL)
        return swallowed (run, f, urc->event, error);
      fd_rsfota_report_seen (run, urc->event);
      return URC_GO_ON;
    case 0:
      return on_check (run, f, urc, end);
    case 1:
      return on_download (run, f, urc, end, error);
    case 2:
      return on_upgrade (run, f, urc, end, error);
    default:
      {
        g_autofree char *meaning
            = fd_error_table_describe (FD_ERROR_SOURCE_RSFOTA, urc->state * 10 + urc->event);

        fd_job_message (run->job, "%s", meaning);
        return URC_GO_ON;
      }
    }
}

/* The URC wait ended without a URC. */
static gboolean
follow_interrupted (FdRsfotaRun *run, Follow *f, GError *cause, FollowEnd *end, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  g_autofree char    *bound = NULL;
  g_autofree char    *state = NULL;

  /* Flashing ends in a restart; a lost 2,0 or 2,3 does not make it an
   * unplug. (A follow that stops at the download never gets here with
   * the package downloaded.) */
  if (g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE)
      && run->stage >= FD_RSFOTA_STAGE_DOWNLOADED)
    {
      fd_rsfota_enter_phase (run, FD_PHASE_REBOOT);
      fd_job_message (run->job, _ ("The port went away while the module applied the package: "
                                   "it is restarting."));
      *end = FOLLOW_RESTARTED;
      return fd_rsfota_reattach (run, error);
    }
  if (!g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    return fd_rsfota_fail_transport (run, cause, f->doing, error);

  bound = fd_rsfota_format_duration (bounds->phase_timeout_ms);
  state = fd_rsfota_describe_stage (run);
  if (f->trigger == NULL && run->stage == FD_RSFOTA_STAGE_NONE && run->settings.mode == 0)
    return fd_rsfota_fail (run, "timeout", 0, error,
                           _ ("The module ran no automatic check within %s. In mode 0 it "
                              "checks first_check seconds after it starts and then every "
                              "auto_check seconds; wait longer, or use mode 1 and trigger the "
                              "upgrade."),
                           bound);
  return fd_rsfota_fail (run, "timeout", 0, error,
                         /* Translators: a duration, then where the FOTA run stood */
                         _ ("The module's FOTA run did not end within %s; %s. Check its signal "
                            "and network registration, and the package on the OneNET "
                            "platform."),
                         bound, state);
}

/* The module printed a boot line while it was being followed. */
static gboolean
restarted_midway (FdRsfotaRun *run, Follow *f, FollowEnd *end, GError **error)
{
  g_autofree char *state = NULL;
  g_autofree char *revision = NULL;

  /* Booting after flashing, its 2,0 or 2,3 lost on the way. */
  if (run->stage >= FD_RSFOTA_STAGE_DOWNLOADED)
    {
      fd_rsfota_enter_phase (run, FD_PHASE_REBOOT);
      *end = FOLLOW_RESTARTED;
      return fd_rsfota_await_answer (run, error);
    }
  /* Nothing under way yet (mode 0 waits on across a power-cycle). */
  if (run->stage == FD_RSFOTA_STAGE_NONE)
    return TRUE;
  /* A run under way does not survive a reset of the module, unless this
   * was the restart into the new firmware and the URCs that said so are
   * late (the manual: they may not be printed in time): its revision
   * tells. */
  state = fd_rsfota_describe_stage (run);
  if (!fd_rsfota_await_answer (run, error) || !fd_rsfota_read_revision (run, &revision, error))
    return FALSE;
  if (g_strcmp0 (revision, fd_job_get_old_revision (run->job)) != 0)
    {
      fd_job_message (run->job,
                      /* Translators: %s is where the FOTA run stood */
                      _ ("The module restarted while its reports said %s, and now "
                         "runs other firmware: its later reports were late or lost."),
                      state);
      *end = FOLLOW_RESTARTED;
      return TRUE;
    }
  return fd_rsfota_fail (run, "unplugged", 0, error,
                         /* Translators: what FotaDesk was doing, then where the FOTA run
                          * stood */
                         _ ("The module restarted by itself while %s (%s): it lost power or "
                            "reset, and its FOTA run stopped. Check its power supply, then run "
                            "the job again."),
                         f->doing, state);
}

/* Follows +RSFOTA URCs until the run ends one way or another. */
static gboolean
follow (FdRsfotaRun *run, Follow *f, FollowEnd *end, GError **error)
{
  for (;;)
    {
      g_autoptr (GError) local = NULL;
      g_autofree char *line = NULL;
      FdRsfotaUrc      urc;

      if (!fd_rsfota_next_urc (run, f->deadline, &line, &local))
        return follow_interrupted (run, f, local, end, error);
      if (fd_at_decode_rsfota (line, &urc))
        {
          switch (on_urc (run, f, &urc, end, error))
            {
            case URC_DONE:
              return TRUE;
            case URC_FAILED:
              return FALSE;
            case URC_GO_ON:
            default:
              continue;
            }
        }
      if (fd_rsfota_is_boot_line (line))
        {
          if (!restarted_midway (run, f, end, error))
            return FALSE;
          if (*end == FOLLOW_RESTARTED)
            return TRUE;
        }
    }
}

/* ---- triggers ----------------------------------------------------------- */

static gboolean
explain_refusal (FdRsfotaRun *run, const char *command, GError *cause, GError **error)
{
  int code = cause->domain == FD_CME_ERROR ? cause->code : 0;

  if (run->settings.mode == 0)
    return fd_rsfota_fail (run, "module-error", code, error,
                           _ ("The module runs in automatic mode (mode 0), which does not "
                              "accept manual triggers (%s). Run the job without an action to "
                              "wait for its automatic check, or set mode 1 (it applies after a "
                              "restart)."),
                           cause->message);
  if (g_str_has_suffix (command, "=3"))
    return fd_rsfota_fail (run, "module-error", code, error,
                           /* Translators: %s is the module's refusal, such as “The module
                            * answered +CME ERROR: 3 to AT+RSFOTA=3” */
                           _ ("%s: it holds no downloaded package to apply, or it is still "
                              "busy with a FOTA run. Download the package first (action 2)."),
                           cause->message);
  return fd_rsfota_fail (run, "module-error", code, error,
                         /* Translators: %s is the module's refusal, such as “The module
                          * answered +CME ERROR: 3 to AT+RSFOTA=1” */
                         _ ("%s: it may be busy with a FOTA check, download or result "
                            "report already, or settings written earlier may not have been "
                            "applied by a restart yet. Wait a few minutes, or restart the "
                            "module, and try again."),
                         cause->message);
}

static gboolean
send_trigger (FdRsfotaRun *run, const char *command, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) reply = NULL;

  reply = fd_flow_command (run->flow, command, 0, run->cancellable, &local);
  if (reply != NULL)
    return TRUE;
  if (local->domain == FD_SERIAL_ERROR || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: what FotaDesk was doing, shown after “while” */
    return fd_rsfota_fail_transport (run, local, _ ("triggering the upgrade"), error);
  return explain_refusal (run, command, local, error);
}

static gboolean
trigger_and_follow (FdRsfotaRun *run, FdRsfotaAction action, Follow *f, FollowEnd *end,
                    GError **error)
{
  g_autofree char *command = fd_rsfota_action_command (action);

  fd_rsfota_drop_urcs (run);
  fd_job_message (run->job, _ ("Triggering the module's FOTA run with %s."), command);
  if (!send_trigger (run, command, error))
    return FALSE;
  /* Never sent twice: a second upgrade trigger is not ours to repeat. */
  f->trigger = action == FD_RSFOTA_ACTION_UPGRADE ? NULL : command;
  /* The module took =3: it holds a package (this matters if it restarts
   * with its 2,0 and 2,3 lost). */
  if (action == FD_RSFOTA_ACTION_UPGRADE && run->stage < FD_RSFOTA_STAGE_DOWNLOADED)
    run->stage = FD_RSFOTA_STAGE_DOWNLOADED;
  f->deadline = fd_flow_deadline (fd_flow_get_bounds (run->flow)->phase_timeout_ms);
  return follow (run, f, end, error);
}

/* log=0: no URCs; all there is to see is the module restarting. */
static gboolean
follow_blind (FdRsfotaRun *run, FdRsfotaAction action, FollowEnd *end, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  g_autofree char    *command = fd_rsfota_action_command (action);
  g_autofree char    *bound = fd_rsfota_format_duration (bounds->phase_timeout_ms);

  fd_rsfota_drop_urcs (run);
  if (command != NULL && !send_trigger (run, command, error))
    return FALSE;
  /* Unseen, but this is where the module is: fetching, then flashing. */
  fd_rsfota_enter_phase (run, FD_PHASE_DOWNLOAD);
  fd_job_message (run->job,
                  _ ("URC reporting is off (log=0): waiting up to %s for the module "
                     "to download, apply the package and restart by itself."),
                  bound);
  *end = FOLLOW_RESTARTED;
  /* Translators: what the restart is for (“restarting %s”) */
  return fd_rsfota_wait_restart (run, bounds->phase_timeout_ms, _ ("into a new firmware"),
                                 _ ("With URC reporting off (log=0) it does not say why: the "
                                    "platform may have no package for it, or the download may "
                                    "have failed. Turn log on to follow the upgrade."),
                                 error);
}

/* Mode 2: the download (=2), then the upgrade (=3) once it is done. */
static gboolean
run_split (FdRsfotaRun *run, FollowEnd *end, GError **error)
{
  /* Translators: what FotaDesk was doing, shown after “while” */
  Follow first = { .stop_at_download = TRUE, .doing = _ ("following the download") };
  /* Translators: what FotaDesk was doing, shown after “while” */
  Follow second = { .doing = _ ("following the upgrade") };

  if (run->config->action == FD_RSFOTA_ACTION_UPGRADE)
    return trigger_and_follow (run, FD_RSFOTA_ACTION_UPGRADE, &second, end, error);
  if (!trigger_and_follow (run, FD_RSFOTA_ACTION_DOWNLOAD, &first, end, error))
    return FALSE;
  if (*end != FOLLOW_DOWNLOADED)
    return TRUE;
  return trigger_and_follow (run, FD_RSFOTA_ACTION_UPGRADE, &second, end, error);
}

static gboolean
wait_automatic (FdRsfotaRun *run, FollowEnd *end, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  g_autofree char    *bound = fd_rsfota_format_duration (bounds->phase_timeout_ms);
  /* Translators: what FotaDesk was doing, shown after “while” */
  Follow              f = { .doing = _ ("waiting for the automatic check") };

  fd_job_message (run->job,
                  _ ("Automatic mode (mode 0): waiting up to %s for the module's own "
                     "FOTA check."),
                  bound);
  f.deadline = fd_flow_deadline (bounds->phase_timeout_ms);
  return follow (run, &f, end, error);
}

static gboolean
start_run (FdRsfotaRun *run, FollowEnd *end, GError **error)
{
  FdRsfotaAction action = run->config->action;
  /* Translators: what FotaDesk was doing, shown after “while” */
  Follow         f = { .doing = _ ("following the module's FOTA run") };
  g_autoptr (GError) local = NULL;

  if (!fd_rsfota_action_check (action, (FdRsfotaRunMode)run->settings.mode, &local))
    return fd_rsfota_fail (run, "module-error", 0, error, _ ("The module runs in mode %d: %s"),
                           run->settings.mode, local->message);
  if (!run->log_on)
    {
      if (run->settings.mode == 2 && action != FD_RSFOTA_ACTION_UPGRADE)
        return fd_rsfota_fail (run, "module-error", 0, error,
                               _ ("With URC reporting off (log=0) the module does not say when "
                                  "its download ends, so FotaDesk cannot send the upgrade step "
                                  "(AT+RSFOTA=3) at the right time. Turn log on, or use "
                                  "mode 1."));
      return follow_blind (run, action, end, error);
    }
  if (run->settings.mode == 2)
    return run_split (run, end, error);
  if (action == FD_RSFOTA_ACTION_NONE)
    return wait_automatic (run, end, error);
  return trigger_and_follow (run, FD_RSFOTA_ACTION_CHECK_UPGRADE, &f, end, error);
}

/* ---- the end ------------------------------------------------------------ */

static gboolean
finish_unchanged (FdRsfotaRun *run, FdResult result, GError **error)
{
  g_autofree char *revision = NULL;

  fd_rsfota_enter_phase (run, FD_PHASE_CONFIRM);
  if (!fd_rsfota_read_revision (run, &revision, error))
    return FALSE;
  fd_job_set_outcome (run->job, result, revision);
  return TRUE;
}

/* The module restarted after (or while) applying a package: its revision
 * tells whether it did. Without its own word for success (2,3; lost, or
 * not reported with log=0) an unchanged revision is a failure. */
static gboolean
confirm_upgrade (FdRsfotaRun *run, GError **error)
{
  const char      *old = fd_job_get_old_revision (run->job);
  gboolean         claimed = run->stage == FD_RSFOTA_STAGE_UPGRADED;
  g_autofree char *revision = NULL;

  fd_rsfota_enter_phase (run, FD_PHASE_CONFIRM);
  if (!fd_rsfota_read_revision (run, &revision, error))
    return FALSE;
  if (g_strcmp0 (old, revision) == 0)
    {
      if (!claimed && !run->log_on)
        return fd_rsfota_fail (run, "upgrade-failed", 0, error,
                               _ ("The module restarted but still runs %s. With URC reporting "
                                  "off (log=0) it does not say why; turn log on and try again."),
                               revision);
      if (!claimed)
        return fd_rsfota_fail (run, "upgrade-failed", 0, error,
                               _ ("The module restarted while it applied the package, without "
                                  "reporting a result, and still runs %s. Check the package on "
                                  "the OneNET platform and trigger the upgrade again."),
                               revision);
      fd_job_warning (run->job,
                      _ ("The module reported a successful upgrade, but it still "
                         "runs %s: the package may target the version it already "
                         "had. Check the package on the OneNET platform."),
                      revision);
    }
  else
    fd_job_message (run->job, _ ("The module now runs %s (it ran %s before)."), revision,
                    old != NULL ? old : _ ("an unknown revision"));
  run->confirmed = g_steal_pointer (&revision);
  if (run->log_on && !fd_rsfota_wait_report (run, error))
    return FALSE;
  fd_job_set_outcome (run->job, FD_RESULT_SUCCESS, run->confirmed);
  return TRUE;
}

static gboolean
upgrade (FdRsfotaRun *run, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  FollowEnd           end = FOLLOW_UPGRADED;
  g_autofree char    *meaning = NULL;

  if (!start_run (run, &end, error))
    return FALSE;
  switch (end)
    {
    case FOLLOW_NO_PACKAGE:
      meaning = fd_error_table_describe (FD_ERROR_SOURCE_RSFOTA, 0);
      fd_job_message (run->job, "%s", meaning);
      return finish_unchanged (run, FD_RESULT_UP_TO_DATE, error);
    case FOLLOW_UPGRADED:
      fd_rsfota_enter_phase (run, FD_PHASE_REBOOT);
      /* Translators: what the restart is for (“restarting %s”) */
      if (!fd_rsfota_wait_restart (run, bounds->reattach_timeout_ms, _ ("into the new firmware"),
                                   NULL, error))
        return FALSE;
      return confirm_upgrade (run, error);
    case FOLLOW_RESTARTED:
      return confirm_upgrade (run, error);
    case FOLLOW_DOWNLOADED:
    default:
      g_assert_not_reached ();
    }
}

gboolean
fd_rsfota_flow_run (FdFlow *flow, const FdRsfotaConfig *config, const FdModel *model,
                    GCancellable *cancellable, GError **error)
{
  g_auto (FdRsfotaRun) run = {
    .flow = flow,
    .job = fd_flow_get_job (flow),
    .config = config,
    .model = model,
    .cancellable = cancellable,
    .phase = FD_PHASE_CONFIGURE,
    .report_event = -1,
  };

  if (!fd_rsfota_apply_settings (&run, error))
    return FALSE;
  run.log_on = run.settings.log != 0;
  if (!run.log_on)
    fd_job_warning (run.job, _ ("The module's FOTA URC reporting is off (log=0): FotaDesk cannot "
                                "follow the upgrade; it can only wait for the module to restart "
                                "and compare its revision."));
  if (config->action == FD_RSFOTA_ACTION_NONE && run.settings.mode != 0)
    {
      fd_job_message (run.job, _ ("No action was chosen: the settings are in place and no "
                                  "upgrade was triggered."));
      return finish_unchanged (&run, FD_RESULT_SUCCESS, error);
    }
  return upgrade (&run, error);
}
