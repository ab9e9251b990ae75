/* test-at-decoders.c — the typed AT decoders against tables of real lines
 * from spec/at-dialects.md and ugly variants of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-at-decoders.h"

#include <string.h>

/* Failed decodes must leave the output alone: fill it with this first. */
#define SENTINEL 0x5a

/* ---- +RSFOTA ---------------------------------------------------------- */

typedef struct
{
  const char *line;
  gboolean    ok;
  int         state;
  int         event;
  gboolean    has_progress;
  guint64     current;
  guint64     total;
  int         percent;
} RsfotaCase;

static const RsfotaCase rsfota_cases[] = {
  /* The spec's typical flow [000 §4.1], verbatim. */
  { "+RSFOTA:0,1", TRUE, 0, 1 },
  { "+RSFOTA:1,0", TRUE, 1, 0 },
  { "+RSFOTA:1,1,512/2052,24%", TRUE, 1, 1, TRUE, 512, 2052, 24 },
  { "+RSFOTA:1,1,1024/2052,49%", TRUE, 1, 1, TRUE, 1024, 2052, 49 },
  { "+RSFOTA:1,1,1536/2052,74%", TRUE, 1, 1, TRUE, 1536, 2052, 74 },
  { "+RSFOTA:1,1,2048/2052,99%", TRUE, 1, 1, TRUE, 2048, 2052, 99 },
  { "+RSFOTA:1,3", TRUE, 1, 3 },
  { "+RSFOTA:2,0", TRUE, 2, 0 },
  { "+RSFOTA:2,3", TRUE, 2, 3 },
  /* Every outcome the product maps. */
  { "+RSFOTA:0,0", TRUE, 0, 0 },
  { "+RSFOTA:0,2", TRUE, 0, 2 },
  { "+RSFOTA:1,2", TRUE, 1, 2 },
  { "+RSFOTA:1,4", TRUE, 1, 4 },
  { "+RSFOTA:1,5", TRUE, 1, 5 },
  { "+RSFOTA:2,4", TRUE, 2, 4 },
  { "+RSFOTA:-1,0", TRUE, -1, 0 },
  { "+RSFOTA:-1,1", TRUE, -1, 1 },
  /* Spaces: after the colon, after commas, the manual's "current/total, percent%". */
  { "+RSFOTA: 1,1, 512/2052, 24%", TRUE, 1, 1, TRUE, 512, 2052, 24 },
  { "+RSFOTA:  -1 , 1  ", TRUE, -1, 1 },
  { "+RSFOTA:1,1,512 / 2052 ,24 %", TRUE, 1, 1, TRUE, 512, 2052, 24 },
  { "+RSFOTA:\t2,\t3", TRUE, 2, 3 },
  { "  +RSFOTA:1,3", TRUE, 1, 3 },
  { "+RSFOTA:1,3\r\n", TRUE, 1, 3 },
  { "+rsfota:1,3", TRUE, 1, 3 },
  /* Bounds of the progress. */
  { "+RSFOTA:1,1,0/0,0%", TRUE, 1, 1, TRUE, 0, 0, 0 },
  { "+RSFOTA:1,1,2052/2052,100%", TRUE, 1, 1, TRUE, 2052, 2052, 100 },
  { "+RSFOTA:1,1,18446744073709551615/18446744073709551615,100%", TRUE, 1, 1, TRUE, G_MAXUINT64,
    G_MAXUINT64, 100 },
  { "+RSFOTA:1,1,512/2052,24", TRUE, 1, 1, TRUE, 512, 2052, 24 },
  /* Malformed. */
  { "+RSFOTA:" },
  { "+RSFOTA: " },
  { "+RSFOTA:1" },
  { "+RSFOTA:1," },
  { "+RSFOTA:,1" },
  { "+RSFOTA:1,1," },
  { "+RSFOTA:1,1,512/2052" },
  { "+RSFOTA:1,1,512/2052,24%,7" },
  { "+RSFOTA:1,1,512,24%" },
  { "+RSFOTA:1,1,512/,24%" },
  { "+RSFOTA:1,1,/2052,24%" },
  { "+RSFOTA:1,1,512/2052/9,24%" },
  { "+RSFOTA:1,1,-512/2052,24%" },
  { "+RSFOTA:1,1,512/2052,101%" },
  { "+RSFOTA:1,1,512/2052,-1%" },
  { "+RSFOTA:1,1,512/2052,%" },
  { "+RSFOTA:1,1,512/2052,24%%" },
  { "+RSFOTA:1,1,512/2052,24%x" },
  { "+RSFOTA:1,1,18446744073709551616/2052,24%" },
  { "+RSFOTA:1,1,0x200/2052,24%" },
  { "+RSFOTA:1,1,\"512/2052\",24%" },
  { "+RSFOTA:3,0" },
  { "+RSFOTA:-2,0" },
  { "+RSFOTA:1,10" },
  { "+RSFOTA:1,-1" },
  { "+RSFOTA:1x,3" },
  { "+RSFOTA:1,3x" },
  { "+RSFOTA:+1,3" },
  { "+RSFOTA:1.0,3" },
  { "+RSFOTA:99999999999999999999,3" },
  { "+RSFOTA:\"1\",3" },
  { "+RSFOTA:1,\"3" },
  { "+RSFOTA :1,3" },
  { "RSFOTA:1,3" },
  { "+RSFOTA1,3" },
  { "+RSFOTAMODE:0,1" },
  { "+RSFOT:1,3" },
  { "+MFWDLOAD: 1,2052,512" },
  { "" },
  { "+" },
  { "\xff\xfe" },
  { "+RSFOTA:\xc3\xa9,1" },
  { "+RSFOTA:1,1,512/2052,24\xef\xbc\x85" },
};

