/* fd-demo-server.h — a tiny package server on 127.0.0.1 for demo mode
 *
 * Serves the files of one folder (no sub-folders) over HTTP/1.0, GET and
 * HEAD only, to the simulated modules' downloads, so that every flow can
 * be tried without a network. Each connection is handled on a thread of
 * its own (GThreadedSocketService); nothing blocks the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FD_TYPE_DEMO_SERVER (fd_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (FdDemoServer, fd_demo_server, FD, DEMO_SERVER, GObject)

/* Listens on a free port of 127.0.0.1, serving the files in @root. */
FdDemoServer *fd_demo_server_new (const char *root, GError **error);
guint16       fd_demo_server_get_port (FdDemoServer *self);
/* "http://127.0.0.1:PORT/@name". */
char *fd_demo_server_dup_url (FdDemoServer *self, const char *name);
void  fd_demo_server_stop (FdDemoServer *self);

G_END_DECLS
