/* fd-flow-rsfota-restart.c — the RSFOTA flow around the module's restarts:
 * seeing one happen, finding the module again, confirming the revision,
 * the result report; and the flow's shared failure helpers
 *
 * An M5311 sits behind a UART bridge: when it restarts the port usually
 * stays and the module prints boot lines; on USB the port goes and comes
 * back. Signs of a restart, any of which will do: the port going away,
 * a boot line, a result-report URC (the report runs only after a start),
 * the revision changing, or the module going quiet for a probe and then
 * answering again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-at-parser.h"
#include "fd-error-table.h"
#include "fd-flow-rsfota-private.h"
#include "fd-identify.h"

/* While waiting for a restart, the module is asked AT+CGMR after this
 * much quiet: a module without boot lines shows its restart by going
 * quiet, then answering (maybe with a new revision). */
#define PROBE_INTERVAL_MS 5000
/* A probe is a short command: a starting module does not answer. */
#define PROBE_TIMEOUT_MS 2000
/* Between two probes that were answered with an error at once. */
#define PROBE_PAUSE_MS 200
/* Port flapping while it comes back: give up after this many. */
#define MAX_REATTACHES 5
/* Another module on the port: look again after this long. */
#define OTHER_MODULE_PAUSE_MS 1000
/* A module that answers AT again may still be starting (SIM, network):
 * it has settled once it printed nothing for this long … */
#define SETTLE_QUIET_MS 1000
/* … or after this long in any case. */
#define SETTLE_MAX_MS 15000

void
fd_rsfota_run_clear (FdRsfotaRun *run)
{
  g_clear_pointer (&run->confirmed, g_free);
  g_clear_pointer (&run->held, g_free);
}

gboolean
fd_rsfota_next_urc (FdRsfotaRun *run, gint64 deadline_us, char **line, GError **error)
{
  if (run->held != NULL)
    {
      *line = g_steal_pointer (&run->held);
      return TRUE;
    }
  return fd_flow_next_urc (run->flow, deadline_us, line, run->cancellable, error);
}

void
fd_rsfota_drop_urcs (FdRsfotaRun *run)
{
  g_clear_pointer (&run->held, g_free);
  fd_flow_drop_urcs (run->flow);
}

char *
fd_rsfota_format_duration (guint ms)
{
  guint s = (ms + 999) / 1000;

  if (s < 120)
    /* Translators: a duration quoted in messages (“within %s”) */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", s), s);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", (s + 59) / 60),
                          (s + 59) / 60);
}

/* The first line a module prints as it starts (from the parser's list
 * of boot lines). Later ones such as "+CPIN: READY" do not count: they
 * trail a restart that was already seen, and would fake the next one. */
