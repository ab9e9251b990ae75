/* fuzz-families.c — the decoder families with their result contracts
 *
 * Beyond "does not crash": every decoded value is in its documented
 * range, strings are clean UTF-8, and a result rendered back into the
 * canonical line decodes to the same result (round trip).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fd-at-decoders.h"

void
fuzz_fail (const char *file, int line, const char *expr)
{
  fprintf (stderr, "%s:%d: contract violated: %s\n", file, line, expr);
  abort ();
}

char *
fuzz_line_new (const uint8_t *data, size_t size)
{
  char *line = g_malloc (size + 1);

  if (size > 0)
    memcpy (line, data, size);
  line[size] = '\0';
  return line;
}

static gboolean
is_clean (const char *s)
{
  for (const char *p = s; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        return FALSE;
    }
  return g_utf8_validate (s, -1, NULL);
}

static void
check_rsfota (const char *line)
{
  FdRsfotaUrc      urc, again;
  g_autofree char *canon = NULL;

  if (!fd_at_decode_rsfota (line, &urc))
    return;
  FUZZ_CHECK (urc.state >= -1 && urc.state <= 2);
  FUZZ_CHECK (urc.event >= 0 && urc.event <= 9);
  if (urc.has_progress)
    {
      FUZZ_CHECK (urc.percent >= 0 && urc.percent <= 100);
      canon = g_strdup_printf ("+RSFOTA:%d,%d,%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ",%d%%",
                               urc.state, urc.event, urc.current, urc.total, urc.percent);
    }
  else
    canon = g_strdup_printf ("+RSFOTA:%d,%d", urc.state, urc.event);
  FUZZ_CHECK (fd_at_decode_rsfota (canon, &again));
  FUZZ_CHECK (again.state == urc.state && again.event == urc.event);
  FUZZ_CHECK (again.has_progress == urc.has_progress);
  FUZZ_CHECK (!urc.has_progress
              || (again.current == urc.current && again.total == urc.total
                  && again.percent == urc.percent));
}

static void
check_rsfotamode (const char *line)
{
  FdRsfotaMode     mode, again;
  g_autofree char *canon = NULL;

  if (!fd_at_decode_rsfotamode (line, &mode))
    return;
  FUZZ_CHECK (mode.mode >= 0 && mode.mode <= 2);
  FUZZ_CHECK (mode.log == 0 || mode.log == 1);
  if (mode.has_checks)
    canon = g_strdup_printf ("+RSFOTAMODE: %d,%d,%u,%u", mode.mode, mode.log, mode.first_check,
                             mode.auto_check);
  else
    canon = g_strdup_printf ("+RSFOTAMODE: %d,%d", mode.mode, mode.log);
  FUZZ_CHECK (fd_at_decode_rsfotamode (canon, &again));
  FUZZ_CHECK (again.mode == mode.mode && again.log == mode.log);
  FUZZ_CHECK (again.has_checks == mode.has_checks);
  FUZZ_CHECK (!mode.has_checks
              || (again.first_check == mode.first_check && again.auto_check == mode.auto_check));
}

void
fuzz_family_rsfota (const char *line)
{
  check_rsfota (line);
  check_rsfotamode (line);
}

static void
check_mfwcfg (const char *line)
{
  g_autofree char *item = NULL;
  g_autofree char *item_again = NULL;
  g_auto (GStrv) values = NULL;
  g_auto (GStrv) values_again = NULL;
  g_autoptr (GString) canon = NULL;

  if (!fd_at_decode_mfwcfg (line, &item, &values))
    return;
  FUZZ_CHECK (item != NULL && item[0] != '\0');
  for (const char *p = item; *p != '\0'; p++)
    FUZZ_CHECK (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_');
  FUZZ_CHECK (values != NULL && values[0] != NULL);

  canon = g_string_new ("+MFWCFG: \"");
  g_string_append_printf (canon, "%s\"", item);
  for (guint i = 0; values[i] != NULL; i++)
    {
      FUZZ_CHECK (is_clean (values[i]));
      FUZZ_CHECK (strchr (values[i], '"') == NULL);
      g_string_append_printf (canon, ",\"%s\"", values[i]);
    }
  FUZZ_CHECK (fd_at_decode_mfwcfg (canon->str, &item_again, &values_again));
  FUZZ_CHECK (g_str_equal (item, item_again));
  FUZZ_CHECK (g_strv_equal ((const char *const *)values, (const char *const *)values_again));
}

static void
check_mfwdload (const char *line)
{
  FdMfwDload dload, again;
  char       canon[128];

  if (!fd_at_decode_mfwdload (line, &dload))
    return;
  FUZZ_CHECK (dload.state >= 0 && dload.state <= 3);
  /* <total> never comes without <dlength>. */
  FUZZ_CHECK (!dload.has_total || dload.has_dlength);
  if (dload.has_total)
    g_snprintf (canon, sizeof canon, "+MFWDLOAD: %d,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                dload.state, dload.total, dload.dlength);
  else if (dload.has_dlength)
    g_snprintf (canon, sizeof canon, "+MFWDLOAD: %d,,%" G_GUINT64_FORMAT, dload.state,
                dload.dlength);
  else
    g_snprintf (canon, sizeof canon, "+MFWDLOAD: %d", dload.state);
  FUZZ_CHECK (fd_at_decode_mfwdload (canon, &again));
  FUZZ_CHECK (again.state == dload.state && again.has_total == dload.has_total
              && again.has_dlength == dload.has_dlength);
  FUZZ_CHECK (!dload.has_total || again.total == dload.total);
  FUZZ_CHECK (!dload.has_dlength || again.dlength == dload.dlength);
}

