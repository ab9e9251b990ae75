/* fd-flow.h — what every dialect flow needs on its worker thread: the
 * module's session, URCs as a queue, bounded waits, reattach after a
 * reboot, and reading the revision back
 *
 * Owned by one flow function on one job thread; not thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-at-session.h"
#include "fd-job.h"

G_BEGIN_DECLS

typedef struct {
  guint baud;
  guint command_timeout_ms;  /* one AT command; default 5 s */
  guint phase_timeout_ms;    /* one download/write/upgrade phase; default 10 min */
  guint reattach_timeout_ms; /* a module coming back after a reboot; default 10 min */
} FdFlowBounds;

void fd_flow_bounds_init (FdFlowBounds *bounds);

/* Finds the module again after a reboot; returns the port it is on now.
 * Must honour @timeout_ms and @cancellable. */
typedef char *(*FdFlowReattachFunc) (const char   *old_port,
                                     const char   *imei,
                                     guint         timeout_ms,
                                     gpointer      user_data,
                                     GCancellable *cancellable,
                                     GError      **error);

typedef struct _FdFlow FdFlow;

FdFlow *fd_flow_new (FdJob *job, const char *port, const FdFlowBounds *bounds);
void fd_flow_free (FdFlow *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdFlow, fd_flow_free)

/* Without one, a rebooted module is waited for on the same port path. */
void fd_flow_set_reattach_func (FdFlow            *self,
                                FdFlowReattachFunc func,
                                gpointer           user_data);
/* Every byte of every session the flow opens goes here too. */
void fd_flow_set_transcript_func (FdFlow            *self,
                                  FdAtTranscriptFunc func,
                                  gpointer           user_data);

FdJob *fd_flow_get_job (FdFlow *self);
const FdFlowBounds *fd_flow_get_bounds (FdFlow *self);
const char *fd_flow_get_port (FdFlow *self);
FdAtSession *fd_flow_get_session (FdFlow *self);

/* Opens the port, starts a session and turns echo off. */
gboolean fd_flow_open (FdFlow *self, GCancellable *cancellable, GError **error);
void fd_flow_close (FdFlow *self);

/* The session's command, bounded by the command timeout when
 * @timeout_ms is 0; URCs that arrive meanwhile are queued. */
GPtrArray *fd_flow_command (FdFlow       *self,
                            const char   *command,
                            guint         timeout_ms,
                            GCancellable *cancellable,
                            GError      **error);
/* The command's first information line starting with @prefix. */
char *fd_flow_query (FdFlow       *self,
                     const char   *command,
                     const char   *prefix,
                     GCancellable *cancellable,
                     GError      **error);

/* fd_flow_query() for a read whose answer holds a secret the job was not
 * told (a module's current Luat KEY): the exchange reaches the transcript
 * only once it is over, as whole lines with fd_redact_secrets() applied. */
char *fd_flow_query_redacted (FdFlow       *self,
                              const char   *command,
                              const char   *prefix,
                              GCancellable *cancellable,
                              GError      **error);

/* The next URC, waiting until @deadline_us (g_get_monotonic_time())
 * at most: FD_SERIAL_ERROR_TIMEOUT past it, FD_SERIAL_ERROR_GONE when
 * the port goes away (the module rebooting, or unplugged). */
gboolean fd_flow_next_urc (FdFlow       *self,
                           gint64        deadline_us,
                           char        **line,
                           GCancellable *cancellable,
                           GError      **error);
/* Forgets queued URCs (e.g. boot noise before a fresh step). */
void fd_flow_drop_urcs (FdFlow *self);

/* A deadline @timeout_ms from now. */
gint64 fd_flow_deadline (guint timeout_ms);

/* The module rebooted: closes the port, waits (bounded by the reattach
 * timeout) until it is back, reopens it and turns echo off again. */
gboolean fd_flow_reattach (FdFlow *self, GCancellable *cancellable, GError **error);

/* AT+CGMR, the firmware revision as the module reports it now. */
char *fd_flow_read_revision (FdFlow *self, GCancellable *cancellable, GError **error);

G_END_DECLS
