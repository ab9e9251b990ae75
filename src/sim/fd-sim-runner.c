/* fd-sim-runner.c — the simulator thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

struct _FdSimRunner
{
  gint          ref_count;
  gint          stopped; /* atomic */
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
};

typedef struct
{
  GSourceFunc func;
  gpointer    data;
  gboolean    done;
  GMutex      lock;
  GCond       cond;
} SyncCall;

static gpointer
runner_thread (gpointer data)
{
  FdSimRunner *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_atomic_int_set (&self->stopped, TRUE);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FdSimRunner *
fd_sim_runner_new (void)
{
  FdSimRunner *self = g_new0 (FdSimRunner, 1);

  self->ref_count = 1;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fd-sim", runner_thread, self);
  return self;
}

FdSimRunner *
fd_sim_runner_ref (FdSimRunner *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
fd_sim_runner_unref (FdSimRunner *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  fd_sim_runner_stop (self);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self);
}

GMainContext *
fd_sim_runner_get_context (FdSimRunner *self)
{
  return self->context;
}

static gboolean
sync_call_run (gpointer data)
{
  SyncCall *call = data;

  call->func (call->data);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

gboolean
fd_sim_runner_call (FdSimRunner *self, GSourceFunc func, gpointer data)
{
  SyncCall call = { func, data, FALSE };
  GSource *source;
  gboolean done;

  if (g_main_context_is_owner (self->context))
    {
      func (data);
      return TRUE;
    }
  if (g_atomic_int_get (&self->stopped))
    return FALSE;
  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, sync_call_run, &call, NULL);
  g_source_attach (source, self->context);
  g_mutex_lock (&call.lock);
  /* Wake up now and then: a runner that stopped meanwhile will never run
   * the call, and must not leave us waiting forever. */
  while (!call.done && !g_atomic_int_get (&self->stopped))
    g_cond_wait_until (&call.cond, &call.lock,
                       g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND);
  done = call.done;
  g_mutex_unlock (&call.lock);
  if (!done)
    g_source_destroy (source);
  g_source_unref (source);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
  return done;
}

static gboolean
runner_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fd_sim_runner_stop (FdSimRunner *self)
{
  GSource *source;

  if (self->thread == NULL)
    return;
  g_return_if_fail (!g_main_context_is_owner (self->context));
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, runner_quit, g_main_loop_ref (self->loop),
                         (GDestroyNotify)g_main_loop_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);
  self->thread = NULL;
}
