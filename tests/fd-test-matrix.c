/* fd-test-matrix.c — see fd-test-matrix.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-test-matrix.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-test-util.h"

static const char *const columns[] = { "rsfota", "mfw", "luat" };

#define MESSAGE_MAX 600

static void
cell_free (gpointer data)
{
  MatrixCell *c = data;

  mfw_watch_clear (&c->watch);
  g_clear_object (&c->reattach);
  g_free (c->row);
  g_free (c->child_log_dir);
  g_free (c->child_error_name);
  g_free (c->child_message);
  g_free (c->child_job_id);
  g_free (c->verdict);
  g_free (c);
}

void
matrix_init (Matrix *m)
{
  mfw_fixture_setup (&m->fx, NULL);
  m->cells = g_ptr_array_new_with_free_func (cell_free);
}

void
matrix_clear (Matrix *m)
{
  g_clear_pointer (&m->cells, g_ptr_array_unref);
  mfw_fixture_teardown (&m->fx, NULL);
}

MatrixCell *
matrix_add (Matrix *m, const char *row, const char *column, FdResult result, const char *error_name,
            gint64 code, const char *text, guint bound_ms)
{
  MatrixCell *c = g_new0 (MatrixCell, 1);

  c->row = g_strdup (row);
  c->column = column;
  c->result = result;
  c->error_name = error_name;
  c->code = code;
  c->text = text;
  c->bound_ms = bound_ms;
  g_ptr_array_add (m->cells, c);
  return c;
}

static void
on_cell_event (MfwRunWatch *watch, const FdJobEvent *event, gpointer data)
{
  MatrixCell *c = data;

  if (c->action != NULL)
    c->action (c, event);
}

void
matrix_set_job (MatrixCell *cell, FdJob *job)
{
  mfw_watch_init (&cell->watch, job);
  cell->watch.hook = on_cell_event;
  cell->watch.hook_data = cell;
  g_object_unref (job);
}

/* ---- running -------------------------------------------------------------- */

static gboolean
all_done (Matrix *m)
{
  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);

      if (!c->child && !c->watch.done)
        return FALSE;
    }
  return TRUE;
}

static gboolean
bound_reached (gpointer data)
{
  g_error ("a matrix job did not end within %d ms: it hangs", FD_TEST_JOB_BOUND_MS);
  return G_SOURCE_REMOVE;
}

static void
run_child (MatrixCell *c, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto (GStrv) fields = NULL;
  int status = 0;

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  /* the report is the last line; anything before it is the child's log */
  g_strchomp (out);
  fields = g_strsplit (strrchr (out, '\n') != NULL ? strrchr (out, '\n') + 1 : out, "|", 5);
  if (!g_spawn_check_wait_status (status, NULL) || g_strv_length (fields) != 5)
    {
      c->verdict = g_strdup_printf ("the child failed (status %d): %s %s", status, out, err);
      return;
    }
  if (!fd_result_from_string (fields[0], &c->child_result))
    c->child_result = FD_RESULT_NONE;
  c->child_error_name = g_strcmp0 (fields[1], "-") == 0 ? NULL : g_strdup (fields[1]);
  c->child_job_id = g_strdup (fields[2]);
  c->child_elapsed_ms = g_ascii_strtoll (fields[3], NULL, 10);
  c->child_message = g_strdup (fields[4]);
}

/* ---- checking -------------------------------------------------------------- */

static FdAuditJobSummary *
find_summary (GPtrArray *summaries, const char *job_id)
{
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      FdAuditJobSummary *s = g_ptr_array_index (summaries, i);

      if (g_strcmp0 (s->job_id, job_id) == 0)
        return s;
    }
  return NULL;
}

static GPtrArray *
read_summaries (const char *log_dir)
{
  g_autofree char *path = g_build_filename (log_dir, FD_AUDIT_LOG_FILENAME, NULL);
  g_autoptr (GPtrArray) records = fd_audit_log_read_records (path, NULL, NULL);

  return records != NULL ? fd_audit_log_summarize (records) : NULL;
}

static gboolean
events_have_text (MatrixCell *c, const char *text)
{
  return mfw_find_text (&c->watch, FD_JOB_EVENT_MESSAGE, text) != NULL
         || mfw_find_text (&c->watch, FD_JOB_EVENT_WARNING, text) != NULL;
}

static const FdJobEvent *
result_event (MatrixCell *c)
{
  for (guint i = c->watch.events->len; i > 0; i--)
    {
      FdJobEvent *e = g_ptr_array_index (c->watch.events, i - 1);

      if (e->kind == FD_JOB_EVENT_RESULT)
        return e;
    }
  return NULL;
}