gboolean
fd_rsfota_is_boot_line (const char *line)
{
  static const char *const boot[] = { "RDY", "^SYSSTART", "^BOOT" };

  for (gsize i = 0; i < G_N_ELEMENTS (boot); i++)
    {
      if (g_ascii_strcasecmp (line, boot[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

void
fd_rsfota_enter_phase (FdRsfotaRun *run, FdPhase phase)
{
  if (run->phase == phase)
    return;
  run->phase = phase;
  fd_job_enter_phase (run->job, phase);
}

void
fd_rsfota_report_seen (FdRsfotaRun *run, int event)
{
  g_autofree char *meaning = NULL;

  run->report_event = event;
  if (event == 1)
    {
      fd_job_message (run->job, _ ("The module reported the upgrade result to the OneNET "
                                   "platform (+RSFOTA:-1,1)."));
      return;
    }
  meaning = fd_error_table_describe (FD_ERROR_SOURCE_RSFOTA, -10 + event);
  fd_job_warning (run->job, "%s", meaning);
}

/* Numbers as strings: gettext cannot see through G_GUINT64_FORMAT. */
static char *
describe_download (FdRsfotaRun *run)
{
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, run->bytes);
  g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, run->total);
  int              percent = run->total > 0 ? (int)(run->bytes * 100 / run->total) : 0;

  if (run->total == 0)
    /* Translators: where the FOTA run stood, a clause inside messages */
    return g_strdup (_ ("the download had started"));
  if (run->paused)
    /* Translators: where the FOTA run stood, a clause inside messages */
    return g_strdup_printf (_ ("the download was paused at %s of %s bytes, %d%%"), bytes, total,
                            percent);
  /* Translators: where the FOTA run stood, a clause inside messages */
  return g_strdup_printf (_ ("the download had reached %s of %s bytes, %d%%"), bytes, total,
                          percent);
}

char *
fd_rsfota_describe_stage (FdRsfotaRun *run)
{
  if (run->confirmed != NULL)
    /* Translators: where the FOTA run stood, a clause inside messages */
    return g_strdup_printf (_ ("the upgrade was confirmed: the module runs %s"), run->confirmed);
  switch (run->stage)
    {
    case FD_RSFOTA_STAGE_CHECKED:
      /* Translators: where the FOTA run stood, a clause inside messages */
      return g_strdup (_ ("the platform had offered a package; the download had not started"));
    case FD_RSFOTA_STAGE_DOWNLOAD:
      return describe_download (run);
    case FD_RSFOTA_STAGE_DOWNLOADED:
      /* Translators: where the FOTA run stood, a clause inside messages */
      return g_strdup (_ ("the package was downloaded; the upgrade had not started"));
    case FD_RSFOTA_STAGE_UPGRADE:
      /* Translators: where the FOTA run stood, a clause inside messages */
      return g_strdup (_ ("the module was applying the package"));
    case FD_RSFOTA_STAGE_UPGRADED:
      /* Translators: where the FOTA run stood, a clause inside messages */
      return g_strdup (_ ("the module had applied the package and was restarting"));
    case FD_RSFOTA_STAGE_NONE:
    default:
      /* Translators: where the FOTA run stood, a clause inside messages */
      return g_strdup (_ ("the module had reported no FOTA progress yet"));
    }
}

gboolean
fd_rsfota_fail (FdRsfotaRun *run, const char *name, int code, GError **error, const char *format,
                ...)
{
  g_autofree char *message = NULL;
  GQuark           domain = G_IO_ERROR;
  int              error_code = G_IO_ERROR_FAILED;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (g_str_equal (name, "timeout") || g_str_equal (name, "reattach-timeout"))
    domain = FD_SERIAL_ERROR, error_code = FD_SERIAL_ERROR_TIMEOUT;
  else if (g_str_equal (name, "unplugged"))
    domain = FD_SERIAL_ERROR, error_code = FD_SERIAL_ERROR_GONE;
  else if (g_str_equal (name, "busy"))
    domain = FD_SERIAL_ERROR, error_code = FD_SERIAL_ERROR_BUSY;
  else if (g_str_equal (name, "module-error"))
    domain = FD_AT_ERROR, error_code = FD_AT_ERROR_ERROR;
  fd_job_set_failure (run->job, name, code);
  g_set_error_literal (error, domain, error_code, message);
  return FALSE;
}

gboolean
fd_rsfota_fail_transport (FdRsfotaRun *run, GError *cause, const char *doing, GError **error)
{
  g_autofree char *state = fd_rsfota_describe_stage (run);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   /* Translators: what FotaDesk was doing, then where the FOTA
                    * run stood */
                   _ ("Cancelled while %s (%s). The module may carry on with its FOTA run by "
                      "itself: do not switch it off while it applies a package."),
                   doing, state);
      return FALSE;
    }
  if (g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
    return fd_rsfota_fail (run, "unplugged", 0, error,
                           /* Translators: what FotaDesk was doing, then where the FOTA run
                            * stood */
                           _ ("The module's port went away while %s (%s). Check its cable and "
                              "power, plug it back in and run the job again: the module tells "
                              "where its FOTA run stands."),
                           doing, state);
  if (g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    return fd_rsfota_fail (run, "timeout", 0, error,
                           /* Translators: what FotaDesk was doing, where the FOTA run stood,
                            * then the error */
                           _ ("The module stopped answering while %s (%s): %s"), doing, state,
                           cause->message);
  if (cause->domain == FD_SERIAL_ERROR)
    {
      /* Busy, permission, I/O: the job names them from the error. */
      /* Translators: what FotaDesk was doing, where the FOTA run stood,
       * then the error */
      g_set_error (error, cause->domain, cause->code, _ ("While %s (%s): %s"), doing, state,
                   cause->message);
      return FALSE;
    }
  return fd_rsfota_fail (run, "module-error", cause->domain == FD_CME_ERROR ? cause->code : 0,
                         /* Translators: what FotaDesk was doing, where the FOTA run stood,
                          * then the module's answer */
                         error, _ ("The module answered an error while %s (%s): %s"), doing, state,
                         cause->message);
}

/* ---- the module answering again ----------------------------------------- */

static gboolean
is_transport_failure (const GError *error)
{
  return error->domain == FD_SERIAL_ERROR
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static guint
probe_timeout (FdRsfotaRun *run)
{
  return MIN (fd_flow_get_bounds (run->flow)->command_timeout_ms, PROBE_TIMEOUT_MS);
}

/* A restarted module has echo on again. */
static gboolean
echo_off (FdRsfotaRun *run, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) reply = fd_flow_command (run->flow, "ATE0", 0, run->cancellable, &local);

  if (reply != NULL || !is_transport_failure (local))
    return TRUE; /* an ERROR to ATE0 is survivable: the session copes with echo */
  /* Translators: what FotaDesk was doing, shown after “while” */
  return fd_rsfota_fail_transport (run, local, _ ("turning echo off after the restart"), error);
}

/* A short pause that still notices cancellation and a vanished port. */
static gboolean
pause_briefly (FdRsfotaRun *run, GError **error)
{
  FdAtSession *session = fd_flow_get_session (run->flow);
  guint        n_urcs;

  if (session == NULL)
    return TRUE;
  return fd_at_session_wait_urcs (session, PROBE_PAUSE_MS, &n_urcs, run->cancellable, error);
}

static gboolean await_answer (FdRsfotaRun *run, guint depth, GError **error);

static gboolean
reattach (FdRsfotaRun *run, guint depth, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (depth >= MAX_REATTACHES)
    return fd_rsfota_fail (run, "reattach-timeout", 0, error,
                           _ ("The module's port kept going away while it restarted (%u times). "
                              "Check its cable and power."),
                           depth);
  if (fd_flow_reattach (run->flow, run->cancellable, &local))
    return TRUE;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return fd_rsfota_fail_transport (run, local, _ ("waiting for the module to come back"), error);
  /* The port is back but the module is still starting (ATE0 unanswered),
   * or it went again: keep at it. */
  if (fd_flow_get_session (run->flow) != NULL
      && (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT)
          || g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE)))
    return await_answer (run, depth + 1, error);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
await_answer (FdRsfotaRun *run, guint depth, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  gint64              deadline = fd_flow_deadline (bounds->reattach_timeout_ms);

  for (;;)
    {
      g_autoptr (GError) local = NULL;
      g_autoptr (GPtrArray) reply
          = fd_flow_command (run->flow, "AT", probe_timeout (run), run->cancellable, &local);

      if (reply != NULL)
        return echo_off (run, error);
      if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
        return reattach (run, depth + 1, error);
      if (is_transport_failure (local)
          && !g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
        /* Translators: what FotaDesk was doing, shown after “while” */
        return fd_rsfota_fail_transport (run, local, _ ("waiting for the module to start"), error);
      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *bound = fd_rsfota_format_duration (bounds->reattach_timeout_ms);

          return fd_rsfota_fail (run, "reattach-timeout", 0, error,
                                 _ ("The module restarted but did not answer AT within %s. "
                                    "Power-cycle it and check its firmware revision."),
                                 bound);
        }
      /* An ERROR comes at once: do not hammer a module that is starting. */
      g_clear_error (&local);
      if (!pause_briefly (run, &local))
        {
          if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
            return reattach (run, depth + 1, error);
          return fd_rsfota_fail_transport (run, local, _ ("waiting for the module to start"),
                                           error);
        }
    }
}

gboolean
fd_rsfota_await_answer (FdRsfotaRun *run, GError **error)
{
  return await_answer (run, 0, error);
}

/* Waits @ms, noticing cancellation every tenth of a second. */
static gboolean
sleep_cancellable (FdRsfotaRun *run, guint ms, GError **error)
{
  for (guint slept = 0; slept < ms; slept += 100)
    {
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      g_usleep (100 * 1000);
    }
  return TRUE;
}

/* A port path can come back with another device behind it (a pty
 * number reused, another module plugged into the socket): only the same
 * IMEI is the module of this job. */
gboolean
fd_rsfota_reattach (FdRsfotaRun *run, GError **error)
{
  const char *expected = fd_job_get_imei (run->job);
  guint       bound_ms = fd_flow_get_bounds (run->flow)->reattach_timeout_ms;
  gint64      deadline = fd_flow_deadline (bound_ms);
  gboolean    told = FALSE;

  fd_job_message (run->job, _ ("The module's port went away: waiting for the module to come "
                               "back."));
  for (;;)
    {
      g_autofree char *imei = NULL;
      g_autoptr (GError) local = NULL;
      g_auto (FdIdentity) identity = { 0 };

      if (!reattach (run, 0, error))
        return FALSE;
      if (!fd_identify_imei (fd_flow_get_session (run->flow),
                             fd_flow_get_bounds (run->flow)->command_timeout_ms, &identity,
                             run->cancellable, &local))
        {
          /* Gone again or silent while still restarting: that is part of
           * the reboot, not an unplug; keep waiting within the bound. */
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_get_monotonic_time () >= deadline ||
              !(g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE) ||
                g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT)))
            /* Translators: what FotaDesk was doing, shown after “while” */
            return fd_rsfota_fail_transport (run, local, _ ("checking the module's IMEI"), error);
          g_clear_error (&local);
          fd_flow_close (run->flow);
          if (!sleep_cancellable (run, OTHER_MODULE_PAUSE_MS, &local))
            return fd_rsfota_fail_transport (run, local,
                                             _ ("waiting for the module to come back"), error);
          continue;
        }
      imei = g_steal_pointer (&identity.imei);
      if (expected == NULL || imei == NULL || g_str_equal (imei, expected))
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *bound = fd_rsfota_format_duration (bound_ms);

          return fd_rsfota_fail (run, "reattach-timeout", 0, error,
                                 _ ("The module did not come back within %s: another module "
                                    "(IMEI %s) answers on %s. Check which module is plugged "
                                    "in where."),
                                 bound, imei, fd_flow_get_port (run->flow));
        }
      if (!told)
        fd_job_message (run->job,
                        _ ("Another module (IMEI %s) answers on %s: still waiting "
                           "for this one (IMEI %s)."),
                        imei, fd_flow_get_port (run->flow), expected);
      told = TRUE;
      fd_flow_close (run->flow);
      if (!sleep_cancellable (run, OTHER_MODULE_PAUSE_MS, &local))
        return fd_rsfota_fail_transport (run, local, _ ("waiting for the module to come back"),
                                         error);
    }
}

