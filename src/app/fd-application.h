/* fd-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-demo.h"

G_BEGIN_DECLS

#define FD_TYPE_APPLICATION (fd_application_get_type ())
G_DECLARE_FINAL_TYPE (FdApplication, fd_application, FD, APPLICATION, AdwApplication)

FdApplication *fd_application_new (void);
/* How many modules demo mode starts (1 to FD_DEMO_MAX_MODULES; 0: the
 * usual nine), as --demo-modules does; before demo mode starts. */
void fd_application_set_demo_modules (FdApplication *self, guint n_modules);
/* The demo's simulated modules, once demo mode started; or NULL. */
FdDemo *fd_application_get_demo (FdApplication *self);

/* The versions of FotaDesk and of the libraries it runs on, one per line
 * (for the About window and bug reports). */
char *fd_application_dup_versions (void);

G_END_DECLS
