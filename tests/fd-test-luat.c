/* fd-test-luat.c — see fd-test-luat.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fd-error-table.h"
#include "fd-sim-package.h"
#include "fd-test-luat.h"
#include "fd-test-util.h"
#include "fd-transcript.h"

void
fd_test_luat_fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  const char      *globs[2] = { NULL, NULL };

  fx->dir = fd_test_mkdtemp ();
  fx->www = g_build_filename (fx->dir, "www", NULL);
  fx->log_dir = g_build_filename (fx->dir, "log", NULL);
  g_assert_cmpint (g_mkdir (fx->www, 0755), ==, 0);
  fx->fleet = fd_sim_fleet_new (fx->dir, &error);
  g_assert_no_error (error);
  fx->audit = fd_audit_log_new (fx->log_dir, &error);
  g_assert_no_error (error);

  /* Only the simulator's links: no system ports, no sysfs. */
  glob = g_build_filename (fx->dir, "ttyUSB*", NULL);
  globs[0] = glob;
  no_sysfs = g_build_filename (fx->dir, "no-sysfs", NULL);
  fx->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (fx->enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (fx->enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (fx->enumerator, globs);
}

void
fd_test_luat_fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_pointer (&fx->server, fd_test_server_stop);
  g_clear_object (&fx->fleet);
  g_clear_object (&fx->enumerator);
  g_clear_object (&fx->audit);
  fd_test_rm_rf (fx->dir);
  g_free (fx->www);
  g_free (fx->log_dir);
  g_free (fx->dir);
}

/* ---- modules ------------------------------------------------------------ */

FdSimModule *
fd_test_luat_add_module (Fixture *fx, Style style)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, MODEL, NULL, OLD_REV, &error);
  FdSimTiming  timing;

  g_assert_no_error (error);
  fd_sim_module_set_reboot_style (m, style == STYLE_UART ? FD_SIM_REBOOT_KEEP_PORT
                                                         : FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_rename_on_reboot (m, style == STYLE_USB_RENAME);
  /* Quick, but burning takes long enough to be seen between the two
   * restarts, and on USB the report comes after the port is back. */
  fd_sim_module_get_timing (m, &timing);
  timing.flash_ms = style == STYLE_UART ? 600 : 1200;
  timing.check_ms = style == STYLE_UART ? 50 : 600;
  fd_sim_module_set_timing (m, &timing);
  fd_sim_module_set_luat_platform (m, NEW_REV, 50000, 0, 200, 0, TRUE);
  /* A job talks to it at once: let it finish booting first. */
  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  return m;
}

void
fd_test_luat_slow_download (FdSimModule *m, guint step_ms)
{
  FdSimTiming timing;

  fd_sim_module_get_timing (m, &timing);
  timing.step_ms = step_ms;
  fd_sim_module_set_timing (m, &timing);
}

/* Talks to the module directly (before a job), as another tool would. */
void
fd_test_luat_module_command (FdSimModule *m, const char *command)
{
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = fd_test_port_command (port, command, FD_TEST_TIMEOUT_MS);

  g_assert_nonnull (lines);
  g_assert_cmpstr (g_ptr_array_index (lines, lines->len - 1), ==, "OK");
}

char *
fd_test_luat_module_query (FdSimModule *m, const char *command)
{
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  return fd_test_query (port, command);
}

char *
fd_test_luat_publish (Fixture *fx, const char *name, const char *revision)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (fd_sim_package_write (path, revision, 60000, 7, &error));
  g_assert_no_error (error);
  if (fx->server == NULL)
    fx->server = fd_test_server_start ("http", fx->www, NULL);
  return fd_test_server_url (fx->server, name);
}

/* ---- configurations -------------------------------------------------- */

void
fd_test_luat_config_key (FdLuatConfig *config, const char *key)
{
  fd_luat_config_init (config);
  config->server = FD_LUAT_SERVER_KEY;
  config->key = g_strdup (key);
  config->trigger = TRUE;
}

void
fd_test_luat_config_url (FdLuatConfig *config, const char *url)
{
  fd_luat_config_init (config);
  config->server = FD_LUAT_SERVER_URL;
  config->url = g_strdup (url);
  config->trigger = TRUE;
}

/* ---- running a job ------------------------------------------------------ */

