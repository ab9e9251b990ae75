/* fd-flow-rsfota-settings.c — the RSFOTA flow's configure phase
 *
 * Settings live in the module's flash and act only after a restart, so
 * they are read first (AT+RSFOTAMODE?, and AT+RSREPMODE? which is not
 * documented and may answer ERROR), written only when they differ, and
 * then the module is restarted (the model's reboot command, or the user
 * power-cycles it) and the settings are read back. The lines written are
 * the ones fd_rsfota_config_build_commands() builds; what they would
 * write is compared by reading their numbers back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-at-parser.h"
#include "fd-flow-rsfota-private.h"

#define MODE_READ "AT+RSFOTAMODE?"
#define MODE_WRITE "AT+RSFOTAMODE="
#define REP_READ "AT+RSREPMODE?"
#define REP_WRITE "AT+RSREPMODE="

/* The numbers of a built command, "AT+RSFOTAMODE=0,1,60,600" → 0 1 60 600. */
static gboolean
command_numbers (const char *line, const char *head, guint64 *values, guint max, guint *n)
{
  g_auto (GStrv) parts = g_strsplit (line + strlen (head), ",", -1);

  *n = g_strv_length (parts);
  if (*n == 0 || *n > max)
    return FALSE;
  for (guint i = 0; i < *n; i++)
    {
      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXUINT64, &values[i], NULL))
        return FALSE;
    }
  return TRUE;
}

/* Whether the module already holds what @line would write. */
static gboolean
mode_matches (const char *line, const FdRsfotaMode *now)
{
  guint64 v[4];
  guint   n;

  if (!command_numbers (line, MODE_WRITE, v, 4, &n))
    return FALSE;
  if (v[0] != (guint64)now->mode || (n >= 2 && v[1] != (guint64)now->log))
    return FALSE;
  if (n == 4)
    return now->has_checks && v[2] == now->first_check && v[3] == now->auto_check;
  return TRUE;
}

/* AT+RSREPMODE? has no documented read form: FALSE with *@known FALSE
 * when the module does not answer it with three numbers. */
static gboolean
read_rep (FdRsfotaRun *run, guint64 values[3], gboolean *known, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *reply
      = fd_flow_query (run->flow, REP_READ, "+RSREPMODE:", run->cancellable, &local);
  g_autofree char *name = NULL;
  g_auto (GStrv) args = NULL;

  *known = FALSE;
  if (reply == NULL)
    {
      if (local->domain == FD_SERIAL_ERROR
          || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: what FotaDesk was doing, shown after “while” */
        return fd_rsfota_fail_transport (run, local, _ ("reading the report settings"), error);
      return TRUE;
    }
  if (!fd_at_split_info (reply, &name, &args) || g_strv_length (args) != 3)
    return TRUE;
  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_string_to_unsigned (args[i], 10, 0, G_MAXUINT64, &values[i], NULL))
        return TRUE;
    }
  *known = TRUE;
  return TRUE;
}

/* *@known: the module read its report settings back at all. */
static gboolean
rep_matches (FdRsfotaRun *run, const char *line, gboolean *known, gboolean *matches, GError **error)
{
  guint64 want[3], have[3];
  guint   n;

  *matches = FALSE;
  if (!read_rep (run, have, known, error))
    return FALSE;
  if (*known && command_numbers (line, REP_WRITE, want, 3, &n) && n == 3)
    *matches = memcmp (want, have, sizeof want) == 0;
  return TRUE;
}

/* A module without the FOTA firmware does not know AT+RSFOTAMODE. */
static gboolean
no_rsfota_support (FdRsfotaRun *run, GError *cause, GError **error)
{
  if (cause != NULL
      && (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE)))
    /* Translators: what FotaDesk was doing, shown after “while” */
    return fd_rsfota_fail_transport (run, cause, _ ("reading the FOTA settings"), error);
  return fd_rsfota_fail (
      run,
      cause != NULL && g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT)
          ? "timeout"
          : "module-error",
      0, error,
      /* Translators: %s says how the module answered AT+RSFOTAMODE? */
      _ ("%s: it has no RSFOTA support. The M5311 needs the OneNET FOTA "
         "firmware for this dialect; flash that firmware first, or upgrade "
         "the module in the dialect it answers."),
      cause != NULL ? cause->message : _ ("The module gave no usable answer to AT+RSFOTAMODE?"));
}

static gboolean
read_mode (FdRsfotaRun *run, FdRsfotaMode *mode, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *reply
      = fd_flow_query (run->flow, MODE_READ, "+RSFOTAMODE:", run->cancellable, &local);

  if (reply == NULL || !fd_at_decode_rsfotamode (reply, mode))
    return no_rsfota_support (run, local, error);
  if (mode->mode < 0 || mode->mode > 2)
    return fd_rsfota_fail (run, "module-error", 0, error,
                           _ ("The module reports FOTA mode %d, which the manual does not "
                              "define (0, 1 or 2). Check its FOTA firmware."),
                           mode->mode);
  return TRUE;
}

static gboolean
send_setting (FdRsfotaRun *run, const char *line, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) reply = fd_flow_command (run->flow, line, 0, run->cancellable, &local);

  if (reply != NULL)
    return TRUE;
  if (local->domain == FD_SERIAL_ERROR || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: what FotaDesk was doing, shown after “while” */
    return fd_rsfota_fail_transport (run, local, _ ("writing the FOTA settings"), error);
  return fd_rsfota_fail (run, "module-error", local->domain == FD_CME_ERROR ? local->code : 0,
                         error,
                         /* Translators: %s is the module's refusal of a setting */
                         _ ("%s. Check the values against the manual of its FOTA "
                            "firmware."),
                         local->message);
}

