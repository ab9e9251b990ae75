/* fd-flow.c — shared machinery of the dialect flows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-flow.h"
#include "fd-at-parser.h"
#include "fd-redact.h"
#include "fd-transcript.h"

/* How often a module that rebooted is looked for on its old path. */
#define REATTACH_POLL_MS 200
#define REATTACH_BUSY_RETRY_MS 50

struct _FdFlow
{
  FdJob             *job;
  char              *port_path;
  FdFlowBounds       bounds;
  FdSerialPort      *port;
  FdAtSession       *session;
  GQueue             urcs;
  FdFlowReattachFunc reattach;
  gpointer           reattach_data;
  FdAtTranscriptFunc transcript;
  gpointer           transcript_data;
  /* fd_flow_query_redacted(): the exchange, held back per direction */
  gboolean           holding;
  GByteArray        *held[2];
  gint64             held_ms[2];
};

void
fd_flow_bounds_init (FdFlowBounds *bounds)
{
  bounds->baud = 115200;
  bounds->command_timeout_ms = 5 * 1000;
  bounds->phase_timeout_ms = 10 * 60 * 1000;
  bounds->reattach_timeout_ms = 10 * 60 * 1000;
}

FdFlow *
fd_flow_new (FdJob *job, const char *port, const FdFlowBounds *bounds)
{
  FdFlow *self = g_new0 (FdFlow, 1);

  self->job = g_object_ref (job);
  self->port_path = g_strdup (port);
  if (bounds != NULL)
    self->bounds = *bounds;
  else
    fd_flow_bounds_init (&self->bounds);
  g_queue_init (&self->urcs);
  return self;
}

void
fd_flow_close (FdFlow *self)
{
  g_clear_object (&self->session);
  if (self->port != NULL)
    fd_serial_port_close (self->port);
  g_clear_object (&self->port);
}

void
fd_flow_free (FdFlow *self)
{
  if (self == NULL)
    return;
  fd_flow_close (self);
  g_queue_clear_full (&self->urcs, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    g_clear_pointer (&self->held[i], g_byte_array_unref);
  g_object_unref (self->job);
  g_free (self->port_path);
  g_free (self);
}

void
fd_flow_set_reattach_func (FdFlow *self, FdFlowReattachFunc func, gpointer user_data)
{
  self->reattach = func;
  self->reattach_data = user_data;
}

void
fd_flow_set_transcript_func (FdFlow *self, FdAtTranscriptFunc func, gpointer user_data)
{
  self->transcript = func;
  self->transcript_data = user_data;
}

FdJob *
fd_flow_get_job (FdFlow *self)
{
  return self->job;
}

const FdFlowBounds *
fd_flow_get_bounds (FdFlow *self)
{
  return &self->bounds;
}

const char *
fd_flow_get_port (FdFlow *self)
{
  return self->port_path;
}

FdAtSession *
fd_flow_get_session (FdFlow *self)
{
  return self->session;
}

gint64
fd_flow_deadline (guint timeout_ms)
{
  return g_get_monotonic_time () + (gint64) timeout_ms * 1000;
}

/* Every URC is kept for the flow and shown to people (secrets hidden). */
static void
on_urc (FdAtSession *session, const char *line, gint64 time_ms, gpointer user_data)
{
  FdFlow *self = user_data;
  g_autofree char *redacted = fd_redact_secrets (line);
  /* Boot noise is not text: people and JSON get \xHH for such bytes. */
  g_autofree char *shown = fd_transcript_render_text ((const guint8 *) redacted,
                                                      strlen (redacted));

  g_queue_push_tail (&self->urcs, g_strdup (line));
  fd_job_urc (self->job, shown);
}

static void
on_transcript (FdAtSession  *session,
               FdAtDirection direction,
               const guint8 *data,
               gsize         len,
               gint64        time_ms,
               gpointer      user_data)
{
  FdFlow *self = user_data;

  if (self->holding && direction != FD_AT_DIRECTION_NOTE)
    {
      if (self->held[direction] == NULL)
        self->held[direction] = g_byte_array_new ();
      if (self->held[direction]->len == 0)
        self->held_ms[direction] = time_ms;
      g_byte_array_append (self->held[direction], data, len);
      return;
    }
  if (self->transcript != NULL)
    self->transcript (session, direction, data, len, time_ms, self->transcript_data);
}

/* ATE0 within the command bound. A module that answers ERROR (still
 * starting, or one that does not know ATE0) is used anyway: the session
 * copes with echo. Only a silent, gone or cancelled port fails. */
static gboolean
echo_off (FdFlow *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) lines = fd_at_session_command (self->session, "ATE0",
                                                      self->bounds.command_timeout_ms,
                                                      cancellable, &local);

  if (lines != NULL)
    return TRUE;
  if (local->domain == FD_SERIAL_ERROR || local->domain == G_IO_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  fd_at_session_note (self->session, "ATE0 refused: going on with echo handling");
  return TRUE;
}

/* A port that came back may be held for a moment by a neighbour's probe
 * (a batch on bridges looks for its modules by IMEI). */
#define OPEN_PATIENCE_MS 3000

gboolean
fd_flow_open (FdFlow *self, GCancellable *cancellable, GError **error)
{
  fd_flow_close (self);
  self->port = fd_serial_port_open_patiently (self->port_path, self->bounds.baud,
                                              OPEN_PATIENCE_MS, cancellable, error);
  if (self->port == NULL)
    return FALSE;
  self->session = fd_at_session_new (self->port);
  fd_at_session_set_urc_handler (self->session, on_urc, self, NULL);
  fd_at_session_set_transcript_handler (self->session, on_transcript, self, NULL);
  return echo_off (self, cancellable, error);
}

static gboolean
require_session (FdFlow *self, GError **error)
{
  if (self->session != NULL)
    return TRUE;
  g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE,
               _("The port %s is not open"), self->port_path);
  return FALSE;
}

