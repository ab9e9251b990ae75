/* fd-mfw-config.c — validate and build dialect B's configure phase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fd-config-private.h"
#include "fd-mfw-config.h"

#define MFW_URL_MAX  256
#define MFW_AUTH_MAX 48
#define MFW_HEX_MAX  512

G_DEFINE_BOXED_TYPE (FdMfwConfig, fd_mfw_config, fd_mfw_config_copy, fd_mfw_config_free)

/* ---- value type -------------------------------------------------------- */

void
fd_mfw_config_init (FdMfwConfig *config)
{
  g_return_if_fail (config != NULL);
  *config = (FdMfwConfig) { .source = FD_MFW_SOURCE_SERVER, .verify = FD_MFW_VERIFY_AUTO };
}

void
fd_mfw_config_clear (FdMfwConfig *config)
{
  g_return_if_fail (config != NULL);
  g_free (config->url);
  g_free (config->local_path);
  g_free (config->user);
  fd_config_free_secret (config->password);
  fd_mfw_config_init (config);
}

FdMfwConfig *
fd_mfw_config_new (void)
{
  FdMfwConfig *config = g_new (FdMfwConfig, 1);

  fd_mfw_config_init (config);
  return config;
}

FdMfwConfig *
fd_mfw_config_copy (const FdMfwConfig *config)
{
  FdMfwConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);
  copy = g_memdup2 (config, sizeof *config);
  copy->url = g_strdup (config->url);
  copy->local_path = g_strdup (config->local_path);
  copy->user = g_strdup (config->user);
  copy->password = g_strdup (config->password);
  return copy;
}

void
fd_mfw_config_free (FdMfwConfig *config)
{
  if (config == NULL)
    return;
  fd_mfw_config_clear (config);
  g_free (config);
}

gboolean
fd_mfw_config_equal (const FdMfwConfig *a, const FdMfwConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
#define SAME FD_CONFIG_SAME_OPT
  return a->source == b->source && fd_config_str_equal (a->url, b->url) &&
         fd_config_str_equal (a->local_path, b->local_path) &&
         fd_config_str_equal (a->user, b->user) &&
         fd_config_str_equal (a->password, b->password) && SAME (a, b, has_timeout, timeout) &&
         SAME (a, b, has_package_mode, package_mode) && SAME (a, b, has_progind, progind) &&
         SAME (a, b, has_ssl_id, ssl_id) && SAME (a, b, has_pkgsize, pkgsize) &&
         a->verify == b->verify && !a->erase_first == !b->erase_first &&
         !a->download_only == !b->download_only && a->resume_grace_ms == b->resume_grace_ms;
#undef SAME
}

/* ---- the numeric AT+MFWCFG items, as a table --------------------------- */

typedef struct _NumericItem NumericItem;
struct _NumericItem {
  const char  *field;       /* form field and preset key */
  const char  *item;        /* AT+MFWCFG item name */
  FdCapability cap;
  gsize        has_offset;  /* gboolean in FdMfwConfig */
  gsize        value_offset; /* guint64 in FdMfwConfig */
  gboolean     server_only; /* used only when the module downloads from a server */
  void (*check) (FdValidation *v, const NumericItem *item, guint64 value, const FdModel *model);
};

static void
check_timeout (FdValidation *v, const NumericItem *it, guint64 value, const FdModel *model)
{
  fd_config_check_range (v, it->field, "timeout", value, 30, 180, FD_UNIT_SECONDS);
}

static void
check_package_mode (FdValidation *v, const NumericItem *it, guint64 value, const FdModel *model)
{
  if (!fd_config_check_range (v, it->field, "mode", value, 0, 1, FD_UNIT_NONE))
    return;
  /* The manual: only on modules that offer both, without saying which. */
  fd_validation_add_warning (v, it->field, FD_CONFIG_WARNING_MAY_FAIL,
                             _("Choosing diff or full works only on modules that offer both, "
                               "and the manual does not say which do: if the module answers "
                               "an error, clear this setting."));
}

