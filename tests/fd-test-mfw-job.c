/* fd-test-mfw-job.c — real MFW upgrade jobs against simulated modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-test-mfw-job.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fd-sim-package.h"
#include "fd-test-util.h"
#include "fd-transcript.h"

/* ---- fixture ------------------------------------------------------------ */

void
mfw_fixture_setup (MfwFixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  const char      *globs[2] = { NULL, NULL };

  fx->dir = fd_test_mkdtemp ();
  fx->sim_dir = g_build_filename (fx->dir, "dev", NULL);
  fx->www = g_build_filename (fx->dir, "www", NULL);
  fx->log_dir = g_build_filename (fx->dir, "log", NULL);
  g_assert_cmpint (g_mkdir (fx->www, 0755), ==, 0);
  fx->fleet = fd_sim_fleet_new (fx->sim_dir, &error);
  g_assert_no_error (error);
  fx->audit = fd_audit_log_new (fx->log_dir, &error);
  g_assert_no_error (error);

  /* Only the simulator's links, no system ports, no sysfs: a module is
   * found again by its IMEI. */
  glob = g_build_filename (fx->sim_dir, "ttyUSB*", NULL);
  globs[0] = glob;
  no_sysfs = g_build_filename (fx->dir, "no-sysfs", NULL);
  fx->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (fx->enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (fx->enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (fx->enumerator, globs);

  fd_flow_bounds_init (&fx->bounds);
  fx->bounds.command_timeout_ms = 1000;
  fx->bounds.phase_timeout_ms = 20000;
  fx->bounds.reattach_timeout_ms = 15000;
}

void
mfw_fixture_teardown (MfwFixture *fx, gconstpointer data)
{
  g_clear_object (&fx->enumerator);
  g_clear_object (&fx->audit);
  if (fx->fleet != NULL)
    fd_sim_fleet_shutdown (fx->fleet);
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
  g_free (fx->sim_dir);
  g_free (fx->www);
  g_free (fx->log_dir);
}

FdSimModule *
mfw_add_module (MfwFixture *fx, const char *model)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *module = fd_sim_fleet_add_module (fx->fleet, model, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (fd_sim_module_wait_ready (module, 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  return module;
}

GBytes *
mfw_publish (MfwFixture *fx, const char *name, const char *revision, gsize payload, guint32 seed)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);
  GBytes          *package = fd_sim_package_build (revision, payload, seed);

  g_assert_nonnull (package);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (package, NULL),
                                      (gssize)g_bytes_get_size (package), NULL));
  return package;
}

char *
mfw_write_file (MfwFixture *fx, const char *name, GBytes *bytes)
{
  char *path = g_build_filename (fx->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL));
  return path;
}

void
mfw_target_init (MfwTarget *t, FdSimModule *module)
{
  t->port = fd_sim_module_dup_link_path (module);
  t->revision = fd_sim_module_dup_revision (module);
  g_assert_nonnull (t->port);
  t->target = (FdUpgradeTarget){
    .port = t->port,
    .imei = fd_sim_module_get_imei (module),
    .model = fd_sim_module_get_model (module),
    .revision = t->revision,
  };
}

void
mfw_target_clear (MfwTarget *t)
{
  g_clear_pointer (&t->port, g_free);
  g_clear_pointer (&t->revision, g_free);
}

FdReattach *
mfw_new_reattach (MfwFixture *fx, FdSimModule *module)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *link = fd_sim_module_dup_link_path (module);
  FdReattach      *reattach = fd_reattach_new_for_port (fx->enumerator, link,
                                                        fd_sim_module_get_imei (module), NULL, &error);

  g_assert_no_error (error);
  fd_reattach_set_poll_interval (reattach, 100);
  fd_reattach_set_command_timeout (reattach, 1000);
  return reattach;
}

