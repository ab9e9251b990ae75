/* test-package.c — FdPackage against real HTTP, HTTPS, FTP and FTPS
 * servers on 127.0.0.1 (httpd.py and ftpd.py in tests/servers), started and stopped by each
 * test's fixture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include "fd-package.h"

#define FTP_USER     "fota"
#define FTP_PASSWORD "Tr0ub4dor-pw"
#define HTTP_USER     "fota"
#define HTTP_PASSWORD "c0rrect-h0rse"
/* Liveness bound for cancellation: generous, the machine is shared. */
#define CANCEL_BOUND_US (5 * G_USEC_PER_SEC)

/* ---- servers ---------------------------------------------------------- */

typedef struct {
  GPid pid;
  int  stdin_fd;
  int  port;
} Server;

/* In the child: a process group of its own (so that teardown can kill it
 * and anything it started), and death with the test if the test dies. */
static void
server_child_setup (gpointer data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Reads "PORT <n>\n" from @fd within a bound. */
static int
read_port (int fd)
{
  char line[64] = { 0 };
  gsize used = 0;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (used < sizeof line - 1 && strchr (line, '\n') == NULL)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int wait_ms = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      gssize n;

      if (wait_ms <= 0 || poll (&pfd, 1, wait_ms) <= 0)
        return -1;
      n = read (fd, line + used, sizeof line - 1 - used);
      if (n <= 0)
        return -1;
      used += (gsize) n;
    }
  if (!g_str_has_prefix (line, "PORT "))
    return -1;
  return atoi (line + 5);
}

static const char *
python_path (void)
{
  const char *python = g_getenv ("FD_TEST_PYTHON");
  return python != NULL ? python : "python3";
}

static void
server_start (Server *server, const char *script, const char *const *args)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "servers", script, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int stdout_fd = -1;

  g_ptr_array_add (argv, (gpointer) python_path ());
  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, server_child_setup,
                            NULL, &server->pid, &server->stdin_fd, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  server->port = read_port (stdout_fd);
  close (stdout_fd);
  g_assert_cmpint (server->port, >, 0);
}

static void
server_stop (Server *server)
{
  if (server->pid <= 0)
    return;
  kill (-server->pid, SIGKILL);
  kill (server->pid, SIGKILL);
  waitpid (server->pid, NULL, 0);
  g_spawn_close_pid (server->pid);
  close (server->stdin_fd);
  server->pid = 0;
}

/* ---- TLS material, made once per run ---------------------------------- */

static char *tls_dir;
static char *tls_cert;
static char *tls_key;

