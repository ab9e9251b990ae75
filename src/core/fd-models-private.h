/* fd-models-private.h — the shape of a row of the model table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-models.h"

G_BEGIN_DECLS

#define FD_MODEL_MAX_PREFIXES 4

struct _FdModel {
  const char      *id;
  const char      *name;
  const char      *parent_id; /* the row this one refines (sub-models), or NULL */
  const char      *prefixes[FD_MODEL_MAX_PREFIXES + 1]; /* NULL-terminated */
  FdDialect        dialects;
  FdCapabilityInfo caps[FD_CAP_LAST];
  gboolean         canary_default;
  gboolean         hex_quoted;
  const char      *package_hint;
  gboolean         is_unknown;
};

/* fd-models-table.c: every row, the unknown row last. */
extern const FdModel fd_models_table[];
extern const guint fd_models_table_len;

G_END_DECLS
