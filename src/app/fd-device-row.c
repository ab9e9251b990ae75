/* fd-device-row.c — one row of the device list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-compat.h"
#include "fd-device-row.h"
#include "fd-port-access-dialog.h"

struct _FdDeviceRow
{
  AdwBin parent_instance;

  FdDeviceItem *item;
  GPtrArray    *bindings;

  GtkCheckButton *check;
  GtkImage       *state_icon;
  GtkSpinner     *spinner;
  GtkLabel       *title_label;
  GtkLabel       *badge;
  GtkLabel       *imei_label;
  GtkLabel       *details_label;
  GtkLabel       *problem_title;
  GtkLabel       *problem_message;
  GtkButton      *fix_button;
  GtkMenuButton  *menu_button;
};

G_DEFINE_FINAL_TYPE (FdDeviceRow, fd_device_row, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_ITEM,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

char *
fd_dialects_dup_badge (FdDialect dialects)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (dialects & FD_DIALECT_RSFOTA)
    g_ptr_array_add (names, (gpointer) "RSFOTA");
  if (dialects & FD_DIALECT_MFW)
    g_ptr_array_add (names, (gpointer) "MFW");
  if (dialects & FD_DIALECT_LUAT)
    g_ptr_array_add (names, (gpointer) "Luat");
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

static void
set_label_or_hide (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* The Fix Port Access topic for @item's problem, or NULL when the
 * computer holds no fix for it. */
static const char *
fix_topic (FdDeviceItem *item)
{
  switch (fd_device_item_get_problem_kind (item))
    {
    case FD_MODULE_PROBLEM_BUSY:
      return fd_port_access_topic_to_string (FD_PORT_ACCESS_BUSY);
    case FD_MODULE_PROBLEM_PERMISSION_DENIED:
      return fd_port_access_topic_to_string (FD_PORT_ACCESS_PERMISSION);
    default:
      return NULL;
    }
}

static void
update_state (FdDeviceRow *self)
{
  FdDeviceState state = fd_device_item_get_state (self->item);
  const char   *icon = NULL;
  const char   *tooltip = NULL;
  gboolean      identifying = state == FD_DEVICE_STATE_IDENTIFYING;
  gboolean      problem = state == FD_DEVICE_STATE_PROBLEM || state == FD_DEVICE_STATE_GONE;

  const char *style = NULL;

  switch (state)
    {
    case FD_DEVICE_STATE_READY:
      if (fd_device_item_get_busy_in_batch (self->item))
        {
          icon = "emblem-synchronizing-symbolic";
          style = "accent";
          tooltip = _("In the running batch");
        }
      else
        {
          icon = "media-record-symbolic";
          style = fd_device_item_get_warning (self->item) != NULL ? "warning" : "success";
          tooltip = fd_device_item_get_warning (self->item) != NULL ? _("Ready, with a caution")
                                                                    : _("Ready");
        }
      break;
    case FD_DEVICE_STATE_PROBLEM:
      icon = "dialog-error-symbolic";
      style = "error";
      tooltip = fd_device_item_get_problem_title (self->item);
      break;
    case FD_DEVICE_STATE_GONE:
      icon = "media-eject-symbolic";
      style = "dim-label";
      tooltip = _("Unplugged");
      break;
    case FD_DEVICE_STATE_IDENTIFYING:
    default:
      tooltip = _("Identifying…");
      break;
    }
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_icon),
                              (const char *[]){ style != NULL ? style : "dim-label", NULL });
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_icon), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), icon != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), identifying);
  gtk_spinner_set_spinning (self->spinner, identifying);

  if (state == FD_DEVICE_STATE_GONE)
    {
      set_label_or_hide (self->problem_title, _("Unplugged"));
      set_label_or_hide (self->problem_message,
                         _("The module’s port went away. Plug it in again to use it."));
    }
  else if (problem)
    {
      set_label_or_hide (self->problem_title, fd_device_item_get_problem_title (self->item));
      set_label_or_hide (self->problem_message, fd_device_item_get_problem_message (self->item));
    }
  else if (identifying)
    {
      set_label_or_hide (self->problem_title, NULL);
      set_label_or_hide (self->problem_message, _("Asking the module who it is…"));
    }
  else
    {
      set_label_or_hide (self->problem_title, NULL);
      set_label_or_hide (self->problem_message, fd_device_item_get_warning (self->item));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->fix_button),
                          state == FD_DEVICE_STATE_PROBLEM && fix_topic (self->item) != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->problem_title), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->problem_message), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->problem_message), "dim-label");
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->problem_title), "error");
  else if (identifying)
    gtk_widget_add_css_class (GTK_WIDGET (self->problem_message), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->problem_message), "warning");
}

