/* fd-record-util.h — helpers shared by the record writers (audit log,
 * transcript): secret redaction, timestamps, whole writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every secret is replaced with, in every record we write (the same
 * word as the pattern-based redaction of fd-redact.h). */
#ifndef FD_REDACTED
#define FD_REDACTED "***"
#endif

/* Copies @len bytes of @data to @out with every occurrence of a secret of
 * @secrets (NULL-terminated, may be NULL; empty strings are ignored)
 * replaced by FD_REDACTED; longer secrets win where two overlap.
 *
 * With @at_end FALSE the input is a stream still going on: a tail of
 * @data that could be the start of a secret is not copied, so that a
 * secret split across two pieces is still caught. Returns how many bytes
 * of @data were consumed; the caller keeps the rest and passes it again,
 * in front of the next piece. With @at_end TRUE everything is consumed. */
gsize fd_redact_scan (const guint8      *data,
                      gsize              len,
                      const char *const *secrets,
                      gboolean           at_end,
                      GByteArray        *out);

/* @text with every secret replaced by FD_REDACTED (a new string; NULL
 * for NULL). */
char *fd_redact_string (const char *text, const char *const *secrets);

/* "2026-11-20T10:15:02.123+08:00": ISO 8601, local time, milliseconds,
 * numeric UTC offset. */
char *fd_format_iso8601_ms (GDateTime *time);

/* fd_format_iso8601_ms() of the current time. */
char *fd_now_iso8601_ms (void);

/* write() until all of @buf is written (retrying EINTR and short writes).
 * FALSE with a G_IO_ERROR from errno on failure. */
gboolean fd_write_all (int           fd,
                       const void   *buf,
                       gsize         len,
                       GError      **error);

/* Creates @dir and its parents with mode 0700 if missing. */
gboolean fd_ensure_private_dir (const char *dir, GError **error);

/* fsync() on a directory, so that a file just created in it survives a
 * power cut; failures are ignored (some file systems refuse it). */
void fd_sync_dir (const char *dir);

G_END_DECLS
