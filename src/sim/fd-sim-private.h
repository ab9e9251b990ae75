/* fd-sim-private.h — what the simulator's files share and nobody else sees
 *
 * Everything here runs on the simulator thread unless it says otherwise.
 * A module's state is split like a real firmware's: what survives a
 * reboot ("flash": configuration, a stored package, a pending report) and
 * what a reboot wipes ("RAM": echo, a command in progress, timers, a
 * download). Dialects keep the same split in their own state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-sim-command.h"
#include "fd-sim-fetch.h"
#include "fd-sim-fleet.h"
#include "fd-sim-models.h"
#include "fd-sim-module.h"
#include "fd-sim-pty.h"
#include "fd-sim-transcript.h"

G_BEGIN_DECLS

#define FD_SIM_COMMAND_MAX 4096

typedef struct _FdSimReplay FdSimReplay;

/* The simulator thread: its own GMainContext, and a way to run code there
 * from any thread and wait for it, which fails cleanly once stopped. */
typedef struct _FdSimRunner FdSimRunner;

FdSimRunner  *fd_sim_runner_new (void);
FdSimRunner  *fd_sim_runner_ref (FdSimRunner *self);
void          fd_sim_runner_unref (FdSimRunner *self);
GMainContext *fd_sim_runner_get_context (FdSimRunner *self);
/* Runs @func (data) on the simulator thread and returns once it ran
 * (directly when already there). FALSE when the runner has stopped. */
gboolean fd_sim_runner_call (FdSimRunner *self, GSourceFunc func, gpointer data);
/* Quits the loop and joins the thread; later calls return FALSE. */
void fd_sim_runner_stop (FdSimRunner *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSimRunner, fd_sim_runner_unref)

/* One dialect's firmware, behind a small interface. */
typedef struct
{
  const char *name;
  gpointer (*state_new) (FdSimModule *module);
  void (*state_free) (gpointer state);
  /* After every boot, once the module answers AT: resume flows that
   * survive a reboot (a report, the next phase of an upgrade). */
  void (*boot) (FdSimModule *module, gpointer state);
  /* Just before power goes: forget RAM state. */
  void (*power_off) (FdSimModule *module, gpointer state);
  /* TRUE when @cmd belongs to this dialect (answered, even with ERROR). */
  gboolean (*handle) (FdSimModule *module, gpointer state, const FdSimCommand *cmd);
} FdSimDialect;

extern const FdSimDialect fd_sim_dialect_rsfota;
extern const FdSimDialect fd_sim_dialect_mfw;
extern const FdSimDialect fd_sim_dialect_luat;

/* Common commands (AT, ATE, ATI, +CMEE, +CGMx, +CGSN, +CFUN, …). */
gboolean fd_sim_common_handle (FdSimModule *module, const FdSimCommand *cmd);

typedef struct
{
  gboolean silent;
  gboolean never_return;
  guint    garbage_percent;
  guint    urc_delay_ms;
  guint    urc_loss_percent;
  guint    flash_ms_per_kib;
  char    *cme_command; /* "+MFWDLOAD" */
  guint    cme_percent;
  guint    cme_code;
  gint64   drop_port_at;
  gint64   net_cut_at;
  gboolean busy;
  gsize    passthrough_max;
  gboolean passthrough_ok;
  gboolean upgrade_ok;
} FdSimFaults;

/* Dialect A platform. */
typedef struct
{
  gsize              package_size;
  char              *target_revision;
  FdSimOnenetOutcome outcome;
  guint              report_failures;
} FdSimOnenet;

/* Dialect C platform. */
typedef struct
{
  char    *target_version;
  gsize    package_size;
  int      error_code;
  int      http_status;
  int      fota_cause;
  gboolean report_ok;
} FdSimLuatPlatform;

typedef void (*FdSimTimerFunc) (FdSimModule *module, gpointer data);
typedef void (*FdSimPassthroughData) (FdSimModule *module, const guint8 *data, gsize len,
                                      gpointer user_data);
/* @complete FALSE: the client went silent before sending every byte. */
typedef void (*FdSimPassthroughDone) (FdSimModule *module, gboolean complete, gpointer user_data);

