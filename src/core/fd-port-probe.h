/* fd-port-probe.h — open a port, ask who is there, close it; many at once
 *
 * The step the scanner and the reattach code share: one port opened
 * exclusively, fd_identify() (or its IMEI-only form) run on a session, the
 * port closed again, and every failure turned into an FdModuleProblem
 * with a message that says what to do. A probe set runs many probes in
 * parallel, each bounded by the command timeout, and lets its caller
 * cancel the ones it no longer needs as answers come in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-identify.h"
#include "fd-module.h"

G_BEGIN_DECLS

typedef enum {
  FD_PROBE_MODE_FULL, /* fd_identify() */
  FD_PROBE_MODE_IMEI, /* fd_identify_imei() */
} FdProbeMode;

typedef struct {
  FdIdentity      identity;  /* what was read, even when a problem followed */
  FdModuleProblem problem;   /* NONE: the port answered as a module */
  char           *message;   /* translated, what to do; NULL for NONE */
  gboolean        cancelled; /* the probe was cancelled: nothing is known */
} FdProbeResult;

void fd_probe_result_clear (FdProbeResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdProbeResult, fd_probe_result_clear)

/* Probes @path (blocking, bounded by @command_timeout_ms per command, 0 =
 * FD_IDENTIFY_DEFAULT_TIMEOUT_MS). A FULL probe of a port that answers AT
 * but tells neither an IMEI nor any dialect reports NOT_A_MODEM; an IMEI
 * probe only reports what kept it from reading one. */
void fd_port_probe (const char    *path,
                    FdProbeMode    mode,
                    guint          command_timeout_ms,
                    FdProbeResult *result,
                    GCancellable  *cancellable);

/* ---- many probes at once ---------------------------------------------- */

typedef struct _FdProbeSet FdProbeSet;

/* Called as each probe finishes, in the thread that ran it, one call at a
 * time (under the set's lock): it may look at any probe's state with
 * fd_probe_set_is_done() / _get_result() and call fd_probe_set_cancel(),
 * and must not block. */
typedef void (*FdProbeSetDoneFunc) (FdProbeSet *set,
                                    guint       index,
                                    gpointer    user_data);

#define FD_PROBE_SET_DEFAULT_PARALLEL 32

/* @max_parallel 0 = FD_PROBE_SET_DEFAULT_PARALLEL. */
FdProbeSet *fd_probe_set_new (FdProbeMode mode,
                              guint       command_timeout_ms,
                              guint       max_parallel);
void fd_probe_set_free (FdProbeSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdProbeSet, fd_probe_set_free)

/* Adds a probe of @path; returns its index. Probes start in this order. */
guint fd_probe_set_add (FdProbeSet *set, const char *path);
guint fd_probe_set_get_n (FdProbeSet *set);
const char *fd_probe_set_get_path (FdProbeSet *set, guint index);

/* Runs every probe, at most max_parallel at a time, and returns once all
 * have finished. Cancelling @cancellable cancels every probe. */
void fd_probe_set_run (FdProbeSet        *set,
                       FdProbeSetDoneFunc done,
                       gpointer           user_data,
                       GCancellable      *cancellable);

/* From the done function: stops probe @index (if not already finished);
 * it finishes as cancelled. */
void fd_probe_set_cancel (FdProbeSet *set, guint index);
/* From the done function or after run(). */
gboolean fd_probe_set_is_done (FdProbeSet *set, guint index);
FdProbeResult *fd_probe_set_get_result (FdProbeSet *set, guint index);

G_END_DECLS
