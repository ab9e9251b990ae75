/* fd-mfw-form.h — the form of dialect B (OneMO AT+MFW*): the package
 * source, the server, the local package file, the advanced settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-config-form.h"
#include "fd-mfw-config.h"

G_BEGIN_DECLS

#define FD_TYPE_MFW_FORM (fd_mfw_form_get_type ())
G_DECLARE_FINAL_TYPE (FdMfwForm, fd_mfw_form, FD, MFW_FORM, FdConfigForm)

GtkWidget *fd_mfw_form_new (void);
/* The configuration as the widgets say now. */
const FdMfwConfig *fd_mfw_form_get_config (FdMfwForm *self);

/* Picks the source as its radio row does. */
void fd_mfw_form_set_source (FdMfwForm *self, FdMfwSource source);
/* Uses @path as the package file (what the file chooser does): its size
 * and checksums are computed in a worker and shown. */
void fd_mfw_form_set_local_path (FdMfwForm *self, const char *path);

/* What the "Size and checksum" row shows, NULL while computing or before
 * a file is chosen. */
const char *fd_mfw_form_get_file_info (FdMfwForm *self);
/* What the server check found, NULL while it runs or before it ran. */
const char *fd_mfw_form_get_preflight_result (FdMfwForm *self);
/* TRUE when the last server check reached the package. */
gboolean fd_mfw_form_get_preflight_ok (FdMfwForm *self);

G_END_DECLS
