/* fd-cli-upgrade.h — `fotadesk-cli upgrade`: options and configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-cli.h"
#include "fd-luat-config.h"
#include "fd-mfw-config.h"
#include "fd-rsfota-config.h"

G_BEGIN_DECLS

/* Everything as given on the command line; numbers as text. */
typedef struct {
  char   **ports;
  char   **imeis;
  gboolean all;
  char    *concurrency;
  gboolean canary;
  gboolean no_canary;
  gboolean stop_on_failure;
  char    *reattach_timeout;
  char    *timeout;
  char    *confirm_model;
  /* rsfota */
  char    *mode, *log, *first_check, *auto_check, *first_rep, *auto_rep, *max_fail, *action;
  /* mfw (url shared with luat) */
  char    *url, *file, *write, *user, *password_file, *server_timeout, *package;
  char    *progind, *ssl_id, *pkgsize, *verify;
  gboolean erase_first, download_only;
  /* luat */
  char    *key_file, *auto_upgrade, *period;
  gboolean no_save, no_trigger;
} FdCliUpgradeOptions;

extern FdCliUpgradeOptions fd_cli_upgrade_options;
extern GOptionEntry fd_cli_upgrade_entries[];
void fd_cli_upgrade_options_clear (void);

gboolean fd_cli_parse_number (const char *option,
                              const char *text,
                              gboolean   *set,
                              guint64    *value,
                              GError    **error);

/* Build one dialect's configuration from the options; a usage error
 * (bad number, option of another dialect, missing source) otherwise. */
gboolean fd_cli_build_rsfota_config (FdRsfotaConfig *config, GError **error);
gboolean fd_cli_build_mfw_config (FdMfwConfig *config, GError **error);
gboolean fd_cli_build_luat_config (FdLuatConfig *config, GError **error);

extern const FdCliCommand fd_cli_command_upgrade;

G_END_DECLS
