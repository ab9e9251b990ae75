/* fd-error-table.h — every error code of the spec, with its meaning in
 * words (what happened, what to do), translatable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FD_ERROR_SOURCE_CME,        /* OneMO MFW +CME ERROR 850…855 */
  FD_ERROR_SOURCE_LUAT,       /* Luat +UPGRADE: 2,<error code>: -1000…-1006 */
  FD_ERROR_SOURCE_FOTA_CAUSE, /* Luat <fota cause>: 3, 17, 25, 26, 27 */
  FD_ERROR_SOURCE_RSFOTA,     /* +RSFOTA outcomes, code = state * 10 + event
                               * (0 no package, 14 download failed,
                               * 15 rejected, 12 paused, 24 upgrade failed,
                               * -10 report interrupted) */
} FdErrorSource;

typedef struct {
  FdErrorSource source;
  int           code;
  const char   *name;    /* stable machine name: "download-failed", ... */
  const char   *message; /* untranslated (N_()); use fd_error_table_describe() */
} FdErrorEntry;

const FdErrorEntry *fd_error_table_lookup (FdErrorSource source, int code);

/* The translated meaning, or a sentence naming the unknown code. */
char *fd_error_table_describe (FdErrorSource source, int code);

/* All entries, for tests and documentation. */
const FdErrorEntry *fd_error_table_get_all (gsize *n_entries);

G_END_DECLS