static void
ensure_tls_cert (void)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (tls_cert != NULL)
    return;
  tls_dir = g_dir_make_tmp ("fd-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  tls_cert = g_build_filename (tls_dir, "cert.pem", NULL);
  tls_key = g_build_filename (tls_dir, "key.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-days", "2", "-subj", "/CN=127.0.0.1",
                         "-addext", "subjectAltName=IP:127.0.0.1",
                         "-keyout", tls_key, "-out", tls_cert, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static void
remove_tls_cert (void)
{
  if (tls_dir == NULL)
    return;
  g_unlink (tls_cert);
  g_unlink (tls_key);
  g_rmdir (tls_dir);
}

/* ---- fixture ---------------------------------------------------------- */

typedef struct {
  char   *root;     /* the folder every server serves */
  char   *out_dir;  /* where fetches write */
  GBytes *payload;  /* root/package.bin */
  Server  servers[4];
  guint   n_servers;
} Fixture;

static GBytes *
make_payload (gsize size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, size);
}

static void
fixture_setup (Fixture *fx, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->root = g_dir_make_tmp ("fd-test-pkg-XXXXXX", &error);
  g_assert_no_error (error);
  fx->out_dir = g_build_filename (fx->root, "out", NULL);
  g_assert_cmpint (g_mkdir (fx->out_dir, 0700), ==, 0);
  fx->payload = make_payload (1024 * 1024 + 4321);
  path = g_build_filename (fx->root, "package.bin", NULL);
  g_file_set_contents (path, g_bytes_get_data (fx->payload, NULL),
                       (gssize) g_bytes_get_size (fx->payload), &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *fx, gconstpointer user_data)
{
  for (guint i = 0; i < fx->n_servers; i++)
    server_stop (&fx->servers[i]);
  remove_tree (fx->root);
  g_free (fx->root);
  g_free (fx->out_dir);
  g_bytes_unref (fx->payload);
}

static int
start_server (Fixture *fx, const char *script, const char *user, const char *password,
              gboolean tls)
{
  Server *server = &fx->servers[fx->n_servers++];
  const char *args[] = { "--root", fx->root, "--user", user, "--password", password,
                         NULL, NULL, NULL, NULL };

  g_assert_cmpuint (fx->n_servers, <=, G_N_ELEMENTS (fx->servers));
  if (tls)
    {
      ensure_tls_cert ();
      args[6] = "--tls";
      args[7] = tls_cert;
      args[8] = tls_key;
    }
  server_start (server, script, args);
  return server->port;
}

static int
start_http (Fixture *fx, gboolean tls)
{
  return start_server (fx, "httpd.py", HTTP_USER, HTTP_PASSWORD, tls);
}

static int
start_ftp (Fixture *fx, gboolean tls)
{
  return start_server (fx, "ftpd.py", FTP_USER, FTP_PASSWORD, tls);
}

static FdPackage *
package_new (const char *format, ...) G_GNUC_PRINTF (1, 2);

static FdPackage *
package_new (const char *format, ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  FdPackage *package;
  va_list args;

  va_start (args, format);
  url = g_strdup_vprintf (format, args);
  va_end (args);
  package = fd_package_new (url, &error);
  g_assert_no_error (error);
  /* Short bounds: the servers are local; a failure must show quickly. */
  fd_package_set_connect_timeout (package, 10);
  fd_package_set_low_speed_time (package, 20);
  return package;
}

static char *
expected_sum (Fixture *fx, GChecksumType type)
{
  return g_compute_checksum_for_bytes (type, fx->payload);
}

static void
assert_sums (Fixture *fx, const FdPackageInfo *info)
{
  g_autofree char *md5 = expected_sum (fx, G_CHECKSUM_MD5);
  g_autofree char *sha1 = expected_sum (fx, G_CHECKSUM_SHA1);
  g_autofree char *sha256 = expected_sum (fx, G_CHECKSUM_SHA256);

  g_assert_cmpstr (info->md5, ==, md5);
  g_assert_cmpstr (info->sha1, ==, sha1);
  g_assert_cmpstr (info->sha256, ==, sha256);
}

static void
assert_file_is_payload (Fixture *fx, const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, g_bytes_get_data (fx->payload, NULL),
                   g_bytes_get_size (fx->payload));
}

/* No leftover (temporary or partial) file in @dir. */
static void
assert_dir_empty (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

  g_assert_nonnull (d);
  g_assert_null (g_dir_read_name (d));
}

/* ---- URLs and helpers (no server) ------------------------------------- */

static void
test_url_parse (void)
{
  const struct {
    const char *url;
    const char *display; /* NULL: invalid */
    const char *scheme;
  } cases[] = {
    { "http://example.com/fw.bin", "http://example.com/fw.bin", "http" },
    { "HTTPS://Example.com:8443/a/fw.bin?token=x#f", "https://Example.com:8443/a/fw.bin", "https" },
    { "ftp://user:s3cret@10.0.0.1/pkg/fw.bin", "ftp://10.0.0.1/pkg/fw.bin", "ftp" },
    { "FTP://10.0.0.1/fw.bin", "ftp://10.0.0.1/fw.bin", "ftp" },
    { "ftps://u:p%40ss@host/fw.bin", "ftps://host/fw.bin", "ftps" },
    { "file:///tmp/fw.bin", NULL, NULL },
    { "sftp://host/fw.bin", NULL, NULL },
    { "fw.bin", NULL, NULL },
    { "http://", NULL, NULL },
    { "http://exa mple.com/fw.bin", NULL, NULL },
    { "", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdPackage) package = fd_package_new (cases[i].url, &error);

      if (cases[i].display == NULL)
        {
          g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_INVALID_URL);
          g_assert_null (package);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpstr (fd_package_get_display_url (package), ==, cases[i].display);
      g_assert_cmpstr (fd_package_get_scheme (package), ==, cases[i].scheme);
    }
}

static void
test_checksum_equal (void)
{
  g_assert_true (fd_package_checksum_equal ("5156e9d9ab", "5156E9D9AB"));
  g_assert_true (fd_package_checksum_equal (" 5156e9d9ab\r\n", "5156E9D9AB"));
  g_assert_false (fd_package_checksum_equal ("5156e9d9ab", "5156e9d9ac"));
  g_assert_false (fd_package_checksum_equal ("5156e9d9ab", "5156e9d9a"));
  g_assert_false (fd_package_checksum_equal ("", ""));
  g_assert_false (fd_package_checksum_equal (NULL, "ab"));
}

/* ---- pre-flight ------------------------------------------------------- */

static void
assert_check_size (Fixture *fx, FdPackage *package, long status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_check (package, FD_PACKAGE_CHECKSUM_NONE, NULL,
                                                    &error);

  g_assert_no_error (error);
  g_assert_cmpint (info->size, ==, (gint64) g_bytes_get_size (fx->payload));
  if (status > 0)
    g_assert_cmpint (info->status, ==, status);
  else /* FTP: whichever positive reply came last */
    g_assert_cmpint (info->status, >=, 200);
  g_assert_cmpint (info->status, <, 400);
  g_assert_cmpuint (info->received, ==, 0);
  g_assert_null (info->md5);
}

static void
test_check_http (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/package.bin", port);

  assert_check_size (fx, package, 200);
}

static void
test_check_http_head_refused (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/nohead/package.bin", port);

  assert_check_size (fx, package, 200);
}

static void
test_check_https (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, TRUE);
  g_autoptr(FdPackage) package = package_new ("https://127.0.0.1:%d/package.bin", port);

  fd_package_set_ca_file (package, tls_cert);
  assert_check_size (fx, package, 200);
}

