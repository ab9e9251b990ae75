/* fd-flow-luat-follow.c — following a Luat AT+UPGRADE run to its end
 *
 * After AT+UPGRADE the module prints +UPGRADEIND: <percent> while it
 * downloads, restarts, prints +UPGRADEDL: <percent> while it burns the
 * image, restarts again and prints +UPGRADEVER: <version> and then
 * +UPGRADEVER: 1|0 (whether it told its server). A failure prints
 * nothing: only AT+UPGRADE? says "+UPGRADE: 2,<error>,<http>,<cause>".
 *
 * So this is a state machine over three kinds of sign: URCs, restarts
 * (the port vanishing on USB, a boot line on a UART bridge) and the
 * answers to AT+UPGRADE?, asked whenever the module has been quiet for a
 * while. Any sign may be missing (URCs get lost, a reattach misses what
 * the module printed meanwhile), so the stage only moves forward and a
 * later sign stands for the earlier ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-error-table.h"
#include "fd-errors.h"
#include "fd-flow-luat-private.h"

/* "+UPGRADE: 0" this many times in a row after a restart, with the old
 * firmware still running: the module dropped the upgrade. */
#define IDLE_POLLS_AFTER_REBOOT 3
/* The upgrade restarts the module twice; more than this is a loop. */
#define MAX_REBOOTS 4
/* The shortest silence before AT+UPGRADE? is asked. */
#define MIN_POLL_QUIET_MS 200

void
fd_luat_run_init (FdLuatRun *run, FdFlow *flow, GCancellable *cancellable)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (flow);

  *run = (FdLuatRun){
    .flow = flow,
    .job = fd_flow_get_job (flow),
    .cancellable = cancellable,
    .phase = FD_PHASE_CONFIGURE,
    .phase_ms = bounds->phase_timeout_ms,
    /* Half a command's bound: often enough to notice a lost URC soon,
     * rarely enough not to crowd a module that is busy flashing. */
    .poll_quiet_ms = MAX (bounds->command_timeout_ms / 2, MIN_POLL_QUIET_MS),
    .stage = FD_LUAT_STAGE_CHECK,
    .download_percent = -1,
    .burn_percent = -1,
  };
}

void
fd_luat_run_clear (FdLuatRun *run)
{
  g_clear_pointer (&run->version, g_free);
  g_clear_pointer (&run->revision, g_free);
}

void
fd_luat_run_enter (FdLuatRun *run, FdPhase phase)
{
  if (run->phase == phase)
    return;
  run->phase = phase;
  fd_job_enter_phase (run->job, phase);
}

char *
fd_luat_run_describe (const FdLuatRun *run)
{
  switch (run->stage)
    {
    case FD_LUAT_STAGE_CHECK:
      return g_strdup (_ ("The module was asking its upgrade server for new firmware."));
    case FD_LUAT_STAGE_DOWNLOAD:
      if (run->download_percent < 0)
        return g_strdup (_ ("The module was downloading the new firmware."));
      return g_strdup_printf (_ ("The module was downloading the new firmware (%d %%)."),
                              run->download_percent);
    case FD_LUAT_STAGE_BURN:
      if (run->burn_percent < 0 && run->download_percent < 100)
        return g_strdup_printf (_ ("The module restarted or was unplugged before it said its "
                                   "download was complete (last seen: %d %%)."),
                                MAX (run->download_percent, 0));
      if (run->burn_percent < 0)
        return g_strdup (_ ("The module had downloaded the new firmware and restarted to "
                            "write it."));
      return g_strdup_printf (_ ("The module was writing the new firmware (%d %%)."),
                              run->burn_percent);
    case FD_LUAT_STAGE_BOOTED:
      return g_strdup (_ ("The module had written the new firmware and was restarting "
                          "into it."));
    case FD_LUAT_STAGE_DONE:
    default:
      return g_strdup (_ ("The module had finished the upgrade."));
    }
}

