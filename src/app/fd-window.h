/* fd-window.h — the main window: devices, configuration, progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-application.h"

G_BEGIN_DECLS

#define FD_TYPE_WINDOW (fd_window_get_type ())
G_DECLARE_FINAL_TYPE (FdWindow, fd_window, FD, WINDOW, AdwApplicationWindow)

FdWindow *fd_window_new (FdApplication *application);

/* Shows that the modules are simulated, looks for ports only among the
 * demo's, and offers the demo's package server in the forms. */
void fd_window_set_demo (FdWindow *self, FdDemo *demo);

/* A short message at the bottom of the window. */
void fd_window_toast (FdWindow *self, const char *message);

G_END_DECLS
