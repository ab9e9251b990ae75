/* fd-device-panel.h — the device list: one row per module, the batch
 * check boxes, the empty state and the ModemManager banner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-device-list.h"

G_BEGIN_DECLS

#define FD_TYPE_DEVICE_PANEL (fd_device_panel_get_type ())
G_DECLARE_FINAL_TYPE (FdDevicePanel, fd_device_panel, FD, DEVICE_PANEL, AdwBin)

void          fd_device_panel_set_list (FdDevicePanel *self, FdDeviceList *list);
FdDeviceList *fd_device_panel_get_list (FdDevicePanel *self);

/* NULL hides the banner. */
void fd_device_panel_set_modem_manager_advice (FdDevicePanel *self, const char *advice);
/* The advice the banner shows, or NULL when it is hidden. */
const char *fd_device_panel_get_modem_manager_advice (FdDevicePanel *self);
/* Demo mode runs: the empty state no longer offers it. */
void fd_device_panel_set_demo (FdDevicePanel *self, gboolean demo);

/* "empty" or "list": what the panel shows. */
const char *fd_device_panel_get_visible_page (FdDevicePanel *self);

G_END_DECLS
