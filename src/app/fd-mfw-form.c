/* fd-mfw-form.c — the form of dialect B (OneMO AT+MFW*)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-compat.h"
#include "fd-mfw-form.h"
#include "fd-package.h"
#include "fd-redact.h"

struct _FdMfwForm
{
  FdConfigForm    parent_instance;

  FdMfwConfig     config;
  char           *local_path;
  char           *file_info;
  char           *preflight;
  gboolean        preflight_ok;
  GCancellable   *file_cancellable;
  GCancellable   *check_cancellable;

  AdwActionRow   *source_server_row;
  AdwActionRow   *source_file_row;
  AdwActionRow   *source_hex_row;
  AdwActionRow   *source_raw_row;
  GtkCheckButton *source_server;
  GtkCheckButton *source_file;
  GtkCheckButton *source_hex;
  GtkCheckButton *source_raw;
  FdFieldRow     *url_row;
  GtkWidget      *check_button;
  AdwActionRow   *preflight_row;
  GtkImage       *preflight_icon;
  GtkSpinner     *preflight_spinner;
  AdwActionRow   *file_row;
  AdwActionRow   *file_info_row;
  GtkSpinner     *file_spinner;
  GtkWidget      *server_group;
  FdFieldRow     *user_row;
  FdFieldRow     *password_row;
  FdFieldRow     *timeout_row;
  FdFieldRow     *ssl_row;
  FdFieldRow     *pkgsize_row;
  FdFieldRow     *progind_row;
  AdwComboRow    *package_mode_row;
  AdwComboRow    *verify_row;
  AdwActionRow   *erase_row;
  GtkSwitch      *erase_switch;
  AdwActionRow   *download_only_row;
  GtkSwitch      *download_only_switch;
};

G_DEFINE_FINAL_TYPE (FdMfwForm, fd_mfw_form, FD_TYPE_CONFIG_FORM)

/* Subtitles are markup: paths and server messages may hold '&' or '<'. */
static void
set_subtitle (AdwActionRow *row, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_action_row_set_subtitle (row, markup);
}

static const char *
source_help (FdMfwSource source)
{
  switch (source)
    {
    case FD_MFW_SOURCE_SERVER:
      return _("HTTP, HTTPS, FTP or FTPS. ML302/ML307 modules download and upgrade in one step.");
    case FD_MFW_SOURCE_MODULE_FILE:
      return _("A file:// path on the module’s own file system.");
    case FD_MFW_SOURCE_SERIAL_HEX:
      return _("Works on every model that takes serial writes; about half the speed of raw.");
    case FD_MFW_SOURCE_SERIAL_PASSTHROUGH:
    default:
      return _("The fastest serial write: the whole package as raw bytes.");
    }
}

static GtkCheckButton *
source_check (FdMfwForm *self, FdMfwSource source)
{
  GtkCheckButton *checks[] = { self->source_server, self->source_file, self->source_hex,
                               self->source_raw };

  return checks[source];
}

static AdwActionRow *
source_row (FdMfwForm *self, FdMfwSource source)
{
  AdwActionRow *rows[] = { self->source_server_row, self->source_file_row, self->source_hex_row,
                           self->source_raw_row };

  return rows[source];
}

static FdMfwSource
current_source (FdMfwForm *self)
{
  for (FdMfwSource s = FD_MFW_SOURCE_SERVER; s <= FD_MFW_SOURCE_SERIAL_PASSTHROUGH; s++)
    if (gtk_check_button_get_active (source_check (self, s)))
      return s;
  return FD_MFW_SOURCE_SERVER;
}

static gboolean
source_is_serial (FdMfwSource source)
{
  return source == FD_MFW_SOURCE_SERIAL_HEX || source == FD_MFW_SOURCE_SERIAL_PASSTHROUGH;
}

static gboolean
verify_is_explicit (FdMfwForm *self)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (self->verify_row)) &&
         adw_combo_row_get_selected (self->verify_row) >= FD_MFW_VERIFY_MD5;
}

/* Shows what the source needs and hides the rest; the source's problems
 * are shown on its own row. */
