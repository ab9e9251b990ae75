/* fd-batch-session.c — one batch as the window runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fd-batch-session.h"

struct _FdBatchSession
{
  GObject parent_instance;

  FdBatch      *batch;
  GListStore   *items;
  GPtrArray    *devices;
  FdDeviceSource *source;
  char         *audit_path;
  GCancellable *cancellable;
  guint         tick_id;
  gboolean      running;
  gboolean      finished;
};

G_DEFINE_FINAL_TYPE (FdBatchSession, fd_batch_session, G_TYPE_OBJECT)

typedef struct _Report Report;

enum
{
  SIGNAL_CHANGED,
  SIGNAL_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* A module in the batch is not probed by the scanner until its job ends:
 * the job has its port, or waits for it across a reboot. */
static void
set_busy (FdBatchSession *self, FdDeviceItem *device, gboolean busy)
{
  if (fd_device_item_get_busy_in_batch (device) == busy)
    return;
  fd_device_item_set_busy_in_batch (device, busy);
  if (self->source == NULL)
    return;
  if (busy)
    fd_device_source_hold (self->source, device);
  else
    fd_device_source_release (self->source, device);
}

static void
release_devices (FdBatchSession *self)
{
  for (guint i = 0; i < self->devices->len; i++)
    set_busy (self, g_ptr_array_index (self->devices, i), FALSE);
}

static void
fd_batch_session_dispose (GObject *object)
{
  FdBatchSession *self = FD_BATCH_SESSION (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->running)
    g_cancellable_cancel (self->cancellable);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  G_OBJECT_CLASS (fd_batch_session_parent_class)->dispose (object);
}

static void
fd_batch_session_finalize (GObject *object)
{
  FdBatchSession *self = FD_BATCH_SESSION (object);

  g_clear_object (&self->batch);
  g_clear_object (&self->items);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->devices);
  g_clear_object (&self->source);
  g_free (self->audit_path);
  G_OBJECT_CLASS (fd_batch_session_parent_class)->finalize (object);
}

static void
fd_batch_session_class_init (FdBatchSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_batch_session_dispose;
  object_class->finalize = fd_batch_session_finalize;

  /* A job started or ended: the counts changed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Every job has its result (each already in the audit log). */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_batch_session_init (FdBatchSession *self)
{
  self->batch = fd_batch_new ();
  self->items = g_list_store_new (FD_TYPE_JOB_ITEM);
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

#define REATTACH_KEY "fd-batch-reattach"

/* The job finds its module again after a reboot with an FdReattach of
 * its own, which the job keeps for as long as it lives. */
static FdJob *
make_job (FdBatchSession         *self,
          FdDeviceItem           *device,
          FdConfigForm           *form,
          const FdUpgradeOptions *options,
          GError                **error)
{
  FdUpgradeTarget target = {
    .port = fd_device_item_get_port (device),
    .imei = fd_device_item_get_imei (device),
    .model = fd_device_item_get_model (device),
    .revision = fd_device_item_get_revision (device),
    .row = fd_device_item_get_model_row (device),
  };
  g_autoptr(FdReattach) reattach = NULL;
  FdUpgradeOptions job_options = *options;
  FdJob *job;

  if (self->source != NULL)
    reattach = fd_device_source_new_reattach (self->source, device);
  if (reattach != NULL)
    {
      job_options.reattach = fd_reattach_flow_func;
      job_options.reattach_data = reattach;
    }
  job = fd_config_form_create_job (form, &target, &job_options, error);
  if (job != NULL && reattach != NULL)
    g_object_set_data_full (G_OBJECT (job), REATTACH_KEY, g_steal_pointer (&reattach),
                            g_object_unref);
  return job;
}

FdBatchSession *
fd_batch_session_new (GPtrArray              *devices,
                      FdConfigForm           *form,
                      const FdUpgradeOptions *options,
                      FdDeviceSource         *source,
                      GError                **error)
{
  g_autoptr(FdBatchSession) self = g_object_new (FD_TYPE_BATCH_SESSION, NULL);
  g_autoptr(GString) refused = g_string_new (NULL);

  self->source = source != NULL ? g_object_ref (source) : NULL;
  g_return_val_if_fail (options->audit_log != NULL, NULL);
  self->audit_path = g_strdup (fd_audit_log_get_path (options->audit_log));
  for (guint i = 0; i < devices->len; i++)
    {
      FdDeviceItem *device = g_ptr_array_index (devices, i);
      g_autoptr(GError) job_error = NULL;
      g_autoptr(FdJob) job = make_job (self, device, form, options, &job_error);
      g_autoptr(FdJobItem) item = NULL;

      if (job == NULL)
        {
          g_string_append_printf (refused, "%s%s", refused->len > 0 ? "\n" : "",
                                  job_error->message);
          continue;
        }
      fd_batch_add_job (self->batch, job);
      item = fd_job_item_new (job, device);
      g_list_store_append (self->items, item);
      g_ptr_array_add (self->devices, g_object_ref (device));
    }
  if (refused->len > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, refused->str);
      return NULL;
    }
  return g_steal_pointer (&self);
}

FdBatch *
fd_batch_session_get_batch (FdBatchSession *self)
{
  return self->batch;
}

GListModel *
fd_batch_session_get_items (FdBatchSession *self)
{
  return G_LIST_MODEL (self->items);
}

FdJobItem *
fd_batch_session_lookup (FdBatchSession *self, const char *job_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_strcmp0 (fd_job_item_get_id (item), job_id) == 0)
        return item; /* the store keeps its reference */
    }
  return NULL;
}

