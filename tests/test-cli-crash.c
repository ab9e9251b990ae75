/* test-cli-crash.c — fotadesk-cli killed with SIGKILL in the middle of a
 * batch: the record it leaves is whole and true
 *
 * Four simulated MN316 download a package slowly (the simulator's
 * realistic 16 KiB/s) while fotadesk-cli follows them; once every module
 * has reported download progress the CLI gets SIGKILL — no handler, no
 * cleanup. Then: every line of the audit log parses; every event the CLI
 * had printed is in it (recorded before shown); each job's last record
 * is a state record of the download it was in, none is final; and
 * `fotadesk-cli report --json` calls each of them interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "fd-audit-log.h"
#include "fd-sim-fleet.h"
#include "fd-sim-package.h"
#include "fd-test-server.h"
#include "fd-test-util.h"

#define N_MODULES 4
#define CLI_BOUND_S 60

typedef struct
{
  char         *dir;
  char         *log_dir;
  char         *glob;
  char         *www;
  FdSimFleet   *fleet;
  FdTestServer *server;
  char         *url;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *package = NULL;
  g_autofree char *sim_dir = NULL;

  f->dir = fd_test_mkdtemp ();
  f->log_dir = g_build_filename (f->dir, "logs", NULL);
  f->www = g_build_filename (f->dir, "www", NULL);
  sim_dir = g_build_filename (f->dir, "dev", NULL);
  f->glob = g_build_filename (sim_dir, "tty*", NULL);
  g_assert_cmpint (g_mkdir (f->www, 0755), ==, 0);
  package = g_build_filename (f->www, "fw.bin", NULL);
  /* 256 KiB at 16 KiB/s: a download of 16 s, killed in its first second */
  g_assert_true (fd_sim_package_write (package, "MN316_V7.0.0", 256 * 1024, 4, &error));
  f->server = fd_test_server_start ("http", f->www, NULL);
  f->url = fd_test_server_url (f->server, "fw.bin");

  f->fleet = fd_sim_fleet_new (sim_dir, &error);
  g_assert_no_error (error);
  fd_sim_fleet_set_realistic (f->fleet, TRUE);
  for (guint i = 0; i < N_MODULES; i++)
    {
      FdSimModule *m = fd_sim_fleet_add_module (f->fleet, "MN316", NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, &error));
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  fd_sim_fleet_shutdown (f->fleet);
  g_clear_object (&f->fleet);
  g_clear_pointer (&f->server, fd_test_server_stop);
  fd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->log_dir);
  g_free (f->glob);
  g_free (f->www);
  g_free (f->url);
}

/* ---- the CLI, read line by line, killed at the right moment --------------- */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *lines;
  GPtrArray        *events;      /* JsonObject, in the order printed */
  GHashTable       *downloading; /* IMEIs that showed download progress */
  gboolean          killed;
  gboolean          eof;
} Watch;

static void read_next_line (Watch *w);

static JsonObject *
parse_object (const char *line)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
member (JsonObject *o, const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static void
line_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Watch *w = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line
      = g_data_input_stream_read_line_finish_utf8 (w->lines, result, NULL, &error);
  JsonObject *o;

  g_assert_no_error (error);
  if (line == NULL)
    {
      w->eof = TRUE;
      return;
    }
  g_test_message ("cli: %s", line);
  o = parse_object (line);
  g_ptr_array_add (w->events, o);
  /* the module's own word that it has part of the package */
  if (g_strcmp0 (member (o, "event"), "urc") == 0
      && g_str_has_prefix (member (o, "line"), "+MFWDLOAD: 1,"))
    {
      g_auto (GStrv) fields = g_strsplit (member (o, "line") + strlen ("+MFWDLOAD: "), ",", -1);

      if (g_strv_length (fields) == 3 && g_ascii_strtoull (fields[2], NULL, 10) > 0)
        g_hash_table_add (w->downloading, g_strdup (member (o, "imei")));
    }
  if (!w->killed && g_hash_table_size (w->downloading) == N_MODULES)
    {
      w->killed = TRUE;
      g_subprocess_force_exit (w->process); /* SIGKILL */
    }
  read_next_line (w);
}

static void
read_next_line (Watch *w)
{
  g_data_input_stream_read_line_async (w->lines, G_PRIORITY_DEFAULT, NULL, line_read, w);
}

static gboolean
bound_reached (gpointer data)
{
  g_error ("fotadesk-cli did not finish within %d s", CLI_BOUND_S);
  return G_SOURCE_REMOVE;
}

static char *
run_cli (Fixture *f, const char *const *args, int *status)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer)g_getenv ("FD_CLI_BINARY"));
  g_ptr_array_add (argv, "--glob-only");
  g_ptr_array_add (argv, "--glob");
  g_ptr_array_add (argv, f->glob);
  g_ptr_array_add (argv, "--log-dir");
  g_ptr_array_add (argv, f->log_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

/* ---- what the log says ------------------------------------------------------ */

/* Records of the job of @imei, in order. */
static GPtrArray *
records_of (GPtrArray *records, const char *imei)
{
  GPtrArray *mine = g_ptr_array_new ();

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (records, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (r, "imei", NULL), imei) == 0)
        g_ptr_array_add (mine, r);
    }
  return mine;
}

