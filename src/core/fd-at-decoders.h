/* fd-at-decoders.h — typed decoders for every response and URC of the
 * three FOTA dialects (spec/at-dialects.md). Pure functions: a line in, a
 * struct out; FALSE when the line is not of that kind or is malformed.
 * A space after the colon and after commas is optional everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* +RSFOTA:<state>,<event>[,<current>/<total>,<percent>%] */
typedef struct {
  int      state;  /* -1 report, 0 check, 1 download, 2 upgrade */
  int      event;
  gboolean has_progress;
  guint64  current;
  guint64  total;
  int      percent;
} FdRsfotaUrc;
gboolean fd_at_decode_rsfota (const char *line, FdRsfotaUrc *out);

/* +RSFOTAMODE:<mode>,<log>[,<first_check>,<auto_check>] */
typedef struct {
  int      mode;
  int      log;
  gboolean has_checks;
  guint    first_check;
  guint    auto_check;
} FdRsfotaMode;
gboolean fd_at_decode_rsfotamode (const char *line, FdRsfotaMode *out);

/* +MFWCFG: "<item>",<value>[,<value>] — @item without quotes (lower
 * case as sent), @values unquoted; owned by the caller. */
gboolean fd_at_decode_mfwcfg (const char *line, char **item, GStrv *values);

/* +MFWDLOAD: <state>[,<total>,<dlength>] */
typedef struct {
  int      state;   /* 0 interrupted/resumable, 1 downloading, 2 done, 3 failed */
  gboolean has_total;
  guint64  total;
  gboolean has_dlength;
  guint64  dlength;
} FdMfwDload;
gboolean fd_at_decode_mfwdload (const char *line, FdMfwDload *out);

/* +MFWCHECK: <hex> — returned lower-cased, owned by the caller */
gboolean fd_at_decode_mfwcheck (const char *line, char **hex_lower);

/* +MFWUPGRADE: <state>[,<process>] — process clamped to 0…100 */
typedef struct {
  int      state;   /* 1 upgrading (ML30x), 2 success, 3 failed */
  gboolean has_process;
  int      process;
} FdMfwUpgrade;
gboolean fd_at_decode_mfwupgrade (const char *line, FdMfwUpgrade *out);

/* +UPGRADE: 0 | +UPGRADE: 1,<percent> | +UPGRADE: 2[,<err>,<http>,<cause>] */
typedef struct {
  int      state;
  int      percent;     /* state 1 */
  gboolean has_result;  /* state 2 with the three fields */
  int      error_code;  /* 0 or -1000…-1006 */
  int      http_status;
  int      fota_cause;
} FdUpgradeStatus;
gboolean fd_at_decode_upgrade_status (const char *line, FdUpgradeStatus *out);

/* +UPGRADE:"<tag>",<value> — tag upper-cased, value unquoted */
gboolean fd_at_decode_upgrade_tag (const char *line, char **tag, char **value);

/* +UPGRADEIND: <percent> and +UPGRADEDL: <percent>, 0…100 */
gboolean fd_at_decode_upgradeind (const char *line, int *percent);
gboolean fd_at_decode_upgradedl (const char *line, int *percent);

/* +UPGRADEVER: <0|1> (report state) or +UPGRADEVER: <version> */
typedef struct {
  gboolean is_report;
  gboolean report_ok;  /* is_report: 1 reported, 0 report failed */
  char    *version;    /* !is_report: quotes and spaces stripped */
} FdUpgradeVer;
gboolean fd_at_decode_upgradever (const char *line, FdUpgradeVer *out);
void fd_upgrade_ver_clear (FdUpgradeVer *ver);

/* +CGSN: <imei> or a bare line of 14–17 digits; returns the digits */
gboolean fd_at_decode_imei (const char *line, char **imei);

G_END_DECLS
