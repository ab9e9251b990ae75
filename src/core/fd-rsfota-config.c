/* fd-rsfota-config.c — validate and build dialect A's configure phase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-config-private.h"
#include "fd-rsfota-config.h"

void
fd_rsfota_config_init (FdRsfotaConfig *config)
{
  g_return_if_fail (config != NULL);
  *config = (FdRsfotaConfig) { .mode = FD_RSFOTA_RUN_TRIGGERED, .log = TRUE };
}

gboolean
fd_rsfota_config_equal (const FdRsfotaConfig *a, const FdRsfotaConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
#define SAME FD_CONFIG_SAME_OPT
  return SAME (a, b, has_mode, mode) && SAME (a, b, has_log, log) &&
         SAME (a, b, has_first_check, first_check) && SAME (a, b, has_auto_check, auto_check) &&
         SAME (a, b, has_first_rep, first_rep) && SAME (a, b, has_auto_rep, auto_rep) &&
         SAME (a, b, has_max_fail, max_fail) && a->action == b->action;
#undef SAME
}

/* first_check/auto_check go into the command only with mode 0. */
static gboolean
writes_checks (const FdRsfotaConfig *c)
{
  return c->has_mode && c->mode == FD_RSFOTA_RUN_AUTOMATIC &&
         (c->has_first_check || c->has_auto_check);
}

static gboolean
writes_rep (const FdRsfotaConfig *c)
{
  return c->has_first_rep || c->has_auto_rep || c->has_max_fail;
}

static void
warn_default (FdValidation *v, const char *field, const char *name, guint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  fd_validation_add_warning (v, field, FD_CONFIG_WARNING_DEFAULT_WRITTEN,
                             /* Translators: a parameter of the AT command (first_rep),
                              * then the value written in its place */
                             _("%s is not set, but the command needs it: the documented default, "
                               "%s, will be written."),
                             name, text);
}

static void
validate_checks (FdValidation *v, const FdRsfotaConfig *c)
{
  if (c->has_first_check)
    fd_config_check_range (v, "first-check", "first_check", c->first_check, 60,
                           FD_CONFIG_U32_MAX, FD_UNIT_SECONDS);
  if (c->has_auto_check)
    fd_config_check_range (v, "auto-check", "auto_check", c->auto_check, 600,
                           FD_CONFIG_U32_MAX, FD_UNIT_SECONDS);
  if (!c->has_first_check && !c->has_auto_check)
    return;

  if (!c->has_mode)
    {
      fd_validation_add_error (v, c->has_first_check ? "first-check" : "auto-check",
                               FD_CONFIG_ERROR_MISSING,
                               _("first_check and auto_check are written with mode 0 only: "
                                 "set mode to 0 (automatic)."));
      return;
    }
  if (c->mode != FD_RSFOTA_RUN_AUTOMATIC)
    {
      fd_validation_add_warning (v, c->has_first_check ? "first-check" : "auto-check",
                                 FD_CONFIG_WARNING_IGNORED,
                                 _("first_check and auto_check apply in mode 0 (automatic) only: "
                                   "they are not sent."));
      return;
    }
  if (!c->has_log)
    warn_default (v, "log", "log", FD_RSFOTA_DEFAULT_LOG);
  if (!c->has_first_check)
    warn_default (v, "first-check", "first_check", FD_RSFOTA_DEFAULT_FIRST_CHECK);
  if (!c->has_auto_check)
    warn_default (v, "auto-check", "auto_check", FD_RSFOTA_DEFAULT_AUTO_CHECK);
}

static void
validate_mode (FdValidation *v, const FdRsfotaConfig *c)
{
  if (c->has_mode)
    fd_config_check_range (v, "mode", "mode", (guint) c->mode, 0, 2, FD_UNIT_NONE);
  if (c->has_log && !c->has_mode)
    fd_validation_add_error (v, "log", FD_CONFIG_ERROR_MISSING,
                             _("log is written together with mode: set mode too."));
  if (c->has_log && !c->log)
    fd_validation_add_warning (v, "log", FD_CONFIG_WARNING_HIDES_PROGRESS,
                               _("With log=0 the module stops reporting +RSFOTA progress, so "
                                 "FotaDesk cannot follow the upgrade and can only wait for it "
                                 "to end."));
  validate_checks (v, c);
}

