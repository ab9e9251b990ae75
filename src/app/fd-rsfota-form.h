/* fd-rsfota-form.h — the form of dialect A (M5311 OneNET AT+RSFOTA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-config-form.h"
#include "fd-rsfota-config.h"

G_BEGIN_DECLS

#define FD_TYPE_RSFOTA_FORM (fd_rsfota_form_get_type ())
G_DECLARE_FINAL_TYPE (FdRsfotaForm, fd_rsfota_form, FD, RSFOTA_FORM, FdConfigForm)

GtkWidget *fd_rsfota_form_new (void);
/* The configuration as the widgets say now. */
const FdRsfotaConfig *fd_rsfota_form_get_config (FdRsfotaForm *self);

G_END_DECLS
