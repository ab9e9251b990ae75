/* fd-flow-mfw-download.c — the module gets the package itself:
 * AT+MFWDLOAD from the configured server, or from a file:// file
 *
 * A download ends with "+MFWDLOAD: 2". "3" then "0" means interrupted and
 * resumable: AT+MFWDLOAD again continues where it stopped (a bounded
 * number of times, with a growing pause). "3" alone means the partial
 * package is unusable: AT+MFWERASE, configure again, start over once.
 * The manual gives no time for telling the two apart, so a "3" waits
 * config->resume_grace_ms for its "0".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-at-decoders.h"
#include "fd-flow-mfw-private.h"
#include "fd-redact.h"

#define MFW_MAX_RESUMES 5
#define MFW_BACKOFF_FIRST_MS 1000
#define MFW_BACKOFF_MAX_MS 16000
/* With progind 0 the module reports only at the end: ask now and then,
 * so that a lost final report does not cost the whole phase bound. */
#define MFW_QUIET_POLL_MS 30000

typedef enum
{
  DL_DONE,
  DL_RESUMABLE,
  DL_FAILED, /* "3" alone */
} DlOutcome;

static guint
resume_grace_ms (MfwRun *run)
{
  return run->config->resume_grace_ms != 0 ? run->config->resume_grace_ms
                                           : FD_MFW_RESUME_GRACE_DEFAULT_MS;
}

static void
note_progress (MfwRun *run, const FdMfwDload *dload)
{
  if (dload->has_dlength)
    run->done_bytes = dload->dlength;
  if (dload->has_total)
    run->total_bytes = dload->total;
  /* Without <total> the size is unknown: the progress is in bytes. */
  fd_job_progress (run->job, run->done_bytes, dload->has_total ? dload->total : 0);
}

/* "3": resumable if a "0" follows within the grace time. */
static gboolean
wait_for_resumable (MfwRun *run, DlOutcome *outcome, GError **error)
{
  gint64 deadline = fd_flow_deadline (resume_grace_ms (run));

  for (;;)
    {
      g_autofree char *line = NULL;
      FdMfwDload       dload;

      if (!mfw_next_urc (run, deadline, &line, error))
        return FALSE;
      if (line == NULL)
        {
          *outcome = DL_FAILED;
          return TRUE;
        }
      if (fd_at_decode_mfwdload (line, &dload) && dload.state == 0)
        {
          if (dload.has_dlength)
            note_progress (run, &dload);
          *outcome = DL_RESUMABLE;
          return TRUE;
        }
    }
}

/* One decoded state; TRUE with *@ended when the attempt is over. */
static gboolean
handle_state (MfwRun *run, const FdMfwDload *dload, gboolean from_query, gboolean *ended,
              DlOutcome *outcome, GError **error)
{
  *ended = TRUE;
  switch (dload->state)
    {
    case 1:
      note_progress (run, dload);
      *ended = FALSE;
      return TRUE;
    case 2:
      note_progress (run, dload);
      if (run->total_bytes == 0)
        run->total_bytes = run->done_bytes;
      *outcome = DL_DONE;
      return TRUE;
    case 0:
      *outcome = DL_RESUMABLE;
      return TRUE;
    case 3:
    default:
      /* The query tells the state as it is: no "0" will follow. */
      if (from_query)
        {
          *outcome = DL_FAILED;
          return TRUE;
        }
      return wait_for_resumable (run, outcome, error);
    }
}

/* AT+MFWDLOAD? — where the download stands; FALSE only when the module
 * does not answer (or went away); a module error leaves *@known FALSE. */
