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

/* Shows that the modules are simulated, and looks for ports only in
 * @port_dir (the simulator's links). */
void fd_window_set_demo (FdWindow *self, const char *port_dir);

/* A short message at the bottom of the window. */
void fd_window_toast (FdWindow *self, const char *message);

G_END_DECLS
