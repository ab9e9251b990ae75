/* fd-sim-module.h — one simulated module on its own pseudo-terminal
 *
 * Every call is thread-safe: it runs on the fleet's simulator thread and
 * returns once it has taken effect. Getters read a snapshot kept under a
 * lock, so a test thread can block on a serial session and still ask the
 * module what it is doing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-sim-models.h"
#include "fd-sim-types.h"

G_BEGIN_DECLS

#define FD_TYPE_SIM_MODULE (fd_sim_module_get_type ())
G_DECLARE_FINAL_TYPE (FdSimModule, fd_sim_module, FD, SIM_MODULE, GObject)

/* Identity (fixed for the module's life). */
const char    *fd_sim_module_get_model (FdSimModule *self);
const char    *fd_sim_module_get_imei (FdSimModule *self);
FdSimDialectId fd_sim_module_get_dialect (FdSimModule *self);
guint          fd_sim_module_get_index (FdSimModule *self);

/* Where a client opens it: DIR/NAME while the link exists, else NULL. */
char *fd_sim_module_dup_link_path (FdSimModule *self);
/* The firmware revision AT+CGMR answers now. */
char            *fd_sim_module_dup_revision (FdSimModule *self);
FdSimModuleState fd_sim_module_get_state (FdSimModule *self);
/* Completed boots, the first power-up included. */
guint fd_sim_module_get_boot_count (FdSimModule *self);

/* Blocks (bounded) until the module answers AT after at least
 * @min_boot_count boots; FD_SIM_ERROR_TIMEOUT otherwise. */
gboolean fd_sim_module_wait_ready (FdSimModule *self, guint min_boot_count, guint timeout_ms,
                                   GError **error);
/* Blocks (bounded) until the link is gone. */
gboolean fd_sim_module_wait_offline (FdSimModule *self, guint timeout_ms, GError **error);

/* Line and timing. */
void fd_sim_module_set_baud (FdSimModule *self, guint baud); /* 0 = unpaced */
void fd_sim_module_set_realistic (FdSimModule *self, gboolean realistic);
void fd_sim_module_set_timing (FdSimModule *self, const FdSimTiming *timing);
void fd_sim_module_get_timing (FdSimModule *self, FdSimTiming *timing);
void fd_sim_module_set_reboot_style (FdSimModule *self, FdSimRebootStyle style);
/* On USB re-enumeration, come back under a new name (ttyUSB2 → ttyUSB5). */
void fd_sim_module_set_rename_on_reboot (FdSimModule *self, gboolean rename);

/* Power. */
void     fd_sim_module_reboot (FdSimModule *self);
void     fd_sim_module_unplug (FdSimModule *self);
gboolean fd_sim_module_plug (FdSimModule *self, GError **error);

/* Faults, all off by default. See fd_sim_module_apply_fault_spec() for
 * their names on the command line. */
void fd_sim_module_set_silent (FdSimModule *self, gboolean silent);
void fd_sim_module_set_never_return (FdSimModule *self, gboolean never_return);
void fd_sim_module_set_garbage (FdSimModule *self, guint percent);
void fd_sim_module_set_urc_delay (FdSimModule *self, guint delay_ms);
void fd_sim_module_set_urc_loss (FdSimModule *self, guint percent);
void fd_sim_module_set_flash_delay (FdSimModule *self, guint ms_per_kib);
/* @command as its name, e.g. "+MFWDLOAD" or "+CGMR"; NULL turns it off. */
void fd_sim_module_set_cme_fault (FdSimModule *self, const char *command, guint percent,
                                  guint code);
/* Drop the port once the current transfer (passthrough, hex writes, a
 * download) passes @bytes; -1 turns it off. One-shot. */
void fd_sim_module_set_drop_port_at (FdSimModule *self, gint64 bytes);
/* Break the module's own network download once, after @bytes; -1 off. */
void     fd_sim_module_set_net_cut_at (FdSimModule *self, gint64 bytes);
gboolean fd_sim_module_set_busy (FdSimModule *self, gboolean busy, GError **error);

/* Firmware quirks the spec leaves open. */
void fd_sim_module_set_passthrough_max (FdSimModule *self, gsize max_len); /* 0 = no limit */
void fd_sim_module_set_passthrough_ok_go_ahead (FdSimModule *self, gboolean ok);
void fd_sim_module_set_upgrade_sends_ok (FdSimModule *self, gboolean ok);

/* Parses one fault or quirk: "silence", "never-return", "garbage=PCT",
 * "urc-delay=MS", "urc-loss=PCT", "slow-flash=MS_PER_KIB",
 * "cme=COMMAND:PCT[:CODE]", "drop-port=BYTES", "net-cut=BYTES", "busy",
 * "pt-max=BYTES", "pt-ok", "upgrade-ok". */
gboolean fd_sim_module_apply_fault_spec (FdSimModule *self, const char *spec, GError **error);

/* Simulated platforms. Dialect A: the OneNET package and what happens to
 * it; the report flow fails @report_failures times before it succeeds. */
void fd_sim_module_set_onenet (FdSimModule *self, gsize package_size, const char *target_revision,
                               FdSimOnenetOutcome outcome);
void fd_sim_module_set_onenet_report_failures (FdSimModule *self, guint report_failures);
/* Dialect C, the platform behind "KEY": @fota_cause 0 means the upgrade
 * goes ahead to @target_version; otherwise the result is
 * +UPGRADE: 2,@error_code,@http_status,@fota_cause. */
void fd_sim_module_set_luat_platform (FdSimModule *self, const char *target_version,
                                      gsize package_size, int error_code, int http_status,
                                      int fota_cause, gboolean report_ok);
/* Dialect B "file://PATH" reads DIR/PATH. */
void fd_sim_module_set_fs_root (FdSimModule *self, const char *dir);

/* A replay module (fd_sim_fleet_add_replay) plays its answers this many
 * times faster than recorded (default 1). */
void fd_sim_module_set_replay_speed (FdSimModule *self, double speed);

/* Record everything that crosses the port (docs/transcript-format.md);
 * NULL stops. Secrets are written as "***". */
gboolean fd_sim_module_set_transcript_path (FdSimModule *self, const char *path, GError **error);

G_END_DECLS
