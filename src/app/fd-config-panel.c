/* fd-config-panel.c — dialect chooser, form, presets, start status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-config-panel.h"
#include "fd-luat-form.h"
#include "fd-mfw-form.h"
#include "fd-rsfota-form.h"

struct _FdConfigPanel
{
  AdwBin        parent_instance;

  char         *dialect;
  GPtrArray    *targets;
  FdPresets    *presets;

  GtkStack     *form_stack;
  FdConfigForm *rsfota_form;
  FdConfigForm *mfw_form;
  FdConfigForm *luat_form;
  GtkLabel     *presets_title;
  GtkLabel     *presets_empty;
  GtkListBox   *presets_list;
  GtkEntry     *preset_name;
  GtkPopover   *presets_popover;
  GtkImage     *status_icon;
  GtkLabel     *status_label;
  GtkLabel     *issues_label;
};

G_DEFINE_FINAL_TYPE (FdConfigPanel, fd_config_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DIALECT,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_VALIDATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void refresh_presets (FdConfigPanel *self);

FdConfigForm *
fd_config_panel_get_form_for (FdConfigPanel *self, FdDialect dialect)
{
  g_return_val_if_fail (FD_IS_CONFIG_PANEL (self), NULL);
  switch (dialect)
    {
    case FD_DIALECT_RSFOTA:
      return self->rsfota_form;
    case FD_DIALECT_LUAT:
      return self->luat_form;
    case FD_DIALECT_MFW:
    default:
      return self->mfw_form;
    }
}

FdDialect
fd_config_panel_get_dialect (FdConfigPanel *self)
{
  FdDialect dialect = FD_DIALECT_MFW;

  g_return_val_if_fail (FD_IS_CONFIG_PANEL (self), FD_DIALECT_MFW);
  fd_dialect_from_string (self->dialect, &dialect);
  return dialect;
}

FdConfigForm *
fd_config_panel_get_form (FdConfigPanel *self)
{
  return fd_config_panel_get_form_for (self, fd_config_panel_get_dialect (self));
}

/* ---- status -------------------------------------------------------------- */

/* Issues the form has no row for ("model": about the modules themselves). */
static char *
general_issues (FdConfigPanel *self, FdConfigForm *form, gboolean errors)
{
  const FdValidation *v = fd_config_form_get_validation (form);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < fd_validation_get_n_issues (v); i++)
    {
      const FdValidationIssue *issue = fd_validation_get_issue (v, i);

      if (issue->is_warning == errors || fd_config_form_has_field (form, issue->field))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "• %s", issue->message);
    }
  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_status (FdConfigPanel *self, const char *icon, const char *style, const char *status)
{
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_icon), (const char *[]) { style, NULL });
  gtk_label_set_text (self->status_label, status);
}

static void
set_issues (FdConfigPanel *self, const char *errors, const char *warnings)
{
  g_autofree char *both = NULL;

  if (errors != NULL && warnings != NULL)
    both = g_strconcat (errors, "\n", warnings, NULL);
  else
    both = g_strdup (errors != NULL ? errors : warnings);
  gtk_label_set_text (self->issues_label, both != NULL ? both : "");
  gtk_widget_set_visible (GTK_WIDGET (self->issues_label), both != NULL);
}

static void
update_status (FdConfigPanel *self)
{
  FdConfigForm *form = fd_config_panel_get_form (self);
  const FdValidation *v = fd_config_form_get_validation (form);
  guint n_errors = fd_validation_get_n_errors (v);
  g_autofree char *errors = general_issues (self, form, TRUE);
  g_autofree char *warnings = general_issues (self, form, FALSE);
  g_autofree char *text = NULL;

  if (self->targets->len == 0)
    {
      set_status (self, "dialog-information-symbolic", "dim-label",
                  _("Select the modules to upgrade in the list"));
    }
  else if (n_errors > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Fix %u problem in the form to start",
                                           "Fix %u problems in the form to start", n_errors),
                              n_errors);
      set_status (self, "dialog-error-symbolic", "error", text);
    }
  else
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ready to upgrade %u module",
                                           "Ready to upgrade %u modules", self->targets->len),
                              self->targets->len);
      set_status (self, "object-select-symbolic", "success", text);
    }
  set_issues (self, errors, warnings);
  g_signal_emit (self, signals[SIGNAL_VALIDATED], 0);
}

static void
on_form_validated (FdConfigForm *form, FdConfigPanel *self)
{
  if (form == fd_config_panel_get_form (self))
    update_status (self);
}

gboolean
fd_config_panel_can_start (FdConfigPanel *self)
{
  g_return_val_if_fail (FD_IS_CONFIG_PANEL (self), FALSE);
  return self->targets->len > 0 && fd_config_form_is_valid (fd_config_panel_get_form (self));
}

