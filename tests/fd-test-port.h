/* fd-test-port.h — a minimal serial client for tests, by path, like a tool
 *
 * Opens a tty (the simulator's link) with open(O_RDWR|O_NOCTTY), raw
 * termios and an exclusive flock, then writes commands and reads lines
 * with poll() and bounds. Deliberately separate from src/core's serial
 * port, so the simulator is tested by an independent client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FdTestPort FdTestPort;

/* G_IO_ERROR_BUSY when another holder has the lock. */
FdTestPort *fd_test_port_open (const char *path, GError **error);
void        fd_test_port_close (FdTestPort *self);

void fd_test_port_write (FdTestPort *self, const void *data, gsize len);
/* FALSE (and the port marked gone) when it hangs up meanwhile. */
gboolean fd_test_port_try_write (FdTestPort *self, const void *data, gsize len);
/* Writes @command followed by "\r". */
void fd_test_port_send (FdTestPort *self, const char *command);

/* The next non-empty line (terminators stripped), or NULL when none
 * arrives within @timeout_ms or the port is gone. */
char *fd_test_port_read_line (FdTestPort *self, guint timeout_ms);
/* Raw bytes that arrive within @timeout_ms (line buffer included). */
GBytes *fd_test_port_read_raw (FdTestPort *self, guint timeout_ms);
/* TRUE once a read saw POLLHUP/EIO: the port went away. */
gboolean fd_test_port_is_gone (FdTestPort *self);
/* Waits until the port hangs up; FALSE on timeout. */
gboolean fd_test_port_wait_gone (FdTestPort *self, guint timeout_ms);
/* Waits for a '>' prompt that has no line ending. */
gboolean fd_test_port_wait_prompt (FdTestPort *self, guint timeout_ms);
/* Drops what is buffered now (as a tool does on open). */
void fd_test_port_flush (FdTestPort *self);
/* Drops buffered input, and whatever arrives within @quiet_ms. */
void fd_test_port_drain (FdTestPort *self, guint quiet_ms);

/* Sends @command and returns every line up to and including the final
 * result code (OK, ERROR, +CME ERROR: …), the echo of @command excluded.
 * NULL when no final result came within @timeout_ms. */
GPtrArray *fd_test_port_command (FdTestPort *self, const char *command, guint timeout_ms);

/* Asserts that the next lines are exactly @expected (NULL-terminated),
 * each within @timeout_ms. */
void fd_test_port_expect (FdTestPort *self, const char *const *expected, guint timeout_ms);
/* Reads lines until one equals @line; the skipped ones are returned
 * (NULL when @line never came). */
GPtrArray *fd_test_port_wait_line (FdTestPort *self, const char *line, guint timeout_ms);

/* Opens @path, retrying until it exists and opens, for up to @timeout_ms. */
FdTestPort *fd_test_port_open_wait (const char *path, guint timeout_ms);

/* Sends ATE0 and discards everything up to its OK. */
void fd_test_port_echo_off (FdTestPort *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTestPort, fd_test_port_close)

G_END_DECLS
