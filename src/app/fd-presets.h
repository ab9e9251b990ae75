/* fd-presets.h — named configurations per dialect, and the last one used
 *
 * Kept in GSettings as key-file text, written by the core's own
 * *_config_save(): the preset format is the CLI's. Secrets (the MFW
 * password, the Luat key) are never kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-config-form.h"

G_BEGIN_DECLS

#define FD_TYPE_PRESETS (fd_presets_get_type ())
G_DECLARE_FINAL_TYPE (FdPresets, fd_presets, FD, PRESETS, GObject)

FdPresets *fd_presets_new (GSettings *settings);

/* The names of @dialect's presets, sorted. */
GStrv fd_presets_list (FdPresets *self, FdDialect dialect);
/* Saves @form's configuration as @name (replacing one of that name).
 * Names are 1…64 characters without line breaks or brackets. */
gboolean fd_presets_save (FdPresets    *self,
                          const char   *name,
                          FdConfigForm *form,
                          GError      **error);
gboolean fd_presets_load (FdPresets    *self,
                          const char   *name,
                          FdConfigForm *form,
                          GError      **error);
void fd_presets_delete (FdPresets *self, FdDialect dialect, const char *name);

/* The last-used configuration of each form. */
void fd_presets_remember (FdPresets *self, FdConfigForm *form);
/* FALSE (and @form untouched) when nothing was remembered for it. */
gboolean fd_presets_restore (FdPresets *self, FdConfigForm *form);

G_END_DECLS