GPtrArray *
fd_flow_command (FdFlow       *self,
                 const char   *command,
                 guint         timeout_ms,
                 GCancellable *cancellable,
                 GError      **error)
{
  if (!require_session (self, error))
    return NULL;
  return fd_at_session_command (self->session, command,
                                timeout_ms > 0 ? timeout_ms : self->bounds.command_timeout_ms,
                                cancellable, error);
}

char *
fd_flow_query (FdFlow       *self,
               const char   *command,
               const char   *prefix,
               GCancellable *cancellable,
               GError      **error)
{
  if (!require_session (self, error))
    return NULL;
  return fd_at_session_query (self->session, command, prefix, self->bounds.command_timeout_ms,
                              cancellable, error);
}

/* Hands the held exchange to the transcript as whole lines, with the
 * secrets fd_redact_secrets() knows hidden, and wipes it. */
static void
release_held (FdFlow *self, FdAtSession *session)
{
  for (guint d = FD_AT_DIRECTION_TX; d <= FD_AT_DIRECTION_RX; d++)
    {
      GByteArray *held = self->held[d];

      if (held == NULL || held->len == 0)
        continue;
      if (self->transcript != NULL && memchr (held->data, '\0', held->len) == NULL)
        {
          g_autofree char *text = g_strndup ((const char *) held->data, held->len);
          g_autofree char *shown = fd_redact_secrets (text);

          self->transcript (session, d, (const guint8 *) shown, strlen (shown),
                            self->held_ms[d], self->transcript_data);
          memset (text, 0, strlen (text));
        }
      else if (self->transcript != NULL)
        {
          g_autofree char *note = g_strdup_printf ("%u bytes not recorded: they may hold a secret",
                                                   held->len);

          self->transcript (session, FD_AT_DIRECTION_NOTE, (const guint8 *) note, strlen (note),
                            self->held_ms[d], self->transcript_data);
        }
      memset (held->data, 0, held->len);
      g_byte_array_set_size (held, 0);
    }
}

char *
fd_flow_query_redacted (FdFlow       *self,
                        const char   *command,
                        const char   *prefix,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(FdAtSession) session = NULL;
  char *line;

  if (!require_session (self, error))
    return NULL;
  session = g_object_ref (self->session);
  self->holding = TRUE;
  line = fd_at_session_query (session, command, prefix, self->bounds.command_timeout_ms,
                              cancellable, error);
  self->holding = FALSE;
  release_held (self, session);
  return line;
}

