/* fd-luat-config.h — dialect C (Luat / AirM2M AT+UPGRADE): which server,
 * how often, and whether to check now
 *
 * A boxed value type with owned strings, like FdMfwConfig.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-models.h"
#include "fd-validation.h"

G_BEGIN_DECLS

typedef enum {
  FD_LUAT_SERVER_UNCHANGED, /* keep what the module has */
  FD_LUAT_SERVER_KEY,       /* the vendor's platform: "KEY" = ProductKey */
  FD_LUAT_SERVER_URL,       /* your own HTTP server: "URL" */
} FdLuatServer;

typedef struct {
  FdLuatServer server;
  char        *key;          /* a secret: redacted everywhere */
  char        *url;          /* http:// only */
  gboolean     has_auto;
  gboolean     auto_upgrade; /* "AUTO": periodic checks (the module's default is on) */
  gboolean     has_period;
  guint64      period;       /* "PERIOD": s, 60…4294967295 */
  gboolean     keep_after_reboot; /* savetoNV: TRUE sends 0 (save), FALSE sends 1 */
  gboolean     trigger;      /* run AT+UPGRADE (check and upgrade now) after configuring */
} FdLuatConfig;

#define FD_TYPE_LUAT_CONFIG (fd_luat_config_get_type ())
GType fd_luat_config_get_type (void);

/* Server unchanged, nothing set, kept after reboot, no trigger. */
void fd_luat_config_init (FdLuatConfig *config);
/* Frees the strings (and wipes the key) and re-inits. */
void fd_luat_config_clear (FdLuatConfig *config);
FdLuatConfig *fd_luat_config_new (void);
FdLuatConfig *fd_luat_config_copy (const FdLuatConfig *config);
void fd_luat_config_free (FdLuatConfig *config);
/* TRUE when both describe the same job (NULL and "" strings are equal). */
gboolean fd_luat_config_equal (const FdLuatConfig *a, const FdLuatConfig *b);

/* Every problem of @config for @model (NULL = the unknown row). */
FdValidation *fd_luat_config_validate (const FdLuatConfig *config, const FdModel *model);

/* The configure phase's AT+UPGRADE="<tag>",<value>,<savetoNV> lines (no
 * "\r"): server, PERIOD, then AUTO; refused with the validation's error
 * when @config has one. The trigger is not among them. */
GStrv fd_luat_config_build_commands (const FdLuatConfig *config,
                                     const FdModel      *model,
                                     GError            **error);

/* "AT+UPGRADE" when @config->trigger, else NULL. */
char *fd_luat_config_get_trigger_command (const FdLuatConfig *config);

/* Presets: keys "server", "key", "url", "auto", "period",
 * "keep-after-reboot", "trigger". The key is written only when
 * @with_secrets. Load starts from fd_luat_config_init(); @config must be
 * initialised (or zeroed) and is left unchanged on error. */
void fd_luat_config_save (const FdLuatConfig *config,
                          GKeyFile           *keyfile,
                          const char         *group,
                          gboolean            with_secrets);
gboolean fd_luat_config_load (FdLuatConfig *config,
                              GKeyFile     *keyfile,
                              const char   *group,
                              GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdLuatConfig, fd_luat_config_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdLuatConfig, fd_luat_config_clear)

G_END_DECLS
