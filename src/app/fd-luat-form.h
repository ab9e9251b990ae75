/* fd-luat-form.h — the form of dialect C (Luat / AirM2M AT+UPGRADE)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-config-form.h"
#include "fd-luat-config.h"

G_BEGIN_DECLS

#define FD_TYPE_LUAT_FORM (fd_luat_form_get_type ())
G_DECLARE_FINAL_TYPE (FdLuatForm, fd_luat_form, FD, LUAT_FORM, FdConfigForm)

GtkWidget *fd_luat_form_new (void);
/* The configuration as the widgets say now. */
const FdLuatConfig *fd_luat_form_get_config (FdLuatForm *self);
/* Picks the server choice as its radio row does. */
void fd_luat_form_set_server (FdLuatForm *self, FdLuatServer server);

G_END_DECLS
