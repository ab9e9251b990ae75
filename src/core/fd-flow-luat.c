/* fd-flow-luat.c — dialect C (Luat / AirM2M AT+UPGRADE): the upgrade flow
 *
 * configure: each tag the configuration sets is read first
 *            (AT+UPGRADE="<tag>") and written only when it differs;
 * trigger:   AT+UPGRADE, unless the user chose to only configure;
 * follow:    download, restart, burn, restart (fd-flow-luat-follow.c);
 * confirm:   AT+CGMR against the revision before the job;
 * report:    +UPGRADEVER: 1|0, whether the module told its server.
 *
 * The KEY is a secret: it is never put in a message, its read goes
 * through fd_flow_query_redacted() (the module may hold another product's
 * key, which the job's redaction does not know), and every error of a
 * command that carried it is redacted before anyone sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-error-table.h"
#include "fd-errors.h"
#include "fd-flow-luat-private.h"
#include "fd-redact.h"

/* The longest wait for +UPGRADEVER: 1|0 once the new firmware runs (the
 * phase bound when that is shorter): the line may have been lost. */
#define REPORT_WAIT_MS (60 * 1000)
/* AT+CGMR tries after a restart: the module may still be settling. */
#define REVISION_ATTEMPTS 3

const FdPhase fd_luat_flow_phases[] = {
  FD_PHASE_CONFIGURE, FD_PHASE_UPGRADE, FD_PHASE_REBOOT, FD_PHASE_CONFIRM, FD_PHASE_REPORT,
};
const gsize fd_luat_flow_n_phases = G_N_ELEMENTS (fd_luat_flow_phases);

/* A string that may be a KEY: wiped before it is freed. */
typedef char FdLuatSecret;

static void
secret_free (FdLuatSecret *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdLuatSecret, secret_free)

static gboolean
is_fatal (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
}

/* The same error with any secret in its message hidden (session errors
 * quote the command they were about). */
static void
propagate_redacted (GError **error, GError *local, const char *prefix)
{
  g_autofree char *message = fd_redact_secrets (local->message);

  if (prefix != NULL)
    g_set_error (error, local->domain, local->code, "%s%s", prefix, message);
  else
    g_set_error_literal (error, local->domain, local->code, message);
  g_error_free (local);
}

/* ---- configure ------------------------------------------------------------ */

/* Splits a built AT+UPGRADE="<TAG>",<value>,<savetoNV> line. The value
 * may hold commas (a URL); savetoNV is always the last field. */
static gboolean
split_set_line (const char *line, char **tag, FdLuatSecret **value)
{
  static const char head[] = "AT+UPGRADE=\"";
  const char       *start, *end, *last;
  gsize             len;

  if (!g_str_has_prefix (line, head))
    return FALSE;
  start = line + strlen (head);
  end = strchr (start, '"');
  if (end == NULL || end[1] != ',' || (last = strrchr (end + 2, ',')) == NULL)
    return FALSE;
  *tag = g_strndup (start, end - start);
  start = end + 2;
  len = last - start;
  if (len >= 2 && start[0] == '"' && start[len - 1] == '"')
    *value = g_strndup (start + 1, len - 2);
  else
    *value = g_strndup (start, len);
  return TRUE;
}

static gboolean
is_numeric_tag (const char *tag)
{
  return g_str_equal (tag, "AUTO") || g_str_equal (tag, "PERIOD");
}

static gboolean
tag_value_equal (const char *tag, const char *current, const char *wanted)
{
  guint64 a, b;

  if (is_numeric_tag (tag))
    return g_ascii_string_to_unsigned (current, 10, 0, G_MAXUINT64, &a, NULL)
           && g_ascii_string_to_unsigned (wanted, 10, 0, G_MAXUINT64, &b, NULL) && a == b;
  return g_strcmp0 (current, wanted) == 0;
}

