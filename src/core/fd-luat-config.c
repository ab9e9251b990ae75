/* fd-luat-config.c — validate and build dialect C's configure phase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-config-private.h"
#include "fd-luat-config.h"

G_DEFINE_BOXED_TYPE (FdLuatConfig, fd_luat_config, fd_luat_config_copy, fd_luat_config_free)

/* ---- value type -------------------------------------------------------- */

void
fd_luat_config_init (FdLuatConfig *config)
{
  g_return_if_fail (config != NULL);
  *config = (FdLuatConfig) {
    .server = FD_LUAT_SERVER_UNCHANGED,
    .auto_upgrade = TRUE,
    .period = 86400,
    .keep_after_reboot = TRUE,
  };
}

void
fd_luat_config_clear (FdLuatConfig *config)
{
  g_return_if_fail (config != NULL);
  fd_config_free_secret (config->key);
  g_free (config->url);
  fd_luat_config_init (config);
}

FdLuatConfig *
fd_luat_config_new (void)
{
  FdLuatConfig *config = g_new (FdLuatConfig, 1);

  fd_luat_config_init (config);
  return config;
}

FdLuatConfig *
fd_luat_config_copy (const FdLuatConfig *config)
{
  FdLuatConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);
  copy = g_memdup2 (config, sizeof *config);
  copy->key = g_strdup (config->key);
  copy->url = g_strdup (config->url);
  return copy;
}

void
fd_luat_config_free (FdLuatConfig *config)
{
  if (config == NULL)
    return;
  fd_luat_config_clear (config);
  g_free (config);
}

gboolean
fd_luat_config_equal (const FdLuatConfig *a, const FdLuatConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->server == b->server && fd_config_str_equal (a->key, b->key) &&
         fd_config_str_equal (a->url, b->url) &&
         a->has_auto == b->has_auto && (!a->has_auto || !a->auto_upgrade == !b->auto_upgrade) &&
         a->has_period == b->has_period && (!a->has_period || a->period == b->period) &&
         !a->keep_after_reboot == !b->keep_after_reboot && !a->trigger == !b->trigger;
}

/* ---- validation -------------------------------------------------------- */

/* The Luat page gives no length for URL or KEY. A module reads a command
 * line into a fixed buffer; a longer line is cut or refused halfway
 * through configuring. A KEY or URL past 1 KiB is a mistake (a file picked
 * by accident), refused before a byte is sent. */
#define LUAT_STRING_MAX 1024

static void
validate_url (FdValidation *v, const FdLuatConfig *c)
{
  g_autofree char *scheme = NULL;

  if (!fd_config_check_string (v, "url", "URL", c->url, LUAT_STRING_MAX, TRUE))
    return;
  scheme = fd_config_url_scheme (c->url);
  if (scheme == NULL)
    fd_validation_add_error (v, "url", FD_CONFIG_ERROR_INVALID,
                             _("URL must start with http:// and a server."));
  else if (g_strcmp0 (scheme, "http") != 0)
    fd_validation_add_error (v, "url", FD_CONFIG_ERROR_UNSUPPORTED,
                             _("Luat modules download over plain HTTP only: URL must start with "
                               "http://."));
}

static void
validate_server (FdValidation *v, const FdLuatConfig *c)
{
  switch (c->server)
    {
    case FD_LUAT_SERVER_UNCHANGED:
      break;
    case FD_LUAT_SERVER_KEY:
      fd_config_check_string (v, "key", "KEY", c->key, LUAT_STRING_MAX, TRUE);
      break;
    case FD_LUAT_SERVER_URL:
      validate_url (v, c);
      break;
    default:
      fd_validation_add_error (v, "server", FD_CONFIG_ERROR_INVALID,
                               _("The upgrade server choice is not one FotaDesk knows."));
      break;
    }
}

static gboolean
writes_anything (const FdLuatConfig *c)
{
  return c->server != FD_LUAT_SERVER_UNCHANGED || c->has_auto || c->has_period;
}

static void
validate_effects (FdValidation *v, const FdLuatConfig *c)
{
  gboolean auto_off = c->has_auto && !c->auto_upgrade;

  if (!writes_anything (c) && !c->trigger)
    fd_validation_add_warning (v, "trigger", FD_CONFIG_WARNING_NO_EFFECT,
                               _("Nothing is set and no upgrade is triggered: this job would "
                                 "not change the module."));
  if (auto_off && c->has_period)
    fd_validation_add_warning (v, "period", FD_CONFIG_WARNING_NO_EFFECT,
                               _("PERIOD has no effect while AUTO is off."));
  if (auto_off && !c->trigger)
    fd_validation_add_warning (v, "auto", FD_CONFIG_WARNING_NO_EFFECT,
                               _("With AUTO off the module stops asking the server for upgrades "
                                 "until AUTO is turned on or an upgrade is triggered."));
  if (writes_anything (c) && !c->keep_after_reboot)
    fd_validation_add_warning (v, "keep-after-reboot", FD_CONFIG_WARNING_MAY_FAIL,
                               _("Settings not kept after a reboot are forgotten when the module "
                                 "restarts, and an upgrade restarts it twice."));
}