const char *
fd_config_panel_get_status (FdConfigPanel *self)
{
  g_return_val_if_fail (FD_IS_CONFIG_PANEL (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
fd_config_panel_get_issues (FdConfigPanel *self)
{
  g_return_val_if_fail (FD_IS_CONFIG_PANEL (self), NULL);
  return gtk_label_get_text (self->issues_label);
}

/* ---- dialect and targets ------------------------------------------------- */

void
fd_config_panel_set_dialect (FdConfigPanel *self, FdDialect dialect)
{
  const char *name = fd_dialect_to_string (dialect);

  g_return_if_fail (FD_IS_CONFIG_PANEL (self));
  if (name == NULL || g_strcmp0 (self->dialect, name) == 0)
    return;
  g_free (self->dialect);
  self->dialect = g_strdup (name);
  gtk_stack_set_visible_child_name (self->form_stack, name);
  refresh_presets (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIALECT]);
}

/* The dialects every target answered (those not probed count as all). */
static FdDialect
common_dialects (GPtrArray *items)
{
  FdDialect common = FD_DIALECT_RSFOTA | FD_DIALECT_MFW | FD_DIALECT_LUAT;

  for (guint i = 0; i < items->len; i++)
    {
      FdDialect dialects = fd_device_item_get_dialects (g_ptr_array_index (items, i));

      if (dialects != FD_DIALECT_NONE)
        common &= dialects;
    }
  return common;
}

void
fd_config_panel_set_targets (FdConfigPanel *self, GPtrArray *items)
{
  FdDialect common;

  g_return_if_fail (FD_IS_CONFIG_PANEL (self));
  g_ptr_array_set_size (self->targets, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (self->targets, g_object_ref (g_ptr_array_index (items, i)));

  common = common_dialects (self->targets);
  if (self->targets->len > 0 && (common & fd_config_panel_get_dialect (self)) == 0)
    {
      for (FdDialect d = FD_DIALECT_RSFOTA; d <= FD_DIALECT_LUAT; d <<= 1)
        if (common & d)
          {
            fd_config_panel_set_dialect (self, d);
            break;
          }
    }
  fd_config_form_set_targets (self->rsfota_form, self->targets);
  fd_config_form_set_targets (self->mfw_form, self->targets);
  fd_config_form_set_targets (self->luat_form, self->targets);
  update_status (self);
}

static void
offer_url (FdConfigForm *form, const char *url)
{
  GtkWidget *row = fd_config_form_get_field_row (form, "url");

  if (url != NULL && FD_IS_FIELD_ROW (row) && *fd_field_row_get_text (FD_FIELD_ROW (row)) == '\0')
    fd_field_row_set_text (FD_FIELD_ROW (row), url);
}

void
fd_config_panel_offer_urls (FdConfigPanel *self, const char *mfw_url, const char *luat_url)
{
  g_return_if_fail (FD_IS_CONFIG_PANEL (self));
  offer_url (self->mfw_form, mfw_url);
  offer_url (self->luat_form, luat_url);
}

/* ---- presets ------------------------------------------------------------- */

static GtkWidget *
preset_row (const char *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* Translators: tooltip of a button that deletes the preset named %s */
  g_autofree char *tooltip = g_strdup_printf (_("Delete “%s”"), name);
  g_autofree char *markup = g_markup_escape_text (name, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), markup);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "config.load-preset");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", name);
  gtk_widget_set_tooltip_text (row, _("Load this preset into the form"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "config.delete-preset");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
refresh_presets (FdConfigPanel *self)
{
  FdDialect dialect = fd_config_panel_get_dialect (self);
  g_auto(GStrv) names = NULL;
  GtkWidget *child;
  /* Translators: the title of the presets popover; %s names a dialect */
  g_autofree char *title = g_strdup_printf (_("Presets for %s"), fd_dialect_get_label (dialect));

  gtk_label_set_text (self->presets_title, title);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->presets_list))) != NULL)
    gtk_list_box_remove (self->presets_list, child);
  if (self->presets == NULL)
    return;
  names = fd_presets_list (self->presets, dialect);
  for (gsize i = 0; names[i] != NULL; i++)
    gtk_list_box_append (self->presets_list, preset_row (names[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->presets_list), names[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->presets_empty), names[0] == NULL);
}

static void
on_presets_changed (FdPresets *presets, FdConfigPanel *self)
{
  refresh_presets (self);
}

void
fd_config_panel_set_presets (FdConfigPanel *self, FdPresets *presets)
{
  g_return_if_fail (FD_IS_CONFIG_PANEL (self));
  if (self->presets != NULL)
    g_signal_handlers_disconnect_by_data (self->presets, self);
  g_set_object (&self->presets, presets);
  if (presets != NULL)
    {
      g_signal_connect (presets, "changed", G_CALLBACK (on_presets_changed), self);
      fd_presets_restore (presets, self->rsfota_form);
      fd_presets_restore (presets, self->mfw_form);
      fd_presets_restore (presets, self->luat_form);
    }
  refresh_presets (self);
}