static gboolean
is_gone (const GError *error)
{
  return g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Any sign of life from the run puts off the next AT+UPGRADE?. */
static void
heard (FdLuatRun *run)
{
  run->next_poll = fd_flow_deadline (run->poll_quiet_ms);
  run->idle_polls = 0;
}

static void
new_stage (FdLuatRun *run, FdLuatStage stage)
{
  run->stage = stage;
  run->stage_deadline = fd_flow_deadline (run->phase_ms);
}

/* ---- download and burning -------------------------------------------- */

static void
on_download (FdLuatRun *run, int percent)
{
  if (run->stage > FD_LUAT_STAGE_DOWNLOAD)
    return; /* a late line, or a new run the module started by itself */
  if (run->stage < FD_LUAT_STAGE_DOWNLOAD)
    {
      /* One bound for asking and downloading: the stage goes on. */
      run->stage = FD_LUAT_STAGE_DOWNLOAD;
      fd_luat_run_enter (run, FD_PHASE_UPGRADE);
      fd_job_message (run->job, _ ("The module is downloading the new firmware. Do not unplug "
                                   "it or cut its power until the upgrade has finished: it "
                                   "restarts twice by itself."));
    }
  if (percent > run->download_percent)
    {
      run->download_percent = percent;
      fd_job_progress_percent (run->job, percent);
    }
}

static void
enter_burn (FdLuatRun *run)
{
  fd_luat_run_enter (run, FD_PHASE_UPGRADE);
  if (run->burn_percent < 0)
    {
      run->burn_percent = 0;
      fd_job_message (run->job, _ ("The module is writing the new firmware. Do not unplug it."));
    }
}

static void
on_burn (FdLuatRun *run, int percent)
{
  if (run->stage > FD_LUAT_STAGE_BURN)
    return;
  if (run->stage < FD_LUAT_STAGE_BURN)
    new_stage (run, FD_LUAT_STAGE_BURN); /* its restart went unseen */
  enter_burn (run);
  if (percent > run->burn_percent)
    {
      run->burn_percent = percent;
      fd_job_progress_percent (run->job, percent);
    }
}

static void
on_version (FdLuatRun *run, FdUpgradeVer *ver)
{
  /* Before a restart or a burn step it is left over from an earlier
   * upgrade (a report the module retries), not news of this one. */
  if (run->stage < FD_LUAT_STAGE_BURN)
    return;
  if (ver->is_report)
    {
      run->has_report = TRUE;
      run->report_ok = ver->report_ok;
    }
  else
    {
      g_free (run->version);
      run->version = g_steal_pointer (&ver->version);
      fd_job_message (run->job, _ ("The module restarted with firmware %s."), run->version);
    }
  /* Either line comes only once the new firmware runs. */
  run->stage = FD_LUAT_STAGE_DONE;
}

/* ---- restarts ---------------------------------------------------------- */

static gboolean
fail_reboot_loop (FdLuatRun *run, GError **error)
{
  g_autofree char *state = fd_luat_run_describe (run);

  fd_job_set_failure (run->job, "upgrade-failed", 0);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: %s is a sentence saying where the upgrade stood */
               _ ("%s Then it restarted %u times, more than an upgrade needs: it may be stuck. "
                  "Keep it powered for a few minutes, then scan it to see which firmware it "
                  "runs."),
               state, run->n_reboots);
  return FALSE;
}

/* Counts one restart and moves the stage on. */
static gboolean
note_reboot (FdLuatRun *run, GError **error)
{
  if (++run->n_reboots > MAX_REBOOTS)
    return fail_reboot_loop (run, error);
  switch (run->stage)
    {
    case FD_LUAT_STAGE_CHECK:
    case FD_LUAT_STAGE_DOWNLOAD:
      if (run->download_percent >= 100)
        fd_job_message (run->job, _ ("The module restarts to write the new firmware."));
      else
        fd_job_message (run->job,
                        _ ("The module restarted or was unplugged before it said its download "
                           "was complete (last seen: %d %%). Waiting for it to come back."),
                        MAX (run->download_percent, 0));
      new_stage (run, FD_LUAT_STAGE_BURN);
      break;
    case FD_LUAT_STAGE_BURN:
      fd_job_message (run->job, _ ("The module restarts into the new firmware."));
      new_stage (run, FD_LUAT_STAGE_BOOTED);
      break;
    case FD_LUAT_STAGE_BOOTED:
    case FD_LUAT_STAGE_DONE:
    default:
      fd_job_message (run->job, _ ("The module restarted once more."));
      new_stage (run, run->stage);
      break;
    }
  fd_luat_run_enter (run, FD_PHASE_REBOOT);
  run->idle_polls = 0;
  return TRUE;
}

