/* fd-test-server.c — real loopback servers (tests/loopback-server.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-test-server.h"

#include <gio/gunixinputstream.h>
#include <poll.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

struct _FdTestServer
{
  GSubprocess *proc;
  char        *kind;
  guint        port;
};

static const char *
python (void)
{
  const char *py = g_getenv ("FD_TEST_PYTHON");

  return py != NULL ? py : "python3";
}

static char *
script_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "loopback-server.py", NULL);
}

/* Reads "PORT <n>\n" from the server, waiting at most ten seconds. */
static guint
read_port (GSubprocess *proc)
{
  GInputStream *out = g_subprocess_get_stdout_pipe (proc);
  int           fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out));
  GString      *line = g_string_new (NULL);
  gint64        deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  guint         port = 0;

  while (strchr (line->str, '\n') == NULL)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char          c[64];
      gssize        n;
      int           left = (int)((deadline - g_get_monotonic_time ()) / 1000);

      if (left <= 0 || poll (&pfd, 1, left) <= 0)
        g_error ("loopback server did not start within 10 s");
      n = read (fd, c, sizeof c);
      if (n <= 0)
        g_error ("loopback server exited before listening (is python3-pyftpdlib installed "
                 "for %s?)",
                 python ());
      g_string_append_len (line, c, n);
    }
  if (sscanf (line->str, "PORT %u", &port) != 1)
    g_error ("loopback server said: %s", line->str);
  g_string_free (line, TRUE);
  return port;
}

FdTestServer *
fd_test_server_start (const char *kind, const char *root, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  FdTestServer *self = g_new0 (FdTestServer, 1);
  const char   *arg;
  va_list       args;

  g_ptr_array_add (argv, g_strdup (python ()));
  g_ptr_array_add (argv, script_path ());
  g_ptr_array_add (argv, g_strdup (kind));
  g_ptr_array_add (argv, g_strdup (root));
  va_start (args, root);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  self->proc
      = g_subprocess_newv ((const char *const *)argv->pdata,
                           G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  self->kind = g_strdup (kind);
  self->port = read_port (self->proc);
  return self;
}

void
fd_test_server_stop (FdTestServer *self)
{
  if (self == NULL)
    return;
  /* Closing its stdin ends it; force it if it lingers. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (self->proc), NULL, NULL);
  g_subprocess_force_exit (self->proc);
  g_subprocess_wait (self->proc, NULL, NULL);
  g_object_unref (self->proc);
  g_free (self->kind);
  g_free (self);
}

guint
fd_test_server_get_port (FdTestServer *self)
{
  return self->port;
}

char *
fd_test_server_url (FdTestServer *self, const char *path)
{
  return g_strdup_printf ("%s://127.0.0.1:%u/%s", self->kind, self->port, path);
}

void
fd_test_make_cert (const char *dir, char **cert, char **key)
{
  g_autoptr (GError) error = NULL;
  int              status = 0;
  g_autofree char *err_text = NULL;

  *cert = g_build_filename (dir, "cert.pem", NULL);
  *key = g_build_filename (dir, "key.pem", NULL);
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey",       "rsa:2048", "-nodes",
    "-days",   "1",   "-subj", "/CN=127.0.0.1", "-addext",  "subjectAltName=IP:127.0.0.1",
    "-keyout", *key,  "-out",  *cert,           NULL,
  };
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                NULL, NULL, &err_text, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("openssl failed: %s", err_text);
}
