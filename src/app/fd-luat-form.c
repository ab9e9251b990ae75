/* fd-luat-form.c — the form of dialect C (Luat / AirM2M AT+UPGRADE)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-luat-form.h"
#include "fd-redact.h"

struct _FdLuatForm
{
  FdConfigForm    parent_instance;

  FdLuatConfig    config;

  AdwActionRow   *server_keep_row;
  AdwActionRow   *server_key_row;
  AdwActionRow   *server_url_row;
  GtkCheckButton *server_keep;
  GtkCheckButton *server_key;
  GtkCheckButton *server_url;
  FdFieldRow     *key_row;
  FdFieldRow     *url_row;
  AdwComboRow    *auto_row;
  FdFieldRow     *period_row;
  AdwActionRow   *keep_row;
  GtkSwitch      *keep_switch;
  AdwActionRow   *trigger_row;
  GtkSwitch      *trigger_switch;
};

G_DEFINE_FINAL_TYPE (FdLuatForm, fd_luat_form, FD_TYPE_CONFIG_FORM)

static FdLuatServer
current_server (FdLuatForm *self)
{
  if (gtk_check_button_get_active (self->server_key))
    return FD_LUAT_SERVER_KEY;
  if (gtk_check_button_get_active (self->server_url))
    return FD_LUAT_SERVER_URL;
  return FD_LUAT_SERVER_UNCHANGED;
}

static void
sync_server (FdLuatForm *self)
{
  FdLuatServer server = current_server (self);

  gtk_widget_set_visible (GTK_WIDGET (self->key_row), server == FD_LUAT_SERVER_KEY);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), server == FD_LUAT_SERVER_URL);
  /* AUTO off means PERIOD has nothing to time. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->period_row),
                            adw_combo_row_get_selected (self->auto_row) != 2);
}

static void
on_changed (FdLuatForm *self)
{
  sync_server (self);
  fd_config_form_changed (FD_CONFIG_FORM (self));
}

static void
on_server_toggled (GtkCheckButton *check, FdLuatForm *self)
{
  if (gtk_check_button_get_active (check))
    on_changed (self);
}

static void
read_widgets (FdConfigForm *form, FdValidation *input)
{
  FdLuatForm *self = FD_LUAT_FORM (form);
  FdLuatConfig *c = &self->config;
  guint auto_choice = adw_combo_row_get_selected (self->auto_row);

  fd_luat_config_clear (c);
  c->server = current_server (self);
  if (c->server == FD_LUAT_SERVER_KEY)
    c->key = fd_config_form_read_text (form, self->key_row);
  else if (c->server == FD_LUAT_SERVER_URL)
    c->url = fd_config_form_read_text (form, self->url_row);
  c->has_auto = auto_choice > 0;
  c->auto_upgrade = auto_choice == 1;
  fd_config_form_read_number (form, self->period_row, "period", input, &c->has_period,
                              &c->period);
  c->keep_after_reboot = gtk_switch_get_active (self->keep_switch);
  c->trigger = gtk_switch_get_active (self->trigger_switch);
}

static FdValidation *
validate (FdConfigForm *form, const FdModel *model)
{
  return fd_luat_config_validate (&FD_LUAT_FORM (form)->config, model);
}

static void
save (FdConfigForm *form, GKeyFile *keyfile, const char *group)
{
  /* The product key is a secret: presets do not keep it. */
  fd_luat_config_save (&FD_LUAT_FORM (form)->config, keyfile, group, FALSE);
}

static gboolean
load (FdConfigForm *form, GKeyFile *keyfile, const char *group, GError **error)
{
  FdLuatForm *self = FD_LUAT_FORM (form);
  g_auto(FdLuatConfig) c = { 0 };
  GtkCheckButton *servers[] = { self->server_keep, self->server_key, self->server_url };

  fd_luat_config_init (&c);
  if (!fd_luat_config_load (&c, keyfile, group, error))
    return FALSE;
  gtk_check_button_set_active (servers[c.server], TRUE);
  fd_field_row_set_text (self->key_row, c.key);
  fd_field_row_set_text (self->url_row, c.url);
  adw_combo_row_set_selected (self->auto_row, !c.has_auto ? 0 : c.auto_upgrade ? 1 : 2);
  fd_field_row_set_number (self->period_row, c.has_period, c.period);
  gtk_switch_set_active (self->keep_switch, c.keep_after_reboot);
  gtk_switch_set_active (self->trigger_switch, c.trigger);
  sync_server (self);
  return TRUE;
}

static FdJob *
create_job (FdConfigForm           *form,
            const FdUpgradeTarget  *target,
            const FdUpgradeOptions *options,
            GError                **error)
{
  return fd_upgrade_job_new_luat (target, &FD_LUAT_FORM (form)->config, options, error);
}