static gboolean
fail_reattach (FdLuatRun *run, GError *local, GError **error)
{
  g_autofree char *state = NULL;

  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    {
      /* fd_flow_reattach() named it "reattach-timeout". */
      state = fd_luat_run_describe (run);
      /* Translators: two sentences shown one after the other (where the
       * upgrade stood, then why the module was not found again); Chinese
       * needs no space */
      g_set_error (error, local->domain, local->code, C_("sentences", "%s %s"), state,
                   local->message);
      g_error_free (local);
      return FALSE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

/* The module restarted: on a UART bridge the port stayed (@gone FALSE)
 * and only echo needs turning off again; on USB it went and is waited
 * for, maybe under another name. */
static gboolean
rebooted (FdLuatRun *run, gboolean gone, GError **error)
{
  for (;;)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (GPtrArray) lines = NULL;

      if (!note_reboot (run, error))
        return FALSE;
      if (!gone)
        {
          /* Best effort: the session copes with echo, and a port that
           * went meanwhile shows at the next wait. */
          lines = fd_flow_command (run->flow, "ATE0", 0, run->cancellable, &local);
          if (lines == NULL && is_cancelled (local))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          heard (run);
          return TRUE;
        }
      if (fd_flow_reattach (run->flow, run->cancellable, &local))
        {
          /* The wait is the reattach bound's; the stage's starts now.
           * Whatever it printed while it was looked for is lost: ask. */
          run->stage_deadline = fd_flow_deadline (run->phase_ms);
          run->next_poll = g_get_monotonic_time ();
          return TRUE;
        }
      if (!is_gone (local))
        return fail_reattach (run, g_steal_pointer (&local), error);
      /* It went again while being reopened: one more restart. */
    }
}

static gboolean
is_boot_line (const char *line)
{
  /* What Luat firmware prints once it takes AT commands after a boot. */
  return g_ascii_strcasecmp (line, "RDY") == 0;
}

/* ---- AT+UPGRADE? ------------------------------------------------------- */

gboolean
fd_luat_run_query_status (FdLuatRun *run, FdUpgradeStatus *status, gboolean *answered,
                          GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *line
      = fd_flow_query (run->flow, "AT+UPGRADE?", "+UPGRADE:", run->cancellable, &local);

  *answered = FALSE;
  if (line == NULL)
    {
      /* No answer (a module busy flashing), ERROR, or an odd one: the
       * stage's bound decides how long that may go on. */
      if (!is_gone (local) && !is_cancelled (local)
          && !g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *answered = fd_at_decode_upgrade_status (line, status);
  return TRUE;
}

/* AT+CGMR now, or NULL when the module did not say; FALSE only for a
 * lost port or cancellation. */
static gboolean
peek_revision (FdLuatRun *run, char **revision, GError **error)
{
  g_autoptr (GError) local = NULL;

  *revision = fd_flow_read_revision (run->flow, run->cancellable, &local);
  if (*revision != NULL || (!is_gone (local) && !is_cancelled (local)))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
revision_changed (FdLuatRun *run, const char *revision)
{
  return revision != NULL && g_strcmp0 (revision, fd_job_get_old_revision (run->job)) != 0;
}

static gboolean
fail_dropped (FdLuatRun *run, const char *revision, GError **error)
{
  g_autofree char *state = fd_luat_run_describe (run);
  gboolean         mid_download
      = run->burn_percent < 0 && run->download_percent < 100 && run->stage <= FD_LUAT_STAGE_BURN;

  /* Cut off before its download was complete, the module lost power or
   * its cable; afterwards, writing the image failed. */
  fd_job_set_failure (run->job, mid_download ? "unplugged" : "upgrade-failed", 0);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: a sentence saying where the upgrade stood, then
                * the firmware revision the module runs */
               _ ("%s After its restart it says no upgrade is running and still runs %s: the "
                  "upgrade was dropped. Keep the module powered and connected, then try "
                  "again."),
               state, revision != NULL ? revision : _ ("its old firmware"));
  return FALSE;
}

/* "+UPGRADE: 0": no run. Before any restart the run may not have got
 * going yet (the stage's bound covers that); after one, it means the
 * run is over, one way or the other. */
static gboolean
on_idle (FdLuatRun *run, GError **error)
{
  g_autofree char *revision = NULL;

  if (run->n_reboots == 0 || ++run->idle_polls < IDLE_POLLS_AFTER_REBOOT)
    return TRUE;
  if (!peek_revision (run, &revision, error))
    return FALSE;
  if (!revision_changed (run, revision))
    return fail_dropped (run, revision, error);
  run->revision = g_steal_pointer (&revision);
  run->stage = FD_LUAT_STAGE_DONE;
  return TRUE;
}

static gboolean
on_stale_download (FdLuatRun *run, GError **error)
{
  g_autofree char *revision = NULL;

  if (++run->idle_polls < IDLE_POLLS_AFTER_REBOOT)
    return TRUE;
  run->idle_polls = 0;
  if (!peek_revision (run, &revision, error))
    return FALSE;
  if (revision_changed (run, revision))
    {
      run->revision = g_steal_pointer (&revision);
      run->stage = FD_LUAT_STAGE_DONE;
    }
  return TRUE;
}

/* A bare "+UPGRADE: 2" (or one without an error): finished, says the
 * manual, to be confirmed by AT+CGMR. Before both restarts it can only
 * mean the download finished. */
static gboolean
on_finished (FdLuatRun *run, GError **error)
{
  g_autofree char *revision = NULL;

  if (!peek_revision (run, &revision, error))
    return FALSE;
  if (revision_changed (run, revision) || run->stage >= FD_LUAT_STAGE_BOOTED)
    {
      run->revision = g_steal_pointer (&revision);
      run->stage = FD_LUAT_STAGE_DONE;
    }
  else if (run->stage <= FD_LUAT_STAGE_DOWNLOAD)
    on_download (run, 100);
  return TRUE;
}

static gboolean
fail_result (FdLuatRun *run, const FdUpgradeStatus *status, GError **error)
{
  const FdErrorEntry *cause
      = fd_error_table_lookup (FD_ERROR_SOURCE_FOTA_CAUSE, status->fota_cause);
  const FdErrorEntry *code = fd_error_table_lookup (FD_ERROR_SOURCE_LUAT, status->error_code);
  /* The platform's cause says more than the transport's error; an
   * undocumented cause still falls back on a documented error code. */
  gboolean            by_cause = status->fota_cause != 0 && (cause != NULL || code == NULL);
  FdErrorSource       source = by_cause ? FD_ERROR_SOURCE_FOTA_CAUSE : FD_ERROR_SOURCE_LUAT;
  int                 module_code = by_cause ? status->fota_cause : status->error_code;
  const FdErrorEntry *entry = by_cause ? cause : code;
  g_autofree char    *meaning = fd_error_table_describe (source, module_code);

  fd_job_set_failure (run->job, entry != NULL ? entry->name : "module-error", module_code);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: the meaning of the result (a sentence), then the
                * module's error code, HTTP status and FOTA cause */
               _ ("%s (The module's result: error %d, HTTP status %d, cause %d.)"), meaning,
               status->error_code, status->http_status, status->fota_cause);
  return FALSE;
}

static gboolean
on_status (FdLuatRun *run, const FdUpgradeStatus *status, GError **error)
{
  switch (status->state)
    {
    case 0:
      return on_idle (run, error);
    case 1:
      if (run->stage <= FD_LUAT_STAGE_DOWNLOAD || run->n_reboots == 0)
        {
          run->idle_polls = 0;
          on_download (run, status->percent);
          return TRUE;
        }
      /* After a restart the answer may still be the download's, left
       * over: alive, but no more than that. If it stays so, the restarts
       * may have come and gone while the port was away: the revision
       * tells. */
      return on_stale_download (run, error);
    default:
      if (status->has_result && status->fota_cause == 27)
        {
          run->up_to_date = TRUE;
          run->result = *status;
          run->stage = FD_LUAT_STAGE_DONE;
          return TRUE;
        }
      if (status->has_result && (status->error_code != 0 || status->fota_cause != 0))
        return fail_result (run, status, error);
      return on_finished (run, error);
    }
}

static gboolean
poll_status (FdLuatRun *run, GError **error)
{
  FdUpgradeStatus status;
  gboolean        answered;

  if (!fd_luat_run_query_status (run, &status, &answered, error))
    return FALSE;
  run->next_poll = fd_flow_deadline (run->poll_quiet_ms);
  return !answered || on_status (run, &status, error);
}

/* ---- the loop ------------------------------------------------------------ */

static gboolean
fail_timeout (FdLuatRun *run, GError **error)
{
  g_autofree char *state = fd_luat_run_describe (run);
  guint            s = run->phase_ms / 1000;

  fd_job_set_failure (run->job, "timeout", 0);
  if (run->stage == FD_LUAT_STAGE_CHECK)
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                 _ ("The module did not start downloading within %u s of AT+UPGRADE. Check its "
                    "network registration and its upgrade server, then try again."),
                 s);
  else if (run->stage == FD_LUAT_STAGE_DOWNLOAD)
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                 /* Translators: a sentence saying where the upgrade stood, then
                  * the time limit in seconds */
                 _ ("%s It did not finish within %u s. It may still be working: keep it "
                    "powered and scan it later to see its firmware."),
                 state, s);
  else
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                 /* Translators: a sentence saying where the upgrade stood, then
                  * the time limit in seconds */
                 _ ("%s It did not finish within %u s. Do not unplug it: it may still be "
                    "writing. Scan it later to see its firmware."),
                 state, s);
  return FALSE;
}

