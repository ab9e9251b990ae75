/* fd-cli-upgrade-options.c — `fotadesk-cli upgrade` options into a
 * dialect configuration
 *
 * Numbers are taken as text and parsed here, so a bad value gets a
 * sentence naming the option instead of GOption's generic one. Secrets
 * never come from argv: a password from a file or $FOTADESK_PASSWORD, a
 * Luat KEY from a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-cli-upgrade.h"

FdCliUpgradeOptions fd_cli_upgrade_options;
#define O fd_cli_upgrade_options

/* A key or password file is one line; 64 KiB is far more than enough. */
#define SECRET_FILE_MAX (64 * 1024)

/* The placeholders (PORT, N, S …) are translatable; the lists of values
 * ("0|1", "hex|passthrough") are what one types, so they are not. */
GOptionEntry fd_cli_upgrade_entries[] = {
  /* targets and batch */
  { "port", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &O.ports, N_("Upgrade the module on PORT (repeatable)"), N_("PORT") },
  { "imei", 0, 0, G_OPTION_ARG_STRING_ARRAY, &O.imeis, N_("Upgrade the module with this IMEI (repeatable)"), N_("IMEI") },
  { "all", 0, 0, G_OPTION_ARG_NONE, &O.all, N_("Upgrade every module that speaks the dialect"), NULL },
  /* Translators: N is the placeholder for a number, as in --concurrency=N. */
  { "concurrency", 0, 0, G_OPTION_ARG_STRING, &O.concurrency, N_("Modules upgraded at once (default 8)"), N_("N") },
  { "canary", 0, 0, G_OPTION_ARG_NONE, &O.canary, N_("Upgrade one module first; the rest only if it succeeds"), NULL },
  { "no-canary", 0, 0, G_OPTION_ARG_NONE, &O.no_canary, N_("Start all modules at once, even where a failure cannot be rolled back"), NULL },
  { "stop-on-failure", 0, 0, G_OPTION_ARG_NONE, &O.stop_on_failure, N_("Stop the batch at the first failure"), NULL },
  { "reattach-timeout", 0, 0, G_OPTION_ARG_STRING, &O.reattach_timeout, N_("Seconds to wait for a module to come back after a reboot (default 600)"), N_("SECONDS") },
  { "timeout", 0, 0, G_OPTION_ARG_STRING, &O.timeout, N_("Bound on one module's whole job (default: none; each phase is bounded anyway)"), N_("SECONDS") },
  { "confirm-model", 0, 0, G_OPTION_ARG_STRING, &O.confirm_model, N_("The exact sub-model (e.g. ML307A-DSLN) when the module does not report it"), N_("MODEL") },
  /* rsfota */
  { "mode", 0, 0, G_OPTION_ARG_STRING, &O.mode, N_("rsfota: 0 automatic, 1 triggered, 2 download and upgrade separately"), "0|1|2" },
  { "log", 0, 0, G_OPTION_ARG_STRING, &O.log, N_("rsfota: FOTA URC reports off or on"), "0|1" },
  /* Translators: S is the placeholder for a number of seconds, as in
   * --first-check=S; the help lines of these options say so. */
  { "first-check", 0, 0, G_OPTION_ARG_STRING, &O.first_check, N_("rsfota: seconds after boot of the first automatic check (mode 0, ≥ 60)"), N_("S") },
  { "auto-check", 0, 0, G_OPTION_ARG_STRING, &O.auto_check, N_("rsfota: seconds between automatic checks (mode 0, ≥ 600)"), N_("S") },
  { "first-rep", 0, 0, G_OPTION_ARG_STRING, &O.first_rep, N_("rsfota: seconds after boot before the result report (≥ 10)"), N_("S") },
  { "auto-rep", 0, 0, G_OPTION_ARG_STRING, &O.auto_rep, N_("rsfota: seconds between report retries (≥ 120)"), N_("S") },
  { "max-fail", 0, 0, G_OPTION_ARG_STRING, &O.max_fail, N_("rsfota: report retries (≥ 1)"), N_("N") },
  { "action", 0, 0, G_OPTION_ARG_STRING, &O.action, N_("rsfota: 1 check+download+upgrade, 2 download only, 3 upgrade a downloaded package"), "1|2|3" },
  /* mfw */
  { "url", 0, 0, G_OPTION_ARG_STRING, &O.url, N_("mfw: package URL the module downloads (http, https, ftp, ftps, file); luat: your own HTTP server"), N_("URL") },
  { "file", 0, 0, G_OPTION_ARG_FILENAME, &O.file, N_("mfw: local package written over the serial port"), N_("PATH") },
  { "write", 0, 0, G_OPTION_ARG_STRING, &O.write, N_("mfw: how --file is written (default hex)"), "hex|passthrough" },
  { "user", 0, 0, G_OPTION_ARG_STRING, &O.user, N_("mfw: server user name"), N_("USER") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &O.password_file, N_("mfw: file holding the server password (or set FOTADESK_PASSWORD)"), N_("FILE") },
  { "server-timeout", 0, 0, G_OPTION_ARG_STRING, &O.server_timeout, N_("mfw: server connection timeout, 30…180 s"), N_("S") },
  { "package", 0, 0, G_OPTION_ARG_STRING, &O.package, N_("mfw: package type, where the module lets you choose"), "diff|full" },
  { "progind", 0, 0, G_OPTION_ARG_STRING, &O.progind, N_("mfw: progress report step in bytes (multiple of 1024; 0 = only at the end)"), N_("BYTES") },
  { "ssl-id", 0, 0, G_OPTION_ARG_STRING, &O.ssl_id, N_("mfw: SSL context 0…4"), N_("N") },
  { "pkgsize", 0, 0, G_OPTION_ARG_STRING, &O.pkgsize, N_("mfw: HTTP bytes per request, 512…3072 in steps of 512"), N_("BYTES") },
  { "verify", 0, 0, G_OPTION_ARG_STRING, &O.verify, N_("mfw: compare the module's checksum of the package (AT+MFWCHECK)"), "md5|sha1|sha256|none" },
  { "erase-first", 0, 0, G_OPTION_ARG_NONE, &O.erase_first, N_("mfw: erase any stored package first (AT+MFWERASE)"), NULL },
  { "download-only", 0, 0, G_OPTION_ARG_NONE, &O.download_only, N_("mfw: put the package on the module, do not upgrade"), NULL },
  /* luat */
  { "key", 0, 0, G_OPTION_ARG_FILENAME, &O.key_file, N_("luat: file holding the platform ProductKey"), N_("KEY-FILE") },
  { "auto", 0, 0, G_OPTION_ARG_STRING, &O.auto_upgrade, N_("luat: periodic checks off or on"), "0|1" },
  { "period", 0, 0, G_OPTION_ARG_STRING, &O.period, N_("luat: seconds between checks, 60…4294967295"), N_("S") },
  { "no-save", 0, 0, G_OPTION_ARG_NONE, &O.no_save, N_("luat: settings for this boot only (not saved to NV)"), NULL },
  { "no-trigger", 0, 0, G_OPTION_ARG_NONE, &O.no_trigger, N_("luat: configure only, do not start an upgrade now"), NULL },
  { NULL }
};

