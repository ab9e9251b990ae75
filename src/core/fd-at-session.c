/* fd-at-session.c — one AT conversation over one open port
 *
 * Every call follows the same shape: take whatever the module said since
 * the last call (URCs), send, then read chunks until the exchange is
 * complete or its deadline passes. Bytes go to the transcript as they are
 * read; the line splitter turns them into lines, the classifier decides
 * what each line is, and URCs are queued during a chunk and handed to the
 * URC handler right after it, so the handler never runs inside the parser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-at-session.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-at-parser.h"

/* One read from the port; a chunk shares one timestamp. */
#define FD_AT_READ_CHUNK 4096
/* Passthrough data goes out in pieces this big, with a look at the input
 * between them so an early error from the module stops the stream. */
#define FD_AT_RAW_CHUNK 1024
/* Reads taken before a command to collect what is already waiting; bounded
 * so a chattering module cannot keep us from ever sending. */
#define FD_AT_MAX_PENDING_CHUNKS 16

struct _FdAtSession
{
  GObject parent_instance;

  FdSerialPort     *port;
  FdAtLineSplitter *splitter;
  gint64            created_us;

  FdAtUrcFunc    urc_func;
  gpointer       urc_data;
  GDestroyNotify urc_destroy;

  FdAtTranscriptFunc transcript_func;
  gpointer           transcript_data;
  GDestroyNotify     transcript_destroy;

  /* the exchange in flight */
  gboolean   busy;        /* a public call is running (no reentry from handlers) */
  char      *command;     /* sent and still waiting for its final result */
  GPtrArray *info;        /* information lines of @command */
  char      *final;       /* its final result line, once seen */
  gboolean   want_prompt; /* a '>' is the go-ahead we wait for */
  gboolean   got_prompt;

  GPtrArray *urc_queue; /* URCs of the chunk being parsed */
  guint      n_urcs;    /* URCs dispatched since the counter was reset */
};

G_DEFINE_FINAL_TYPE (FdAtSession, fd_at_session, G_TYPE_OBJECT)

static void
fd_at_session_finalize (GObject *object)
{
  FdAtSession *self = FD_AT_SESSION (object);

  if (self->urc_destroy != NULL)
    self->urc_destroy (self->urc_data);
  if (self->transcript_destroy != NULL)
    self->transcript_destroy (self->transcript_data);
  g_clear_object (&self->port);
  g_clear_pointer (&self->splitter, fd_at_line_splitter_free);
  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->info, g_ptr_array_unref);
  g_clear_pointer (&self->final, g_free);
  g_clear_pointer (&self->urc_queue, g_ptr_array_unref);

  G_OBJECT_CLASS (fd_at_session_parent_class)->finalize (object);
}

static void
fd_at_session_class_init (FdAtSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_at_session_finalize;
}

static void
fd_at_session_init (FdAtSession *self)
{
  self->created_us = g_get_monotonic_time ();
  self->splitter = fd_at_line_splitter_new (FD_AT_LINE_MAX);
  self->urc_queue = g_ptr_array_new_with_free_func (g_free);
}

FdAtSession *
fd_at_session_new (FdSerialPort *port)
{
  FdAtSession *self;

  g_return_val_if_fail (FD_IS_SERIAL_PORT (port), NULL);

  self = g_object_new (FD_TYPE_AT_SESSION, NULL);
  self->port = g_object_ref (port);
  return self;
}

FdSerialPort *
fd_at_session_get_port (FdAtSession *self)
{
  g_return_val_if_fail (FD_IS_AT_SESSION (self), NULL);
  return self->port;
}

void
fd_at_session_set_urc_handler (FdAtSession   *self,
                               FdAtUrcFunc    func,
                               gpointer       user_data,
                               GDestroyNotify destroy)
{
  g_return_if_fail (FD_IS_AT_SESSION (self));

  if (self->urc_destroy != NULL)
    self->urc_destroy (self->urc_data);
  self->urc_func = func;
  self->urc_data = user_data;
  self->urc_destroy = destroy;
}

void
fd_at_session_set_transcript_handler (FdAtSession       *self,
                                      FdAtTranscriptFunc func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy)
{
  g_return_if_fail (FD_IS_AT_SESSION (self));

  if (self->transcript_destroy != NULL)
    self->transcript_destroy (self->transcript_data);
  self->transcript_func = func;
  self->transcript_data = user_data;
  self->transcript_destroy = destroy;
}