static void
check_audit (MatrixCell *c, FdAuditJobSummary *s, GString *why)
{
  FdAuditResult want;

  if (s == NULL)
    {
      g_string_append (why, "no audit record; ");
      return;
    }
  g_assert_true (fd_audit_result_from_string (fd_result_to_string (c->result), &want));
  if (s->result != want)
    g_string_append_printf (why, "audit result %s; ", fd_audit_result_to_string (s->result));
  if (g_strcmp0 (s->error_name, c->error_name) != 0)
    g_string_append_printf (why, "audit error %s; ", s->error_name ? s->error_name : "none");
  if (s->error_code != c->code)
    g_string_append_printf (why, "audit code %" G_GINT64_FORMAT "; ", s->error_code);
  if (c->result == FD_RESULT_FAILED && c->text != NULL
      && (s->error_message == NULL || strstr (s->error_message, c->text) == NULL))
    g_string_append (why, "audit message lacks the text; ");
}

static void
check_cell (MatrixCell *c, GPtrArray *summaries)
{
  g_autoptr (GString) why = g_string_new (NULL);
  FdJob      *job = c->watch.job;
  FdResult    got = c->child ? c->child_result : c->watch.result;
  const char *name = c->child ? c->child_error_name : fd_job_get_error_name (job);
  const char *message = c->child ? c->child_message : fd_job_get_message (job);
  const char *job_id = c->child ? c->child_job_id : fd_job_get_id (job);
  gint64      elapsed = c->child ? c->child_elapsed_ms : c->watch.elapsed_ms;

  if (c->verdict != NULL)
    return;
  if (got != c->result)
    g_string_append_printf (why, "result %s; ", fd_result_to_string (got));
  if (g_strcmp0 (name, c->error_name) != 0)
    g_string_append_printf (why, "error %s; ", name ? name : "none");
  if (elapsed > c->bound_ms)
    g_string_append_printf (why, "took %" G_GINT64_FORMAT " ms > %u ms; ", elapsed, c->bound_ms);
  /* a message is for a person: it says what happened and what to do, in
   * a few sentences, never a kilobyte of hex */
  if (message != NULL && strlen (message) > MESSAGE_MAX)
    g_string_append_printf (why, "a message of %zu bytes; ", strlen (message));
  if (c->text != NULL && c->result == FD_RESULT_FAILED
      && (message == NULL || strstr (message, c->text) == NULL))
    g_string_append_printf (why, "message without “%s”; ", c->text);
  if (c->text != NULL && c->result != FD_RESULT_FAILED && !c->child
      && !events_have_text (c, c->text))
    g_string_append_printf (why, "no message with “%s”; ", c->text);
  if (c->result == FD_RESULT_SUCCESS && !c->child
      && (result_event (c) == NULL || !result_event (c)->revision_changed))
    g_string_append (why, "revision unchanged; ");
  check_audit (c, find_summary (summaries, job_id), why);
  if (why->len > 0)
    c->verdict = g_strdup_printf ("%s(got %s, %s: %s)", why->str, fd_result_to_string (got),
                                  name ? name : "-", message ? message : "-");
}

/* ---- the table ------------------------------------------------------------- */

static MatrixCell *
find_cell (Matrix *m, const char *row, const char *column)
{
  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);

      if (g_str_equal (c->row, row) && g_str_equal (c->column, column))
        return c;
    }
  return NULL;
}

static void
print_table (Matrix *m, guint n_failed)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);

      if (!g_ptr_array_find_with_equal_func (rows, c->row, g_str_equal, NULL))
        g_ptr_array_add (rows, c->row);
    }
  g_test_message ("fault matrix: %u cells, %u passed, %u failed", m->cells->len,
                  m->cells->len - n_failed, n_failed);
  g_test_message ("%-38s %-8s %-8s %-8s", "fault", columns[0], columns[1], columns[2]);
  for (guint r = 0; r < rows->len; r++)
    {
      const char *row = g_ptr_array_index (rows, r);
      const char *marks[G_N_ELEMENTS (columns)];

      for (guint k = 0; k < G_N_ELEMENTS (columns); k++)
        {
          MatrixCell *c = find_cell (m, row, columns[k]);

          marks[k] = c == NULL ? "-" : c->verdict == NULL ? "pass" : "FAIL";
        }
      g_test_message ("%-38s %-8s %-8s %-8s", row, marks[0], marks[1], marks[2]);
    }
  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);
      gint64      elapsed = c->child ? c->child_elapsed_ms : c->watch.elapsed_ms;
      const char *name = c->child ? c->child_error_name : fd_job_get_error_name (c->watch.job);
      const char *message = c->child ? c->child_message : fd_job_get_message (c->watch.job);

      g_test_message ("%s %s / %s: %s%s%s in %" G_GINT64_FORMAT " ms%s%s%s%s",
                      c->verdict == NULL ? "pass" : "FAIL", c->column, c->row,
                      fd_result_to_string (c->result), name != NULL ? " " : "",
                      name != NULL ? name : "", elapsed, c->verdict != NULL ? ": " : "",
                      c->verdict != NULL ? c->verdict : "",
                      c->verdict == NULL && message != NULL ? ": " : "",
                      c->verdict == NULL && message != NULL ? message : "");
    }
}

