/* fd-models.c — lookup in the model table and the user's overrides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fd-at-parser.h"
#include "fd-models-private.h"
#include "fd-validation.h"

/* ---- dialects ---------------------------------------------------------- */

const char *
fd_dialect_to_string (FdDialect dialect)
{
  switch (dialect)
    {
    case FD_DIALECT_RSFOTA:
      return "rsfota";
    case FD_DIALECT_MFW:
      return "mfw";
    case FD_DIALECT_LUAT:
      return "luat";
    case FD_DIALECT_NONE:
    default:
      return NULL;
    }
}

gboolean
fd_dialect_from_string (const char *name, FdDialect *dialect)
{
  static const FdDialect all[] = { FD_DIALECT_RSFOTA, FD_DIALECT_MFW, FD_DIALECT_LUAT };

  g_return_val_if_fail (dialect != NULL, FALSE);
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (all); i++)
    {
      if (g_ascii_strcasecmp (name, fd_dialect_to_string (all[i])) == 0)
        {
          *dialect = all[i];
          return TRUE;
        }
    }
  return FALSE;
}

const char *
fd_dialect_get_label (FdDialect dialect)
{
  switch (dialect)
    {
    case FD_DIALECT_RSFOTA:
      /* Translators: the FOTA dialects, shown as a tooltip and in titles
       * such as "Presets for %s"; keep the AT commands */
      return _("M5311 OneNET FOTA (AT+RSFOTA)");
    case FD_DIALECT_MFW:
      return _("OneMO firmware upgrade (AT+MFW)");
    case FD_DIALECT_LUAT:
      return _("Luat FOTA (AT+UPGRADE)");
    case FD_DIALECT_NONE:
    default:
      return NULL;
    }
}

/* ---- capabilities ------------------------------------------------------ */

static const struct {
  const char *name;
  const char *label;
} cap_names[FD_CAP_LAST] = {
  /* Translators: what a model can or cannot do, used as the first %s of
   * "%s: not supported by %s." and in the form's tooltips; keep the item
   * names in parentheses and the AT commands */
  [FD_CAP_CFG_URL] = { "cfg-url", N_("server URL (url)") },
  [FD_CAP_CFG_AUTH] = { "cfg-auth", N_("server login (auth)") },
  [FD_CAP_CFG_TIMEOUT] = { "cfg-timeout", N_("server timeout (timeout)") },
  [FD_CAP_CFG_MODE] = { "cfg-mode", N_("diff or full package (mode)") },
  [FD_CAP_CFG_PROGIND] = { "cfg-progind", N_("progress interval (progind)") },
  [FD_CAP_CFG_SSL] = { "cfg-ssl", N_("SSL profile (ssl)") },
  [FD_CAP_CFG_PKGSIZE] = { "cfg-pkgsize", N_("HTTP request size (pkgsize)") },
  [FD_CAP_PKGSIZE_ABOVE_512] = { "pkgsize-above-512", N_("pkgsize above 512") },
  [FD_CAP_SCHEME_HTTP] = { "scheme-http", N_("http:// downloads") },
  [FD_CAP_SCHEME_HTTPS] = { "scheme-https", N_("https:// downloads") },
  [FD_CAP_SCHEME_FTP] = { "scheme-ftp", N_("ftp:// downloads") },
  [FD_CAP_SCHEME_FTPS] = { "scheme-ftps", N_("ftps:// downloads") },
  [FD_CAP_SCHEME_FILE] = { "scheme-file", N_("upgrade from a file on the module (file://)") },
  [FD_CAP_WRITE_HEX] = { "write-hex", N_("writing the package over serial in hex") },
  [FD_CAP_WRITE_PASSTHROUGH] = { "write-passthrough",
                                 N_("writing the package over serial in passthrough") },
  [FD_CAP_MFWDLOAD] = { "mfwdload", N_("a separate download step (AT+MFWDLOAD)") },
  [FD_CAP_MFWCHECK] = { "mfwcheck", N_("package checksum (AT+MFWCHECK)") },
  [FD_CAP_MFWERASE] = { "mfwerase", N_("erasing the stored package (AT+MFWERASE)") },
  [FD_CAP_MFWUPGRADE] = { "mfwupgrade", N_("upgrading (AT+MFWUPGRADE)") },
  [FD_CAP_UPGRADE_DOWNLOADS] = { "upgrade-downloads", N_("download inside AT+MFWUPGRADE") },
  [FD_CAP_ROLLBACK] = { "rollback", N_("rollback after a failed upgrade") },
};

