/* fd-batch-panel.c — the progress view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fd-batch-panel.h"
#include "fd-compat.h"
#include "fd-job-row.h"

struct _FdBatchPanel
{
  AdwBin parent_instance;

  FdBatchSession *session;
  GtkWidget      *open_alert;

  GtkStack    *stack;
  GtkLabel    *summary_label;
  GtkLabel    *note_label;
  GtkWidget   *cancel_all_button;
  GtkWidget   *new_button;
  GtkListView *list_view;
};

G_DEFINE_FINAL_TYPE (FdBatchPanel, fd_batch_panel, ADW_TYPE_BIN)

static void
update_summary (FdBatchPanel *self)
{
  g_autofree char *summary = NULL;
  gboolean         running;

  if (self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.cancel-all", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.export", FALSE);
      return;
    }
  running = fd_batch_session_is_running (self->session);
  summary = fd_batch_session_dup_summary (self->session);
  gtk_stack_set_visible_child_name (self->stack, "batch");
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.cancel-all", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.export", TRUE);
  gtk_widget_set_visible (self->cancel_all_button, running);
  gtk_widget_set_visible (self->new_button, fd_batch_session_is_finished (self->session));
  if (fd_batch_get_canary (fd_batch_session_get_batch (self->session)) && running
      && fd_batch_session_count_finished (self->session) == 0)
    {
      gtk_label_set_text (self->note_label,
                          _("Canary first: one module is upgraded and checked before the others "
                             "start."));
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
    }
}

static void
on_session_changed (FdBatchSession *session, FdBatchPanel *self)
{
  update_summary (self);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  gtk_list_item_set_child (list_item, fd_job_row_new ());
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  fd_job_row_set_item (FD_JOB_ROW (gtk_list_item_get_child (list_item)),
                       gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  fd_job_row_set_item (FD_JOB_ROW (gtk_list_item_get_child (list_item)), NULL);
}

void
fd_batch_panel_set_session (FdBatchPanel *self, FdBatchSession *session)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (FD_IS_BATCH_PANEL (self));
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
      g_signal_connect (session, "finished", G_CALLBACK (on_session_changed), self);
      selection = gtk_no_selection_new (g_object_ref (fd_batch_session_get_items (session)));
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_summary (self);
}

FdBatchSession *
fd_batch_panel_get_session (FdBatchPanel *self)
{
  g_return_val_if_fail (FD_IS_BATCH_PANEL (self), NULL);
  return self->session;
}

const char *
fd_batch_panel_get_summary (FdBatchPanel *self)
{
  g_return_val_if_fail (FD_IS_BATCH_PANEL (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

GtkWidget *
fd_batch_panel_get_open_alert (FdBatchPanel *self)
{
  g_return_val_if_fail (FD_IS_BATCH_PANEL (self), NULL);
  return self->open_alert;
}

/* ---- cancelling ---------------------------------------------------------- */

static void
ask (FdBatchPanel *self, const char *heading, const char *body, const char *confirm,
     FdAlertFunc func, gpointer data)
{
  GtkWidget *alert = fd_compat_alert_new (heading, body);

  fd_compat_alert_add_response (alert, "keep", _("_Keep Going"), FD_ALERT_DEFAULT);
  fd_compat_alert_add_response (alert, "cancel", confirm, FD_ALERT_DESTRUCTIVE);
  fd_compat_alert_set_close_response (alert, "keep");
  fd_compat_alert_set_default_response (alert, "keep");
  self->open_alert = alert;
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *)&self->open_alert);
  fd_compat_alert_present (alert, GTK_WIDGET (self), func, data);
}

static void
cancel_job_answered (GtkWidget *alert, const char *response, gpointer user_data)
{
  g_autoptr(FdJobItem) item = user_data;

  if (g_strcmp0 (response, "cancel") == 0)
    fd_job_cancel (fd_job_item_get_job (item));
}

