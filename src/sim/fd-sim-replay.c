/* fd-sim-replay.c — the module side of a recorded session, played back
 *
 * The transcript is cut into steps: what the tool sent ("tx" chunks in a
 * row), then what came back ("rx" chunks and notes) until the tool sent
 * again. The replay waits for each step's tool bytes, then plays the
 * step's answer with the recorded delays (measured from the step's last
 * tool chunk). Step 0 is what the module said before the tool said
 * anything (a boot banner).
 *
 * Matching: a step of text is matched line by line, case-insensitively,
 * spaces trimmed, "***" (a redacted secret) matching anything; a line
 * that does not match gets ERROR and the replay waits on. A step of raw
 * bytes (a passthrough write) is matched by count only. After the last
 * step every line gets ERROR. Notes "port gone" and "port PATH" /
 * "reopened PATH" remove and re-create the link, so the tool sees the
 * port vanish and come back (under PATH's name when that is free).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <string.h>

typedef struct
{
  gint64        delay_ms; /* after the step's last tool chunk */
  FdSimChunkDir dir;
  GBytes       *data;
} ReplayEvent;

typedef struct
{
  GPtrArray *lines;   /* expected text lines, or NULL for raw bytes */
  gsize      raw_len; /* raw bytes expected */
  GPtrArray *events;  /* ReplayEvent* */
} ReplayStep;

typedef struct
{
  gint64        due_us;
  FdSimChunkDir dir;
  GBytes       *data;
} Pending;

struct _FdSimReplay
{
  FdSimTranscript *transcript;
  GPtrArray       *steps;
  guint            step; /* the step whose tool bytes we wait for */
  guint            line_index;
  gsize            raw_done;
  GString         *line;
  GQueue           pending; /* Pending*, in due order */
  gint64           last_due_us;
  guint            timer;
  double           speed;
  gboolean         started;
};

static void
event_free (gpointer data)
{
  ReplayEvent *ev = data;

  g_bytes_unref (ev->data);
  g_free (ev);
}

static void
step_free (gpointer data)
{
  ReplayStep *step = data;

  g_clear_pointer (&step->lines, g_ptr_array_unref);
  g_ptr_array_unref (step->events);
  g_free (step);
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_bytes_unref (p->data);
  g_free (p);
}

static ReplayStep *
step_new (void)
{
  ReplayStep *step = g_new0 (ReplayStep, 1);

  step->events = g_ptr_array_new_with_free_func (event_free);
  return step;
}