static void
check_progind (FdValidation *v, const NumericItem *it, guint64 value, const FdModel *model)
{
  g_autofree char *got = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  if (value % 1024 == 0 && value <= FD_CONFIG_U32_MAX)
    return;
  fd_validation_add_error (v, it->field, FD_CONFIG_ERROR_OUT_OF_RANGE,
                           _("progind must be a multiple of 1024 bytes between 0 and "
                             "4294966272 (0 reports only at the end); got %s."),
                           got);
}

static void
check_ssl_id (FdValidation *v, const NumericItem *it, guint64 value, const FdModel *model)
{
  fd_config_check_range (v, it->field, "ssl_id", value, 0, 4, FD_UNIT_NONE);
}

static void
check_pkgsize (FdValidation *v, const NumericItem *it, guint64 value, const FdModel *model)
{
  g_autofree char *got = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  if (value < 512 || value > 3072 || value % 512 != 0)
    fd_validation_add_error (v, it->field, FD_CONFIG_ERROR_OUT_OF_RANGE,
                             _("pkgsize must be 512, 1024, 1536, 2048, 2560 or 3072 bytes "
                               "(a multiple of 512); got %s."),
                             got);
  else if (value > 512)
    fd_config_check_capability (v, model, FD_CAP_PKGSIZE_ABOVE_512, it->field);
}

#define OFF(f) offsetof (FdMfwConfig, f)

/* In the order the configure phase sends them, after url and auth. */
static const NumericItem numeric_items[] = {
  { "timeout", "timeout", FD_CAP_CFG_TIMEOUT, OFF (has_timeout), OFF (timeout), TRUE,
    check_timeout },
  { "package-mode", "mode", FD_CAP_CFG_MODE, OFF (has_package_mode), OFF (package_mode), FALSE,
    check_package_mode },
  { "progind", "progind", FD_CAP_CFG_PROGIND, OFF (has_progind), OFF (progind), TRUE,
    check_progind },
  { "ssl-id", "ssl", FD_CAP_CFG_SSL, OFF (has_ssl_id), OFF (ssl_id), TRUE, check_ssl_id },
  { "pkgsize", "pkgsize", FD_CAP_CFG_PKGSIZE, OFF (has_pkgsize), OFF (pkgsize), TRUE,
    check_pkgsize },
};

#undef OFF

static gboolean
item_has (const FdMfwConfig *c, const NumericItem *it)
{
  return G_STRUCT_MEMBER (gboolean, c, it->has_offset);
}

static guint64
item_value (const FdMfwConfig *c, const NumericItem *it)
{
  return G_STRUCT_MEMBER (guint64, c, it->value_offset);
}

/* ---- validation -------------------------------------------------------- */

static gboolean
is_serial (FdMfwSource source)
{
  return source == FD_MFW_SOURCE_SERIAL_HEX || source == FD_MFW_SOURCE_SERIAL_PASSTHROUGH;
}

/* Whether @item is sent for this source. */
static gboolean
item_applies (const FdMfwConfig *c, const NumericItem *it)
{
  return !it->server_only || c->source == FD_MFW_SOURCE_SERVER;
}

static void
warn_ignored (FdValidation *v, const char *field, const char *name)
{
  fd_validation_add_warning (v, field, FD_CONFIG_WARNING_IGNORED,
                             /* Translators: an AT+MFWCFG item (timeout, url) or a phrase
                              * such as "The server login (auth)" */
                             _("%s is not used with this package source: it is not sent."), name);
}

/* The module's way of getting a server package: AT+MFWDLOAD, or inside
 * AT+MFWUPGRADE. An unknown model must be confirmed first. */
static void
validate_server_flow (FdValidation *v, const FdModel *model)
{
  FdSupport dload = fd_model_supports (model, FD_CAP_MFWDLOAD);
  FdSupport combined = fd_model_supports (model, FD_CAP_UPGRADE_DOWNLOADS);

  if (dload == FD_SUPPORT_YES)
    fd_config_check_capability (v, model, FD_CAP_MFWDLOAD, "source");
  else if (combined == FD_SUPPORT_YES)
    fd_config_check_capability (v, model, FD_CAP_UPGRADE_DOWNLOADS, "source");
  else
    fd_config_check_capability (v, model,
                                combined == FD_SUPPORT_UNKNOWN ? FD_CAP_UPGRADE_DOWNLOADS
                                                               : FD_CAP_MFWDLOAD,
                                "source");
}

