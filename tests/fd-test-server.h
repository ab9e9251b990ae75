/* fd-test-server.h — real loopback servers (tests/loopback-server.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _FdTestServer FdTestServer;

/* Starts "loopback-server.py KIND ROOT ARGS…" and waits (bounded) for its
 * port. KIND is http, https, ftp or ftps. */
FdTestServer *fd_test_server_start (const char *kind, const char *root, ...) G_GNUC_NULL_TERMINATED;
void          fd_test_server_stop (FdTestServer *self);
guint         fd_test_server_get_port (FdTestServer *self);
/* "KIND://127.0.0.1:PORT/PATH" (with user:password@ for FTP when given). */
char *fd_test_server_url (FdTestServer *self, const char *path);

/* A self-signed certificate for 127.0.0.1 made with openssl in @dir. */
void fd_test_make_cert (const char *dir, char **cert, char **key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTestServer, fd_test_server_stop)

G_END_DECLS
