/* fd-config-panel.h — the middle of the window: the dialect chooser, the
 * form of the chosen dialect, presets, and what stands between the user
 * and the Start button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-config-form.h"
#include "fd-presets.h"

G_BEGIN_DECLS

#define FD_TYPE_CONFIG_PANEL (fd_config_panel_get_type ())
G_DECLARE_FINAL_TYPE (FdConfigPanel, fd_config_panel, FD, CONFIG_PANEL, AdwBin)

/* Where presets and the last configuration are kept; restores the last
 * configuration of each form. */
void fd_config_panel_set_presets (FdConfigPanel *self, FdPresets *presets);
/* Remembers every form as it is now (last used). */
void fd_config_panel_remember (FdConfigPanel *self);

/* Fills the MFW and Luat URL fields with these, where they are empty
 * (demo mode's package server). */
void fd_config_panel_offer_urls (FdConfigPanel *self, const char *mfw_url, const char *luat_url);

/* The selected modules (FdDeviceItem). When the form shown is not of a
 * dialect they all speak, the panel shows one they do. */
void fd_config_panel_set_targets (FdConfigPanel *self, GPtrArray *items);

/* The dialect shown ("dialect" property: "rsfota", "mfw", "luat"). */
void fd_config_panel_set_dialect (FdConfigPanel *self, FdDialect dialect);
FdDialect fd_config_panel_get_dialect (FdConfigPanel *self);
/* The form shown, and the form of @dialect. */
FdConfigForm *fd_config_panel_get_form (FdConfigPanel *self);
FdConfigForm *fd_config_panel_get_form_for (FdConfigPanel *self, FdDialect dialect);

/* Modules are selected and the form shown has no error. */
gboolean fd_config_panel_can_start (FdConfigPanel *self);
/* The line above the Start button, and the problems listed under it. */
const char *fd_config_panel_get_status (FdConfigPanel *self);
const char *fd_config_panel_get_issues (FdConfigPanel *self);

G_END_DECLS