static void
validate_server_url (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  static const struct {
    const char  *scheme;
    FdCapability cap;
  } schemes[] = {
    { "http", FD_CAP_SCHEME_HTTP },
    { "https", FD_CAP_SCHEME_HTTPS },
    { "ftp", FD_CAP_SCHEME_FTP },
    { "ftps", FD_CAP_SCHEME_FTPS },
  };
  g_autofree char *scheme = NULL;

  if (!fd_config_check_string (v, "url", "url", c->url, MFW_URL_MAX, TRUE))
    return;
  scheme = fd_config_url_scheme (c->url);
  if (scheme == NULL)
    {
      fd_validation_add_error (v, "url", FD_CONFIG_ERROR_INVALID,
                               _("url must start with a scheme and a server: http://, https://, "
                                 "ftp:// or ftps://."));
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      if (g_strcmp0 (scheme, schemes[i].scheme) == 0)
        {
          fd_config_check_capability (v, model, schemes[i].cap, "url");
          return;
        }
    }
  if (g_strcmp0 (scheme, "file") == 0)
    fd_validation_add_error (v, "url", FD_CONFIG_ERROR_INVALID,
                             _("file:// names a file on the module: choose the module file as "
                               "the package source."));
  else
    fd_validation_add_error (v, "url", FD_CONFIG_ERROR_INVALID,
                             _("url scheme “%s” is not supported: use http://, https://, "
                               "ftp:// or ftps://."),
                             scheme);
}

static void
validate_module_file (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  g_autofree char *scheme = NULL;

  if (!fd_config_check_string (v, "url", "url", c->url, MFW_URL_MAX, TRUE))
    return;
  scheme = fd_config_url_scheme (c->url);
  if (g_strcmp0 (scheme, "file") != 0)
    {
      fd_validation_add_error (v, "url", FD_CONFIG_ERROR_INVALID,
                               _("For a file on the module, url must start with file:// "
                                 "followed by its path."));
      return;
    }
  if (fd_config_check_capability (v, model, FD_CAP_SCHEME_FILE, "url"))
    fd_config_check_capability (v, model, FD_CAP_MFWDLOAD, "source");
}

static void
validate_serial (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  FdCapability cap = c->source == FD_MFW_SOURCE_SERIAL_HEX ? FD_CAP_WRITE_HEX
                                                           : FD_CAP_WRITE_PASSTHROUGH;

  if (!fd_config_str_is_set (c->local_path))
    fd_validation_add_error (v, "local-path", FD_CONFIG_ERROR_MISSING,
                             _("Choose the package file to write to the module."));
  if (fd_config_check_capability (v, model, cap, "source"))
    fd_config_check_capability (v, model, FD_CAP_MFWDLOAD, "source");
  if (fd_config_str_is_set (c->url))
    warn_ignored (v, "url", "url");
}

static void
validate_source (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  switch (c->source)
    {
    case FD_MFW_SOURCE_SERVER:
      validate_server_url (v, c, model);
      validate_server_flow (v, model);
      break;
    case FD_MFW_SOURCE_MODULE_FILE:
      validate_module_file (v, c, model);
      break;
    case FD_MFW_SOURCE_SERIAL_HEX:
    case FD_MFW_SOURCE_SERIAL_PASSTHROUGH:
      validate_serial (v, c, model);
      break;
    default:
      fd_validation_add_error (v, "source", FD_CONFIG_ERROR_INVALID,
                               _("The package source is not one FotaDesk knows."));
      break;
    }
}

static void
validate_auth (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  if (!fd_config_str_is_set (c->user) && !fd_config_str_is_set (c->password))
    return;
  if (c->source != FD_MFW_SOURCE_SERVER)
    {
      /* Translators: the subject of "%s is not used with this package source" */
      warn_ignored (v, "auth-user", _("The server login (auth)"));
      return;
    }
  if (!fd_config_str_is_set (c->user))
    fd_validation_add_error (v, "auth-user", FD_CONFIG_ERROR_MISSING,
                             _("A server password needs a user name."));
  /* Translators: the subject of "%s is required." and similar messages */
  fd_config_check_string (v, "auth-user", _("The user name (auth)"), c->user, MFW_AUTH_MAX,
                          FALSE);
  /* Translators: the subject of "%s must be at most %s bytes long" and similar */
  fd_config_check_string (v, "auth-password", _("The password (auth)"), c->password,
                          MFW_AUTH_MAX, FALSE);
  fd_config_check_capability (v, model, FD_CAP_CFG_AUTH, "auth-user");
}

