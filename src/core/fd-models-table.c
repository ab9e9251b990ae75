/* fd-models-table.c — the model capability table of spec/at-dialects.md
 *
 * Data only: every per-model difference the dialects need lives here.
 * A cell left out of a row reads as "no" without a reason, which the
 * table test rejects, so each row lists all of its cells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-models-private.h"

#define YES          { FD_SUPPORT_YES, FALSE, NULL }
#define YES_BY(r)    { FD_SUPPORT_YES, FALSE, r }
#define INFERRED(r)  { FD_SUPPORT_YES, TRUE, r }
#define NO(r)        { FD_SUPPORT_NO, FALSE, r }
#define NO_INF(r)    { FD_SUPPORT_NO, TRUE, r }
#define UNKNOWN(r)   { FD_SUPPORT_UNKNOWN, FALSE, r }

/* Reasons, stated by the OneMO manual [001 §1.1, §3 footnotes]. */
#define R_ML30X_NO_TIMEOUT N_("ML302A, ML307A, ML302S and ML307S cannot set the server timeout.")
#define R_ML30X_NO_MODE \
  N_("ML302A, ML307A, ML302S and ML307S cannot choose between diff and full " \
     "packages.")
#define R_ML30X_NO_PROGIND \
  N_("ML302A, ML307A, ML302S and ML307S cannot set how often download progress " \
     "is reported.")
#define R_ML30X_NO_SSL     N_("ML302A, ML307A, ML302S and ML307S cannot select an SSL profile.")
#define R_ML30X_NO_PKGSIZE N_("ML302A, ML307A, ML302S and ML307S cannot set the HTTP request size.")
#define R_ML30X_NO_TLS \
  N_("ML302A, ML307A, ML302S and ML307S do not support https:// or ftps:// " \
     "upgrades.")
#define R_ML30X_NO_FILE \
  N_("ML302A, ML307A, ML302S and ML307S cannot upgrade from a file on the " \
     "module.")
#define R_ML30X_NO_SERIAL \
  N_("ML302A, ML307A, ML302S and ML307S cannot take a package written over the " \
     "serial port: they accept only AT+MFWCFG and AT+MFWUPGRADE.")
#define R_ML30X_NO_DLOAD \
  N_("ML302A, ML307A, ML302S and ML307S have no separate download step: " \
     "AT+MFWUPGRADE downloads and upgrades in one go.")
#define R_ML30X_NO_ERASE   N_("ML302A, ML307A, ML302S and ML307S do not support AT+MFWERASE.")
#define R_ML30X_UPGRADE \
  N_("AT+MFWUPGRADE downloads the package from the configured URL and upgrades; " \
     "the module reboots several times and the port must be opened again.")
#define R_ML30X_NO_BACK \
  N_("A failed upgrade cannot be restored to the previous firmware on ML302A, " \
     "ML307A, ML302S and ML307S: upgrade one module first before a large batch.")
#define R_NO_CHECK \
  N_("M5310-E, MN316, ML302A, ML307A, ML302S and ML307S cannot report the " \
     "package checksum (no AT+MFWCHECK).")
#define R_DCL_NO_FTP \
  N_("ML302A-DCLM, ML302A-GCLM, ML307A-DCLN and ML307A-GCLN do not support FTP " \
     "upgrades.")
#define R_ML30XA_FTP \
  N_("FTP support depends on the sub-model, which the module did not report: " \
     "-DSLM, -GSLM, -DSLN and -GSLN support it, -DCLM, -GCLM, -DCLN and -GCLN do" \
     " not. Confirm the exact sub-model for this job to use FTP.")
#define R_M5310E_NO_SSL \
  N_("M5310-E has no SSL cipher suites: no https://, no ftps:// and no SSL " \
     "profile.")
#define R_M5310E_PKGSIZE   N_("M5310-E accepts only 512 for pkgsize.")
#define R_NO_PT_FILE_FTP \
  N_("M5310-E and MN316 support neither passthrough writes, nor upgrades from a " \
     "file on the module, nor FTP downloads.")
#define R_DLOAD_FIRST \
  N_("AT+MFWUPGRADE applies a package already on the module, fetched or written " \
     "with AT+MFWDLOAD first.")
#define R_BACK_UNSTATED \
  N_("The manual does not say whether a failed upgrade can be rolled back on " \
     "this model.")