static void
test_rsfota (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rsfota_cases); i++)
    {
      const RsfotaCase *c = &rsfota_cases[i];
      FdRsfotaUrc       urc;
      gboolean          ok;

      memset (&urc, SENTINEL, sizeof urc);
      ok = fd_at_decode_rsfota (c->line, &urc);
      g_test_message ("rsfota[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (ok, ==, c->ok);
      if (!ok)
        {
          g_assert_cmpint (urc.state, ==, (int)0x5a5a5a5a);
          continue;
        }
      g_assert_cmpint (urc.state, ==, c->state);
      g_assert_cmpint (urc.event, ==, c->event);
      g_assert_cmpint (urc.has_progress, ==, c->has_progress);
      if (c->has_progress)
        {
          g_assert_cmpuint (urc.current, ==, c->current);
          g_assert_cmpuint (urc.total, ==, c->total);
          g_assert_cmpint (urc.percent, ==, c->percent);
        }
    }
}

/* ---- +RSFOTAMODE ------------------------------------------------------ */

typedef struct
{
  const char *line;
  gboolean    ok;
  int         mode;
  int         log;
  gboolean    has_checks;
  guint       first_check;
  guint       auto_check;
} RsfotaModeCase;

static const RsfotaModeCase rsfotamode_cases[] = {
  { "+RSFOTAMODE:0,1,60,86400", TRUE, 0, 1, TRUE, 60, 86400 },
  { "+RSFOTAMODE:1,1", TRUE, 1, 1 },
  { "+RSFOTAMODE:2,0", TRUE, 2, 0 },
  { "+RSFOTAMODE: 0, 1, 60, 86400", TRUE, 0, 1, TRUE, 60, 86400 },
  { "+RSFOTAMODE:0,1,4294967295,4294967295", TRUE, 0, 1, TRUE, G_MAXUINT, G_MAXUINT },
  /* Stored values below the set bounds are still what the module says. */
  { "+RSFOTAMODE:0,1,0,0", TRUE, 0, 1, TRUE, 0, 0 },
  { "+RSFOTAMODE:0,1,4294967296,86400" },
  { "+RSFOTAMODE:0,1,60" },
  { "+RSFOTAMODE:0,1,60," },
  { "+RSFOTAMODE:0,1,60,86400,1" },
  { "+RSFOTAMODE:0" },
  { "+RSFOTAMODE:" },
  { "+RSFOTAMODE:3,1" },
  { "+RSFOTAMODE:0,2" },
  { "+RSFOTAMODE:-1,1" },
  { "+RSFOTAMODE:0,1,-60,86400" },
  { "+RSFOTAMODE:0,1,60s,86400" },
  { "+RSFOTAMODE:\"0\",1" },
  { "+RSFOTA:0,1" },
  { "+RSFOTAMODEX:0,1" },
  { "OK" },
};

static void
test_rsfotamode (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rsfotamode_cases); i++)
    {
      const RsfotaModeCase *c = &rsfotamode_cases[i];
      FdRsfotaMode          mode;
      gboolean              ok;

      memset (&mode, SENTINEL, sizeof mode);
      ok = fd_at_decode_rsfotamode (c->line, &mode);
      g_test_message ("rsfotamode[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (ok, ==, c->ok);
      if (!ok)
        {
          g_assert_cmpint (mode.mode, ==, (int)0x5a5a5a5a);
          continue;
        }
      g_assert_cmpint (mode.mode, ==, c->mode);
      g_assert_cmpint (mode.log, ==, c->log);
      g_assert_cmpint (mode.has_checks, ==, c->has_checks);
      if (c->has_checks)
        {
          g_assert_cmpuint (mode.first_check, ==, c->first_check);
          g_assert_cmpuint (mode.auto_check, ==, c->auto_check);
        }
    }
}