FdJob *
mfw_new_job (MfwFixture *fx, FdSimModule *module, const FdMfwConfig *config, FdReattach *reattach)
{
  g_auto (MfwTarget) t = { 0 };
  g_autoptr (GError) error = NULL;
  FdUpgradeOptions options;
  FdJob           *job;

  mfw_target_init (&t, module);
  fd_upgrade_options_init (&options);
  options.bounds = fx->bounds;
  options.audit_log = fx->audit;
  options.log_dir = fx->log_dir;
  if (reattach != NULL)
    {
      options.reattach = fd_reattach_flow_func;
      options.reattach_data = reattach;
    }
  job = fd_upgrade_job_new_mfw (&t.target, config, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  return job;
}

/* ---- running ------------------------------------------------------------ */

static void
on_event (FdJob *job, FdJobEvent *event, gpointer user_data)
{
  MfwRunWatch *watch = user_data;

  g_ptr_array_add (watch->events, fd_job_event_copy (event));
  if (g_getenv ("FD_TEST_EVENTS") != NULL)
    g_printerr ("  [%6" G_GINT64_FORMAT " ms] %-9s %d %s\n", event->elapsed_ms,
                fd_phase_to_string (event->phase), event->kind,
                event->text != NULL ? event->text : "");
  if (watch->hook != NULL)
    watch->hook (watch, event, watch->hook_data);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MfwRunWatch *watch = user_data;
  g_autoptr (GError) error = NULL;

  watch->result = fd_job_run_finish (FD_JOB (source), result, &error);
  g_assert_no_error (error);
  watch->elapsed_ms = (g_get_monotonic_time () - watch->started_us) / 1000;
  watch->done = TRUE;
}

void
mfw_watch_init (MfwRunWatch *watch, FdJob *job)
{
  *watch = (MfwRunWatch){ .job = g_object_ref (job) };
  watch->events = g_ptr_array_new_with_free_func ((GDestroyNotify)fd_job_event_free);
  g_signal_connect (job, "event", G_CALLBACK (on_event), watch);
}

void
mfw_watch_clear (MfwRunWatch *watch)
{
  if (watch->job != NULL)
    g_signal_handlers_disconnect_by_data (watch->job, watch);
  g_clear_object (&watch->job);
  g_clear_pointer (&watch->events, g_ptr_array_unref);
}

static gboolean
bound_reached (gpointer data)
{
  g_error ("liveness bound of %d ms reached: the job or batch hangs", FD_TEST_JOB_BOUND_MS);
  return G_SOURCE_REMOVE;
}

void
mfw_iterate_until (gboolean *flag)
{
  guint bound = g_timeout_add (FD_TEST_JOB_BOUND_MS, bound_reached, NULL);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
}

void
mfw_start (MfwRunWatch *watch)
{
  watch->started_us = g_get_monotonic_time ();
  fd_job_run_async (watch->job, NULL, on_done, watch);
}

void
mfw_run (MfwRunWatch *watch)
{
  mfw_start (watch);
  mfw_iterate_until (&watch->done);
  g_test_message ("job ended %s (%s) after %" G_GINT64_FORMAT " ms: %s",
                  fd_result_to_string (fd_job_get_result (watch->job)),
                  fd_job_get_error_name (watch->job) ? fd_job_get_error_name (watch->job) : "-",
                  watch->elapsed_ms,
                  fd_job_get_message (watch->job) ? fd_job_get_message (watch->job) : "");
}

const char *
mfw_find_text (MfwRunWatch *watch, FdJobEventKind kind, const char *needle)
{
  for (guint i = 0; i < watch->events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch->events, i);

      if (event->kind == kind && event->text != NULL && strstr (event->text, needle) != NULL)
        return event->text;
    }
  return NULL;
}

guint
mfw_count_urcs (MfwRunWatch *watch, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < watch->events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch->events, i);

      if (event->kind == FD_JOB_EVENT_URC && g_str_has_prefix (event->text, prefix))
        n++;
    }
  return n;
}

gint64
mfw_phase_entered_ms (MfwRunWatch *watch, FdPhase phase)
{
  for (guint i = 0; i < watch->events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch->events, i);

      if (event->kind == FD_JOB_EVENT_PHASE && event->phase == phase)
        return event->elapsed_ms;
    }
  return -1;
}

/* ---- records ------------------------------------------------------------ */

FdAuditJobSummary *
mfw_audit_summary (MfwFixture *fx, FdJob *job)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records
      = fd_audit_log_read_records (fd_audit_log_get_path (fx->audit), NULL, &error);
  g_autoptr (GPtrArray) summaries = NULL;

  g_assert_no_error (error);
  summaries = fd_audit_log_summarize (records);
  for (guint i = 0; i < summaries->len; i++)
    {
      FdAuditJobSummary *summary = g_ptr_array_index (summaries, i);

      if (g_strcmp0 (summary->job_id, fd_job_get_id (job)) == 0)
        return g_ptr_array_steal_index (summaries, i);
    }
  g_error ("job %s is not in the audit log", fd_job_get_id (job));
  return NULL;
}

void
mfw_assert_audit (MfwFixture *fx, FdJob *job, FdAuditResult result, const char *error_name,
                  gint64 error_code, const char *last_phase)
{
  g_autoptr (FdAuditJobSummary) summary = mfw_audit_summary (fx, job);

  g_assert_cmpstr (fd_audit_result_to_string (summary->result), ==,
                   fd_audit_result_to_string (result));
  g_assert_cmpstr (summary->error_name, ==, error_name);
  g_assert_cmpint (summary->error_code, ==, error_code);
  g_assert_cmpstr (summary->last_phase, ==, last_phase);
  g_assert_cmpstr (summary->imei, ==, fd_job_get_imei (job));
  g_assert_cmpstr (summary->dialect, ==, "mfw");
  g_assert_cmpstr (summary->old_revision, ==, fd_job_get_old_revision (job));
}

GString *
mfw_transcript_bytes (FdJob *job, gboolean tx)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdTranscriptHeader) header = NULL;
  g_autoptr (GPtrArray) chunks = NULL;
  const char   *path = fd_upgrade_job_get_transcript_path (job);
  GString      *bytes = g_string_new (NULL);
  FdAtDirection want = tx ? FD_AT_DIRECTION_TX : FD_AT_DIRECTION_RX;

  g_assert_nonnull (path);
  g_assert_true (fd_transcript_load (path, &header, &chunks, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < chunks->len; i++)
    {
      FdTranscriptChunk *chunk = g_ptr_array_index (chunks, i);
      gsize              len;
      const char        *data = g_bytes_get_data (chunk->data, &len);

      if (chunk->direction == want)
        g_string_append_len (bytes, data, (gssize)len);
    }
  return bytes;
}

guint
mfw_count (const GString *haystack, const char *needle)
{
  gsize n = strlen (needle);
  guint count = 0;

  for (gsize i = 0; n > 0 && i + n <= haystack->len; i++)
    if (memcmp (haystack->str + i, needle, n) == 0)
      count++;
  return count;
}

char *
mfw_read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}
