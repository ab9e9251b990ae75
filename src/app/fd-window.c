/* fd-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fd-audit-log.h"
#include "fd-banner.h"
#include "fd-batch-confirm.h"
#include "fd-batch-panel.h"
#include "fd-compat.h"
#include "fd-config-panel.h"
#include "fd-device-panel.h"
#include "fd-port-access-dialog.h"
#include "fd-presets.h"
#include "fd-transcript-view.h"
#include "fd-window-private.h"

struct _FdWindow
{
  AdwApplicationWindow parent_instance;

  GSettings      *settings;
  FdDeviceList   *devices;
  FdDeviceSource *source;
  FdPresets      *presets;
  FdAuditLog     *audit_log;
  char           *log_dir;
  FdBatchSession *session;
  GtkWidget      *open_alert;
  GtkWidget      *port_access_dialog;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar;
  GtkWidget       *content;
  FdDevicePanel   *device_panel;
  FdConfigPanel   *config_panel;
  FdBatchPanel    *batch_panel;
  FdTranscriptView *transcript_view;
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
  g_auto(GStrv) globs = g_settings_get_strv (self->settings, "port-globs");

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
  FdWindow *self = FD_WINDOW (widget);
  g_autofree char *setting = g_settings_get_string (self->settings, "log-dir");
  g_autofree char *dir = *setting != '\0' ? g_strdup (setting) : fd_audit_default_dir ();
  g_autofree char *uri = g_filename_to_uri (dir, NULL, NULL);

  /* Before the first job there is no folder yet: show an empty one. */
  g_mkdir_with_parents (dir, 0700);
  if (uri != NULL)
    fd_compat_show_uri (widget, uri);
}

static void
close_port_access (FdWindow *self)
{
  if (self->port_access_dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->port_access_dialog),
                                (gpointer *) &self->port_access_dialog);
  gtk_window_destroy (GTK_WINDOW (self->port_access_dialog));
  self->port_access_dialog = NULL;
}

/* Looks at the computer each time: the user may have run a command. */
static void
fix_port_access_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);
  g_autofree char *rule = fd_port_access_dup_rule_text ();
  g_autoptr(FdHostFixes) fixes = fd_host_fixes_new (fd_host_get_root (), rule);
  const char *topic = NULL;
  const char *port = NULL;

  g_variant_get (parameter, "(&s&s)", &topic, &port);
  close_port_access (self);
  self->port_access_dialog = fd_port_access_dialog_new (fixes,
                                                        fd_port_access_topic_from_string (topic),
                                                        *port != '\0' ? port : NULL);
  g_object_add_weak_pointer (G_OBJECT (self->port_access_dialog),
                             (gpointer *) &self->port_access_dialog);
  gtk_window_set_transient_for (GTK_WINDOW (self->port_access_dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (self->port_access_dialog));
}

static gboolean batch_running (FdWindow *self);

static void
update_start_action (FdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-batch",
                                 fd_config_panel_can_start (self->config_panel) &&
                                   !batch_running (self));
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

/* ---- batches ------------------------------------------------------------- */

static gboolean
batch_running (FdWindow *self)
{
  return self->session != NULL && fd_batch_session_is_running (self->session);
}

static void
show_error (FdWindow *self, const char *heading, const char *body)
{
  GtkWidget *alert = fd_compat_alert_new (heading, body);

  fd_compat_alert_add_response (alert, "close", _("_Close"), FD_ALERT_DEFAULT);
  fd_compat_alert_set_close_response (alert, "close");
  self->open_alert = alert;
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &self->open_alert);
  fd_compat_alert_present (alert, GTK_WIDGET (self), NULL, NULL);
}

/* The audit log comes first: no job runs unrecorded. */
static FdAuditLog *
ensure_audit_log (FdWindow *self, GError **error)
{
  g_autofree char *dir = g_settings_get_string (self->settings, "log-dir");

  if (self->audit_log == NULL)
    self->audit_log = fd_audit_log_new (*dir != '\0' ? dir : NULL, error);
  return self->audit_log;
}

