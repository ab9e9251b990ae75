/* fd-at-session.h — one AT conversation over one open port
 *
 * Blocking by design (fwupd style): a job's worker thread owns the session
 * and calls it synchronously; every call is bounded by a timeout and a
 * GCancellable. URCs that arrive before, during or after a command are
 * handed to the URC handler, in order, in the calling thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-serial-port.h"

G_BEGIN_DECLS

#define FD_TYPE_AT_SESSION (fd_at_session_get_type ())
G_DECLARE_FINAL_TYPE (FdAtSession, fd_at_session, FD, AT_SESSION, GObject)

#define FD_AT_DEFAULT_TIMEOUT_MS 5000

typedef enum {
  FD_AT_DIRECTION_TX,
  FD_AT_DIRECTION_RX,
  FD_AT_DIRECTION_NOTE, /* an event such as port-gone, text in @data */
} FdAtDirection;

/* @time_ms: monotonic milliseconds since the session was created. */
typedef void (*FdAtUrcFunc) (FdAtSession *session,
                             const char  *line,
                             gint64       time_ms,
                             gpointer     user_data);
typedef void (*FdAtTranscriptFunc) (FdAtSession  *session,
                                    FdAtDirection direction,
                                    const guint8 *data,
                                    gsize         len,
                                    gint64        time_ms,
                                    gpointer      user_data);
/* Passthrough write progress: bytes handed to the port so far. */
typedef void (*FdAtWriteProgressFunc) (gsize    written,
                                       gsize    total,
                                       gpointer user_data);

/* Takes a reference on @port. */
FdAtSession *fd_at_session_new (FdSerialPort *port);
FdSerialPort *fd_at_session_get_port (FdAtSession *self);

void fd_at_session_set_urc_handler (FdAtSession   *self,
                                    FdAtUrcFunc    func,
                                    gpointer       user_data,
                                    GDestroyNotify destroy);
void fd_at_session_set_transcript_handler (FdAtSession       *self,
                                           FdAtTranscriptFunc func,
                                           gpointer           user_data,
                                           GDestroyNotify     destroy);
/* Adds a note (port gone, reopened, ...) to the transcript stream. */
void fd_at_session_note (FdAtSession *self, const char *text);

/* Sends @command (without "\r"; refused with FD_AT_ERROR_INVALID_COMMAND
 * if it holds CR, LF or another control byte) and collects lines until the
 * final result code. Returns the information lines (never NULL on
 * success, maybe empty), or NULL with: a module error (FD_AT_ERROR_ERROR,
 * FD_CME_ERROR, ...), FD_SERIAL_ERROR_TIMEOUT when no final result came
 * within @timeout_ms (0 = FD_AT_DEFAULT_TIMEOUT_MS),
 * FD_SERIAL_ERROR_GONE, or G_IO_ERROR_CANCELLED. */
GPtrArray *fd_at_session_command (FdAtSession  *self,
                                  const char   *command,
                                  guint         timeout_ms,
                                  GCancellable *cancellable,
                                  GError      **error);

/* fd_at_session_command() expecting exactly one info line starting with
 * @prefix (e.g. "+CGSN:"), or any first info line when @prefix is NULL;
 * returned as a new string (the whole line, prefix included, for the
 * decoders). No such line: FD_AT_ERROR_UNEXPECTED_RESPONSE. */
char *fd_at_session_query (FdAtSession  *self,
                           const char   *command,
                           const char   *prefix,
                           guint         timeout_ms,
                           GCancellable *cancellable,
                           GError      **error);

/* Sends ATE0 (echo may come back once). */
gboolean fd_at_session_echo_off (FdAtSession  *self,
                                 GCancellable *cancellable,
                                 GError      **error);

/* Reads and dispatches URCs for up to @timeout_ms, returning early once at
 * least one URC was dispatched (then *@n_urcs > 0). A quiet port is not
 * an error: returns TRUE with *@n_urcs = 0. FALSE on gone/cancel/I/O. */
gboolean fd_at_session_wait_urcs (FdAtSession  *self,
                                  guint         timeout_ms,
                                  guint        *n_urcs,
                                  GCancellable *cancellable,
                                  GError      **error);

/* Passthrough write: sends @command, waits up to @prompt_timeout_ms for
 * the go-ahead ('>' prompt, or OK), streams @len raw bytes with
 * backpressure (@progress called as they go), then waits for the final
 * result up to @final_timeout_ms after the module can have read the last
 * byte (the time the line needs for what the kernel still buffered is
 * added, estimated from the rate the port took the bytes). No go-ahead in time:
 * FD_AT_ERROR_NO_PROMPT; an error answer before or during the stream
 * stops it and is returned; an OK before all bytes went out:
 * FD_AT_ERROR_UNEXPECTED_RESPONSE; the port taking no data for
 * @final_timeout_ms: FD_SERIAL_ERROR_TIMEOUT. */
gboolean fd_at_session_write_raw (FdAtSession          *self,
                                  const char           *command,
                                  const guint8         *data,
                                  gsize                 len,
                                  guint                 prompt_timeout_ms,
                                  guint                 final_timeout_ms,
                                  FdAtWriteProgressFunc progress,
                                  gpointer              progress_data,
                                  GCancellable         *cancellable,
                                  GError              **error);

G_END_DECLS
