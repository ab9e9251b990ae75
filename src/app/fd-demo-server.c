/* fd-demo-server.c — a tiny package server on 127.0.0.1 for demo mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-demo-server.h"

#define MAX_REQUEST 4096

struct _FdDemoServer
{
  GObject parent_instance;

  char           *root;
  GSocketService *service;
  guint16         port;
};

G_DEFINE_FINAL_TYPE (FdDemoServer, fd_demo_server, G_TYPE_OBJECT)

/* Reads the request head, bounded in size; NULL when it is not one. */
static char *
read_head (GInputStream *in, GCancellable *cancellable)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char c;

  while (head->len < MAX_REQUEST && !g_str_has_suffix (head->str, "\r\n\r\n")
         && !g_str_has_suffix (head->str, "\n\n"))
    {
      if (g_input_stream_read (in, &c, 1, cancellable, NULL) != 1)
        return NULL;
      g_string_append_c (head, c);
    }
  return g_string_free (g_steal_pointer (&head), FALSE);
}

static void
respond_status (GOutputStream *out, const char *status)
{
  g_autofree char *reply
      = g_strdup_printf ("HTTP/1.0 %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", status);

  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
}

/* Only plain file names in the root: no folders, no way out of it. */
static char *
resolve (const char *root, const char *target)
{
  g_autofree char *name = NULL;

  if (target[0] != '/')
    return NULL;
  name = g_uri_unescape_string (target + 1, "/");
  if (name == NULL || *name == '\0' || *name == '.' || strchr (name, '/') != NULL)
    return NULL;
  return g_build_filename (root, name, NULL);
}

static void
serve (const char *root, GOutputStream *out, const char *method, const char *target)
{
  g_autofree char *path = resolve (root, target);
  g_autoptr(GFile) file = path != NULL ? g_file_new_for_path (path) : NULL;
  g_autoptr(GFileInputStream) in = file != NULL ? g_file_read (file, NULL, NULL) : NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *head = NULL;

  if (in == NULL)
    {
      respond_status (out, "404 Not Found");
      return;
    }
  info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  head = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
                          "Content-Length: %" G_GOFFSET_FORMAT "\r\nConnection: close\r\n\r\n",
                          info != NULL ? g_file_info_get_size (info) : 0);
  if (!g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    return;
  if (g_str_equal (method, "GET"))
    g_output_stream_splice (out, G_INPUT_STREAM (in), G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL);
}

/* One connection, on the service's own thread. @user_data is the root
 * folder, owned by the handler's closure, which the service (kept alive
 * by its running threads) owns: the server object itself may be gone. */
static gboolean
on_run (GThreadedSocketService *service, GSocketConnection *connection, GObject *source,
        gpointer user_data)
{
  const char      *root = user_data;
  GInputStream    *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream   *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *head = NULL;
  g_auto(GStrv) words = NULL;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 30);
  head = read_head (in, NULL);
  if (head == NULL)
    return TRUE;
  words = g_strsplit_set (head, " \r\n", 4);
  if (g_strv_length (words) < 3
      || (!g_str_equal (words[0], "GET") && !g_str_equal (words[0], "HEAD")))
    respond_status (out, "405 Method Not Allowed");
  else
    serve (root, out, words[0], words[1]);
  g_output_stream_flush (out, NULL, NULL);
  return TRUE;
}

static void
fd_demo_server_dispose (GObject *object)
{
  fd_demo_server_stop (FD_DEMO_SERVER (object));
  G_OBJECT_CLASS (fd_demo_server_parent_class)->dispose (object);
}

static void
fd_demo_server_finalize (GObject *object)
{
  g_free (FD_DEMO_SERVER (object)->root);
  G_OBJECT_CLASS (fd_demo_server_parent_class)->finalize (object);
}

static void
fd_demo_server_class_init (FdDemoServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fd_demo_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = fd_demo_server_finalize;
}

static void
fd_demo_server_init (FdDemoServer *self)
{
}

FdDemoServer *
fd_demo_server_new (const char *root, GError **error)
{
  g_autoptr(FdDemoServer) self = g_object_new (FD_TYPE_DEMO_SERVER, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  self->root = g_strdup (root);
  /* No limit on threads: a GThreadedSocketService whose threads are all
   * busy stops accepting, and the thread that frees up restarts it. In
   * GLib 2.74 that restart attaches the accept's sources to the main
   * context before it gives them their data, so the main loop could run
   * one first and crash (a batch of 32 demo modules downloading at once
   * did). Unlimited, it never stops; the connections are the simulated
   * modules' own, at most one each. */
  self->service = g_threaded_socket_service_new (-1);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                      error))
    return NULL;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect_data (self->service, "run", G_CALLBACK (on_run), g_strdup (root),
                         (GClosureNotify)(void (*) (void))g_free, 0);
  g_socket_service_start (self->service);
  return g_steal_pointer (&self);
}

guint16
fd_demo_server_get_port (FdDemoServer *self)
{
  return self->port;
}

char *
fd_demo_server_dup_url (FdDemoServer *self, const char *name)
{
  return g_strdup_printf ("http://127.0.0.1:%u/%s", self->port, name);
}

void
fd_demo_server_stop (FdDemoServer *self)
{
  if (self->service == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
}
