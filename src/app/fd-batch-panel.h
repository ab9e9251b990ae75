/* fd-batch-panel.h — the progress view: one row per module of the batch,
 * the summary, cancel one or all, the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-batch-session.h"

G_BEGIN_DECLS

#define FD_TYPE_BATCH_PANEL (fd_batch_panel_get_type ())
G_DECLARE_FINAL_TYPE (FdBatchPanel, fd_batch_panel, FD, BATCH_PANEL, AdwBin)

void            fd_batch_panel_set_session (FdBatchPanel *self, FdBatchSession *session);
FdBatchSession *fd_batch_panel_get_session (FdBatchPanel *self);
/* The summary line ("3 of 5 done · …"). */
const char *fd_batch_panel_get_summary (FdBatchPanel *self);
/* The last question asked (cancel while flashing), while it is open. */
GtkWidget *fd_batch_panel_get_open_alert (FdBatchPanel *self);
/* Writes the report to @file, blocking (the Export dialog does the same
 * in a worker). */
gboolean fd_batch_panel_export_to (FdBatchPanel *self, GFile *file, GError **error);

G_END_DECLS
