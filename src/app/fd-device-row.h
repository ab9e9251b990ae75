/* fd-device-row.h — one row of the device list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-device-item.h"

G_BEGIN_DECLS

#define FD_TYPE_DEVICE_ROW (fd_device_row_get_type ())
G_DECLARE_FINAL_TYPE (FdDeviceRow, fd_device_row, FD, DEVICE_ROW, AdwBin)

GtkWidget    *fd_device_row_new (void);
void          fd_device_row_set_item (FdDeviceRow *self, FdDeviceItem *item);
FdDeviceItem *fd_device_row_get_item (FdDeviceRow *self);

/* Short dialect names for badges: "RSFOTA", "MFW", "Luat", joined by a
 * space for several; NULL for none. */
char *fd_dialects_dup_badge (FdDialect dialects);

G_END_DECLS
