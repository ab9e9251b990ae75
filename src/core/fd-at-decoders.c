/* fd-at-decoders.c — typed decoders for the responses and URCs of the
 * three FOTA dialects (spec/at-dialects.md)
 *
 * Every decoder matches the "+NAME:" head, splits the rest into arguments
 * with a small quote-aware tokenizer and checks each field strictly: a
 * number is all digits (and a '-' where negative values exist) within its
 * documented range, nothing else. A line that does not fit is not decoded
 * (FALSE): the caller logs it as an unknown line, it never guesses.
 * Output parameters are written only on success.
 *
 * The tokenizer is private rather than fd_at_split_info() because the
 * decoders need to know whether an argument was quoted (a quoted "1" is
 * text, a bare 1 is a number) and must reject a line whose quotes do not
 * balance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-at-decoders.h"

#include <string.h>

/* More than any reply of the spec has (4), so a longer line is junk. */
#define ARGS_MAX 8

typedef struct
{
  guint    n;
  char    *text[ARGS_MAX];
  gboolean quoted[ARGS_MAX];
} FdArgs;

static void
fd_args_clear (FdArgs *args)
{
  for (guint i = 0; i < args->n; i++)
    g_clear_pointer (&args->text[i], g_free);
  args->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdArgs, fd_args_clear)

/* Line terminators count as spaces so a line with its \r\n still decodes. */
static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *
skip_spaces (const char *p)
{
  while (is_space (*p))
    p++;
  return p;
}

/* The text after "+NAME:" (name matched case-insensitively, no space
 * before the colon), or NULL when @line has another head. */
static const char *
match_head (const char *line, const char *name)
{
  const char *p = skip_spaces (line);
  gsize       len = strlen (name);

  if (*p != '+')
    return NULL;
  p++;
  /* Stops at the first difference, so never reads past a short line. */
  if (g_ascii_strncasecmp (p, name, len) != 0)
    return NULL;
  p += len;
  if (*p != ':')
    return NULL;
  return p + 1;
}

/* One argument starting at @p (spaces already skipped); returns the
 * position after it and its trailing spaces, or NULL when malformed. */
static const char *
take_arg (const char *p, FdArgs *args)
{
  const char *start = p;
  const char *end;
  gboolean    quoted = FALSE;

  if (*p == '"')
    {
      start = p + 1;
      end = strchr (start, '"');
      if (end == NULL)
        return NULL;
      p = skip_spaces (end + 1);
      quoted = TRUE;
    }
  else
    {
      while (*p != '\0' && *p != ',' && *p != '"')
        p++;
      if (*p == '"')
        return NULL;
      end = p;
      while (end > start && is_space (end[-1]))
        end--;
    }

  args->text[args->n] = g_strndup (start, end - start);
  args->quoted[args->n] = quoted;
  args->n++;
  return p;
}

/* Splits "a, "b,c" ,3" into a, b,c and 3. No arguments is valid; an
 * empty one between commas is kept as "" for the field check to refuse. */
static gboolean
split_args (const char *p, FdArgs *args)
{
  p = skip_spaces (p);
  if (*p == '\0')
    return TRUE;

  for (;;)
    {
      if (args->n == ARGS_MAX)
        return FALSE;
      p = take_arg (skip_spaces (p), args);
      if (p == NULL)
        return FALSE;
      if (*p == '\0')
        return TRUE;
      if (*p != ',')
        return FALSE;
      p++;
    }
}

static gboolean
split_line (const char *line, const char *name, FdArgs *args)
{
  const char *rest = match_head (line, name);

  return rest != NULL && split_args (rest, args);
}

/* Strict decimal: no sign other than a leading '-', no spaces, no junk,
 * within [@min, @max]. */
static gboolean
parse_signed (const char *text, gint64 min, gint64 max, gint64 *out)
{
  if (text[0] == '+')
    return FALSE;
  return g_ascii_string_to_signed (text, 10, min, max, out, NULL);
}