void
fd_cli_upgrade_options_clear (void)
{
  g_strfreev (O.ports);
  g_strfreev (O.imeis);
  g_free (O.concurrency);
  g_free (O.reattach_timeout);
  g_free (O.timeout);
  g_free (O.confirm_model);
  g_free (O.mode);
  g_free (O.log);
  g_free (O.first_check);
  g_free (O.auto_check);
  g_free (O.first_rep);
  g_free (O.auto_rep);
  g_free (O.max_fail);
  g_free (O.action);
  g_free (O.url);
  g_free (O.file);
  g_free (O.write);
  g_free (O.user);
  g_free (O.password_file);
  g_free (O.server_timeout);
  g_free (O.package);
  g_free (O.progind);
  g_free (O.ssl_id);
  g_free (O.pkgsize);
  g_free (O.verify);
  g_free (O.key_file);
  g_free (O.auto_upgrade);
  g_free (O.period);
  memset (&O, 0, sizeof O);
}

/* A whole number for @option; NULL @text leaves *@set FALSE. */
gboolean
fd_cli_parse_number (const char *option,
                     const char *text,
                     gboolean   *set,
                     guint64    *value,
                     GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (set != NULL)
    *set = FALSE;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (g_strstrip ((char *) text), 10, 0, G_MAXUINT64, value, &local))
    {
      /* Translators: the option (--period), then what was typed. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s must be a whole number, not “%s”"), option, text);
      return FALSE;
    }
  if (set != NULL)
    *set = TRUE;
  return TRUE;
}

static gboolean
parse_choice (const char        *option,
              const char        *text,
              const char *const *choices,
              int               *index,
              GError           **error)
{
  g_autofree char *list = NULL;

  for (int i = 0; choices[i] != NULL; i++)
    {
      if (g_strcmp0 (text, choices[i]) == 0)
        {
          *index = i;
          return TRUE;
        }
    }
  list = g_strjoinv (", ", (char **) choices);
  /* Translators: the option (--write), the values it takes separated by
   * commas ("hex, passthrough"), then what was typed. */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s must be one of %s, not “%s”"), option, list, text);
  return FALSE;
}

