/* fd-sim-pty.h — one pseudo-terminal pair seen from the module's side
 *
 * Private to the simulator. A pty is the "cable": the master is the
 * module's UART, the slave (/dev/pts/N) is what a client opens through a
 * stable symlink DIR/NAME. Freeing it is unplugging the cable: the link
 * disappears and the client's fd gets POLLHUP/EIO.
 *
 * Both directions are paced at baud/10 bytes per second when a baud is
 * set (8N1: ten bit times per byte); 0 means as fast as the kernel goes.
 * All calls happen on the thread that owns @context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FdSimPty FdSimPty;

/* Bytes the client wrote. The callback may free the pty. */
typedef void (*FdSimPtyReadFunc) (const guint8 *data, gsize len, gpointer user_data);

/* Opens a pty pair, puts the slave in raw mode at once (otherwise the
 * line discipline echoes and translates what the module writes before a
 * client opens it), and points @link_path at the slave. An existing
 * symlink at @link_path is replaced only when it is dangling; anything
 * else there is an error. */
FdSimPty *fd_sim_pty_new (const char *link_path, GMainContext *context, FdSimPtyReadFunc read_func,
                          gpointer user_data, GError **error);

/* Removes the link, closes both ends and drops unsent output. */
void fd_sim_pty_free (FdSimPty *self);

const char *fd_sim_pty_get_link_path (FdSimPty *self);
const char *fd_sim_pty_get_slave_path (FdSimPty *self);

/* Queues bytes for the client. Past a bound (a client that never reads)
 * further bytes are dropped, as a UART with nobody listening loses them. */
void  fd_sim_pty_write (FdSimPty *self, const guint8 *data, gsize len);
gsize fd_sim_pty_get_queued (FdSimPty *self);

/* TRUE when nothing is queued here and the client has read everything the
 * kernel holds for it. */
gboolean fd_sim_pty_is_drained (FdSimPty *self);

void fd_sim_pty_set_baud (FdSimPty *self, guint baud);

/* While paused the module reads nothing: the client's writes back up in
 * the kernel buffer (a busy flash, or a module that stopped reading). */
void fd_sim_pty_set_read_paused (FdSimPty *self, gboolean paused);

/* Holds the slave like another process would (flock + TIOCEXCL), so a
 * client that locks gets EWOULDBLOCK and an unprivileged one EBUSY. */
gboolean fd_sim_pty_set_busy (FdSimPty *self, gboolean busy, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSimPty, fd_sim_pty_free)

G_END_DECLS