static gboolean
query_state (MfwRun *run, FdMfwDload *dload, gboolean *known, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *line
      = fd_flow_query (run->flow, "AT+MFWDLOAD?", "+MFWDLOAD:", run->cancellable, &local_error);

  *known = FALSE;
  if (line != NULL)
    {
      *known = fd_at_decode_mfwdload (line, dload);
      return TRUE;
    }
  if (local_error->domain == FD_SERIAL_ERROR || local_error->domain == G_IO_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
download_timed_out (MfwRun *run, GError **error)
{
  g_autofree char *seconds
      = g_strdup_printf ("%u", fd_flow_get_bounds (run->flow)->phase_timeout_ms / 1000);

  g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
               _ ("The download did not finish within the phase bound of %s s"), seconds);
  return FALSE;
}

/* Follows one attempt until "2", "0", or a "3" that turns out final. */
static gboolean
follow_download (MfwRun *run, DlOutcome *outcome, GError **error)
{
  gint64 next_poll = fd_flow_deadline (MFW_QUIET_POLL_MS);

  for (;;)
    {
      g_autofree char *line = NULL;
      FdMfwDload       dload;
      gboolean         ended = FALSE, known = FALSE;

      if (!mfw_next_urc (run, MIN (run->phase_deadline, next_poll), &line, error))
        return FALSE;
      if (line != NULL)
        {
          if (!fd_at_decode_mfwdload (line, &dload))
            continue;
          next_poll = fd_flow_deadline (MFW_QUIET_POLL_MS);
          if (!handle_state (run, &dload, FALSE, &ended, outcome, error))
            return FALSE;
        }
      else
        {
          /* Quiet for a while, or out of time: ask before deciding. */
          if (!query_state (run, &dload, &known, error))
            return FALSE;
          if (known && !handle_state (run, &dload, TRUE, &ended, outcome, error))
            return FALSE;
          if (!ended && g_get_monotonic_time () >= run->phase_deadline)
            return download_timed_out (run, error);
          next_poll = fd_flow_deadline (MFW_QUIET_POLL_MS);
        }
      if (ended)
        return TRUE;
    }
}

/* After "3" alone or CME 855: the partial package must go first. */
static gboolean
erase_and_reconfigure (MfwRun *run, const char *why, GError **error)
{
  run->done_bytes = 0;
  return mfw_erase (run, why, error) && mfw_send_config (run, error);
}

static gboolean
start_download (MfwRun *run, GError **error)
{
  g_autoptr (GPtrArray) lines = NULL;

  fd_flow_drop_urcs (run->flow);
  lines = fd_flow_command (run->flow, "AT+MFWDLOAD", 0, run->cancellable, error);
  return lines != NULL;
}

static gboolean
resume_after_pause (MfwRun *run, guint attempt, guint *backoff_ms, GError **error)
{
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, run->done_bytes);
  g_autofree char *pause = g_strdup_printf ("%u", *backoff_ms / 1000);

  if (attempt > MFW_MAX_RESUMES)
    {
      g_autofree char *state = NULL;

      state = g_strdup_printf ("%u", MFW_MAX_RESUMES);
      return mfw_fail_named (run, error, "download-failed", 0,
                             /* Translators: how many resumes, then how many bytes the module
                              * holds */
                             _ ("The module's download was interrupted again after %s resumes "
                                "(+MFWDLOAD: 3, then 0): the connection between the module and "
                                "the server keeps breaking. Check the module's signal and the "
                                "server, then start again: the download continues from the "
                                "%s bytes the module has. Nothing was flashed."),
                             state, bytes);
    }
  fd_job_message (run->job,
                  _ ("The download was interrupted after %s bytes (+MFWDLOAD: 3, then "
                     "0): resuming in %s s."),
                  bytes, pause);
  if (!mfw_pause (run, MIN (fd_flow_deadline (*backoff_ms), run->phase_deadline), error))
    return FALSE;
  *backoff_ms = MIN (*backoff_ms * 2, MFW_BACKOFF_MAX_MS);
  return TRUE;
}

static gboolean
failed_again (MfwRun *run, GError **error)
{
  g_autofree char *state = NULL;

  run->done_bytes = 0;
  state = g_strdup (_ ("Nothing was flashed: the module still runs its old firmware."));
  return mfw_fail_named (run, error, "download-failed", 0,
                         _ ("The module could not download the package (+MFWDLOAD: 3), again "
                            "after erasing it and starting over. Check that the URL is right, "
                            "that the server has the file and is reachable from the module's "
                            "network (and the login, for FTP), then try again. %s"),
                         state);
}

