/* fd-test-util.c — small helpers shared by the simulator tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

char *
fd_test_mkdtemp (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("fd-sim-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
fd_test_rm_rf (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            fd_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

FdTestPort *
fd_test_open_module (FdSimModule *module)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *link = NULL;
  FdTestPort      *port;

  g_assert_true (fd_sim_module_wait_ready (module, 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  link = fd_sim_module_dup_link_path (module);
  g_assert_nonnull (link);
  port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  return port;
}

void
fd_test_assert_lines (GPtrArray *lines, const char *const *expected)
{
  guint n = g_strv_length ((char **)expected);

  g_assert_nonnull (lines);
  for (guint i = 0; i < MIN (n, lines->len); i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, expected[i]);
  g_assert_cmpuint (lines->len, ==, n);
}

void
fd_test_command_expect (FdTestPort *port, const char *command, const char *const *expected)
{
  g_autoptr (GPtrArray) lines = fd_test_port_command (port, command, FD_TEST_TIMEOUT_MS);

  if (lines == NULL)
    g_error ("no final result for %s", command);
  fd_test_assert_lines (lines, expected);
}

char *
fd_test_query (FdTestPort *port, const char *command)
{
  g_autoptr (GPtrArray) lines = fd_test_port_command (port, command, FD_TEST_TIMEOUT_MS);

  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "OK");
  return g_strdup (g_ptr_array_index (lines, 0));
}

GPtrArray *
fd_test_follow_port (FdSimModule *module, FdTestPort *first, const char *const *finals,
                     guint timeout_ms, guint *n_opens)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  guint  opens = 0;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *link = fd_sim_module_dup_link_path (module);
      g_autoptr (FdTestPort) port = g_steal_pointer (&first);

      if (port == NULL && link != NULL)
        {
          port = fd_test_port_open (link, NULL);
          opens += port != NULL;
        }
      if (port == NULL)
        {
          g_usleep (2000);
          continue;
        }
      while (!fd_test_port_is_gone (port) && g_get_monotonic_time () < deadline)
        {
          char *line = fd_test_port_read_line (port, 50);

          if (line == NULL)
            continue;
          g_ptr_array_add (lines, line);
          if (g_strv_contains (finals, line))
            {
              if (n_opens != NULL)
                *n_opens = opens;
              return g_steal_pointer (&lines);
            }
        }
    }
  g_clear_pointer (&first, fd_test_port_close);
  return NULL;
}

GPtrArray *
fd_test_follow (FdSimModule *module, const char *const *finals, guint timeout_ms, guint *n_opens)
{
  return fd_test_follow_port (module, NULL, finals, timeout_ms, n_opens);
}

GPtrArray *
fd_test_filter (GPtrArray *lines, const char *prefix)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), prefix))
      g_ptr_array_add (out, g_strdup (g_ptr_array_index (lines, i)));
  return out;
}