static void
update_badge (FdDeviceRow *self)
{
  FdDialect        dialects = fd_device_item_get_dialects (self->item);
  g_autofree char *badge = fd_dialects_dup_badge (dialects);

  set_label_or_hide (self->badge, badge);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->badge), fd_dialect_get_label (dialects));
}

static void
update_menu (FdDeviceRow *self)
{
  const char *model = fd_device_item_get_model (self->item);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) select_model = NULL;
  g_autofree char *label = NULL;

  if (model != NULL)
    {
      /* Translators: a menu item; %s is a module model such as ML307A */
      label = g_strdup_printf (_("Select All %s"), model);
      select_model = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (select_model, "devices.select-model",
                                               g_variant_new_string (model));
      g_menu_append_item (menu, select_model);
    }
  if (fd_device_item_needs_confirmation (self->item))
    g_menu_append (menu, _("Confirm the Exact Model…"), "device.confirm-model");
  g_menu_append (menu, _("Copy IMEI"), "device.copy-imei");
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
update_accessible (FdDeviceRow *self)
{
  const char *title = fd_device_item_get_title (self->item);
  /* Translators: accessible name of a device list check box */
  g_autofree char *check = g_strdup_printf (_("Include %s in the batch"), title);
  /* Translators: accessible name of a device list menu button */
  g_autofree char *menu = g_strdup_printf (_("More for %s"), title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  check, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  menu, -1);
}

static void
update_imei (FdDeviceRow *self)
{
  const char *imei = fd_device_item_get_imei (self->item);
  /* Translators: the module's IMEI in the device list */
  g_autofree char *text = imei != NULL ? g_strdup_printf (_("IMEI %s"), imei) : NULL;

  set_label_or_hide (self->imei_label, text);
}

static void
on_item_notify (FdDeviceItem *item, GParamSpec *pspec, FdDeviceRow *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "imei"))
    update_imei (self);
  else if (g_str_equal (name, "dialects"))
    update_badge (self);
  else if (g_str_equal (name, "model") || g_str_equal (name, "confirmed-model"))
    update_menu (self);
  else if (g_str_equal (name, "title"))
    update_accessible (self);
  else
    update_state (self);
}

static void
unbind (FdDeviceRow *self)
{
  if (self->item == NULL)
    return;
  g_ptr_array_set_size (self->bindings, 0);
  g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);
}

static void
bind_property (FdDeviceRow *self, const char *source_prop, gpointer target, const char *target_prop,
               GBindingFlags flags)
{
  GBinding *binding = g_object_bind_property (self->item, source_prop, target, target_prop,
                                              flags | G_BINDING_SYNC_CREATE);

  g_ptr_array_add (self->bindings, g_object_ref (binding));
}

void
fd_device_row_set_item (FdDeviceRow *self, FdDeviceItem *item)
{
  static const char *const watched[] = {
    "notify::state",   "notify::problem-title", "notify::problem-message",
    "notify::warning", "notify::busy-in-batch", "notify::dialects",
    "notify::model",   "notify::title",         "notify::imei", "notify::confirmed-model",
    "notify::problem-kind",
  };

  g_return_if_fail (FD_IS_DEVICE_ROW (self));
  if (self->item == item)
    return;
  unbind (self);
  if (item != NULL)
    {
      self->item = g_object_ref (item);
      bind_property (self, "title", self->title_label, "label", 0);
      bind_property (self, "details", self->details_label, "label", 0);
      bind_property (self, "selected", self->check, "active", G_BINDING_BIDIRECTIONAL);
      bind_property (self, "selectable", self->check, "sensitive", 0);
      for (gsize i = 0; i < G_N_ELEMENTS (watched); i++)
        g_signal_connect (item, watched[i], G_CALLBACK (on_item_notify), self);
      update_state (self);
      update_imei (self);
      update_badge (self);
      update_menu (self);
      update_accessible (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ITEM]);
}

FdDeviceItem *
fd_device_row_get_item (FdDeviceRow *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ROW (self), NULL);
  return self->item;
}

static void
copy_imei_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdDeviceRow *self = FD_DEVICE_ROW (widget);
  const char  *imei = self->item != NULL ? fd_device_item_get_imei (self->item) : NULL;

  if (imei != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), imei);
}

