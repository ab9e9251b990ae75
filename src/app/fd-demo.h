/* fd-demo.h — demo mode: simulated modules of every dialect on
 * pseudo-terminals, and a package server on 127.0.0.1
 *
 * Nothing here touches real hardware or the network. The modules are the
 * simulator's (src/sim), under links in a folder of their own that the
 * window scans instead of the system's ports; their downloads come from
 * the demo's own package server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FD_TYPE_DEMO (fd_demo_get_type ())
G_DECLARE_FINAL_TYPE (FdDemo, fd_demo, FD, DEMO, GObject)

/* The demo's usual modules: three M5311, M5311-E, MN316, ML307A-DSLN,
 * Air780E, Air724UG and an ML307A-DCLN whose port another program holds. */
#define FD_DEMO_DEFAULT_MODULES 9
#define FD_DEMO_MAX_MODULES     64

/* Starts the simulated modules and the package server. */
FdDemo *fd_demo_new (GError **error);
/* With @n_modules (1 to FD_DEMO_MAX_MODULES): the first of the usual
 * nine, then M5311-E, MN316 and ML307A-DSLN in turn. */
FdDemo *fd_demo_new_sized (guint n_modules, GError **error);

/* The folder whose links are the modules' ports. */
const char *fd_demo_get_port_dir (FdDemo *self);
/* A package for MFW server downloads, and one for Luat's own server. */
const char *fd_demo_get_mfw_url (FdDemo *self);
const char *fd_demo_get_luat_url (FdDemo *self);
/* The fleet (an FdSimFleet), for tests that unplug a module. */
GObject *fd_demo_get_fleet (FdDemo *self);

/* Powers the modules off, stops the server, removes the folders. Also
 * done on finalize. */
void fd_demo_shutdown (FdDemo *self);

G_END_DECLS