/* Reasons for cells FotaDesk infers (the spec lists them). */
#define R_MN316S \
  N_("Inferred: the manual lists MN316-S apart from MN316 but names it in no " \
     "restriction.")
#define R_MN316_TLS \
  N_("Inferred: the manual names no SSL restriction for MN316 (it does for " \
     "M5310-E).")
#define R_FTPS \
  N_("Inferred: nothing restricts ftps://, but the manual shows no ftps:// " \
     "example.")

/* Rows that are not OneMO modules, and the unknown row. */
#define R_NOT_MFW N_("This model does not speak the OneMO MFW dialect.")
#define R_UNKNOWN \
  N_("The model is not recognised: only what every OneMO model supports is " \
     "offered.")
#define R_UNKNOWN_FLOW \
  N_("The model is not recognised, so it is not known whether it downloads with " \
     "AT+MFWDLOAD or inside AT+MFWUPGRADE: confirm the model for this job.")
#define R_UNKNOWN_BACK \
  N_("The model is not recognised: assume a failed upgrade cannot be rolled " \
     "back.")

#define NOT_MFW_CAPS                                   \
  [FD_CAP_CFG_URL] = NO (R_NOT_MFW),                   \
  [FD_CAP_CFG_AUTH] = NO (R_NOT_MFW),                  \
  [FD_CAP_CFG_TIMEOUT] = NO (R_NOT_MFW),               \
  [FD_CAP_CFG_MODE] = NO (R_NOT_MFW),                  \
  [FD_CAP_CFG_PROGIND] = NO (R_NOT_MFW),               \
  [FD_CAP_CFG_SSL] = NO (R_NOT_MFW),                   \
  [FD_CAP_CFG_PKGSIZE] = NO (R_NOT_MFW),               \
  [FD_CAP_PKGSIZE_ABOVE_512] = NO (R_NOT_MFW),         \
  [FD_CAP_SCHEME_HTTP] = NO (R_NOT_MFW),               \
  [FD_CAP_SCHEME_HTTPS] = NO (R_NOT_MFW),              \
  [FD_CAP_SCHEME_FTP] = NO (R_NOT_MFW),                \
  [FD_CAP_SCHEME_FTPS] = NO (R_NOT_MFW),               \
  [FD_CAP_SCHEME_FILE] = NO (R_NOT_MFW),               \
  [FD_CAP_WRITE_HEX] = NO (R_NOT_MFW),                 \
  [FD_CAP_WRITE_PASSTHROUGH] = NO (R_NOT_MFW),         \
  [FD_CAP_MFWDLOAD] = NO (R_NOT_MFW),                  \
  [FD_CAP_MFWCHECK] = NO (R_NOT_MFW),                  \
  [FD_CAP_MFWERASE] = NO (R_NOT_MFW),                  \
  [FD_CAP_MFWUPGRADE] = NO (R_NOT_MFW),                \
  [FD_CAP_UPGRADE_DOWNLOADS] = NO (R_NOT_MFW),         \
  [FD_CAP_ROLLBACK] = UNKNOWN (R_BACK_UNSTATED)

/* The ML30x rows share everything but FTP. */
#define ML30X_CAPS(ftp)                                \
  [FD_CAP_CFG_URL] = YES,                              \
  [FD_CAP_CFG_AUTH] = YES,                             \
  [FD_CAP_CFG_TIMEOUT] = NO (R_ML30X_NO_TIMEOUT),      \
  [FD_CAP_CFG_MODE] = NO (R_ML30X_NO_MODE),            \
  [FD_CAP_CFG_PROGIND] = NO (R_ML30X_NO_PROGIND),      \
  [FD_CAP_CFG_SSL] = NO (R_ML30X_NO_SSL),              \
  [FD_CAP_CFG_PKGSIZE] = NO (R_ML30X_NO_PKGSIZE),      \
  [FD_CAP_PKGSIZE_ABOVE_512] = NO (R_ML30X_NO_PKGSIZE), \
  [FD_CAP_SCHEME_HTTP] = YES_BY (R_ML30X_UPGRADE),     \
  [FD_CAP_SCHEME_HTTPS] = NO (R_ML30X_NO_TLS),         \
  [FD_CAP_SCHEME_FTP] = ftp,                           \
  [FD_CAP_SCHEME_FTPS] = NO (R_ML30X_NO_TLS),          \
  [FD_CAP_SCHEME_FILE] = NO (R_ML30X_NO_FILE),         \
  [FD_CAP_WRITE_HEX] = NO (R_ML30X_NO_SERIAL),         \
  [FD_CAP_WRITE_PASSTHROUGH] = NO (R_ML30X_NO_SERIAL), \
  [FD_CAP_MFWDLOAD] = NO (R_ML30X_NO_DLOAD),           \
  [FD_CAP_MFWCHECK] = NO (R_NO_CHECK),                 \
  [FD_CAP_MFWERASE] = NO (R_ML30X_NO_ERASE),           \
  [FD_CAP_MFWUPGRADE] = YES_BY (R_ML30X_UPGRADE),      \
  [FD_CAP_UPGRADE_DOWNLOADS] = YES_BY (R_ML30X_UPGRADE), \
  [FD_CAP_ROLLBACK] = NO (R_ML30X_NO_BACK)