static gboolean
parse_unsigned (const char *text, guint64 max, guint64 *out)
{
  /* g_ascii_string_to_unsigned() already refuses any sign. */
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

/* A numeric field is never quoted in the spec: a quoted one is text. */
static gboolean
arg_int (const FdArgs *args, guint i, int min, int max, int *out)
{
  gint64 v;

  if (i >= args->n || args->quoted[i] || !parse_signed (args->text[i], min, max, &v))
    return FALSE;
  *out = (int)v;
  return TRUE;
}

static gboolean
arg_uint64 (const FdArgs *args, guint i, guint64 max, guint64 *out)
{
  if (i >= args->n || args->quoted[i])
    return FALSE;
  return parse_unsigned (args->text[i], max, out);
}

/* Text handed to the UI and the audit log: valid UTF-8, no controls. */
static gboolean
string_is_clean (const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        return FALSE;
    }
  return g_utf8_validate (s, -1, NULL);
}

/* An item or tag name: letters, digits, '_'. */
static gboolean
string_is_identifier (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        return FALSE;
    }
  return TRUE;
}

/* "<current>/<total>" with optional spaces around the slash. */
static gboolean
parse_fraction (const char *text, guint64 *current, guint64 *total)
{
  const char      *slash = strchr (text, '/');
  g_autofree char *left = NULL;

  if (slash == NULL)
    return FALSE;
  left = g_strstrip (g_strndup (text, slash - text));
  return parse_unsigned (left, G_MAXUINT64, current)
         && parse_unsigned (skip_spaces (slash + 1), G_MAXUINT64, total);
}

/* "<percent>%" (the sign optional, spaces allowed before it), 0…100. */
static gboolean
parse_percent (const char *text, int *percent)
{
  g_autofree char *digits = g_strdup (text);
  gsize            len = strlen (digits);
  guint64          v;

  if (len > 0 && digits[len - 1] == '%')
    digits[len - 1] = '\0';
  g_strchomp (digits);
  if (!parse_unsigned (digits, 100, &v))
    return FALSE;
  *percent = (int)v;
  return TRUE;
}

gboolean
fd_at_decode_rsfota (const char *line, FdRsfotaUrc *out)
{
  g_auto (FdArgs) args = { 0 };
  FdRsfotaUrc urc = { 0 };

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!split_line (line, "RSFOTA", &args) || (args.n != 2 && args.n != 4))
    return FALSE;
  /* Events stay below 10 so that state * 10 + event is unambiguous. */
  if (!arg_int (&args, 0, -1, 2, &urc.state) || !arg_int (&args, 1, 0, 9, &urc.event))
    return FALSE;
  if (args.n == 4)
    {
      if (args.quoted[2] || args.quoted[3]
          || !parse_fraction (args.text[2], &urc.current, &urc.total)
          || !parse_percent (args.text[3], &urc.percent))
        return FALSE;
      urc.has_progress = TRUE;
    }
  *out = urc;
  return TRUE;
}

gboolean
fd_at_decode_rsfotamode (const char *line, FdRsfotaMode *out)
{
  g_auto (FdArgs) args = { 0 };
  FdRsfotaMode mode = { 0 };
  guint64      first = 0, autoc = 0;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!split_line (line, "RSFOTAMODE", &args) || (args.n != 2 && args.n != 4))
    return FALSE;
  if (!arg_int (&args, 0, 0, 2, &mode.mode) || !arg_int (&args, 1, 0, 1, &mode.log))
    return FALSE;
  if (args.n == 4)
    {
      /* The read reply reports what is stored; the set bounds (≥ 60,
       * ≥ 600) belong to the configuration check, not to decoding. */
      if (!arg_uint64 (&args, 2, G_MAXUINT, &first) || !arg_uint64 (&args, 3, G_MAXUINT, &autoc))
        return FALSE;
      mode.has_checks = TRUE;
      mode.first_check = (guint)first;
      mode.auto_check = (guint)autoc;
    }
  *out = mode;
  return TRUE;
}

