/* fd-reattach.h — find a module again after it rebooted
 *
 * Modules reboot during an upgrade; on USB their ttys vanish and come
 * back, maybe under other names (ttyUSB2 → ttyUSB5); a simulator
 * re-creates its pty under a new link. An FdReattach remembers who the
 * module is and waits — bounded, cancellable, blocking, for a job's
 * worker thread — until it is back, then returns the port to open:
 * - a module with its own USB identity: the same physical path (or the
 *   same VID:PID and USB serial on another socket), on the interface its
 *   AT port had; nothing is sent to it unless asked to confirm the IMEI,
 *   so URCs it prints as it comes back are left for the job;
 * - anything else (virtual ttys, UART bridges, whose USB identity is the
 *   bridge's): the same IMEI, asked of every AT candidate with the
 *   side-effect-free IMEI probe (fd_identify_imei()), the old port first.
 *   A port that answered another IMEI is not asked again while its node
 *   stays the same; without a known IMEI, the same group key.
 * The listing is polled about once a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-module.h"
#include "fd-port-enumerator.h"

G_BEGIN_DECLS

#define FD_REATTACH_DEFAULT_POLL_MS 1000

#define FD_TYPE_REATTACH (fd_reattach_get_type ())
G_DECLARE_FINAL_TYPE (FdReattach, fd_reattach, FD, REATTACH, GObject)

/* Remembers @module's identity (copied: @module may go). Ports are
 * listed with @enumerator (its globs and system list). */
FdReattach *fd_reattach_new (FdPortEnumerator *enumerator, FdModule *module);

/* For a module known only by its port (no scan before the job): lists the
 * ports once to learn the device behind @port (a path or one of its
 * aliases). @imei may be NULL. Fails with FD_SERIAL_ERROR_NOT_FOUND when
 * no listed device has that port. */
FdReattach *fd_reattach_new_for_port (FdPortEnumerator *enumerator,
                                      const char       *port,
                                      const char       *imei,
                                      GCancellable     *cancellable,
                                      GError          **error);

const char *fd_reattach_get_key (FdReattach *self);
const char *fd_reattach_get_imei (FdReattach *self);
/* The IMEI to look for, when the identity did not have it. */
void fd_reattach_set_imei (FdReattach *self, const char *imei);
/* TRUE when the module is found by its USB identity, FALSE by IMEI. */
gboolean fd_reattach_uses_usb_identity (FdReattach *self);

/* Also ask a USB module for its IMEI before returning its port (off by
 * default: it costs the URCs printed meanwhile). */
void fd_reattach_set_confirm_imei (FdReattach *self, gboolean confirm);
/* Bound on each IMEI probe command; 0 = FD_IDENTIFY_DEFAULT_TIMEOUT_MS. */
void fd_reattach_set_command_timeout (FdReattach *self, guint timeout_ms);
/* Pause between two looks at the listing; 0 = FD_REATTACH_DEFAULT_POLL_MS. */
void fd_reattach_set_poll_interval (FdReattach *self, guint interval_ms);

/* Waits until the module is back, at most @timeout_ms (a probe under way
 * at the deadline may add a fraction of a second), and sets *@new_port to
 * the device node to open. Fails with FD_SERIAL_ERROR_TIMEOUT (a message
 * naming the module and what to check) or G_IO_ERROR_CANCELLED. Call it
 * once the old port has gone away: a USB module whose port is still
 * listed is "back" at once. Blocking; one thread at a time. */
gboolean fd_reattach_wait (FdReattach   *self,
                           guint         timeout_ms,
                           GCancellable *cancellable,
                           char        **new_port,
                           GError      **error);

/* An FdFlowReattachFunc (fd-flow.h) with an FdReattach as @user_data:
 * fd_flow_set_reattach_func (flow, fd_reattach_flow_func, reattach).
 * @imei fills in the IMEI when the identity had none. */
char *fd_reattach_flow_func (const char   *old_port,
                             const char   *imei,
                             guint         timeout_ms,
                             gpointer      user_data,
                             GCancellable *cancellable,
                             GError      **error);

G_END_DECLS