/* Settings act after a restart: the model's reboot command, or a
 * power-cycle by the user, then wait for the module to come back. */
static gboolean
restart_for_settings (FdRsfotaRun *run, GError **error)
{
  const FdFlowBounds *bounds = fd_flow_get_bounds (run->flow);
  g_autofree char    *command = fd_model_dup_reboot_command (run->model);
  g_autofree char    *bound = fd_rsfota_format_duration (bounds->reattach_timeout_ms);
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) reply = NULL;

  if (command != NULL)
    {
      fd_job_message (run->job,
                      _ ("Restarting the module with %s so that it applies the new "
                         "settings."),
                      command);
      reply = fd_flow_command (run->flow, command, 0, run->cancellable, &local);
      if (reply == NULL && g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
        return fd_rsfota_reattach (run, error);
      if (reply == NULL && !g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
        {
          if (local->domain == FD_SERIAL_ERROR
              || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            /* Translators: what FotaDesk was doing, shown after “while” */
            return fd_rsfota_fail_transport (run, local, _ ("restarting the module"), error);
          fd_job_warning (run->job, _ ("The module refused the reboot command %s (%s)."), command,
                          local->message);
          g_clear_pointer (&command, g_free);
        }
      /* No answer at all: some modules restart before they say OK. */
    }
  if (command == NULL)
    fd_job_warning (run->job,
                    _ ("The module applies the new settings only after a restart, and "
                       "no reboot command is set for %s: power-cycle the module now "
                       "(switch its power off and on again). FotaDesk waits up to %s "
                       "for it to come back."),
                    fd_model_get_name (run->model), bound);
  /* Translators: what the restart is for (“restarting %s”) */
  return fd_rsfota_wait_restart (run, bounds->reattach_timeout_ms, _ ("to apply the new settings"),
                                 NULL, error)
         && fd_rsfota_settle (run, error);
}

/* After the restart the module must report what was written. */
static gboolean
verify_settings (FdRsfotaRun *run, const char *mode_line, const char *rep_line, GError **error)
{
  if (!read_mode (run, &run->settings, error))
    return FALSE;
  if (mode_line != NULL && !mode_matches (mode_line, &run->settings))
    return fd_rsfota_fail (run, "module-error", 0, error,
                           _ ("After the restart the module reports its FOTA settings as "
                              "mode %d, log %d instead of what %s wrote: it did not keep them. "
                              "Check its FOTA firmware."),
                           run->settings.mode, run->settings.log, mode_line);
  if (rep_line != NULL)
    {
      gboolean known, matches;

      /* Unreadable (the usual case) is not a mismatch: nothing to compare. */
      if (!rep_matches (run, rep_line, &known, &matches, error))
        return FALSE;
      if (!known)
        fd_job_message (run->job,
                        _ ("The module does not read back its report settings (%s "
                           "is not documented): they are taken as written."),
                        REP_READ);
      else if (!matches)
        return fd_rsfota_fail (run, "module-error", 0, error,
                               _ ("After the restart the module's report settings differ from "
                                  "what %s wrote: it did not keep them."),
                               rep_line);
    }
  fd_job_message (run->job,
                  _ ("The module restarted and reports the new settings: mode %d, "
                     "log %d."),
                  run->settings.mode, run->settings.log);
  return TRUE;
}

gboolean
fd_rsfota_apply_settings (FdRsfotaRun *run, GError **error)
{
  g_auto (GStrv) lines = NULL;
  const char *mode_line = NULL;
  const char *rep_line = NULL;

  if (!read_mode (run, &run->settings, error))
    return FALSE;
  lines = fd_rsfota_config_build_commands (run->config, run->model, error);
  if (lines == NULL)
    return FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean matches = TRUE;

      if (g_str_has_prefix (lines[i], MODE_WRITE))
        {
          if (!mode_matches (lines[i], &run->settings))
            mode_line = lines[i];
        }
      else if (g_str_has_prefix (lines[i], REP_WRITE))
        {
          gboolean known;

          if (!rep_matches (run, lines[i], &known, &matches, error))
            return FALSE;
          if (!known)
            fd_job_message (run->job,
                            _ ("The module does not read back its report settings "
                               "(%s is not documented): the ones set for this job "
                               "are written."),
                            REP_READ);
          if (!matches)
            rep_line = lines[i];
        }
    }
  if (mode_line == NULL && rep_line == NULL)
    {
      if (lines[0] != NULL)
        fd_job_message (run->job,
                        _ ("The module's FOTA settings already are as asked (mode %d, "
                           "log %d): nothing to write."),
                        run->settings.mode, run->settings.log);
      else
        fd_job_message (run->job, _ ("The module runs FOTA mode %d, log %d."), run->settings.mode,
                        run->settings.log);
      return TRUE;
    }
  if ((mode_line != NULL && !send_setting (run, mode_line, error))
      || (rep_line != NULL && !send_setting (run, rep_line, error)))
    return FALSE;
  fd_job_message (run->job, _ ("FOTA settings written to the module's flash; they apply after "
                               "its next restart."));
  return restart_for_settings (run, error) && verify_settings (run, mode_line, rep_line, error);
}
