/* fd-flow-mfw-upgrade.c — AT+MFWUPGRADE, the reboots, the new revision
 *
 * A stored package: AT+MFWUPGRADE may answer OK or nothing; then
 * "+MFWUPGRADE: 2" (or nothing at all) and a reboot, "+MFWUPGRADE: 3" or
 * "+CME ERROR: 854" for a failure. A UART module keeps its port and
 * prints boot lines; a USB one loses its port and comes back, maybe under
 * another name.
 *
 * ML30x: AT+MFWUPGRADE downloads and flashes, reporting "+MFWUPGRADE:
 * 1,<percent>", and reboots several times without an OK; each time the
 * port is found again (by IMEI, through the reattach function), re-opened
 * and followed until "+MFWUPGRADE: 2" — or until the module comes back
 * with the new revision, when the report was printed while the port was
 * closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-at-decoders.h"
#include "fd-flow-mfw-private.h"

/* Boot lines have stopped for this long (at most; half a command bound
 * when that is shorter): the module is up. */
#define MFW_QUIET_MAX_MS 1000
/* A module that keeps its port and prints nothing is asked this often. */
#define MFW_REBOOT_PROBE_MS 10000
/* A port found again may vanish again before it is open (ML30x reboot
 * in quick succession): look again, this many times at most. */
#define MFW_REOPEN_TRIES 5
#define MFW_CONFIRM_TRIES 3
/* ML30x restart three times; a module that keeps restarting is stuck. */
#define MFW_MAX_REBOOTS 10

static gboolean
is_boot_line (const char *line)
{
  static const char *const boot[] = { "RDY", "+CPIN: READY", "^SYSSTART", "^BOOT" };

  for (gsize i = 0; i < G_N_ELEMENTS (boot); i++)
    if (g_ascii_strcasecmp (line, boot[i]) == 0)
      return TRUE;
  return FALSE;
}

static guint
quiet_ms (MfwRun *run)
{
  return MIN (MFW_QUIET_MAX_MS, run->command_ms / 2);
}

static gboolean
is_gone (const GError *error)
{
  return g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
}

static char *
seconds_text (guint ms)
{
  return g_strdup_printf ("%u", ms / 1000);
}

/* ---- reattach --------------------------------------------------------- */

static gboolean
mfw_reattach (MfwRun *run, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  gint64              deadline = fd_flow_deadline (bounds->reattach_timeout_ms);

  run->reboots++;
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *why = NULL;

      if (fd_flow_reattach (run->flow, run->cancellable, &local_error))
        {
          fd_job_set_failure (run->job, NULL, 0);
          return TRUE;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         /* Translators: what FotaDesk was doing, shown after “while” */
                         _ ("waiting for the module to come back"));
      /* Found, then gone again or not answering yet: it is still
       * rebooting. */
      if (attempt < MFW_REOPEN_TRIES && g_get_monotonic_time () < deadline)
        continue;

      /* Not found in time (the reattach function says where it looked),
       * or found but never usable. */
      if (!g_error_matches (local_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
        {
          why = g_strdup (local_error->message);
          g_clear_error (&local_error);
          g_set_error (&local_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                       _ ("The module came back after its reboot but could not be opened "
                          "again (%s)"),
                       why);
        }
      /* Translators: what FotaDesk was doing, shown after “while” */
      mfw_fail (run, error, g_steal_pointer (&local_error), _ ("the module was rebooting"));
      fd_job_set_failure (run->job, "reattach-timeout", 0);
      return FALSE;
    }
}

/* ---- reading the revision --------------------------------------------- */

/* AT+CGMR, best effort while the module may be busy: *@revision NULL
 * when it did not tell, *@gone when the port went away. */
static gboolean
peek_revision (MfwRun *run, char **revision, gboolean *gone, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  *revision = fd_flow_read_revision (run->flow, run->cancellable, &local_error);
  if (*revision != NULL)
    return TRUE;
  if (is_gone (local_error))
    *gone = TRUE;
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return mfw_fail (run, error, g_steal_pointer (&local_error),
                     /* Translators: what FotaDesk was doing, shown after “while” */
                     _ ("reading the firmware revision"));
  return TRUE;
}

static gboolean
revision_is_new (MfwRun *run, const char *revision)
{
  return revision != NULL && g_strcmp0 (revision, fd_job_get_old_revision (run->job)) != 0;
}

/* ---- the reboot of a stored-package upgrade ----------------------------- */

/* Best effort: a module fresh from a boot may turn echo on again. */
static gboolean
echo_off_again (MfwRun *run, gboolean *gone, GError **error)
{
  for (guint i = 0; i < MFW_CONFIRM_TRIES; i++)
    {
      g_autoptr (GError) local_error = NULL;
      FdAtSession *session = fd_flow_get_session (run->flow);

      if (session == NULL || fd_at_session_echo_off (session, run->cancellable, &local_error))
        return TRUE;
      if (is_gone (local_error))
        {
          *gone = TRUE;
          return TRUE;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         /* Translators: what FotaDesk was doing, shown after “while” */
                         _ ("the module was restarting"));
      if (!mfw_pause (run, fd_flow_deadline (quiet_ms (run)), error))
        return FALSE;
    }
  return TRUE;
}

/* The port stayed: wait for boot lines to come and stop, or for the port
 * to go after all; a silent module is asked for its revision now and
 * then. */
static gboolean
wait_for_boot (MfwRun *run, gboolean *gone, gboolean saw_boot, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  gint64              deadline = fd_flow_deadline (bounds->reattach_timeout_ms);
  gint64              quiet = fd_flow_deadline (quiet_ms (run));
  gint64              probe = fd_flow_deadline (MFW_REBOOT_PROBE_MS);

  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *line = NULL;
      g_autofree char *revision = NULL;

      if (!mfw_next_urc (run, MIN (deadline, saw_boot ? quiet : probe), &line, &local_error))
        {
          if (is_gone (local_error))
            {
              *gone = TRUE;
              return TRUE;
            }
          return mfw_fail (run, error, g_steal_pointer (&local_error),
                           _ ("the module was restarting"));
        }
      if (line != NULL)
        {
          saw_boot = TRUE; /* whatever it prints now is its boot */
          quiet = fd_flow_deadline (quiet_ms (run));
          continue;
        }
      if (saw_boot)
        return echo_off_again (run, gone, error);
      if (g_get_monotonic_time () >= deadline)
        {
          fd_job_message (run->job, _ ("The module showed no sign of restarting; reading its "
                                       "firmware revision."));
          return TRUE;
        }
      if (!peek_revision (run, &revision, gone, error))
        return FALSE;
      if (*gone || revision_is_new (run, revision))
        return TRUE;
      probe = fd_flow_deadline (MFW_REBOOT_PROBE_MS);
    }
}

