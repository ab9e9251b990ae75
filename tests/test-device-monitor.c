/* test-device-monitor.c — hot-plug by polling, against scripted modules
 * on real ptys behind links in a directory (as the simulator's are)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "fd-device-monitor.h"
#include "fd-test-module.h"

/* Generous: the machine is shared and noisy. Liveness, not speed. */
#define LIVENESS_BOUND_MS 10000
#define QUICK_TIMEOUT_MS  300

typedef struct {
  char            *dir;
  GHashTable      *modules; /* link name → FdTestModule */
  FdScanner       *scanner;
  FdDeviceMonitor *monitor;
  gint             n_lists; /* atomic: how often the port list was read */

  GPtrArray       *added;   /* FdModule, as signalled */
  GPtrArray       *removed;
  GPtrArray       *changed; /* the new modules */
  guint            n_refreshed;
} Fixture;

static GStrv
count_lists (gpointer user_data, GError **error)
{
  Fixture *fx = user_data;

  g_atomic_int_inc (&fx->n_lists);
  return g_new0 (char *, 1);
}

static void
on_added (FdDeviceMonitor *monitor, FdModule *module, Fixture *fx)
{
  g_ptr_array_add (fx->added, g_object_ref (module));
}

static void
on_removed (FdDeviceMonitor *monitor, FdModule *module, Fixture *fx)
{
  g_assert_true (fd_module_is_gone (module));
  g_ptr_array_add (fx->removed, g_object_ref (module));
}

static void
on_changed (FdDeviceMonitor *monitor, FdModule *old_module, FdModule *new_module, Fixture *fx)
{
  g_assert_cmpstr (fd_module_get_key (old_module), ==, fd_module_get_key (new_module));
  g_assert_true (fd_device_monitor_lookup (monitor, fd_module_get_key (new_module)) == new_module);
  g_ptr_array_add (fx->changed, g_object_ref (new_module));
}

static void
on_refreshed (FdDeviceMonitor *monitor, Fixture *fx)
{
  fx->n_refreshed++;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  g_autoptr(FdPortEnumerator) enumerator = fd_port_enumerator_new ();
  const char *globs[2] = { NULL, NULL };

  fx->dir = fd_test_make_tmpdir ("fd-monitor-XXXXXX");
  fx->modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) fd_test_module_free);
  glob = g_build_filename (fx->dir, "m*", NULL);
  globs[0] = glob;
  no_sysfs = g_build_filename (fx->dir, "no-sysfs", NULL);
  fd_port_enumerator_set_sysfs_root (enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (enumerator, count_lists, fx, NULL);
  fd_port_enumerator_set_globs (enumerator, globs);
  fx->scanner = fd_scanner_new (enumerator);
  fx->monitor = fd_device_monitor_new (fx->scanner);
  fx->added = g_ptr_array_new_with_free_func (g_object_unref);
  fx->removed = g_ptr_array_new_with_free_func (g_object_unref);
  fx->changed = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (fx->monitor, "module-added", G_CALLBACK (on_added), fx);
  g_signal_connect (fx->monitor, "module-removed", G_CALLBACK (on_removed), fx);
  g_signal_connect (fx->monitor, "module-changed", G_CALLBACK (on_changed), fx);
  g_signal_connect (fx->monitor, "refreshed", G_CALLBACK (on_refreshed), fx);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  if (fx->monitor != NULL)
    {
      fd_device_monitor_stop (fx->monitor);
      g_signal_handlers_disconnect_by_data (fx->monitor, fx);
      g_clear_object (&fx->monitor);
    }
  /* a poll that was cancelled still ends in the main context */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx->scanner);
  g_hash_table_unref (fx->modules);
  g_ptr_array_unref (fx->added);
  g_ptr_array_unref (fx->removed);
  g_ptr_array_unref (fx->changed);
  fd_test_sysfs_remove (fx->dir);
  g_free (fx->dir);
}