/* The module's value of @tag in *@value, or NULL when it would not say. */
static gboolean
read_tag (FdFlow *flow, const char *tag, FdLuatSecret **value, GCancellable *cancellable,
          GError **error)
{
  g_autofree char *command = g_strdup_printf ("AT+UPGRADE=\"%s\"", tag);
  g_autoptr (FdLuatSecret) line = NULL;
  g_autoptr (FdLuatSecret) got = NULL;
  g_autofree char *got_tag = NULL;
  g_autoptr (GError) local = NULL;

  *value = NULL;
  if (g_str_equal (tag, "KEY"))
    line = fd_flow_query_redacted (flow, command, "+UPGRADE:", cancellable, &local);
  else
    line = fd_flow_query (flow, command, "+UPGRADE:", cancellable, &local);
  if (line == NULL && is_fatal (local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (line != NULL && fd_at_decode_upgrade_tag (line, &got_tag, &got)
      && g_strcmp0 (got_tag, tag) == 0)
    *value = g_steal_pointer (&got);
  else
    fd_job_message (fd_flow_get_job (flow),
                    /* Translators: %s is a setting of AT+UPGRADE, such as URL or KEY */
                    _ ("The module did not say its current %s: it is set without comparing."), tag);
  return TRUE;
}

static gboolean
write_tag (FdFlow *flow, const char *tag, const char *line, GCancellable *cancellable,
           GError **error)
{
  g_autoptr (GPtrArray) lines = NULL;
  GError          *local = NULL;
  g_autofree char *prefix = NULL;

  lines = fd_flow_command (flow, line, 0, cancellable, &local);
  if (lines != NULL)
    {
      /* Translators: %s is a setting of AT+UPGRADE, such as URL or KEY */
      fd_job_message (fd_flow_get_job (flow), _ ("%s set."), tag);
      return TRUE;
    }
  if (!is_fatal (local))
    {
      fd_job_set_failure (fd_flow_get_job (flow), "module-error",
                          local->domain == FD_CME_ERROR ? local->code : 0);
      /* Translators: %s is a setting of AT+UPGRADE, such as URL; the
       * module's answer follows */
      prefix = g_strdup_printf (_ ("The module refused the %s setting: "), tag);
    }
  propagate_redacted (error, local, prefix);
  return FALSE;
}

/* One configure line: read the tag, write it only when it differs. */
static gboolean
configure_line (FdFlow *flow, const char *line, GCancellable *cancellable, GError **error)
{
  g_autofree char *tag = NULL;
  g_autoptr (FdLuatSecret) wanted = NULL;
  g_autoptr (FdLuatSecret) current = NULL;

  if (!split_set_line (line, &tag, &wanted))
    return write_tag (flow, "AT+UPGRADE", line, cancellable, error);
  if (!read_tag (flow, tag, &current, cancellable, error))
    return FALSE;
  if (current != NULL && tag_value_equal (tag, current, wanted))
    {
      /* Translators: %s is a setting of AT+UPGRADE, such as URL or KEY */
      fd_job_message (fd_flow_get_job (flow), _ ("%s is already set as wanted: not sent again."),
                      tag);
      return TRUE;
    }
  return write_tag (flow, tag, line, cancellable, error);
}

static gboolean
configure (FdFlow *flow, GStrv commands, GCancellable *cancellable, GError **error)
{
  for (guint i = 0; commands[i] != NULL; i++)
    {
      if (!configure_line (flow, commands[i], cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- confirm and report ------------------------------------------------- */

/* Sleeps @ms unless cancelled first (FALSE then). */
static gboolean
sleep_cancellable (guint ms, GCancellable *cancellable, GError **error)
{
  GPollFD pfd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pfd))
    {
      pfd.events = G_IO_IN;
      g_poll (&pfd, 1, (int)MIN (ms, G_MAXINT));
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong)ms * 1000);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* AT+CGMR, tried a few times: right after a restart the module may still
 * be settling. A lost port is "unplugged", with what the module had done. */
static char *
confirm_revision (FdLuatRun *run, GError **error)
{
  g_autoptr (GError) local = NULL;

  for (guint i = 0; i < REVISION_ATTEMPTS; i++)
    {
      char *revision;

      g_clear_error (&local);
      revision = fd_flow_read_revision (run->flow, run->cancellable, &local);
      if (revision != NULL)
        return revision;
      if (is_fatal (local))
        break;
      if (i + 1 < REVISION_ATTEMPTS
          && !sleep_cancellable (run->poll_quiet_ms, run->cancellable, error))
        return NULL;
    }
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE) && run->version != NULL)
    g_prefix_error (&local,
                    _ ("The module announced firmware %s, but went away before it "
                       "could be read back: "),
                    run->version);
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

/* Waits (bounded) for +UPGRADEVER: 1|0. Nothing here undoes the upgrade,
 * so a lost line, a lost port or a cancel only ends the wait. */
static void
wait_report (FdLuatRun *run)
{
  guint  wait_ms = MIN (run->phase_ms, REPORT_WAIT_MS);
  gint64 deadline = fd_flow_deadline (wait_ms);

  while (!run->has_report)
    {
      g_autoptr (GError) local = NULL;
      g_autofree char *line = NULL;
      FdUpgradeVer     ver = { 0 };

      if (!fd_flow_next_urc (run->flow, deadline, &line, run->cancellable, &local))
        {
          if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
            fd_job_warning (run->job,
                            _ ("The module did not say whether it reported the upgrade to its "
                               "server (no +UPGRADEVER: 1 or 0 within %u s). The upgrade itself "
                               "is done."),
                            (wait_ms + 999) / 1000);
          else
            fd_job_warning (run->job,
                            _ ("FotaDesk stopped waiting for the module to say whether it "
                               "reported the upgrade to its server (%s). The upgrade itself is "
                               "done."),
                            local->message);
          return;
        }
      if (fd_at_decode_upgradever (line, &ver) && ver.is_report)
        {
          run->has_report = TRUE;
          run->report_ok = ver.report_ok;
        }
      fd_upgrade_ver_clear (&ver);
    }
}

static gboolean
finish_success (FdLuatRun *run, GError **error)
{
  const char *old = fd_job_get_old_revision (run->job);

  fd_luat_run_enter (run, FD_PHASE_CONFIRM);
  if (run->revision == NULL && (run->revision = confirm_revision (run, error)) == NULL)
    return FALSE;
  if (run->version != NULL && g_strcmp0 (run->version, run->revision) != 0)
    fd_job_warning (run->job, _ ("The module announced firmware %s, but AT+CGMR answers %s."),
                    run->version, run->revision);
  if (g_strcmp0 (old, run->revision) == 0)
    fd_job_warning (run->job,
                    _ ("The module finished the upgrade but still runs %s, the firmware it ran "
                       "before. Check the package on the upgrade server."),
                    run->revision);
  else
    fd_job_message (run->job, _ ("The module now runs %s (before: %s)."), run->revision,
                    old != NULL ? old : _ ("unknown"));

  fd_luat_run_enter (run, FD_PHASE_REPORT);
  if (!run->has_report)
    wait_report (run);
  if (run->has_report && !run->report_ok)
    fd_job_warning (run->job,
                    _ ("The module could not report the upgrade to its server "
                       "(+UPGRADEVER: 0). The new firmware runs; the server may still list "
                       "the old version until the module reports again."));
  fd_job_set_outcome (run->job, FD_RESULT_SUCCESS, run->revision);
  return TRUE;
}

/* Cause 27: "already the latest", which the module cannot tell apart
 * from the upgrade switch being off or the IMEI missing on the platform. */
static gboolean
finish_up_to_date (FdLuatRun *run, GError **error)
{
  g_autofree char *meaning = fd_error_table_describe (FD_ERROR_SOURCE_FOTA_CAUSE, 27);
  g_autofree char *revision = NULL;

  fd_luat_run_enter (run, FD_PHASE_CONFIRM);
  revision = confirm_revision (run, error);
  if (revision == NULL)
    return FALSE;
  fd_job_message (run->job, _ ("%s (The module's result: error %d, HTTP status %d, cause %d.)"),
                  meaning, run->result.error_code, run->result.http_status, run->result.fota_cause);
  fd_job_set_outcome (run->job, FD_RESULT_UP_TO_DATE, revision);
  return TRUE;
}

/* ---- the flow ------------------------------------------------------------ */

static gboolean
trigger_run (FdLuatRun *run, const char *trigger, GError **error)
{
  g_autoptr (GPtrArray) lines = NULL;
  GError         *local = NULL;
  FdUpgradeStatus status;
  gboolean        answered;

  /* Boot lines from before would pass for a restart of this run. */
  fd_flow_drop_urcs (run->flow);
  lines = fd_flow_command (run->flow, trigger, 0, run->cancellable, &local);
  if (lines != NULL)
    {
      fd_job_message (run->job, _ ("Upgrade started: the module asks its server for new "
                                   "firmware."));
      return TRUE;
    }
  /* Gone before its answer: the module may have started and restarted,
   * or lost its cable. Following it (across a restart) tells which. */
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
    {
      fd_job_message (run->job, _ ("The module's port went away as the upgrade was being "
                                   "started: following the module to see what it does."));
      g_error_free (local);
      return TRUE;
    }
  if (is_fatal (local) || local->domain == FD_SERIAL_ERROR)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  /* Refused: the module's own automatic check may be running one. */
  if (!fd_luat_run_query_status (run, &status, &answered, error))
    {
      g_error_free (local);
      return FALSE;
    }
  if (answered && status.state == 1)
    {
      g_error_free (local);
      fd_job_message (run->job, _ ("The module is already upgrading (its automatic check "
                                   "started it): following that upgrade."));
      return TRUE;
    }
  fd_job_set_failure (run->job, "module-error", local->domain == FD_CME_ERROR ? local->code : 0);
  g_propagate_prefixed_error (error, local, _ ("The module refused to start the upgrade: "));
  return FALSE;
}

/* The record must stay true: the module goes on without FotaDesk. */
static void
warn_left_running (FdLuatRun *run)
{
  g_autofree char *state = fd_luat_run_describe (run);

  if (run->stage == FD_LUAT_STAGE_DONE)
    return;
  fd_job_warning (run->job,
                  /* Translators: %s is a sentence saying where the upgrade stood */
                  _ ("%s FotaDesk stopped following it, but the module carries on by itself. "
                     "Do not unplug it or cut its power for a few minutes; then scan it to see "
                     "which firmware it runs."),
                  state);
}

static gboolean
follow_run (FdFlow *flow, const char *trigger, GCancellable *cancellable, GError **error)
{
  g_auto (FdLuatRun) run = { 0 };
  g_autoptr (GError) local = NULL;

  fd_luat_run_init (&run, flow, cancellable);
  if (!trigger_run (&run, trigger, error))
    return FALSE;
  if (!fd_luat_run_follow (&run, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        warn_left_running (&run);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (run.up_to_date)
    return finish_up_to_date (&run, error);
  return finish_success (&run, error);
}

/* Only the settings were wanted: confirm what runs and say so. */
static gboolean
finish_configured (FdFlow *flow, GCancellable *cancellable, GError **error)
{
  FdJob           *job = fd_flow_get_job (flow);
  g_autofree char *revision = NULL;

  fd_job_enter_phase (job, FD_PHASE_CONFIRM);
  revision = fd_flow_read_revision (flow, cancellable, error);
  if (revision == NULL)
    return FALSE;
  fd_job_message (job,
                  _ ("No upgrade was started, as chosen: only the settings were written. "
                     "The module runs %s."),
                  revision);
  fd_job_set_outcome (job, FD_RESULT_SUCCESS, revision);
  return TRUE;
}

gboolean
fd_luat_flow_run (FdFlow *flow, const FdLuatConfig *config, const FdModel *model,
                  GCancellable *cancellable, GError **error)
{
  g_auto (GStrv) commands = fd_luat_config_build_commands (config, model, error);
  g_autofree char *trigger = fd_luat_config_get_trigger_command (config);
  gboolean         ok;

  if (commands == NULL)
    return FALSE;
  ok = configure (flow, commands, cancellable, error);
  /* The built lines hold the KEY. */
  for (guint i = 0; commands[i] != NULL; i++)
    memset (commands[i], 0, strlen (commands[i]));
  if (!ok)
    return FALSE;
  if (trigger == NULL)
    return finish_configured (flow, cancellable, error);
  return follow_run (flow, trigger, cancellable, error);
}