static void
validate_rep (FdValidation *v, const FdRsfotaConfig *c)
{
  if (c->has_first_rep)
    fd_config_check_range (v, "first-rep", "first_rep", c->first_rep, 10, FD_CONFIG_U32_MAX,
                           FD_UNIT_SECONDS);
  if (c->has_auto_rep)
    fd_config_check_range (v, "auto-rep", "auto_rep", c->auto_rep, 120, FD_CONFIG_U32_MAX,
                           FD_UNIT_SECONDS);
  if (c->has_max_fail)
    fd_config_check_range (v, "max-fail", "max_fail", c->max_fail, 1, FD_CONFIG_U32_MAX,
                           FD_UNIT_NONE);
  if (!writes_rep (c))
    return;
  if (!c->has_first_rep)
    warn_default (v, "first-rep", "first_rep", FD_RSFOTA_DEFAULT_FIRST_REP);
  if (!c->has_auto_rep)
    warn_default (v, "auto-rep", "auto_rep", FD_RSFOTA_DEFAULT_AUTO_REP);
  if (!c->has_max_fail)
    warn_default (v, "max-fail", "max_fail", FD_RSFOTA_DEFAULT_MAX_FAIL);
}

/* The report should start about 20 s before the first check [000 §1.2]. */
static void
validate_timing (FdValidation *v, const FdRsfotaConfig *c)
{
  gint64 first_check;
  gint64 first_rep;

  if (!writes_checks (c) || !writes_rep (c))
    return;
  first_check = c->has_first_check ? (gint64) MIN (c->first_check, FD_CONFIG_U32_MAX)
                                   : FD_RSFOTA_DEFAULT_FIRST_CHECK;
  first_rep = c->has_first_rep ? (gint64) MIN (c->first_rep, FD_CONFIG_U32_MAX)
                               : FD_RSFOTA_DEFAULT_FIRST_REP;
  if (first_check - first_rep < 20)
    fd_validation_add_warning (v, "first-rep", FD_CONFIG_WARNING_TIMING,
                               _("first_rep should be about 20 seconds less than first_check, "
                                 "so that the result report runs before the first check."));
}

static void
validate_reboot (FdValidation *v, const FdRsfotaConfig *c)
{
  const char *field = c->has_mode        ? "mode"
                      : c->has_first_rep ? "first-rep"
                      : c->has_auto_rep  ? "auto-rep"
                                         : "max-fail";

  if (!c->has_mode && !writes_rep (c))
    return;
  fd_validation_add_warning (v, field, FD_CONFIG_WARNING_REBOOT_NEEDED,
                             _("The module stores these settings in flash and uses them only "
                               "after it restarts: reboot or power-cycle it before relying on "
                               "them."));
}

/* Action against mode, shared by the form check and the flow's check. */
static gboolean
action_fits_mode (FdRsfotaAction action, FdRsfotaRunMode mode, char **message)
{
  gboolean split = mode == FD_RSFOTA_RUN_TRIGGERED_SPLIT;

  if (action == FD_RSFOTA_ACTION_NONE)
    return TRUE;
  if (action == FD_RSFOTA_ACTION_CHECK_UPGRADE && split)
    *message = g_strdup (_("Action 1 (check, download and upgrade) is valid in mode 0 or 1; "
                           "in mode 2 use action 2 (download), then action 3 (upgrade)."));
  else if (action != FD_RSFOTA_ACTION_CHECK_UPGRADE && !split)
    *message = g_strdup_printf (_("Action %d is valid in mode 2 only; in mode %d use action 1."),
                                (int) action, (int) mode);
  else
    return TRUE;
  return FALSE;
}

