/* fd-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-audit-log.h"
#include "fd-banner.h"
#include "fd-compat.h"
#include "fd-config-panel.h"
#include "fd-device-panel.h"
#include "fd-presets.h"
#include "fd-window-private.h"

struct _FdWindow
{
  AdwApplicationWindow parent_instance;

  GSettings      *settings;
  FdDeviceList   *devices;
  FdDeviceSource *source;
  FdPresets      *presets;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar;
  GtkWidget       *content;
  FdDevicePanel   *device_panel;
  FdConfigPanel   *config_panel;
  FdBanner        *demo_banner;
  AdwViewStack    *view_stack;
};

G_DEFINE_FINAL_TYPE (FdWindow, fd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
on_mm_advice (FdDeviceSource *source, GParamSpec *pspec, FdWindow *self)
{
  fd_device_panel_set_modem_manager_advice (self->device_panel,
                                            fd_device_source_get_modem_manager_advice (source));
}

static void
apply_port_globs (FdWindow *self)
{
  g_auto (GStrv) globs = g_settings_get_strv (self->settings, "port-globs");

  fd_device_source_set_globs (self->source, (const char *const *)globs);
  fd_device_source_set_globs_only (self->source,
                                   !g_settings_get_boolean (self->settings, "list-system-ports"));
}

static void
on_port_globs_changed (GSettings *settings, const char *key, FdWindow *self)
{
  apply_port_globs (self);
  fd_device_source_rescan (self->source);
}

static void
rescan_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  fd_device_source_rescan (FD_WINDOW (widget)->source);
}

static void
show_devices_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
open_log_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autofree char *dir = fd_audit_default_dir ();
  g_autofree char *uri = g_filename_to_uri (dir, NULL, NULL);

  if (uri != NULL)
    fd_compat_show_uri (widget, uri);
}

static void
update_start_action (FdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-batch",
                                 fd_config_panel_can_start (self->config_panel));
}

static void
on_selection_changed (FdDeviceList *list, FdWindow *self)
{
  g_autoptr(GPtrArray) selected = fd_device_list_dup_selected (list);

  fd_config_panel_set_targets (self->config_panel, selected);
  update_start_action (self);
}

static void
on_config_validated (FdConfigPanel *panel, FdWindow *self)
{
  update_start_action (self);
}

static void
start_batch_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  fd_window_toast (FD_WINDOW (widget), _("Batches are not wired to the window yet."));
}

static gboolean
fd_window_close_request (GtkWindow *window)
{
  fd_config_panel_remember (FD_WINDOW (window)->config_panel);
  return GTK_WINDOW_CLASS (fd_window_parent_class)->close_request (window);
}

static void
fd_window_dispose (GObject *object)
{
  FdWindow *self = FD_WINDOW (object);

  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      fd_device_source_stop (self->source);
    }
  g_clear_object (&self->source);
  g_clear_object (&self->devices);
  g_clear_object (&self->presets);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (fd_window_parent_class)->dispose (object);
}

static void
fd_window_class_init (FdWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = fd_window_close_request;

  g_type_ensure (FD_TYPE_BANNER);
  g_type_ensure (FD_TYPE_DEVICE_PANEL);
  g_type_ensure (FD_TYPE_CONFIG_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, device_panel);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, config_panel);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "win.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "win.show-devices", NULL, show_devices_action);
  gtk_widget_class_install_action (widget_class, "win.open-log-folder", NULL,
                                   open_log_folder_action);
  gtk_widget_class_install_action (widget_class, "win.start-batch", NULL, start_batch_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.start-batch", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.rescan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.rescan",
                                       NULL);
}

static void
bind_window_size (FdWindow *self)
{
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
fd_window_init (FdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  bind_window_size (self);

  self->devices = fd_device_list_new ();
  self->source = fd_device_source_new (self->devices);
  fd_device_panel_set_list (self->device_panel, self->devices);
  apply_port_globs (self);
  g_signal_connect (self->settings, "changed::port-globs", G_CALLBACK (on_port_globs_changed),
                    self);
  g_signal_connect (self->settings, "changed::list-system-ports",
                    G_CALLBACK (on_port_globs_changed), self);
  g_signal_connect (self->source, "notify::modem-manager-advice", G_CALLBACK (on_mm_advice), self);
  fd_banner_set_icon_name (self->demo_banner, "applications-science-symbolic");

  self->presets = fd_presets_new (self->settings);
  g_settings_bind (self->settings, "last-dialect", self->config_panel, "dialect",
                   G_SETTINGS_BIND_DEFAULT);
  fd_config_panel_set_presets (self->config_panel, self->presets);
  g_signal_connect (self->devices, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->config_panel, "validated", G_CALLBACK (on_config_validated), self);
  update_start_action (self);
}

FdWindow *
fd_window_new (FdApplication *application)
{
  FdWindow *self = g_object_new (FD_TYPE_WINDOW, "application", application, NULL);

  fd_device_source_start (self->source);
  return self;
}

void
fd_window_set_demo (FdWindow *self, const char *port_dir)
{
  g_autofree char *glob = g_build_filename (port_dir, "*", NULL);
  const char      *globs[] = { glob, NULL };

  g_return_if_fail (FD_IS_WINDOW (self));
  g_signal_handlers_disconnect_by_func (self->settings, on_port_globs_changed, self);
  fd_device_source_set_globs (self->source, globs);
  fd_device_source_set_globs_only (self->source, TRUE);
  fd_device_panel_set_demo (self->device_panel, TRUE);
  fd_banner_set_message (self->demo_banner,
                         _("Nothing here touches real hardware. Every module kind and flow can "
                            "be tried; downloads come from a package server on this computer."));
  fd_banner_set_revealed (self->demo_banner, TRUE);
  fd_device_source_rescan (self->source);
}

void
fd_window_toast (FdWindow *self, const char *message)
{
  g_return_if_fail (FD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

FdDeviceList *
fd_window_get_device_list (FdWindow *self)
{
  return self->devices;
}

FdDeviceSource *
fd_window_get_device_source (FdWindow *self)
{
  return self->source;
}

FdDevicePanel *
fd_window_get_device_panel (FdWindow *self)
{
  return self->device_panel;
}

FdConfigPanel *
fd_window_get_config_panel (FdWindow *self)
{
  return self->config_panel;
}

const char *
fd_window_get_visible_page (FdWindow *self)
{
  return adw_view_stack_get_visible_child_name (self->view_stack);
}
