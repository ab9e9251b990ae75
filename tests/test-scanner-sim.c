/* test-scanner-sim.c — scanner, device monitor and reattach against the
 * module simulator (src/sim): its modules, its faults, its reboots
 *
 * The simulator's knowledge of the models is its own (fd-sim-models.c),
 * so a module it runs is identified here exactly as a field engineer's
 * would be; busy and permission checks run as nobody, as in
 * test-scanner.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-device-monitor.h"
#include "fd-reattach.h"
#include "fd-scanner.h"
#include "fd-sim-fleet.h"
#include "fd-test-module.h"
#include "fd-test-util.h"

#define LIVENESS_BOUND_US (15 * G_USEC_PER_SEC)
#define QUICK_TIMEOUT_MS  300

/* Sixteen modules, every dialect and most rows of the model table. */
static const char *const mixed[] = {
  "M5311", "M5311-E", "M5310-E", "MN316", "MN316-S", "ML302A-DCLM", "ML302A-DSLM", "ML307A",
  "ML307A-DSLN", "ML307A-GCLN", "ML302S", "ML307S", "Air724UG", "Air780E", "M5311", "MN316-S",
};

typedef struct {
  char             *dir;
  FdSimFleet       *fleet;
  FdPortEnumerator *enumerator;
  FdScanner        *scanner;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  const char *globs[2] = { NULL, NULL };

  fx->dir = fd_test_mkdtemp ();
  /* an unprivileged child must be able to look inside */
  g_assert_cmpint (chmod (fx->dir, 0755), ==, 0);
  fx->fleet = fd_sim_fleet_new (fx->dir, &error);
  g_assert_no_error (error);
  glob = g_build_filename (fx->dir, "*", NULL);
  globs[0] = glob;
  no_sysfs = g_build_filename (fx->dir, "no-sysfs", NULL);
  fx->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (fx->enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (fx->enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (fx->enumerator, globs);
  fx->scanner = fd_scanner_new (fx->enumerator);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->scanner);
  g_clear_object (&fx->enumerator);
  fd_sim_fleet_shutdown (fx->fleet);
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static FdSimModule *
add (Fixture *fx, const char *model)
{
  g_autoptr(GError) error = NULL;
  FdSimModule *module = fd_sim_fleet_add_module (fx->fleet, model, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (module);
  fd_sim_module_wait_ready (module, 1, FD_TEST_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  return module;
}

static char *
key_of (FdSimModule *sim)
{
  g_autofree char *link = fd_sim_module_dup_link_path (sim);

  g_assert_nonnull (link);
  return g_strconcat ("tty:", link, NULL);
}

static FdModule *
find (GPtrArray *modules, const char *key)
{
  for (guint i = 0; i < modules->len; i++)
    {
      FdModule *module = g_ptr_array_index (modules, i);

      if (g_str_equal (fd_module_get_key (module), key))
        return module;
    }
  g_error ("no module %s", key);
}

static FdDialect
dialect_of (FdSimModule *sim)
{
  switch (fd_sim_module_get_dialect (sim))
    {
    case FD_SIM_DIALECT_RSFOTA:
      return FD_DIALECT_RSFOTA;
    case FD_SIM_DIALECT_MFW:
      return FD_DIALECT_MFW;
    case FD_SIM_DIALECT_LUAT:
      return FD_DIALECT_LUAT;
    default:
      g_assert_not_reached ();
    }
}

/* What the scan says of @module is what the simulator runs. */
static void
assert_is (FdModule *module, FdSimModule *sim)
{
  g_autofree char *revision = fd_sim_module_dup_revision (sim);
  g_autofree char *link = fd_sim_module_dup_link_path (sim);
  g_autofree char *node = realpath (link, NULL);
  const FdModel *row = fd_module_get_model_row (module);

  g_test_message ("%s: %s %s %s IMEI %s, row %s", fd_module_get_key (module),
                  fd_module_get_manufacturer (module), fd_module_get_model (module),
                  fd_module_get_revision (module), fd_module_get_imei (module),
                  fd_model_get_id (row));
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NONE);
  g_assert_cmpstr (fd_module_get_model (module), ==, fd_sim_module_get_model (sim));
  g_assert_cmpstr (fd_module_get_imei (module), ==, fd_sim_module_get_imei (sim));
  g_assert_cmpstr (fd_module_get_revision (module), ==, revision);
  g_assert_nonnull (fd_module_get_manufacturer (module));
  g_assert_cmpint (fd_module_get_dialects (module), ==, dialect_of (sim));
  g_assert_true (row == fd_models_lookup (fd_sim_module_get_model (sim)));
  g_assert_false (fd_model_is_unknown (row));
  g_assert_true ((fd_model_get_dialects (row) & dialect_of (sim)) != 0);
  g_assert_null (fd_module_get_warning (module));
  g_assert_cmpstr (fd_module_get_at_port_path (module), ==, node);
}

static GPtrArray *
scan (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *modules = fd_scanner_scan (fx->scanner, NULL, &error);

  g_assert_no_error (error);
  return modules;
}

/* ---- the scanner ---------------------------------------------------------- */

static void
test_mixed_sixteen (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) sims = g_ptr_array_new ();
  g_autoptr(GPtrArray) modules = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (mixed); i++)
    g_ptr_array_add (sims, add (fx, mixed[i]));

  modules = scan (fx);
  g_assert_cmpuint (modules->len, ==, G_N_ELEMENTS (mixed));
  for (guint i = 0; i < sims->len; i++)
    {
      g_autofree char *key = key_of (g_ptr_array_index (sims, i));

      assert_is (find (modules, key), g_ptr_array_index (sims, i));
    }
}

static void
test_faults (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  FdSimModule *noisy, *silent, *busy, *fine;
  g_autofree char *noisy_key = NULL;
  g_autofree char *silent_key = NULL;
  g_autofree char *busy_key = NULL;
  g_autofree char *fine_key = NULL;
  FdModule *module;

  noisy = add (fx, "ML307A-DSLN");
  fd_sim_module_set_garbage (noisy, 100); /* junk before every line */
  silent = add (fx, "MN316");
  fd_sim_module_set_silent (silent, TRUE);
  busy = add (fx, "Air780E");
  g_assert_true (fd_sim_module_set_busy (busy, TRUE, &error)); /* flock, TIOCEXCL */
  g_assert_no_error (error);
  fine = add (fx, "M5311");
  noisy_key = key_of (noisy);
  silent_key = key_of (silent);
  busy_key = key_of (busy);
  fine_key = key_of (fine);
  fd_scanner_set_command_timeout (fx->scanner, QUICK_TIMEOUT_MS);

  modules = scan (fx);
  g_assert_cmpuint (modules->len, ==, 4);
  /* junk on the line does not make junk of the identity */
  assert_is (find (modules, noisy_key), noisy);
  assert_is (find (modules, fine_key), fine);

  module = find (modules, silent_key);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NO_AT_ANSWER);
  g_assert_null (fd_module_get_imei (module));

  module = find (modules, busy_key);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_BUSY);
  g_assert_nonnull (strstr (fd_module_get_problem_message (module), "60-fotadesk.rules"));
}