static void
sync_source (FdMfwForm *self)
{
  FdMfwSource source = current_source (self);
  gboolean server = source == FD_MFW_SOURCE_SERVER;
  gboolean file = source == FD_MFW_SOURCE_MODULE_FILE;
  gboolean local = source_is_serial (source) || (file && verify_is_explicit (self));

  /* An unavailable source says why under its title, not only in a tooltip. */
  for (FdMfwSource s = FD_MFW_SOURCE_SERVER; s <= FD_MFW_SOURCE_SERIAL_PASSTHROUGH; s++)
    {
      GtkWidget *row = GTK_WIDGET (source_row (self, s));
      const char *reason = gtk_widget_get_tooltip_text (row);

      set_subtitle (ADW_ACTION_ROW (row),
                                   !gtk_widget_get_sensitive (row) && reason != NULL
                                     ? reason
                                     : source_help (s));
    }
  fd_config_form_add_field (FD_CONFIG_FORM (self), "source",
                            GTK_WIDGET (source_row (self, source)), source_help (source));
  fd_config_form_add_field (FD_CONFIG_FORM (self), "url", GTK_WIDGET (self->url_row),
                            server ? _("Up to 256 bytes, starting with http://, https://, ftp:// "
                                       "or ftps://.")
                                   : _("file:// followed by the path on the module."));
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), server || file);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), server || file);
  gtk_widget_set_visible (self->check_button, server);
  g_object_set (self->url_row, "placeholder",
                server ? "http://192.168.1.10/fw/package.bin" : "file://fota/package.bin", NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->preflight_row), server && self->preflight != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->file_row), local);
  gtk_widget_set_visible (GTK_WIDGET (self->file_info_row), local && self->local_path != NULL);
  gtk_widget_set_visible (self->server_group, server);
}

static void
on_changed (FdMfwForm *self)
{
  sync_source (self);
  fd_config_form_changed (FD_CONFIG_FORM (self));
}

static void
on_source_toggled (GtkCheckButton *check, FdMfwForm *self)
{
  if (gtk_check_button_get_active (check))
    on_changed (self);
}

/* ---- reading ------------------------------------------------------------- */

static guint
sensitive_selected (AdwComboRow *row)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (row)) ? adw_combo_row_get_selected (row) : 0;
}

static gboolean
sensitive_active (GtkWidget *row, GtkSwitch *sw)
{
  return gtk_widget_get_sensitive (row) && gtk_switch_get_active (sw);
}

static void
read_server (FdMfwForm *self, FdValidation *input)
{
  FdConfigForm *form = FD_CONFIG_FORM (self);
  FdMfwConfig *c = &self->config;

  c->user = fd_config_form_read_text (form, self->user_row);
  c->password = fd_config_form_read_text (form, self->password_row);
  fd_config_form_read_number (form, self->timeout_row, "timeout", input, &c->has_timeout,
                              &c->timeout);
  fd_config_form_read_number (form, self->ssl_row, "ssl-id", input, &c->has_ssl_id, &c->ssl_id);
  fd_config_form_read_number (form, self->pkgsize_row, "pkgsize", input, &c->has_pkgsize,
                              &c->pkgsize);
  fd_config_form_read_number (form, self->progind_row, "progind", input, &c->has_progind,
                              &c->progind);
}

static void
read_widgets (FdConfigForm *form, FdValidation *input)
{
  FdMfwForm *self = FD_MFW_FORM (form);
  FdMfwConfig *c = &self->config;
  guint package_mode = sensitive_selected (self->package_mode_row);

  fd_mfw_config_clear (c);
  c->source = current_source (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->url_row)))
    c->url = fd_config_form_read_text (form, self->url_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->file_row)))
    c->local_path = g_strdup (self->local_path);
  if (c->source == FD_MFW_SOURCE_SERVER)
    read_server (self, input);
  c->has_package_mode = package_mode > 0;
  c->package_mode = package_mode > 0 ? package_mode - 1 : 0;
  c->verify = (FdMfwVerify) sensitive_selected (self->verify_row);
  c->erase_first = sensitive_active (GTK_WIDGET (self->erase_row), self->erase_switch);
  c->download_only = sensitive_active (GTK_WIDGET (self->download_only_row),
                                       self->download_only_switch);
}

static FdValidation *
validate (FdConfigForm *form, const FdModel *model)
{
  return fd_mfw_config_validate (&FD_MFW_FORM (form)->config, model);
}

/* ---- capabilities -------------------------------------------------------- */