/* ---- +MFWCFG ---------------------------------------------------------- */

typedef struct
{
  const char *line;
  const char *item; /* NULL: must not decode */
  const char *values[4];
} MfwcfgCase;

static const MfwcfgCase mfwcfg_cases[] = {
  { "+MFWCFG: \"url\",\"http://192.168.1.10:8080/fw/m5311e_v2.bin\"",
    "url",
    { "http://192.168.1.10:8080/fw/m5311e_v2.bin" } },
  { "+MFWCFG:\"url\",\"FTP://files.example.com/pkg/system_patch.bin_1\"",
    "url",
    { "FTP://files.example.com/pkg/system_patch.bin_1" } },
  { "+MFWCFG: \"url\",\"file://fota/update.pack\"", "url", { "file://fota/update.pack" } },
  /* The auth read reply, quoted and not; the password is any text. */
  { "+MFWCFG: \"auth\",\"ftpuser\",\"s3cr,et pass\"", "auth", { "ftpuser", "s3cr,et pass" } },
  { "+MFWCFG: \"auth\",ftpuser,s3cret", "auth", { "ftpuser", "s3cret" } },
  { "+MFWCFG: \"auth\", \"ftpuser\" , \"\"", "auth", { "ftpuser", "" } },
  { "+MFWCFG: \"auth\",\"用户\",\"密码\"", "auth", { "用户", "密码" } },
  { "+MFWCFG: \"timeout\",60", "timeout", { "60" } },
  { "+MFWCFG: \"timeout\",\"180\"", "timeout", { "180" } },
  { "+MFWCFG: \"mode\",0", "mode", { "0" } },
  { "+MFWCFG: \"progind\",1024", "progind", { "1024" } },
  { "+MFWCFG: \"ssl\",4", "ssl", { "4" } },
  { "+MFWCFG: \"pkgsize\",3072", "pkgsize", { "3072" } },
  { "+MFWCFG:\"PKGSIZE\",512", "pkgsize", { "512" } },
  { "+MFWCFG: url,\"http://a/b\"", "url", { "http://a/b" } },
  { "+MFWCFG: \"url\",\"\"", "url", { "" } },
  /* Malformed. */
  { "+MFWCFG: \"url\"" },
  { "+MFWCFG: " },
  { "+MFWCFG:" },
  { "+MFWCFG: \"\",60" },
  { "+MFWCFG: \"u rl\",60" },
  { "+MFWCFG: \"url\",\"http://a" },
  { "+MFWCFG: \"url,\"http://a\"" },
  { "+MFWCFG: \"url\"x,\"http://a\"" },
  { "+MFWCFG: \"url\",\"http://a\"\"b\"" },
  { "+MFWCFG: \"auth\",\"user\",\"pa\x01ss\"" },
  { "+MFWCFG: \"auth\",\"user\",\"pa\xffss\"" },
  { "+MFWCFG: \"url\",1,2,3,4,5,6,7,8" },
  { "+MFWCFGX: \"url\",\"http://a\"" },
  { "+MFWDLOAD: 2,100,100" },
  { "\"url\",\"http://a\"" },
};

static void
test_mfwcfg (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mfwcfg_cases); i++)
    {
      const MfwcfgCase *c = &mfwcfg_cases[i];
      g_autofree char  *item = NULL;
      g_auto (GStrv) values = NULL;
      gboolean ok;

      g_test_message ("mfwcfg[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      ok = fd_at_decode_mfwcfg (c->line, &item, &values);
      g_assert_cmpint (ok, ==, c->item != NULL);
      if (!ok)
        {
          g_assert_null (item);
          g_assert_null (values);
          continue;
        }
      g_assert_cmpstr (item, ==, c->item);
      g_assert_true (g_strv_equal ((const char *const *)values, c->values));
    }
}

/* ---- +MFWDLOAD -------------------------------------------------------- */

typedef struct
{
  const char *line;
  gboolean    ok;
  int         state;
  gboolean    has_total;
  guint64     total;
  gboolean    has_dlength;
  guint64     dlength;
} MfwdloadCase;