/* ---- as nobody: busy and permission denied ------------------------------------ */

static int
child_scan (const char *glob)
{
  g_autoptr(FdPortEnumerator) enumerator = fd_port_enumerator_new ();
  g_autoptr(FdScanner) scanner = NULL;
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  const char *globs[] = { glob, NULL };

  if (geteuid () == 0)
    return 2;
  fd_port_enumerator_set_sysfs_root (enumerator, "/nonexistent");
  fd_port_enumerator_set_list_func (enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (enumerator, globs);
  scanner = fd_scanner_new (enumerator);
  modules = fd_scanner_scan (scanner, NULL, &error);
  if (modules == NULL)
    return 3;
  for (guint i = 0; i < modules->len; i++)
    {
      FdModule *module = g_ptr_array_index (modules, i);
      const char *message = fd_module_get_problem_message (module);

      g_print ("%s|%s|%s|%s\n", fd_module_get_key (module),
               fd_module_problem_to_string (fd_module_get_problem (module)),
               fd_module_get_imei (module) ? fd_module_get_imei (module) : "-",
               message ? message : "-");
    }
  return 0;
}

static GStrv
scan_as_nobody (const char *glob)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = {
    "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", self_exe, "--scan-child",
    glob, NULL,
  };

  g_spawn_sync (NULL, (char **) (geteuid () == 0 ? argv : argv + 4), NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("child failed: %s\n%s\n%s", error->message, out, err);
  g_test_message ("child as nobody:\n%s", out);
  return g_strsplit (g_strchomp (out), "\n", -1);
}

static GStrv
fields_for (GStrv lines, const char *key)
{
  g_autofree char *prefix = g_strconcat (key, "|", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return g_strsplit (lines[i], "|", 4);
    }
  g_error ("the child did not report %s", key);
}

static void
chmod_node (FdSimModule *sim, mode_t mode)
{
  g_autofree char *link = fd_sim_module_dup_link_path (sim);

  g_assert_cmpint (chmod (link, mode), ==, 0); /* follows the link to the pty */
}

static void
test_unprivileged (Fixture *fx, gconstpointer data)
{
  g_autofree char *glob = g_build_filename (fx->dir, "*", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  FdSimModule *fine, *busy, *locked;
  g_autofree char *fine_key = NULL;
  g_autofree char *busy_key = NULL;
  g_autofree char *locked_key = NULL;
  g_auto(GStrv) f = NULL;
  g_auto(GStrv) b = NULL;
  g_auto(GStrv) l = NULL;

  fine = add (fx, "ML307S");
  busy = add (fx, "MN316-S");
  locked = add (fx, "Air724UG");
  chmod_node (fine, 0666);
  chmod_node (busy, 0666);
  chmod_node (locked, geteuid () == 0 ? 0600 : 0000);
  g_assert_true (fd_sim_module_set_busy (busy, TRUE, &error));
  g_assert_no_error (error);
  fine_key = key_of (fine);
  busy_key = key_of (busy);
  locked_key = key_of (locked);

  lines = scan_as_nobody (glob);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  f = fields_for (lines, fine_key);
  g_assert_cmpstr (f[1], ==, "none");
  g_assert_cmpstr (f[2], ==, fd_sim_module_get_imei (fine));

  b = fields_for (lines, busy_key);
  g_assert_cmpstr (b[1], ==, "busy");
  g_assert_nonnull (strstr (b[3], "ModemManager or brltty"));
  g_assert_nonnull (strstr (b[3], "60-fotadesk.rules"));

  l = fields_for (lines, locked_key);
  g_assert_cmpstr (l[1], ==, "permission-denied");
  g_assert_nonnull (strstr (l[3], "usermod -aG dialout"));
}

/* ---- reattach ------------------------------------------------------------------ */

typedef struct {
  FdReattach *reattach;
  char       *new_port;
  GError     *error;
} Waiter;

static gpointer
wait_thread (gpointer data)
{
  Waiter *waiter = data;

  fd_reattach_wait (waiter->reattach, 20000, NULL, &waiter->new_port, &waiter->error);
  return NULL;
}

static void
test_reattach_renamed_after_reboot (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *old_link = NULL;
  g_autofree char *new_link = NULL;
  g_autofree char *new_node = NULL;
  Waiter waiter = { 0 };
  FdSimModule *ml307, *other;
  GThread *thread;

  /* an ML30x reboots several times during its upgrade; on USB its port
   * comes back under another name */
  ml307 = add (fx, "ML307A-DSLN");
  other = add (fx, "ML307A-DSLN");
  fd_sim_module_set_reboot_style (ml307, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_rename_on_reboot (ml307, TRUE);
  key = key_of (ml307);
  old_link = fd_sim_module_dup_link_path (ml307);
  modules = scan (fx);
  reattach = fd_reattach_new (fx->enumerator, find (modules, key));
  waiter.reattach = reattach;

  fd_sim_module_reboot (ml307);
  thread = g_thread_new ("reattach", wait_thread, &waiter);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  new_link = fd_sim_module_dup_link_path (ml307);
  g_assert_nonnull (new_link);
  g_assert_cmpstr (new_link, !=, old_link);
  /* Given by its new link, which follows the pty behind it. */
  new_node = realpath (new_link, NULL);
  g_assert_cmpstr (waiter.new_port, ==, new_link);
  g_assert_nonnull (new_node);
  g_assert_cmpstr (fd_sim_module_get_imei (other), !=, fd_sim_module_get_imei (ml307));
  g_free (waiter.new_port);
}

/* ---- the device monitor ----------------------------------------------------------- */

typedef struct {
  GPtrArray *added;
  GPtrArray *removed;
} Seen;

static void
on_added (FdDeviceMonitor *monitor, FdModule *module, Seen *seen)
{
  g_ptr_array_add (seen->added, g_object_ref (module));
}

static void
on_removed (FdDeviceMonitor *monitor, FdModule *module, Seen *seen)
{
  g_assert_true (fd_module_is_gone (module));
  g_ptr_array_add (seen->removed, g_object_ref (module));
}

static gboolean
expire (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (guint *counter, guint target)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (LIVENESS_BOUND_US / 1000, expire, &expired);

  while (*counter < target && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("waited for %u events, saw %u", target, *counter);
  g_source_remove (source);
}

static void
test_monitor_hot_plug_and_reboot (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdDeviceMonitor) monitor = fd_device_monitor_new (fx->scanner);
  Seen seen = { g_ptr_array_new_with_free_func (g_object_unref),
                g_ptr_array_new_with_free_func (g_object_unref) };
  g_autoptr(GError) error = NULL;
  g_autofree char *luat_key = NULL;
  g_autofree char *renamed_key = NULL;
  FdSimModule *luat, *ml307, *late;
  FdModule *back;

  luat = add (fx, "Air780E");
  ml307 = add (fx, "ML307S");
  fd_sim_module_set_reboot_style (ml307, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_rename_on_reboot (ml307, TRUE);
  luat_key = key_of (luat);
  g_signal_connect (monitor, "module-added", G_CALLBACK (on_added), &seen);
  g_signal_connect (monitor, "module-removed", G_CALLBACK (on_removed), &seen);
  fd_device_monitor_start (monitor);
  wait_for (&seen.added->len, 2);

  /* plugged in later: found */
  late = add (fx, "M5311-E");
  wait_for (&seen.added->len, 3);
  g_assert_cmpstr (fd_module_get_imei (g_ptr_array_index (seen.added, 2)), ==,
                   fd_sim_module_get_imei (late));

  /* unplugged: gone */
  fd_sim_module_unplug (luat);
  wait_for (&seen.removed->len, 1);
  g_assert_cmpstr (fd_module_get_key (g_ptr_array_index (seen.removed, 0)), ==, luat_key);

  /* rebooted under another name: the old one leaves, the same IMEI comes */
  fd_sim_module_reboot (ml307);
  wait_for (&seen.removed->len, 2);
  wait_for (&seen.added->len, 4);
  back = g_ptr_array_index (seen.added, 3);
  renamed_key = key_of (ml307);
  g_assert_cmpstr (fd_module_get_key (back), ==, renamed_key);
  g_assert_cmpstr (fd_module_get_imei (back), ==, fd_sim_module_get_imei (ml307));

  fd_device_monitor_stop (monitor);
  g_signal_handlers_disconnect_by_data (monitor, &seen);
  g_ptr_array_unref (seen.added);
  g_ptr_array_unref (seen.removed);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--scan-child"))
    return child_scan (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/scanner-sim/mixed-sixteen", test_mixed_sixteen);
  ADD ("/core/scanner-sim/faults", test_faults);
  ADD ("/core/scanner-sim/unprivileged", test_unprivileged);
  ADD ("/core/scanner-sim/reattach/renamed-after-reboot", test_reattach_renamed_after_reboot);
  ADD ("/core/scanner-sim/monitor/hot-plug-and-reboot", test_monitor_hot_plug_and_reboot);

  return g_test_run ();
}
