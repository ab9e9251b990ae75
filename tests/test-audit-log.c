/* test-audit-log.c — the append-only audit log: records, redaction,
 * concurrency, torn lines, a real SIGKILL in the middle of appends, CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fd-audit-log.h"

#define SECRET_PASSWORD "pa\"ss,w0rd\n"
#define SECRET_KEY      "LuatKEY-9f8e7d"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("fd-test-audit-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fx->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static FdAuditLog *
open_log (const char *dir)
{
  g_autoptr(GError) error = NULL;
  FdAuditLog *log = fd_audit_log_new (dir, &error);

  g_assert_no_error (error);
  return log;
}

static void
append_state (FdAuditLog *log, const FdAuditJob *job, const char *phase, gint64 code,
              const char *message)
{
  g_autoptr(GError) error = NULL;

  fd_audit_log_append_state (log, job, phase, code, message, &error);
  g_assert_no_error (error);
}

static void
append_final (FdAuditLog *log, const FdAuditJob *job, const FdAuditOutcome *outcome)
{
  g_autoptr(GError) error = NULL;

  fd_audit_log_append_final (log, job, outcome, &error);
  g_assert_no_error (error);
}

static GPtrArray *
read_records (FdAuditLog *log, guint *skipped)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = fd_audit_log_read_records (fd_audit_log_get_path (log), skipped, &error);

  g_assert_no_error (error);
  return records;
}

static char *
read_bytes (const char *path, gsize *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

static const FdAuditJob job_a = { "job-a", "869999001234567", "ML307A-DSLN", "/dev/ttyUSB2",
                                  "mfw" };
static const FdAuditJob job_b = { "job-b", "861234567890123", "Air724UG", "/dev/ttyACM0", "luat" };

/* ---- records ---------------------------------------------------------- */

static void
test_write_read (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  FdAuditOutcome success = { .result = FD_AUDIT_RESULT_SUCCESS, .revision_changed = TRUE,
                             .old_revision = "ML307A_V1.2", .new_revision = "ML307A_V1.3",
                             .error_code = FD_AUDIT_NO_CODE, .duration_ms = 93000 };
  FdAuditOutcome failed = { .result = FD_AUDIT_RESULT_FAILED, .old_revision = "V1",
                            .error_name = "download-failed", .error_code = -1002,
                            .error_message = "The download failed.", .duration_ms = -1 };
  guint skipped = 99;
  struct stat st;

  append_state (log, &job_a, "configure", FD_AUDIT_NO_CODE, "Setting the URL");
  append_state (log, &job_b, "configure", FD_AUDIT_NO_CODE, NULL);
  append_state (log, &job_a, "download", 1, "Downloading");
  append_final (log, &job_a, &success);
  append_state (log, &job_b, "download", 2, "Download result");
  append_final (log, &job_b, &failed);

  g_assert_cmpint (g_stat (fd_audit_log_get_path (log), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  records = read_records (log, &skipped);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (records->len, ==, 6);

  JsonObject *first = g_ptr_array_index (records, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "record"), ==, "state");
  g_assert_cmpstr (json_object_get_string_member (first, "job"), ==, "job-a");
  g_assert_cmpstr (json_object_get_string_member (first, "imei"), ==, "869999001234567");
  g_assert_cmpstr (json_object_get_string_member (first, "phase"), ==, "configure");
  g_assert_true (json_object_get_null_member (first, "code"));
  /* ISO 8601 with milliseconds and an offset. */
  const char *time = json_object_get_string_member (first, "time");
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
                                       "(Z|[+-]\\d\\d:\\d\\d)$", 0, 0, NULL);
  g_assert_true (g_regex_match (iso, time, 0, NULL));

  JsonObject *final = g_ptr_array_index (records, 3);
  g_assert_cmpstr (json_object_get_string_member (final, "record"), ==, "final");
  g_assert_cmpstr (json_object_get_string_member (final, "result"), ==, "success");
  g_assert_true (json_object_get_boolean_member (final, "revision_changed"));
  g_assert_cmpint (json_object_get_int_member (final, "duration_ms"), ==, 93000);
  g_assert_true (json_object_get_null_member (final, "error_name"));

  jobs = fd_audit_log_summarize (records);
  g_assert_cmpuint (jobs->len, ==, 2);
  FdAuditJobSummary *a = g_ptr_array_index (jobs, 0);
  FdAuditJobSummary *b = g_ptr_array_index (jobs, 1);
  g_assert_cmpstr (a->job_id, ==, "job-a");
  g_assert_cmpint (a->result, ==, FD_AUDIT_RESULT_SUCCESS);
  g_assert_true (a->revision_changed);
  g_assert_cmpstr (a->new_revision, ==, "ML307A_V1.3");
  g_assert_cmpstr (a->last_phase, ==, "download");
  g_assert_cmpuint (a->n_records, ==, 3);
  g_assert_cmpint (b->result, ==, FD_AUDIT_RESULT_FAILED);
  g_assert_cmpstr (b->error_name, ==, "download-failed");
  g_assert_cmpint (b->error_code, ==, -1002);
  g_assert_cmpstr (b->dialect, ==, "luat");
  /* duration_ms < 0: measured by the log, from the job's first record. */
  g_assert_cmpint (b->duration_ms, >=, 0);
  g_assert_cmpint (b->duration_ms, <, 60000);
}