static const MfwdloadCase mfwdload_cases[] = {
  { "+MFWDLOAD: 1,16407,4096", TRUE, 1, TRUE, 16407, TRUE, 4096 },
  { "+MFWDLOAD: 2,16407,16407", TRUE, 2, TRUE, 16407, TRUE, 16407 },
  { "+MFWDLOAD: 3,80362,10240", TRUE, 3, TRUE, 80362, TRUE, 10240 },
  { "+MFWDLOAD: 0,80362,10240", TRUE, 0, TRUE, 80362, TRUE, 10240 },
  /* The spec's cut-off sentence: a bare 0 (and bare states generally). */
  { "+MFWDLOAD: 0", TRUE, 0 },
  { "+MFWDLOAD: 3", TRUE, 3 },
  { "+MFWDLOAD:2", TRUE, 2 },
  /* Size unknown: <total> absent or empty. */
  { "+MFWDLOAD: 1,,4096", TRUE, 1, FALSE, 0, TRUE, 4096 },
  { "+MFWDLOAD: 1,4096", TRUE, 1, FALSE, 0, TRUE, 4096 },
  { "+MFWDLOAD:1, 16407 ,  4096 ", TRUE, 1, TRUE, 16407, TRUE, 4096 },
  { "+MFWDLOAD: 1,0,0", TRUE, 1, TRUE, 0, TRUE, 0 },
  { "+MFWDLOAD: 1,18446744073709551615,1", TRUE, 1, TRUE, G_MAXUINT64, TRUE, 1 },
  /* Malformed. */
  { "+MFWDLOAD: 1,18446744073709551616,1" },
  { "+MFWDLOAD: 4,100,10" },
  { "+MFWDLOAD: -1" },
  { "+MFWDLOAD: 1,100," },
  { "+MFWDLOAD: 1," },
  { "+MFWDLOAD: 1,,," },
  { "+MFWDLOAD: 1,-100,10" },
  { "+MFWDLOAD: 1,100,10,5" },
  { "+MFWDLOAD: 1,\"100\",10" },
  { "+MFWDLOAD: 1,100,10kB" },
  { "+MFWDLOAD: " },
  { "+MFWDLOAD:" },
  { "+MFWDLOAD: OK" },
  { "+MFWDLOADX: 1,1,1" },
  { "+MFWUPGRADE: 2" },
};

static void
test_mfwdload (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mfwdload_cases); i++)
    {
      const MfwdloadCase *c = &mfwdload_cases[i];
      FdMfwDload          dload;
      gboolean            ok;

      memset (&dload, SENTINEL, sizeof dload);
      ok = fd_at_decode_mfwdload (c->line, &dload);
      g_test_message ("mfwdload[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (ok, ==, c->ok);
      if (!ok)
        {
          g_assert_cmpint (dload.state, ==, (int)0x5a5a5a5a);
          continue;
        }
      g_assert_cmpint (dload.state, ==, c->state);
      g_assert_cmpint (dload.has_total, ==, c->has_total);
      g_assert_cmpint (dload.has_dlength, ==, c->has_dlength);
      if (c->has_total)
        g_assert_cmpuint (dload.total, ==, c->total);
      if (c->has_dlength)
        g_assert_cmpuint (dload.dlength, ==, c->dlength);
    }
}

/* ---- +MFWCHECK -------------------------------------------------------- */

typedef struct
{
  const char *line;
  const char *hex; /* NULL: must not decode */
} MfwcheckCase;

static const MfwcheckCase mfwcheck_cases[] = {
  { "+MFWCHECK: 5156E9D9A3C1D6A0E1F2B3C4D5E6F708", "5156e9d9a3c1d6a0e1f2b3c4d5e6f708" },
  { "+MFWCHECK: 5156e9d9a3c1d6a0e1f2b3c4d5e6f708", "5156e9d9a3c1d6a0e1f2b3c4d5e6f708" },
  { "+MFWCHECK:da39a3ee5e6b4b0d3255BFEF95601890AFD80709",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
  { "+MFWCHECK: E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "+MFWCHECK: \"5156E9D9\"", "5156e9d9" },
  { "+MFWCHECK:   ab  ", "ab" },
  { "+MFWCHECK: " },
  { "+MFWCHECK: \"\"" },
  { "+MFWCHECK: 5156E9D" },
  { "+MFWCHECK: 5156E9DG" },
  { "+MFWCHECK: 0x5156E9D9" },
  { "+MFWCHECK: 5156 E9D9" },
  { "+MFWCHECK: 5156E9D9,00" },
  { "+MFWCHECK: -5156E9D9" },
  { "+MFWCHECK: 5156E9D9\xc3\xa9" },
  { "+MFWCHECKX: 5156E9D9" },
};

static void
test_mfwcheck (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mfwcheck_cases); i++)
    {
      const MfwcheckCase *c = &mfwcheck_cases[i];
      g_autofree char    *hex = NULL;
      gboolean            ok;

      g_test_message ("mfwcheck[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      ok = fd_at_decode_mfwcheck (c->line, &hex);
      g_assert_cmpint (ok, ==, c->hex != NULL);
      g_assert_cmpstr (hex, ==, c->hex);
    }
}

/* ---- +MFWUPGRADE ------------------------------------------------------ */

typedef struct
{
  const char *line;
  gboolean    ok;
  int         state;
  gboolean    has_process;
  int         process;
} MfwupgradeCase;