const char *
fd_capability_to_string (FdCapability cap)
{
  g_return_val_if_fail (cap < FD_CAP_LAST, NULL);
  return cap_names[cap].name;
}

const char *
fd_capability_get_label (FdCapability cap)
{
  g_return_val_if_fail (cap < FD_CAP_LAST, NULL);
  return _(cap_names[cap].label);
}

/* ---- lookup ------------------------------------------------------------ */

const FdModel *
fd_models_get_unknown (void)
{
  return &fd_models_table[fd_models_table_len - 1];
}

guint
fd_models_get_n (void)
{
  return fd_models_table_len;
}

const FdModel *
fd_models_get_nth (guint index)
{
  g_return_val_if_fail (index < fd_models_table_len, NULL);
  return &fd_models_table[index];
}

const FdModel *
fd_models_get_by_id (const char *id)
{
  for (guint i = 0; id != NULL && i < fd_models_table_len; i++)
    {
      if (g_strcmp0 (fd_models_table[i].id, id) == 0)
        return &fd_models_table[i];
    }
  return NULL;
}

/* "  \"ML307A-DSLN\"\r" -> "ML307A-DSLN" */
static char *
normalize_model_string (const char *model_string)
{
  g_autofree char *text = g_strstrip (g_strdup (model_string));
  gsize len = strlen (text);

  if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
    {
      text[len - 1] = '\0';
      return g_strstrip (g_strdup (text + 1));
    }
  return g_steal_pointer (&text);
}

const FdModel *
fd_models_lookup (const char *model_string)
{
  g_autofree char *text = NULL;
  const FdModel *best = NULL;
  gsize best_len = 0;

  if (model_string == NULL)
    return fd_models_get_unknown ();

  text = normalize_model_string (model_string);
  for (guint i = 0; i < fd_models_table_len; i++)
    {
      for (const char *const *p = fd_models_table[i].prefixes; *p != NULL; p++)
        {
          gsize len = strlen (*p);

          if (len > best_len && g_ascii_strncasecmp (text, *p, len) == 0)
            {
              best = &fd_models_table[i];
              best_len = len;
            }
        }
    }
  return best != NULL ? best : fd_models_get_unknown ();
}

const FdModel *
fd_models_confirm_sub_model (const FdModel *detected, const char *sub_model, GError **error)
{
  const FdModel *row;

  g_return_val_if_fail (detected != NULL, NULL);

  row = fd_models_lookup (sub_model);
  if (row == detected)
    return row;
  if (!row->is_unknown &&
      (detected->is_unknown || g_strcmp0 (row->parent_id, detected->id) == 0))
    return row;

  g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
               /* Translators: the sub-model given (ML307A-DSLN), then the model
                * the module reported */
               _("“%s” is not a sub-model of %s."),
               sub_model != NULL ? sub_model : "", fd_model_get_name (detected));
  return NULL;
}

/* ---- rows -------------------------------------------------------------- */

const char *
fd_model_get_id (const FdModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->id;
}

const char *
fd_model_get_name (const FdModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  /* Only the unknown row's name is a sentence; model names have no
   * translation and come back as they are. */
  return model->is_unknown ? _(model->name) : model->name;
}

gboolean
fd_model_is_unknown (const FdModel *model)
{
  g_return_val_if_fail (model != NULL, TRUE);
  return model->is_unknown;
}