static void
validate_items (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  for (gsize i = 0; i < G_N_ELEMENTS (numeric_items); i++)
    {
      const NumericItem *it = &numeric_items[i];

      if (!item_has (c, it))
        continue;
      if (!item_applies (c, it))
        warn_ignored (v, it->field, it->item);
      else if (fd_config_check_capability (v, model, it->cap, it->field))
        it->check (v, it, item_value (c, it), model);
    }
}

static void
validate_verify (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  if ((guint) c->verify > FD_MFW_VERIFY_SHA256)
    {
      fd_validation_add_error (v, "verify", FD_CONFIG_ERROR_INVALID,
                               _("The checksum algorithm is not one FotaDesk knows."));
      return;
    }
  if (c->verify == FD_MFW_VERIFY_AUTO || c->verify == FD_MFW_VERIFY_NONE)
    return;
  if (!fd_config_check_capability (v, model, FD_CAP_MFWCHECK, "verify"))
    return;
  if (c->source == FD_MFW_SOURCE_MODULE_FILE && !fd_config_str_is_set (c->local_path))
    fd_validation_add_error (v, "local-path", FD_CONFIG_ERROR_MISSING,
                             _("Checking a file on the module needs a local copy to compare "
                               "with: choose the local file."));
}

static void
validate_steps (FdValidation *v, const FdMfwConfig *c, const FdModel *model)
{
  fd_config_check_range (v, "resume-grace-ms", "resume-grace-ms", c->resume_grace_ms, 0,
                         FD_MFW_RESUME_GRACE_MAX_MS, FD_UNIT_NONE);
  if (c->erase_first)
    fd_config_check_capability (v, model, FD_CAP_MFWERASE, "erase-first");
  if (c->download_only)
    {
      fd_config_check_capability (v, model, FD_CAP_MFWDLOAD, "download-only");
      return;
    }
  fd_config_check_capability (v, model, FD_CAP_MFWUPGRADE, "source");
  if (fd_model_supports (model, FD_CAP_ROLLBACK) == FD_SUPPORT_NO)
    fd_validation_add_warning (v, "model", FD_CONFIG_WARNING_NO_ROLLBACK, "%s",
                               fd_model_get_capability_reason (model, FD_CAP_ROLLBACK));
}

FdValidation *
fd_mfw_config_validate (const FdMfwConfig *config, const FdModel *model)
{
  FdValidation *v = fd_validation_new ();

  g_return_val_if_fail (config != NULL, v);
  if (model == NULL)
    model = fd_models_get_unknown ();

  /* A model of another dialect would fail every item: say it once. */
  if (!fd_config_check_dialect (v, model, FD_DIALECT_MFW))
    return v;
  validate_source (v, config, model);
  validate_auth (v, config, model);
  validate_items (v, config, model);
  validate_verify (v, config, model);
  validate_steps (v, config, model);
  return v;
}

/* ---- commands ---------------------------------------------------------- */

GStrv
fd_mfw_config_build_commands (const FdMfwConfig *config, const FdModel *model, GError **error)
{
  g_autoptr(FdValidation) v = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (config != NULL, NULL);

  v = fd_mfw_config_validate (config, model);
  if (!fd_validation_check (v, error))
    return NULL;

  if (!is_serial (config->source))
    g_ptr_array_add (lines, g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"", config->url));
  if (config->source == FD_MFW_SOURCE_SERVER && fd_config_str_is_set (config->user))
    g_ptr_array_add (lines, g_strdup_printf ("AT+MFWCFG=\"auth\",\"%s\",\"%s\"",
                                                 config->user,
                                                 config->password != NULL ? config->password : ""));
  for (gsize i = 0; i < G_N_ELEMENTS (numeric_items); i++)
    {
      const NumericItem *it = &numeric_items[i];

      if (item_has (config, it) && item_applies (config, it))
        g_ptr_array_add (lines, g_strdup_printf ("AT+MFWCFG=\"%s\",%" G_GUINT64_FORMAT,
                                                     it->item, item_value (config, it)));
    }
  return fd_config_lines_end (g_steal_pointer (&lines));
}