static gint64
session_time_ms (FdAtSession *self)
{
  return (g_get_monotonic_time () - self->created_us) / 1000;
}

static void
transcript (FdAtSession *self, FdAtDirection direction, const guint8 *data, gsize len)
{
  if (self->transcript_func != NULL && len > 0)
    self->transcript_func (self, direction, data, len, session_time_ms (self),
                           self->transcript_data);
}

void
fd_at_session_note (FdAtSession *self, const char *text)
{
  g_return_if_fail (FD_IS_AT_SESSION (self));
  g_return_if_fail (text != NULL);

  transcript (self, FD_AT_DIRECTION_NOTE, (const guint8 *) text, strlen (text));
}

G_GNUC_PRINTF (2, 3)
static void
notef (FdAtSession *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (self->transcript_func == NULL)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fd_at_session_note (self, text);
}

/* ---- lines ----------------------------------------------------------------- */

static void
on_final (FdAtSession *self, const char *line)
{
  if (self->command == NULL)
    {
      /* typically the late answer to a command that timed out */
      notef (self, "ignored final result with no command waiting: %s", line);
      return;
    }
  self->final = g_strdup (line);
  /* the exchange is over: what follows in this chunk is unsolicited */
  g_clear_pointer (&self->command, g_free);
}

static void
on_text (FdAtSession *self, const char *line)
{
  /* a module may also send the prompt as a line of its own */
  if (self->want_prompt && self->command != NULL && g_str_equal (line, ">"))
    {
      self->got_prompt = TRUE;
      return;
    }

  switch (fd_at_classify_line (line, self->command))
    {
    case FD_AT_KIND_ECHO:
      break;
    case FD_AT_KIND_OK:
    case FD_AT_KIND_ERROR:
      on_final (self, line);
      break;
    case FD_AT_KIND_INFO:
      g_ptr_array_add (self->info, g_strdup (line));
      break;
    case FD_AT_KIND_URC:
    default:
      g_ptr_array_add (self->urc_queue, g_strdup (line));
      break;
    }
}

static void
on_line (FdAtLineEvent event, const char *line, gsize len, gpointer user_data)
{
  FdAtSession *self = user_data;

  if (event == FD_AT_LINE_TEXT)
    on_text (self, line);
  else if (self->want_prompt && self->command != NULL)
    self->got_prompt = TRUE;
  else
    notef (self, "ignored '>' prompt with no passthrough write waiting");
}

static void
dispatch_urcs (FdAtSession *self, gint64 time_ms)
{
  /* steal the queue first: a handler may add a note, never lines */
  g_autoptr(GPtrArray) urcs = g_steal_pointer (&self->urc_queue);

  self->urc_queue = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < urcs->len; i++)
    {
      if (self->urc_func != NULL)
        self->urc_func (self, g_ptr_array_index (urcs, i), time_ms, self->urc_data);
      self->n_urcs++;
    }
}

static void
feed (FdAtSession *self, const guint8 *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  gint64 time_ms = session_time_ms (self);

  transcript (self, FD_AT_DIRECTION_RX, data, len);
  if (!fd_at_line_splitter_feed (self->splitter, data, len, on_line, self, &error))
    notef (self, "%s", error->message); /* a dropped line is not fatal */
  dispatch_urcs (self, time_ms);
}

/* ---- reading and writing ----------------------------------------------- */

static guint
remaining_ms (gint64 deadline_us)
{
  gint64 left = deadline_us - g_get_monotonic_time ();

  if (left <= 0)
    return 0;
  return (guint) MIN ((left + 999) / 1000, G_MAXUINT);
}

/* Reads one chunk (waiting until @deadline_us at most) and processes it. */
static gboolean
pump (FdAtSession *self, gint64 deadline_us, GCancellable *cancellable, GError **error)
{
  guint8 buf[FD_AT_READ_CHUNK];
  gssize n = fd_serial_port_read (self->port, buf, sizeof buf, remaining_ms (deadline_us),
                                  cancellable, error);

  if (n < 0)
    return FALSE;
  feed (self, buf, (gsize) n);
  return TRUE;
}

static gboolean
is_timeout (const GError *error)
{
  return g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
}

