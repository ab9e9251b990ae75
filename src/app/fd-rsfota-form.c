/* fd-rsfota-form.c — the form of dialect A (M5311 OneNET AT+RSFOTA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-rsfota-form.h"

struct _FdRsfotaForm
{
  FdConfigForm    parent_instance;

  FdRsfotaConfig  config;

  AdwComboRow    *action_row;
  AdwExpanderRow *mode_expander;
  AdwComboRow    *mode_row;
  AdwActionRow   *log_row;
  GtkSwitch      *log_switch;
  FdFieldRow     *first_check_row;
  FdFieldRow     *auto_check_row;
  AdwExpanderRow *rep_expander;
  FdFieldRow     *first_rep_row;
  FdFieldRow     *auto_rep_row;
  FdFieldRow     *max_fail_row;
};

G_DEFINE_FINAL_TYPE (FdRsfotaForm, fd_rsfota_form, FD_TYPE_CONFIG_FORM)

/* The command goes under the row rather than into the choices: a combo
 * row shows only about twenty characters of its value, fewer beside a
 * long subtitle. */
static void
sync_action_help (FdRsfotaForm *self)
{
  guint selected = adw_combo_row_get_selected (self->action_row);
  g_autofree char *command = selected <= FD_RSFOTA_ACTION_UPGRADE
                               ? fd_rsfota_action_command ((FdRsfotaAction) selected)
                               : NULL;
  g_autofree char *help = NULL;

  if (command != NULL)
    /* Translators: %s is an AT command, such as AT+RSFOTA=1 */
    help = g_strdup_printf (_("Sends %s after the settings below."), command);
  fd_config_form_add_field (FD_CONFIG_FORM (self), "action", GTK_WIDGET (self->action_row),
                            help != NULL ? help : _("Sends nothing after the settings below."));
}

/* Rows that only mean something in some states are insensitive (and so
 * not sent) in the others. */
static void
sync_sensitivity (FdRsfotaForm *self)
{
  gboolean mode = adw_expander_row_get_enable_expansion (self->mode_expander);
  gboolean automatic = mode && adw_combo_row_get_selected (self->mode_row) == 0;
  gboolean rep = adw_expander_row_get_enable_expansion (self->rep_expander);

  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_row), mode);
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_row), mode);
  gtk_widget_set_sensitive (GTK_WIDGET (self->first_check_row), automatic);
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_check_row), automatic);
  gtk_widget_set_sensitive (GTK_WIDGET (self->first_rep_row), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_rep_row), rep);
  gtk_widget_set_sensitive (GTK_WIDGET (self->max_fail_row), rep);
  sync_action_help (self);
}

static void
on_changed (FdRsfotaForm *self)
{
  sync_sensitivity (self);
  fd_config_form_changed (FD_CONFIG_FORM (self));
}

static void
read_widgets (FdConfigForm *form, FdValidation *input)
{
  FdRsfotaForm *self = FD_RSFOTA_FORM (form);
  FdRsfotaConfig *c = &self->config;

  fd_rsfota_config_init (c);
  c->has_mode = adw_expander_row_get_enable_expansion (self->mode_expander);
  if (c->has_mode)
    {
      c->mode = (FdRsfotaRunMode) adw_combo_row_get_selected (self->mode_row);
      c->has_log = TRUE;
      c->log = gtk_switch_get_active (self->log_switch);
    }
  fd_config_form_read_number (form, self->first_check_row, "first-check", input,
                              &c->has_first_check, &c->first_check);
  fd_config_form_read_number (form, self->auto_check_row, "auto-check", input,
                              &c->has_auto_check, &c->auto_check);
  fd_config_form_read_number (form, self->first_rep_row, "first-rep", input, &c->has_first_rep,
                              &c->first_rep);
  fd_config_form_read_number (form, self->auto_rep_row, "auto-rep", input, &c->has_auto_rep,
                              &c->auto_rep);
  fd_config_form_read_number (form, self->max_fail_row, "max-fail", input, &c->has_max_fail,
                              &c->max_fail);
  c->action = (FdRsfotaAction) adw_combo_row_get_selected (self->action_row);
}

static FdValidation *
validate (FdConfigForm *form, const FdModel *model)
{
  return fd_rsfota_config_validate (&FD_RSFOTA_FORM (form)->config, model);
}

static void
save (FdConfigForm *form, GKeyFile *keyfile, const char *group)
{
  fd_rsfota_config_save (&FD_RSFOTA_FORM (form)->config, keyfile, group);
}

static void
set_number (FdFieldRow *row, gboolean has, guint64 value)
{
  if (has)
    fd_field_row_set_number (row, TRUE, value);
}

static gboolean
load (FdConfigForm *form, GKeyFile *keyfile, const char *group, GError **error)
{
  FdRsfotaForm *self = FD_RSFOTA_FORM (form);
  FdRsfotaConfig c;

  if (!fd_rsfota_config_load (&c, keyfile, group, error))
    return FALSE;
  adw_expander_row_set_enable_expansion (self->mode_expander, c.has_mode);
  if (c.has_mode)
    adw_combo_row_set_selected (self->mode_row, c.mode);
  if (c.has_log)
    gtk_switch_set_active (self->log_switch, c.log);
  set_number (self->first_check_row, c.has_first_check, c.first_check);
  set_number (self->auto_check_row, c.has_auto_check, c.auto_check);
  adw_expander_row_set_enable_expansion (self->rep_expander,
                                         c.has_first_rep || c.has_auto_rep || c.has_max_fail);
  set_number (self->first_rep_row, c.has_first_rep, c.first_rep);
  set_number (self->auto_rep_row, c.has_auto_rep, c.auto_rep);
  set_number (self->max_fail_row, c.has_max_fail, c.max_fail);
  adw_combo_row_set_selected (self->action_row, c.action);
  sync_sensitivity (self);
  return TRUE;
}