/* ---- waiting for a restart ---------------------------------------------- */

typedef enum
{
  PROBE_NOT_YET,
  PROBE_RESTARTED,
  PROBE_BACK,
  PROBE_FAILED
} Probe;

/* Asks the revision: a new one, or an answer after a silence, means the
 * module restarted. */
static Probe
probe (FdRsfotaRun *run, gboolean *went_quiet, GError **error)
{
  const char *old = fd_job_get_old_revision (run->job);
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) reply
      = fd_flow_command (run->flow, "AT+CGMR", probe_timeout (run), run->cancellable, &local);
  g_autofree char *revision = NULL;

  if (reply != NULL)
    {
      if (reply->len > 0)
        revision = fd_at_info_value (g_ptr_array_index (reply, 0), "CGMR");
      if (*went_quiet || (old != NULL && revision != NULL && strcmp (old, revision) != 0))
        return PROBE_RESTARTED;
      return PROBE_NOT_YET;
    }
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    {
      *went_quiet = TRUE;
      return PROBE_NOT_YET;
    }
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
    return fd_rsfota_reattach (run, error) ? PROBE_BACK : PROBE_FAILED;
  if (is_transport_failure (local))
    {
      /* Translators: what FotaDesk was doing, shown after “while” */
      fd_rsfota_fail_transport (run, local, _ ("waiting for the module to restart"), error);
      return PROBE_FAILED;
    }
  return PROBE_NOT_YET; /* an ERROR from a module that is starting */
}