static void
cancel_job_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdBatchPanel    *self = FD_BATCH_PANEL (widget);
  FdJobItem       *item;
  g_autofree char *heading = NULL;

  if (self->session == NULL)
    return;
  item = fd_batch_session_lookup (self->session, g_variant_get_string (parameter, NULL));
  if (item == NULL || fd_job_item_is_finished (item))
    return;
  if (!fd_job_item_is_flashing (item))
    {
      fd_job_cancel (fd_job_item_get_job (item));
      return;
    }
  /* Translators: %s is a module, e.g. "ML307A-DSLN" */
  heading = g_strdup_printf (_("Stop %s While It Flashes?"), fd_job_item_get_title (item));
  ask (self, heading,
       _("The module is writing its new firmware. FotaDesk stops following it, but the module "
          "may go on by itself; do not unplug or power it off until it has restarted. A module "
          "cut off now may not start again."),
       _("_Stop Following"), cancel_job_answered, g_object_ref (item));
}

static void
cancel_all_answered (GtkWidget *alert, const char *response, gpointer user_data)
{
  FdBatchPanel *self = FD_BATCH_PANEL (user_data);

  if (g_strcmp0 (response, "cancel") == 0 && self->session != NULL)
    fd_batch_session_cancel_all (self->session);
}

static void
cancel_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdBatchPanel    *self = FD_BATCH_PANEL (widget);
  guint            flashing;
  g_autofree char *body = NULL;

  if (self->session == NULL)
    return;
  flashing = fd_batch_session_count (self->session, FD_JOB_STATE_FLASHING);
  if (flashing == 0)
    {
      fd_batch_session_cancel_all (self->session);
      return;
    }
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u module is writing its new firmware. The modules "
                                       "that have not started will not start; FotaDesk stops "
                                       "following the one that is flashing, which may go on "
                                       "by itself. Do not unplug or power it off until it has "
                                       "restarted.",
                                       "%u modules are writing their new firmware. The modules "
                                       "that have not started will not start; FotaDesk stops "
                                       "following those that are flashing, which may go on by "
                                       "themselves. Do not unplug or power them off until they "
                                       "have restarted.",
                                       flashing),
                          flashing);
  ask (self, _("Cancel the Batch?"), body, _("_Cancel All"), cancel_all_answered, self);
}

/* ---- report -------------------------------------------------------------- */

gboolean
fd_batch_panel_export_to (FdBatchPanel *self, GFile *file, GError **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (FD_IS_BATCH_PANEL (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);
  csv = fd_batch_session_export_csv (self->session, error);
  if (csv == NULL)
    return FALSE;
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  NULL, error);
}

static void
toast (FdBatchPanel *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FdBatchPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!fd_batch_session_export_finish (FD_BATCH_SESSION (source), result, &error))
    /* Translators: the reason the report could not be saved */
    message = g_strdup_printf (_("The report was not saved: %s"), error->message);
  else
    message = g_strdup (_("Report saved"));
  toast (self, message);
}

static void
export_chosen (GFile *file, gpointer user_data)
{
  g_autoptr(FdBatchPanel) self = user_data;

  if (file == NULL || self->session == NULL)
    return;
  /* The audit log may be long: it is read in a worker. */
  fd_batch_session_export_async (self->session, file, NULL, export_done, g_object_ref (self));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "fotadesk-batch-%Y%m%d-%H%M.csv");

  fd_compat_choose_file (widget, _("Save the Batch Report"), TRUE, name, export_chosen,
                         g_object_ref (widget));
}

/* ---- object -------------------------------------------------------------- */

static void
fd_batch_panel_dispose (GObject *object)
{
  fd_batch_panel_set_session (FD_BATCH_PANEL (object), NULL);
  G_OBJECT_CLASS (fd_batch_panel_parent_class)->dispose (object);
}

static void
fd_batch_panel_class_init (FdBatchPanelClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_batch_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-batch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FdBatchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, FdBatchPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FdBatchPanel, note_label);
  gtk_widget_class_bind_template_child (widget_class, FdBatchPanel, cancel_all_button);
  gtk_widget_class_bind_template_child (widget_class, FdBatchPanel, new_button);
  gtk_widget_class_bind_template_child (widget_class, FdBatchPanel, list_view);

  gtk_widget_class_install_action (widget_class, "batch.cancel-job", "s", cancel_job_action);
  gtk_widget_class_install_action (widget_class, "batch.cancel-all", NULL, cancel_all_action);
  gtk_widget_class_install_action (widget_class, "batch.export", NULL, export_action);
}

static void
fd_batch_panel_init (FdBatchPanel *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  update_summary (self);
}