/* ---- running ------------------------------------------------------------- */

static gboolean
tick (gpointer user_data)
{
  FdBatchSession *self = user_data;
  guint           n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (fd_job_item_get_state (item) != FD_JOB_STATE_WAITING && !fd_job_item_is_finished (item))
        fd_job_item_tick (item);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_job_started (FdBatch *batch, FdJob *job, FdBatchSession *self)
{
  FdJobItem *item = fd_batch_session_lookup (self, fd_job_get_id (job));

  if (item != NULL)
    fd_job_item_mark_started (item);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_job_finished (FdBatch *batch, FdJob *job, FdBatchSession *self)
{
  FdJobItem *item = fd_batch_session_lookup (self, fd_job_get_id (job));

  if (item != NULL && fd_job_item_get_device (item) != NULL)
    set_busy (self, fd_job_item_get_device (item), FALSE);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
batch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FdBatchSession) self = user_data;

  fd_batch_run_finish (FD_BATCH (source), result, NULL);
  self->running = FALSE;
  self->finished = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  release_devices (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

void
fd_batch_session_start (FdBatchSession *self)
{
  g_return_if_fail (FD_IS_BATCH_SESSION (self));
  g_return_if_fail (!self->running && !self->finished);

  self->running = TRUE;
  for (guint i = 0; i < self->devices->len; i++)
    set_busy (self, g_ptr_array_index (self->devices, i), TRUE);
  g_signal_connect (self->batch, "job-started", G_CALLBACK (on_job_started), self);
  g_signal_connect (self->batch, "job-finished", G_CALLBACK (on_job_finished), self);
  self->tick_id = g_timeout_add_seconds (1, tick, self);
  fd_batch_run_async (self->batch, self->cancellable, batch_done, g_object_ref (self));
}

void
fd_batch_session_cancel_all (FdBatchSession *self)
{
  g_return_if_fail (FD_IS_BATCH_SESSION (self));
  fd_batch_cancel (self->batch);
}

gboolean
fd_batch_session_is_running (FdBatchSession *self)
{
  return self->running;
}

gboolean
fd_batch_session_is_finished (FdBatchSession *self)
{
  return self->finished;
}

gboolean
fd_batch_session_any_flashing (FdBatchSession *self)
{
  return fd_batch_session_count (self, FD_JOB_STATE_FLASHING) > 0;
}

guint
fd_batch_session_count (FdBatchSession *self, FdJobState state)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      count += fd_job_item_get_state (item) == state ? 1 : 0;
    }
  return count;
}

guint
fd_batch_session_count_finished (FdBatchSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      count += fd_job_item_is_finished (item) ? 1 : 0;
    }
  return count;
}