static FdJob *
create_job (FdConfigForm           *form,
            const FdUpgradeTarget  *target,
            const FdUpgradeOptions *options,
            GError                **error)
{
  return fd_upgrade_job_new_rsfota (target, &FD_RSFOTA_FORM (form)->config, options, error);
}

static const char *
describe_action (FdRsfotaAction action)
{
  switch (action)
    {
    case FD_RSFOTA_ACTION_CHECK_UPGRADE:
      return _("Each module asks the OneNET platform for a package, downloads it and upgrades.");
    case FD_RSFOTA_ACTION_DOWNLOAD:
      return _("Each module asks the OneNET platform for a package and downloads it, without "
               "upgrading yet.");
    case FD_RSFOTA_ACTION_UPGRADE:
      return _("Each module upgrades with the package it downloaded before.");
    case FD_RSFOTA_ACTION_NONE:
    default:
      return _("The settings are written; no upgrade is triggered.");
    }
}

static char *
describe (FdConfigForm *form)
{
  FdRsfotaForm *self = FD_RSFOTA_FORM (form);
  g_auto(GStrv) commands = fd_rsfota_config_build_commands (&self->config, NULL, NULL);
  g_autofree char *action = fd_rsfota_action_command (self->config.action);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  if (commands != NULL)
    g_strv_builder_addv (all, (const char **) commands);
  if (action != NULL)
    g_strv_builder_add (all, action);
  lines = g_strv_builder_end (all);
  joined = g_strjoinv (", ", lines);
  /* Translators: a sentence on what happens, then the AT commands sent */
  return g_strdup_printf (_("%s\nCommands: %s"), describe_action (self->config.action),
                          *joined != '\0'
                            ? joined
                            /* Translators: after “Commands:” when no AT command is sent */
                            : _("none"));
}

static void
fd_rsfota_form_class_init (FdRsfotaFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FdConfigFormClass *form_class = FD_CONFIG_FORM_CLASS (klass);

  form_class->dialect = FD_DIALECT_RSFOTA;
  form_class->read = read_widgets;
  form_class->validate = validate;
  form_class->save = save;
  form_class->load = load;
  form_class->create_job = create_job;
  form_class->describe = describe;

  g_type_ensure (FD_TYPE_FIELD_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-rsfota-form.ui");
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, action_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, mode_expander);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, mode_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, log_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, log_switch);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, first_check_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, auto_check_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, rep_expander);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, first_rep_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, auto_rep_row);
  gtk_widget_class_bind_template_child (widget_class, FdRsfotaForm, max_fail_row);
}

static void
add_fields (FdRsfotaForm *self)
{
  FdConfigForm *form = FD_CONFIG_FORM (self);

  fd_config_form_add_field (form, "mode", GTK_WIDGET (self->mode_expander),
                            _("When off, the module keeps the mode it has."));
  fd_config_form_add_field (form, "log", GTK_WIDGET (self->log_row),
                            _("The +RSFOTA reports FotaDesk follows the upgrade by."));
  fd_config_form_add_field (form, "first-check", GTK_WIDGET (self->first_check_row),
                            _("Seconds after start-up, 60 or more; mode 0 only. Default 60."));
  fd_config_form_add_field (form, "auto-check", GTK_WIDGET (self->auto_check_row),
                            _("Seconds between checks, 600 or more; mode 0 only. Default 86400 "
                              "(a day)."));
  fd_config_form_add_field (form, "rep", GTK_WIDGET (self->rep_expander),
                            _("When off, the module keeps the timing it has."));
  fd_config_form_add_field (form, "first-rep", GTK_WIDGET (self->first_rep_row),
                            _("Seconds after start-up, 10 or more. Default 40."));
  fd_config_form_add_field (form, "auto-rep", GTK_WIDGET (self->auto_rep_row),
                            _("Seconds between retries, 120 or more. Default 120."));
  fd_config_form_add_field (form, "max-fail", GTK_WIDGET (self->max_fail_row),
                            _("How many times a failed report is retried, 1 or more. Default "
                              "10."));
}

static void
fd_rsfota_form_init (FdRsfotaForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_fields (self);
  g_signal_connect_swapped (self->action_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->mode_expander, "notify::enable-expansion",
                            G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->rep_expander, "notify::enable-expansion",
                            G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->log_switch, "notify::active", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->first_check_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->auto_check_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->first_rep_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->auto_rep_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->max_fail_row, "changed", G_CALLBACK (on_changed), self);
  sync_sensitivity (self);
  fd_config_form_revalidate (FD_CONFIG_FORM (self));
}

GtkWidget *
fd_rsfota_form_new (void)
{
  return g_object_new (FD_TYPE_RSFOTA_FORM, NULL);
}

const FdRsfotaConfig *
fd_rsfota_form_get_config (FdRsfotaForm *self)
{
  g_return_val_if_fail (FD_IS_RSFOTA_FORM (self), NULL);
  read_widgets (FD_CONFIG_FORM (self), NULL);
  return &self->config;
}
