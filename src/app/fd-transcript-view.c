/* fd-transcript-view.c — one module's AT conversation, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fd-compat.h"
#include "fd-transcript-view.h"
#include "fd-upgrade.h"

#define POLL_MS 250

struct _FdTranscriptView
{
  AdwBin parent_instance;

  FdBatchSession    *session;
  GPtrArray         *job_ids; /* the dropdown's entries */
  FdJobItem         *item;    /* the job shown */
  FdTranscriptLines *lines;
  guint              n_chunks; /* chunks of the file already shown */
  guint              counts[FD_LINE_NOTE + 1];
  gboolean           complete;
  gboolean           loading;
  guint              poll_id;
  GCancellable      *cancellable;

  GtkStack          *stack;
  GtkDropDown       *jobs_dropdown;
  GtkScrolledWindow *scroller;
  GtkTextView       *text_view;
  GtkLabel          *path_label;
};

G_DEFINE_FINAL_TYPE (FdTranscriptView, fd_transcript_view, ADW_TYPE_BIN)

static void schedule_poll (FdTranscriptView *self);

/* ---- text ---------------------------------------------------------------- */

static void
make_tags (FdTranscriptView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  /* Colours that read on light and dark backgrounds alike. */
  gtk_text_buffer_create_tag (buffer, "time", "foreground", "#888a85", NULL);
  gtk_text_buffer_create_tag (buffer, "tx", "foreground", "#3584e4", NULL);
  gtk_text_buffer_create_tag (buffer, "urc", "weight", PANGO_WEIGHT_BOLD, "paragraph-background",
                              "rgba(229,165,10,0.22)", NULL);
  gtk_text_buffer_create_tag (buffer, "note", "style", PANGO_STYLE_ITALIC, "foreground", "#888a85",
                              NULL);
}

static const char *
tag_for (FdLineKind kind)
{
  switch (kind)
    {
    case FD_LINE_TX:
      return "tx";
    case FD_LINE_URC:
      return "urc";
    case FD_LINE_NOTE:
      return "note";
    case FD_LINE_RX:
    case FD_LINE_PROMPT:
    default:
      return NULL;
    }
}

static void
append_line (FdTranscriptView *self, const FdTranscriptLine *line)
{
  GtkTextBuffer   *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *formatted = fd_transcript_line_format (line);
  g_autofree char *time = fd_transcript_format_time (line->t_ms);
  const char      *tag = tag_for (line->kind);
  GtkTextIter      end;
  gsize            prefix = strlen (time);

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (gtk_text_buffer_get_char_count (buffer) > 0)
    gtk_text_buffer_insert (buffer, &end, "\n", 1);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, formatted, (int)prefix, "time", NULL);
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags_by_name (buffer, &end, formatted + prefix, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, &end, formatted + prefix, -1);
  self->counts[line->kind]++;
}

static gboolean
at_bottom (FdTranscriptView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - 4;
}

static void
scroll_to_end (FdTranscriptView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter    end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_scroll_to_iter (self->text_view, &end, 0.0, FALSE, 0.0, 1.0);
}

static void
append_chunks (FdTranscriptView *self, GPtrArray *chunks, gboolean final)
{
  g_autoptr(GPtrArray) lines
      = g_ptr_array_new_with_free_func ((GDestroyNotify)fd_transcript_line_free);
  gboolean follow = at_bottom (self);

  for (guint i = self->n_chunks; i < chunks->len; i++)
    fd_transcript_lines_feed (self->lines, g_ptr_array_index (chunks, i), lines);
  self->n_chunks = chunks->len;
  if (final)
    fd_transcript_lines_flush (self->lines, lines);
  for (guint i = 0; i < lines->len; i++)
    append_line (self, g_ptr_array_index (lines, i));
  if (follow && lines->len > 0)
    scroll_to_end (self);
}

/* ---- reading the file as it grows ---------------------------------------- */

