/* fd-flow-mfw-write.c — FotaDesk writes the package over the serial port
 *
 * Hex: AT+MFWDLOAD=<offset>,<len>,"<hex>" per piece of at most 512 bytes,
 * in order, quoted unless the model's row (or the user) says otherwise.
 * Passthrough: AT+MFWDLOAD=0,<size> and the whole package as raw bytes,
 * as the manual's examples do; a module that refuses more than 512 bytes
 * gets pieces of 512 at increasing offsets instead. When all bytes went
 * out but no final OK came, AT+MFWCHECK (where the model has it) decides
 * whether the module has them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-flow-mfw-private.h"

#define MFW_PIECE_MAX 512

static char *
format_size (gsize value)
{
  return g_strdup_printf ("%" G_GSIZE_FORMAT, value);
}

static gboolean
write_timed_out (MfwRun *run, GError **error)
{
  g_autofree char *seconds
      = g_strdup_printf ("%u", fd_flow_get_bounds (run->flow)->phase_timeout_ms / 1000);

  g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
               _ ("The package write did not finish within the phase bound of %s s"), seconds);
  return FALSE;
}

/* ---- hex ------------------------------------------------------------- */

gboolean
mfw_write_hex (MfwRun *run, GError **error)
{
  gsize            size;
  const guint8    *data = g_bytes_get_data (run->package, &size);
  gboolean         quoted = fd_model_get_hex_quoted (run->model);
  g_autofree char *shown = format_size (size);

  mfw_enter_phase (run, FD_PHASE_WRITE);
  run->total_bytes = size;
  run->done_bytes = 0;
  fd_job_message (run->job, _ ("Writing the package (%s bytes) in hex pieces of up to 512 bytes"),
                  shown);
  for (gsize offset = 0; offset < size;)
    {
      gsize            n = MIN (MFW_PIECE_MAX, size - offset);
      g_autofree char *command = fd_mfw_hex_write_command (offset, data + offset, n, quoted);
      g_autoptr (GError) local_error = NULL;
      g_autoptr (GPtrArray) lines = NULL;

      if (g_get_monotonic_time () >= run->phase_deadline)
        write_timed_out (run, &local_error);
      else
        {
          run->sent_bytes = n;
          lines = fd_flow_command (run->flow, command, 0, run->cancellable, &local_error);
        }
      if (lines == NULL)
        return mfw_fail (run, error, g_steal_pointer (&local_error),
                         /* Translators: what FotaDesk was doing, shown after “while” */
                         _ ("writing the package in hex pieces"));
      offset += n;
      run->done_bytes = offset;
      run->sent_bytes = 0;
      fd_job_progress (run->job, offset, size);
    }
  fd_job_message (run->job, _ ("Wrote the package (%s bytes)."), shown);
  return TRUE;
}

/* ---- passthrough ----------------------------------------------------- */

/* One raw write under way: progress, and the phase bound, which the
 * session cannot know, enforced by cancelling a child cancellable. */
typedef struct
{
  MfwRun       *run;
  GCancellable *guard;
  gulong        chained_id;
  gsize         offset; /* of the piece */
  gsize         sent;   /* of the piece */
  gboolean      timed_out;
} RawWrite;