static void
update_capabilities (FdConfigForm *form)
{
  FdMfwForm *self = FD_MFW_FORM (form);
  static const struct {
    FdMfwSource  source;
    FdCapability cap;
  } sources[] = {
    { FD_MFW_SOURCE_MODULE_FILE, FD_CAP_SCHEME_FILE },
    { FD_MFW_SOURCE_SERIAL_HEX, FD_CAP_WRITE_HEX },
    { FD_MFW_SOURCE_SERIAL_PASSTHROUGH, FD_CAP_WRITE_PASSTHROUGH },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      AdwActionRow *row = source_row (self, sources[i].source);

      if (!fd_config_form_apply_capability (form, GTK_WIDGET (row), sources[i].cap) &&
          current_source (self) == sources[i].source)
        gtk_check_button_set_active (self->source_server, TRUE);
    }
  fd_config_form_apply_capability (form, GTK_WIDGET (self->user_row), FD_CAP_CFG_AUTH);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->password_row), FD_CAP_CFG_AUTH);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->timeout_row), FD_CAP_CFG_TIMEOUT);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->ssl_row), FD_CAP_CFG_SSL);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->pkgsize_row), FD_CAP_CFG_PKGSIZE);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->progind_row), FD_CAP_CFG_PROGIND);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->package_mode_row), FD_CAP_CFG_MODE);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->verify_row), FD_CAP_MFWCHECK);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->erase_row), FD_CAP_MFWERASE);
  fd_config_form_apply_capability (form, GTK_WIDGET (self->download_only_row), FD_CAP_MFWDLOAD);
  sync_source (self);
}

/* ---- presets ------------------------------------------------------------- */

static void
save (FdConfigForm *form, GKeyFile *keyfile, const char *group)
{
  /* A preset file is not a keyring: the password stays out. */
  fd_mfw_config_save (&FD_MFW_FORM (form)->config, keyfile, group, FALSE);
}

static void
set_optional (FdFieldRow *row, gboolean has, guint64 value)
{
  fd_field_row_set_number (row, has, value);
}

static gboolean
load (FdConfigForm *form, GKeyFile *keyfile, const char *group, GError **error)
{
  FdMfwForm *self = FD_MFW_FORM (form);
  g_auto(FdMfwConfig) c = { 0 };

  fd_mfw_config_init (&c);
  if (!fd_mfw_config_load (&c, keyfile, group, error))
    return FALSE;
  gtk_check_button_set_active (source_check (self, c.source), TRUE);
  fd_field_row_set_text (self->url_row, c.url);
  fd_mfw_form_set_local_path (self, c.local_path);
  fd_field_row_set_text (self->user_row, c.user);
  fd_field_row_set_text (self->password_row, c.password);
  set_optional (self->timeout_row, c.has_timeout, c.timeout);
  set_optional (self->ssl_row, c.has_ssl_id, c.ssl_id);
  set_optional (self->pkgsize_row, c.has_pkgsize, c.pkgsize);
  set_optional (self->progind_row, c.has_progind, c.progind);
  adw_combo_row_set_selected (self->package_mode_row,
                              c.has_package_mode ? (guint) c.package_mode + 1 : 0);
  adw_combo_row_set_selected (self->verify_row, c.verify);
  gtk_switch_set_active (self->erase_switch, c.erase_first);
  gtk_switch_set_active (self->download_only_switch, c.download_only);
  sync_source (self);
  return TRUE;
}

/* ---- jobs ---------------------------------------------------------------- */

static FdJob *
create_job (FdConfigForm           *form,
            const FdUpgradeTarget  *target,
            const FdUpgradeOptions *options,
            GError                **error)
{
  return fd_upgrade_job_new_mfw (target, &FD_MFW_FORM (form)->config, options, error);
}

static const char *
describe_source (const FdMfwConfig *c)
{
  switch (c->source)
    {
    case FD_MFW_SOURCE_SERVER:
      return _("Each module downloads the package from the server, then upgrades.");
    case FD_MFW_SOURCE_MODULE_FILE:
      return _("Each module takes the package from its own file system, then upgrades.");
    case FD_MFW_SOURCE_SERIAL_HEX:
    case FD_MFW_SOURCE_SERIAL_PASSTHROUGH:
    default:
      return _("FotaDesk writes the package file to each module over its serial port, then the "
               "module upgrades.");
    }
}