/* A secret from a file: its first line, without the line end. */
static char *
read_secret_file (const char *option, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  GStatBuf st;
  gsize length = 0;
  char *end;

  /* A key or a password is a line of text: a big or binary file is the
   * wrong file (the package, say), not a secret to send. */
  if (g_stat (path, &st) == 0 && st.st_size > SECRET_FILE_MAX)
    {
      /* Translators: the first %s is an option (--key), the second a file
       * name, %llu its size in bytes. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %s is too large to hold a key or password (%llu byte): "
                                "is it the right file?",
                                "%s: %s is too large to hold a key or password (%llu bytes): "
                                "is it the right file?",
                                (gulong) MIN ((guint64) st.st_size, G_MAXULONG)),
                   option, path, (unsigned long long) st.st_size);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      /* Translators: the option (--key), the file name, then why. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: cannot read %s: %s"), option, path, local->message);
      return NULL;
    }
  if (memchr (contents, '\0', length) != NULL)
    {
      /* Translators: the option (--key), then the file name. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: %s is not a text file: is it the right file?"), option, path);
      return NULL;
    }
  end = strpbrk (contents, "\r\n");
  if (end != NULL)
    *end = '\0';
  return g_steal_pointer (&contents);
}

/* A package on this computer must be there before any module is touched
 * (a URL is fetched by the job). */
static gboolean
check_package_file (const char *path, GError **error)
{
  GStatBuf st;

  if (strstr (path, "://") != NULL)
    return TRUE;
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || g_access (path, R_OK) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--file: %s is not a package file FotaDesk can read."), path);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--file: %s is empty."), path);
      return FALSE;
    }
  return TRUE;
}

/* Options of another dialect are a usage error, not silently ignored. */
typedef struct {
  const char *name;
  gboolean    given;
  FdDialect   dialects;
} OptionUse;