static void
check_mfwcheck (const char *line)
{
  g_autofree char *hex = NULL;
  gsize            len;

  if (!fd_at_decode_mfwcheck (line, &hex))
    return;
  len = strlen (hex);
  FUZZ_CHECK (len > 0 && len % 2 == 0);
  for (gsize i = 0; i < len; i++)
    FUZZ_CHECK (g_ascii_isdigit (hex[i]) || (hex[i] >= 'a' && hex[i] <= 'f'));
}

static void
check_mfwupgrade (const char *line)
{
  FdMfwUpgrade upgrade;

  if (!fd_at_decode_mfwupgrade (line, &upgrade))
    return;
  FUZZ_CHECK (upgrade.state >= 1 && upgrade.state <= 3);
  FUZZ_CHECK (!upgrade.has_process || (upgrade.process >= 0 && upgrade.process <= 100));
}

void
fuzz_family_mfw (const char *line)
{
  check_mfwcfg (line);
  check_mfwdload (line);
  check_mfwcheck (line);
  check_mfwupgrade (line);
}

/* Returns whether the status form decoded, for the exclusivity check. */
static gboolean
check_upgrade_status (const char *line)
{
  FdUpgradeStatus status;

  if (!fd_at_decode_upgrade_status (line, &status))
    return FALSE;
  FUZZ_CHECK (status.state >= 0 && status.state <= 2);
  FUZZ_CHECK (status.state != 1 || (status.percent >= 0 && status.percent <= 100));
  FUZZ_CHECK (!status.has_result || status.state == 2);
  FUZZ_CHECK (!status.has_result || (status.http_status >= 0 && status.http_status <= 999));
  FUZZ_CHECK (!status.has_result || status.fota_cause >= 0);
  return TRUE;
}

static gboolean
check_upgrade_tag (const char *line)
{
  g_autofree char *tag = NULL;
  g_autofree char *value = NULL;

  if (!fd_at_decode_upgrade_tag (line, &tag, &value))
    return FALSE;
  FUZZ_CHECK (tag[0] != '\0' && !g_ascii_isdigit (tag[0]));
  for (const char *p = tag; *p != '\0'; p++)
    FUZZ_CHECK (g_ascii_isupper (*p) || g_ascii_isdigit (*p) || *p == '_');
  FUZZ_CHECK (is_clean (value));
  return TRUE;
}

static void
check_upgradever (const char *line)
{
  FdUpgradeVer ver = { 0 };
  gsize        len;

  if (!fd_at_decode_upgradever (line, &ver))
    {
      FUZZ_CHECK (ver.version == NULL);
      return;
    }
  if (ver.is_report)
    FUZZ_CHECK (ver.version == NULL);
  else
    {
      len = strlen (ver.version);
      FUZZ_CHECK (len > 0 && is_clean (ver.version));
      FUZZ_CHECK (strchr (ver.version, '"') == NULL);
      FUZZ_CHECK (ver.version[0] != ' ' && ver.version[len - 1] != ' ');
      FUZZ_CHECK (!g_str_equal (ver.version, "0") && !g_str_equal (ver.version, "1"));
    }
  fd_upgrade_ver_clear (&ver);
}

void
fuzz_family_luat (const char *line)
{
  gboolean status = check_upgrade_status (line);
  gboolean tag = check_upgrade_tag (line);
  int      ind = -1, dl = -1;
  gboolean ind_ok = fd_at_decode_upgradeind (line, &ind);
  gboolean dl_ok = fd_at_decode_upgradedl (line, &dl);

  /* One line is one thing. */
  FUZZ_CHECK (!(status && tag));
  FUZZ_CHECK (!(ind_ok && dl_ok));
  FUZZ_CHECK (!ind_ok || (ind >= 0 && ind <= 100));
  FUZZ_CHECK (!dl_ok || (dl >= 0 && dl <= 100));
  check_upgradever (line);
}

void
fuzz_family_imei (const char *line)
{
  g_autofree char *imei = NULL;
  gsize            len;

  if (!fd_at_decode_imei (line, &imei))
    return;
  len = strlen (imei);
  FUZZ_CHECK (len >= 14 && len <= 17);
  for (gsize i = 0; i < len; i++)
    FUZZ_CHECK (g_ascii_isdigit (imei[i]));
}