void
fd_config_panel_remember (FdConfigPanel *self)
{
  g_return_if_fail (FD_IS_CONFIG_PANEL (self));
  if (self->presets == NULL)
    return;
  fd_presets_remember (self->presets, self->rsfota_form);
  fd_presets_remember (self->presets, self->mfw_form);
  fd_presets_remember (self->presets, self->luat_form);
}

static void
toast (FdConfigPanel *self, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
save_preset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (widget);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->preset_name));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (self->presets == NULL)
    return;
  if (!fd_presets_save (self->presets, name, fd_config_panel_get_form (self), &error))
    {
      toast (self, error->message);
      return;
    }
  /* Translators: a preset named %s was saved */
  done = g_strdup_printf (_("Saved “%s”. Passwords and keys are not kept in presets."), name);
  toast (self, done);
  gtk_editable_set_text (GTK_EDITABLE (self->preset_name), "");
}

static void
load_preset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (self->presets == NULL)
    return;
  if (!fd_presets_load (self->presets, name, fd_config_panel_get_form (self), &error))
    toast (self, error->message);
  gtk_popover_popdown (self->presets_popover);
}

static void
delete_preset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (widget);

  if (self->presets != NULL)
    fd_presets_delete (self->presets, fd_config_panel_get_dialect (self),
                       g_variant_get_string (parameter, NULL));
}

static void
on_name_activate (GtkEntry *entry, FdConfigPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "config.save-preset", NULL);
}

/* ---- object -------------------------------------------------------------- */

static void
fd_config_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (object);

  switch (prop_id)
    {
    case PROP_DIALECT:
      g_value_set_string (value, self->dialect);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_config_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (object);
  FdDialect dialect;

  switch (prop_id)
    {
    case PROP_DIALECT:
      if (fd_dialect_from_string (g_value_get_string (value), &dialect))
        fd_config_panel_set_dialect (self, dialect);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_config_panel_dispose (GObject *object)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (object);

  if (self->presets != NULL)
    g_signal_handlers_disconnect_by_data (self->presets, self);
  g_clear_object (&self->presets);
  G_OBJECT_CLASS (fd_config_panel_parent_class)->dispose (object);
}

static void
fd_config_panel_finalize (GObject *object)
{
  FdConfigPanel *self = FD_CONFIG_PANEL (object);

  g_free (self->dialect);
  g_ptr_array_unref (self->targets);
  G_OBJECT_CLASS (fd_config_panel_parent_class)->finalize (object);
}

static void
fd_config_panel_class_init (FdConfigPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_config_panel_dispose;
  object_class->finalize = fd_config_panel_finalize;
  object_class->get_property = fd_config_panel_get_property;
  object_class->set_property = fd_config_panel_set_property;

  props[PROP_DIALECT] = g_param_spec_string ("dialect", NULL, NULL, "mfw",
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* The status above the Start button changed (fd_config_panel_can_start()). */
  signals[SIGNAL_VALIDATED] = g_signal_new ("validated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            0);

  g_type_ensure (FD_TYPE_RSFOTA_FORM);
  g_type_ensure (FD_TYPE_MFW_FORM);
  g_type_ensure (FD_TYPE_LUAT_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-config-panel.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FdConfigPanel, name)
  BIND (form_stack);
  BIND (rsfota_form);
  BIND (mfw_form);
  BIND (luat_form);
  BIND (presets_title);
  BIND (presets_empty);
  BIND (presets_list);
  BIND (preset_name);
  BIND (presets_popover);
  BIND (status_icon);
  BIND (status_label);
  BIND (issues_label);
#undef BIND

  gtk_widget_class_install_property_action (widget_class, "config.dialect", "dialect");
  gtk_widget_class_install_action (widget_class, "config.save-preset", NULL, save_preset_action);
  gtk_widget_class_install_action (widget_class, "config.load-preset", "s", load_preset_action);
  gtk_widget_class_install_action (widget_class, "config.delete-preset", "s",
                                   delete_preset_action);
}

static void
fd_config_panel_init (FdConfigPanel *self)
{
  FdConfigForm *forms[3];

  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
  self->dialect = g_strdup ("mfw");
  gtk_widget_init_template (GTK_WIDGET (self));
  forms[0] = self->rsfota_form;
  forms[1] = self->mfw_form;
  forms[2] = self->luat_form;
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    g_signal_connect (forms[i], "validated", G_CALLBACK (on_form_validated), self);
  g_signal_connect (self->preset_name, "activate", G_CALLBACK (on_name_activate), self);
  gtk_stack_set_visible_child_name (self->form_stack, self->dialect);
  refresh_presets (self);
  update_status (self);
}
