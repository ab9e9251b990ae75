/* fd-models.h — what each module model can do, as data
 *
 * The capability table of spec/at-dialects.md (dialect B, plus the M5311
 * RSFOTA and Luat rows, plus an "unknown" most-conservative row). Every
 * cell says whether the manual states it or FotaDesk infers it, and why,
 * so tooltips and job logs can say so. Rows are static and never freed;
 * the user can override a few per-model settings (reboot command, hex
 * quoting) at run time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The three FOTA dialects; flags, since a model may speak several. */
typedef enum {
  FD_DIALECT_NONE   = 0,
  FD_DIALECT_RSFOTA = 1 << 0, /* A: M5311 OneNET AT+RSFOTA */
  FD_DIALECT_MFW    = 1 << 1, /* B: OneMO AT+MFW* */
  FD_DIALECT_LUAT   = 1 << 2, /* C: Luat AT+UPGRADE */
} FdDialect;

/* Stable machine names of single dialects: "rsfota", "mfw", "luat". */
const char *fd_dialect_to_string (FdDialect dialect);
gboolean fd_dialect_from_string (const char *name, FdDialect *dialect);
/* The dialect's name for people, translated; NULL for none or several. */
const char *fd_dialect_get_label (FdDialect dialect);

/* The OneMO MFW capabilities of spec/at-dialects.md, dialect B table. */
typedef enum {
  FD_CAP_CFG_URL,            /* AT+MFWCFG="url" */
  FD_CAP_CFG_AUTH,           /* AT+MFWCFG="auth" */
  FD_CAP_CFG_TIMEOUT,        /* AT+MFWCFG="timeout" */
  FD_CAP_CFG_MODE,           /* AT+MFWCFG="mode" (diff/full) */
  FD_CAP_CFG_PROGIND,        /* AT+MFWCFG="progind" */
  FD_CAP_CFG_SSL,            /* AT+MFWCFG="ssl" */
  FD_CAP_CFG_PKGSIZE,        /* AT+MFWCFG="pkgsize" */
  FD_CAP_PKGSIZE_ABOVE_512,  /* pkgsize 1024…3072 (M5310-E: 512 only) */
  FD_CAP_SCHEME_HTTP,
  FD_CAP_SCHEME_HTTPS,
  FD_CAP_SCHEME_FTP,
  FD_CAP_SCHEME_FTPS,
  FD_CAP_SCHEME_FILE,        /* file:// on the module's file system */
  FD_CAP_WRITE_HEX,          /* AT+MFWDLOAD=<offset>,<len>,"<hex>" */
  FD_CAP_WRITE_PASSTHROUGH,  /* AT+MFWDLOAD=<offset>,<len> then raw bytes */
  FD_CAP_MFWDLOAD,           /* a download step of its own */
  FD_CAP_MFWCHECK,
  FD_CAP_MFWERASE,
  FD_CAP_MFWUPGRADE,
  FD_CAP_UPGRADE_DOWNLOADS,  /* MFWUPGRADE downloads and upgrades in one go (ML30x) */
  FD_CAP_ROLLBACK,           /* a failed upgrade can be undone */
  FD_CAP_LAST
} FdCapability;

typedef enum {
  FD_SUPPORT_NO,
  FD_SUPPORT_YES,
  FD_SUPPORT_UNKNOWN, /* depends on something the module did not tell */
} FdSupport;

typedef struct {
  FdSupport   support;
  gboolean    inferred; /* the manual is silent: FotaDesk infers the cell */
  const char *reason;   /* untranslated (N_()), or NULL for a plainly stated "yes" */
} FdCapabilityInfo;

typedef struct _FdModel FdModel;

/* The row for a model string from AT+CGMM or ATI: longest prefix,
 * case-insensitive, surrounding spaces and quotes ignored. Never NULL:
 * an unknown or empty string gives the "unknown" row. */
const FdModel *fd_models_lookup (const char *model_string);
/* The most conservative row, for modules that are not in the table. */
const FdModel *fd_models_get_unknown (void);
/* The row with this stable id ("ml30xa-dsl"), or NULL. */
const FdModel *fd_models_get_by_id (const char *id);
/* Every row, the unknown one last. */
guint fd_models_get_n (void);
const FdModel *fd_models_get_nth (guint index);

/* For one job, after the user confirmed the exact sub-model (e.g.
 * "ML307A-DSLN" for a module that reported only "ML307A"): returns the
 * refined row, or NULL with FD_CONFIG_ERROR_INVALID when @sub_model is not
 * a refinement of @detected. A confirmation of the row itself is allowed;
 * any known model refines the unknown row. */
const FdModel *fd_models_confirm_sub_model (const FdModel *detected,
                                            const char    *sub_model,
                                            GError       **error);

/* Stable id ("mn316-s") and name for people ("MN316-S"). */
const char *fd_model_get_id (const FdModel *model);
const char *fd_model_get_name (const FdModel *model);
gboolean fd_model_is_unknown (const FdModel *model);
/* The dialects this model may speak; probing decides which it does. */
FdDialect fd_model_get_dialects (const FdModel *model);

/* One cell of the table; never NULL for a valid @cap. */
const FdCapabilityInfo *fd_model_get_capability (const FdModel *model, FdCapability cap);
FdSupport fd_model_supports (const FdModel *model, FdCapability cap);
/* The cell's reason, translated, or NULL when there is none. */
const char *fd_model_get_capability_reason (const FdModel *model, FdCapability cap);

/* TRUE when a batch of this model should start with one canary module:
 * a failed upgrade cannot be rolled back, or nothing is known. */
gboolean fd_model_get_canary_default (const FdModel *model);
/* The informative package file name (ML30x), or NULL. */
const char *fd_model_get_package_hint (const FdModel *model);
/* Whether MFWDLOAD hex writes quote the hex (the user may override). */
gboolean fd_model_get_hex_quoted (const FdModel *model);
/* The reboot command set by the user, or NULL: the spec confirms none,
 * so without one the product asks the user to power-cycle the module. */
char *fd_model_dup_reboot_command (const FdModel *model);

/* Stable name ("scheme-ftp") and short label for people ("ftp:// downloads"). */
const char *fd_capability_to_string (FdCapability cap);
const char *fd_capability_get_label (FdCapability cap);

/* User overrides, shared by every job (thread-safe). @command must start
 * with AT and hold no CR, LF or other control byte; NULL or "" clears it. */
gboolean fd_models_set_reboot_command (const char *model_id,
                                       const char *command,
                                       GError    **error);
gboolean fd_models_set_hex_quoted (const char *model_id,
                                   gboolean    quoted,
                                   GError    **error);
/* Applies the groups "[Model <id>]" of @keyfile, keys "reboot-command"
 * and "hex-quoted". All or nothing: on error no override changes. */
gboolean fd_models_load_overrides (GKeyFile *keyfile, GError **error);
/* Drops every user override. */
void fd_models_clear_overrides (void);

G_END_DECLS