static char *
describe (FdConfigForm *form)
{
  FdMfwForm *self = FD_MFW_FORM (form);
  g_autoptr(GPtrArray) rows = fd_config_form_get_model_rows (form);
  g_auto(GStrv) commands =
    fd_mfw_config_build_commands (&self->config, g_ptr_array_index (rows, 0), NULL);
  g_autofree char *joined = commands != NULL ? g_strjoinv (", ", commands) : g_strdup ("");
  g_autofree char *shown = fd_redact_secrets (joined);

  /* Translators: a sentence on what happens, then the AT commands sent */
  return g_strdup_printf (_("%s\nCommands: %s"),
                          self->config.download_only
                            ? _("Each module gets the package but does not upgrade yet.")
                            : describe_source (&self->config),
                          *shown != '\0'
                            ? shown
                            /* Translators: after “Commands:” when no AT command is sent */
                            : _("none"));
}

/* ---- the package file ---------------------------------------------------- */

static void
set_file_info (FdMfwForm *self, const char *text)
{
  g_free (self->file_info);
  self->file_info = g_strdup (text);
  set_subtitle (self->file_info_row, text != NULL ? text : _("Reading the file…"));
  gtk_spinner_set_spinning (self->file_spinner, text == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->file_spinner), text == NULL);
}

static void
checksum_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FdMfwForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_checksum_file_finish (result, &error);
  g_autofree char *size = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      /* Translators: the reason a package file could not be read */
      text = g_strdup_printf (_("Cannot read the file: %s"), error->message);
      set_file_info (self, text);
      return;
    }
  size = g_format_size (info->received);
  bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, info->received);
  /* Translators: size for people, size in bytes, then two checksums */
  text = g_strdup_printf (_("%s (%s bytes)\nSHA-256 %s\nMD5 %s"), size, bytes, info->sha256,
                          info->md5);
  set_file_info (self, text);
}

void
fd_mfw_form_set_local_path (FdMfwForm *self, const char *path)
{
  g_return_if_fail (FD_IS_MFW_FORM (self));

  if (path != NULL && *path == '\0')
    path = NULL;
  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  g_free (self->local_path);
  self->local_path = g_strdup (path);
  set_subtitle (self->file_row, path != NULL ? path : _("No file chosen"));
  g_clear_pointer (&self->file_info, g_free);
  if (path != NULL)
    {
      self->file_cancellable = g_cancellable_new ();
      set_file_info (self, NULL);
      fd_package_checksum_file_async (path,
                                      FD_PACKAGE_CHECKSUM_MD5 | FD_PACKAGE_CHECKSUM_SHA256,
                                      NULL, NULL, self->file_cancellable, checksum_done,
                                      g_object_ref (self));
    }
  fd_config_form_add_field (FD_CONFIG_FORM (self), "local-path", GTK_WIDGET (self->file_row),
                            path != NULL ? path : _("No file chosen"));
  on_changed (self);
}

static void
file_chosen (GFile *file, gpointer user_data)
{
  g_autoptr(FdMfwForm) self = user_data;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    fd_mfw_form_set_local_path (self, path);
}

static void
choose_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  fd_compat_choose_file (widget, _("Choose the Package File"), FALSE, NULL, file_chosen,
                         g_object_ref (widget));
}

/* ---- the server check ---------------------------------------------------- */

static void
set_preflight (FdMfwForm *self, const char *text, gboolean ok)
{
  g_free (self->preflight);
  self->preflight = g_strdup (text);
  self->preflight_ok = ok;
  set_subtitle (self->preflight_row, text != NULL ? text : _("Asking the server…"));
  gtk_spinner_set_spinning (self->preflight_spinner, text == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->preflight_spinner), text == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->preflight_icon), text != NULL);
  gtk_image_set_from_icon_name (self->preflight_icon,
                                ok ? "object-select-symbolic" : "dialog-error-symbolic");
  gtk_widget_set_css_classes (GTK_WIDGET (self->preflight_icon),
                              (const char *[]) { ok ? "success" : "error", NULL });
  gtk_widget_set_visible (GTK_WIDGET (self->preflight_row), TRUE);
}