typedef struct
{
  char    *path;
  gboolean finished; /* the job had ended before the file was read */
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->path);
  g_free (load);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Load      *load = data;
  GPtrArray *chunks = NULL;
  GError    *error = NULL;

  if (fd_transcript_load (load->path, NULL, &chunks, &error))
    g_task_return_pointer (task, chunks, (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer data)
{
  FdTranscriptView *self = FD_TRANSCRIPT_VIEW (source);
  FdJobItem        *item = data; /* compared only: the view may have moved on */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean finished;

  self->loading = FALSE;
  if (item != self->item || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      schedule_poll (self);
      return;
    }
  /* Read the state before the file: a job that was finished before the
   * read has written all of its transcript. */
  finished = ((Load *)g_task_get_task_data (G_TASK (result)))->finished;
  if (chunks != NULL)
    append_chunks (self, chunks, finished);
  self->complete = finished && chunks != NULL;
  schedule_poll (self);
}

static void
load (FdTranscriptView *self)
{
  const char *path = fd_upgrade_job_get_transcript_path (fd_job_item_get_job (self->item));
  g_autoptr(GTask) task = NULL;
  Load *data;

  if (path == NULL || self->loading)
    return;
  self->loading = TRUE;
  data = g_new0 (Load, 1);
  data->path = g_strdup (path);
  data->finished = fd_job_item_is_finished (self->item);
  task = g_task_new (self, self->cancellable, load_done, self->item);
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, data, load_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
poll_cb (gpointer user_data)
{
  FdTranscriptView *self = user_data;

  self->poll_id = 0;
  if (self->item != NULL && !self->complete && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  schedule_poll (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (FdTranscriptView *self)
{
  if (self->poll_id != 0 || self->item == NULL || self->complete || self->loading)
    return;
  self->poll_id = g_timeout_add (POLL_MS, poll_cb, self);
}

/* ---- which job ----------------------------------------------------------- */

static void
reset_text (FdTranscriptView *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  g_clear_pointer (&self->lines, fd_transcript_lines_free);
  self->lines = fd_transcript_lines_new ();
  self->n_chunks = 0;
  memset (self->counts, 0, sizeof self->counts);
  self->complete = FALSE;
}

static void
select_item (FdTranscriptView *self, FdJobItem *item)
{
  const char *path;

  if (self->item == item)
    return;
  g_set_object (&self->item, item);
  reset_text (self);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (item == NULL)
    return;
  path = fd_upgrade_job_get_transcript_path (fd_job_item_get_job (item));
  gtk_label_set_text (self->path_label, path != NULL ? path : _("This job keeps no transcript."));
  load (self);
}

static void
on_dropdown_selected (GtkDropDown *dropdown, GParamSpec *pspec, FdTranscriptView *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);

  if (self->session == NULL || index >= self->job_ids->len)
    return;
  select_item (self,
               fd_batch_session_lookup (self->session, g_ptr_array_index (self->job_ids, index)));
}

static void
fill_dropdown (FdTranscriptView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *items = fd_batch_session_get_items (self->session);

  g_ptr_array_set_size (self->job_ids, 0);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (items, i);
      g_autofree char *name = g_strdup_printf ("%s · %s", fd_job_item_get_title (item),
                                               fd_job_item_get_subtitle (item));

      gtk_string_list_append (names, name);
      g_ptr_array_add (self->job_ids, g_strdup (fd_job_item_get_id (item)));
    }
  g_signal_handlers_block_by_func (self->jobs_dropdown, on_dropdown_selected, self);
  gtk_drop_down_set_model (self->jobs_dropdown, G_LIST_MODEL (names));
  g_signal_handlers_unblock_by_func (self->jobs_dropdown, on_dropdown_selected, self);
}

void
fd_transcript_view_set_session (FdTranscriptView *self, FdBatchSession *session)
{
  g_return_if_fail (FD_IS_TRANSCRIPT_VIEW (self));
  g_set_object (&self->session, session);
  select_item (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, session != NULL ? "view" : "empty");
  if (session == NULL)
    return;
  fill_dropdown (self);
  on_dropdown_selected (self->jobs_dropdown, NULL, self);
}

void
fd_transcript_view_show_job (FdTranscriptView *self, const char *job_id)
{
  g_return_if_fail (FD_IS_TRANSCRIPT_VIEW (self));
  for (guint i = 0; i < self->job_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->job_ids, i), job_id) == 0)
      {
        gtk_drop_down_set_selected (self->jobs_dropdown, i);
        on_dropdown_selected (self->jobs_dropdown, NULL, self);
      }
}

const char *
fd_transcript_view_get_job_id (FdTranscriptView *self)
{
  g_return_val_if_fail (FD_IS_TRANSCRIPT_VIEW (self), NULL);
  return self->item != NULL ? fd_job_item_get_id (self->item) : NULL;
}

/* ---- reading it back ----------------------------------------------------- */

char *
fd_transcript_view_dup_text (FdTranscriptView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

guint
fd_transcript_view_count_lines (FdTranscriptView *self, FdLineKind kind)
{
  g_return_val_if_fail (kind <= FD_LINE_NOTE, 0);
  return self->counts[kind];
}

gboolean
fd_transcript_view_is_complete (FdTranscriptView *self)
{
  return self->complete;
}

gboolean
fd_transcript_view_save_to (FdTranscriptView *self, GFile *file, GError **error)
{
  g_autofree char *text = fd_transcript_view_dup_text (self);
  g_autofree char *with_end = g_strconcat (text, "\n", NULL);

  return g_file_replace_contents (file, with_end, strlen (with_end), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

static void
copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autofree char *text = fd_transcript_view_dup_text (FD_TRANSCRIPT_VIEW (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
save_chosen (GFile *file, gpointer user_data)
{
  g_autoptr(FdTranscriptView) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  if (file == NULL || fd_transcript_view_save_to (self, file, &error))
    return;
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdTranscriptView *self = FD_TRANSCRIPT_VIEW (widget);
  g_autofree char  *name = NULL;

  if (self->item == NULL)
    return;
  name = g_strdup_printf ("%s-%s.txt", fd_job_item_get_title (self->item),
                          fd_job_item_get_id (self->item));
  g_strdelimit (name, "/\\ ", '_');
  fd_compat_choose_file (widget, _("Save the Conversation"), TRUE, name, save_chosen,
                         g_object_ref (self));
}

/* ---- object -------------------------------------------------------------- */

static void
on_map (GtkWidget *widget, gpointer data)
{
  FdTranscriptView *self = FD_TRANSCRIPT_VIEW (widget);

  if (self->item != NULL && !self->complete)
    load (self);
}

static void
fd_transcript_view_dispose (GObject *object)
{
  FdTranscriptView *self = FD_TRANSCRIPT_VIEW (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->item);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (fd_transcript_view_parent_class)->dispose (object);
}

static void
fd_transcript_view_finalize (GObject *object)
{
  FdTranscriptView *self = FD_TRANSCRIPT_VIEW (object);

  g_clear_pointer (&self->lines, fd_transcript_lines_free);
  g_ptr_array_unref (self->job_ids);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (fd_transcript_view_parent_class)->finalize (object);
}

static void
fd_transcript_view_class_init (FdTranscriptViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_transcript_view_dispose;
  object_class->finalize = fd_transcript_view_finalize;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/fotadesk/FotaDesk/fd-transcript-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FdTranscriptView, stack);
  gtk_widget_class_bind_template_child (widget_class, FdTranscriptView, jobs_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FdTranscriptView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FdTranscriptView, text_view);
  gtk_widget_class_bind_template_child (widget_class, FdTranscriptView, path_label);
  gtk_widget_class_install_action (widget_class, "transcript.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "transcript.save", NULL, save_action);
}

static void
fd_transcript_view_init (FdTranscriptView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->job_ids = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->lines = fd_transcript_lines_new ();
  make_tags (self);
  g_signal_connect (self->jobs_dropdown, "notify::selected", G_CALLBACK (on_dropdown_selected),
                    self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}