FdDialect
fd_model_get_dialects (const FdModel *model)
{
  g_return_val_if_fail (model != NULL, FD_DIALECT_NONE);
  return model->dialects;
}

const FdCapabilityInfo *
fd_model_get_capability (const FdModel *model, FdCapability cap)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (cap < FD_CAP_LAST, NULL);
  return &model->caps[cap];
}

FdSupport
fd_model_supports (const FdModel *model, FdCapability cap)
{
  g_return_val_if_fail (model != NULL, FD_SUPPORT_NO);
  g_return_val_if_fail (cap < FD_CAP_LAST, FD_SUPPORT_NO);
  return model->caps[cap].support;
}

const char *
fd_model_get_capability_reason (const FdModel *model, FdCapability cap)
{
  const FdCapabilityInfo *info = fd_model_get_capability (model, cap);

  return info != NULL && info->reason != NULL ? _(info->reason) : NULL;
}

gboolean
fd_model_get_canary_default (const FdModel *model)
{
  g_return_val_if_fail (model != NULL, TRUE);
  return model->canary_default;
}

const char *
fd_model_get_package_hint (const FdModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->package_hint;
}

/* ---- user overrides ---------------------------------------------------- */

typedef struct {
  char *reboot_command; /* NULL = none */
  int   hex_quoted;     /* -1 = the table's default */
} Override;

static GMutex overrides_lock;
static GHashTable *overrides; /* model id (static) -> Override */

static void
override_free (gpointer data)
{
  Override *o = data;

  g_free (o->reboot_command);
  g_free (o);
}

/* Called with the lock held. */
static Override *
override_get (const char *id, gboolean create)
{
  Override *o;

  if (overrides == NULL)
    {
      if (!create)
        return NULL;
      overrides = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, override_free);
    }
  o = g_hash_table_lookup (overrides, id);
  if (o == NULL && create)
    {
      o = g_new0 (Override, 1);
      o->hex_quoted = -1;
      g_hash_table_insert (overrides, (gpointer) id, o);
    }
  return o;
}

gboolean
fd_model_get_hex_quoted (const FdModel *model)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&overrides_lock);
  Override *o;

  g_return_val_if_fail (model != NULL, TRUE);
  o = override_get (model->id, FALSE);
  return o != NULL && o->hex_quoted >= 0 ? o->hex_quoted : model->hex_quoted;
}

char *
fd_model_dup_reboot_command (const FdModel *model)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&overrides_lock);
  Override *o;

  g_return_val_if_fail (model != NULL, NULL);
  o = override_get (model->id, FALSE);
  return o != NULL ? g_strdup (o->reboot_command) : NULL;
}

static const FdModel *
model_for_override (const char *model_id, GError **error)
{
  const FdModel *model = fd_models_get_by_id (model_id);

  if (model == NULL)
    g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                 _("There is no model “%s” in the model table."),
                 model_id != NULL ? model_id : "");
  return model;
}

static gboolean
check_reboot_command (const char *command, GError **error)
{
  /* A whole command, so quotes are allowed; line breaks and other
   * control bytes would smuggle in a second command. */
  for (const guchar *p = (const guchar *) command; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        {
          g_set_error_literal (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSAFE,
                               _("The reboot command contains a line break or another "
                                 "control character."));
          return FALSE;
        }
    }
  if (g_ascii_strncasecmp (command, "AT", 2) != 0)
    {
      g_set_error_literal (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                           _("The reboot command must be an AT command, such as AT+CFUN=1,1."));
      return FALSE;
    }
  return TRUE;
}