static gboolean
on_urc (FdLuatRun *run, const char *line, GError **error)
{
  FdUpgradeVer    ver = { 0 };
  FdUpgradeStatus status;
  int             percent;

  if (fd_at_decode_upgradeind (line, &percent))
    on_download (run, percent);
  else if (fd_at_decode_upgradedl (line, &percent))
    on_burn (run, percent);
  else if (fd_at_decode_upgradever (line, &ver))
    {
      on_version (run, &ver);
      fd_upgrade_ver_clear (&ver);
    }
  else if (is_boot_line (line))
    return rebooted (run, FALSE, error);
  else if (fd_at_decode_upgrade_status (line, &status))
    return on_status (run, &status, error);
  else
    return TRUE; /* boot noise, network URCs: already in the job's log */
  heard (run);
  return TRUE;
}

/* One sign, or one poll when the module has been quiet. */
static gboolean
step_inner (FdLuatRun *run, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *line = NULL;

  if (fd_flow_next_urc (run->flow, MIN (run->stage_deadline, run->next_poll), &line,
                        run->cancellable, &local))
    return on_urc (run, line, error);
  if (!g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (g_get_monotonic_time () >= run->stage_deadline)
    return fail_timeout (run, error);
  return poll_status (run, error);
}

static gboolean
step (FdLuatRun *run, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (step_inner (run, &local))
    return TRUE;
  /* The port went: the module restarting, which the run does twice. */
  if (is_gone (local))
    return rebooted (run, TRUE, error);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
fd_luat_run_follow (FdLuatRun *run, GError **error)
{
  new_stage (run, run->stage);
  run->next_poll = fd_flow_deadline (run->poll_quiet_ms);
  while (run->stage != FD_LUAT_STAGE_DONE)
    {
      if (!step (run, error))
        return FALSE;
    }
  return TRUE;
}