static const MfwupgradeCase mfwupgrade_cases[] = {
  { "+MFWUPGRADE: 1,64", TRUE, 1, TRUE, 64 },
  { "+MFWUPGRADE: 1,68", TRUE, 1, TRUE, 68 },
  { "+MFWUPGRADE: 2", TRUE, 2 },
  { "+MFWUPGRADE: 3", TRUE, 3 },
  { "+MFWUPGRADE:1, 100", TRUE, 1, TRUE, 100 },
  /* No documented range: clamped, not refused. */
  { "+MFWUPGRADE: 1,150", TRUE, 1, TRUE, 100 },
  { "+MFWUPGRADE: 1,-5", TRUE, 1, TRUE, 0 },
  { "+MFWUPGRADE: 1,2147483647", TRUE, 1, TRUE, 100 },
  { "+MFWUPGRADE: 1,-2147483648", TRUE, 1, TRUE, 0 },
  { "+MFWUPGRADE: 1,2147483648" },
  { "+MFWUPGRADE: 1,99999999999999999999999" },
  { "+MFWUPGRADE: 0" },
  { "+MFWUPGRADE: 4" },
  { "+MFWUPGRADE: 1," },
  { "+MFWUPGRADE: 1,64%" },
  { "+MFWUPGRADE: 1,64,1" },
  { "+MFWUPGRADE: ,64" },
  { "+MFWUPGRADE: " },
  { "+MFWUPGRADE: two" },
  { "+MFWUPGRADE 2" },
};

static void
test_mfwupgrade (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mfwupgrade_cases); i++)
    {
      const MfwupgradeCase *c = &mfwupgrade_cases[i];
      FdMfwUpgrade          upgrade;
      gboolean              ok;

      memset (&upgrade, SENTINEL, sizeof upgrade);
      ok = fd_at_decode_mfwupgrade (c->line, &upgrade);
      g_test_message ("mfwupgrade[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (ok, ==, c->ok);
      if (!ok)
        {
          g_assert_cmpint (upgrade.state, ==, (int)0x5a5a5a5a);
          continue;
        }
      g_assert_cmpint (upgrade.state, ==, c->state);
      g_assert_cmpint (upgrade.has_process, ==, c->has_process);
      if (c->has_process)
        g_assert_cmpint (upgrade.process, ==, c->process);
    }
}

/* ---- +UPGRADE status -------------------------------------------------- */

typedef struct
{
  const char *line;
  gboolean    ok;
  int         state;
  int         percent;
  gboolean    has_result;
  int         error_code;
  int         http_status;
  int         fota_cause;
} UpgradeStatusCase;

static const UpgradeStatusCase upgrade_status_cases[] = {
  { "+UPGRADE: 0", TRUE, 0 },
  { "+UPGRADE: 1,35", TRUE, 1, 35 },
  { "+UPGRADE: 1,100", TRUE, 1, 100 },
  { "+UPGRADE: 2", TRUE, 2 },
  { "+UPGRADE: 2,-1004,404,0", TRUE, 2, 0, TRUE, -1004, 404, 0 },
  { "+UPGRADE: 2,0,200,27", TRUE, 2, 0, TRUE, 0, 200, 27 },
  { "+UPGRADE:2,-1001,0,0", TRUE, 2, 0, TRUE, -1001, 0, 0 },
  { "+UPGRADE: 2, -1000 , 0, 3", TRUE, 2, 0, TRUE, -1000, 0, 3 },
  { "+UPGRADE:1,0", TRUE, 1, 0 },
  /* Malformed. */
  { "+UPGRADE: 0,1" },
  { "+UPGRADE: 1" },
  { "+UPGRADE: 1,101" },
  { "+UPGRADE: 1,-1" },
  { "+UPGRADE: 1,35%" },
  { "+UPGRADE: 2,-1004" },
  { "+UPGRADE: 2,-1004,404" },
  { "+UPGRADE: 2,-1004,404,0,1" },
  { "+UPGRADE: 2,-1004,1000,0" },
  { "+UPGRADE: 2,-1004,404,-1" },
  { "+UPGRADE: 2,-1004x,404,0" },
  { "+UPGRADE: 2,-2147483649,404,0" },
  { "+UPGRADE: 2,,404,0" },
  { "+UPGRADE: 3" },
  { "+UPGRADE: -1" },
  { "+UPGRADE: " },
  { "+UPGRADE:\"KEY\",\"abc\"" },
  { "+UPGRADE:AUTO,1" },
  { "+UPGRADEIND: 35" },
  { "+UPGRADEVER: 1" },
};