gboolean
fd_mfw_config_uses_combined_upgrade (const FdMfwConfig *config, const FdModel *model)
{
  g_return_val_if_fail (config != NULL, FALSE);
  if (model == NULL)
    model = fd_models_get_unknown ();
  return config->source == FD_MFW_SOURCE_SERVER &&
         fd_model_supports (model, FD_CAP_MFWDLOAD) != FD_SUPPORT_YES &&
         fd_model_supports (model, FD_CAP_UPGRADE_DOWNLOADS) == FD_SUPPORT_YES;
}

FdMfwVerify
fd_mfw_config_get_effective_verify (const FdMfwConfig *config, const FdModel *model)
{
  g_return_val_if_fail (config != NULL, FD_MFW_VERIFY_NONE);
  if (config->verify != FD_MFW_VERIFY_AUTO)
    return config->verify;
  if (model == NULL)
    model = fd_models_get_unknown ();
  /* The manual scopes AT+MFWCHECK to packages written over serial. */
  if (is_serial (config->source) && fd_model_supports (model, FD_CAP_MFWCHECK) == FD_SUPPORT_YES)
    return FD_MFW_VERIFY_SHA256;
  return FD_MFW_VERIFY_NONE;
}

char *
fd_mfw_check_command (FdMfwVerify verify)
{
  switch (verify)
    {
    case FD_MFW_VERIFY_MD5:
      return g_strdup ("AT+MFWCHECK=0");
    case FD_MFW_VERIFY_SHA1:
      return g_strdup ("AT+MFWCHECK=1");
    case FD_MFW_VERIFY_SHA256:
      return g_strdup ("AT+MFWCHECK=2");
    case FD_MFW_VERIFY_AUTO:
    case FD_MFW_VERIFY_NONE:
    default:
      return NULL;
    }
}

gboolean
fd_mfw_verify_get_checksum_type (FdMfwVerify verify, GChecksumType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);
  switch (verify)
    {
    case FD_MFW_VERIFY_MD5:
      *type = G_CHECKSUM_MD5;
      return TRUE;
    case FD_MFW_VERIFY_SHA1:
      *type = G_CHECKSUM_SHA1;
      return TRUE;
    case FD_MFW_VERIFY_SHA256:
      *type = G_CHECKSUM_SHA256;
      return TRUE;
    case FD_MFW_VERIFY_AUTO:
    case FD_MFW_VERIFY_NONE:
    default:
      return FALSE;
    }
}

char *
fd_mfw_hex_write_command (guint64 offset, const guint8 *data, gsize len, gboolean quoted)
{
  static const char digits[] = "0123456789ABCDEF";
  GString *line;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (len >= 1 && len <= MFW_HEX_MAX, NULL);

  line = g_string_sized_new (32 + 2 * len);
  g_string_printf (line, "AT+MFWDLOAD=%" G_GUINT64_FORMAT ",%" G_GSIZE_FORMAT ",%s", offset, len,
                   quoted ? "\"" : "");
  for (gsize i = 0; i < len; i++)
    {
      g_string_append_c (line, digits[data[i] >> 4]);
      g_string_append_c (line, digits[data[i] & 0x0f]);
    }
  if (quoted)
    g_string_append_c (line, '"');
  return g_string_free (line, FALSE);
}