gboolean
fd_flow_next_urc (FdFlow       *self,
                  gint64        deadline_us,
                  char        **line,
                  GCancellable *cancellable,
                  GError      **error)
{
  while (g_queue_is_empty (&self->urcs))
    {
      gint64 left_ms = (deadline_us - g_get_monotonic_time ()) / 1000;
      guint n_urcs = 0;

      if (left_ms <= 0)
        {
          g_set_error_literal (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                               _("The module reported nothing within the time allowed"));
          return FALSE;
        }
      if (!require_session (self, error) ||
          !fd_at_session_wait_urcs (self->session, (guint) MIN (left_ms, G_MAXUINT), &n_urcs,
                                    cancellable, error))
        return FALSE;
    }
  *line = g_queue_pop_head (&self->urcs);
  return TRUE;
}

void
fd_flow_drop_urcs (FdFlow *self)
{
  g_queue_clear_full (&self->urcs, g_free);
  g_queue_init (&self->urcs);
}

/* Without a reattach function: the module comes back on the same path
 * (a UART bridge keeps it; USB often gives the same name back). */
static char *
wait_same_path (FdFlow *self, guint timeout_ms, GCancellable *cancellable, GError **error)
{
  gint64 deadline = fd_flow_deadline (timeout_ms);

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(FdSerialPort) probe = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (g_file_test (self->port_path, G_FILE_TEST_EXISTS))
        {
          probe = fd_serial_port_open (self->port_path, self->bounds.baud, NULL);
          if (probe != NULL)
            return g_strdup (self->port_path);
        }
      g_usleep (REATTACH_POLL_MS * 1000);
    }
  g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
               _("The module did not come back on %s within %u s after its reboot"),
               self->port_path, timeout_ms / 1000);
  return NULL;
}

/* A port that has just come back is often held for a moment by someone
 * else: ModemManager probing a new tty, or another job of the batch
 * asking it for its IMEI while looking for its own module. Busy is tried
 * again until the reattach bound. */
static gboolean
open_again (FdFlow *self, gint64 deadline, GCancellable *cancellable, GError **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (fd_flow_open (self, cancellable, &local_error))
        return TRUE;
      if (!g_error_matches (local_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY) ||
          g_get_monotonic_time () >= deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (REATTACH_BUSY_RETRY_MS * 1000);
    }
}

gboolean
fd_flow_reattach (FdFlow *self, GCancellable *cancellable, GError **error)
{
  g_autofree char *new_port = NULL;
  g_autofree char *note = NULL;
  guint timeout = self->bounds.reattach_timeout_ms;
  gint64 deadline = fd_flow_deadline (timeout);

  if (self->session != NULL)
    fd_at_session_note (self->session, "port closed: waiting for the module to come back");
  fd_flow_close (self);

  if (self->reattach != NULL)
    new_port = self->reattach (self->port_path, fd_job_get_imei (self->job), timeout,
                               self->reattach_data, cancellable, error);
  else
    new_port = wait_same_path (self, timeout, cancellable, error);
  if (new_port == NULL)
    {
      fd_job_set_failure (self->job, "reattach-timeout", 0);
      return FALSE;
    }

  if (g_strcmp0 (new_port, self->port_path) != 0)
    fd_job_message (self->job, _("The module came back on %s"), new_port);
  g_free (self->port_path);
  self->port_path = g_steal_pointer (&new_port);
  if (!open_again (self, deadline, cancellable, error))
    return FALSE;
  note = g_strdup_printf ("reopened %s", self->port_path);
  fd_at_session_note (self->session, note);
  return TRUE;
}

char *
fd_flow_read_revision (FdFlow *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) lines = fd_flow_command (self, "AT+CGMR", 0, cancellable, error);
  char *revision = NULL;

  if (lines == NULL)
    return NULL;
  if (lines->len > 0)
    revision = fd_at_info_value (g_ptr_array_index (lines, 0), "CGMR");
  if (revision == NULL)
    g_set_error_literal (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE,
                         _("The module did not say which firmware it runs (AT+CGMR)"));
  return revision;
}