static gboolean
check_dialect_options (FdDialect dialect, GError **error)
{
  const OptionUse uses[] = {
    { "--mode", O.mode != NULL, FD_DIALECT_RSFOTA },
    { "--log", O.log != NULL, FD_DIALECT_RSFOTA },
    { "--first-check", O.first_check != NULL, FD_DIALECT_RSFOTA },
    { "--auto-check", O.auto_check != NULL, FD_DIALECT_RSFOTA },
    { "--first-rep", O.first_rep != NULL, FD_DIALECT_RSFOTA },
    { "--auto-rep", O.auto_rep != NULL, FD_DIALECT_RSFOTA },
    { "--max-fail", O.max_fail != NULL, FD_DIALECT_RSFOTA },
    { "--action", O.action != NULL, FD_DIALECT_RSFOTA },
    { "--url", O.url != NULL, FD_DIALECT_MFW | FD_DIALECT_LUAT },
    { "--file", O.file != NULL, FD_DIALECT_MFW },
    { "--write", O.write != NULL, FD_DIALECT_MFW },
    { "--user", O.user != NULL, FD_DIALECT_MFW },
    { "--password-file", O.password_file != NULL, FD_DIALECT_MFW },
    { "--server-timeout", O.server_timeout != NULL, FD_DIALECT_MFW },
    { "--package", O.package != NULL, FD_DIALECT_MFW },
    { "--progind", O.progind != NULL, FD_DIALECT_MFW },
    { "--ssl-id", O.ssl_id != NULL, FD_DIALECT_MFW },
    { "--pkgsize", O.pkgsize != NULL, FD_DIALECT_MFW },
    { "--verify", O.verify != NULL, FD_DIALECT_MFW },
    { "--erase-first", O.erase_first, FD_DIALECT_MFW },
    { "--download-only", O.download_only, FD_DIALECT_MFW },
    { "--key", O.key_file != NULL, FD_DIALECT_LUAT },
    { "--auto", O.auto_upgrade != NULL, FD_DIALECT_LUAT },
    { "--period", O.period != NULL, FD_DIALECT_LUAT },
    { "--no-save", O.no_save, FD_DIALECT_LUAT },
    { "--no-trigger", O.no_trigger, FD_DIALECT_LUAT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (uses); i++)
    {
      if (uses[i].given && (uses[i].dialects & dialect) == 0)
        {
          /* Translators: an option (--key), then a dialect (rsfota, mfw,
           * luat): `upgrade mfw` is a command, keep it as it is. */
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s is not an option of `upgrade %s`"), uses[i].name,
                       fd_dialect_to_string (dialect));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_flag (const char *option, const char *text, gboolean *set, gboolean *value, GError **error)
{
  guint64 number = 0;

  if (!fd_cli_parse_number (option, text, set, &number, error))
    return FALSE;
  if (*set && number > 1)
    {
      /* Translators: the option (--auto), then what was typed. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s must be 0 or 1, not “%s”"), option, text);
      return FALSE;
    }
  *value = number == 1;
  return TRUE;
}

gboolean
fd_cli_build_rsfota_config (FdRsfotaConfig *config, GError **error)
{
  gboolean set = FALSE;
  guint64 number = 0;

  fd_rsfota_config_init (config);
  if (!check_dialect_options (FD_DIALECT_RSFOTA, error))
    return FALSE;
  if (!fd_cli_parse_number ("--mode", O.mode, &config->has_mode, &number, error))
    return FALSE;
  config->mode = (FdRsfotaRunMode) MIN (number, G_MAXINT);
  if (config->has_mode && number > 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--mode must be 0, 1 or 2, not “%s”"), O.mode);
      return FALSE;
    }
  if (!parse_flag ("--log", O.log, &config->has_log, &config->log, error) ||
      !fd_cli_parse_number ("--first-check", O.first_check, &config->has_first_check,
                            &config->first_check, error) ||
      !fd_cli_parse_number ("--auto-check", O.auto_check, &config->has_auto_check,
                            &config->auto_check, error) ||
      !fd_cli_parse_number ("--first-rep", O.first_rep, &config->has_first_rep,
                            &config->first_rep, error) ||
      !fd_cli_parse_number ("--auto-rep", O.auto_rep, &config->has_auto_rep,
                            &config->auto_rep, error) ||
      !fd_cli_parse_number ("--max-fail", O.max_fail, &config->has_max_fail,
                            &config->max_fail, error) ||
      !fd_cli_parse_number ("--action", O.action, &set, &number, error))
    return FALSE;
  if (set && (number < 1 || number > 3))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--action must be 1, 2 or 3, not “%s”"), O.action);
      return FALSE;
    }
  if (set)
    config->action = (FdRsfotaAction) number;
  else if (config->has_mode && config->mode == FD_RSFOTA_RUN_TRIGGERED_SPLIT)
    config->action = FD_RSFOTA_ACTION_DOWNLOAD;
  else if (!config->has_mode || config->mode == FD_RSFOTA_RUN_TRIGGERED)
    config->action = FD_RSFOTA_ACTION_CHECK_UPGRADE;
  return TRUE;
}

gboolean
fd_cli_build_mfw_config (FdMfwConfig *config, GError **error)
{
  static const char *const writes[] = { "hex", "passthrough", NULL };
  static const char *const packages[] = { "diff", "full", NULL };
  static const char *const verifies[] = { "none", "md5", "sha1", "sha256", NULL };
  const char *env_password = g_getenv ("FOTADESK_PASSWORD");
  int index = 0;

  fd_mfw_config_init (config);
  if (!check_dialect_options (FD_DIALECT_MFW, error))
    return FALSE;
  if ((O.url == NULL) == (O.file == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("`upgrade mfw` needs either --url (the module downloads) or "
                             "--file (written over the serial port)"));
      return FALSE;
    }
  if (O.url != NULL)
    {
      config->source = g_ascii_strncasecmp (O.url, "file://", 7) == 0 ? FD_MFW_SOURCE_MODULE_FILE
                                                                       : FD_MFW_SOURCE_SERVER;
      config->url = g_strdup (O.url);
    }
  else
    {
      if (O.write != NULL && !parse_choice ("--write", O.write, writes, &index, error))
        return FALSE;
      if (!check_package_file (O.file, error))
        return FALSE;
      config->source = index == 1 ? FD_MFW_SOURCE_SERIAL_PASSTHROUGH : FD_MFW_SOURCE_SERIAL_HEX;
      config->local_path = g_strdup (O.file);
    }
  config->user = g_strdup (O.user);
  if (O.password_file != NULL)
    {
      config->password = read_secret_file ("--password-file", O.password_file, error);
      if (config->password == NULL)
        return FALSE;
    }
  else if (env_password != NULL && env_password[0] != '\0')
    config->password = g_strdup (env_password);

  if (!fd_cli_parse_number ("--server-timeout", O.server_timeout, &config->has_timeout,
                            &config->timeout, error) ||
      !fd_cli_parse_number ("--progind", O.progind, &config->has_progind, &config->progind,
                            error) ||
      !fd_cli_parse_number ("--ssl-id", O.ssl_id, &config->has_ssl_id, &config->ssl_id, error) ||
      !fd_cli_parse_number ("--pkgsize", O.pkgsize, &config->has_pkgsize, &config->pkgsize,
                            error))
    return FALSE;
  if (O.package != NULL)
    {
      if (!parse_choice ("--package", O.package, packages, &index, error))
        return FALSE;
      config->has_package_mode = TRUE;
      config->package_mode = index == 0 ? FD_MFW_PACKAGE_DIFF : FD_MFW_PACKAGE_FULL;
    }
  if (O.verify != NULL)
    {
      static const FdMfwVerify values[] = { FD_MFW_VERIFY_NONE, FD_MFW_VERIFY_MD5,
                                            FD_MFW_VERIFY_SHA1, FD_MFW_VERIFY_SHA256 };

      if (!parse_choice ("--verify", O.verify, verifies, &index, error))
        return FALSE;
      config->verify = values[index];
    }
  config->erase_first = O.erase_first;
  config->download_only = O.download_only;
  return TRUE;
}

gboolean
fd_cli_build_luat_config (FdLuatConfig *config, GError **error)
{
  fd_luat_config_init (config);
  if (!check_dialect_options (FD_DIALECT_LUAT, error))
    return FALSE;
  if (O.key_file != NULL && O.url != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("`upgrade luat` takes --key (the vendor's platform) or --url "
                             "(your own server), not both"));
      return FALSE;
    }
  if (O.key_file != NULL)
    {
      config->server = FD_LUAT_SERVER_KEY;
      config->key = read_secret_file ("--key", O.key_file, error);
      if (config->key == NULL)
        return FALSE;
    }
  else if (O.url != NULL)
    {
      config->server = FD_LUAT_SERVER_URL;
      config->url = g_strdup (O.url);
    }
  if (!parse_flag ("--auto", O.auto_upgrade, &config->has_auto, &config->auto_upgrade, error) ||
      !fd_cli_parse_number ("--period", O.period, &config->has_period, &config->period, error))
    return FALSE;
  config->keep_after_reboot = !O.no_save;
  config->trigger = !O.no_trigger;
  return TRUE;
}