struct _FdSimModule
{
  GObject parent_instance;

  /* Fixed at construction. */
  FdSimRunner      *runner;
  GMainContext     *context; /* the runner's */
  const FdSimModel *model;
  char             *model_name;
  char             *imei;
  guint             index;
  FdSimFleet       *fleet;     /* unowned; NULL once shut down */
  gint              shut_down; /* atomic */

  /* Snapshot for other threads, under snap_lock. */
  GMutex           snap_lock;
  GCond            snap_cond;
  char            *snap_link_path;
  char            *snap_revision;
  FdSimModuleState snap_state;
  guint            snap_boots;

  /* Flash. */
  char               *revision;
  FdSimRebootStyle    reboot_style;
  gboolean            rename_on_reboot;
  char               *link_name;
  guint               baud;
  FdSimTiming         timing;
  FdSimFaults         faults;
  FdSimOnenet         onenet;
  FdSimLuatPlatform   luat;
  char               *fs_root;
  const FdSimDialect *dialect;
  gpointer            dialect_state;
  FdSimReplay        *replay;

  /* RAM and the cable. */
  FdSimPty            *pty;
  FdSimModuleState     state;
  guint                generation; /* bumps at every power-off */
  gboolean             echo;
  guint                cmee;
  gboolean             cfun_off;
  GString             *line;
  gboolean             line_overflow;
  gboolean             last_was_cr;
  GHashTable          *timers; /* source id → GSource* */
  GRand               *rand;
  gsize                pt_remaining;
  FdSimPassthroughData pt_data;
  FdSimPassthroughDone pt_done;
  gpointer             pt_user_data;
  guint                pt_idle_id;
  guint                power_id; /* the pending power-on, outside the RAM timers */
  guint                drain_id;
  GQueue               late_urcs; /* LateUrc*: the urc-delay fault's, kept across reboots */
  guint                late_id;
  gint64               drain_deadline;
  gint64               transfer_bytes; /* for the drop-port fault */

  /* Recording. */
  FdSimTranscriptWriter *transcript;
  GByteArray            *rec_tx;   /* tool bytes not written yet (a line in progress) */
  GByteArray            *rec_echo; /* echo of that line, written with it */
};

/* Settings that are one number, set from any thread (fd-sim-module.c). */
typedef enum
{
  OPT_BAUD,
  OPT_REALISTIC,
  OPT_REBOOT_STYLE,
  OPT_RENAME,
  OPT_SILENT,
  OPT_NEVER_RETURN,
  OPT_GARBAGE,
  OPT_URC_DELAY,
  OPT_URC_LOSS,
  OPT_FLASH_DELAY,
  OPT_DROP_PORT,
  OPT_NET_CUT,
  OPT_PT_MAX,
  OPT_PT_OK,
  OPT_UPGRADE_OK,
  OPT_REPORT_FAILURES,
} FdSimOption;

void fd_sim_module_set_option (FdSimModule *self, FdSimOption option, gint64 value);

/* --- fleet internals (any thread) --- */
char    *fd_sim_fleet_alloc_link_name (FdSimFleet *self);
void     fd_sim_fleet_release_link_name (FdSimFleet *self, const char *name);
gboolean fd_sim_fleet_claim_link_name (FdSimFleet *self, const char *name);
void     fd_sim_fleet_get_tls (FdSimFleet *self, char **ca_file, gboolean *insecure_loopback);

/* --- module construction (sim thread) --- */
FdSimModule *fd_sim_module_new (FdSimFleet *fleet, FdSimRunner *runner, const FdSimModel *model,
                                const char *model_name, const char *imei, const char *revision,
                                const char *link_name, guint index, guint baud, gboolean realistic);
gboolean     fd_sim_module_start (FdSimModule *self, GError **error);
void         fd_sim_module_shutdown (FdSimModule *self);
void         fd_sim_module_attach_replay (FdSimModule *self, FdSimReplay *replay);