gboolean
fd_models_set_reboot_command (const char *model_id, const char *command, GError **error)
{
  const FdModel *model = model_for_override (model_id, error);
  g_autoptr(GMutexLocker) locker = NULL;
  Override *o;

  if (model == NULL)
    return FALSE;
  if (command != NULL && *command != '\0' && !check_reboot_command (command, error))
    return FALSE;

  locker = g_mutex_locker_new (&overrides_lock);
  o = override_get (model->id, TRUE);
  g_free (o->reboot_command);
  o->reboot_command = command != NULL && *command != '\0' ? g_strdup (command) : NULL;
  return TRUE;
}

gboolean
fd_models_set_hex_quoted (const char *model_id, gboolean quoted, GError **error)
{
  const FdModel *model = model_for_override (model_id, error);
  g_autoptr(GMutexLocker) locker = NULL;

  if (model == NULL)
    return FALSE;
  locker = g_mutex_locker_new (&overrides_lock);
  override_get (model->id, TRUE)->hex_quoted = quoted ? 1 : 0;
  return TRUE;
}

void
fd_models_clear_overrides (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&overrides_lock);

  g_clear_pointer (&overrides, g_hash_table_unref);
}

#define OVERRIDE_GROUP_PREFIX "Model "

typedef struct {
  const FdModel *model;
  gboolean       has_reboot;
  char          *reboot_command;
  int            hex_quoted; /* -1 = not in the group */
} PendingOverride;

static void
pending_override_free (gpointer data)
{
  PendingOverride *p = data;

  g_free (p->reboot_command);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PendingOverride, pending_override_free)

/* Reads and checks one "[Model <id>]" group without applying anything. */
static PendingOverride *
read_override (GKeyFile *keyfile, const char *group, GError **error)
{
  g_autoptr(PendingOverride) p = g_new0 (PendingOverride, 1);
  g_autoptr(GError) local_error = NULL;

  p->hex_quoted = -1;
  p->model = model_for_override (group + strlen (OVERRIDE_GROUP_PREFIX), &local_error);
  p->has_reboot = g_key_file_has_key (keyfile, group, "reboot-command", NULL);
  if (p->model != NULL && p->has_reboot)
    {
      p->reboot_command = g_key_file_get_string (keyfile, group, "reboot-command", &local_error);
      /* GLib may return a value with an error (an invalid escape): the
       * error wins */
      if (local_error == NULL && p->reboot_command != NULL && *p->reboot_command != '\0')
        check_reboot_command (p->reboot_command, &local_error);
    }
  if (local_error == NULL && g_key_file_has_key (keyfile, group, "hex-quoted", NULL))
    p->hex_quoted = g_key_file_get_boolean (keyfile, group, "hex-quoted", &local_error) ? 1 : 0;

  /* GLib's own messages quote the value, which may be any bytes */
  if (local_error != NULL && local_error->domain == G_KEY_FILE_ERROR)
    {
      g_clear_error (&local_error);
      g_set_error_literal (&local_error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                           /* Translators: follows "[Model ml30xa]: " */
                           _("a value cannot be read (not valid text, or not a boolean where "
                             "one is expected)."));
    }
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "[%s]: ", group);
      return NULL;
    }
  return g_steal_pointer (&p);
}

gboolean
fd_models_load_overrides (GKeyFile *keyfile, GError **error)
{
  g_auto(GStrv) groups = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_override_free);

  g_return_val_if_fail (keyfile != NULL, FALSE);

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      PendingOverride *p;

      if (!g_str_has_prefix (groups[i], OVERRIDE_GROUP_PREFIX))
        continue;
      p = read_override (keyfile, groups[i], error);
      if (p == NULL)
        return FALSE;
      g_ptr_array_add (pending, p);
    }

  /* Everything read and checked: apply. */
  for (guint i = 0; i < pending->len; i++)
    {
      PendingOverride *p = g_ptr_array_index (pending, i);

      if (p->has_reboot)
        fd_models_set_reboot_command (p->model->id, p->reboot_command, NULL);
      if (p->hex_quoted >= 0)
        fd_models_set_hex_quoted (p->model->id, p->hex_quoted, NULL);
    }
  return TRUE;
}