static char *
describe (FdConfigForm *form)
{
  FdLuatForm *self = FD_LUAT_FORM (form);
  g_auto(GStrv) commands = fd_luat_config_build_commands (&self->config, NULL, NULL);
  g_autofree char *trigger = fd_luat_config_get_trigger_command (&self->config);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *shown = NULL;

  if (commands != NULL)
    g_strv_builder_addv (all, (const char **) commands);
  if (trigger != NULL)
    g_strv_builder_add (all, trigger);
  lines = g_strv_builder_end (all);
  joined = g_strjoinv (", ", lines);
  shown = fd_redact_secrets (joined);
  /* Translators: a sentence on what happens, then the AT commands sent */
  return g_strdup_printf (_("%s\nCommands: %s"),
                          self->config.trigger
                            ? _("Each module checks the server now and, when it has newer "
                                "firmware, downloads it, restarts twice and reports.")
                            : _("The settings are written; the module checks by itself later."),
                          *shown != '\0'
                            ? shown
                            /* Translators: after “Commands:” when no AT command is sent */
                            : _("none"));
}

static void
fd_luat_form_class_init (FdLuatFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FdConfigFormClass *form_class = FD_CONFIG_FORM_CLASS (klass);

  form_class->dialect = FD_DIALECT_LUAT;
  form_class->read = read_widgets;
  form_class->validate = validate;
  form_class->save = save;
  form_class->load = load;
  form_class->create_job = create_job;
  form_class->describe = describe;

  g_type_ensure (FD_TYPE_FIELD_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-luat-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FdLuatForm, name)
  BIND (server_keep_row);
  BIND (server_key_row);
  BIND (server_url_row);
  BIND (server_keep);
  BIND (server_key);
  BIND (server_url);
  BIND (key_row);
  BIND (url_row);
  BIND (auto_row);
  BIND (period_row);
  BIND (keep_row);
  BIND (keep_switch);
  BIND (trigger_row);
  BIND (trigger_switch);
#undef BIND
}

static void
add_fields (FdLuatForm *self)
{
  FdConfigForm *form = FD_CONFIG_FORM (self);

  fd_config_form_add_field (form, "server", GTK_WIDGET (self->server_keep_row),
                            _("The module asks the server it already knows."));
  fd_config_form_add_field (form, "key", GTK_WIDGET (self->key_row),
                            _("A secret: never written to logs, transcripts or presets."));
  fd_config_form_add_field (form, "url", GTK_WIDGET (self->url_row),
                            _("Plain http:// only; the module asks it for newer firmware."));
  fd_config_form_add_field (form, "auto", GTK_WIDGET (self->auto_row),
                            _("Off: the module stops asking the server until turned on again."));
  fd_config_form_add_field (form, "period", GTK_WIDGET (self->period_row),
                            _("Seconds between checks, 60 to 4294967295. Empty: the module "
                              "keeps its setting (86400 by default)."));
  fd_config_form_add_field (form, "keep-after-reboot", GTK_WIDGET (self->keep_row),
                            _("Save the settings in the module’s memory (savetoNV)."));
  fd_config_form_add_field (form, "trigger", GTK_WIDGET (self->trigger_row),
                            _("AT+UPGRADE once the settings are written."));
}

static void
fd_luat_form_init (FdLuatForm *self)
{
  GtkCheckButton *servers[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  fd_luat_config_init (&self->config);
  add_fields (self);
  servers[0] = self->server_keep;
  servers[1] = self->server_key;
  servers[2] = self->server_url;
  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    g_signal_connect (servers[i], "toggled", G_CALLBACK (on_server_toggled), self);
  g_signal_connect_swapped (self->key_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->period_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->auto_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->keep_switch, "notify::active", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->trigger_switch, "notify::active", G_CALLBACK (on_changed),
                            self);
  sync_server (self);
  fd_config_form_revalidate (FD_CONFIG_FORM (self));
}

GtkWidget *
fd_luat_form_new (void)
{
  return g_object_new (FD_TYPE_LUAT_FORM, NULL);
}

const FdLuatConfig *
fd_luat_form_get_config (FdLuatForm *self)
{
  g_return_val_if_fail (FD_IS_LUAT_FORM (self), NULL);
  read_widgets (FD_CONFIG_FORM (self), NULL);
  return &self->config;
}

void
fd_luat_form_set_server (FdLuatForm *self, FdLuatServer server)
{
  GtkCheckButton *servers[] = { self->server_keep, self->server_key, self->server_url };

  g_return_if_fail (FD_IS_LUAT_FORM (self));
  gtk_check_button_set_active (servers[server], TRUE);
}