static void
validate_action (FdValidation *v, const FdRsfotaConfig *c)
{
  g_autofree char *message = NULL;

  if (!fd_config_check_range (v, "action", "action", (guint) c->action, 0, 3, FD_UNIT_NONE))
    return;
  if (c->action == FD_RSFOTA_ACTION_NONE || !c->has_mode || (guint) c->mode > 2)
    return;
  if (!action_fits_mode (c->action, c->mode, &message))
    fd_validation_add_error (v, "action", FD_CONFIG_ERROR_CONFLICT, "%s", message);
  else if (c->mode == FD_RSFOTA_RUN_AUTOMATIC)
    fd_validation_add_warning (v, "action", FD_CONFIG_WARNING_MAY_FAIL,
                               _("In mode 0 (automatic) the module may refuse a manual trigger; "
                                 "waiting for its automatic check is the safe choice."));
}

FdValidation *
fd_rsfota_config_validate (const FdRsfotaConfig *config, const FdModel *model)
{
  FdValidation *v = fd_validation_new ();

  g_return_val_if_fail (config != NULL, v);
  if (model == NULL)
    model = fd_models_get_unknown ();

  fd_config_check_dialect (v, model, FD_DIALECT_RSFOTA);
  validate_mode (v, config);
  validate_rep (v, config);
  validate_action (v, config);
  validate_timing (v, config);
  validate_reboot (v, config);
  return v;
}

static char *
mode_command (const FdRsfotaConfig *c)
{
  GString *line = g_string_new (NULL);
  gboolean checks = writes_checks (c);

  g_string_printf (line, "AT+RSFOTAMODE=%d", (int) c->mode);
  /* Nested optionals: log must be there before the checks can follow. */
  if (c->has_log || checks)
    g_string_append_printf (line, ",%d", c->has_log ? (c->log ? 1 : 0) : FD_RSFOTA_DEFAULT_LOG);
  if (checks)
    g_string_append_printf (line, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                            c->has_first_check ? c->first_check : FD_RSFOTA_DEFAULT_FIRST_CHECK,
                            c->has_auto_check ? c->auto_check : FD_RSFOTA_DEFAULT_AUTO_CHECK);
  return g_string_free (line, FALSE);
}

GStrv
fd_rsfota_config_build_commands (const FdRsfotaConfig *config,
                                 const FdModel        *model,
                                 GError              **error)
{
  g_autoptr(FdValidation) v = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (config != NULL, NULL);

  v = fd_rsfota_config_validate (config, model);
  if (!fd_validation_check (v, error))
    return NULL;

  if (config->has_mode)
    g_ptr_array_add (lines, mode_command (config));
  if (writes_rep (config))
    g_ptr_array_add (lines, g_strdup_printf (
        "AT+RSREPMODE=%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
        config->has_first_rep ? config->first_rep : FD_RSFOTA_DEFAULT_FIRST_REP,
        config->has_auto_rep ? config->auto_rep : FD_RSFOTA_DEFAULT_AUTO_REP,
        config->has_max_fail ? config->max_fail : FD_RSFOTA_DEFAULT_MAX_FAIL));
  return fd_config_lines_end (g_steal_pointer (&lines));
}

char *
fd_rsfota_action_command (FdRsfotaAction action)
{
  g_return_val_if_fail ((guint) action <= FD_RSFOTA_ACTION_UPGRADE, NULL);
  if (action == FD_RSFOTA_ACTION_NONE)
    return NULL;
  return g_strdup_printf ("AT+RSFOTA=%d", (int) action);
}