static gboolean
wait_reboot (MfwRun *run, gboolean gone, gboolean saw_boot, GError **error)
{
  mfw_enter_phase (run, FD_PHASE_REBOOT);
  if (!gone && !wait_for_boot (run, &gone, saw_boot, error))
    return FALSE;
  if (gone)
    return mfw_reattach (run, error);
  return TRUE;
}

/* ---- AT+MFWUPGRADE ------------------------------------------------------ */

typedef enum
{
  SENT_ANSWERED,
  SENT_SILENT,
  SENT_GONE,
} Sent;

static gboolean
send_upgrade (MfwRun *run, Sent *sent, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) lines = NULL;

  fd_flow_drop_urcs (run->flow);
  lines = fd_flow_command (run->flow, "AT+MFWUPGRADE", 0, run->cancellable, &local_error);
  *sent = SENT_ANSWERED;
  if (lines != NULL)
    return TRUE;
  if (g_error_matches (local_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    {
      *sent = SENT_SILENT;
      fd_job_message (run->job, _ ("The module did not answer AT+MFWUPGRADE (as in the "
                                   "manual's examples): waiting for its report."));
      return TRUE;
    }
  if (is_gone (local_error))
    {
      *sent = SENT_GONE;
      return TRUE;
    }
  /* Refused at once: nothing was flashed (and an ML30x downloaded
   * nothing either); the message says so. */
  if (local_error->domain == FD_CME_ERROR || local_error->domain == FD_AT_ERROR)
    run->phase = fd_mfw_config_uses_combined_upgrade (run->config, run->model) ? FD_PHASE_CONFIGURE
                                                                               : FD_PHASE_VERIFY;
  return mfw_fail (run, error, g_steal_pointer (&local_error),
                   /* Translators: what FotaDesk was doing, shown after “while” */
                   _ ("starting the upgrade (AT+MFWUPGRADE)"));
}

static gboolean
upgrade_timed_out (MfwRun *run, gboolean *gone, gboolean *saw_boot, GError **error)
{
  g_autofree char *revision = NULL;
  g_autofree char *seconds = seconds_text (fd_flow_get_bounds (run->flow)->phase_timeout_ms);
  g_autofree char *state = NULL;

  /* The report may have been lost: the revision tells. */
  if (!peek_revision (run, &revision, gone, error))
    return FALSE;
  if (*gone || revision_is_new (run, revision))
    {
      *saw_boot = TRUE;
      return TRUE;
    }
  state = g_strdup (_ ("It may still be applying the firmware: do not power it off; check its "
                       "firmware revision later."));
  if (revision == NULL)
    return mfw_fail_named (run, error, "timeout", 0,
                           _ ("The module did not report the upgrade's result within %s s and "
                              "does not answer. %s"),
                           seconds, state);
  return mfw_fail_named (run, error, "timeout", 0,
                         _ ("The module did not report the upgrade's result within %s s and "
                            "still runs %s. %s"),
                         seconds, revision, state);
}

static gboolean
upgrade_failed_report (MfwRun *run, GError **error)
{
  return mfw_fail_named (run, error, "upgrade-failed", 0,
                         _ ("The module could not apply the package (+MFWUPGRADE: 3). Check that "
                            "the package is made for this model and its current firmware, erase "
                            "it, get it onto the module again and retry the upgrade."));
}

/* Follows the upgrade of a stored package until its report, a reboot,
 * or the phase bound. */
static gboolean
wait_upgrade_report (MfwRun *run, gboolean *gone, gboolean *saw_boot, GError **error)
{
  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *line = NULL;
      FdMfwUpgrade     report;

      if (!mfw_next_urc (run, run->phase_deadline, &line, &local_error))
        {
          if (!is_gone (local_error))
            return mfw_fail (run, error, g_steal_pointer (&local_error),
                             /* Translators: what FotaDesk was doing, shown after “while” */
                             _ ("the module was applying the firmware"));
          *gone = TRUE;
          return TRUE;
        }
      if (line == NULL)
        return upgrade_timed_out (run, gone, saw_boot, error);
      if (is_boot_line (line))
        {
          fd_job_message (run->job, _ ("The module restarted without a report; checking its "
                                       "firmware once it is up."));
          *saw_boot = TRUE;
          return TRUE;
        }
      if (!fd_at_decode_mfwupgrade (line, &report))
        continue;
      if (report.state == 1 && report.has_process)
        fd_job_progress_percent (run->job, report.process);
      else if (report.state == 2)
        {
          run->upgrade_reported = TRUE;
          fd_job_message (run->job, _ ("The module reports the upgrade succeeded (+MFWUPGRADE: "
                                       "2); it restarts into the new firmware."));
          return TRUE;
        }
      else if (report.state == 3)
        return upgrade_failed_report (run, error);
    }
}

