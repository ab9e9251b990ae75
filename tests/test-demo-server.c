/* test-demo-server.c — demo mode's package server, fetched from by the
 * core's libcurl client as the simulated modules do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fd-demo-server.h"
#include "fd-package.h"

typedef struct
{
  char         *root;
  char         *out;
  FdDemoServer *server;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *outside = NULL;

  f->root = g_dir_make_tmp ("fd-demo-server-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->root, "pkg.bin", NULL);
  g_assert_true (g_file_set_contents (path, "0123456789", 10, NULL));
  f->out = g_build_filename (f->root, "fetched.bin", NULL);
  f->server = fd_demo_server_new (f->root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fd_demo_server_get_port (f->server), >, 0);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->root, "pkg.bin", NULL);

  g_clear_object (&f->server);
  g_unlink (path);
  g_unlink (f->out);
  g_rmdir (f->root);
  g_free (f->root);
  g_free (f->out);
}

static FdPackage *
package (Fixture *f, const char *name)
{
  g_autofree char *url = fd_demo_server_dup_url (f->server, name);
  g_autoptr(GError) error = NULL;
  FdPackage *p = fd_package_new (url, &error);

  g_assert_no_error (error);
  fd_package_set_connect_timeout (p, 10);
  fd_package_set_low_speed_time (p, 10);
  return p;
}

/* The server accepts on this thread's main context, as in the app: the
 * client runs in the core's worker and the test waits on the loop. */
static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static FdPackageInfo *
check (FdPackage *p, GError **error)
{
  GAsyncResult  *result = NULL;
  FdPackageInfo *info;

  fd_package_check_async (p, FD_PACKAGE_CHECKSUM_NONE, NULL, on_done, &result);
  info = fd_package_check_finish (p, wait_result (&result), error);
  g_object_unref (result);
  return info;
}

static FdPackageInfo *
fetch (FdPackage *p, const char *dest, GError **error)
{
  GAsyncResult  *result = NULL;
  FdPackageInfo *info;

  fd_package_fetch_async (p, dest, FD_PACKAGE_CHECKSUM_SHA256, NULL, NULL, NULL, on_done, &result);
  info = fd_package_fetch_finish (p, wait_result (&result), error);
  g_object_unref (result);
  return info;
}

static void
test_check_and_fetch (Fixture *f, gconstpointer data)
{
  g_autoptr(FdPackage) p = package (f, "pkg.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) checked = check (p, &error);
  g_autoptr(FdPackageInfo) fetched = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (checked->size, ==, 10);
  fetched = fetch (p, f->out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fetched->received, ==, 10);
  g_assert_true (g_file_get_contents (f->out, &got, NULL, NULL));
  g_assert_cmpstr (got, ==, "0123456789");
  g_assert_cmpstr (fetched->sha256, ==,
                   "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882");
}

/* A missing file, and any way out of the folder, is a 404. */
static void
test_not_found (Fixture *f, gconstpointer data)
{
  const char *names[] = { "missing.bin", "..%2Fpasswd", "%2Fetc%2Fpasswd", ".hidden" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FdPackage) p = package (f, names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FdPackageInfo) info = check (p, &error);

      g_assert_null (info);
      g_assert_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_HTTP_STATUS);
    }
}

/* Many fetches at once, as a batch of demo modules makes them: more than
 * a thread pool of any fixed size would take at once. Each arrives whole.
 * (GLib 2.74's GThreadedSocketService, when full, restarts accepting from
 * a worker thread, which races with the main loop and could crash it:
 * fd-demo-server.c keeps it from ever being full.) */
#define AT_ONCE 48
#define ROUNDS  5

typedef struct
{
  guint done;
  guint ok;
} Crowd;

static void
on_crowd_fetched (GObject *source, GAsyncResult *result, gpointer data)
{
  Crowd *crowd = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPackageInfo) info = fd_package_fetch_finish (FD_PACKAGE (source), result, &error);

  g_assert_no_error (error);
  crowd->ok += info != NULL && info->received == 10;
  crowd->done++;
}

static void
test_many_at_once (Fixture *f, gconstpointer data)
{
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GPtrArray) packages = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) outs = g_ptr_array_new_with_free_func (g_free);
      Crowd crowd = { 0, 0 };

      for (guint i = 0; i < AT_ONCE; i++)
        {
          FdPackage *p = package (f, "pkg.bin");
          char *out = g_strdup_printf ("%s.%u", f->out, i);

          g_ptr_array_add (packages, p);
          g_ptr_array_add (outs, out);
          fd_package_fetch_async (p, out, FD_PACKAGE_CHECKSUM_NONE, NULL, NULL, NULL,
                                  on_crowd_fetched, &crowd);
        }
      while (crowd.done < AT_ONCE)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (crowd.ok, ==, AT_ONCE);
      for (guint i = 0; i < outs->len; i++)
        g_unlink (g_ptr_array_index (outs, i));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/app/demo-server/check-and-fetch", Fixture, NULL, set_up, test_check_and_fetch,
              tear_down);
  g_test_add ("/app/demo-server/not-found", Fixture, NULL, set_up, test_not_found, tear_down);
  g_test_add ("/app/demo-server/many-at-once", Fixture, NULL, set_up, test_many_at_once,
              tear_down);
  return g_test_run ();
}
