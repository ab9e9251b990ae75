/* fd-device-panel.c — the device list pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-banner.h"
#include "fd-device-panel.h"
#include "fd-device-row.h"

struct _FdDevicePanel
{
  AdwBin parent_instance;

  FdDeviceList *list;

  FdBanner      *mm_banner;
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkWidget     *demo_button;
  GtkLabel      *count_label;
  GtkListView   *list_view;
};

G_DEFINE_FINAL_TYPE (FdDevicePanel, fd_device_panel, ADW_TYPE_BIN)

static void
update_counts (FdDevicePanel *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  guint selected = self->list != NULL ? fd_device_list_count_selected (self->list) : 0;
  g_autofree char *modules = NULL;
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->stack, n == 0 ? "empty" : "list");
  /* Translators: the first part of "3 modules · 2 selected" */
  modules = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u module", "%u modules", n), n);
  /* Translators: "3 modules · 2 selected" above the device list */
  text = g_strdup_printf (_("%s · %u selected"), modules, selected);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.select-none", selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.select-all",
                                 self->list != NULL
                                     && fd_device_list_count_ready (self->list) > selected);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  update_counts (FD_DEVICE_PANEL (data));
}

static void
on_selection_changed (FdDeviceList *list, FdDevicePanel *self)
{
  update_counts (self);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  gtk_list_item_set_child (list_item, fd_device_row_new ());
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  fd_device_row_set_item (FD_DEVICE_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  fd_device_row_set_item (FD_DEVICE_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
disconnect_list (FdDevicePanel *self)
{
  if (self->list == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
}

void
fd_device_panel_set_list (FdDevicePanel *self, FdDeviceList *list)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (FD_IS_DEVICE_PANEL (self));
  disconnect_list (self);
  if (list != NULL)
    {
      self->list = g_object_ref (list);
      g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect (list, "selection-changed", G_CALLBACK (on_selection_changed), self);
      selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (list)));
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_counts (self);
}

FdDeviceList *
fd_device_panel_get_list (FdDevicePanel *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_PANEL (self), NULL);
  return self->list;
}

void
fd_device_panel_set_modem_manager_advice (FdDevicePanel *self, const char *advice)
{
  g_return_if_fail (FD_IS_DEVICE_PANEL (self));
  fd_banner_set_message (self->mm_banner, advice);
  fd_banner_set_revealed (self->mm_banner, advice != NULL);
}

const char *
fd_device_panel_get_modem_manager_advice (FdDevicePanel *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_PANEL (self), NULL);
  return fd_banner_get_revealed (self->mm_banner) ? fd_banner_get_message (self->mm_banner) : NULL;
}

void
fd_device_panel_set_demo (FdDevicePanel *self, gboolean demo)
{
  g_return_if_fail (FD_IS_DEVICE_PANEL (self));
  gtk_widget_set_visible (self->demo_button, !demo);
  adw_status_page_set_description (
      self->empty_page,
      demo ? _("The simulated modules are starting…")
           : _("Plug a module into a USB port, directly or through a USB-serial adapter (CH340, "
                "CP210x). It appears here within a few seconds."));
}

const char *
fd_device_panel_get_visible_page (FdDevicePanel *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_PANEL (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
select_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdDevicePanel *self = FD_DEVICE_PANEL (widget);

  if (self->list != NULL)
    fd_device_list_select_all (self->list, g_str_equal (action_name, "devices.select-all"));
}

static void
select_model_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdDevicePanel *self = FD_DEVICE_PANEL (widget);

  if (self->list != NULL)
    fd_device_list_select_model (self->list, g_variant_get_string (parameter, NULL));
}

static void
fd_device_panel_dispose (GObject *object)
{
  FdDevicePanel *self = FD_DEVICE_PANEL (object);

  disconnect_list (self);
  G_OBJECT_CLASS (fd_device_panel_parent_class)->dispose (object);
}

static void
fd_device_panel_class_init (FdDevicePanelClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_device_panel_dispose;

  g_type_ensure (FD_TYPE_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-device-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FdDevicePanel, mm_banner);
  gtk_widget_class_bind_template_child (widget_class, FdDevicePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, FdDevicePanel, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FdDevicePanel, demo_button);
  gtk_widget_class_bind_template_child (widget_class, FdDevicePanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, FdDevicePanel, list_view);

  gtk_widget_class_install_action (widget_class, "devices.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "devices.select-none", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "devices.select-model", "s", select_model_action);
}

static void
fd_device_panel_init (FdDevicePanel *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  fd_banner_set_message (self->mm_banner, NULL);
  /* Translators: a button on the "ModemManager is running" banner */
  fd_banner_set_button (self->mm_banner, _("Fix…"), "win.fix-port-access(('busy', ''))");
  update_counts (self);
}