static void
test_results (void)
{
  const char *names[] = { "success", "up-to-date", "failed", "cancelled", "interrupted" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      FdAuditResult result;
      g_assert_cmpstr (fd_audit_result_to_string ((FdAuditResult) i), ==, names[i]);
      g_assert_true (fd_audit_result_from_string (names[i], &result));
      g_assert_cmpint (result, ==, (FdAuditResult) i);
    }
  FdAuditResult unused;
  g_assert_false (fd_audit_result_from_string ("done", &unused));
  g_assert_false (fd_audit_result_from_string (NULL, &unused));
}

/* Each append is on disk, as a whole line, when the call returns: a
 * second, independent descriptor sees it at once. */
static void
test_line_on_disk_at_return (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);

  for (guint i = 1; i <= 20; i++)
    {
      g_autofree char *message = g_strdup_printf ("step %u", i);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      gsize len;

      append_state (log, &job_a, "write", i, message);
      contents = read_bytes (fd_audit_log_get_path (log), &len);
      g_assert_cmpint (contents[len - 1], ==, '\n');
      lines = g_strsplit (contents, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, i + 1);
      g_assert_nonnull (strstr (lines[i - 1], message));
    }
}

static void
test_torn_last_line (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);
  g_autoptr(FdAuditLog) reopened = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *torn = NULL;
  g_autofree char *path = g_build_filename (fx->dir, FD_AUDIT_LOG_FILENAME, NULL);
  guint skipped = 0;
  FdAuditOutcome done = { .result = FD_AUDIT_RESULT_UP_TO_DATE, .error_code = FD_AUDIT_NO_CODE,
                          .duration_ms = 5 };

  append_state (log, &job_a, "configure", FD_AUDIT_NO_CODE, "one");
  append_state (log, &job_a, "download", FD_AUDIT_NO_CODE, "two");
  g_clear_object (&log);

  /* A killed writer left half a line behind. */
  contents = read_bytes (path, NULL);
  torn = g_strconcat (contents, "{\"record\":\"state\",\"time\":\"2026-11-20T10:", NULL);
  g_file_set_contents (path, torn, -1, &error);
  g_assert_no_error (error);

  reopened = open_log (fx->dir);
  records = read_records (reopened, &skipped);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (skipped, ==, 1);

  /* A new writer starts on a fresh line: its record is not glued to the
   * fragment. */
  append_final (reopened, &job_a, &done);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = read_records (reopened, &skipped);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (skipped, ==, 1);
  jobs = fd_audit_log_summarize (records);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpint (((FdAuditJobSummary *) g_ptr_array_index (jobs, 0))->result, ==,
                   FD_AUDIT_RESULT_UP_TO_DATE);
}