static void
cancel_guard (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
raw_write_init (RawWrite *w, MfwRun *run)
{
  *w = (RawWrite){ .run = run, .guard = g_cancellable_new () };
  if (run->cancellable != NULL)
    w->chained_id
        = g_cancellable_connect (run->cancellable, G_CALLBACK (cancel_guard), w->guard, NULL);
}

static void
raw_write_clear (RawWrite *w)
{
  if (w->chained_id != 0)
    g_cancellable_disconnect (w->run->cancellable, w->chained_id);
  g_clear_object (&w->guard);
}

static void
on_raw_progress (gsize written, gsize total, gpointer user_data)
{
  RawWrite *w = user_data;

  w->sent = written;
  w->run->sent_bytes = written;
  fd_job_progress (w->run->job, w->offset + written, w->run->total_bytes);
  if (!w->timed_out && g_get_monotonic_time () >= w->run->phase_deadline)
    {
      w->timed_out = TRUE;
      g_cancellable_cancel (w->guard);
    }
}

/* AT+MFWDLOAD=<offset>,<len>, then the bytes, then the final result. */
static gboolean
write_piece (RawWrite *w, gsize offset, gsize len, GError **error)
{
  MfwRun          *run = w->run;
  const guint8    *data = g_bytes_get_data (run->package, NULL);
  g_autofree char *command = fd_mfw_passthrough_command (offset, len);
  FdAtSession     *session = fd_flow_get_session (run->flow);
  gboolean         ok;

  if (session == NULL)
    {
      g_set_error_literal (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE,
                           _ ("The module's port is not open"));
      return FALSE;
    }
  w->offset = offset;
  w->sent = 0;
  run->in_passthrough = TRUE;
  ok = fd_at_session_write_raw (session, command, data + offset, len, run->command_ms,
                                run->command_ms, on_raw_progress, w, w->guard, error);
  /* The module ended it (OK or its error): it is out of passthrough. */
  if (ok || (*error)->domain == FD_CME_ERROR || (*error)->domain == FD_AT_ERROR)
    run->in_passthrough = FALSE;
  if (ok)
    {
      run->done_bytes = offset + len;
      run->sent_bytes = 0;
    }
  return ok;
}

static gboolean
write_pieces (RawWrite *w, GError **error)
{
  gsize size = (gsize)w->run->total_bytes;

  for (gsize offset = 0; offset < size; offset += MFW_PIECE_MAX)
    {
      if (!write_piece (w, offset, MIN (MFW_PIECE_MAX, size - offset), error))
        return FALSE;
    }
  return TRUE;
}

/* The module answered an error before taking any byte of a write
 * longer than 512: the manual's len ≤ 512 may apply to it. */
static gboolean
refused_whole (const RawWrite *w, const GError *error)
{
  return w->run->total_bytes > MFW_PIECE_MAX && w->sent == 0
         && (error->domain == FD_CME_ERROR
             || g_error_matches (error, FD_AT_ERROR, FD_AT_ERROR_ERROR));
}

typedef enum
{
  UNSETTLED,
  SETTLED_COMPLETE,
  SETTLED_MISMATCH, /* the failure is named and set */
} Settled;

/* Every byte went out and the module said nothing: ask it for the
 * checksum of what it stored before deciding. */
static Settled
settle_by_checksum (RawWrite *w, const GError *write_error, GError **error)
{
  MfwRun          *run = w->run;
  FdMfwVerify      verify = run->verify != FD_MFW_VERIFY_NONE ? run->verify : FD_MFW_VERIFY_SHA256;
  g_autofree char *expected = NULL;
  g_autofree char *reported = NULL;
  g_autoptr (GError) check_error = NULL;
  gboolean same = FALSE;
  gsize    stored = w->offset + w->sent;

  if (!g_error_matches (write_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT) || w->timed_out
      || w->sent == 0 || stored < (gsize)run->total_bytes
      || fd_model_supports (run->model, FD_CAP_MFWCHECK) != FD_SUPPORT_YES)
    return UNSETTLED;
  fd_job_message (run->job, _ ("No final OK came after the passthrough write: asking the module "
                               "for the stored package's checksum (AT+MFWCHECK) before "
                               "deciding."));
  expected = mfw_package_checksum (run, verify, stored);
  if (!mfw_check_stored (run, verify, expected, &same, &reported, &check_error))
    {
      fd_job_message (run->job, _ ("The module did not give the checksum either: %s"),
                      check_error->message);
      return UNSETTLED;
    }
  run->in_passthrough = FALSE;
  if (same)
    {
      run->done_bytes = stored;
      run->sent_bytes = 0;
    }
  if (same)
    {
      fd_job_message (run->job,
                      /* Translators: %s is a checksum algorithm: MD5, SHA-1 or SHA-256 */
                      _ ("The module's %s matches the bytes written: the write is "
                         "complete."),
                      mfw_verify_label (verify));
      return SETTLED_COMPLETE;
    }
  mfw_fail_named (run, error, "checksum-mismatch", 0,
                  _ ("The module did not confirm the passthrough write, and its %s of the stored "
                     "package (%s) does not match the bytes written (%s). Nothing was flashed: "
                     "it still runs its old firmware. Write the package again with “erase "
                     "first”."),
                  mfw_verify_label (verify), reported, expected);
  return SETTLED_MISMATCH;
}

gboolean
mfw_write_passthrough (MfwRun *run, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize            size = g_bytes_get_size (run->package);
  g_autofree char *shown = format_size (size);
  RawWrite         w;
  gboolean         ok;

  mfw_enter_phase (run, FD_PHASE_WRITE);
  run->total_bytes = size;
  run->done_bytes = 0;
  raw_write_init (&w, run);
  fd_job_message (run->job, _ ("Writing the package (%s bytes) in one passthrough write"), shown);
  ok = write_piece (&w, 0, size, &local_error);
  if (!ok && refused_whole (&w, local_error))
    {
      fd_job_message (run->job,
                      _ ("The module refused the whole package in one passthrough "
                         "write (%s): writing it in pieces of 512 bytes at increasing "
                         "offsets instead."),
                      local_error->message);
      g_clear_error (&local_error);
      ok = write_pieces (&w, &local_error);
    }
  if (!ok)
    {
      switch (settle_by_checksum (&w, local_error, error))
        {
        case SETTLED_COMPLETE:
          ok = TRUE;
          break;
        case SETTLED_MISMATCH:
          raw_write_clear (&w);
          return FALSE;
        case UNSETTLED:
        default:
          break;
        }
    }
  if (!ok && w.timed_out && !g_cancellable_is_cancelled (run->cancellable))
    {
      g_clear_error (&local_error);
      write_timed_out (run, &local_error);
    }
  raw_write_clear (&w);
  if (!ok)
    return mfw_fail (run, error, g_steal_pointer (&local_error),
                     /* Translators: what FotaDesk was doing, shown after “while” */
                     _ ("writing the package over the serial port"));
  fd_job_message (run->job, _ ("Wrote the package (%s bytes)."), shown);
  return TRUE;
}
