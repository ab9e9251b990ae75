/* fd-sim-io.c — what goes in and out of a module's port
 *
 * Input: command mode (echo, a line up to CR, "AT" found anywhere in it as
 * modems do) or passthrough (exactly N raw bytes for a dialect). Output:
 * V.25ter verbose framing "\r\n<text>\r\n", with the output faults
 * (silence, garbage, late or lost URCs) applied here so that dialects
 * never think about them.
 *
 * Recording: the tool's bytes are written to the transcript a command
 * line at a time, and the echo with it, so that a secret can be replaced
 * before anything reaches the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <stdarg.h>
#include <string.h>

/* --- recording --------------------------------------------------------- */

static void
record_bytes (FdSimModule *self, FdSimChunkDir dir, const guint8 *data, gsize len)
{
  if (self->transcript != NULL)
    fd_sim_transcript_writer_add (self->transcript, dir, data, len);
}

static void
record_redacted (FdSimModule *self, FdSimChunkDir dir, GByteArray *buf)
{
  g_autofree char *text = NULL;
  g_autofree char *redacted = NULL;

  if (buf->len == 0)
    return;
  if (self->transcript != NULL && memchr (buf->data, 0, buf->len) == NULL)
    {
      text = g_strndup ((const char *)buf->data, buf->len);
      redacted = fd_sim_transcript_redact (text);
    }
  if (redacted != NULL)
    record_bytes (self, dir, (const guint8 *)redacted, strlen (redacted));
  else
    record_bytes (self, dir, buf->data, buf->len);
  g_byte_array_set_size (buf, 0);
}

void
fd_sim_module_flush_record (FdSimModule *self)
{
  record_redacted (self, FD_SIM_CHUNK_TX, self->rec_tx);
  record_redacted (self, FD_SIM_CHUNK_RX, self->rec_echo);
}

void
fd_sim_module_note (FdSimModule *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list          args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s: %s", self->link_name, text);
  if (self->transcript != NULL)
    fd_sim_transcript_writer_note (self->transcript, text);
}

/* --- output ------------------------------------------------------------ */

static gboolean
can_write (FdSimModule *self)
{
  return self->pty != NULL && !self->faults.silent;
}

void
fd_sim_module_write_raw (FdSimModule *self, const guint8 *data, gsize len)
{
  if (!can_write (self))
    return;
  fd_sim_pty_write (self->pty, data, len);
  record_bytes (self, FD_SIM_CHUNK_RX, data, len);
}

static void
write_garbage (FdSimModule *self)
{
  guint8 junk[16];
  gsize  n = (gsize)g_rand_int_range (self->rand, 1, sizeof junk + 1);

  for (gsize i = 0; i < n; i++)
    {
      guint8 c;
      do
        c = (guint8)g_rand_int_range (self->rand, 0, 256);
      while (c == '\r' || c == '\n');
      junk[i] = c;
    }
  fd_sim_module_write_raw (self, junk, n);
}

/* @recorded: what the transcript gets instead of @line (a secret), or NULL. */
static void
write_line (FdSimModule *self, const char *line, const char *recorded)
{
  g_autofree char *framed = NULL;

  if (!can_write (self))
    return;
  if (self->faults.garbage_percent > 0 && fd_sim_module_chance (self, self->faults.garbage_percent))
    write_garbage (self);
  framed = g_strdup_printf ("\r\n%s\r\n", line);
  fd_sim_pty_write (self->pty, (const guint8 *)framed, strlen (framed));
  if (recorded != NULL)
    {
      g_autofree char *rec = g_strdup_printf ("\r\n%s\r\n", recorded);
      record_bytes (self, FD_SIM_CHUNK_RX, (const guint8 *)rec, strlen (rec));
    }
  else
    record_bytes (self, FD_SIM_CHUNK_RX, (const guint8 *)framed, strlen (framed));
}

void
fd_sim_module_reply_line (FdSimModule *self, const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list          args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  write_line (self, line, NULL);
}

void
fd_sim_module_reply_secret (FdSimModule *self, const char *line)
{
  g_autofree char *redacted = fd_sim_transcript_redact (line);

  write_line (self, line, redacted != NULL ? redacted : "***");
}

void
fd_sim_module_reply_ok (FdSimModule *self)
{
  write_line (self, "OK", NULL);
}

void
fd_sim_module_reply_error (FdSimModule *self)
{
  write_line (self, "ERROR", NULL);
}