static void
on_event (FdJob *job, FdJobEvent *event, gpointer user_data)
{
  JobRun *run = user_data;

  g_ptr_array_add (run->events, fd_job_event_copy (event));
  if (event->kind == FD_JOB_EVENT_MESSAGE && strstr (event->text, "came back on") != NULL)
    g_ptr_array_add (run->links_back, fd_sim_module_dup_link_path (run->module));
  if (run->action != NULL && !run->acted && event->kind == FD_JOB_EVENT_URC
      && g_str_has_prefix (event->text, run->act_on))
    {
      run->acted = TRUE;
      run->action (run);
    }
}

static void
on_finished (GObject *source, GAsyncResult *res, gpointer user_data)
{
  JobRun *run = user_data;
  g_autoptr (GError) error = NULL;

  run->result = fd_job_run_finish (FD_JOB (source), res, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
job_bound_reached (gpointer data)
{
  g_error ("a job did not end within %d s", JOB_BOUND_S);
  return G_SOURCE_REMOVE;
}

void
fd_test_luat_job_run_init (JobRun *run, Fixture *fx, FdSimModule *m)
{
  *run = (JobRun){ .fx = fx, .module = m };
  run->events = g_ptr_array_new_with_free_func ((GDestroyNotify)fd_job_event_free);
  run->links_back = g_ptr_array_new_with_free_func (g_free);
}

void
fd_test_luat_job_run_clear (JobRun *run)
{
  g_clear_object (&run->job);
  g_clear_object (&run->reattach);
  g_clear_pointer (&run->events, g_ptr_array_unref);
  g_clear_pointer (&run->links_back, g_ptr_array_unref);
}

/* Builds the job for @config (with @bounds, or the tests' defaults) and
 * runs it to its end on this thread's main loop. */
void
fd_test_luat_job_run (JobRun *run, const FdLuatConfig *config, const FdFlowBounds *bounds)
{
  g_autofree char *port = fd_sim_module_dup_link_path (run->module);
  g_autofree char *revision = fd_sim_module_dup_revision (run->module);
  FdUpgradeTarget  target = {
     .port = port,
     .imei = fd_sim_module_get_imei (run->module),
     .model = fd_sim_module_get_model (run->module),
     .revision = revision,
  };
  FdUpgradeOptions options;
  g_autoptr (GError) error = NULL;
  gint64 start;
  guint  bound;

  g_assert_nonnull (port);
  fd_upgrade_options_init (&options);
  options.bounds.command_timeout_ms = COMMAND_MS;
  options.bounds.phase_timeout_ms = PHASE_MS;
  options.bounds.reattach_timeout_ms = REATTACH_MS;
  if (bounds != NULL)
    options.bounds = *bounds;
  options.audit_log = run->fx->audit;
  options.log_dir = run->fx->log_dir;
  /* Found again by IMEI, whatever name it comes back under. */
  run->reattach = fd_reattach_new_for_port (run->fx->enumerator, port, target.imei, NULL, &error);
  g_assert_no_error (error);
  fd_reattach_set_poll_interval (run->reattach, 50);
  fd_reattach_set_command_timeout (run->reattach, 250);
  options.reattach = fd_reattach_flow_func;
  options.reattach_data = run->reattach;

  run->job = fd_upgrade_job_new_luat (&target, config, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run->job);
  g_signal_connect (run->job, "event", G_CALLBACK (on_event), run);

  start = g_get_monotonic_time ();
  bound = g_timeout_add_seconds (JOB_BOUND_S, job_bound_reached, NULL);
  fd_job_run_async (run->job, NULL, on_finished, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
  run->elapsed_us = g_get_monotonic_time () - start;
  /* With --verbose: what the job said, to read a failure. */
  for (guint i = 0; i < run->events->len; i++)
    {
      const FdJobEvent *e = g_ptr_array_index (run->events, i);

      if (e->kind != FD_JOB_EVENT_PROGRESS)
        g_test_message ("%6" G_GINT64_FORMAT " ms %-9s %d %s", e->elapsed_ms,
                        fd_phase_to_string (e->phase), e->kind, e->text ? e->text : "");
    }
}

const FdJobEvent *
fd_test_luat_result_event (JobRun *run)
{
  const FdJobEvent *last = g_ptr_array_index (run->events, run->events->len - 1);

  g_assert_cmpint (last->kind, ==, FD_JOB_EVENT_RESULT);
  return last;
}

/* Events of @kind whose text contains @needle (NULL: any). */
guint
fd_test_luat_count_events (JobRun *run, FdJobEventKind kind, const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < run->events->len; i++)
    {
      const FdJobEvent *e = g_ptr_array_index (run->events, i);

      if (e->kind == kind && (needle == NULL || (e->text != NULL && strstr (e->text, needle))))
        n++;
    }
  return n;
}

guint
fd_test_luat_count_phase (JobRun *run, FdPhase phase)
{
  guint n = 0;

  for (guint i = 0; i < run->events->len; i++)
    {
      const FdJobEvent *e = g_ptr_array_index (run->events, i);

      n += e->kind == FD_JOB_EVENT_PHASE && e->phase == phase;
    }
  return n;
}

/* The phases entered, in order, as "configure,upgrade,reboot,…". */
char *
fd_test_luat_phase_path (JobRun *run)
{
  g_autoptr (GString) path = g_string_new (NULL);

  for (guint i = 0; i < run->events->len; i++)
    {
      const FdJobEvent *e = g_ptr_array_index (run->events, i);

      if (e->kind != FD_JOB_EVENT_PHASE)
        continue;
      if (path->len > 0)
        g_string_append_c (path, ',');
      g_string_append (path, fd_phase_to_string (e->phase));
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* ---- the audit log -------------------------------------------------------- */

FdAuditJobSummary *
fd_test_luat_audit_summary (JobRun *run)
{
  g_autoptr (GError) error = NULL;
  guint n_skipped = G_MAXUINT;
  g_autoptr (GPtrArray) records
      = fd_audit_log_read_records (fd_audit_log_get_path (run->fx->audit), &n_skipped, &error);
  g_autoptr (GPtrArray) jobs = NULL;

  g_assert_no_error (error);
  /* Every record whole, boot noise and all. */
  g_assert_cmpuint (n_skipped, ==, 0);
  jobs = fd_audit_log_summarize (records);
  for (guint i = 0; i < jobs->len; i++)
    {
      FdAuditJobSummary *s = g_ptr_array_index (jobs, i);

      if (g_str_equal (s->job_id, fd_job_get_id (run->job)))
        {
          g_ptr_array_set_free_func (jobs, NULL);
          for (guint j = 0; j < jobs->len; j++)
            if (j != i)
              fd_audit_job_summary_free (g_ptr_array_index (jobs, j));
          return s;
        }
    }
  g_error ("job %s is not in the audit log", fd_job_get_id (run->job));
}

/* TRUE when a state record of the job has a message containing @needle. */
gboolean
fd_test_luat_audit_has_message (JobRun *run, const char *needle)
{
  g_autoptr (GPtrArray) records
      = fd_audit_log_read_records (fd_audit_log_get_path (run->fx->audit), NULL, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (records, i);
      const char *message;

      if (g_strcmp0 (json_object_get_string_member (r, "job"), fd_job_get_id (run->job)) != 0
          || !json_object_has_member (r, "message") || json_object_get_null_member (r, "message"))
        continue;
      message = json_object_get_string_member (r, "message");
      if (strstr (message, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Checks the job's final record. @error_code: FD_AUDIT_NO_CODE for none. */
void
fd_test_luat_assert_audit (JobRun *run, FdAuditResult result, const char *error_name,
                           gint64 error_code, const char *last_phase)
{
  g_autoptr (FdAuditJobSummary) s = fd_test_luat_audit_summary (run);

  g_assert_cmpstr (fd_audit_result_to_string (s->result), ==, fd_audit_result_to_string (result));
  g_assert_cmpstr (s->error_name, ==, error_name);
  g_assert_cmpint (s->error_code, ==, error_code);
  g_assert_cmpstr (s->last_phase, ==, last_phase);
  g_assert_cmpstr (s->dialect, ==, "luat");
  g_assert_cmpstr (s->imei, ==, fd_sim_module_get_imei (run->module));
  g_assert_cmpstr (s->old_revision, ==, OLD_REV);
  if (error_name != NULL)
    g_assert_nonnull (s->error_message);
}

/* ---- the transcript -------------------------------------------------------- */

/* Everything the job sent (@tx) and received (@rx), decoded. */
void
fd_test_luat_load_transcript (JobRun *run, char **tx, char **rx)
{
  const char *path = fd_upgrade_job_get_transcript_path (run->job);
  g_autoptr (FdTranscriptHeader) header = NULL;
  g_autoptr (GPtrArray) chunks = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) in = g_string_new (NULL);

  g_assert_nonnull (path);
  g_assert_true (fd_transcript_load (path, &header, &chunks, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < chunks->len; i++)
    {
      FdTranscriptChunk *c = g_ptr_array_index (chunks, i);
      gsize              len;
      const char        *data = g_bytes_get_data (c->data, &len);

      if (c->direction == FD_AT_DIRECTION_TX)
        g_string_append_len (out, data, len);
      else if (c->direction == FD_AT_DIRECTION_RX)
        g_string_append_len (in, data, len);
    }
  *tx = g_string_free (g_steal_pointer (&out), FALSE);
  *rx = g_string_free (g_steal_pointer (&in), FALSE);
}

guint
fd_test_luat_count_lines (const char *text, const char *line)
{
  g_autofree char *framed = g_strconcat (line, "\r", NULL);
  guint            n = 0;

  for (const char *p = strstr (text, framed); p != NULL; p = strstr (p + 1, framed))
    {
      if (p == text || p[-1] == '\r' || p[-1] == '\n')
        n++;
    }
  return n;
}

static void
assert_file_lacks (const char *path, const char *secret)
{
  g_autofree char *raw = NULL;

  g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
  g_assert_null (strstr (raw, secret));
}

/* @secret nowhere: not in the audit log, the transcript (as stored and
 * decoded) or any event. */
void
fd_test_luat_assert_secret_absent (JobRun *run, const char *secret)
{
  g_autofree char *tx = NULL;
  g_autofree char *rx = NULL;

  assert_file_lacks (fd_audit_log_get_path (run->fx->audit), secret);
  assert_file_lacks (fd_upgrade_job_get_transcript_path (run->job), secret);
  fd_test_luat_load_transcript (run, &tx, &rx);
  g_assert_null (strstr (tx, secret));
  g_assert_null (strstr (rx, secret));
  for (guint i = 0; i < run->events->len; i++)
    {
      const FdJobEvent *e = g_ptr_array_index (run->events, i);

      g_assert_true (e->text == NULL || strstr (e->text, secret) == NULL);
    }
}

void
fd_test_luat_assert_upgraded (JobRun *run)
{
  const FdJobEvent *result = fd_test_luat_result_event (run);
  g_autofree char  *revision = fd_sim_module_dup_revision (run->module);

  g_assert_cmpint (run->result, ==, FD_RESULT_SUCCESS);
  g_assert_cmpstr (result->new_revision, ==, NEW_REV);
  g_assert_true (result->revision_changed);
  g_assert_cmpstr (revision, ==, NEW_REV);
  /* The module rebooted twice (after the download, after burning). */
  g_assert_cmpuint (fd_sim_module_get_boot_count (run->module), ==, 3);
  g_assert_cmpuint (fd_test_luat_count_events (run, FD_JOB_EVENT_PHASE, NULL), >=, 5);
  fd_test_luat_assert_audit (run, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "report");
  {
    g_autoptr (FdAuditJobSummary) s = fd_test_luat_audit_summary (run);

    g_assert_true (s->revision_changed);
    g_assert_cmpstr (s->new_revision, ==, NEW_REV);
  }
}

/* ---- failures the module reports ----------------------------------------- */

void
fd_test_luat_run_failure (Fixture *fx, FdSimModule *m, const FdLuatConfig *config,
                          const FailureCase *c)
{
  g_autoptr (FdAuditJobSummary) s = NULL;
  g_autofree char    *result = g_strdup_printf ("error %d, HTTP status %d, cause %d", c->error_code,
                                                c->http_status, c->cause);
  g_autofree char    *meaning = NULL;
  const FdErrorEntry *entry;
  JobRun              run;

  fd_test_luat_job_run_init (&run, fx, m);
  fd_test_luat_job_run (&run, config, NULL);
  g_assert_cmpint (run.result, ==, FD_RESULT_FAILED);
  fd_test_luat_assert_audit (&run, FD_AUDIT_RESULT_FAILED, c->name, c->code, "upgrade");

  /* The message is the table's meaning, with the module's three fields. */
  s = fd_test_luat_audit_summary (&run);
  entry = c->cause != 0 ? fd_error_table_lookup (FD_ERROR_SOURCE_FOTA_CAUSE, c->cause)
                        : fd_error_table_lookup (FD_ERROR_SOURCE_LUAT, c->error_code);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->name, ==, c->name);
  meaning = fd_error_table_describe (entry->source, entry->code);
  g_assert_nonnull (strstr (s->error_message, meaning));
  g_assert_nonnull (strstr (s->error_message, result));
  g_assert_cmpstr (fd_job_get_error_name (run.job), ==, c->name);
  /* Nothing changed on the module. */
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
  fd_test_luat_assert_secret_absent (&run, KEY);
  fd_test_luat_job_run_clear (&run);
}
