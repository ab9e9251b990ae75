/* fd-serial-port.h — one open serial port, poll()-based and cancellable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-errors.h"

G_BEGIN_DECLS

#define FD_TYPE_SERIAL_PORT (fd_serial_port_get_type ())
G_DECLARE_FINAL_TYPE (FdSerialPort, fd_serial_port, FD, SERIAL_PORT, GObject)

#define FD_SERIAL_PORT_DEFAULT_BAUD 115200

/* Opens @path (a real tty through libserialport; a pty, socat link or
 * by-id symlink through termios after resolving links), sets @baud 8N1, no
 * flow control, DTR/RTS on, raw mode, takes an exclusive lock (TIOCEXCL +
 * flock) and discards stale input. Errors are FD_SERIAL_ERROR codes with a
 * message that says what to do. */
FdSerialPort *fd_serial_port_open (const char *path,
                                   guint       baud,
                                   GError    **error);

/* TRUE when this process has @path's device open through an
 * FdSerialPort (links followed): a port a neighbour in the batch holds. */
gboolean fd_serial_port_is_open_here (const char *path);

/* fd_serial_port_open(), but a port that is busy is tried again every
 * 100 ms for up to @patience_ms: another program (a probe of a batch
 * neighbour, ModemManager having a look) may hold it for a moment.
 * Cancellable; any other error is returned at once. */
FdSerialPort *fd_serial_port_open_patiently (const char   *path,
                                             guint         baud,
                                             guint         patience_ms,
                                             GCancellable *cancellable,
                                             GError      **error);

const char *fd_serial_port_get_path (FdSerialPort *self);
/* The path after resolving symlinks (e.g. /dev/pts/7 for a sim link). */
const char *fd_serial_port_get_resolved_path (FdSerialPort *self);
guint fd_serial_port_get_baud (FdSerialPort *self);
int fd_serial_port_get_fd (FdSerialPort *self);

/* Reads what is available, at most @len bytes, waiting up to @timeout_ms
 * for the first byte. Returns the number of bytes read (> 0), or -1 with
 * FD_SERIAL_ERROR_TIMEOUT, FD_SERIAL_ERROR_GONE (POLLHUP/EIO),
 * G_IO_ERROR_CANCELLED or another error. Never returns 0. */
gssize fd_serial_port_read (FdSerialPort  *self,
                            guint8        *buf,
                            gsize          len,
                            guint          timeout_ms,
                            GCancellable  *cancellable,
                            GError       **error);

/* Writes all @len bytes, waiting for POLLOUT between partial writes
 * (backpressure). @timeout_ms bounds the wait for progress: it restarts
 * whenever some bytes go out. */
gboolean fd_serial_port_write_all (FdSerialPort  *self,
                                   const guint8  *data,
                                   gsize          len,
                                   guint          timeout_ms,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* Waits until everything written has left the driver (tcdrain), bounded. */
gboolean fd_serial_port_drain (FdSerialPort *self, GError **error);

/* Closes the fd now; later calls fail with FD_SERIAL_ERROR_GONE.
 * Finalize closes too. May be called from another thread: a read, write
 * or drain blocked in the owning thread returns FD_SERIAL_ERROR_GONE
 * promptly, and the fd is closed once that call has left. */
void fd_serial_port_close (FdSerialPort *self);

G_END_DECLS