FdValidation *
fd_luat_config_validate (const FdLuatConfig *config, const FdModel *model)
{
  FdValidation *v = fd_validation_new ();

  g_return_val_if_fail (config != NULL, v);
  if (model == NULL)
    model = fd_models_get_unknown ();

  if (!fd_config_check_dialect (v, model, FD_DIALECT_LUAT))
    return v;
  validate_server (v, config);
  if (config->has_period)
    fd_config_check_range (v, "period", "PERIOD", config->period, 60, FD_CONFIG_U32_MAX,
                           FD_UNIT_SECONDS);
  validate_effects (v, config);
  return v;
}

/* ---- commands ---------------------------------------------------------- */

GStrv
fd_luat_config_build_commands (const FdLuatConfig *config, const FdModel *model, GError **error)
{
  g_autoptr(FdValidation) v = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  int nv;

  g_return_val_if_fail (config != NULL, NULL);

  v = fd_luat_config_validate (config, model);
  if (!fd_validation_check (v, error))
    return NULL;

  /* savetoNV is inverted: 0 saves, 1 does not. */
  nv = config->keep_after_reboot ? 0 : 1;
  if (config->server == FD_LUAT_SERVER_KEY)
    g_ptr_array_add (lines, g_strdup_printf ("AT+UPGRADE=\"KEY\",\"%s\",%d", config->key, nv));
  else if (config->server == FD_LUAT_SERVER_URL)
    g_ptr_array_add (lines, g_strdup_printf ("AT+UPGRADE=\"URL\",\"%s\",%d", config->url, nv));
  /* PERIOD before AUTO, so a module switched on checks on the new period. */
  if (config->has_period)
    g_ptr_array_add (lines, g_strdup_printf ("AT+UPGRADE=\"PERIOD\",%" G_GUINT64_FORMAT ",%d",
                                                 config->period, nv));
  if (config->has_auto)
    g_ptr_array_add (lines, g_strdup_printf ("AT+UPGRADE=\"AUTO\",%d,%d",
                                                 config->auto_upgrade ? 1 : 0, nv));
  return fd_config_lines_end (g_steal_pointer (&lines));
}

char *
fd_luat_config_get_trigger_command (const FdLuatConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  return config->trigger ? g_strdup ("AT+UPGRADE") : NULL;
}

/* ---- presets ----------------------------------------------------------- */

static const char *const server_names[] = { "unchanged", "key", "url", NULL };

void
fd_luat_config_save (const FdLuatConfig *config,
                     GKeyFile           *keyfile,
                     const char         *group,
                     gboolean            with_secrets)
{
  g_return_if_fail (config != NULL && keyfile != NULL && group != NULL);
  g_return_if_fail ((guint) config->server < G_N_ELEMENTS (server_names) - 1);

  g_key_file_remove_group (keyfile, group, NULL);
  g_key_file_set_string (keyfile, group, "server", server_names[config->server]);
  if (with_secrets && fd_config_str_is_set (config->key))
    g_key_file_set_string (keyfile, group, "key", config->key);
  if (fd_config_str_is_set (config->url))
    g_key_file_set_string (keyfile, group, "url", config->url);
  if (config->has_auto)
    g_key_file_set_boolean (keyfile, group, "auto", config->auto_upgrade);
  fd_config_keyfile_set_u64 (keyfile, group, "period", config->has_period, config->period);
  g_key_file_set_boolean (keyfile, group, "keep-after-reboot", config->keep_after_reboot);
  g_key_file_set_boolean (keyfile, group, "trigger", config->trigger);
}

gboolean
fd_luat_config_load (FdLuatConfig *config, GKeyFile *keyfile, const char *group, GError **error)
{
  g_auto(FdLuatConfig) c = { 0 };
  int server = FD_LUAT_SERVER_UNCHANGED;

  g_return_val_if_fail (config != NULL && keyfile != NULL && group != NULL, FALSE);

  fd_luat_config_init (&c);
  if (!fd_config_keyfile_get_enum (keyfile, group, "server", server_names, &server, error) ||
      !fd_config_keyfile_get_string (keyfile, group, "key", &c.key, error) ||
      !fd_config_keyfile_get_string (keyfile, group, "url", &c.url, error) ||
      !fd_config_keyfile_get_bool (keyfile, group, "auto", &c.has_auto, &c.auto_upgrade, error) ||
      !fd_config_keyfile_get_u64 (keyfile, group, "period", &c.has_period, &c.period, error) ||
      !fd_config_keyfile_get_bool (keyfile, group, "keep-after-reboot", NULL,
                                   &c.keep_after_reboot, error) ||
      !fd_config_keyfile_get_bool (keyfile, group, "trigger", NULL, &c.trigger, error))
    return FALSE;
  c.server = server;

  fd_luat_config_clear (config);
  *config = c;
  fd_luat_config_init (&c); /* ownership moved: nothing left to clear */
  return TRUE;
}