static gboolean
is_text (const guint8 *data, gsize len)
{
  if (len == 0 || (data[len - 1] != '\r' && data[len - 1] != '\n'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if ((data[i] < 0x20 || data[i] > 0x7e) && data[i] != '\r' && data[i] != '\n' && data[i] != '\t')
      return FALSE;
  return TRUE;
}

/* Decides how the step's tool bytes are matched. */
static void
step_set_expect (ReplayStep *step, GByteArray *tx)
{
  g_auto (GStrv) parts = NULL;

  if (!is_text (tx->data, tx->len))
    {
      step->raw_len = tx->len;
      return;
    }
  step->lines = g_ptr_array_new_with_free_func (g_free);
  g_byte_array_append (tx, (const guint8 *)"", 1);
  parts = g_strsplit_set ((const char *)tx->data, "\r\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (step->lines, g_ascii_strup (parts[i], -1));
    }
}

static GPtrArray *
build_steps (FdSimTranscript *transcript)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func (step_free);
  g_autoptr (GByteArray) tx = g_byte_array_new ();
  ReplayStep *step = step_new ();
  gint64      anchor = 0;

  g_ptr_array_add (steps, step); /* step 0: before the tool says anything */
  for (guint i = 0; i < transcript->chunks->len; i++)
    {
      FdSimChunk  *c = g_ptr_array_index (transcript->chunks, i);
      ReplayEvent *ev;

      if (c->dir == FD_SIM_CHUNK_TX)
        {
          /* The first tool chunk after answers begins the next step. */
          if (tx->len == 0)
            {
              step = step_new ();
              g_ptr_array_add (steps, step);
            }
          g_byte_array_append (tx, g_bytes_get_data (c->data, NULL),
                               (guint)g_bytes_get_size (c->data));
          anchor = c->t;
          continue;
        }
      if (tx->len > 0)
        {
          step_set_expect (step, tx);
          g_byte_array_set_size (tx, 0);
        }
      ev = g_new0 (ReplayEvent, 1);
      ev->delay_ms = MAX (c->t - anchor, 0);
      ev->dir = c->dir;
      ev->data = g_bytes_ref (c->data);
      g_ptr_array_add (step->events, ev);
    }
  if (tx->len > 0)
    step_set_expect (step, tx);
  return steps;
}

FdSimReplay *
fd_sim_replay_new (FdSimTranscript *transcript)
{
  FdSimReplay *self = g_new0 (FdSimReplay, 1);

  self->transcript = transcript;
  self->steps = build_steps (transcript);
  self->line = g_string_new (NULL);
  self->speed = 1.0;
  g_queue_init (&self->pending);
  return self;
}

void
fd_sim_replay_free (FdSimReplay *self)
{
  if (self == NULL)
    return;
  g_queue_clear_full (&self->pending, pending_free);
  g_string_free (self->line, TRUE);
  g_ptr_array_unref (self->steps);
  fd_sim_transcript_free (self->transcript);
  g_free (self);
}

/* --- playing the answers ------------------------------------------------ */

static void play_pending (FdSimModule *module, gpointer data);

static void
arm_timer (FdSimReplay *self, FdSimModule *module)
{
  Pending *head = g_queue_peek_head (&self->pending);
  gint64   wait_us;

  if (head == NULL || self->timer != 0)
    return;
  wait_us = head->due_us - g_get_monotonic_time ();
  self->timer
      = fd_sim_module_timeout (module, (guint)MAX (wait_us / 1000, 0), play_pending, self, NULL);
}

static void
play_note (FdSimModule *module, const char *text)
{
  if (g_str_equal (text, "port gone"))
    fd_sim_module_replay_unplug (module);
  else if (g_str_has_prefix (text, "port ") || g_str_has_prefix (text, "reopened "))
    fd_sim_module_replay_replug (module, strchr (text, ' ') + 1);
}

static void
play_pending (FdSimModule *module, gpointer data)
{
  FdSimReplay *self = data;
  gint64       now = g_get_monotonic_time ();
  Pending     *p;

  self->timer = 0;
  while ((p = g_queue_peek_head (&self->pending)) != NULL && p->due_us <= now + 500)
    {
      gsize         len;
      const guint8 *bytes = g_bytes_get_data (p->data, &len);

      /* As a real reboot: what is on the wire reaches the tool before the
       * port goes (bounded). */
      if (p->dir == FD_SIM_CHUNK_NOTE && module->pty != NULL && !fd_sim_pty_is_drained (module->pty)
          && now - p->due_us < G_USEC_PER_SEC)
        {
          self->timer = fd_sim_module_timeout (module, 5, play_pending, self, NULL);
          return;
        }
      g_queue_pop_head (&self->pending);
      if (p->dir == FD_SIM_CHUNK_RX)
        fd_sim_module_write_raw (module, bytes, len);
      else
        {
          g_autofree char *text = g_strndup ((const char *)bytes, len);
          play_note (module, text);
        }
      pending_free (p);
    }
  arm_timer (self, module);
}

/* Queues step @index's answers, in order after whatever is queued. */
static void
queue_step (FdSimReplay *self, FdSimModule *module, guint index)
{
  ReplayStep *step = g_ptr_array_index (self->steps, index);
  gint64      now = g_get_monotonic_time ();

  for (guint i = 0; i < step->events->len; i++)
    {
      ReplayEvent *ev = g_ptr_array_index (step->events, i);
      Pending     *p = g_new0 (Pending, 1);

      p->due_us
          = MAX (now + (gint64)((double)ev->delay_ms * 1000.0 / self->speed), self->last_due_us);
      p->dir = ev->dir;
      p->data = g_bytes_ref (ev->data);
      self->last_due_us = p->due_us;
      g_queue_push_tail (&self->pending, p);
    }
  arm_timer (self, module);
}

static void step_done (FdSimReplay *self, FdSimModule *module);

void
fd_sim_replay_start (FdSimReplay *self, FdSimModule *module)
{
  if (self->started)
    return; /* a replug: the script goes on */
  self->started = TRUE;
  step_done (self, module);
}

/* --- matching the tool's bytes ------------------------------------------ */

static gboolean
line_matches (const char *expected, const char *got)
{
  g_autofree char *pattern = NULL;
  g_autoptr (GPatternSpec) spec = NULL;
  g_auto (GStrv) parts = NULL;

  if (strstr (expected, "***") == NULL)
    return g_str_equal (expected, got);
  /* "***" stands for a secret: any text there. */
  parts = g_strsplit (expected, "***", -1);
  pattern = g_strjoinv ("*", parts);
  spec = g_pattern_spec_new (pattern);
  return g_pattern_spec_match_string (spec, got);
}

static gboolean
step_expects_nothing (ReplayStep *step)
{
  return step->lines != NULL ? step->lines->len == 0 : step->raw_len == 0;
}

/* The current step's tool bytes are all there: its answers go out, and
 * steps that wait for nothing (noise that held no line) follow. */
static void
step_done (FdSimReplay *self, FdSimModule *module)
{
  do
    {
      queue_step (self, module, self->step);
      self->step++;
    }
  while (self->step < self->steps->len
         && step_expects_nothing (g_ptr_array_index (self->steps, self->step)));
  self->line_index = 0;
  self->raw_done = 0;
}

static void
take_line (FdSimReplay *self, FdSimModule *module)
{
  g_autofree char *got = g_ascii_strup (g_strstrip (self->line->str), -1);
  ReplayStep      *step;

  g_string_truncate (self->line, 0);
  if (got[0] == '\0')
    return;
  if (self->step >= self->steps->len)
    {
      fd_sim_module_note (module, "replay over: %s", got);
      fd_sim_module_reply_error (module);
      return;
    }
  step = g_ptr_array_index (self->steps, self->step);
  if (!line_matches (g_ptr_array_index (step->lines, self->line_index), got))
    {
      fd_sim_module_note (module, "replay: expected %s, got %s",
                          (const char *)g_ptr_array_index (step->lines, self->line_index), got);
      fd_sim_module_reply_error (module);
      return;
    }
  if (++self->line_index == step->lines->len)
    step_done (self, module);
}

void
fd_sim_replay_input (FdSimReplay *self, FdSimModule *module, const guint8 *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      ReplayStep *step
          = self->step < self->steps->len ? g_ptr_array_index (self->steps, self->step) : NULL;

      if (step != NULL && step->lines == NULL)
        {
          gsize n = MIN (len - i, step->raw_len - self->raw_done);

          self->raw_done += n;
          i += n - 1;
          if (self->raw_done == step->raw_len)
            step_done (self, module);
          continue;
        }
      if (data[i] == '\r' || data[i] == '\n')
        take_line (self, module);
      else if (self->line->len < FD_SIM_COMMAND_MAX)
        g_string_append_c (self->line, (char)data[i]);
    }
}

void
fd_sim_replay_set_speed (FdSimReplay *self, double speed)
{
  self->speed = speed > 0 ? speed : 1.0;
}