static void
test_interrupted (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  FdAuditOutcome cancelled = { .result = FD_AUDIT_RESULT_CANCELLED, .error_name = "cancelled",
                               .error_code = FD_AUDIT_NO_CODE, .duration_ms = 10 };

  append_state (log, &job_a, "configure", FD_AUDIT_NO_CODE, NULL);
  append_state (log, &job_b, "configure", FD_AUDIT_NO_CODE, NULL);
  g_usleep (20 * 1000);
  append_state (log, &job_a, "upgrade", 1, "Flashing");
  append_final (log, &job_b, &cancelled);

  records = read_records (log, NULL);
  jobs = fd_audit_log_summarize (records);
  FdAuditJobSummary *a = g_ptr_array_index (jobs, 0);
  FdAuditJobSummary *b = g_ptr_array_index (jobs, 1);
  g_assert_cmpint (a->result, ==, FD_AUDIT_RESULT_INTERRUPTED);
  g_assert_cmpstr (a->last_phase, ==, "upgrade");
  g_assert_cmpstr (a->last_message, ==, "Flashing");
  g_assert_cmpint (a->duration_ms, >=, 20);
  g_assert_cmpint (b->result, ==, FD_AUDIT_RESULT_CANCELLED);
}

/* ---- redaction -------------------------------------------------------- */

static char *
redact_imei_tail (const char *text, gpointer user_data)
{
  g_autoptr(GRegex) regex = g_regex_new ("token=[a-z0-9]+", 0, 0, NULL);

  (*(guint *) user_data)++;
  return g_regex_replace_literal (regex, text, -1, 0, "token=***", 0, NULL);
}

static void
assert_absent (const char *haystack, gsize len, const char *needle)
{
  /* The files are text: no NUL can hide a match. */
  g_assert_cmpuint (strlen (haystack), ==, len);
  g_assert_null (strstr (haystack, needle));
}

static void
test_secrets (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *escaped = NULL;
  FdAuditJob job = { "job-s", "86999900" SECRET_KEY, "M5311", "/dev/ttyUSB0", "luat" };
  FdAuditOutcome failed = { .result = FD_AUDIT_RESULT_FAILED, .error_name = "auth",
                            .error_code = 851,
                            .error_message = "+MFWCFG: \"auth\",fota," SECRET_PASSWORD,
                            .old_revision = SECRET_KEY, .duration_ms = 1 };
  guint hook_calls = 0;
  gsize len;

  fd_audit_log_add_secret (log, SECRET_PASSWORD);
  fd_audit_log_add_secret (log, SECRET_KEY);
  fd_audit_log_add_secret (log, "");
  fd_audit_log_set_redact_func (log, redact_imei_tail, &hook_calls, NULL);
  append_state (log, &job, "configure", FD_AUDIT_NO_CODE,
                "AT+MFWCFG=\"auth\",\"fota\",\"" SECRET_PASSWORD "\" token=abc123");
  append_state (log, &job, "configure", FD_AUDIT_NO_CODE,
                "AT+UPGRADE=\"KEY\",\"" SECRET_KEY "\"");
  append_final (log, &job, &failed);

  contents = read_bytes (fd_audit_log_get_path (log), &len);
  escaped = g_strescape (SECRET_PASSWORD, NULL); /* how JSON would spell it */
  assert_absent (contents, len, SECRET_PASSWORD);
  assert_absent (contents, len, escaped);
  assert_absent (contents, len, "pa\\\"ss");
  assert_absent (contents, len, SECRET_KEY);
  assert_absent (contents, len, "abc123");
  g_assert_nonnull (strstr (contents, "***"));
  g_assert_cmpuint (hook_calls, >, 0);

  records = read_records (log, NULL);
  jobs = fd_audit_log_summarize (records);
  csv = fd_audit_export_csv (jobs, FD_AUDIT_CSV_NONE);
  assert_absent (csv, strlen (csv), SECRET_PASSWORD);
  assert_absent (csv, strlen (csv), SECRET_KEY);
}

/* ---- CSV -------------------------------------------------------------- */

