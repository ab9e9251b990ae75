/* fd-test-rsfota.c — running real RSFOTA upgrade jobs in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fd-test-rsfota.h"
#include "fd-transcript.h"

FdTestRsfota *
fd_test_rsfota_new (const char *dir, const char *port_glob)
{
  FdTestRsfota *self = g_new0 (FdTestRsfota, 1);
  g_autoptr (GError) error = NULL;

  self->dir = g_strdup (dir);
  self->log_dir = g_build_filename (dir, "logs", NULL);
  self->audit = fd_audit_log_new (self->log_dir, &error);
  g_assert_no_error (error);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify)fd_job_event_free);
  /* Generous for one command on a busy machine; short for phases, so
   * that the timeout tests stay quick. */
  fd_flow_bounds_init (&self->bounds);
  self->bounds.command_timeout_ms = 3000;
  self->bounds.phase_timeout_ms = 10000;
  self->bounds.reattach_timeout_ms = 10000;
  if (port_glob != NULL)
    {
      const char      *globs[] = { port_glob, NULL };
      g_autofree char *no_sysfs = g_build_filename (dir, "no-sysfs", NULL);

      self->enumerator = fd_port_enumerator_new ();
      fd_port_enumerator_set_sysfs_root (self->enumerator, no_sysfs);
      fd_port_enumerator_set_list_func (self->enumerator, NULL, NULL, NULL);
      fd_port_enumerator_set_globs (self->enumerator, globs);
    }
  return self;
}

void
fd_test_rsfota_free (FdTestRsfota *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->job);
  g_clear_object (&self->reattach);
  g_clear_object (&self->enumerator);
  g_clear_object (&self->audit);
  g_clear_error (&self->error);
  g_ptr_array_unref (self->events);
  g_free (self->log_dir);
  g_free (self->dir);
  g_free (self);
}

/* Shown with --verbose, and in the log of a failed test. */
static void
log_event (const FdJobEvent *event)
{
  static const char *const kinds[] = { "phase", "progress", "urc", "warning", "message", "result" };

  if (event->kind == FD_JOB_EVENT_PROGRESS)
    g_test_message ("[%s] progress %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                    fd_phase_to_string (event->phase), event->bytes, event->total);
  else if (event->kind == FD_JOB_EVENT_RESULT)
    g_test_message ("[%s] result %s %s %s", fd_phase_to_string (event->phase),
                    fd_result_to_string (event->result),
                    event->error_name != NULL ? event->error_name : "",
                    event->text != NULL ? event->text : "");
  else
    g_test_message ("[%s] %s %s", fd_phase_to_string (event->phase), kinds[event->kind],
                    event->text != NULL ? event->text : "");
}

static void
on_event (FdJob *job, const FdJobEvent *event, gpointer user_data)
{
  FdTestRsfota *self = user_data;

  g_ptr_array_add (self->events, fd_job_event_copy (event));
  log_event (event);
  if (event->kind == FD_JOB_EVENT_RESULT)
    self->ended_us = g_get_monotonic_time ();
  if (self->hook != NULL)
    self->hook (self, event, self->hook_data);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FdTestRsfota *self = user_data;

  self->result = fd_job_run_finish (FD_JOB (source), result, &self->error);
  self->done = TRUE;
}

static gboolean
on_guard (gpointer user_data)
{
  g_error ("the job did not end within %u ms", FD_TEST_RSFOTA_GUARD_MS);
  return G_SOURCE_REMOVE;
}

static void
new_reattach (FdTestRsfota *self, const char *port, const char *imei)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&self->reattach);
  if (self->enumerator == NULL)
    return;
  self->reattach = fd_reattach_new_for_port (self->enumerator, port, imei, NULL, &error);
  g_assert_no_error (error);
  fd_reattach_set_poll_interval (self->reattach, 100);
  fd_reattach_set_command_timeout (self->reattach, 1000);
}