/* Handles what arrived while nobody was listening: URCs, and the late
 * answer of a command that timed out (noted and dropped). */
static gboolean
take_pending (FdAtSession *self, GCancellable *cancellable, GError **error)
{
  for (guint i = 0; i < FD_AT_MAX_PENDING_CHUNKS; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!pump (self, 0, cancellable, &local_error))
        {
          if (is_timeout (local_error))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

/* Notes a transport failure in the transcript, so a saved transcript says
 * why it ends. */
static void
note_failure (FdAtSession *self, const char *what, const GError *error)
{
  if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
    notef (self, "port gone during %s: %s", what, error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    notef (self, "cancelled during %s", what);
  else
    notef (self, "%s failed: %s", what, error->message);
}

static gboolean
send_bytes (FdAtSession  *self,
            const guint8 *data,
            gsize         len,
            guint         timeout_ms,
            GCancellable *cancellable,
            GError      **error)
{
  if (!fd_serial_port_write_all (self->port, data, len, timeout_ms, cancellable, error))
    return FALSE;
  transcript (self, FD_AT_DIRECTION_TX, data, len);
  return TRUE;
}

static gboolean
command_is_safe (const char *command, GError **error)
{
  if (command[0] == '\0')
    {
      g_set_error_literal (error, FD_AT_ERROR, FD_AT_ERROR_INVALID_COMMAND,
                           _("Refused to send an empty AT command"));
      return FALSE;
    }
  for (const guchar *p = (const guchar *) command; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        {
          g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_INVALID_COMMAND,
                       _("Refused to send an AT command containing control character 0x%02x: "
                         "it could end the command and run the rest as another one"),
                       *p);
          return FALSE;
        }
    }
  return TRUE;
}

static void
begin_exchange (FdAtSession *self, const char *command)
{
  g_free (self->command);
  self->command = g_strdup (command);
  g_clear_pointer (&self->info, g_ptr_array_unref);
  self->info = g_ptr_array_new_with_free_func (g_free);
  g_clear_pointer (&self->final, g_free);
  self->want_prompt = FALSE;
  self->got_prompt = FALSE;
}

static void
end_exchange (FdAtSession *self)
{
  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->final, g_free);
  g_clear_pointer (&self->info, g_ptr_array_unref);
  self->want_prompt = FALSE;
  self->got_prompt = FALSE;
}

/* Sends "@command\r" after taking what is pending. */
static gboolean
start_command (FdAtSession  *self,
               const char   *command,
               guint         timeout_ms,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char *line = g_strconcat (command, "\r", NULL);

  if (!take_pending (self, cancellable, error))
    return FALSE;
  begin_exchange (self, command);
  return send_bytes (self, (const guint8 *) line, strlen (line), timeout_ms, cancellable, error);
}

/* Reads until the final result code of the command in flight. */
static gboolean
wait_final (FdAtSession  *self,
            const char   *command,
            guint         timeout_ms,
            GCancellable *cancellable,
            GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(GError) local_error = NULL;

  while (self->final == NULL)
    {
      if (!pump (self, deadline, cancellable, &local_error))
        {
          if (is_timeout (local_error))
            {
              g_autofree char *shown = fd_at_command_for_message (command);

              g_clear_error (&local_error);
              g_set_error (&local_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                           _("The module gave no answer to %s within %.1f s"), shown,
                           timeout_ms / 1000.0);
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return !fd_at_final_to_error (self->final, command, error);
}

static gboolean
enter (FdAtSession *self)
{
  /* a URC or transcript handler must not start another exchange */
  g_return_val_if_fail (!self->busy, FALSE);
  self->busy = TRUE;
  return TRUE;
}

static void
leave (FdAtSession *self)
{
  end_exchange (self);
  self->busy = FALSE;
}

/* ---- public calls -------------------------------------------------------- */

GPtrArray *
fd_at_session_command (FdAtSession  *self,
                       const char   *command,
                       guint         timeout_ms,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *info = NULL;

  g_return_val_if_fail (FD_IS_AT_SESSION (self), NULL);
  g_return_val_if_fail (command != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!command_is_safe (command, error))
    return NULL;
  if (timeout_ms == 0)
    timeout_ms = FD_AT_DEFAULT_TIMEOUT_MS;
  if (!enter (self))
    return NULL;

  if (start_command (self, command, timeout_ms, cancellable, &local_error) &&
      wait_final (self, command, timeout_ms, cancellable, &local_error))
    info = g_steal_pointer (&self->info);
  else if (local_error->domain == FD_SERIAL_ERROR || local_error->domain == G_IO_ERROR)
    note_failure (self, command, local_error);

  leave (self);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return info;
}

static gboolean
has_prefix_ci (const char *line, const char *prefix)
{
  return g_ascii_strncasecmp (line, prefix, strlen (prefix)) == 0;
}

char *
fd_at_session_query (FdAtSession  *self,
                     const char   *command,
                     const char   *prefix,
                     guint         timeout_ms,
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autoptr(GPtrArray) info = NULL;

  g_return_val_if_fail (FD_IS_AT_SESSION (self), NULL);

  info = fd_at_session_command (self, command, timeout_ms, cancellable, error);
  if (info == NULL)
    return NULL;
  for (guint i = 0; i < info->len; i++)
    {
      const char *line = g_ptr_array_index (info, i);

      if (prefix == NULL || has_prefix_ci (line, prefix))
        return g_strdup (line);
    }
  if (prefix != NULL)
    g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE,
                 _("The module answered %s without a %s line"), command, prefix);
  else
    g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE,
                 _("The module answered %s with OK but no information"), command);
  return NULL;
}

gboolean
fd_at_session_echo_off (FdAtSession *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) info = NULL;

  info = fd_at_session_command (self, "ATE0", 0, cancellable, error);
  return info != NULL;
}

gboolean
fd_at_session_wait_urcs (FdAtSession  *self,
                         guint         timeout_ms,
                         guint        *n_urcs,
                         GCancellable *cancellable,
                         GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (FD_IS_AT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_urcs != NULL)
    *n_urcs = 0;
  if (!enter (self))
    return FALSE;

  self->n_urcs = 0;
  while (self->n_urcs == 0)
    {
      if (!pump (self, deadline, cancellable, &local_error))
        {
          if (is_timeout (local_error))
            g_clear_error (&local_error); /* a quiet port is fine */
          else
            {
              note_failure (self, "wait for URCs", local_error);
              ok = FALSE;
            }
          break;
        }
    }
  if (n_urcs != NULL)
    *n_urcs = self->n_urcs;

  leave (self);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* ---- passthrough write --------------------------------------------------- */

/* Waits for '>' or OK after a passthrough command. An error final is the
 * module's refusal and is returned as such. */
static gboolean
wait_go_ahead (FdAtSession  *self,
               const char   *command,
               guint         timeout_ms,
               GCancellable *cancellable,
               GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  self->want_prompt = TRUE;
  while (!self->got_prompt && self->final == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!pump (self, deadline, cancellable, &local_error))
        {
          if (is_timeout (local_error))
            {
              g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_NO_PROMPT,
                           _("The module did not ask for the data of %s ('>' or OK) within "
                             "%.1f s"),
                           command, timeout_ms / 1000.0);
              return FALSE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  self->want_prompt = FALSE;
  if (self->final != NULL && fd_at_final_to_error (self->final, command, error))
    return FALSE;
  /* an OK go-ahead: the real final result comes after the data */
  g_clear_pointer (&self->final, g_free);
  g_free (self->command);
  self->command = g_strdup (command);
  return TRUE;
}

/* After a write stalled or between pieces: has the module already ended
 * the exchange (an error, or an OK before it had all the bytes)? */
static gboolean
check_early_final (FdAtSession *self, const char *command, gsize sent, gsize total, GError **error)
{
  if (self->final == NULL)
    return TRUE;
  if (fd_at_final_to_error (self->final, command, error))
    return FALSE;
  g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE,
               /* Translators: an AT command, then how many bytes of its data
                * had been sent when the module ended it, of how many */
               _("The module ended the data of %s after %llu of %llu bytes"),
               command, (unsigned long long) sent, (unsigned long long) total);
  return FALSE;
}

/* What a passthrough stream learnt about the line: the kernel (a pty's
 * buffers, a USB adapter's FIFO) takes the first bytes at once and only
 * then slows the writer to the pace of the line. */
typedef struct
{
  gint64 start_us; /* the first byte went out */
  gint64 half_us;  /* half of them had been taken */
  gint64 end_us;   /* the last one was taken */
} StreamPace;

/* The most the kernel is known to hold for a tty (a pty holds about 20
 * KiB on Linux 6; USB serial adapters a few KiB). */
#define FD_AT_KERNEL_BUFFER_MAX (64 * 1024)

static gboolean
stream_data (FdAtSession          *self,
             const char           *command,
             const guint8         *data,
             gsize                 len,
             guint                 timeout_ms,
             FdAtWriteProgressFunc progress,
             gpointer              progress_data,
             StreamPace           *pace,
             GCancellable         *cancellable,
             GError              **error)
{
  gsize sent = 0;

  pace->start_us = pace->half_us = pace->end_us = g_get_monotonic_time ();
  while (sent < len)
    {
      gsize n = MIN (FD_AT_RAW_CHUNK, len - sent);
      g_autoptr(GError) local_error = NULL;

      if (!send_bytes (self, data + sent, n, timeout_ms, cancellable, &local_error))
        {
          /* a module that stopped taking data may have said why */
          if (is_timeout (local_error) && take_pending (self, NULL, NULL) && self->final != NULL)
            return check_early_final (self, command, sent, len, error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (sent < len / 2 && sent + n >= len / 2)
        pace->half_us = g_get_monotonic_time ();
      sent += n;
      if (progress != NULL)
        progress (sent, len, progress_data);
      if (!take_pending (self, cancellable, error) ||
          (sent < len && !check_early_final (self, command, sent, len, error)))
        return FALSE;
    }
  pace->end_us = g_get_monotonic_time ();
  return TRUE;
}

/* How long the line may still need to carry what the kernel took but the
 * module has not read yet, with a quarter on top. Two estimates, the
 * longer wins: what the kernel can hold, at the port's baud; and the
 * bytes the line cannot have carried yet at the pace it took the second
 * half of them (the pace of the line once the kernel's buffer is full).
 * Without it a long write to a slow line times out while its tail is
 * still on the way. */
static guint
drain_allowance_ms (FdAtSession *self, const StreamPace *pace, gsize len)
{
  double line = fd_serial_port_get_baud (self->port) / 10.0; /* 8N1: bytes per second */
  double held, ms;

  if (line <= 0)
    line = FD_SERIAL_PORT_DEFAULT_BAUD / 10.0;
  ms = MIN (len, FD_AT_KERNEL_BUFFER_MAX) / line * 1000.0;
  if (pace->end_us > pace->half_us)
    {
      double tail = (len - len / 2) * (double) G_USEC_PER_SEC /
                    (double) (pace->end_us - pace->half_us);

      held = len - tail * (double) (pace->end_us - pace->start_us) / G_USEC_PER_SEC;
      if (held > 0)
        ms = MAX (ms, held / tail * 1000.0);
    }
  return (guint) MIN (1.25 * ms, 10.0 * 60 * 1000);
}

gboolean
fd_at_session_write_raw (FdAtSession          *self,
                         const char           *command,
                         const guint8         *data,
                         gsize                 len,
                         guint                 prompt_timeout_ms,
                         guint                 final_timeout_ms,
                         FdAtWriteProgressFunc progress,
                         gpointer              progress_data,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  StreamPace pace;
  gboolean ok;

  g_return_val_if_fail (FD_IS_AT_SESSION (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!command_is_safe (command, error))
    return FALSE;
  if (prompt_timeout_ms == 0)
    prompt_timeout_ms = FD_AT_DEFAULT_TIMEOUT_MS;
  if (final_timeout_ms == 0)
    final_timeout_ms = FD_AT_DEFAULT_TIMEOUT_MS;
  if (!enter (self))
    return FALSE;

  ok = start_command (self, command, prompt_timeout_ms, cancellable, &local_error) &&
       wait_go_ahead (self, command, prompt_timeout_ms, cancellable, &local_error) &&
       stream_data (self, command, data, len, final_timeout_ms, progress, progress_data, &pace,
                    cancellable, &local_error) &&
       wait_final (self, command, final_timeout_ms + drain_allowance_ms (self, &pace, len),
                   cancellable, &local_error);
  if (!ok && (local_error->domain == FD_SERIAL_ERROR || local_error->domain == G_IO_ERROR))
    note_failure (self, command, local_error);

  leave (self);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}