static void
fill_options (FdWindow *self, FdUpgradeOptions *options)
{
  g_autofree char *dir = g_settings_get_string (self->settings, "log-dir");

  fd_upgrade_options_init (options);
  options->bounds.baud = g_settings_get_uint (self->settings, "baud-rate");
  options->bounds.command_timeout_ms = g_settings_get_uint (self->settings, "command-timeout") * 1000;
  options->bounds.phase_timeout_ms = g_settings_get_uint (self->settings, "phase-timeout") * 1000;
  options->bounds.reattach_timeout_ms =
    g_settings_get_uint (self->settings, "reattach-timeout") * 1000;
  options->audit_log = self->audit_log;
  g_free (self->log_dir);
  self->log_dir = *dir != '\0' ? g_strdup (dir) : fd_audit_default_dir ();
  options->log_dir = self->log_dir;
}

static void
notify_finished (FdWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = g_notification_new (_("Batch finished"));
  g_autofree char *summary = fd_batch_session_dup_summary (self->session);
  gboolean failed = fd_batch_session_count (self->session, FD_JOB_STATE_FAILED) > 0;

  if (app == NULL)
    return;
  g_notification_set_body (notification, summary);
  g_notification_set_priority (notification, failed ? G_NOTIFICATION_PRIORITY_HIGH
                                                    : G_NOTIFICATION_PRIORITY_NORMAL);
  g_application_send_notification (app, "batch-finished", notification);
}

static void
on_batch_finished (FdBatchSession *session, FdWindow *self)
{
  notify_finished (self);
  update_start_action (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-batch", TRUE);
}

static void
run_batch (FdWindow *self, GPtrArray *devices, FdBatchConfirm *confirm)
{
  FdConfigForm *form = fd_config_panel_get_form (self->config_panel);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdBatchSession) session = NULL;
  FdUpgradeOptions options;

  fill_options (self, &options);
  session = fd_batch_session_new (devices, form, &options, self->source, &error);
  if (session == NULL)
    {
      show_error (self, _("Not Started"), error->message);
      return;
    }
  g_settings_set_uint (self->settings, "concurrency", fd_batch_confirm_get_concurrency (confirm));
  g_settings_set_boolean (self->settings, "stop-on-failure",
                          fd_batch_confirm_get_stop_on_failure (confirm));
  fd_batch_set_canary (fd_batch_session_get_batch (session), fd_batch_confirm_get_canary (confirm));
  fd_batch_set_concurrency (fd_batch_session_get_batch (session),
                            fd_batch_confirm_get_concurrency (confirm));
  fd_batch_set_stop_on_failure (fd_batch_session_get_batch (session),
                                fd_batch_confirm_get_stop_on_failure (confirm));
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_signal_connect (session, "finished", G_CALLBACK (on_batch_finished), self);
  fd_batch_panel_set_session (self->batch_panel, session);
  fd_transcript_view_set_session (self->transcript_view, session);
  fd_config_panel_remember (self->config_panel);
  fd_device_list_select_all (self->devices, FALSE);
  adw_view_stack_set_visible_child_name (self->view_stack, "progress");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-batch", FALSE);
  fd_batch_session_start (session);
  update_start_action (self);
}

typedef struct {
  FdWindow  *window;
  GPtrArray *devices;
  GtkWidget *confirm;
} StartData;

static void
start_answered (GtkWidget *alert, const char *response, gpointer user_data)
{
  StartData *data = user_data;

  if (g_strcmp0 (response, "start") == 0 && !batch_running (data->window))
    run_batch (data->window, data->devices, FD_BATCH_CONFIRM (data->confirm));
  g_object_unref (data->window);
  g_ptr_array_unref (data->devices);
  g_free (data);
}