static void
test_upgrade_status (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (upgrade_status_cases); i++)
    {
      const UpgradeStatusCase *c = &upgrade_status_cases[i];
      FdUpgradeStatus          status;
      gboolean                 ok;

      memset (&status, SENTINEL, sizeof status);
      ok = fd_at_decode_upgrade_status (c->line, &status);
      g_test_message ("upgrade-status[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (ok, ==, c->ok);
      if (!ok)
        {
          g_assert_cmpint (status.state, ==, (int)0x5a5a5a5a);
          continue;
        }
      g_assert_cmpint (status.state, ==, c->state);
      if (c->state == 1)
        g_assert_cmpint (status.percent, ==, c->percent);
      g_assert_cmpint (status.has_result, ==, c->has_result);
      if (c->has_result)
        {
          g_assert_cmpint (status.error_code, ==, c->error_code);
          g_assert_cmpint (status.http_status, ==, c->http_status);
          g_assert_cmpint (status.fota_cause, ==, c->fota_cause);
        }
    }
}

/* ---- +UPGRADE tag ----------------------------------------------------- */

typedef struct
{
  const char *line;
  const char *tag; /* NULL: must not decode */
  const char *value;
} UpgradeTagCase;

static const UpgradeTagCase upgrade_tag_cases[] = {
  { "+UPGRADE:\"KEY\",\"a1b2c3d4e5f6\"", "KEY", "a1b2c3d4e5f6" },
  { "+UPGRADE:\"AUTO\",1", "AUTO", "1" },
  { "+UPGRADE: \"PERIOD\",86400", "PERIOD", "86400" },
  { "+UPGRADE:\"URL\",\"http://fota.example.com/air780e\"", "URL",
    "http://fota.example.com/air780e" },
  { "+UPGRADE:\"url\",\"http://x/y?a=1,b=2\"", "URL", "http://x/y?a=1,b=2" },
  { "+UPGRADE:KEY,abc", "KEY", "abc" },
  { "+UPGRADE: \"KEY\" , \"\"", "KEY", "" },
  { "+UPGRADE:\"KEY\"" },
  { "+UPGRADE:\"KEY\",\"abc\",0" },
  { "+UPGRADE:\"KEY\",\"abc" },
  { "+UPGRADE:\"\",1" },
  { "+UPGRADE:\"K Y\",1" },
  { "+UPGRADE:\"1\",1" },
  { "+UPGRADE: 1,35" },
  { "+UPGRADE: 2" },
  { "+UPGRADE:\"KEY\",\"a\tb\"" },
  { "+UPGRADE:\"KEY\",\"\xc0\xaf\"" },
  { "+UPGRADEX:\"KEY\",1" },
};

static void
test_upgrade_tag (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (upgrade_tag_cases); i++)
    {
      const UpgradeTagCase *c = &upgrade_tag_cases[i];
      g_autofree char      *tag = NULL;
      g_autofree char      *value = NULL;
      gboolean              ok;

      g_test_message ("upgrade-tag[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      ok = fd_at_decode_upgrade_tag (c->line, &tag, &value);
      g_assert_cmpint (ok, ==, c->tag != NULL);
      g_assert_cmpstr (tag, ==, c->tag);
      g_assert_cmpstr (value, ==, c->value);
    }
}

/* ---- +UPGRADEIND / +UPGRADEDL ----------------------------------------- */

typedef struct
{
  const char *line;
  gboolean    ind_ok;
  gboolean    dl_ok;
  int         percent;
} PercentCase;

static const PercentCase percent_cases[] = {
  { "+UPGRADEIND: 0", TRUE, FALSE, 0 },
  { "+UPGRADEIND: 35", TRUE, FALSE, 35 },
  { "+UPGRADEIND:100", TRUE, FALSE, 100 },
  { "+UPGRADEIND:  7  ", TRUE, FALSE, 7 },
  { "+UPGRADEDL: 0", FALSE, TRUE, 0 },
  { "+UPGRADEDL: 58", FALSE, TRUE, 58 },
  { "+UPGRADEDL:100", FALSE, TRUE, 100 },
  { "+UPGRADEIND: 101" },
  { "+UPGRADEIND: -1" },
  { "+UPGRADEIND: 35%" },
  { "+UPGRADEIND: 35,1" },
  { "+UPGRADEIND: \"35\"" },
  { "+UPGRADEIND: " },
  { "+UPGRADEIND: 3 5" },
  { "+UPGRADEDL: 4294967296" },
  { "+UPGRADEDL: 0x10" },
  { "+UPGRADEDL: ５" },
  { "+UPGRADE: 35" },
  { "+UPGRADEINDX: 35" },
};

static void
test_upgradeind_dl (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (percent_cases); i++)
    {
      const PercentCase *c = &percent_cases[i];
      int                ind = -42, dl = -42;

      g_test_message ("upgradeind/dl[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (fd_at_decode_upgradeind (c->line, &ind), ==, c->ind_ok);
      g_assert_cmpint (fd_at_decode_upgradedl (c->line, &dl), ==, c->dl_ok);
      g_assert_cmpint (ind, ==, c->ind_ok ? c->percent : -42);
      g_assert_cmpint (dl, ==, c->dl_ok ? c->percent : -42);
    }
}