static void
test_csv (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *bom = NULL;
  g_auto(GStrv) rows = NULL;
  FdAuditJob odd = { "job-c", "869999001234567", "ML307A, \"rev B\"", "/dev/ttyUSB1", "mfw" };
  FdAuditOutcome failed = { .result = FD_AUDIT_RESULT_FAILED, .error_name = "module-error",
                            .error_code = 854,
                            .error_message = "升级失败\nline two",
                            .old_revision = "=HYPERLINK(\"x\")", .duration_ms = 42 };

  append_state (log, &odd, "upgrade", FD_AUDIT_NO_CODE, NULL);
  append_final (log, &odd, &failed);
  append_state (log, &job_a, "download", FD_AUDIT_NO_CODE, NULL);
  records = read_records (log, NULL);
  jobs = fd_audit_log_summarize (records);
  csv = fd_audit_export_csv (jobs, FD_AUDIT_CSV_NONE);

  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 4); /* header, 2 jobs, "" */
  g_assert_cmpstr (rows[0], ==,
                   "job,started,ended,imei,model,port,dialect,result,revision_changed,"
                   "old_revision,new_revision,last_phase,error_name,error_code,error_message,"
                   "duration_ms");
  g_assert_true (g_str_has_prefix (rows[1], "job-c,"));
  g_assert_nonnull (strstr (rows[1],
                            ",869999001234567,\"ML307A, \"\"rev B\"\"\",/dev/ttyUSB1,mfw,failed,"
                            "false,\"'=HYPERLINK(\"\"x\"\")\",,upgrade,module-error,854,"
                            "\"升级失败\nline two\",42"));
  g_assert_true (g_str_has_suffix (rows[1], ",42"));
  g_assert_nonnull (strstr (rows[2], ",interrupted,false,,,download,,,,"));
  g_assert_cmpstr (rows[3], ==, "");

  bom = fd_audit_export_csv (jobs, FD_AUDIT_CSV_BOM);
  g_assert_true (g_str_has_prefix (bom, "\xEF\xBB\xBFjob,"));
  g_assert_cmpstr (bom + 3, ==, csv);
}

/* ---- concurrency ------------------------------------------------------ */

#define N_THREADS 6
#define N_APPENDS 150

typedef struct {
  FdAuditLog *log;
  guint       index;
} Appender;