/* --- output (fd-sim-io.c) --- */
void fd_sim_module_write_raw (FdSimModule *self, const guint8 *data, gsize len);
/* "\r\n<line>\r\n" */
void fd_sim_module_reply_line (FdSimModule *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* A line holding a secret: the port gets @line, the transcript @redacted. */
void fd_sim_module_reply_secret (FdSimModule *self, const char *line);
void fd_sim_module_reply_ok (FdSimModule *self);
void fd_sim_module_reply_error (FdSimModule *self);
/* +CME ERROR: <code> as AT+CMEE asks (0: ERROR, 2: the code's text). */
void fd_sim_module_reply_cme (FdSimModule *self, guint code);
/* A URC, subject to the urc-delay and urc-loss faults. */
void fd_sim_module_urc (FdSimModule *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* A boot line: never lost or delayed. */
void fd_sim_module_boot_line (FdSimModule *self, const char *line);
void fd_sim_module_note (FdSimModule *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Drops late URCs that are still waiting (shutdown). */
void fd_sim_module_clear_late_urcs (FdSimModule *self);
void fd_sim_module_begin_passthrough (FdSimModule *self, gsize len, FdSimPassthroughData data_func,
                                      FdSimPassthroughDone done_func, gpointer user_data);
/* Input from the pty. */
void fd_sim_module_input (const guint8 *data, gsize len, gpointer user_data);
void fd_sim_module_flush_record (FdSimModule *self);
void fd_sim_module_reset_input (FdSimModule *self);

/* --- timers and power (fd-sim-power.c) --- */
/* A one-shot timer that a power-off cancels. Returns its id. */
guint fd_sim_module_timeout (FdSimModule *self, guint delay_ms, FdSimTimerFunc func, gpointer data,
                             GDestroyNotify destroy);
void  fd_sim_module_cancel_timer (FdSimModule *self, guint id);
/* Delay of @seconds simulated seconds in real ms (timing.ms_per_second). */
guint fd_sim_module_sim_seconds (FdSimModule *self, double seconds);
/* Reboot as the model does; the output queue drains first (bounded). */
void fd_sim_module_do_reboot (FdSimModule *self);
/* Reboot with a USB re-enumeration whatever the model's style. */
void     fd_sim_module_do_reenumerate (FdSimModule *self);
void     fd_sim_module_do_unplug (FdSimModule *self);
gboolean fd_sim_module_do_plug (FdSimModule *self, GError **error);
void     fd_sim_module_set_revision_internal (FdSimModule *self, const char *revision);
void     fd_sim_module_publish (FdSimModule *self);
/* Counts bytes of a transfer; FALSE when the drop-port fault fired (the
 * module is gone: stop). Reset the count at the start of a transfer. */
gboolean fd_sim_module_transfer_progress (FdSimModule *self, gsize bytes);
/* Pause reading for the slow-flash fault after storing @bytes. */
void fd_sim_module_flash_pause (FdSimModule *self, gsize bytes);
/* TRUE with probability @percent, from the module's seeded generator. */
gboolean fd_sim_module_chance (FdSimModule *self, guint percent);

/* A download by the module itself, with the fleet's TLS options and the
 * module's faults and speed applied. */
FdSimFetch *fd_sim_module_fetch (FdSimModule *self, const char *url, const char *user,
                                 const char *password, guint64 resume_from, guint connect_timeout_s,
                                 FdSimFetchProgressFunc progress, FdSimFetchDoneFunc done,
                                 gpointer user_data);

/* --- replay (fd-sim-replay.c) --- */
FdSimReplay *fd_sim_replay_new (FdSimTranscript *transcript);
void         fd_sim_replay_free (FdSimReplay *self);
void         fd_sim_replay_start (FdSimReplay *self, FdSimModule *module);
void fd_sim_replay_input (FdSimReplay *self, FdSimModule *module, const guint8 *data, gsize len);
void fd_sim_replay_set_speed (FdSimReplay *self, double speed);
/* The replay's port notes: the link goes, or comes back (as @path's name
 * when that is free). Timers and the script go on. */
void fd_sim_module_replay_unplug (FdSimModule *self);
void fd_sim_module_replay_replug (FdSimModule *self, const char *path);

G_END_DECLS