static char *
link_path (Fixture *fx, const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

static char *
key_for (Fixture *fx, const char *name)
{
  g_autofree char *link = link_path (fx, name);

  return g_strconcat ("tty:", link, NULL);
}

/* A started module with @imei, linked as @name. */
static FdTestModule *
plug (Fixture *fx, const char *name, const char *imei)
{
  FdTestModule *module = fd_test_module_new ();
  g_autofree char *link = NULL;

  fd_test_module_set_identity (module, "CMCC", "MN316", "MN316_R1", imei, FD_DIALECT_MFW);
  fd_test_module_start (module);
  link = fd_test_make_link (fx->dir, name, fd_test_module_get_path (module));
  g_hash_table_replace (fx->modules, g_strdup (name), module);
  return module;
}

static void
unplug (Fixture *fx, const char *name)
{
  g_autofree char *link = link_path (fx, name);

  g_assert_cmpint (unlink (link), ==, 0);
  g_hash_table_remove (fx->modules, name);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@counter reaches @target; fails after the
 * liveness bound. */
static void
wait_for (guint *counter, guint target)
{
  gboolean expired = FALSE;
  guint timeout = g_timeout_add (LIVENESS_BOUND_MS, on_wait_timeout, &expired);

  while (*counter < target && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("waited %d ms for %u events, saw %u", LIVENESS_BOUND_MS, target, *counter);
  g_source_remove (timeout);
}

/* Runs the main loop for @ms. */
static void
spin (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, on_wait_timeout, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static void
start_and_settle (Fixture *fx)
{
  fd_device_monitor_start (fx->monitor);
  wait_for (&fx->n_refreshed, 1);
}

static guint
total_commands (Fixture *fx)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, fx->modules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += fd_test_module_count_commands (value);
  return n;
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_initial (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autofree char *key = key_for (fx, "m2");

  plug (fx, "m1", "861234567890101");
  plug (fx, "m2", "861234567890102");
  plug (fx, "m3", "861234567890103");

  start_and_settle (fx);
  g_assert_cmpuint (fx->added->len, ==, 3);
  g_assert_cmpuint (fx->removed->len, ==, 0);
  modules = fd_device_monitor_dup_modules (fx->monitor);
  g_assert_cmpuint (modules->len, ==, 3);
  g_assert_cmpstr (fd_module_get_imei (fd_device_monitor_lookup (fx->monitor, key)), ==,
                   "861234567890102");
  g_assert_true (fd_device_monitor_is_running (fx->monitor));
}

static void
test_quiet_is_cheap (Fixture *fx, gconstpointer data)
{
  guint commands, lists;
  gint64 start;
  double elapsed_s;

  plug (fx, "m1", "861234567890111");
  plug (fx, "m2", "861234567890112");
  start_and_settle (fx);
  commands = total_commands (fx);
  lists = (guint) g_atomic_int_get (&fx->n_lists);
  g_assert_cmpuint (commands, >, 0);

  start = g_get_monotonic_time ();
  spin (3500);
  elapsed_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  /* it kept polling ... */
  g_assert_cmpuint ((guint) g_atomic_int_get (&fx->n_lists), >, lists);
  /* ... at most once a second (one poll may be under way at each end) ... */
  g_assert_cmpuint ((guint) g_atomic_int_get (&fx->n_lists) - lists, <=, (guint) elapsed_s + 2);
  /* ... without probing or even enumerating again */
  g_assert_cmpuint (total_commands (fx), ==, commands);
  g_assert_cmpuint (fx->n_refreshed, ==, 1);
  g_assert_cmpuint (fx->added->len, ==, 2);
}

static void
test_hot_plug (Fixture *fx, gconstpointer data)
{
  g_autofree char *key3 = key_for (fx, "m3");
  g_autofree char *key1 = key_for (fx, "m1");
  FdTestModule *m2;
  guint m2_commands;

  plug (fx, "m1", "861234567890121");
  m2 = plug (fx, "m2", "861234567890122");
  start_and_settle (fx);
  m2_commands = fd_test_module_count_commands (m2);

  /* plugged: identified and added */
  plug (fx, "m3", "861234567890123");
  wait_for (&fx->added->len, 3);
  g_assert_cmpstr (fd_module_get_key (g_ptr_array_index (fx->added, 2)), ==, key3);
  g_assert_cmpstr (fd_module_get_imei (g_ptr_array_index (fx->added, 2)), ==, "861234567890123");

  /* unplugged: marked gone and removed */
  unplug (fx, "m1");
  wait_for (&fx->removed->len, 1);
  g_assert_cmpstr (fd_module_get_key (g_ptr_array_index (fx->removed, 0)), ==, key1);
  g_assert_true (fd_module_is_gone (g_ptr_array_index (fx->removed, 0)));
  g_assert_null (fd_device_monitor_lookup (fx->monitor, key1));

  /* the module that stayed was never asked again */
  g_assert_cmpuint (fd_test_module_count_commands (m2), ==, m2_commands);
  g_assert_cmpuint (fx->changed->len, ==, 0);
}

static void
test_recreated_same_name (Fixture *fx, gconstpointer data)
{
  g_autofree char *key = key_for (fx, "m1");
  FdTestModule *after;
  FdModule *module;

  plug (fx, "m1", "861234567890131");
  start_and_settle (fx);

  /* the module rebooted between two polls: a new pty behind the same link */
  unplug (fx, "m1");
  after = plug (fx, "m1", "861234567890131");
  wait_for (&fx->changed->len, 1);
  module = g_ptr_array_index (fx->changed, 0);
  g_assert_cmpstr (fd_module_get_key (module), ==, key);
  g_assert_cmpstr (fd_module_get_at_port_path (module), ==, fd_test_module_get_path (after));
}

static void
test_retry (Fixture *fx, gconstpointer data)
{
  g_autofree char *key = key_for (fx, "m1");
  FdTestModule *module;

  /* still starting at the first scan: silent */
  module = plug (fx, "m1", "861234567890141");
  fd_test_module_set_behaviour (module, FD_TEST_MODULE_SILENT);
  fd_scanner_set_command_timeout (fx->scanner, QUICK_TIMEOUT_MS);
  start_and_settle (fx);
  g_assert_cmpint (fd_module_get_problem (fd_device_monitor_lookup (fx->monitor, key)), ==,
                   FD_MODULE_PROBLEM_NO_AT_ANSWER);

  /* it wakes up: the retry finds it, though nothing was re-plugged */
  fd_test_module_set_behaviour (module, FD_TEST_MODULE_NORMAL);
  wait_for (&fx->changed->len, 1);
  g_assert_cmpint (fd_module_get_problem (g_ptr_array_index (fx->changed, 0)), ==,
                   FD_MODULE_PROBLEM_NONE);
  g_assert_cmpstr (fd_module_get_imei (g_ptr_array_index (fx->changed, 0)), ==,
                   "861234567890141");
}

static void
test_inhibit (Fixture *fx, gconstpointer data)
{
  g_autofree char *key = key_for (fx, "m1");
  FdTestModule *after;
  guint refreshed;

  plug (fx, "m1", "861234567890151");
  start_and_settle (fx);

  /* a job owns m1: its reboot is not probed by the monitor */
  fd_device_monitor_inhibit (fx->monitor, key);
  fd_device_monitor_inhibit (fx->monitor, key);
  unplug (fx, "m1");
  after = plug (fx, "m1", "861234567890151");
  refreshed = fx->n_refreshed;
  wait_for (&fx->n_refreshed, refreshed + 1);
  spin (1500);
  g_assert_cmpuint (fd_test_module_count_commands (after), ==, 0);
  g_assert_cmpuint (fx->changed->len, ==, 0);

  /* nested: still inhibited after one uninhibit */
  fd_device_monitor_uninhibit (fx->monitor, key);
  spin (1500);
  g_assert_cmpuint (fd_test_module_count_commands (after), ==, 0);

  /* the job is over: identified again */
  fd_device_monitor_uninhibit (fx->monitor, key);
  wait_for (&fx->changed->len, 1);
  g_assert_cmpstr (fd_module_get_at_port_path (g_ptr_array_index (fx->changed, 0)), ==,
                   fd_test_module_get_path (after));
}

static void
test_rescan (Fixture *fx, gconstpointer data)
{
  plug (fx, "m1", "861234567890161");
  plug (fx, "m2", "861234567890162");
  start_and_settle (fx);

  fd_device_monitor_rescan (fx->monitor);
  wait_for (&fx->changed->len, 2);
  g_assert_cmpuint (fx->added->len, ==, 2);
}

static void
test_stop_in_flight (Fixture *fx, gconstpointer data)
{
  gint64 start;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%u", i + 1);

      fd_test_module_set_behaviour (plug (fx, name, "861234567890171"), FD_TEST_MODULE_SILENT);
    }
  fd_scanner_set_command_timeout (fx->scanner, 20000);
  fd_device_monitor_start (fx->monitor);
  spin (300);

  start = g_get_monotonic_time ();
  fd_device_monitor_stop (fx->monitor);
  g_assert_false (fd_device_monitor_is_running (fx->monitor));
  g_clear_object (&fx->monitor); /* the poll holds its own reference */
  spin (1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_MS * 1000);
  g_assert_cmpuint (fx->n_refreshed, ==, 0);
  g_assert_cmpuint (fx->added->len, ==, 0);
}

static void
test_interval (Fixture *fx, gconstpointer data)
{
  g_assert_cmpuint (fd_device_monitor_get_interval (fx->monitor), ==,
                    FD_DEVICE_MONITOR_MIN_INTERVAL_MS);
  fd_device_monitor_set_interval (fx->monitor, 10);
  g_assert_cmpuint (fd_device_monitor_get_interval (fx->monitor), ==, 1000);
  fd_device_monitor_set_interval (fx->monitor, 2500);
  g_assert_cmpuint (fd_device_monitor_get_interval (fx->monitor), ==, 2500);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/device-monitor/initial", test_initial);
  ADD ("/core/device-monitor/quiet-is-cheap", test_quiet_is_cheap);
  ADD ("/core/device-monitor/hot-plug", test_hot_plug);
  ADD ("/core/device-monitor/recreated-same-name", test_recreated_same_name);
  ADD ("/core/device-monitor/retry", test_retry);
  ADD ("/core/device-monitor/inhibit", test_inhibit);
  ADD ("/core/device-monitor/rescan", test_rescan);
  ADD ("/core/device-monitor/stop-in-flight", test_stop_in_flight);
  ADD ("/core/device-monitor/interval", test_interval);

  return g_test_run ();
}