static char *
count_text (FdJobState state, guint n)
{
  switch (state)
    {
    case FD_JOB_STATE_SUCCESS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u upgraded", "%u upgraded", n), n);
    case FD_JOB_STATE_UP_TO_DATE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u up to date", "%u up to date", n),
                              n);
    case FD_JOB_STATE_FAILED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", n), n);
    case FD_JOB_STATE_CANCELLED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cancelled", "%u cancelled", n), n);
    case FD_JOB_STATE_WAITING:
    case FD_JOB_STATE_RUNNING:
    case FD_JOB_STATE_FLASHING:
    default:
      return NULL;
    }
}

char *
fd_batch_session_dup_summary (FdBatchSession *self)
{
  static const FdJobState states[] = { FD_JOB_STATE_SUCCESS, FD_JOB_STATE_UP_TO_DATE,
                                       FD_JOB_STATE_FAILED, FD_JOB_STATE_CANCELLED };
  guint                   total = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text,
                          /* Translators: "3 of 5 done", the start of the batch summary */
                          _("%u of %u done"), fd_batch_session_count_finished (self), total);
  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    {
      guint            n = fd_batch_session_count (self, states[i]);
      g_autofree char *part = n > 0 ? count_text (states[i], n) : NULL;

      if (part != NULL)
        g_string_append_printf (text, " · %s", part);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- report -------------------------------------------------------------- */

/* What a report needs, copied so that a worker thread can build it. */
struct _Report {
  char       *audit_path;
  GHashTable *job_ids;
  GFile      *file;
};

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->audit_path);
  g_hash_table_unref (report->job_ids);
  g_clear_object (&report->file);
  g_free (report);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Report, report_free)

static Report *
report_new (FdBatchSession *self, GFile *file)
{
  Report *report = g_new0 (Report, 1);
  GListModel *items = G_LIST_MODEL (self->items);

  report->audit_path = g_strdup (self->audit_path);
  report->job_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  report->file = file != NULL ? g_object_ref (file) : NULL;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (items, i);

      g_hash_table_add (report->job_ids, g_strdup (fd_job_item_get_id (item)));
    }
  return report;
}

/* Reads the audit log: any thread. */
static char *
report_csv (const Report *report, GError **error)
{
  g_autoptr(GPtrArray) records = fd_audit_log_read_records (report->audit_path, NULL, error);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();

  if (records == NULL)
    return NULL;
  summaries = fd_audit_log_summarize (records);
  for (guint i = 0; i < summaries->len; i++)
    {
      FdAuditJobSummary *summary = g_ptr_array_index (summaries, i);

      if (g_hash_table_contains (report->job_ids, summary->job_id))
        g_ptr_array_add (ours, summary);
    }
  return fd_audit_export_csv (ours, FD_AUDIT_CSV_BOM);
}

static gboolean
report_write (const Report *report, GError **error)
{
  g_autofree char *csv = report_csv (report, error);

  return csv != NULL && g_file_replace_contents (report->file, csv, strlen (csv), NULL, FALSE,
                                                 G_FILE_CREATE_NONE, NULL, NULL, error);
}

char *
fd_batch_session_export_csv (FdBatchSession *self, GError **error)
{
  g_autoptr(Report) report = report_new (self, NULL);

  return report_csv (report, error);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (report_write (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
fd_batch_session_export_async (FdBatchSession     *self,
                               GFile              *file,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, fd_batch_session_export_async);
  g_task_set_task_data (task, report_new (self, file), report_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fd_batch_session_export_finish (FdBatchSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