gboolean
fd_rsfota_wait_restart (FdRsfotaRun *run, guint timeout_ms, const char *why, const char *advice,
                        GError **error)
{
  gint64   deadline = fd_flow_deadline (timeout_ms);
  gboolean went_quiet = FALSE;

  for (;;)
    {
      gint64 slice = MIN (deadline, fd_flow_deadline (PROBE_INTERVAL_MS));
      g_autoptr (GError) local = NULL;
      g_autofree char *line = NULL;
      FdRsfotaUrc      urc;

      if (fd_rsfota_next_urc (run, slice, &line, &local))
        {
          if (fd_at_decode_rsfota (line, &urc) && urc.state == -1)
            fd_rsfota_report_seen (run, urc.event);
          else if (!fd_rsfota_is_boot_line (line))
            continue;
          return fd_rsfota_await_answer (run, error);
        }
      if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
        return fd_rsfota_reattach (run, error);
      if (!g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
        return fd_rsfota_fail_transport (run, local, _ ("waiting for the module to restart"),
                                         error);
      if (g_get_monotonic_time () >= deadline)
        {
          g_autofree char *bound = fd_rsfota_format_duration (timeout_ms);

          return fd_rsfota_fail (run, "timeout", 0, error,
                                 /* Translators: what the restart is for (“into the new
                                  * firmware”), how long FotaDesk waited (“10 minutes”),
                                  * then advice */
                                 _ ("The module showed no sign of restarting %s within %s. %s"),
                                 why, bound,
                                 advice != NULL ? advice
                                                : _ ("Power-cycle it, then check its firmware "
                                                     "revision."));
        }
      switch (probe (run, &went_quiet, error))
        {
        case PROBE_RESTARTED:
          return echo_off (run, error);
        case PROBE_BACK:
          return TRUE;
        case PROBE_FAILED:
          return FALSE;
        case PROBE_NOT_YET:
        default:
          break;
        }
    }
}

/* ---- after the restart -------------------------------------------------- */

gboolean
fd_rsfota_settle (FdRsfotaRun *run, GError **error)
{
  gint64 give_up = fd_flow_deadline (SETTLE_MAX_MS);

  for (;;)
    {
      gint64 quiet_until = MIN (give_up, fd_flow_deadline (SETTLE_QUIET_MS));
      g_autoptr (GError) local = NULL;
      g_autofree char *line = NULL;
      FdRsfotaUrc      urc;

      if (!fd_rsfota_next_urc (run, quiet_until, &line, &local))
        {
          if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
            return TRUE;
          if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
            return fd_rsfota_reattach (run, error);
          return fd_rsfota_fail_transport (run, local, _ ("waiting for the module to start"),
                                           error);
        }
      if (fd_at_decode_rsfota (line, &urc))
        {
          if (urc.state != -1)
            {
              run->held = g_steal_pointer (&line);
              return TRUE;
            }
          fd_rsfota_report_seen (run, urc.event);
        }
      if (g_get_monotonic_time () >= give_up)
        return TRUE;
    }
}

gboolean
fd_rsfota_read_revision (FdRsfotaRun *run, char **revision, GError **error)
{
  g_autoptr (GError) local = NULL;

  *revision = fd_flow_read_revision (run->flow, run->cancellable, &local);
  if (*revision != NULL)
    return TRUE;
  if (is_transport_failure (local))
    return fd_rsfota_fail_transport (run, local, _ ("reading the firmware revision"), error);
  return fd_rsfota_fail (run, "module-error", local->domain == FD_CME_ERROR ? local->code : 0,
                         error, _ ("The module did not tell its firmware revision: %s"),
                         local->message);
}

/* The report starts first_rep seconds after the module started. */
static guint
report_bound (FdRsfotaRun *run)
{
  const FdRsfotaConfig *config = run->config;
  guint64 first_rep = config->has_first_rep ? config->first_rep : FD_RSFOTA_DEFAULT_FIRST_REP;
  guint64 ms = (MIN (first_rep, G_MAXUINT32) + FD_RSFOTA_REPORT_MARGIN_S) * 1000;

  return (guint)MIN (ms, (guint64)fd_flow_get_bounds (run->flow)->phase_timeout_ms);
}

gboolean
fd_rsfota_wait_report (FdRsfotaRun *run, GError **error)
{
  guint  bound_ms = report_bound (run);
  gint64 deadline = fd_flow_deadline (bound_ms);

  fd_rsfota_enter_phase (run, FD_PHASE_REPORT);
  while (run->report_event < 0)
    {
      g_autoptr (GError) local = NULL;
      g_autofree char *line = NULL;
      FdRsfotaUrc      urc;

      if (fd_rsfota_next_urc (run, deadline, &line, &local))
        {
          if (fd_at_decode_rsfota (line, &urc) && urc.state == -1)
            fd_rsfota_report_seen (run, urc.event);
          continue;
        }
      if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
        {
          g_autofree char *bound = fd_rsfota_format_duration (bound_ms);

          fd_job_message (run->job,
                          _ ("The module has not reported the result to the OneNET "
                             "platform within %s; it does so by itself (first_rep "
                             "seconds after it starts, retried after a failure)."),
                          bound);
          return TRUE;
        }
      if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
        {
          fd_job_message (run->job, _ ("The module's port went away while FotaDesk waited for "
                                       "its result report; the upgrade itself is confirmed."));
          return TRUE;
        }
      /* Translators: what FotaDesk was doing, shown after “while” */
      return fd_rsfota_fail_transport (run, local, _ ("waiting for the result report"), error);
    }
  return TRUE;
}