static gboolean
has_record (GPtrArray *mine, const char *phase, const char *message)
{
  for (guint i = 0; i < mine->len; i++)
    {
      JsonObject *r = g_ptr_array_index (mine, i);
      const char *m = json_object_get_string_member_with_default (r, "message", NULL);

      if (g_strcmp0 (json_object_get_string_member_with_default (r, "phase", NULL), phase) == 0
          && (message == NULL || g_strcmp0 (m, message) == 0))
        return TRUE;
    }
  return FALSE;
}

/* Everything the CLI showed of a job was recorded before it was shown. */
static void
assert_shown_was_recorded (Watch *w, GPtrArray *records)
{
  for (guint i = 0; i < w->events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (w->events, i);
      const char *kind = member (e, "event");
      const char *imei = member (e, "imei");
      g_autoptr (GPtrArray) mine = NULL;
      g_autofree char *urc = NULL;

      if (imei == NULL || g_strcmp0 (kind, "progress") == 0)
        continue;
      mine = records_of (records, imei);
      if (g_strcmp0 (kind, "urc") == 0)
        urc = g_strdup_printf ("urc: %s", member (e, "line"));
      else if (g_strcmp0 (kind, "message") == 0 || g_strcmp0 (kind, "warning") == 0)
        urc = g_strdup_printf ("%s: %s", kind, member (e, "message"));
      if (!has_record (mine, member (e, "phase"), urc))
        g_error ("the CLI showed %s %s of %s (%s), the audit log lacks it", kind,
                 urc != NULL ? urc : "", imei, member (e, "phase"));
    }
}

static void
test_kill_mid_batch (Fixture *f, gconstpointer data)
{
  const char      *argv[] = { g_getenv ("FD_CLI_BINARY"),
                              "--glob-only",
                              "--glob",
                              f->glob,
                              "--log-dir",
                              f->log_dir,
                              "--json",
                              "upgrade",
                              "mfw",
                              "--url",
                              f->url,
                              "--progind",
                              "4096",
                              "--all",
                              "--no-canary",
                              NULL };
  g_autofree char *audit_path = g_build_filename (f->log_dir, FD_AUDIT_LOG_FILENAME, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) report = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer       imei;
  guint          n_skipped = 0;
  guint          bound;
  int            status = 0;
  Watch          w = { 0 };

  w.events = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  w.downloading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  w.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (w.process));
  read_next_line (&w);
  bound = g_timeout_add_seconds (CLI_BOUND_S, bound_reached, NULL);
  while (!w.eof)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
  g_subprocess_wait (w.process, NULL, NULL);
  g_assert_true (w.killed);
  g_assert_true (g_subprocess_get_if_signaled (w.process));
  g_assert_cmpint (g_subprocess_get_term_sig (w.process), ==, SIGKILL);

  /* Every line is a whole record: one write() each, never torn by a kill. */
  records = fd_audit_log_read_records (audit_path, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 0);
  assert_shown_was_recorded (&w, records);
  g_hash_table_iter_init (&iter, w.downloading);
  while (g_hash_table_iter_next (&iter, &imei, NULL))
    {
      g_autoptr (GPtrArray) mine = records_of (records, imei);
      JsonObject *last;

      g_assert_cmpuint (mine->len, >, 0);
      last = g_ptr_array_index (mine, mine->len - 1);
      /* The job was downloading when the process died, and nothing says
       * it ended. */
      g_assert_cmpstr (json_object_get_string_member (last, "record"), ==, "state");
      g_assert_cmpstr (json_object_get_string_member (last, "phase"), ==, "download");
      for (guint i = 0; i < mine->len; i++)
        g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (mine, i), "record"), ==,
                         "state");
    }

  /* The next run tells them interrupted. */
  out = run_cli (f, (const char *const[]){ "report", "--json", NULL }, &status);
  g_test_message ("report:\n%s", out);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (report, parse_object (lines[i]));
  g_hash_table_iter_init (&iter, w.downloading);
  while (g_hash_table_iter_next (&iter, &imei, NULL))
    {
      JsonObject *job = NULL;

      for (guint i = 0; i < report->len; i++)
        if (g_strcmp0 (member (g_ptr_array_index (report, i), "imei"), imei) == 0)
          job = g_ptr_array_index (report, i);
      g_assert_nonnull (job);
      g_assert_cmpstr (member (job, "result"), ==, "interrupted");
      g_assert_cmpstr (member (job, "last_phase"), ==, "download");
    }

  /* People read it in words: the result and the phase it stopped in. */
  g_free (out);
  out = run_cli (f, (const char *const[]){ "report", NULL }, &status);
  g_test_message ("report:\n%s", out);
  g_assert_cmpint (status, ==, 0);
  g_hash_table_iter_init (&iter, w.downloading);
  while (g_hash_table_iter_next (&iter, &imei, NULL))
    {
      g_autofree char *needle = g_strdup_printf ("  %s  ", (const char *) imei);
      const char *found = strstr (out, needle);
      g_autofree char *line = NULL;

      g_assert_nonnull (found);
      line = g_strndup (found, strcspn (found, "\n"));
      g_assert_true (g_str_has_suffix (line, "  Interrupted  (FotaDesk stopped during "
                                             "“Downloading”; check the module)"));
    }

  g_clear_object (&w.lines);
  g_clear_object (&w.process);
  g_ptr_array_unref (w.events);
  g_hash_table_unref (w.downloading);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/reliability/cli/kill-mid-batch", Fixture, NULL, fixture_setup, test_kill_mid_batch,
              fixture_teardown);
  return g_test_run ();
}
