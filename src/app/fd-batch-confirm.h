/* fd-batch-confirm.h — the body of the "Start?" question: what will
 * happen, to which modules, what to beware of, and canary first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FD_TYPE_BATCH_CONFIRM (fd_batch_confirm_get_type ())
G_DECLARE_FINAL_TYPE (FdBatchConfirm, fd_batch_confirm, FD, BATCH_CONFIRM, AdwBin)

/* @devices: FdDeviceItem; @plan: what each job does (the form's
 * description); @warnings: NULL or lines to beware of; @canary: the
 * default of the canary check box (offered for two modules or more). */
GtkWidget *fd_batch_confirm_new (GPtrArray *devices, const char *plan, const char *warnings,
                                 gboolean canary);
gboolean   fd_batch_confirm_get_canary (FdBatchConfirm *self);
/* Batch options, shown with their current settings. */
void     fd_batch_confirm_set_options (FdBatchConfirm *self, guint concurrency, gboolean stop);
guint    fd_batch_confirm_get_concurrency (FdBatchConfirm *self);
gboolean fd_batch_confirm_get_stop_on_failure (FdBatchConfirm *self);
void       fd_batch_confirm_set_canary (FdBatchConfirm *self, gboolean canary);

G_END_DECLS