static const char *
cme_text (guint code)
{
  switch (code)
    {
    case 3:
      return "operation not allowed";
    case 4:
      return "operation not supported";
    case 50:
      return "incorrect parameters";
    case 850:
      return "unknown error";
    case 851:
      return "configuration error";
    case 852:
      return "URL type error";
    case 853:
      return "package write error";
    case 854:
      return "firmware upgrade error";
    case 855:
      return "package download failed";
    default:
      return "unknown";
    }
}

void
fd_sim_module_reply_cme (FdSimModule *self, guint code)
{
  if (self->cmee == 0)
    fd_sim_module_reply_error (self);
  else if (self->cmee == 2)
    fd_sim_module_reply_line (self, "+CME ERROR: %s", cme_text (code));
  else
    fd_sim_module_reply_line (self, "+CME ERROR: %u", code);
}

/* Late URCs are bytes stuck on their way out: a reboot does not cancel
 * them, they come out after it (or are lost if the port is gone). */
typedef struct
{
  gint64 due_us;
  char  *line;
} LateUrc;

static void
late_urc_free (gpointer data)
{
  LateUrc *u = data;

  g_free (u->line);
  g_free (u);
}

static gboolean late_urc_fire (gpointer data);

static void
late_urc_arm (FdSimModule *self)
{
  LateUrc *head = g_queue_peek_head (&self->late_urcs);
  GSource *source;
  gint64   wait_us;

  if (head == NULL || self->late_id != 0)
    return;
  wait_us = MAX (head->due_us - g_get_monotonic_time (), 0);
  source = g_timeout_source_new ((guint)(wait_us / 1000));
  g_source_set_callback (source, late_urc_fire, self, NULL);
  self->late_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
late_urc_fire (gpointer data)
{
  FdSimModule *self = data;
  gint64       now = g_get_monotonic_time ();
  LateUrc     *u;

  self->late_id = 0;
  while ((u = g_queue_peek_head (&self->late_urcs)) != NULL && u->due_us <= now + 1000)
    {
      g_queue_pop_head (&self->late_urcs);
      write_line (self, u->line, NULL);
      late_urc_free (u);
    }
  late_urc_arm (self);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_clear_late_urcs (FdSimModule *self)
{
  if (self->late_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->late_id);
      if (source != NULL)
        g_source_destroy (source);
      self->late_id = 0;
    }
  g_queue_clear_full (&self->late_urcs, late_urc_free);
}

void
fd_sim_module_urc (FdSimModule *self, const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list          args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  if (self->faults.urc_loss_percent > 0
      && fd_sim_module_chance (self, self->faults.urc_loss_percent))
    {
      g_debug ("%s: URC lost (fault): %s", self->link_name, line);
      return;
    }
  /* Same delay for every URC, so their order holds. */
  if (self->faults.urc_delay_ms > 0)
    {
      LateUrc *u = g_new0 (LateUrc, 1);

      u->due_us = g_get_monotonic_time () + (gint64)self->faults.urc_delay_ms * 1000;
      u->line = g_steal_pointer (&line);
      g_queue_push_tail (&self->late_urcs, u);
      late_urc_arm (self);
      return;
    }
  write_line (self, line, NULL);
}

void
fd_sim_module_boot_line (FdSimModule *self, const char *line)
{
  write_line (self, line, NULL);
}

/* --- passthrough ------------------------------------------------------- */

static void
passthrough_idle (FdSimModule *self, gpointer data)
{
  FdSimPassthroughDone done = self->pt_done;
  gpointer             user_data = self->pt_user_data;

  self->pt_idle_id = 0;
  self->pt_remaining = 0;
  self->pt_done = NULL;
  fd_sim_module_note (self, "passthrough: the client went silent");
  if (done != NULL)
    done (self, FALSE, user_data);
}

static void
passthrough_arm_idle (FdSimModule *self)
{
  if (self->pt_idle_id != 0)
    fd_sim_module_cancel_timer (self, self->pt_idle_id);
  self->pt_idle_id = fd_sim_module_timeout (self, self->timing.passthrough_idle_ms,
                                            passthrough_idle, NULL, NULL);
}

void
fd_sim_module_begin_passthrough (FdSimModule *self, gsize len, FdSimPassthroughData data_func,
                                 FdSimPassthroughDone done_func, gpointer user_data)
{
  g_return_if_fail (len > 0);
  self->pt_remaining = len;
  self->pt_data = data_func;
  self->pt_done = done_func;
  self->pt_user_data = user_data;
  passthrough_arm_idle (self);
}

static void
passthrough_feed (FdSimModule *self, const guint8 *data, gsize len)
{
  guint                generation = self->generation;
  FdSimPassthroughDone done;

  fd_sim_module_flush_record (self);
  record_bytes (self, FD_SIM_CHUNK_TX, data, len);
  self->pt_remaining -= len;
  passthrough_arm_idle (self);
  self->pt_data (self, data, len, self->pt_user_data);
  if (generation != self->generation || self->pt_remaining > 0)
    return; /* the port dropped under it, or more to come */
  fd_sim_module_cancel_timer (self, self->pt_idle_id);
  self->pt_idle_id = 0;
  done = self->pt_done;
  self->pt_done = NULL;
  done (self, TRUE, self->pt_user_data);
}

/* --- command mode ------------------------------------------------------ */

static void
execute (FdSimModule *self, const char *text)
{
  g_autoptr (FdSimCommand) cmd = fd_sim_command_parse (text);
  const FdSimFaults *f = &self->faults;

  if (cmd == NULL)
    {
      fd_sim_module_reply_error (self);
      return;
    }
  if (f->cme_command != NULL && g_strcmp0 (cmd->name, f->cme_command) == 0
      && fd_sim_module_chance (self, f->cme_percent))
    {
      fd_sim_module_reply_cme (self, f->cme_code);
      return;
    }
  if (fd_sim_common_handle (self, cmd))
    return;
  if (self->dialect->handle (self, self->dialect_state, cmd))
    return;
  fd_sim_module_reply_error (self);
}

/* The line up to CR is complete: find "AT" in it and run it. */
static void
line_complete (FdSimModule *self)
{
  g_autofree char *text = g_strdup (self->line->str);
  gboolean         overflow = self->line_overflow;
  char            *at = text;

  g_string_truncate (self->line, 0);
  self->line_overflow = FALSE;
  fd_sim_module_flush_record (self);
  while (*at != '\0' && g_ascii_strncasecmp (at, "AT", 2) != 0)
    at++;
  if (*at == '\0')
    return; /* noise or an empty line: modems say nothing */
  if (overflow)
    {
      fd_sim_module_reply_error (self);
      return;
    }
  g_strchomp (at);
  execute (self, at);
}

static void
command_byte (FdSimModule *self, guint8 c)
{
  gboolean after_cr = self->last_was_cr;

  g_byte_array_append (self->rec_tx, &c, 1);
  self->last_was_cr = c == '\r';
  if (c == '\n' && after_cr)
    return; /* the LF of a CRLF the tool sent */
  if (self->echo && can_write (self))
    {
      fd_sim_pty_write (self->pty, &c, 1);
      g_byte_array_append (self->rec_echo, &c, 1);
    }
  if (c == '\r')
    line_complete (self);
  else if (c == '\b' || c == 0x7f)
    {
      if (self->line->len > 0)
        g_string_truncate (self->line, self->line->len - 1);
    }
  else if (c == '\0' || c == '\n')
    ;
  else if (self->line->len >= FD_SIM_COMMAND_MAX)
    self->line_overflow = TRUE;
  else
    g_string_append_c (self->line, (char)c);
}

void
fd_sim_module_reset_input (FdSimModule *self)
{
  fd_sim_module_flush_record (self);
  g_string_truncate (self->line, 0);
  self->line_overflow = FALSE;
  self->last_was_cr = FALSE;
  self->pt_remaining = 0;
  self->pt_data = NULL;
  self->pt_done = NULL;
  self->pt_idle_id = 0; /* RAM timers are gone with the power */
}

void
fd_sim_module_input (const guint8 *data, gsize len, gpointer user_data)
{
  FdSimModule *self = user_data;
  guint        generation = self->generation;
  gsize        i = 0;

  if (self->replay != NULL)
    {
      record_bytes (self, FD_SIM_CHUNK_TX, data, len);
      fd_sim_replay_input (self->replay, self, data, len);
      return;
    }
  while (i < len)
    {
      /* Powered off or silent: the bytes are lost, but they crossed the
       * port, so the transcript keeps them. */
      if (self->state != FD_SIM_MODULE_STATE_READY || self->faults.silent
          || generation != self->generation)
        {
          fd_sim_module_flush_record (self);
          record_bytes (self, FD_SIM_CHUNK_TX, data + i, len - i);
          return;
        }
      if (self->pt_remaining > 0)
        {
          gsize n = MIN (len - i, self->pt_remaining);
          passthrough_feed (self, data + i, n);
          i += n;
          continue;
        }
      command_byte (self, data[i]);
      i++;
    }
}
