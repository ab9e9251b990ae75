/* fd-at-parser.h — pure AT framing: bytes to lines, lines to kinds
 *
 * No I/O here: the session and the simulator feed bytes in and get lines
 * out, so the same code is tested by tables and fuzzed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fd-errors.h"

G_BEGIN_DECLS

/* Several KiB: an echoed 512-byte hex write is over 1 KiB. */
#define FD_AT_LINE_MAX 8192

typedef enum {
  FD_AT_LINE_TEXT,   /* a complete line, terminators stripped, never empty */
  FD_AT_LINE_PROMPT, /* a '>' (optionally "> ") at line start with no terminator */
} FdAtLineEvent;

/* @line is NUL-terminated and valid only during the call; it may contain
 * non-UTF-8 bytes (NUL bytes in the input are dropped). */
typedef void (*FdAtLineFunc) (FdAtLineEvent event,
                              const char   *line,
                              gsize         len,
                              gpointer      user_data);

typedef struct _FdAtLineSplitter FdAtLineSplitter;

FdAtLineSplitter *fd_at_line_splitter_new (gsize max_line);
void fd_at_line_splitter_free (FdAtLineSplitter *self);
void fd_at_line_splitter_reset (FdAtLineSplitter *self);

/* Feeds @len bytes; calls @func for every complete line (any of \r, \n,
 * \r\n, \n\r ends a line; blank lines are skipped) and for a prompt. A
 * line longer than the maximum is discarded up to its end and reported
 * as FD_AT_ERROR_LINE_TOO_LONG after the remaining bytes are consumed;
 * the splitter stays usable. */
gboolean fd_at_line_splitter_feed (FdAtLineSplitter *self,
                                   const guint8     *data,
                                   gsize             len,
                                   FdAtLineFunc      func,
                                   gpointer          user_data,
                                   GError          **error);

/* Bytes of the current incomplete line (for a prompt a module sends
 * without a line ending, and for diagnostics). */
const char *fd_at_line_splitter_peek_partial (FdAtLineSplitter *self,
                                              gsize            *len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdAtLineSplitter, fd_at_line_splitter_free)

typedef enum {
  FD_AT_KIND_ECHO,       /* the command in flight, echoed back */
  FD_AT_KIND_OK,         /* final: OK */
  FD_AT_KIND_ERROR,      /* final: ERROR, +CME/+CMS/+CIS ERROR */
  FD_AT_KIND_INFO,       /* information response of the command in flight */
  FD_AT_KIND_URC,        /* unsolicited: anything else */
} FdAtLineKind;

/* Classifies one line. @command_in_flight is the command line as sent
 * (without \r), or NULL when no command is waiting for its answer.
 * Rules: a line equal to the command (case-insensitive, trailing spaces
 * ignored) is its echo; OK/ERROR/+CME ERROR/... are finals; "+NAME:" is
 * information when the command in flight is AT+NAME (query, read or set)
 * and NAME is not one that is only ever asynchronous (RSFOTA, MFWUPGRADE,
 * UPGRADEIND, UPGRADEDL, UPGRADEVER; MFWDLOAD unless the command is the
 * AT+MFWDLOAD? query); known boot lines (RDY, ...) are URCs; other text
 * while a command is in flight is information; with no command in flight
 * everything that is not a final is a URC. */
FdAtLineKind fd_at_classify_line (const char *line,
                                  const char *command_in_flight);

/* Parses a final line into a GError (FD_AT_ERROR_ERROR, FD_CME_ERROR with
 * the module's number as code, FD_AT_ERROR_MODULE_TEXT for text errors).
 * Returns FALSE for OK (no error set) and TRUE with @error set otherwise.
 * The message names the command and, for known codes, what the code
 * means (fd_at_error_table). */
gboolean fd_at_final_to_error (const char *line,
                               const char *command,
                               GError    **error);

/* @command as a message for people names it: whole up to
 * FD_AT_COMMAND_SHOWN_MAX bytes, else its start, "…" and its length (a
 * hex write's kilobyte of data tells a person nothing). */
#define FD_AT_COMMAND_SHOWN_MAX 64
char *fd_at_command_for_message (const char *command);

/* Splits "+NAME: a, "b,c" ,3/4, 5%" into @name ("NAME", without '+') and
 * @args (unquoted, surrounding spaces stripped; a quoted arg keeps inner
 * spaces). Accepts no space or several after ':' and ','. Returns FALSE
 * when the line has no "+NAME:" head. Arrays are owned by the caller. */
gboolean fd_at_split_info (const char *line,
                           char      **name,
                           GStrv      *args);

/* The value of a one-value answer: "+NAME: X", "Revision: X" or a bare
 * "X" line; surrounding spaces and quotes stripped. NULL when empty. */
char *fd_at_info_value (const char *line, const char *name);

/* TRUE when @value can be sent inside a quoted AT string parameter: no
 * '"', no byte < 0x20, no DEL. */
gboolean fd_at_string_is_safe (const char *value);

G_END_DECLS