static void
check_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FdMfwForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_check_finish (FD_PACKAGE (source), result, &error);
  g_autofree char *size = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mfw.check-url", TRUE);
  if (info == NULL)
    {
      set_preflight (self, error->message, FALSE);
      return;
    }
  if (info->size >= 0)
    {
      size = g_format_size (info->size);
      bytes = g_strdup_printf ("%" G_GINT64_FORMAT, info->size);
      /* Translators: the package size, then its size in bytes */
      text = g_strdup_printf (_("Reachable · %s (%s bytes)"), size, bytes);
    }
  else
    {
      text = g_strdup (_("Reachable · the server does not tell the size"));
    }
  set_preflight (self, text, TRUE);
}

static void
check_url_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdMfwForm *self = FD_MFW_FORM (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackage) package = NULL;
  const char *password = fd_field_row_get_text (self->password_row);
  const char *user = fd_field_row_get_text (self->user_row);

  package = fd_package_new (fd_field_row_get_text (self->url_row), &error);
  if (package == NULL)
    {
      set_preflight (self, error->message, FALSE);
      return;
    }
  if (*user != '\0')
    fd_package_set_credentials (package, user, *password != '\0' ? password : NULL);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  set_preflight (self, NULL, FALSE);
  gtk_widget_action_set_enabled (widget, "mfw.check-url", FALSE);
  fd_package_check_async (package, FD_PACKAGE_CHECKSUM_NONE, self->check_cancellable, check_done,
                          g_object_ref (self));
}

/* ---- object -------------------------------------------------------------- */

static void
fd_mfw_form_dispose (GObject *object)
{
  FdMfwForm *self = FD_MFW_FORM (object);

  g_cancellable_cancel (self->file_cancellable);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->file_cancellable);
  g_clear_object (&self->check_cancellable);
  G_OBJECT_CLASS (fd_mfw_form_parent_class)->dispose (object);
}

static void
fd_mfw_form_finalize (GObject *object)
{
  FdMfwForm *self = FD_MFW_FORM (object);

  fd_mfw_config_clear (&self->config);
  g_free (self->local_path);
  g_free (self->file_info);
  g_free (self->preflight);
  G_OBJECT_CLASS (fd_mfw_form_parent_class)->finalize (object);
}

static void
bind_children (GtkWidgetClass *widget_class)
{
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FdMfwForm, name)
  BIND (source_server_row);
  BIND (source_file_row);
  BIND (source_hex_row);
  BIND (source_raw_row);
  BIND (source_server);
  BIND (source_file);
  BIND (source_hex);
  BIND (source_raw);
  BIND (url_row);
  BIND (check_button);
  BIND (preflight_row);
  BIND (preflight_icon);
  BIND (preflight_spinner);
  BIND (file_row);
  BIND (file_info_row);
  BIND (file_spinner);
  BIND (server_group);
  BIND (user_row);
  BIND (password_row);
  BIND (timeout_row);
  BIND (ssl_row);
  BIND (pkgsize_row);
  BIND (progind_row);
  BIND (package_mode_row);
  BIND (verify_row);
  BIND (erase_row);
  BIND (erase_switch);
  BIND (download_only_row);
  BIND (download_only_switch);
#undef BIND
}

