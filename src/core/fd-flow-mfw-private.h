/* fd-flow-mfw-private.h — the pieces of the MFW (dialect B) flow
 *
 * fd-flow-mfw.c runs the steps in order (configure, get the package onto
 * the module, verify, upgrade, confirm) and turns every way a step can
 * stop into a result; fd-flow-mfw-download.c is the module's own
 * download (AT+MFWDLOAD and its URCs, resume and erase), fd-flow-mfw-
 * write.c the tool's serial writes (hex chunks, passthrough), and
 * fd-flow-mfw-upgrade.c AT+MFWUPGRADE, the reboots and the ML30x
 * combined download and upgrade.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-upgrade-private.h"

G_BEGIN_DECLS

/* One run of the flow, on the job's thread. */
typedef struct
{
  FdFlow            *flow;
  FdJob             *job;
  const FdMfwConfig *config;
  const FdModel     *model;
  GCancellable      *cancellable;
  guint              command_ms; /* the command bound */
  FdMfwVerify        verify;     /* resolved: never AUTO */

  /* The package as FotaDesk has it: what a serial write sends, or the
   * copy a stored package is compared with. NULL when there is none. */
  GBytes *package;
  char   *display_source; /* where it came from, safe to show */

  /* Where things stand, for the message when the flow stops. */
  FdPhase  phase;
  gint64   phase_deadline;   /* the phase's bound, monotonic */
  guint64  done_bytes;       /* downloaded, or written and confirmed */
  guint64  sent_bytes;       /* written, confirmation still due */
  guint64  total_bytes;      /* 0 = not known */
  gboolean in_passthrough;   /* stopped inside a raw write */
  gboolean upgrade_reported; /* "+MFWUPGRADE: 2" seen */
  guint    reboots;
} MfwRun;

/* ---- fd-flow-mfw.c: shared helpers ---- */

/* Enters @phase and starts its bound (run->phase_deadline). */
void mfw_enter_phase (MfwRun *run, FdPhase phase);

/* Takes @cause and returns FALSE with @error set to what a person reads:
 * what happened while @doing, where the module stands, what to do.
 * Names the failure (timeout, unplugged, the error table's name for a
 * module code, ...) on the job; a cancellation stays G_IO_ERROR_CANCELLED. */
gboolean mfw_fail (MfwRun *run, GError **error, GError *cause, const char *doing);

/* A failure with a documented @name, the module's @code (or 0) and a
 * message that already says everything. */
gboolean mfw_fail_named (MfwRun *run, GError **error, const char *name, int code,
                         const char *format, ...) G_GNUC_PRINTF (5, 6);

/* An AT command that must end in OK; failures through mfw_fail(). */
gboolean mfw_command (MfwRun *run, const char *command, const char *doing, GError **error);

/* AT+MFWERASE, saying why. */
gboolean mfw_erase (MfwRun *run, const char *why, GError **error);
/* The configure phase's AT+MFWCFG lines. */
gboolean mfw_send_config (MfwRun *run, GError **error);

/* Waits until @deadline_us for a URC, keeping the session reading;
 * TRUE with *@line NULL when the deadline passed quietly. */
gboolean mfw_next_urc (MfwRun *run, gint64 deadline_us, char **line, GError **error);
/* Sleeps until @deadline_us while still reading URCs (they are logged
 * by the flow and dropped here); cancellable. */
gboolean mfw_pause (MfwRun *run, gint64 deadline_us, GError **error);

/* AT+MFWCHECK=<@verify> compared (case-insensitively) with @expected;
 * errors are the session's, unmapped. */
gboolean mfw_check_stored (MfwRun *run, FdMfwVerify verify, const char *expected, gboolean *same,
                           char **reported, GError **error);
/* "MD5", "SHA-1", "SHA-256". */
const char *mfw_verify_label (FdMfwVerify verify);
/* Lower-case hex checksum of the first @length bytes of run->package. */
char *mfw_package_checksum (MfwRun *run, FdMfwVerify verify, gsize length);

/* ---- fd-flow-mfw-download.c ---- */

/* AT+MFWDLOAD from the configured server URL until "+MFWDLOAD: 2". */
gboolean mfw_download_from_server (MfwRun *run, GError **error);
/* AT+MFWDLOAD taking the configured file:// file. */
gboolean mfw_take_module_file (MfwRun *run, GError **error);

/* ---- fd-flow-mfw-write.c ---- */

gboolean mfw_write_hex (MfwRun *run, GError **error);
gboolean mfw_write_passthrough (MfwRun *run, GError **error);

/* ---- fd-flow-mfw-upgrade.c ---- */

/* AT+MFWUPGRADE on a stored package, its report and the reboot. */
gboolean mfw_upgrade_stored (MfwRun *run, GError **error);
/* ML30x: AT+MFWUPGRADE downloads and flashes across several reboots. */
gboolean mfw_upgrade_combined (MfwRun *run, GError **error);
/* Reads the revision back and sets the job's outcome. */
gboolean mfw_confirm (MfwRun *run, GError **error);

G_END_DECLS
