/* fd-rsfota-config.h — dialect A (M5311 OneNET AT+RSFOTA): what to
 * configure and what to trigger
 *
 * A plain value type: copy it with "=". Every setting is optional and
 * only written when set (has_*). Numbers are 64-bit so that a value
 * typed past a bound can still be checked and named.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fd-models.h"
#include "fd-validation.h"

G_BEGIN_DECLS

typedef enum {
  FD_RSFOTA_RUN_AUTOMATIC = 0,       /* mode 0: the module checks by itself */
  FD_RSFOTA_RUN_TRIGGERED = 1,       /* mode 1: AT+RSFOTA=1 downloads and upgrades */
  FD_RSFOTA_RUN_TRIGGERED_SPLIT = 2, /* mode 2: AT+RSFOTA=2 downloads, =3 upgrades */
} FdRsfotaRunMode;

typedef enum {
  FD_RSFOTA_ACTION_NONE = 0,          /* configure only, or wait for the automatic check */
  FD_RSFOTA_ACTION_CHECK_UPGRADE = 1, /* check + download + upgrade (mode 0 or 1) */
  FD_RSFOTA_ACTION_DOWNLOAD = 2,      /* check + download only (mode 2) */
  FD_RSFOTA_ACTION_UPGRADE = 3,       /* upgrade a downloaded package (mode 2) */
} FdRsfotaAction;

typedef struct {
  /* AT+RSFOTAMODE=<mode>[,<log>[,<first_check>,<auto_check>]] */
  gboolean        has_mode;
  FdRsfotaRunMode mode;
  gboolean        has_log;
  gboolean        log;
  gboolean        has_first_check;
  guint64         first_check; /* s, >= 60, mode 0 only */
  gboolean        has_auto_check;
  guint64         auto_check;  /* s, >= 600, mode 0 only */
  /* AT+RSREPMODE=<first_rep>,<auto_rep>,<max_fail> */
  gboolean        has_first_rep;
  guint64         first_rep;   /* s, >= 10 */
  gboolean        has_auto_rep;
  guint64         auto_rep;    /* s, >= 120 */
  gboolean        has_max_fail;
  guint64         max_fail;    /* >= 1 */
  /* AT+RSFOTA=<action>, sent after the configuration */
  FdRsfotaAction  action;
} FdRsfotaConfig;

/* Defaults the manual documents, written when a command needs a value
 * the user left unset. */
#define FD_RSFOTA_DEFAULT_LOG         1
#define FD_RSFOTA_DEFAULT_FIRST_CHECK 60
#define FD_RSFOTA_DEFAULT_AUTO_CHECK  86400
#define FD_RSFOTA_DEFAULT_FIRST_REP   40
#define FD_RSFOTA_DEFAULT_AUTO_REP    120
#define FD_RSFOTA_DEFAULT_MAX_FAIL    10

/* Nothing set, no action. */
void fd_rsfota_config_init (FdRsfotaConfig *config);
/* TRUE when both would send the same commands (unset values ignored). */
gboolean fd_rsfota_config_equal (const FdRsfotaConfig *a, const FdRsfotaConfig *b);

/* Every problem of @config for @model (NULL = the unknown row): bounds,
 * action against mode, dialect; warnings for reboot, log=0, timing. */
FdValidation *fd_rsfota_config_validate (const FdRsfotaConfig *config, const FdModel *model);

/* The configure phase's command lines (no "\r"), in order; refused with
 * the validation's error when @config has one. An empty array when
 * nothing is to be written. */
GStrv fd_rsfota_config_build_commands (const FdRsfotaConfig *config,
                                       const FdModel        *model,
                                       GError              **error);

/* "AT+RSFOTA=<action>", or NULL for FD_RSFOTA_ACTION_NONE. */
char *fd_rsfota_action_command (FdRsfotaAction action);

/* Whether @action may be sent while the module runs in @mode (the mode
 * it reports now: written modes only apply after a reboot). Mode 0 with
 * action 1 is allowed, but the module may refuse it: the flow must then
 * explain that automatic mode takes no manual trigger. */
gboolean fd_rsfota_action_check (FdRsfotaAction  action,
                                 FdRsfotaRunMode mode,
                                 GError        **error);

/* Presets: keys "mode", "log", "first-check", "auto-check", "first-rep",
 * "auto-rep", "max-fail", "action"; unset values have no key. Load
 * starts from fd_rsfota_config_init(). */
void fd_rsfota_config_save (const FdRsfotaConfig *config, GKeyFile *keyfile, const char *group);
gboolean fd_rsfota_config_load (FdRsfotaConfig *config,
                                GKeyFile       *keyfile,
                                const char     *group,
                                GError        **error);

G_END_DECLS