/* Every warning of the form, one per line, or NULL. */
static char *
form_warnings (FdConfigForm *form)
{
  const FdValidation *v = fd_config_form_get_validation (form);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < fd_validation_get_n_issues (v); i++)
    {
      const FdValidationIssue *issue = fd_validation_get_issue (v, i);

      if (!issue->is_warning)
        continue;
      g_string_append_printf (text, "%s• %s", text->len > 0 ? "\n" : "", issue->message);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
start_batch_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);
  FdConfigForm *form = fd_config_panel_get_form (self->config_panel);
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *warnings = NULL;
  g_autofree char *heading = NULL;
  StartData *data;
  GtkWidget *alert;

  if (!fd_config_panel_can_start (self->config_panel) || batch_running (self))
    return;
  if (ensure_audit_log (self, &error) == NULL)
    {
      show_error (self, _("Cannot Keep a Record"), error->message);
      return;
    }
  data = g_new0 (StartData, 1);
  data->window = g_object_ref (self);
  data->devices = fd_device_list_dup_selected (self->devices);
  plan = fd_config_form_describe (form);
  warnings = form_warnings (form);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Upgrade %u Module?",
                                          "Upgrade %u Modules?", data->devices->len),
                             data->devices->len);
  data->confirm = fd_batch_confirm_new (data->devices, plan, warnings,
                                        fd_config_form_get_canary_default (form));
  fd_batch_confirm_set_options (FD_BATCH_CONFIRM (data->confirm),
                                g_settings_get_uint (self->settings, "concurrency"),
                                g_settings_get_boolean (self->settings, "stop-on-failure"));
  alert = fd_compat_alert_new (heading, NULL);
  fd_compat_alert_set_extra_child (alert, data->confirm);
  fd_compat_alert_add_response (alert, "cancel", _("_Cancel"), FD_ALERT_DEFAULT);
  fd_compat_alert_add_response (alert, "start", _("_Start"), FD_ALERT_SUGGESTED);
  fd_compat_alert_set_close_response (alert, "cancel");
  fd_compat_alert_set_default_response (alert, "start");
  self->open_alert = alert;
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &self->open_alert);
  fd_compat_alert_present (alert, widget, start_answered, data);
}

static void
show_transcript_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  fd_transcript_view_show_job (self->transcript_view, g_variant_get_string (parameter, NULL));
  adw_view_stack_set_visible_child_name (self->view_stack, "transcript");
}

static void
show_page_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (parameter, NULL));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->batch_panel), "batch.export", NULL);
}

static void
select_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  fd_device_list_select_all (self->devices, g_str_equal (action_name, "win.select-all"));
}

static void
new_batch_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdWindow *self = FD_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "configure");
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

  close_port_access (self);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      fd_device_source_stop (self->source);
    }
  g_clear_object (&self->source);
  g_clear_object (&self->devices);
  g_clear_object (&self->presets);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->audit_log);
  g_clear_pointer (&self->log_dir, g_free);
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
  g_type_ensure (FD_TYPE_BATCH_PANEL);
  g_type_ensure (FD_TYPE_TRANSCRIPT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, device_panel);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, config_panel);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, batch_panel);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, transcript_view);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, FdWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "win.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "win.show-devices", NULL, show_devices_action);
  gtk_widget_class_install_action (widget_class, "win.open-log-folder", NULL,
                                   open_log_folder_action);
  gtk_widget_class_install_action (widget_class, "win.start-batch", NULL, start_batch_action);
  gtk_widget_class_install_action (widget_class, "win.new-batch", NULL, new_batch_action);
  gtk_widget_class_install_action (widget_class, "win.show-transcript", "s",
                                   show_transcript_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "win.select-none", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "win.fix-port-access", "(ss)",
                                   fix_port_access_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page",
                                       "s", "configure");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page",
                                       "s", "progress");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page",
                                       "s", "transcript");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.select-none", NULL);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-batch", FALSE);
}

FdWindow *
fd_window_new (FdApplication *application)
{
  FdWindow *self = g_object_new (FD_TYPE_WINDOW, "application", application, NULL);

  fd_device_source_start (self->source);
  return self;
}

void
fd_window_set_demo (FdWindow *self, FdDemo *demo)
{
  g_autofree char *glob = g_build_filename (fd_demo_get_port_dir (demo), "*", NULL);
  const char      *globs[] = { glob, NULL };

  g_return_if_fail (FD_IS_WINDOW (self));
  fd_config_panel_offer_urls (self->config_panel, fd_demo_get_mfw_url (demo),
                              fd_demo_get_luat_url (demo));
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

FdBatchPanel *
fd_window_get_batch_panel (FdWindow *self)
{
  return self->batch_panel;
}

FdTranscriptView *
fd_window_get_transcript_view (FdWindow *self)
{
  return self->transcript_view;
}

GtkWidget *
fd_window_get_port_access_dialog (FdWindow *self)
{
  return self->port_access_dialog;
}

GtkWidget *
fd_window_get_open_alert (FdWindow *self)
{
  return self->open_alert;
}

const char *
fd_window_get_visible_page (FdWindow *self)
{
  return adw_view_stack_get_visible_child_name (self->view_stack);
}