static void
fd_mfw_form_class_init (FdMfwFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FdConfigFormClass *form_class = FD_CONFIG_FORM_CLASS (klass);

  object_class->dispose = fd_mfw_form_dispose;
  object_class->finalize = fd_mfw_form_finalize;

  form_class->dialect = FD_DIALECT_MFW;
  form_class->read = read_widgets;
  form_class->validate = validate;
  form_class->update_capabilities = update_capabilities;
  form_class->save = save;
  form_class->load = load;
  form_class->create_job = create_job;
  form_class->describe = describe;

  g_type_ensure (FD_TYPE_FIELD_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-mfw-form.ui");
  bind_children (widget_class);
  gtk_widget_class_install_action (widget_class, "mfw.check-url", NULL, check_url_action);
  gtk_widget_class_install_action (widget_class, "mfw.choose-file", NULL, choose_file_action);
}

static void
add_fields (FdMfwForm *self)
{
  FdConfigForm *form = FD_CONFIG_FORM (self);

  fd_config_form_add_field (form, "local-path", GTK_WIDGET (self->file_row),
                            _("No file chosen"));
  fd_config_form_add_field (form, "auth-user", GTK_WIDGET (self->user_row),
                            _("Only when the server asks for a login; up to 48 bytes."));
  fd_config_form_add_field (form, "auth-password", GTK_WIDGET (self->password_row),
                            _("Up to 48 bytes. Never written to logs, transcripts or presets."));
  fd_config_form_add_field (form, "timeout", GTK_WIDGET (self->timeout_row),
                            _("30 to 180 seconds. Empty: the module keeps its setting (60 by "
                              "default)."));
  fd_config_form_add_field (form, "ssl-id", GTK_WIDGET (self->ssl_row),
                            _("0 to 4, for https:// and ftps://. Empty: not set."));
  fd_config_form_add_field (form, "pkgsize", GTK_WIDGET (self->pkgsize_row),
                            _("512 to 3072 bytes, in steps of 512. Empty: the module keeps its "
                              "setting (512 by default)."));
  fd_config_form_add_field (form, "progind", GTK_WIDGET (self->progind_row),
                            _("Bytes between progress reports, a multiple of 1024; 0 reports "
                              "only at the end. Empty: not set."));
  fd_config_form_add_field (form, "package-mode", GTK_WIDGET (self->package_mode_row),
                            _("Only some modules let you choose; the manual does not say "
                              "which."));
  fd_config_form_add_field (form, "verify", GTK_WIDGET (self->verify_row),
                            _("Automatic: SHA-256 after a serial write, where the module can "
                              "check (AT+MFWCHECK)."));
  fd_config_form_add_field (form, "erase-first", GTK_WIDGET (self->erase_row),
                            _("AT+MFWERASE before the package is fetched or written."));
  fd_config_form_add_field (form, "download-only", GTK_WIDGET (self->download_only_row),
                            _("Stop once the package is on the module, without AT+MFWUPGRADE."));
}

static void
connect_changes (FdMfwForm *self)
{
  FdFieldRow *fields[] = { self->url_row, self->user_row, self->password_row, self->timeout_row,
                           self->ssl_row, self->pkgsize_row, self->progind_row };
  GtkCheckButton *sources[] = { self->source_server, self->source_file, self->source_hex,
                                self->source_raw };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    g_signal_connect_swapped (fields[i], "changed", G_CALLBACK (on_changed), self);
  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    g_signal_connect (sources[i], "toggled", G_CALLBACK (on_source_toggled), self);
  g_signal_connect_swapped (self->package_mode_row, "notify::selected", G_CALLBACK (on_changed),
                            self);
  g_signal_connect_swapped (self->verify_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->erase_switch, "notify::active", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->download_only_switch, "notify::active",
                            G_CALLBACK (on_changed), self);
}

static void
fd_mfw_form_init (FdMfwForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fd_mfw_config_init (&self->config);
  add_fields (self);
  set_subtitle (self->file_row, _("No file chosen"));
  connect_changes (self);
  sync_source (self);
  fd_config_form_revalidate (FD_CONFIG_FORM (self));
}

GtkWidget *
fd_mfw_form_new (void)
{
  return g_object_new (FD_TYPE_MFW_FORM, NULL);
}

const FdMfwConfig *
fd_mfw_form_get_config (FdMfwForm *self)
{
  g_return_val_if_fail (FD_IS_MFW_FORM (self), NULL);
  read_widgets (FD_CONFIG_FORM (self), NULL);
  return &self->config;
}

void
fd_mfw_form_set_source (FdMfwForm *self, FdMfwSource source)
{
  g_return_if_fail (FD_IS_MFW_FORM (self));
  gtk_check_button_set_active (source_check (self, source), TRUE);
}

const char *
fd_mfw_form_get_file_info (FdMfwForm *self)
{
  g_return_val_if_fail (FD_IS_MFW_FORM (self), NULL);
  return self->file_info;
}

const char *
fd_mfw_form_get_preflight_result (FdMfwForm *self)
{
  g_return_val_if_fail (FD_IS_MFW_FORM (self), NULL);
  return self->preflight;
}

gboolean
fd_mfw_form_get_preflight_ok (FdMfwForm *self)
{
  g_return_val_if_fail (FD_IS_MFW_FORM (self), FALSE);
  return self->preflight_ok;
}