void
fd_test_rsfota_run (FdTestRsfota *self, const char *port, const char *imei, const char *revision,
                    const FdRsfotaConfig *config)
{
  FdUpgradeTarget  target = { .port = port, .imei = imei, .model = "M5311", .revision = revision };
  FdUpgradeOptions options;
  g_autoptr (GError) error = NULL;
  guint guard;

  g_clear_object (&self->job);
  g_clear_error (&self->error);
  g_ptr_array_set_size (self->events, 0);
  self->result = FD_RESULT_NONE;
  self->done = FALSE;
  new_reattach (self, port, imei);

  fd_upgrade_options_init (&options);
  options.bounds = self->bounds;
  options.audit_log = self->audit;
  options.log_dir = self->log_dir;
  if (self->reattach != NULL)
    {
      options.reattach = fd_reattach_flow_func;
      options.reattach_data = self->reattach;
    }
  self->job = fd_upgrade_job_new_rsfota (&target, config, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->job);
  g_signal_connect (self->job, "event", G_CALLBACK (on_event), self);

  self->started_us = g_get_monotonic_time ();
  fd_job_run_async (self->job, NULL, on_done, self);
  guard = g_timeout_add (FD_TEST_RSFOTA_GUARD_MS, on_guard, NULL);
  while (!self->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_true (fd_job_is_finished (self->job));
}

gint64
fd_test_rsfota_elapsed_ms (FdTestRsfota *self)
{
  return (self->ended_us - self->started_us) / 1000;
}

gboolean
fd_test_rsfota_has_text (FdTestRsfota *self, FdJobEventKind kind, const char *needle)
{
  for (guint i = 0; i < self->events->len; i++)
    {
      const FdJobEvent *event = g_ptr_array_index (self->events, i);

      if (event->kind == kind && event->text != NULL && strstr (event->text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

char *
fd_test_rsfota_phases (FdTestRsfota *self)
{
  g_autoptr (GString) trail = g_string_new (NULL);

  for (guint i = 0; i < self->events->len; i++)
    {
      const FdJobEvent *event = g_ptr_array_index (self->events, i);

      if (event->kind != FD_JOB_EVENT_PHASE)
        continue;
      if (trail->len > 0)
        g_string_append_c (trail, ',');
      g_string_append (trail, fd_phase_to_string (event->phase));
    }
  return g_string_free (g_steal_pointer (&trail), FALSE);
}

guint
fd_test_rsfota_assert_progress (FdTestRsfota *self, guint64 total)
{
  guint64 last = 0;
  int     last_overall = 0;
  guint   n = 0;

  for (guint i = 0; i < self->events->len; i++)
    {
      const FdJobEvent *event = g_ptr_array_index (self->events, i);

      g_assert_cmpint (event->overall, >=, last_overall);
      last_overall = event->overall;
      if (event->kind != FD_JOB_EVENT_PROGRESS)
        continue;
      g_assert_cmpint (event->phase, ==, FD_PHASE_DOWNLOAD);
      g_assert_cmpuint (event->total, ==, total);
      g_assert_cmpuint (event->bytes, >, last);
      last = event->bytes;
      n++;
    }
  g_assert_cmpuint (last, ==, total);
  return n;
}

const FdJobEvent *
fd_test_rsfota_result_event (FdTestRsfota *self)
{
  g_assert_cmpuint (self->events->len, >, 0);
  const FdJobEvent *last = g_ptr_array_index (self->events, self->events->len - 1);

  g_assert_cmpint (last->kind, ==, FD_JOB_EVENT_RESULT);
  return last;
}

char *
fd_test_rsfota_assert_audit (FdTestRsfota *self, const char *result, const char *error_name,
                             gint64 code, const char *last_phase)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records
      = fd_audit_log_read_records (fd_audit_log_get_path (self->audit), NULL, &error);
  g_autoptr (GPtrArray) jobs = NULL;
  FdAuditJobSummary *job;

  g_assert_no_error (error);
  jobs = fd_audit_log_summarize (records);
  g_assert_cmpuint (jobs->len, >, 0);
  job = g_ptr_array_index (jobs, jobs->len - 1);
  g_assert_cmpstr (job->job_id, ==, fd_job_get_id (self->job));
  g_assert_cmpstr (job->dialect, ==, "rsfota");
  g_assert_cmpstr (fd_audit_result_to_string (job->result), ==, result);
  g_assert_cmpstr (job->error_name, ==, error_name);
  g_assert_cmpint (job->error_code, ==, code);
  g_assert_cmpstr (job->last_phase, ==, last_phase);
  return g_strdup (job->error_message);
}

GStrv
fd_test_rsfota_sent (FdTestRsfota *self)
{
  const char *path = fd_upgrade_job_get_transcript_path (self->job);
  g_autoptr (FdTranscriptHeader) header = NULL;
  g_autoptr (GPtrArray) chunks = NULL;
  g_autoptr (GString) tx = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) sent = g_strv_builder_new ();

  g_assert_nonnull (path);
  g_assert_true (fd_transcript_load (path, &header, &chunks, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < chunks->len; i++)
    {
      FdTranscriptChunk *chunk = g_ptr_array_index (chunks, i);
      gsize              len;
      const char        *data;

      if (chunk->direction != FD_AT_DIRECTION_TX)
        continue;
      data = g_bytes_get_data (chunk->data, &len);
      g_string_append_len (tx, data, (gssize)len);
    }
  lines = g_strsplit (tx->str, "\r", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0')
        g_strv_builder_add (sent, lines[i]);
    }
  return g_strv_builder_end (sent);
}

guint
fd_test_rsfota_count_sent (FdTestRsfota *self, const char *command)
{
  g_auto (GStrv) sent = fd_test_rsfota_sent (self);
  guint n = 0;

  for (guint i = 0; sent[i] != NULL; i++)
    n += g_str_equal (sent[i], command);
  return n;
}