guint
matrix_run (Matrix *m, MatrixChildArgv child_argv, gpointer data)
{
  g_autoptr (GPtrArray) summaries = NULL;
  const char *only = g_getenv ("FD_MATRIX_ONLY");
  guint       bound;
  guint       n_failed = 0;

  /* FD_MATRIX_ONLY=TEXT runs the rows containing TEXT (to look at one
   * cell with FD_TEST_EVENTS=1); never set in the test run */
  for (guint i = m->cells->len; only != NULL && i > 0; i--)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i - 1);

      if (strstr (c->row, only) == NULL)
        g_ptr_array_remove_index (m->cells, i - 1);
    }
  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);

      if (!c->child)
        mfw_start (&c->watch);
    }
  bound = g_timeout_add (FD_TEST_JOB_BOUND_MS, bound_reached, NULL);
  while (!all_done (m))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);
      g_auto (GStrv) argv = NULL;

      if (!c->child)
        continue;
      argv = child_argv (c, data);
      run_child (c, argv);
    }

  summaries = read_summaries (m->fx.log_dir);
  for (guint i = 0; i < m->cells->len; i++)
    {
      MatrixCell *c = g_ptr_array_index (m->cells, i);

      if (c->child)
        {
          g_autoptr (GPtrArray) child_summaries = read_summaries (c->child_log_dir);
          check_cell (c, child_summaries);
        }
      else
        check_cell (c, summaries);
      n_failed += c->verdict != NULL;
    }
  print_table (m, n_failed);
  return n_failed;
}

/* ---- permission denied ------------------------------------------------------ */

void
matrix_child_report (FdJob *job)
{
  MfwRunWatch      watch;
  g_autofree char *message = NULL;

  mfw_watch_init (&watch, job);
  mfw_run (&watch);
  message = g_strdup (fd_job_get_message (job) ? fd_job_get_message (job) : "-");
  g_strdelimit (message, "\r\n", ' ');
  printf ("%s|%s|%s|%" G_GINT64_FORMAT "|%s\n", fd_result_to_string (watch.result),
          fd_job_get_error_name (job) ? fd_job_get_error_name (job) : "-", fd_job_get_id (job),
          watch.elapsed_ms, message);
  mfw_watch_clear (&watch);
}

char *
matrix_lock_port (Matrix *m, FdSimModule *module)
{
  g_autofree char *link = fd_sim_module_dup_link_path (module);
  g_autofree char *name = g_strdup_printf ("nobody-%u", fd_sim_module_get_index (module));
  char            *log_dir = g_build_filename (m->fx.dir, name, NULL);

  /* the way to the link is open to all; the node itself is not: root
   * (or, run as a user, nobody at all) may open it */
  g_assert_cmpint (chmod (m->fx.dir, 0755), ==, 0);
  g_assert_cmpint (chmod (m->fx.sim_dir, 0755), ==, 0);
  g_assert_cmpint (chmod (link, geteuid () == 0 ? 0600 : 0000), ==, 0);
  g_assert_cmpint (g_mkdir (log_dir, 0777), ==, 0);
  g_assert_cmpint (chmod (log_dir, 0777), ==, 0);
  return log_dir;
}

char **
matrix_as_nobody (const char *const *self_argv)
{
  GStrvBuilder *b = g_strv_builder_new ();
  char        **argv;

  /* root opens any node whatever its mode: the child drops to nobody */
  if (geteuid () == 0)
    {
      const char *const setpriv[]
          = { "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", NULL };

      g_strv_builder_addv (b, (const char **)setpriv);
    }
  g_strv_builder_addv (b, (const char **)self_argv);
  argv = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return argv;
}