static void
test_check_https_untrusted (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, TRUE);
  g_autoptr(FdPackage) package = package_new ("https://127.0.0.1:%d/package.bin", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_check (package, 0, NULL, &error);

  /* No CA file: the self-signed certificate must be refused, loudly. */
  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TLS);
  g_assert_null (info);
  g_assert_nonnull (strstr (error->message, "--ca-file"));
}

static void
test_check_ftp (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("ftp://127.0.0.1:%d/package.bin", port);

  fd_package_set_credentials (package, FTP_USER, FTP_PASSWORD);
  assert_check_size (fx, package, 0);
}

static void
test_check_ftp_password_in_url (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, FALSE);
  g_autoptr(FdPackage) package =
    package_new ("ftp://" FTP_USER ":" FTP_PASSWORD "@127.0.0.1:%d/package.bin", port);
  g_autofree char *expected = g_strdup_printf ("ftp://127.0.0.1:%d/package.bin", port);

  g_assert_cmpstr (fd_package_get_display_url (package), ==, expected);
  assert_check_size (fx, package, 0);
}

static void
test_check_ftps (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, TRUE);
  g_autoptr(FdPackage) package = package_new ("ftps://127.0.0.1:%d/package.bin", port);

  fd_package_set_credentials (package, FTP_USER, FTP_PASSWORD);
  fd_package_set_ca_file (package, tls_cert);
  assert_check_size (fx, package, 0);
}

static void
test_check_checksums (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/nolength/package.bin", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_check (package, FD_PACKAGE_CHECKSUM_ALL, NULL,
                                                    &error);

  g_assert_no_error (error);
  assert_sums (fx, info);
  g_assert_cmpuint (info->received, ==, g_bytes_get_size (fx->payload));
  /* No Content-Length: the size is what arrived. */
  g_assert_cmpint (info->size, ==, (gint64) g_bytes_get_size (fx->payload));
  g_assert_null (info->path);
  assert_dir_empty (fx->out_dir);
}

/* ---- errors ----------------------------------------------------------- */