char *
fd_mfw_passthrough_command (guint64 offset, guint64 len)
{
  return g_strdup_printf ("AT+MFWDLOAD=%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, offset, len);
}

/* ---- presets ----------------------------------------------------------- */

static const char *const source_names[] = {
  "server", "module-file", "serial-hex", "serial-passthrough", NULL,
};
static const char *const verify_names[] = {
  "auto", "none", "md5", "sha1", "sha256", NULL,
};

static void
set_string (GKeyFile *kf, const char *group, const char *key, const char *value)
{
  if (fd_config_str_is_set (value))
    g_key_file_set_string (kf, group, key, value);
}

void
fd_mfw_config_save (const FdMfwConfig *config,
                    GKeyFile          *keyfile,
                    const char        *group,
                    gboolean           with_secrets)
{
  g_return_if_fail (config != NULL && keyfile != NULL && group != NULL);
  g_return_if_fail ((guint) config->source < G_N_ELEMENTS (source_names) - 1);
  g_return_if_fail ((guint) config->verify < G_N_ELEMENTS (verify_names) - 1);

  g_key_file_remove_group (keyfile, group, NULL);
  g_key_file_set_string (keyfile, group, "source", source_names[config->source]);
  set_string (keyfile, group, "url", config->url);
  set_string (keyfile, group, "local-path", config->local_path);
  set_string (keyfile, group, "user", config->user);
  if (with_secrets)
    set_string (keyfile, group, "password", config->password);
  for (gsize i = 0; i < G_N_ELEMENTS (numeric_items); i++)
    fd_config_keyfile_set_u64 (keyfile, group, numeric_items[i].field,
                               item_has (config, &numeric_items[i]),
                               item_value (config, &numeric_items[i]));
  g_key_file_set_string (keyfile, group, "verify", verify_names[config->verify]);
  g_key_file_set_boolean (keyfile, group, "erase-first", config->erase_first);
  g_key_file_set_boolean (keyfile, group, "download-only", config->download_only);
  fd_config_keyfile_set_u64 (keyfile, group, "resume-grace-ms", config->resume_grace_ms != 0,
                             config->resume_grace_ms);
}

static gboolean
load_strings (FdMfwConfig *c, GKeyFile *kf, const char *group, GError **error)
{
  return fd_config_keyfile_get_string (kf, group, "url", &c->url, error) &&
         fd_config_keyfile_get_string (kf, group, "local-path", &c->local_path, error) &&
         fd_config_keyfile_get_string (kf, group, "user", &c->user, error) &&
         fd_config_keyfile_get_string (kf, group, "password", &c->password, error);
}

static gboolean
load_numbers (FdMfwConfig *c, GKeyFile *kf, const char *group, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (numeric_items); i++)
    {
      const NumericItem *it = &numeric_items[i];

      if (!fd_config_keyfile_get_u64 (kf, group, it->field,
                                      &G_STRUCT_MEMBER (gboolean, c, it->has_offset),
                                      &G_STRUCT_MEMBER (guint64, c, it->value_offset), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fd_mfw_config_load (FdMfwConfig *config, GKeyFile *keyfile, const char *group, GError **error)
{
  g_auto(FdMfwConfig) c = { 0 };
  int source = FD_MFW_SOURCE_SERVER;
  int verify = FD_MFW_VERIFY_AUTO;
  gboolean has_grace = FALSE;
  guint64 grace = 0;

  g_return_val_if_fail (config != NULL && keyfile != NULL && group != NULL, FALSE);

  fd_mfw_config_init (&c);
  if (!fd_config_keyfile_get_enum (keyfile, group, "source", source_names, &source, error) ||
      !load_strings (&c, keyfile, group, error) || !load_numbers (&c, keyfile, group, error) ||
      !fd_config_keyfile_get_enum (keyfile, group, "verify", verify_names, &verify, error) ||
      !fd_config_keyfile_get_bool (keyfile, group, "erase-first", NULL, &c.erase_first, error) ||
      !fd_config_keyfile_get_bool (keyfile, group, "download-only", NULL, &c.download_only,
                                   error))
    return FALSE;
  if (!fd_config_keyfile_get_u64 (keyfile, group, "resume-grace-ms", &has_grace, &grace, error))
    return FALSE;
  c.source = source;
  c.verify = verify;
  /* Out of range is the validation's to name, like the other numbers. */
  c.resume_grace_ms = has_grace ? (guint) MIN (grace, G_MAXUINT) : 0;

  fd_mfw_config_clear (config);
  *config = c;
  fd_mfw_config_init (&c); /* ownership moved: nothing left to clear */
  return TRUE;
}
