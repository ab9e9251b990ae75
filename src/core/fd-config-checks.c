/* fd-config-checks.c — the checks every dialect configuration shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fd-at-parser.h"
#include "fd-config-private.h"

gboolean
fd_config_check_range (FdValidation *v,
                       const char   *field,
                       const char   *name,
                       guint64       value,
                       guint64       min,
                       guint64       max,
                       FdUnit        unit)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *got = NULL;

  if (value >= min && value <= max)
    return TRUE;

  /* Numbers are formatted apart so that the sentences stay plain %s
   * strings for translators. */
  lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
  hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);
  got = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  switch (unit)
    {
    case FD_UNIT_SECONDS:
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_OUT_OF_RANGE,
                               /* Translators: the first %s is a parameter name, e.g.
                                * "PERIOD must be between 60 and 4294967295 seconds; got 59." */
                               _("%s must be between %s and %s seconds; got %s."),
                               name, lo, hi, got);
      break;
    case FD_UNIT_BYTES:
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_OUT_OF_RANGE,
                               _("%s must be between %s and %s bytes; got %s."), name, lo, hi, got);
      break;
    case FD_UNIT_NONE:
    default:
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_OUT_OF_RANGE,
                               _("%s must be between %s and %s; got %s."), name, lo, hi, got);
      break;
    }
  return FALSE;
}

gboolean
fd_config_check_string (FdValidation *v,
                        const char   *field,
                        const char   *name,
                        const char   *value,
                        gsize         max_bytes,
                        gboolean      required)
{
  gsize len = value != NULL ? strlen (value) : 0;

  if (len == 0)
    {
      if (required)
        fd_validation_add_error (v, field, FD_CONFIG_ERROR_MISSING,
                                 /* Translators: %s names a setting, either as the manual
                                  * writes it (url, KEY) or as a phrase such as
                                  * "The user name (auth)"; the same in the messages below */
                                 _("%s is required."), name);
      return !required;
    }
  /* Refused first: it is the dangerous one, and its length is moot. */
  if (!fd_at_string_is_safe (value))
    {
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_UNSAFE,
                               _("%s contains a double quote, a line break or another control "
                                 "character, which cannot be sent inside an AT command."),
                               name);
      return FALSE;
    }
  /* Bytes that are no text (a binary file given as a key) are no value a
   * module expects, and no log or report could show them. */
  if (!g_utf8_validate (value, -1, NULL))
    {
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_INVALID,
                               _("%s is not valid text (UTF-8): was a binary file given "
                                 "instead?"),
                               name);
      return FALSE;
    }
  if (max_bytes > 0 && len > max_bytes)
    {
      g_autofree char *max = g_strdup_printf ("%" G_GSIZE_FORMAT, max_bytes);
      g_autofree char *got = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

      fd_validation_add_error (v, field, FD_CONFIG_ERROR_TOO_LONG,
                               /* Translators: a setting, the limit, then the actual length */
                               _("%s must be at most %s bytes long; got %s."), name, max, got);
      return FALSE;
    }
  return TRUE;
}

gboolean
fd_config_check_dialect (FdValidation *v, const FdModel *model, FdDialect dialect)
{
  if ((fd_model_get_dialects (model) & dialect) == 0)
    {
      fd_validation_add_error (v, "model", FD_CONFIG_ERROR_UNSUPPORTED,
                               /* Translators: model name, then the dialect's name */
                               _("%s does not speak %s."),
                               fd_model_get_name (model), fd_dialect_get_label (dialect));
      return FALSE;
    }
  if (fd_model_is_unknown (model))
    fd_validation_add_warning (v, "model", FD_CONFIG_WARNING_UNKNOWN_MODEL,
                               _("The module's model is not in FotaDesk's table: only the most "
                                 "conservative options are allowed. Check the model before "
                                 "upgrading many modules."));
  return TRUE;
}

gboolean
fd_config_check_capability (FdValidation  *v,
                            const FdModel *model,
                            FdCapability   cap,
                            const char    *field)
{
  const FdCapabilityInfo *info = fd_model_get_capability (model, cap);
  const char *reason = fd_model_get_capability_reason (model, cap);

  if (info->support == FD_SUPPORT_NO)
    {
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_UNSUPPORTED,
                               /* Translators: capability, model name, then the reason as a
                                * sentence, e.g. "ftp:// downloads: not supported by MN316. …" */
                               _("%s: not supported by %s. %s"), fd_capability_get_label (cap),
                               fd_model_get_name (model), reason != NULL ? reason : "");
      return FALSE;
    }
  if (info->support == FD_SUPPORT_UNKNOWN)
    {
      fd_validation_add_error (v, field, FD_CONFIG_ERROR_UNCONFIRMED,
                               /* Translators: capability, model name, then the reason */
                               _("%s: not known for %s. %s"), fd_capability_get_label (cap),
                               fd_model_get_name (model), reason != NULL ? reason : "");
      return FALSE;
    }
  if (info->inferred && fd_validation_find (v, field, TRUE, FD_CONFIG_WARNING_INFERRED) == NULL)
    fd_validation_add_warning (v, field, FD_CONFIG_WARNING_INFERRED,
                               /* Translators: capability, model name, then the reason */
                               _("%s on %s relies on an inferred capability. %s"),
                               fd_capability_get_label (cap), fd_model_get_name (model),
                               reason != NULL ? reason : "");
  return TRUE;
}

