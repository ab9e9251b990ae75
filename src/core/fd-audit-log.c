/* fd-audit-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-audit-log.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-record-util.h"

struct _FdAuditLog
{
  GObject           parent_instance;
  char             *path;
  int               fd;
  GMutex            lock;      /* guards everything below and each write */
  GPtrArray        *secrets;   /* NULL-terminated, usable as a strv */
  FdAuditRedactFunc redact_func;
  gpointer          redact_data;
  GDestroyNotify    redact_destroy;
  GHashTable       *job_starts; /* job id → monotonic µs of its first record */
};

G_DEFINE_FINAL_TYPE (FdAuditLog, fd_audit_log, G_TYPE_OBJECT)

static void
fd_audit_log_finalize (GObject *object)
{
  FdAuditLog *self = FD_AUDIT_LOG (object);

  if (self->fd >= 0)
    close (self->fd);
  if (self->redact_destroy != NULL)
    self->redact_destroy (self->redact_data);
  g_ptr_array_unref (self->secrets);
  g_hash_table_unref (self->job_starts);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  G_OBJECT_CLASS (fd_audit_log_parent_class)->finalize (object);
}

static void
fd_audit_log_class_init (FdAuditLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_audit_log_finalize;
}

static void
fd_audit_log_init (FdAuditLog *self)
{
  self->fd = -1;
  g_mutex_init (&self->lock);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->secrets, NULL);
  self->job_starts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
set_file_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write the audit log “%s”: %s. Check the free disk space "
                 "and the folder’s permissions."),
               path, g_strerror (saved_errno));
}

/* A process killed in the middle of a write can leave a line without its
 * newline; end it, so that our first record starts on a line of its own
 * and only the torn fragment is lost. */
static gboolean
terminate_torn_line (FdAuditLog *self, GError **error)
{
  struct stat st;
  char last = '\n';

  if (fstat (self->fd, &st) != 0)
    {
      set_file_error (error, self->path, errno);
      return FALSE;
    }
  if (st.st_size == 0)
    return TRUE;
  if (pread (self->fd, &last, 1, st.st_size - 1) != 1)
    {
      set_file_error (error, self->path, errno);
      return FALSE;
    }
  if (last == '\n')
    return TRUE;
  if (!fd_write_all (self->fd, "\n", 1, NULL) || fsync (self->fd) != 0)
    {
      set_file_error (error, self->path, errno);
      return FALSE;
    }
  return TRUE;
}