/* ---- +UPGRADEVER ------------------------------------------------------ */

typedef struct
{
  const char *line;
  gboolean    ok;
  gboolean    is_report;
  gboolean    report_ok;
  const char *version;
} UpgradeVerCase;

static const UpgradeVerCase upgradever_cases[] = {
  { "+UPGRADEVER: AirM2M_780E_V1121_LTE_AT", TRUE, FALSE, FALSE, "AirM2M_780E_V1121_LTE_AT" },
  { "+UPGRADEVER: \"AirM2M_780E_V1121_LTE_AT\"", TRUE, FALSE, FALSE, "AirM2M_780E_V1121_LTE_AT" },
  { "+UPGRADEVER:\" AirM2M_724UG_V0010 \" ", TRUE, FALSE, FALSE, "AirM2M_724UG_V0010" },
  { "+UPGRADEVER: V1.2, build 7", TRUE, FALSE, FALSE, "V1.2, build 7" },
  { "+UPGRADEVER: 10", TRUE, FALSE, FALSE, "10" },
  { "+UPGRADEVER: 1", TRUE, TRUE, TRUE },
  { "+UPGRADEVER: 0", TRUE, TRUE, FALSE },
  { "+UPGRADEVER:1", TRUE, TRUE, TRUE },
  { "+UPGRADEVER: \"0\"", TRUE, TRUE, FALSE },
  { "+UPGRADEVER:  1  ", TRUE, TRUE, TRUE },
  { "+UPGRADEVER: 固件_V2", TRUE, FALSE, FALSE, "固件_V2" },
  { "+UPGRADEVER: " },
  { "+UPGRADEVER:" },
  { "+UPGRADEVER: \"\"" },
  { "+UPGRADEVER: \" \"" },
  { "+UPGRADEVER: \"AirM2M" },
  { "+UPGRADEVER: AirM2M\"" },
  { "+UPGRADEVER: \"" },
  { "+UPGRADEVER: Air\"M2M" },
  { "+UPGRADEVER: Air\x1bM2M" },
  { "+UPGRADEVER: Air\xfeM2M" },
  { "+UPGRADE: 1" },
  { "+UPGRADEVERX: 1" },
};

static void
test_upgradever (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (upgradever_cases); i++)
    {
      const UpgradeVerCase *c = &upgradever_cases[i];
      FdUpgradeVer          ver = { 0 };
      gboolean              ok;

      g_test_message ("upgradever[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      ok = fd_at_decode_upgradever (c->line, &ver);
      g_assert_cmpint (ok, ==, c->ok);
      if (ok)
        {
          g_assert_cmpint (ver.is_report, ==, c->is_report);
          g_assert_cmpint (ver.report_ok, ==, c->report_ok);
        }
      g_assert_cmpstr (ver.version, ==, c->version);
      fd_upgrade_ver_clear (&ver);
      g_assert_null (ver.version);
    }
}

/* ---- IMEI ------------------------------------------------------------- */

typedef struct
{
  const char *line;
  const char *imei; /* NULL: must not decode */
} ImeiCase;

static const ImeiCase imei_cases[] = {
  { "+CGSN: 861234567890123", "861234567890123" },
  { "+CGSN:861234567890123", "861234567890123" },
  { "+CGSN: \"861234567890123\"", "861234567890123" },
  { "861234567890123", "861234567890123" },
  { "  861234567890123  ", "861234567890123" },
  { "86123456789012", "86123456789012" },
  { "8612345678901234", "8612345678901234" },
  { "86123456789012345", "86123456789012345" },
  { "8612345678901", NULL },
  { "861234567890123456", NULL },
  { "+CGSN: 86123456789012A" },
  { "+CGSN: 861234567890123,1" },
  { "+CGSN: " },
  { "+CGSN:" },
  { "+CGSN: -61234567890123" },
  { "86123456789 0123" },
  { "861234567890123OK" },
  { "IMEI: 861234567890123" },
  { "+CGSN: 861234567890123\"" },
  { "8612345678９0123" },
  { "" },
  { "OK" },
};

static void
test_imei (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (imei_cases); i++)
    {
      const ImeiCase  *c = &imei_cases[i];
      g_autofree char *imei = NULL;

      g_test_message ("imei[%" G_GSIZE_FORMAT "] '%s'", i, c->line);
      g_assert_cmpint (fd_at_decode_imei (c->line, &imei), ==, c->imei != NULL);
      g_assert_cmpstr (imei, ==, c->imei);
    }
}

/* ---- every decoder against every line --------------------------------- */