gboolean
mfw_download_from_server (MfwRun *run, GError **error)
{
  g_autofree char *shown = fd_redact_secrets (run->config->url);
  guint            backoff_ms = MFW_BACKOFF_FIRST_MS;
  guint            resumes = 0;
  gboolean         erased = FALSE;

  mfw_enter_phase (run, FD_PHASE_DOWNLOAD);
  fd_job_message (run->job, _ ("The module downloads the package from %s"), shown);
  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      DlOutcome outcome = DL_FAILED;

      if (!start_download (run, &local_error))
        {
          /* 855: a failed download is still stored and blocks a new one. */
          if (!erased && g_error_matches (local_error, FD_CME_ERROR, 855))
            {
              erased = TRUE;
              if (!erase_and_reconfigure (run,
                                          _ ("The module still holds a failed download "
                                             "(+CME ERROR: 855): erasing it first."),
                                          error))
                return FALSE;
              continue;
            }
          return mfw_fail (run, error, g_steal_pointer (&local_error),
                           /* Translators: what FotaDesk was doing, shown after “while” */
                           _ ("starting the download (AT+MFWDLOAD)"));
        }
      if (!follow_download (run, &outcome, &local_error))
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         /* Translators: what FotaDesk was doing, shown after “while” */
                         _ ("the module was downloading the package"));
      switch (outcome)
        {
        case DL_DONE:
          {
            g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, run->done_bytes);

            fd_job_message (run->job, _ ("The module downloaded the package (%s bytes)."), bytes);
            return TRUE;
          }
        case DL_RESUMABLE:
          if (!resume_after_pause (run, ++resumes, &backoff_ms, error))
            return FALSE;
          break;
        case DL_FAILED:
        default:
          if (erased)
            return failed_again (run, error);
          erased = TRUE;
          if (!erase_and_reconfigure (run,
                                      _ ("The download failed and cannot be resumed "
                                         "(+MFWDLOAD: 3 without a 0): erasing the partial "
                                         "package and starting over."),
                                      error))
            return FALSE;
          break;
        }
    }
}

gboolean
mfw_take_module_file (MfwRun *run, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gint64 deadline;

  mfw_enter_phase (run, FD_PHASE_DOWNLOAD);
  fd_job_message (run->job, _ ("The module takes the package from its own file %s"),
                  run->config->url);
  if (!start_download (run, &local_error))
    return mfw_fail (run, error, g_steal_pointer (&local_error),
                     /* Translators: what FotaDesk was doing, shown after “while” */
                     _ ("taking the module's file (AT+MFWDLOAD)"));

  /* The manual's example shows only OK; a module that reports anyway
   * is followed. */
  deadline = fd_flow_deadline (resume_grace_ms (run));
  for (;;)
    {
      g_autofree char *line = NULL;
      FdMfwDload       dload;
      gboolean         ended = FALSE;
      DlOutcome        outcome = DL_DONE;

      if (!mfw_next_urc (run, deadline, &line, &local_error))
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         /* Translators: what FotaDesk was doing, shown after “while” */
                         _ ("the module was taking its file"));
      if (line == NULL)
        break;
      if (!fd_at_decode_mfwdload (line, &dload))
        continue;
      if (!handle_state (run, &dload, FALSE, &ended, &outcome, &local_error))
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         _ ("the module was taking its file"));
      if (!ended && !follow_download (run, &outcome, &local_error))
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         _ ("the module was taking its file"));
      if (outcome != DL_DONE)
        return mfw_fail_named (run, error, "download-failed", 0,
                               _ ("The module could not take the package from its file %s "
                                  "(+MFWDLOAD: %d). Check the path on the module. Nothing was "
                                  "flashed: it still runs its old firmware."),
                               run->config->url, dload.state);
      break;
    }
  fd_job_message (run->job, _ ("The module took the package from %s."), run->config->url);
  return TRUE;
}