static void
assert_check_fails (FdPackage *package, int code, const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_check (package, 0, NULL, &error);

  g_assert_error (error, FD_PACKAGE_ERROR, code);
  g_assert_null (info);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_test_message ("%s", error->message);
}

static void
test_error_http_status (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) missing = package_new ("http://127.0.0.1:%d/no-such-file.bin", port);
  g_autoptr(FdPackage) broken = package_new ("http://127.0.0.1:%d/status/500", port);
  g_autoptr(FdPackage) teapot = package_new ("http://127.0.0.1:%d/status/418", port);

  assert_check_fails (missing, FD_PACKAGE_ERROR_HTTP_STATUS, "404");
  assert_check_fails (broken, FD_PACKAGE_ERROR_HTTP_STATUS, "500");
  assert_check_fails (teapot, FD_PACKAGE_ERROR_HTTP_STATUS, "418");
}

static void
test_error_http_auth (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/auth/package.bin", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;

  assert_check_fails (package, FD_PACKAGE_ERROR_AUTH, "401");
  fd_package_set_credentials (package, HTTP_USER, "wrong-" HTTP_PASSWORD);
  info = fd_package_check (package, 0, NULL, &error);
  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_AUTH);
  g_assert_null (strstr (error->message, HTTP_PASSWORD));
  g_clear_error (&error);

  fd_package_set_credentials (package, HTTP_USER, HTTP_PASSWORD);
  assert_check_size (fx, package, 200);
}

/* A port that was free a moment ago: nothing listens there. */
static int
unused_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static void
test_error_unreachable (void)
{
  g_autoptr(FdPackage) http = package_new ("http://127.0.0.1:%d/package.bin", unused_port ());
  g_autoptr(FdPackage) ftp = package_new ("ftp://127.0.0.1:%d/package.bin", unused_port ());

  assert_check_fails (http, FD_PACKAGE_ERROR_UNREACHABLE, "127.0.0.1");
  assert_check_fails (ftp, FD_PACKAGE_ERROR_UNREACHABLE, NULL);
}

static void
test_error_ftp_auth (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, FALSE);
  g_autoptr(FdPackage) package =
    package_new ("ftp://" FTP_USER ":wrong-" FTP_PASSWORD "@127.0.0.1:%d/package.bin", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_check (package, 0, NULL, &error);

  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_AUTH);
  g_assert_null (strstr (error->message, FTP_PASSWORD));
  g_assert_null (strstr (error->message, "wrong-"));
}

static void
test_error_ftp_missing (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, FALSE);
  g_autoptr(FdPackage) check = package_new ("ftp://127.0.0.1:%d/no-such-file.bin", port);
  g_autoptr(FdPackage) fetch = package_new ("ftp://127.0.0.1:%d/no-such-file.bin", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;

  fd_package_set_credentials (check, FTP_USER, FTP_PASSWORD);
  assert_check_fails (check, FD_PACKAGE_ERROR_REMOTE_FILE, NULL);
  fd_package_set_credentials (fetch, FTP_USER, FTP_PASSWORD);
  info = fd_package_fetch (fetch, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_REMOTE_FILE);
}

static void
test_error_too_large (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) announced = package_new ("http://127.0.0.1:%d/package.bin", port);
  g_autoptr(FdPackage) unannounced = package_new ("http://127.0.0.1:%d/nolength/package.bin",
                                                  port);
  g_autofree char *dest = g_build_filename (fx->out_dir, "fw.bin", NULL);

  for (guint i = 0; i < 2; i++)
    {
      FdPackage *package = i == 0 ? announced : unannounced;
      g_autoptr(GError) error = NULL;
      g_autoptr(FdPackageInfo) info = NULL;

      fd_package_set_max_size (package, 64 * 1024);
      info = fd_package_fetch (package, dest, FD_PACKAGE_CHECKSUM_MD5, NULL, NULL, NULL, &error);
      g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TOO_LARGE);
      g_assert_null (info);
      assert_dir_empty (fx->out_dir);
    }
}

static void
test_error_stall (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/stall", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;

  fd_package_set_low_speed_time (package, 2);
  info = fd_package_fetch (package, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "stalled"));
  g_assert_null (info);
}