/* The window shows the fixes; the port says which group to join. */
static void
fix_port_access_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdDeviceRow *self = FD_DEVICE_ROW (widget);
  const char  *topic = self->item != NULL ? fix_topic (self->item) : NULL;
  const char  *port = self->item != NULL ? fd_device_item_get_port (self->item) : NULL;

  if (topic != NULL)
    gtk_widget_activate_action (widget, "win.fix-port-access", "(ss)", topic,
                                port != NULL ? port : "");
}

static void
confirm_answered (GtkWidget *alert, const char *response, gpointer user_data)
{
  g_autoptr(FdDeviceRow) self = user_data;
  FdDeviceItem *item = g_object_get_data (G_OBJECT (alert), "fd-item");
  GtkEditable *entry = g_object_get_data (G_OBJECT (alert), "fd-entry");
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  if (g_strcmp0 (response, "confirm") != 0 ||
      fd_device_item_confirm_model (item, gtk_editable_get_text (entry), &error))
    return;
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
}

/* The module did not report its sub-model; the label on it does. */
static void
confirm_model_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdDeviceRow *self = FD_DEVICE_ROW (widget);
  /* Translators: %s is the model a module reported, e.g. ML307A */
  g_autofree char *body =
    g_strdup_printf (_("%s did not say which variant it is, and some options depend on it "
                       "(for example FTP). Type the model printed on the module’s label, such as "
                       "%s-DSLN. It applies to this module until it is identified again."),
                     fd_device_item_get_model (self->item), fd_device_item_get_model (self->item));
  GtkWidget *alert = fd_compat_alert_new (_("Confirm the Exact Model"), body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), fd_device_item_get_model (self->item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Exact model"), -1);
  g_object_set_data (G_OBJECT (alert), "fd-entry", entry);
  /* The item, not the row: a list view may give the row another item. */
  g_object_set_data_full (G_OBJECT (alert), "fd-item", g_object_ref (self->item), g_object_unref);
  fd_compat_alert_set_extra_child (alert, entry);
  fd_compat_alert_add_response (alert, "cancel", _("_Cancel"), FD_ALERT_DEFAULT);
  fd_compat_alert_add_response (alert, "confirm", _("C_onfirm"), FD_ALERT_SUGGESTED);
  fd_compat_alert_set_close_response (alert, "cancel");
  fd_compat_alert_set_default_response (alert, "confirm");
  fd_compat_alert_present (alert, widget, confirm_answered, g_object_ref (self));
}

static void
fd_device_row_dispose (GObject *object)
{
  FdDeviceRow *self = FD_DEVICE_ROW (object);

  unbind (self);
  G_OBJECT_CLASS (fd_device_row_parent_class)->dispose (object);
}

static void
fd_device_row_finalize (GObject *object)
{
  FdDeviceRow *self = FD_DEVICE_ROW (object);

  g_ptr_array_unref (self->bindings);
  G_OBJECT_CLASS (fd_device_row_parent_class)->finalize (object);
}

static void
fd_device_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdDeviceRow *self = FD_DEVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_device_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  FdDeviceRow *self = FD_DEVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      fd_device_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_device_row_class_init (FdDeviceRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_device_row_dispose;
  object_class->finalize = fd_device_row_finalize;
  object_class->get_property = fd_device_row_get_property;
  object_class->set_property = fd_device_row_set_property;

  props[PROP_ITEM]
      = g_param_spec_object ("item", NULL, NULL, FD_TYPE_DEVICE_ITEM,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-device-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, check);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, badge);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, imei_label);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, problem_title);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, problem_message);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, fix_button);
  gtk_widget_class_bind_template_child (widget_class, FdDeviceRow, menu_button);
  gtk_widget_class_install_action (widget_class, "device.copy-imei", NULL, copy_imei_action);
  gtk_widget_class_install_action (widget_class, "device.confirm-model", NULL,
                                   confirm_model_action);
  gtk_widget_class_install_action (widget_class, "device.fix-port-access", NULL,
                                   fix_port_access_action);
}

/* The array holds a reference of its own on each binding. */
static void
release_binding (gpointer data)
{
  GBinding *binding = data;

  g_binding_unbind (binding);
  g_object_unref (binding);
}

static void
fd_device_row_init (FdDeviceRow *self)
{
  self->bindings = g_ptr_array_new_with_free_func (release_binding);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_device_row_new (void)
{
  return g_object_new (FD_TYPE_DEVICE_ROW, NULL);
}