static gpointer
appender_thread (gpointer data)
{
  Appender *appender = data;
  g_autofree char *job_id = g_strdup_printf ("job-%u", appender->index);
  /* A long message: a torn or interleaved line could not go unnoticed. */
  g_autofree char *padding = g_strnfill (600, 'a' + (char) appender->index);
  FdAuditJob job = { job_id, "869999001234567", "ML307A-DSLN", "/dev/ttyUSB2", "mfw" };

  for (guint i = 0; i < N_APPENDS; i++)
    {
      g_autofree char *message = g_strdup_printf ("%u %s", i, padding);
      g_autoptr(GError) error = NULL;

      fd_audit_log_append_state (appender->log, &job, "write", i, message, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_threads (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdAuditLog) log = open_log (fx->dir);
  g_autoptr(FdAuditLog) second = open_log (fx->dir); /* another "process" */
  g_autoptr(GPtrArray) records = NULL;
  Appender appenders[N_THREADS];
  GThread *threads[N_THREADS];
  guint next[N_THREADS] = { 0 };
  guint skipped = 99;

  for (guint i = 0; i < N_THREADS; i++)
    {
      appenders[i].log = i % 2 ? second : log;
      appenders[i].index = i;
      threads[i] = g_thread_new ("appender", appender_thread, &appenders[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  records = read_records (log, &skipped);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (records->len, ==, N_THREADS * N_APPENDS);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      guint index = (guint) atoi (json_object_get_string_member (record, "job") + 4);
      const char *message = json_object_get_string_member (record, "message");
      g_autofree char *expected = g_strdup_printf ("%u ", next[index]);

      /* Each thread's records are whole and in its own order. */
      g_assert_cmpuint (index, <, N_THREADS);
      g_assert_true (g_str_has_prefix (message, expected));
      g_assert_cmpuint (strlen (message), ==, strlen (expected) + 600);
      g_assert_cmpint (json_object_get_int_member (record, "code"), ==, next[index]);
      next[index]++;
    }
}

/* ---- a real crash ----------------------------------------------------- */

/* The child: appends numbered records for three jobs until killed. */
static int
crash_child (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdAuditLog) log = fd_audit_log_new (dir, &error);
  const char *ids[] = { "crash-0", "crash-1", "crash-2" };

  if (log == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint i = 0;; i++)
    {
      FdAuditJob job = { ids[i % 3], "869999001234567", "M5311", "/dev/ttyUSB0", "rsfota" };
      g_autofree char *message = g_strdup_printf ("seq %u of %s", i / 3, ids[i % 3]);

      if (!fd_audit_log_append_state (log, &job, "download", i / 3, message, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint lines = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return 0;
  for (gsize i = 0; i < len; i++)
    lines += contents[i] == '\n';
  return lines;
}

static void
test_crash (Fixture *fx, gconstpointer data)
{
  const char *argv[] = { "/proc/self/exe", "--audit-crash-child", fx->dir, NULL };
  g_autofree char *path = g_build_filename (fx->dir, FD_AUDIT_LOG_FILENAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(FdAuditLog) log = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint expected[3] = { 0 };
  guint skipped = 0;
  int status = 0;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  /* Let it write a few hundred records, then kill it mid-stream. */
  while (count_lines (path) < 300 && g_get_monotonic_time () < deadline &&
         waitpid (pid, &status, WNOHANG) == 0)
    g_usleep (10 * 1000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  log = open_log (fx->dir);
  records = read_records (log, &skipped);
  g_test_message ("%u records survived, %u torn", records->len, skipped);
  g_assert_cmpuint (records->len, >=, 300);
  g_assert_cmpuint (skipped, <=, 1);
  /* Per job: every record whole, numbered without gaps or repeats. */
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *job = json_object_get_string_member (record, "job");
      guint index = (guint) (job[strlen (job) - 1] - '0');
      g_autofree char *message = g_strdup_printf ("seq %u of %s", expected[index], job);

      g_assert_cmpuint (index, <, 3);
      g_assert_cmpstr (json_object_get_string_member (record, "message"), ==, message);
      g_assert_cmpint (json_object_get_int_member (record, "code"), ==, expected[index]);
      expected[index]++;
    }
  jobs = fd_audit_log_summarize (records);
  g_assert_cmpuint (jobs->len, ==, 3);
  for (guint i = 0; i < jobs->len; i++)
    {
      FdAuditJobSummary *job = g_ptr_array_index (jobs, i);
      g_autofree char *last = g_strdup_printf ("seq %u of %s", expected[i] - 1, job->job_id);

      g_assert_cmpint (job->result, ==, FD_AUDIT_RESULT_INTERRUPTED);
      g_assert_cmpstr (job->last_message, ==, last);
    }

  /* The log goes on after the crash. */
  FdAuditJob again = { "after-crash", NULL, NULL, NULL, NULL };
  FdAuditOutcome ok = { .result = FD_AUDIT_RESULT_SUCCESS, .error_code = FD_AUDIT_NO_CODE };
  append_final (log, &again, &ok);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = read_records (log, &skipped);
  JsonObject *tail = g_ptr_array_index (records, records->len - 1);
  g_assert_cmpstr (json_object_get_string_member (tail, "job"), ==, "after-crash");
}

static void
test_default_dir (void)
{
  g_autofree char *dir = fd_audit_default_dir ();
  g_autofree char *expected = g_build_filename (g_get_user_state_dir (), "fotadesk", NULL);
  g_autofree char *a = fd_audit_new_job_id ();
  g_autofree char *b = fd_audit_new_job_id ();

  g_assert_cmpstr (dir, ==, expected);
  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpstr (a, !=, b);
}

static void
test_unwritable_dir (Fixture *fx, gconstpointer data)
{
  g_autofree char *file = g_build_filename (fx->dir, "plain-file", NULL);
  g_autofree char *below = g_build_filename (file, "logs", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdAuditLog) log = NULL;

  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  log = fd_audit_log_new (below, &error);
  g_assert_null (log);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, below));
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--audit-crash-child"))
    return crash_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/audit-log/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/core/audit-log/results", test_results);
  g_test_add_func ("/core/audit-log/default-dir", test_default_dir);
  ADD ("write-read", test_write_read);
  ADD ("line-on-disk-at-return", test_line_on_disk_at_return);
  ADD ("torn-last-line", test_torn_last_line);
  ADD ("interrupted", test_interrupted);
  ADD ("secrets", test_secrets);
  ADD ("csv", test_csv);
  ADD ("threads", test_threads);
  ADD ("crash", test_crash);
  ADD ("unwritable-dir", test_unwritable_dir);
  return g_test_run ();
}