gboolean
fd_at_decode_mfwcfg (const char *line, char **item, GStrv *values)
{
  g_auto (FdArgs) args = { 0 };
  g_autoptr (GStrvBuilder) builder = NULL;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  if (!split_line (line, "MFWCFG", &args) || args.n < 2)
    return FALSE;
  if (!string_is_identifier (args.text[0]))
    return FALSE;

  builder = g_strv_builder_new ();
  for (guint i = 1; i < args.n; i++)
    {
      /* Values may be credentials: any text, but nothing that could
       * break a log line or a label. */
      if (!string_is_clean (args.text[i]))
        return FALSE;
      g_strv_builder_add (builder, args.text[i]);
    }
  *item = g_ascii_strdown (args.text[0], -1);
  *values = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
fd_at_decode_mfwdload (const char *line, FdMfwDload *out)
{
  g_auto (FdArgs) args = { 0 };
  FdMfwDload dload = { 0 };
  guint      dlength_index;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!split_line (line, "MFWDLOAD", &args) || args.n < 1 || args.n > 3)
    return FALSE;
  if (!arg_int (&args, 0, 0, 3, &dload.state))
    return FALSE;
  if (args.n == 1)
    {
      *out = dload;
      return TRUE;
    }

  /* The spec allows <total> to be missing when the size is unknown:
   * "<state>,<dlength>" or "<state>,,<dlength>". */
  dlength_index = args.n - 1;
  if (args.n == 3 && !(args.text[1][0] == '\0' && !args.quoted[1]))
    {
      if (!arg_uint64 (&args, 1, G_MAXUINT64, &dload.total))
        return FALSE;
      dload.has_total = TRUE;
    }
  if (!arg_uint64 (&args, dlength_index, G_MAXUINT64, &dload.dlength))
    return FALSE;
  dload.has_dlength = TRUE;
  *out = dload;
  return TRUE;
}

gboolean
fd_at_decode_mfwcheck (const char *line, char **hex_lower)
{
  g_auto (FdArgs) args = { 0 };
  const char *hex;
  gsize       len;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (hex_lower != NULL, FALSE);

  if (!split_line (line, "MFWCHECK", &args) || args.n != 1)
    return FALSE;
  hex = args.text[0];
  len = strlen (hex);
  /* A digest is whole bytes: an odd or empty string is a cut line. */
  if (len == 0 || len % 2 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isxdigit (hex[i]))
        return FALSE;
    }
  *hex_lower = g_ascii_strdown (hex, len);
  return TRUE;
}

gboolean
fd_at_decode_mfwupgrade (const char *line, FdMfwUpgrade *out)
{
  g_auto (FdArgs) args = { 0 };
  FdMfwUpgrade upgrade = { 0 };

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!split_line (line, "MFWUPGRADE", &args) || (args.n != 1 && args.n != 2))
    return FALSE;
  if (!arg_int (&args, 0, 1, 3, &upgrade.state))
    return FALSE;
  if (args.n == 2)
    {
      /* No unit or range in the manual: a percentage by inference, so an
       * out-of-range (but well-formed) value is clamped, not refused. */
      if (!arg_int (&args, 1, G_MININT, G_MAXINT, &upgrade.process))
        return FALSE;
      upgrade.process = CLAMP (upgrade.process, 0, 100);
      upgrade.has_process = TRUE;
    }
  *out = upgrade;
  return TRUE;
}

gboolean
fd_at_decode_upgrade_status (const char *line, FdUpgradeStatus *out)
{
  g_auto (FdArgs) args = { 0 };
  FdUpgradeStatus status = { 0 };

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* A quoted first argument is the tag read form, refused here. */
  if (!split_line (line, "UPGRADE", &args) || !arg_int (&args, 0, 0, 2, &status.state))
    return FALSE;

  switch (status.state)
    {
    case 0:
      if (args.n != 1)
        return FALSE;
      break;
    case 1:
      if (args.n != 2 || !arg_int (&args, 1, 0, 100, &status.percent))
        return FALSE;
      break;
    default:
      if (args.n == 1)
        break;
      if (args.n != 4 || !arg_int (&args, 1, G_MININT, G_MAXINT, &status.error_code)
          || !arg_int (&args, 2, 0, 999, &status.http_status)
          || !arg_int (&args, 3, 0, G_MAXINT, &status.fota_cause))
        return FALSE;
      status.has_result = TRUE;
      break;
    }
  *out = status;
  return TRUE;
}