const FdModel fd_models_table[] = {
  {
    .id = "m5311",
    .name = "M5311",
    .prefixes = { "M5311", NULL },
    .dialects = FD_DIALECT_RSFOTA,
    .caps = { NOT_MFW_CAPS },
    .hex_quoted = TRUE,
  },
  {
    .id = "m5311-e",
    .name = "M5311-E",
    .prefixes = { "M5311-E", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = {
      [FD_CAP_CFG_URL] = YES,
      [FD_CAP_CFG_AUTH] = YES,
      [FD_CAP_CFG_TIMEOUT] = YES,
      [FD_CAP_CFG_MODE] = YES,
      [FD_CAP_CFG_PROGIND] = YES,
      [FD_CAP_CFG_SSL] = YES,
      [FD_CAP_CFG_PKGSIZE] = YES,
      [FD_CAP_PKGSIZE_ABOVE_512] = YES,
      [FD_CAP_SCHEME_HTTP] = YES,
      [FD_CAP_SCHEME_HTTPS] = YES,
      [FD_CAP_SCHEME_FTP] = YES,
      [FD_CAP_SCHEME_FTPS] = INFERRED (R_FTPS),
      [FD_CAP_SCHEME_FILE] = YES,
      [FD_CAP_WRITE_HEX] = YES,
      [FD_CAP_WRITE_PASSTHROUGH] = YES,
      [FD_CAP_MFWDLOAD] = YES,
      [FD_CAP_MFWCHECK] = YES,
      [FD_CAP_MFWERASE] = YES,
      [FD_CAP_MFWUPGRADE] = YES,
      [FD_CAP_UPGRADE_DOWNLOADS] = NO (R_DLOAD_FIRST),
      [FD_CAP_ROLLBACK] = UNKNOWN (R_BACK_UNSTATED),
    },
    .hex_quoted = TRUE,
  },
  {
    /* Named only in the manual's footnotes: an M5311-E variant. */
    .id = "m5310-e",
    .name = "M5310-E",
    .prefixes = { "M5310-E", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = {
      [FD_CAP_CFG_URL] = YES,
      [FD_CAP_CFG_AUTH] = YES,
      [FD_CAP_CFG_TIMEOUT] = YES,
      [FD_CAP_CFG_MODE] = YES,
      [FD_CAP_CFG_PROGIND] = YES,
      [FD_CAP_CFG_SSL] = NO (R_M5310E_NO_SSL),
      [FD_CAP_CFG_PKGSIZE] = YES,
      [FD_CAP_PKGSIZE_ABOVE_512] = NO (R_M5310E_PKGSIZE),
      [FD_CAP_SCHEME_HTTP] = YES,
      [FD_CAP_SCHEME_HTTPS] = NO (R_M5310E_NO_SSL),
      [FD_CAP_SCHEME_FTP] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_SCHEME_FTPS] = NO (R_M5310E_NO_SSL),
      [FD_CAP_SCHEME_FILE] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_WRITE_HEX] = YES,
      [FD_CAP_WRITE_PASSTHROUGH] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_MFWDLOAD] = YES,
      [FD_CAP_MFWCHECK] = NO (R_NO_CHECK),
      [FD_CAP_MFWERASE] = YES,
      [FD_CAP_MFWUPGRADE] = YES,
      [FD_CAP_UPGRADE_DOWNLOADS] = NO (R_DLOAD_FIRST),
      [FD_CAP_ROLLBACK] = UNKNOWN (R_BACK_UNSTATED),
    },
    .hex_quoted = TRUE,
  },
  {
    .id = "mn316",
    .name = "MN316",
    .prefixes = { "MN316", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = {
      [FD_CAP_CFG_URL] = YES,
      [FD_CAP_CFG_AUTH] = YES,
      [FD_CAP_CFG_TIMEOUT] = YES,
      [FD_CAP_CFG_MODE] = YES,
      [FD_CAP_CFG_PROGIND] = YES,
      [FD_CAP_CFG_SSL] = INFERRED (R_MN316_TLS),
      [FD_CAP_CFG_PKGSIZE] = YES,
      [FD_CAP_PKGSIZE_ABOVE_512] = YES,
      [FD_CAP_SCHEME_HTTP] = YES,
      [FD_CAP_SCHEME_HTTPS] = INFERRED (R_MN316_TLS),
      [FD_CAP_SCHEME_FTP] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_SCHEME_FTPS] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_SCHEME_FILE] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_WRITE_HEX] = YES,
      [FD_CAP_WRITE_PASSTHROUGH] = NO (R_NO_PT_FILE_FTP),
      [FD_CAP_MFWDLOAD] = YES,
      [FD_CAP_MFWCHECK] = NO (R_NO_CHECK),
      [FD_CAP_MFWERASE] = YES,
      [FD_CAP_MFWUPGRADE] = YES,
      [FD_CAP_UPGRADE_DOWNLOADS] = NO (R_DLOAD_FIRST),
      [FD_CAP_ROLLBACK] = UNKNOWN (R_BACK_UNSTATED),
    },
    .hex_quoted = TRUE,
  },
  {
    /* The whole column is inferred (spec, dialect B). */
    .id = "mn316-s",
    .name = "MN316-S",
    .prefixes = { "MN316-S", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = {
      [FD_CAP_CFG_URL] = INFERRED (R_MN316S),
      [FD_CAP_CFG_AUTH] = INFERRED (R_MN316S),
      [FD_CAP_CFG_TIMEOUT] = INFERRED (R_MN316S),
      [FD_CAP_CFG_MODE] = INFERRED (R_MN316S),
      [FD_CAP_CFG_PROGIND] = INFERRED (R_MN316S),
      [FD_CAP_CFG_SSL] = INFERRED (R_MN316S),
      [FD_CAP_CFG_PKGSIZE] = INFERRED (R_MN316S),
      [FD_CAP_PKGSIZE_ABOVE_512] = INFERRED (R_MN316S),
      [FD_CAP_SCHEME_HTTP] = INFERRED (R_MN316S),
      [FD_CAP_SCHEME_HTTPS] = INFERRED (R_MN316S),
      [FD_CAP_SCHEME_FTP] = INFERRED (R_MN316S),
      [FD_CAP_SCHEME_FTPS] = INFERRED (R_MN316S),
      [FD_CAP_SCHEME_FILE] = INFERRED (R_MN316S),
      [FD_CAP_WRITE_HEX] = INFERRED (R_MN316S),
      [FD_CAP_WRITE_PASSTHROUGH] = INFERRED (R_MN316S),
      [FD_CAP_MFWDLOAD] = INFERRED (R_MN316S),
      [FD_CAP_MFWCHECK] = INFERRED (R_MN316S),
      [FD_CAP_MFWERASE] = INFERRED (R_MN316S),
      [FD_CAP_MFWUPGRADE] = INFERRED (R_MN316S),
      [FD_CAP_UPGRADE_DOWNLOADS] = NO_INF (R_DLOAD_FIRST),
      [FD_CAP_ROLLBACK] = UNKNOWN (R_BACK_UNSTATED),
    },
    .hex_quoted = TRUE,
  },
  {
    /* ML302A/ML307A without a sub-model suffix: FTP depends on it. */
    .id = "ml30xa",
    .name = "ML302A/ML307A",
    .prefixes = { "ML302A", "ML307A", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = { ML30X_CAPS (UNKNOWN (R_ML30XA_FTP)) },
    .canary_default = TRUE,
    .hex_quoted = TRUE,
    .package_hint = "system_patch.bin_1",
  },
  {
    .id = "ml30xa-dcl",
    .name = "ML302A/ML307A -DCLM/-GCLM/-DCLN/-GCLN",
    .parent_id = "ml30xa",
    .prefixes = { "ML302A-DCLM", "ML302A-GCLM", "ML307A-DCLN", "ML307A-GCLN", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = { ML30X_CAPS (NO (R_DCL_NO_FTP)) },
    .canary_default = TRUE,
    .hex_quoted = TRUE,
    .package_hint = "system_patch.bin_1",
  },
  {
    .id = "ml30xa-dsl",
    .name = "ML302A/ML307A -DSLM/-GSLM/-DSLN/-GSLN",
    .parent_id = "ml30xa",
    .prefixes = { "ML302A-DSLM", "ML302A-GSLM", "ML307A-DSLN", "ML307A-GSLN", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = { ML30X_CAPS (YES_BY (R_ML30X_UPGRADE)) },
    .canary_default = TRUE,
    .hex_quoted = TRUE,
    .package_hint = "system_patch.bin_1",
  },
  {
    .id = "ml30xs",
    .name = "ML302S/ML307S",
    .prefixes = { "ML302S", "ML307S", NULL },
    .dialects = FD_DIALECT_MFW,
    .caps = { ML30X_CAPS (YES_BY (R_ML30X_UPGRADE)) },
    .canary_default = TRUE,
    .hex_quoted = TRUE,
    .package_hint = "system_patch.mini_1",
  },
  {
    /* What AT+CGMM answers on Luat firmware is not in the seeds. */
    .id = "luat",
    .name = "Luat Air724UG/Air780E",
    .prefixes = { "Air724UG", "Air780E", NULL },
    .dialects = FD_DIALECT_LUAT,
    .caps = { NOT_MFW_CAPS },
    .hex_quoted = TRUE,
  },
  {
    /* The intersection of every OneMO row; the dialect probes decide
     * which dialect it speaks. */
    .id = "unknown",
    /* Translators: shown where a model name would be */
    .name = N_("Unknown model"),
    .prefixes = { NULL },
    .dialects = FD_DIALECT_RSFOTA | FD_DIALECT_MFW | FD_DIALECT_LUAT,
    .caps = {
      [FD_CAP_CFG_URL] = YES,
      [FD_CAP_CFG_AUTH] = YES,
      [FD_CAP_CFG_TIMEOUT] = NO (R_UNKNOWN),
      [FD_CAP_CFG_MODE] = NO (R_UNKNOWN),
      [FD_CAP_CFG_PROGIND] = NO (R_UNKNOWN),
      [FD_CAP_CFG_SSL] = NO (R_UNKNOWN),
      [FD_CAP_CFG_PKGSIZE] = NO (R_UNKNOWN),
      [FD_CAP_PKGSIZE_ABOVE_512] = NO (R_UNKNOWN),
      [FD_CAP_SCHEME_HTTP] = YES,
      [FD_CAP_SCHEME_HTTPS] = NO (R_UNKNOWN),
      [FD_CAP_SCHEME_FTP] = NO (R_UNKNOWN),
      [FD_CAP_SCHEME_FTPS] = NO (R_UNKNOWN),
      [FD_CAP_SCHEME_FILE] = NO (R_UNKNOWN),
      [FD_CAP_WRITE_HEX] = NO (R_UNKNOWN),
      [FD_CAP_WRITE_PASSTHROUGH] = NO (R_UNKNOWN),
      [FD_CAP_MFWDLOAD] = UNKNOWN (R_UNKNOWN_FLOW),
      [FD_CAP_MFWCHECK] = NO (R_UNKNOWN),
      [FD_CAP_MFWERASE] = NO (R_UNKNOWN),
      [FD_CAP_MFWUPGRADE] = YES,
      [FD_CAP_UPGRADE_DOWNLOADS] = UNKNOWN (R_UNKNOWN_FLOW),
      [FD_CAP_ROLLBACK] = UNKNOWN (R_UNKNOWN_BACK),
    },
    .canary_default = TRUE,
    .hex_quoted = TRUE,
    .is_unknown = TRUE,
  },
};

const guint fd_models_table_len = G_N_ELEMENTS (fd_models_table);