gboolean
fd_rsfota_action_check (FdRsfotaAction action, FdRsfotaRunMode mode, GError **error)
{
  g_autofree char *message = NULL;

  if ((guint) action > FD_RSFOTA_ACTION_UPGRADE || (guint) mode > FD_RSFOTA_RUN_TRIGGERED_SPLIT)
    {
      g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_OUT_OF_RANGE,
                   _("Action %d or mode %d is not one the manual defines."), (int) action,
                   (int) mode);
      return FALSE;
    }
  if (!action_fits_mode (action, mode, &message))
    {
      g_set_error_literal (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_CONFLICT, message);
      return FALSE;
    }
  return TRUE;
}

/* ---- presets ----------------------------------------------------------- */

void
fd_rsfota_config_save (const FdRsfotaConfig *config, GKeyFile *keyfile, const char *group)
{
  g_return_if_fail (config != NULL && keyfile != NULL && group != NULL);

  g_key_file_remove_group (keyfile, group, NULL);
  fd_config_keyfile_set_u64 (keyfile, group, "mode", config->has_mode, (guint) config->mode);
  if (config->has_log)
    g_key_file_set_boolean (keyfile, group, "log", config->log);
  fd_config_keyfile_set_u64 (keyfile, group, "first-check", config->has_first_check,
                             config->first_check);
  fd_config_keyfile_set_u64 (keyfile, group, "auto-check", config->has_auto_check,
                             config->auto_check);
  fd_config_keyfile_set_u64 (keyfile, group, "first-rep", config->has_first_rep,
                             config->first_rep);
  fd_config_keyfile_set_u64 (keyfile, group, "auto-rep", config->has_auto_rep, config->auto_rep);
  fd_config_keyfile_set_u64 (keyfile, group, "max-fail", config->has_max_fail, config->max_fail);
  fd_config_keyfile_set_u64 (keyfile, group, "action", TRUE, (guint) config->action);
}

/* Small enums travel as numbers (the AT values); out-of-range ones are
 * kept for the validation to name, as long as they fit an int. */
static gboolean
load_small (GKeyFile *kf, const char *group, const char *key, gboolean *has, int *value,
            GError **error)
{
  gboolean present;
  guint64 v;

  if (!fd_config_keyfile_get_u64 (kf, group, key, &present, &v, error))
    return FALSE;
  if (present && v > G_MAXINT32)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, v);

      g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                   /* Translators: a preset file's group and key, then the value */
                   _("[%s] %s: %s is far out of range."), group, key, text);
      return FALSE;
    }
  if (present)
    *value = (int) v;
  if (has != NULL)
    *has = present;
  return TRUE;
}

gboolean
fd_rsfota_config_load (FdRsfotaConfig *config, GKeyFile *keyfile, const char *group,
                       GError **error)
{
  FdRsfotaConfig c;
  int mode = FD_RSFOTA_RUN_TRIGGERED;
  int action = FD_RSFOTA_ACTION_NONE;

  g_return_val_if_fail (config != NULL && keyfile != NULL && group != NULL, FALSE);

  fd_rsfota_config_init (&c);
  if (!load_small (keyfile, group, "mode", &c.has_mode, &mode, error) ||
      !fd_config_keyfile_get_bool (keyfile, group, "log", &c.has_log, &c.log, error) ||
      !fd_config_keyfile_get_u64 (keyfile, group, "first-check", &c.has_first_check,
                                  &c.first_check, error) ||
      !fd_config_keyfile_get_u64 (keyfile, group, "auto-check", &c.has_auto_check,
                                  &c.auto_check, error) ||
      !fd_config_keyfile_get_u64 (keyfile, group, "first-rep", &c.has_first_rep, &c.first_rep,
                                  error) ||
      !fd_config_keyfile_get_u64 (keyfile, group, "auto-rep", &c.has_auto_rep, &c.auto_rep,
                                  error) ||
      !fd_config_keyfile_get_u64 (keyfile, group, "max-fail", &c.has_max_fail, &c.max_fail,
                                  error) ||
      !load_small (keyfile, group, "action", NULL, &action, error))
    return FALSE;
  c.mode = (FdRsfotaRunMode) mode;
  c.action = (FdRsfotaAction) action;
  *config = c;
  return TRUE;
}