FdAuditLog *
fd_audit_log_new (const char *dir, GError **error)
{
  g_autoptr(FdAuditLog) self = g_object_new (FD_TYPE_AUDIT_LOG, NULL);
  g_autofree char *default_dir = NULL;
  gboolean existed;

  if (dir == NULL)
    dir = default_dir = fd_audit_default_dir ();
  if (!fd_ensure_private_dir (dir, error))
    return NULL;
  self->path = g_build_filename (dir, FD_AUDIT_LOG_FILENAME, NULL);
  existed = g_file_test (self->path, G_FILE_TEST_EXISTS);
  /* Read access too: terminate_torn_line() looks at the last byte. */
  self->fd = open (self->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      set_file_error (error, self->path, errno);
      return NULL;
    }
  if (!existed)
    fd_sync_dir (dir);
  if (!terminate_torn_line (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fd_audit_log_get_path (FdAuditLog *self)
{
  g_return_val_if_fail (FD_IS_AUDIT_LOG (self), NULL);
  return self->path;
}

void
fd_audit_log_add_secret (FdAuditLog *self, const char *secret)
{
  g_return_if_fail (FD_IS_AUDIT_LOG (self));

  if (secret == NULL || *secret == '\0')
    return;
  g_mutex_lock (&self->lock);
  /* Keep the terminating NULL last. */
  g_ptr_array_insert (self->secrets, (gint) self->secrets->len - 1, g_strdup (secret));
  g_mutex_unlock (&self->lock);
}

void
fd_audit_log_set_redact_func (FdAuditLog       *self,
                              FdAuditRedactFunc func,
                              gpointer          user_data,
                              GDestroyNotify    destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (FD_IS_AUDIT_LOG (self));

  g_mutex_lock (&self->lock);
  old_destroy = self->redact_destroy;
  old_data = self->redact_data;
  self->redact_func = func;
  self->redact_data = user_data;
  self->redact_destroy = destroy;
  g_mutex_unlock (&self->lock);
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/* Called with the lock held. */
static char *
redact (FdAuditLog *self, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *clean = fd_redact_string (valid, (const char *const *) self->secrets->pdata);
  char *hooked;

  if (self->redact_func == NULL)
    return g_steal_pointer (&clean);
  hooked = self->redact_func (clean, self->redact_data);
  /* A hook that gives up must not let the text through. */
  return hooked != NULL ? hooked : g_strdup (FD_REDACTED);
}

static void
add_string (FdAuditLog *self, JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  g_autofree char *clean = redact (self, value);
  json_builder_add_string_value (builder, clean);
}

static void
add_code (JsonBuilder *builder, const char *key, gint64 code)
{
  json_builder_set_member_name (builder, key);
  if (code == FD_AUDIT_NO_CODE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, code);
}

static JsonBuilder *
begin_record (FdAuditLog *self, const char *kind, const FdAuditJob *job)
{
  JsonBuilder *builder = json_builder_new ();
  g_autofree char *time = fd_now_iso8601_ms ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  add_string (self, builder, "job", job->job_id);
  add_string (self, builder, "imei", job->imei);
  add_string (self, builder, "model", job->model);
  add_string (self, builder, "port", job->port);
  add_string (self, builder, "dialect", job->dialect);
  return builder;
}

/* Called with the lock held. */
static void
remember_start (FdAuditLog *self, const char *job_id)
{
  gint64 now = g_get_monotonic_time ();

  if (!g_hash_table_contains (self->job_starts, job_id))
    g_hash_table_insert (self->job_starts, g_strdup (job_id), g_memdup2 (&now, sizeof now));
}

/* Called with the lock held: the job's duration so far, in ms. */
static gint64
take_duration (FdAuditLog *self, const char *job_id)
{
  const gint64 *start = g_hash_table_lookup (self->job_starts, job_id);
  gint64 ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000 : 0;

  g_hash_table_remove (self->job_starts, job_id);
  return ms;
}

/* Called with the lock held: one write() of the whole line, then fsync. */
static gboolean
write_record (FdAuditLog *self, JsonBuilder *builder, GError **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) line = NULL;
  g_autofree char *text = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  line = g_string_new (text);
  g_string_append_c (line, '\n');
  if (!fd_write_all (self->fd, line->str, line->len, NULL) || fsync (self->fd) != 0)
    {
      set_file_error (error, self->path, errno);
      return FALSE;
    }
  return TRUE;
}

gboolean
fd_audit_log_append_state (FdAuditLog       *self,
                           const FdAuditJob *job,
                           const char       *phase,
                           gint64            code,
                           const char       *message,
                           GError          **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean ok;

  g_return_val_if_fail (FD_IS_AUDIT_LOG (self), FALSE);
  g_return_val_if_fail (job != NULL && job->job_id != NULL, FALSE);

  g_mutex_lock (&self->lock);
  remember_start (self, job->job_id);
  builder = begin_record (self, "state", job);
  add_string (self, builder, "phase", phase);
  add_code (builder, "code", code);
  add_string (self, builder, "message", message);
  ok = write_record (self, builder, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
fd_audit_log_append_final (FdAuditLog           *self,
                           const FdAuditJob     *job,
                           const FdAuditOutcome *outcome,
                           GError              **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 duration;
  gboolean ok;

  g_return_val_if_fail (FD_IS_AUDIT_LOG (self), FALSE);
  g_return_val_if_fail (job != NULL && job->job_id != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);
  g_return_val_if_fail (outcome->result != FD_AUDIT_RESULT_INTERRUPTED, FALSE);

  g_mutex_lock (&self->lock);
  duration = take_duration (self, job->job_id);
  if (outcome->duration_ms >= 0)
    duration = outcome->duration_ms;
  builder = begin_record (self, "final", job);
  add_string (self, builder, "old_revision", outcome->old_revision);
  add_string (self, builder, "new_revision", outcome->new_revision);
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, fd_audit_result_to_string (outcome->result));
  json_builder_set_member_name (builder, "revision_changed");
  json_builder_add_boolean_value (builder, outcome->revision_changed);
  add_string (self, builder, "error_name", outcome->error_name);
  add_code (builder, "error_code", outcome->error_code);
  add_string (self, builder, "error_message", outcome->error_message);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, duration);
  ok = write_record (self, builder, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

char *
fd_audit_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "fotadesk", NULL);
}

char *
fd_audit_new_job_id (void)
{
  return g_uuid_string_random ();
}

static const char *const result_names[] = {
  [FD_AUDIT_RESULT_SUCCESS] = "success",
  [FD_AUDIT_RESULT_UP_TO_DATE] = "up-to-date",
  [FD_AUDIT_RESULT_FAILED] = "failed",
  [FD_AUDIT_RESULT_CANCELLED] = "cancelled",
  [FD_AUDIT_RESULT_INTERRUPTED] = "interrupted",
};

const char *
fd_audit_result_to_string (FdAuditResult result)
{
  g_return_val_if_fail ((guint) result < G_N_ELEMENTS (result_names), NULL);
  return result_names[result];
}

gboolean
fd_audit_result_from_string (const char *text, FdAuditResult *result)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (result_names); i++)
    {
      if (g_strcmp0 (text, result_names[i]) == 0)
        {
          *result = (FdAuditResult) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- reading ---------------------------------------------------------- */

/* A parsed line, if it is a record we wrote. */
static JsonObject *
parse_record (const char *line, gsize len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  const char *kind;

  if (!json_parser_load_from_data (parser, line, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  kind = json_object_get_string_member_with_default (object, "record", NULL);
  if (g_strcmp0 (kind, "state") != 0 && g_strcmp0 (kind, "final") != 0)
    return NULL;
  if (json_object_get_string_member_with_default (object, "job", NULL) == NULL)
    return NULL;
  return json_object_ref (object);
}

GPtrArray *
fd_audit_log_read_records (const char *path, guint *n_skipped, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint skipped = 0;
  const char *p;
  const char *end;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  p = contents;
  end = contents + length;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      JsonObject *record;

      if (line_end > p)
        {
          /* A torn line fails to parse; one cut just before its newline
           * is whole and kept. */
          record = parse_record (p, (gsize) (line_end - p));
          if (record != NULL)
            g_ptr_array_add (records, record);
          else
            skipped++;
        }
      p = line_end + 1;
    }
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&records);
}

void
fd_audit_job_summary_free (FdAuditJobSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->job_id);
  g_free (summary->imei);
  g_free (summary->model);
  g_free (summary->port);
  g_free (summary->dialect);
  g_free (summary->started);
  g_free (summary->ended);
  g_free (summary->last_phase);
  g_free (summary->last_message);
  g_free (summary->old_revision);
  g_free (summary->new_revision);
  g_free (summary->error_name);
  g_free (summary->error_message);
  g_free (summary);
}

static const char *
get_string (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_code (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FD_AUDIT_NO_CODE;
  return json_node_get_int (node);
}

/* Replaces *@field by a copy of @value when the record has one. */
static void
update_field (char **field, const char *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
apply_final (FdAuditJobSummary *summary, JsonObject *record)
{
  FdAuditResult result = FD_AUDIT_RESULT_FAILED;

  fd_audit_result_from_string (get_string (record, "result"), &result);
  summary->result = result;
  summary->revision_changed =
    json_object_get_boolean_member_with_default (record, "revision_changed", FALSE);
  update_field (&summary->old_revision, get_string (record, "old_revision"));
  update_field (&summary->new_revision, get_string (record, "new_revision"));
  update_field (&summary->error_name, get_string (record, "error_name"));
  update_field (&summary->error_message, get_string (record, "error_message"));
  summary->error_code = get_code (record, "error_code");
  summary->duration_ms = json_object_get_int_member_with_default (record, "duration_ms", -1);
}

static void
apply_record (FdAuditJobSummary *summary, JsonObject *record)
{
  gboolean final = g_strcmp0 (get_string (record, "record"), "final") == 0;

  summary->n_records++;
  if (summary->started == NULL)
    summary->started = g_strdup (get_string (record, "time"));
  update_field (&summary->ended, get_string (record, "time"));
  update_field (&summary->imei, get_string (record, "imei"));
  update_field (&summary->model, get_string (record, "model"));
  update_field (&summary->port, get_string (record, "port"));
  update_field (&summary->dialect, get_string (record, "dialect"));
  if (final)
    {
      apply_final (summary, record);
      return;
    }
  /* A state record after everything else: the job did not end (yet). */
  summary->result = FD_AUDIT_RESULT_INTERRUPTED;
  summary->duration_ms = -1;
  update_field (&summary->last_phase, get_string (record, "phase"));
  update_field (&summary->last_message, get_string (record, "message"));
}

static gint64
elapsed_ms (const char *started, const char *ended)
{
  g_autoptr(GDateTime) a = started ? g_date_time_new_from_iso8601 (started, NULL) : NULL;
  g_autoptr(GDateTime) b = ended ? g_date_time_new_from_iso8601 (ended, NULL) : NULL;

  if (a == NULL || b == NULL)
    return -1;
  return g_date_time_difference (b, a) / 1000;
}

GPtrArray *
fd_audit_log_summarize (GPtrArray *records)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_audit_job_summary_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *job_id = get_string (record, "job");
      FdAuditJobSummary *summary;

      if (job_id == NULL)
        continue;
      summary = g_hash_table_lookup (by_id, job_id);
      if (summary == NULL)
        {
          summary = g_new0 (FdAuditJobSummary, 1);
          summary->job_id = g_strdup (job_id);
          summary->error_code = FD_AUDIT_NO_CODE;
          g_ptr_array_add (jobs, summary);
          g_hash_table_insert (by_id, summary->job_id, summary);
        }
      apply_record (summary, record);
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      FdAuditJobSummary *summary = g_ptr_array_index (jobs, i);
      if (summary->result == FD_AUDIT_RESULT_INTERRUPTED)
        summary->duration_ms = elapsed_ms (summary->started, summary->ended);
    }
  return g_steal_pointer (&jobs);
}

/* One CSV field, quoted as RFC 4180 asks. Text a spreadsheet would run
 * as a formula ("=…", "+CME ERROR…") gets a leading apostrophe. */
static char *
csv_text (const char *value)
{
  g_autofree char *safe = NULL;
  GString *field;

  if (value == NULL)
    return g_strdup ("");
  if (value[0] == '=' || value[0] == '+' || value[0] == '@')
    value = safe = g_strconcat ("'", value, NULL);
  if (strpbrk (value, ",\"\r\n") == NULL)
    return g_strdup (value);
  field = g_string_new ("\"");
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (field, '"');
      g_string_append_c (field, *c);
    }
  g_string_append_c (field, '"');
  return g_string_free (field, FALSE);
}

static char *
csv_int (gint64 value, gboolean known)
{
  return known ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : g_strdup ("");
}

static void
csv_add_row (GString *csv, const FdAuditJobSummary *s)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *row = NULL;

  g_ptr_array_add (fields, csv_text (s->job_id));
  g_ptr_array_add (fields, csv_text (s->started));
  g_ptr_array_add (fields, csv_text (s->ended));
  g_ptr_array_add (fields, csv_text (s->imei));
  g_ptr_array_add (fields, csv_text (s->model));
  g_ptr_array_add (fields, csv_text (s->port));
  g_ptr_array_add (fields, csv_text (s->dialect));
  g_ptr_array_add (fields, csv_text (fd_audit_result_to_string (s->result)));
  g_ptr_array_add (fields, csv_text (s->revision_changed ? "true" : "false"));
  g_ptr_array_add (fields, csv_text (s->old_revision));
  g_ptr_array_add (fields, csv_text (s->new_revision));
  g_ptr_array_add (fields, csv_text (s->last_phase));
  g_ptr_array_add (fields, csv_text (s->error_name));
  g_ptr_array_add (fields, csv_int (s->error_code, s->error_code != FD_AUDIT_NO_CODE));
  g_ptr_array_add (fields, csv_text (s->error_message));
  g_ptr_array_add (fields, csv_int (s->duration_ms, s->duration_ms >= 0));
  g_ptr_array_add (fields, NULL);
  row = g_strjoinv (",", (char **) fields->pdata);
  g_string_append (csv, row);
  g_string_append (csv, "\r\n");
}

char *
fd_audit_export_csv (GPtrArray *summaries, FdAuditCsvFlags flags)
{
  GString *csv = g_string_new (NULL);

  if (flags & FD_AUDIT_CSV_BOM)
    g_string_append (csv, "\xEF\xBB\xBF");
  g_string_append (csv, "job,started,ended,imei,model,port,dialect,result,revision_changed,"
                        "old_revision,new_revision,last_phase,error_name,error_code,"
                        "error_message,duration_ms\r\n");
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    csv_add_row (csv, g_ptr_array_index (summaries, i));
  return g_string_free (csv, FALSE);
}