gboolean
fd_at_decode_upgrade_tag (const char *line, char **tag, char **value)
{
  g_auto (FdArgs) args = { 0 };

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!split_line (line, "UPGRADE", &args) || args.n != 2)
    return FALSE;
  /* The manual also writes the tag unquoted; a leading digit would make
   * it the "1,<percent>" status form. */
  if (!string_is_identifier (args.text[0]) || g_ascii_isdigit (args.text[0][0]))
    return FALSE;
  if (!string_is_clean (args.text[1]))
    return FALSE;
  *tag = g_ascii_strup (args.text[0], -1);
  *value = g_strdup (args.text[1]);
  return TRUE;
}

static gboolean
decode_percent_urc (const char *line, const char *name, int *percent)
{
  g_auto (FdArgs) args = { 0 };

  if (!split_line (line, name, &args) || args.n != 1)
    return FALSE;
  return arg_int (&args, 0, 0, 100, percent);
}

gboolean
fd_at_decode_upgradeind (const char *line, int *percent)
{
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (percent != NULL, FALSE);

  return decode_percent_urc (line, "UPGRADEIND", percent);
}

gboolean
fd_at_decode_upgradedl (const char *line, int *percent)
{
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (percent != NULL, FALSE);

  return decode_percent_urc (line, "UPGRADEDL", percent);
}

/* Surrounding spaces and one balanced pair of quotes removed; NULL when
 * a quote is left over or nothing remains. */
static char *
unquote_version (const char *rest)
{
  g_autofree char *text = g_strstrip (g_strdup (rest));
  gsize            len = strlen (text);

  if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
    {
      text[len - 1] = '\0';
      memmove (text, text + 1, len - 1);
      g_strstrip (text);
    }
  if (text[0] == '\0' || strchr (text, '"') != NULL || !string_is_clean (text))
    return NULL;
  return g_steal_pointer (&text);
}

gboolean
fd_at_decode_upgradever (const char *line, FdUpgradeVer *out)
{
  const char      *rest;
  g_autofree char *text = NULL;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* The whole rest of the line: a version is one value, commas and all. */
  rest = match_head (line, "UPGRADEVER");
  if (rest == NULL || (text = unquote_version (rest)) == NULL)
    return FALSE;

  /* No firmware is called "0" or "1": quoted or not, it is the report. */
  if (g_str_equal (text, "0") || g_str_equal (text, "1"))
    {
      out->is_report = TRUE;
      out->report_ok = text[0] == '1';
      out->version = NULL;
      return TRUE;
    }
  out->is_report = FALSE;
  out->report_ok = FALSE;
  out->version = g_steal_pointer (&text);
  return TRUE;
}

void
fd_upgrade_ver_clear (FdUpgradeVer *ver)
{
  g_return_if_fail (ver != NULL);

  g_clear_pointer (&ver->version, g_free);
  ver->is_report = FALSE;
  ver->report_ok = FALSE;
}

/* 14–17 digits: IMEI (15), IMEI without its check digit (14), IMEISV (16)
 * and the odd 17-digit module answer. */
static gboolean
string_is_imei (const char *s)
{
  gsize len = strlen (s);

  if (len < 14 || len > 17)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
fd_at_decode_imei (const char *line, char **imei)
{
  g_auto (FdArgs) args = { 0 };
  g_autofree char *bare = NULL;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (imei != NULL, FALSE);

  if (match_head (line, "CGSN") != NULL)
    {
      if (!split_line (line, "CGSN", &args) || args.n != 1 || !string_is_imei (args.text[0]))
        return FALSE;
      *imei = g_strdup (args.text[0]);
      return TRUE;
    }

  bare = g_strstrip (g_strdup (line));
  if (!string_is_imei (bare))
    return FALSE;
  *imei = g_steal_pointer (&bare);
  return TRUE;
}
