/* fd-job-row.h — one module's row in the batch view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-job-item.h"

G_BEGIN_DECLS

#define FD_TYPE_JOB_ROW (fd_job_row_get_type ())
G_DECLARE_FINAL_TYPE (FdJobRow, fd_job_row, FD, JOB_ROW, AdwBin)

GtkWidget *fd_job_row_new (void);
void       fd_job_row_set_item (FdJobRow *self, FdJobItem *item);

G_END_DECLS