gboolean
mfw_upgrade_stored (MfwRun *run, GError **error)
{
  gboolean gone = FALSE, saw_boot = FALSE;
  Sent     sent;

  mfw_enter_phase (run, FD_PHASE_UPGRADE);
  fd_job_message (run->job, _ ("Applying the firmware: do not unplug or power off the module "
                               "until FotaDesk says it is done."));
  if (!send_upgrade (run, &sent, error))
    return FALSE;
  gone = sent == SENT_GONE;
  if (!gone && !wait_upgrade_report (run, &gone, &saw_boot, error))
    return FALSE;
  return wait_reboot (run, gone, saw_boot, error);
}

/* ---- ML30x: download and upgrade in one, across reboots ---------------- */

static gboolean
combined_failed (MfwRun *run, int percent, GError **error)
{
  g_autofree char *revision = NULL;
  gboolean         gone = FALSE;
  g_autofree char *at = g_strdup_printf ("%d", MAX (percent, 0));

  /* Which firmware it runs now goes on the record. */
  if (!peek_revision (run, &revision, &gone, error))
    return FALSE;
  if (revision != NULL)
    fd_job_message (run->job, _ ("After the failed upgrade the module runs %s."), revision);
  return mfw_fail_named (run, error, "upgrade-failed", 0,
                         _ ("The module reported that its upgrade failed (+MFWUPGRADE: 3) at %s%%. "
                            "This model cannot go back to its old firmware: check which firmware "
                            "it runs now (AT+CGMR) and that the package is made for it before "
                            "trying again, and do not upgrade more modules with this package "
                            "until then."),
                         at);
}

static gboolean
combined_timed_out (MfwRun *run, gboolean *done, gboolean *gone, GError **error)
{
  g_autofree char *revision = NULL;
  g_autofree char *seconds = seconds_text (fd_flow_get_bounds (run->flow)->phase_timeout_ms);
  g_autofree char *state = NULL;

  if (!peek_revision (run, &revision, gone, error))
    return FALSE;
  *done = revision_is_new (run, revision);
  if (*done || *gone)
    return TRUE;
  state = g_strdup (_ ("It may still be upgrading and cannot go back to its old firmware: do "
                       "not power it off; check its firmware revision later."));
  if (revision == NULL)
    return mfw_fail_named (run, error, "timeout", 0,
                           _ ("The module did not finish its upgrade within %s s and does not "
                              "answer. %s"),
                           seconds, state);
  return mfw_fail_named (run, error, "timeout", 0,
                         _ ("The module did not finish its upgrade within %s s and still runs "
                            "%s. %s"),
                         seconds, revision, state);
}

