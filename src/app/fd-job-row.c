/* fd-job-row.c — one module's row in the batch view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-job-row.h"

struct _FdJobRow
{
  AdwBin parent_instance;

  FdJobItem *item;

  GtkImage       *state_icon;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *elapsed_label;
  GtkButton      *transcript_button;
  GtkButton      *cancel_button;
  GtkLabel       *phase_label;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *flashing_box;
  GtkLabel       *result_label;
  GtkLabel       *detail_label;
};

G_DEFINE_FINAL_TYPE (FdJobRow, fd_job_row, ADW_TYPE_BIN)

static void
set_label_or_hide (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
state_look (FdJobState state, const char **icon, const char **style)
{
  switch (state)
    {
    case FD_JOB_STATE_SUCCESS:
    case FD_JOB_STATE_UP_TO_DATE:
      *icon = "object-select-symbolic";
      *style = "success";
      break;
    case FD_JOB_STATE_FAILED:
      *icon = "dialog-error-symbolic";
      *style = "error";
      break;
    case FD_JOB_STATE_CANCELLED:
      *icon = "process-stop-symbolic";
      *style = "dim-label";
      break;
    case FD_JOB_STATE_FLASHING:
      *icon = "dialog-warning-symbolic";
      *style = "warning";
      break;
    case FD_JOB_STATE_RUNNING:
      *icon = "emblem-synchronizing-symbolic";
      *style = "accent";
      break;
    case FD_JOB_STATE_WAITING:
    default:
      *icon = "content-loading-symbolic";
      *style = "dim-label";
      break;
    }
}

static void
update (FdJobRow *self)
{
  FdJobItem  *item = self->item;
  FdJobState  state = fd_job_item_get_state (item);
  gboolean    finished = fd_job_item_is_finished (item);
  const char *icon;
  const char *style;

  state_look (state, &icon, &style);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_icon), (const char *[]){ style, NULL });
  gtk_label_set_text (self->elapsed_label, fd_job_item_get_elapsed_text (item));
  set_label_or_hide (self->phase_label, finished ? NULL : fd_job_item_get_phase_text (item));
  set_label_or_hide (self->progress_label, finished ? NULL : fd_job_item_get_progress_text (item));
  gtk_progress_bar_set_fraction (self->progress_bar, fd_job_item_get_fraction (item));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !finished);
  gtk_widget_set_visible (self->flashing_box, state == FD_JOB_STATE_FLASHING);
  set_label_or_hide (self->result_label, fd_job_item_get_result_text (item));
  gtk_widget_set_css_classes (GTK_WIDGET (self->result_label),
                              (const char *[]){ "heading", style, NULL });
  set_label_or_hide (self->detail_label, fd_job_item_get_detail_text (item));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !finished);
}

static void
on_item_notify (FdJobItem *item, GParamSpec *pspec, FdJobRow *self)
{
  update (self);
}

void
fd_job_row_set_item (FdJobRow *self, FdJobItem *item)
{
  g_return_if_fail (FD_IS_JOB_ROW (self));
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item == NULL)
    return;
  g_signal_connect (item, "notify", G_CALLBACK (on_item_notify), self);
  gtk_label_set_text (self->title_label, fd_job_item_get_title (item));
  gtk_label_set_text (self->subtitle_label, fd_job_item_get_subtitle (item));
  /* Target first: an action name without its target is a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "s",
                                    fd_job_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "batch.cancel-job");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->transcript_button), "s",
                                    fd_job_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->transcript_button), "win.show-transcript");
  {
    /* Translators: accessible names of a batch row's buttons; %s is a module */
    g_autofree char *cancel = g_strdup_printf (_("Cancel %s"), fd_job_item_get_title (item));
    g_autofree char *transcript
        /* Translators: accessible name of a batch row's transcript button */
        = g_strdup_printf (_("AT conversation of %s"), fd_job_item_get_title (item));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, cancel, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->transcript_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, transcript, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, fd_job_item_get_title (item),
                                    -1);
  }
  update (self);
}

static void
fd_job_row_dispose (GObject *object)
{
  fd_job_row_set_item (FD_JOB_ROW (object), NULL);
  G_OBJECT_CLASS (fd_job_row_parent_class)->dispose (object);
}

static void
fd_job_row_class_init (FdJobRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_job_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-job-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FdJobRow, name)
  BIND (state_icon);
  BIND (title_label);
  BIND (subtitle_label);
  BIND (elapsed_label);
  BIND (transcript_button);
  BIND (cancel_button);
  BIND (phase_label);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (flashing_box);
  BIND (result_label);
  BIND (detail_label);
#undef BIND
}

static void
fd_job_row_init (FdJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_job_row_new (void)
{
  return g_object_new (FD_TYPE_JOB_ROW, NULL);
}
