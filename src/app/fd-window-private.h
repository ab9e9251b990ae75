/* fd-window-private.h — the window's parts, for the UI tests
 *
 * Tests drive the window as a person would, through its actions and the
 * widgets' own API; this header only lets them reach those widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-batch-panel.h"
#include "fd-config-panel.h"
#include "fd-device-list.h"
#include "fd-device-panel.h"
#include "fd-device-source.h"
#include "fd-transcript-view.h"
#include "fd-window.h"

G_BEGIN_DECLS

FdDeviceList   *fd_window_get_device_list (FdWindow *self);
FdDeviceSource *fd_window_get_device_source (FdWindow *self);
FdDevicePanel  *fd_window_get_device_panel (FdWindow *self);
FdConfigPanel  *fd_window_get_config_panel (FdWindow *self);
FdBatchPanel   *fd_window_get_batch_panel (FdWindow *self);
FdTranscriptView *fd_window_get_transcript_view (FdWindow *self);
/* The question the window asks now (start, errors), or NULL. */
GtkWidget *fd_window_get_open_alert (FdWindow *self);
/* The Fix Port Access window now shown, or NULL. */
GtkWidget *fd_window_get_port_access_dialog (FdWindow *self);
/* "configure", "progress", "transcript". */
const char *fd_window_get_visible_page (FdWindow *self);

G_END_DECLS