/* Lines that no decoder may accept. */
static const char *const junk_lines[] = {
  "",
  " ",
  "\t",
  "+",
  ":",
  "+:",
  "+ :",
  ",",
  "\"",
  "\"\"",
  "OK",
  "ERROR",
  "RDY",
  "+CME ERROR: 855",
  "+CPIN: READY",
  "+CEREG: 1,\"1A2B\",\"0C3D4E5F\",9",
  "AT+RSFOTA=1",
  "AT+MFWDLOAD=0,16407",
  "> ",
  "\xff\xff\xff\xff",
  "\x80+RSFOTA:1,3",
  "+RSFOTA\xc0:1,3",
  "+\xe4\xb8\xad:1",
  "+RSFOTA:1,3\x01",
};

static void
test_junk (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (junk_lines); i++)
    {
      const char     *line = junk_lines[i];
      FdRsfotaUrc     rsfota;
      FdRsfotaMode    mode;
      FdMfwDload      dload;
      FdMfwUpgrade    upgrade;
      FdUpgradeStatus status;
      FdUpgradeVer    ver = { 0 };
      char           *s1 = NULL, *s2 = NULL;
      GStrv           v = NULL;
      int             percent;

      g_test_message ("junk[%" G_GSIZE_FORMAT "] '%s'", i, line);
      g_assert_false (fd_at_decode_rsfota (line, &rsfota));
      g_assert_false (fd_at_decode_rsfotamode (line, &mode));
      g_assert_false (fd_at_decode_mfwcfg (line, &s1, &v));
      g_assert_false (fd_at_decode_mfwdload (line, &dload));
      g_assert_false (fd_at_decode_mfwcheck (line, &s1));
      g_assert_false (fd_at_decode_mfwupgrade (line, &upgrade));
      g_assert_false (fd_at_decode_upgrade_status (line, &status));
      g_assert_false (fd_at_decode_upgrade_tag (line, &s1, &s2));
      g_assert_false (fd_at_decode_upgradeind (line, &percent));
      g_assert_false (fd_at_decode_upgradedl (line, &percent));
      g_assert_false (fd_at_decode_upgradever (line, &ver));
      g_assert_false (fd_at_decode_imei (line, &s1));
      g_assert_null (s1);
      g_assert_null (s2);
      g_assert_null (v);
      g_assert_null (ver.version);
    }
}

/* A line far longer than any reply, and one with 10 000 commas. */
static void
test_long_lines (void)
{
  g_autofree char *digits = g_strnfill (8192, '7');
  g_autofree char *commas = g_strnfill (10000, ',');
  g_autofree char *rsfota = g_strconcat ("+RSFOTA:1,1,", digits, "/1,1%", NULL);
  g_autofree char *many = g_strconcat ("+MFWCFG: \"url\"", commas, NULL);
  g_autofree char *ver_line = g_strconcat ("+UPGRADEVER: ", digits, NULL);
  g_autofree char *hex_line = g_strconcat ("+MFWCHECK: ", digits, NULL);
  g_autofree char *item = NULL;
  g_auto (GStrv) values = NULL;
  g_autofree char *hex = NULL;
  FdRsfotaUrc      urc;
  FdUpgradeVer     ver = { 0 };

  g_assert_false (fd_at_decode_rsfota (rsfota, &urc));
  g_assert_false (fd_at_decode_mfwcfg (many, &item, &values));
  g_assert_true (fd_at_decode_upgradever (ver_line, &ver));
  g_assert_cmpstr (ver.version, ==, digits);
  fd_upgrade_ver_clear (&ver);
  g_assert_true (fd_at_decode_mfwcheck (hex_line, &hex));
  g_assert_cmpstr (hex, ==, digits);
  g_assert_false (fd_at_decode_imei (digits, &item));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/at-decoders/rsfota", test_rsfota);
  g_test_add_func ("/core/at-decoders/rsfotamode", test_rsfotamode);
  g_test_add_func ("/core/at-decoders/mfwcfg", test_mfwcfg);
  g_test_add_func ("/core/at-decoders/mfwdload", test_mfwdload);
  g_test_add_func ("/core/at-decoders/mfwcheck", test_mfwcheck);
  g_test_add_func ("/core/at-decoders/mfwupgrade", test_mfwupgrade);
  g_test_add_func ("/core/at-decoders/upgrade-status", test_upgrade_status);
  g_test_add_func ("/core/at-decoders/upgrade-tag", test_upgrade_tag);
  g_test_add_func ("/core/at-decoders/upgradeind-dl", test_upgradeind_dl);
  g_test_add_func ("/core/at-decoders/upgradever", test_upgradever);
  g_test_add_func ("/core/at-decoders/imei", test_imei);
  g_test_add_func ("/core/at-decoders/junk", test_junk);
  g_test_add_func ("/core/at-decoders/long-lines", test_long_lines);

  return g_test_run ();
}