/* The port went away: the module is between two stages. */
static gboolean
follow_reboot (MfwRun *run, gboolean *done, gboolean *gone, GError **error)
{
  g_autofree char *revision = NULL;
  g_autofree char *count = g_strdup_printf ("%u", run->reboots + 1);

  /* Translators: %s counts the restarts: 1, 2, 3… */
  fd_job_message (run->job, _ ("The module restarted (%s) as part of its upgrade; following it."),
                  count);
  *gone = FALSE;
  if (!mfw_reattach (run, error) || !peek_revision (run, &revision, gone, error))
    return FALSE;
  /* Back with the new firmware: the final report came while the port
   * was closed. */
  *done = !*gone && revision_is_new (run, revision);
  if (*done)
    fd_job_message (run->job,
                    _ ("The module came back with new firmware (%s); its final report "
                       "was printed while the port was closed."),
                    revision);
  return TRUE;
}

gboolean
mfw_upgrade_combined (MfwRun *run, GError **error)
{
  gboolean gone = FALSE, done = FALSE;
  int      percent = -1;
  Sent     sent;

  mfw_enter_phase (run, FD_PHASE_UPGRADE);
  fd_job_message (run->job, _ ("The module downloads the package and applies it by itself, "
                               "restarting several times: do not unplug or power it off until "
                               "FotaDesk says it is done."));
  if (!send_upgrade (run, &sent, error))
    return FALSE;
  gone = sent == SENT_GONE;
  while (!done)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *line = NULL;
      FdMfwUpgrade     report;

      if (gone && run->reboots >= MFW_MAX_REBOOTS)
        return mfw_fail_named (run, error, "timeout", 0,
                               _ ("The module keeps restarting (%u times so far) without "
                                  "finishing its upgrade. It cannot go back to its old "
                                  "firmware: do not power it off; check it with the vendor's "
                                  "tools."),
                               run->reboots);
      if (gone)
        {
          if (!follow_reboot (run, &done, &gone, error))
            return FALSE;
          continue;
        }
      if (!mfw_next_urc (run, run->phase_deadline, &line, &local_error))
        {
          if (!is_gone (local_error))
            return mfw_fail (run, error, g_steal_pointer (&local_error),
                             /* Translators: what FotaDesk was doing, shown after “while” */
                             _ ("the module was upgrading"));
          gone = TRUE;
          continue;
        }
      if (line == NULL)
        {
          if (!combined_timed_out (run, &done, &gone, error))
            return FALSE;
          continue;
        }
      if (!fd_at_decode_mfwupgrade (line, &report))
        continue;
      if (report.state == 1 && report.has_process)
        {
          percent = report.process;
          fd_job_progress_percent (run->job, percent);
        }
      else if (report.state == 2)
        {
          run->upgrade_reported = TRUE;
          fd_job_message (run->job, _ ("The module reports the upgrade succeeded "
                                       "(+MFWUPGRADE: 2)."));
          done = TRUE;
        }
      else if (report.state == 3)
        return combined_failed (run, percent, error);
    }
  return TRUE;
}

/* ---- confirm ------------------------------------------------------------ */

static char *
read_revision_after_boot (MfwRun *run, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  for (guint i = 1;; i++)
    {
      char *revision;

      g_clear_error (&local_error);
      revision = fd_flow_read_revision (run->flow, run->cancellable, &local_error);
      if (revision != NULL)
        return revision;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || i >= MFW_CONFIRM_TRIES)
        break;
      /* Rebooted once more: follow it; still booting: give it a moment. */
      if (is_gone (local_error))
        {
          if (!mfw_reattach (run, error))
            return NULL;
        }
      else if (!mfw_pause (run, fd_flow_deadline (quiet_ms (run)), error))
        return NULL;
    }
  mfw_fail (run, error, g_steal_pointer (&local_error),
            /* Translators: what FotaDesk was doing, shown after “while” */
            _ ("reading the firmware revision after the upgrade (AT+CGMR)"));
  return NULL;
}

gboolean
mfw_confirm (MfwRun *run, GError **error)
{
  const char      *old = fd_job_get_old_revision (run->job);
  g_autofree char *revision = NULL;

  mfw_enter_phase (run, FD_PHASE_CONFIRM);
  revision = read_revision_after_boot (run, error);
  if (revision == NULL)
    return FALSE;
  if (old != NULL && g_str_equal (revision, old))
    fd_job_warning (run->job,
                    _ ("The module still reports firmware %s, the revision it had "
                       "before: the package may carry the same revision, or the module "
                       "kept its old firmware. Check the package before upgrading more "
                       "modules."),
                    revision);
  else if (old != NULL)
    fd_job_message (run->job, _ ("The module now runs %s (it ran %s)."), revision, old);
  else
    fd_job_message (run->job, _ ("The module now runs %s."), revision);
  fd_job_set_outcome (run->job, FD_RESULT_SUCCESS, revision);
  return TRUE;
}