static void
test_error_local_io (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/package.bin", port);
  g_autofree char *dest = g_build_filename (fx->root, "no-such-folder", "fw.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_fetch (package, dest, 0, NULL, NULL, NULL, &error);

  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO);
}

/* ---- fetch ------------------------------------------------------------ */

typedef struct {
  guint   calls;
  guint64 last;
  gint64  total;
  GThread *thread;
  GCancellable *cancel_at; /* cancelled once cancel_after bytes arrived */
  guint64 cancel_after;
  gint64  cancelled_us;
} Progress;

static void
on_progress (guint64 received, gint64 total, gpointer user_data)
{
  Progress *p = user_data;

  /* In order: never backwards. */
  g_assert_cmpuint (received, >=, p->last);
  if (p->thread != NULL)
    g_assert_true (g_thread_self () == p->thread);
  p->calls++;
  p->last = received;
  p->total = total;
  if (p->cancel_at != NULL && received >= p->cancel_after && p->cancelled_us == 0)
    {
      p->cancelled_us = g_get_monotonic_time ();
      g_cancellable_cancel (p->cancel_at);
    }
}

static void
test_fetch_http (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/package.bin", port);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;
  Progress progress = { 0 };

  info = fd_package_fetch (package, NULL, FD_PACKAGE_CHECKSUM_ALL, on_progress, &progress, NULL,
                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (info->path);
  assert_file_is_payload (fx, info->path);
  assert_sums (fx, info);
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpuint (progress.last, ==, g_bytes_get_size (fx->payload));
  g_assert_cmpint (progress.total, ==, (gint64) g_bytes_get_size (fx->payload));
  g_assert_cmpint (info->size, ==, (gint64) g_bytes_get_size (fx->payload));
  g_unlink (info->path);
}

static void
test_fetch_https (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, TRUE);
  g_autoptr(FdPackage) package = package_new ("https://127.0.0.1:%d/package.bin", port);
  g_autofree char *dest = g_build_filename (fx->out_dir, "fw.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;

  fd_package_set_ca_file (package, tls_cert);
  info = fd_package_fetch (package, dest, FD_PACKAGE_CHECKSUM_ALL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->path, ==, dest);
  assert_file_is_payload (fx, dest);
  assert_sums (fx, info);
}

static void
test_fetch_ftp (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, GPOINTER_TO_INT (user_data));
  g_autoptr(FdPackage) package =
    package_new ("%s://127.0.0.1:%d/package.bin", user_data ? "ftps" : "ftp", port);
  g_autofree char *dest = g_build_filename (fx->out_dir, "fw.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;
  Progress progress = { 0 };

  fd_package_set_credentials (package, FTP_USER, FTP_PASSWORD);
  if (user_data)
    fd_package_set_ca_file (package, tls_cert);
  info = fd_package_fetch (package, dest, FD_PACKAGE_CHECKSUM_ALL, on_progress, &progress, NULL,
                           &error);
  g_assert_no_error (error);
  assert_file_is_payload (fx, dest);
  assert_sums (fx, info);
  g_assert_cmpuint (progress.last, ==, g_bytes_get_size (fx->payload));
  g_assert_cmpint (progress.total, ==, (gint64) g_bytes_get_size (fx->payload));
}

static void
test_fetch_cancel_streaming (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  /* 100 MB at 16 KiB every 20 ms: it would take minutes. */
  g_autoptr(FdPackage) package =
    package_new ("http://127.0.0.1:%d/slow/104857600?chunk=16384&delay_ms=20", port);
  g_autofree char *dest = g_build_filename (fx->out_dir, "fw.bin", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;
  Progress progress = { .cancel_at = cancellable, .cancel_after = 100 * 1024 };
  gint64 latency;

  fd_package_set_max_size (package, 0);
  info = fd_package_fetch (package, dest, FD_PACKAGE_CHECKSUM_ALL, on_progress, &progress,
                           cancellable, &error);
  latency = g_get_monotonic_time () - progress.cancelled_us;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
  g_assert_cmpint (progress.cancelled_us, >, 0);
  g_assert_cmpint (latency, <, CANCEL_BOUND_US);
  g_test_message ("cancel while streaming returned after %" G_GINT64_FORMAT " ms",
                  latency / 1000);
  assert_dir_empty (fx->out_dir);
}

typedef struct {
  GCancellable *cancellable;
  gint64        cancelled_us;
} CancelLater;

static gpointer
cancel_later_thread (gpointer data)
{
  CancelLater *later = data;

  g_usleep (G_USEC_PER_SEC / 2);
  later->cancelled_us = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  return NULL;
}

/* The server has gone silent: only the transfer-info callback runs. */
static void
test_fetch_cancel_stalled (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("http://127.0.0.1:%d/stall?bytes=100", port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;
  CancelLater later = { .cancellable = cancellable };
  GThread *thread = g_thread_new ("cancel-later", cancel_later_thread, &later);
  gint64 latency;

  info = fd_package_fetch (package, NULL, 0, NULL, NULL, cancellable, &error);
  latency = g_get_monotonic_time () - later.cancelled_us;
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (latency, <, CANCEL_BOUND_US);
  g_test_message ("cancel while stalled returned after %" G_GINT64_FORMAT " ms", latency / 1000);
}

/* ---- async ------------------------------------------------------------ */

typedef struct {
  GMainLoop     *loop;
  FdPackageInfo *info;
  GError        *error;
  Progress      *progress;
  guint          calls_at_finish;
} AsyncResult;

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->info = fd_package_fetch_finish (FD_PACKAGE (source), result, &r->error);
  r->calls_at_finish = r->progress != NULL ? r->progress->calls : 0;
  g_main_loop_quit (r->loop);
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->info = fd_package_check_finish (FD_PACKAGE (source), result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_async_fetch (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  /* About one second of data, so that several reports are due. */
  g_autoptr(FdPackage) package =
    package_new ("http://127.0.0.1:%d/slow/262144?chunk=8192&delay_ms=30", port);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Progress progress = { .thread = g_thread_self () };
  AsyncResult r = { .loop = loop, .progress = &progress };
  g_autofree char *dest = g_build_filename (fx->out_dir, "fw.bin", NULL);

  fd_package_fetch_async (package, dest, FD_PACKAGE_CHECKSUM_SHA256, on_progress, &progress,
                          NULL, on_fetched, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.info);
  /* Every report arrived on this thread, in order, before the result. */
  g_assert_cmpuint (progress.calls, >=, 3);
  g_assert_cmpuint (r.calls_at_finish, ==, progress.calls);
  g_assert_cmpuint (progress.last, ==, 262144);
  g_assert_cmpint (progress.total, ==, 262144);
  g_assert_cmpuint (r.info->received, ==, 262144);
  g_assert_nonnull (r.info->sha256);
  g_test_message ("%u progress reports", progress.calls);
  fd_package_info_free (r.info);
}

static void
test_async_check (Fixture *fx, gconstpointer user_data)
{
  int port = start_ftp (fx, FALSE);
  g_autoptr(FdPackage) package = package_new ("ftp://127.0.0.1:%d/package.bin", port);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncResult r = { .loop = loop };

  fd_package_set_credentials (package, FTP_USER, FTP_PASSWORD);
  fd_package_check_async (package, FD_PACKAGE_CHECKSUM_MD5, NULL, on_checked, &r);
  /* The request was snapshotted: this must not affect it. */
  fd_package_set_credentials (package, FTP_USER, "changed-later");
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.info->size, ==, (gint64) g_bytes_get_size (fx->payload));
  g_autofree char *md5 = expected_sum (fx, G_CHECKSUM_MD5);
  g_assert_cmpstr (r.info->md5, ==, md5);
  fd_package_info_free (r.info);
}

static void
test_async_cancel (Fixture *fx, gconstpointer user_data)
{
  int port = start_http (fx, FALSE);
  g_autoptr(FdPackage) package =
    package_new ("http://127.0.0.1:%d/slow/104857600?chunk=4096&delay_ms=20", port);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { .thread = g_thread_self (), .cancel_at = cancellable,
                        .cancel_after = 16 * 1024 };
  AsyncResult r = { .loop = loop, .progress = &progress };
  gint64 latency;

  fd_package_set_max_size (package, 0);
  fd_package_fetch_async (package, NULL, 0, on_progress, &progress, cancellable, on_fetched, &r);
  g_main_loop_run (loop);
  latency = g_get_monotonic_time () - progress.cancelled_us;
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r.info);
  g_assert_cmpint (latency, <, CANCEL_BOUND_US);
  g_clear_error (&r.error);
}

/* ---- local files ------------------------------------------------------ */

static void
on_summed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->info = fd_package_checksum_file_finish (result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_checksum_file (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *path = g_build_filename (fx->root, "package.bin", NULL);
  g_autofree char *missing = g_build_filename (fx->root, "missing.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Progress progress = { .thread = g_thread_self () };
  AsyncResult r = { .loop = loop, .progress = &progress };

  info = fd_package_checksum_file (path, FD_PACKAGE_CHECKSUM_ALL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_sums (fx, info);
  g_assert_cmpint (info->size, ==, (gint64) g_bytes_get_size (fx->payload));
  g_assert_cmpstr (fd_package_info_get_checksum (info, G_CHECKSUM_SHA1), ==, info->sha1);

  g_clear_pointer (&info, fd_package_info_free);
  info = fd_package_checksum_file (missing, FD_PACKAGE_CHECKSUM_MD5, NULL, NULL, NULL, &error);
  g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO);
  g_assert_null (info);

  fd_package_checksum_file_async (path, FD_PACKAGE_CHECKSUM_ALL, on_progress, &progress, NULL,
                                  on_summed, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  assert_sums (fx, r.info);
  g_assert_cmpuint (progress.last, ==, g_bytes_get_size (fx->payload));
  fd_package_info_free (r.info);
}

int
main (int argc, char **argv)
{
  int status;

  /* The servers are on loopback: a proxy from the environment would
   * only get in the way. */
  g_setenv ("no_proxy", "*", TRUE);
  g_setenv ("NO_PROXY", "*", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/core/package/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/core/package/url/parse", test_url_parse);
  g_test_add_func ("/core/package/checksum/equal", test_checksum_equal);
  ADD ("check/http-size", test_check_http, NULL);
  ADD ("check/http-head-refused", test_check_http_head_refused, NULL);
  ADD ("check/https-size", test_check_https, NULL);
  ADD ("check/https-untrusted", test_check_https_untrusted, NULL);
  ADD ("check/ftp-size", test_check_ftp, NULL);
  ADD ("check/ftp-password-in-url", test_check_ftp_password_in_url, NULL);
  ADD ("check/ftps-size", test_check_ftps, NULL);
  ADD ("check/checksums", test_check_checksums, NULL);
  ADD ("error/http-status", test_error_http_status, NULL);
  ADD ("error/http-auth", test_error_http_auth, NULL);
  g_test_add_func ("/core/package/error/unreachable", test_error_unreachable);
  ADD ("error/ftp-auth", test_error_ftp_auth, NULL);
  ADD ("error/ftp-missing-file", test_error_ftp_missing, NULL);
  ADD ("error/too-large", test_error_too_large, NULL);
  ADD ("error/stall-timeout", test_error_stall, NULL);
  ADD ("error/local-io", test_error_local_io, NULL);
  ADD ("fetch/http", test_fetch_http, NULL);
  ADD ("fetch/https", test_fetch_https, NULL);
  ADD ("fetch/ftp", test_fetch_ftp, GINT_TO_POINTER (FALSE));
  ADD ("fetch/ftps", test_fetch_ftp, GINT_TO_POINTER (TRUE));
  ADD ("fetch/cancel-streaming", test_fetch_cancel_streaming, NULL);
  ADD ("fetch/cancel-stalled", test_fetch_cancel_stalled, NULL);
  ADD ("async/fetch-progress", test_async_fetch, NULL);
  ADD ("async/check", test_async_check, NULL);
  ADD ("async/cancel", test_async_cancel, NULL);
  ADD ("local/checksum-file", test_checksum_file, NULL);

  status = g_test_run ();
  remove_tls_cert ();
  return status;
}