char *
fd_config_url_scheme (const char *url)
{
  const char *sep;

  if (url == NULL)
    return NULL;
  sep = strstr (url, "://");
  if (sep == NULL || sep == url || sep[3] == '\0')
    return NULL;
  for (const char *p = url; p < sep; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
        return NULL;
    }
  return g_ascii_strdown (url, sep - url);
}

gboolean
fd_config_str_is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

gboolean
fd_config_str_equal (const char *a, const char *b)
{
  return g_strcmp0 (fd_config_str_is_set (a) ? a : NULL, fd_config_str_is_set (b) ? b : NULL) == 0;
}

void
fd_config_free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

GStrv
fd_config_lines_end (GPtrArray *lines)
{
  g_ptr_array_set_free_func (lines, NULL);
  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

/* ---- presets ----------------------------------------------------------- */

/* A value as an error message may quote it: short text, else nothing (a
 * damaged or binary preset must not fill a message with bytes). */
static const char *
quotable (const char *text)
{
  return g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= 32 ? text : NULL;
}

gboolean
fd_config_keyfile_get_u64 (GKeyFile   *kf,
                           const char *group,
                           const char *key,
                           gboolean   *has,
                           guint64    *value,
                           GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  *has = FALSE;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  text = g_key_file_get_value (kf, group, key, NULL);
  /* g_ascii_string_to_unsigned() refuses signs, unlike strtoull(). */
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXUINT64, value, &local_error))
    {
      if (quotable (text) != NULL)
        g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                     /* Translators: a problem in a preset file: the group, the key,
                      * then GLib's message about the value */
                     _("[%s] %s: %s"), group, key, local_error->message);
      else
        g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                     /* Translators: a preset file's group and key */
                     _("[%s] %s: the value is not a number."), group, key);
      return FALSE;
    }
  *has = TRUE;
  return TRUE;
}

gboolean
fd_config_keyfile_get_bool (GKeyFile   *kf,
                            const char *group,
                            const char *key,
                            gboolean   *has,
                            gboolean   *value,
                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean b;

  if (has != NULL)
    *has = FALSE;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  b = g_key_file_get_boolean (kf, group, key, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                   _("[%s] %s: %s"), group, key, local_error->message);
      return FALSE;
    }
  if (has != NULL)
    *has = TRUE;
  *value = b;
  return TRUE;
}

gboolean
fd_config_keyfile_get_string (GKeyFile   *kf,
                              const char *group,
                              const char *key,
                              char      **value,
                              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *s;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  s = g_key_file_get_string (kf, group, key, &local_error);
  /* GLib may return a value and an error (an invalid escape sequence):
   * a value it could not read is refused, not half-used. */
  if (s == NULL || local_error != NULL)
    {
      /* GLib's message quotes the value, which may be any bytes */
      g_free (s);
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING))
        g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                     _("[%s] %s: the value is not valid text (UTF-8)."), group, key);
      else
        g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                     _("[%s] %s: the value cannot be read (a broken escape sequence?)."), group,
                     key);
      return FALSE;
    }
  g_free (*value);
  *value = s;
  return TRUE;
}

gboolean
fd_config_keyfile_get_enum (GKeyFile          *kf,
                            const char        *group,
                            const char        *key,
                            const char *const *names,
                            int               *value,
                            GError           **error)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  text = g_strstrip (g_key_file_get_value (kf, group, key, NULL));
  for (int i = 0; names[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, names[i]) == 0)
        {
          *value = i;
          return TRUE;
        }
    }
  {
    g_autofree char *allowed = g_strjoinv (", ", (char **) names);

    if (quotable (text) != NULL)
      g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                   /* Translators: a preset file's group and key, the value found,
                    * then the allowed values, e.g. "server, module-file, serial-hex" */
                   _("[%s] %s: “%s” is not one of %s."), group, key, text, allowed);
    else
      g_set_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID,
                   _("[%s] %s: the value is not one of %s."), group, key, allowed);
  }
  return FALSE;
}

void
fd_config_keyfile_set_u64 (GKeyFile   *kf,
                           const char *group,
                           const char *key,
                           gboolean    has,
                           guint64     value)
{
  if (has)
    g_key_file_set_uint64 (kf, group, key, value);
}
