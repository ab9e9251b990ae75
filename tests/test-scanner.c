/* test-scanner.c — FdScanner against scripted modules on real ptys
 *
 * Ports are found the way the simulator's are (links in a directory,
 * matched by a glob), or put on USB by a private copy of a recorded sysfs
 * tree whose tty "dev" files name our ptys. Opens that must fail for an
 * ordinary user (busy, permission) run in a child re-executed as nobody
 * through setpriv, because root bypasses both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-scanner.h"
#include "fd-test-module.h"

/* Generous: the machine is shared and noisy. Liveness, not speed. */
#define LIVENESS_BOUND_US (10 * G_USEC_PER_SEC)
#define QUICK_TIMEOUT_MS  300

typedef struct {
  const char *maker;
  const char *model;
  const char *revision;
  const char *imei;
  FdDialect   dialects;
  const char *row; /* model table id */
} Profile;

/* Sixteen modules of every row of the model table, some twice. */
static const Profile mixed[] = {
  { "China Mobile", "M5311", "M5311_V150R100C10B200", "861234567890001", FD_DIALECT_RSFOTA,
    "m5311" },
  { "CMCC", "M5311-E", "M5311E_R01", "861234567890002", FD_DIALECT_MFW, "m5311-e" },
  { "CMCC", "M5310-E", "M5310E_R02", "861234567890003", FD_DIALECT_MFW, "m5310-e" },
  { "CMCC", "MN316", "MN316_R1", "861234567890004", FD_DIALECT_MFW, "mn316" },
  { "CMCC", "MN316-S-DLVS", "MN316S_R1", "861234567890005", FD_DIALECT_MFW, "mn316-s" },
  { "CMCC", "ML302A-DCLM", "ML302A_R3", "861234567890006", FD_DIALECT_MFW, "ml30xa-dcl" },
  { "CMCC", "ML307A-DSLN", "ML307A_R4", "861234567890007", FD_DIALECT_MFW, "ml30xa-dsl" },
  { "CMCC", "ML307A", "ML307A_R5", "861234567890008", FD_DIALECT_MFW, "ml30xa" },
  { "CMCC", "ML302S", "ML302S_R1", "861234567890009", FD_DIALECT_MFW, "ml30xs" },
  { "CMCC", "ML307S", "ML307S_R1", "861234567890010", FD_DIALECT_MFW, "ml30xs" },
  { "AirM2M", "Air724UG", "AirM2M_724UG_V1", "866234567890011", FD_DIALECT_LUAT, "luat" },
  { "AirM2M", "Air780E", "AirM2M_780E_V1121_LTE_AT", "866234567890012", FD_DIALECT_LUAT, "luat" },
  { "China Mobile", "M5311", "M5311_V150R100C10B201", "861234567890013", FD_DIALECT_RSFOTA,
    "m5311" },
  { "CMCC", "ML307A-GCLN", "ML307A_R6", "861234567890014", FD_DIALECT_MFW, "ml30xa-dcl" },
  { "AirM2M", "Air780E", "AirM2M_780E_V1122_LTE_AT", "866234567890015", FD_DIALECT_LUAT, "luat" },
  { "Quectel", "EC25", "EC25EFAR06A03M4G", "861234567890016", FD_DIALECT_NONE, "unknown" },
};

/* ---- fixture: modules behind links in a directory ------------------------- */

typedef struct {
  char             *dir;
  GPtrArray        *modules; /* FdTestModule */
  GPtrArray        *links;   /* the link of each module */
  FdPortEnumerator *enumerator;
  FdScanner        *scanner;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  const char *globs[2] = { NULL, NULL };

  fx->dir = fd_test_make_tmpdir ("fd-scanner-XXXXXX");
  fx->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_test_module_free);
  fx->links = g_ptr_array_new_with_free_func (g_free);
  glob = g_build_filename (fx->dir, "m*", NULL);
  globs[0] = glob;
  /* no sysfs at all: every pty is a virtual port, wherever the test runs */
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
  g_ptr_array_unref (fx->modules);
  g_ptr_array_unref (fx->links);
  fd_test_sysfs_remove (fx->dir);
  g_free (fx->dir);
}

/* A module linked as @dir/m<NN>; not started. */
static FdTestModule *
fixture_add (Fixture *fx)
{
  FdTestModule *module = fd_test_module_new ();
  g_autofree char *name = g_strdup_printf ("m%02u", fx->modules->len + 1);

  g_ptr_array_add (fx->modules, module);
  g_ptr_array_add (fx->links, fd_test_make_link (fx->dir, name,
                                                 fd_test_module_get_path (module)));
  return module;
}

static FdTestModule *
fixture_add_profile (Fixture *fx, const Profile *profile)
{
  FdTestModule *module = fixture_add (fx);

  fd_test_module_set_identity (module, profile->maker, profile->model, profile->revision,
                               profile->imei, profile->dialects);
  fd_test_module_start (module);
  return module;
}

static GPtrArray *
fixture_scan (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *modules = fd_scanner_scan (fx->scanner, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (modules);
  return modules;
}

/* The scanned module whose group key names link @i. */
static FdModule *
find_module (Fixture *fx, GPtrArray *modules, guint i)
{
  g_autofree char *key = g_strconcat ("tty:", (char *) g_ptr_array_index (fx->links, i), NULL);

  for (guint m = 0; m < modules->len; m++)
    {
      FdModule *module = g_ptr_array_index (modules, m);

      if (g_str_equal (fd_module_get_key (module), key))
        return module;
    }
  g_error ("no module for %s", key);
}

static void
assert_profile (FdModule *module, const Profile *profile, FdTestModule *port)
{
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NONE);
  g_assert_null (fd_module_get_problem_message (module));
  g_assert_cmpstr (fd_module_get_manufacturer (module), ==, profile->maker);
  g_assert_cmpstr (fd_module_get_model (module), ==, profile->model);
  g_assert_cmpstr (fd_module_get_revision (module), ==, profile->revision);
  g_assert_cmpstr (fd_module_get_imei (module), ==, profile->imei);
  g_assert_cmpint (fd_module_get_dialects (module), ==, profile->dialects);
  g_assert_cmpstr (fd_model_get_id (fd_module_get_model_row (module)), ==, profile->row);
  g_assert_cmpstr (fd_module_get_at_port_path (module), ==, fd_test_module_get_path (port));
  g_assert_cmpint (fd_module_get_transport (module), ==, FD_PORT_TRANSPORT_VIRTUAL);
  g_assert_false (fd_module_is_gone (module));
}

static void
assert_all_commands_allowed (Fixture *fx)
{
  for (guint i = 0; i < fx->modules->len; i++)
    {
      g_auto(GStrv) commands = fd_test_module_dup_commands (g_ptr_array_index (fx->modules, i));

      fd_test_assert_only_allowed ((const char *const *) commands);
    }
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_mixed_sixteen (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (mixed); i++)
    fixture_add_profile (fx, &mixed[i]);

  modules = fixture_scan (fx);
  g_assert_cmpuint (modules->len, ==, G_N_ELEMENTS (mixed));
  for (gsize i = 0; i < G_N_ELEMENTS (mixed); i++)
    {
      FdModule *module = find_module (fx, modules, i);

      g_test_message ("%s: %s", fd_module_get_key (module), fd_module_get_title (module));
      assert_profile (module, &mixed[i], g_ptr_array_index (fx->modules, i));
      if (g_str_equal (mixed[i].row, "unknown"))
        g_assert_nonnull (strstr (fd_module_get_warning (module), "EC25"));
      else
        g_assert_null (fd_module_get_warning (module));
    }
  assert_all_commands_allowed (fx);
}

static void
test_titles (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  FdTestModule *silent;

  fixture_add_profile (fx, &mixed[1]);  /* CMCC M5311-E */
  fixture_add_profile (fx, &mixed[11]); /* AirM2M Air780E */
  silent = fixture_add (fx);
  fd_test_module_set_behaviour (silent, FD_TEST_MODULE_SILENT);
  fd_test_module_start (silent);
  fd_scanner_set_command_timeout (fx->scanner, QUICK_TIMEOUT_MS);

  modules = fixture_scan (fx);
  g_assert_cmpstr (fd_module_get_title (find_module (fx, modules, 0)), ==, "CMCC M5311-E");
  g_assert_cmpstr (fd_module_get_title (find_module (fx, modules, 1)), ==, "AirM2M Air780E");
  /* not identified: the device's own title */
  g_assert_nonnull (strstr (fd_module_get_title (find_module (fx, modules, 2)), "m03"));
}

static void
test_problems (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(FdSerialPort) holder = NULL;
  g_autoptr(GError) error = NULL;
  FdTestModule *silent, *garbage, *bluetooth, *busy;
  FdModule *module;
  gint64 start;

  fixture_add_profile (fx, &mixed[0]);
  silent = fixture_add (fx);
  fd_test_module_set_behaviour (silent, FD_TEST_MODULE_SILENT);
  garbage = fixture_add (fx);
  fd_test_module_set_behaviour (garbage, FD_TEST_MODULE_GARBAGE);
  bluetooth = fixture_add (fx); /* answers AT, nothing else */
  busy = fixture_add_profile (fx, &mixed[1]);
  fd_test_module_start (silent);
  fd_test_module_start (garbage);
  fd_test_module_start (bluetooth);
  /* as root the second open is refused by our own flock */
  holder = fd_serial_port_open (fd_test_module_get_path (busy), 0, &error);
  g_assert_no_error (error);
  fd_scanner_set_command_timeout (fx->scanner, QUICK_TIMEOUT_MS);

  start = g_get_monotonic_time ();
  modules = fixture_scan (fx);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_cmpuint (modules->len, ==, 5);

  assert_profile (find_module (fx, modules, 0), &mixed[0], g_ptr_array_index (fx->modules, 0));

  module = find_module (fx, modules, 1);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NO_AT_ANSWER);
  g_assert_null (fd_module_get_at_port (module));
  g_assert_null (fd_module_get_imei (module));
  g_assert_null (fd_module_get_warning (module));

  module = find_module (fx, modules, 2);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NOT_A_MODEM);
  g_assert_nonnull (strstr (fd_module_get_problem_message (module), "does not answer AT"));
  g_assert_null (fd_module_get_at_port (module));

  module = find_module (fx, modules, 3);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NOT_A_MODEM);
  g_assert_nonnull (strstr (fd_module_get_problem_message (module), "no IMEI"));
  /* it did answer AT: that port is kept, for diagnostics */
  g_assert_cmpstr (fd_module_get_at_port_path (module), ==, fd_test_module_get_path (bluetooth));

  module = find_module (fx, modules, 4);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_BUSY);
  g_assert_nonnull (strstr (fd_module_get_problem_message (module), "ModemManager"));
  g_assert_nonnull (strstr (fd_module_get_problem_message (module), "brltty"));
  g_assert_nonnull (strstr (fd_module_get_problem_message (module), "60-fotadesk.rules"));
  g_assert_cmpuint (fd_test_module_count_commands (busy), ==, 0);

  assert_all_commands_allowed (fx);
}

static void
test_empty (Fixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = fixture_scan (fx);

  g_assert_cmpuint (modules->len, ==, 0);
}

/* ---- async and cancel ----------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  GPtrArray *modules;
  GError    *error;
} AsyncResult;

static void
on_scanned (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *out = user_data;

  out->modules = fd_scanner_scan_finish (FD_SCANNER (source), result, &out->error);
  g_main_loop_quit (out->loop);
}

static void
test_async (Fixture *fx, gconstpointer data)
{
  AsyncResult out = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  fixture_add_profile (fx, &mixed[6]);
  fd_scanner_scan_async (fx->scanner, NULL, on_scanned, &out);
  g_main_loop_run (out.loop);

  g_assert_no_error (out.error);
  g_assert_cmpuint (out.modules->len, ==, 1);
  assert_profile (g_ptr_array_index (out.modules, 0), &mixed[6],
                  g_ptr_array_index (fx->modules, 0));
  g_ptr_array_unref (out.modules);
  g_main_loop_unref (out.loop);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_async_cancel (Fixture *fx, gconstpointer data)
{
  AsyncResult out = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  /* silent ports with long bounds: only the cancel ends this soon */
  for (guint i = 0; i < 4; i++)
    {
      FdTestModule *module = fixture_add (fx);

      fd_test_module_set_behaviour (module, FD_TEST_MODULE_SILENT);
      fd_test_module_start (module);
    }
  fd_scanner_set_command_timeout (fx->scanner, 20000);

  start = g_get_monotonic_time ();
  fd_scanner_scan_async (fx->scanner, cancellable, on_scanned, &out);
  g_timeout_add (300, cancel_soon, cancellable);
  g_main_loop_run (out.loop);

  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (out.modules);
  g_clear_error (&out.error);
  g_main_loop_unref (out.loop);
}

/* ---- USB devices: a recorded sysfs tree puts our ptys on USB ---------------- */

typedef struct {
  char             *sysfs;
  GPtrArray        *modules; /* FdTestModule */
  GPtrArray        *paths;   /* what the list function returns */
  FdPortEnumerator *enumerator;
  FdScanner        *scanner;
} UsbFixture;

static GStrv
list_paths (gpointer user_data, GError **error)
{
  GPtrArray *paths = user_data;
  GStrv out = g_new0 (char *, paths->len + 1);

  for (guint i = 0; i < paths->len; i++)
    out[i] = g_strdup (g_ptr_array_index (paths, i));
  return out;
}

static void
usb_set_up (UsbFixture *fx, gconstpointer data)
{
  fx->sysfs = fd_test_sysfs_copy (data);
  fx->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_test_module_free);
  fx->paths = g_ptr_array_new_with_free_func (g_free);
  fx->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (fx->enumerator, fx->sysfs);
  fd_port_enumerator_set_list_func (fx->enumerator, list_paths, fx->paths, NULL);
  fx->scanner = fd_scanner_new (fx->enumerator);
}

static void
usb_tear_down (UsbFixture *fx, gconstpointer data)
{
  g_clear_object (&fx->scanner);
  g_clear_object (&fx->enumerator);
  g_ptr_array_unref (fx->modules);
  g_ptr_array_unref (fx->paths);
  fd_test_sysfs_remove (fx->sysfs);
  g_free (fx->sysfs);
}

/* A module on a pty standing for sysfs tty @tty_name; not started. */
static FdTestModule *
usb_add (UsbFixture *fx, const char *tty_name)
{
  FdTestModule *module = fd_test_module_new ();

  fd_test_sysfs_map (fx->sysfs, tty_name, fd_test_module_get_path (module));
  g_ptr_array_add (fx->modules, module);
  g_ptr_array_add (fx->paths, g_strdup (fd_test_module_get_path (module)));
  return module;
}

static FdModule *
find_by_key (GPtrArray *modules, const char *key)
{
  for (guint m = 0; m < modules->len; m++)
    {
      FdModule *module = g_ptr_array_index (modules, m);

      if (g_str_equal (fd_module_get_key (module), key))
        return module;
    }
  g_error ("no module %s", key);
}

static void
test_usb_choose_at_port (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  FdTestModule *diag, *modem, *at, *nmea;
  FdModule *module;
  gint64 start;

  /* the tray's 1209:0001 module names its interfaces: DIAG Port, Modem,
   * AT Port, NMEA. The modem port answers AT too; the AT port wins. */
  diag = usb_add (fx, "ttyUSB10");
  modem = usb_add (fx, "ttyUSB11");
  at = usb_add (fx, "ttyUSB12");
  nmea = usb_add (fx, "ttyUSB13");
  fd_test_module_set_behaviour (diag, FD_TEST_MODULE_GARBAGE);
  fd_test_module_set_identity (modem, "CMCC", "ML307A-DSLN", "R1", "861234567890020",
                               FD_DIALECT_MFW);
  fd_test_module_set_identity (at, "CMCC", "ML307A-DSLN", "R1", "861234567890020",
                               FD_DIALECT_MFW);
  fd_test_module_set_behaviour (nmea, FD_TEST_MODULE_GARBAGE);
  for (guint i = 0; i < fx->modules->len; i++)
    fd_test_module_start (g_ptr_array_index (fx->modules, i));
  /* long bounds: the garbage ports end early only because the AT port
   * answered and made them pointless */
  fd_scanner_set_command_timeout (fx->scanner, 20000);

  start = g_get_monotonic_time ();
  modules = fd_scanner_scan (fx->scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);

  g_assert_cmpuint (modules->len, ==, 1);
  module = find_by_key (modules, "usb:2-1#FX-0042");
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NONE);
  g_assert_cmpstr (fd_module_get_at_port_path (module), ==, fd_test_module_get_path (at));
  g_assert_cmpstr (fd_port_info_get_tty_name (fd_module_get_at_port (module)), ==, "ttyUSB12");
  g_assert_cmpint (fd_module_get_transport (module), ==, FD_PORT_TRANSPORT_USB);
  g_assert_false (fd_module_is_behind_bridge (module));
  g_assert_cmpstr (fd_model_get_id (fd_module_get_model_row (module)), ==, "ml30xa-dsl");
  g_assert_cmpuint (fd_device_group_get_ports (fd_module_get_group (module))->len, ==, 4);
}

static void
test_usb_second_choice (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  FdTestModule *modem, *at;
  FdModule *module;

  /* the named AT port is silent (a firmware that moved AT elsewhere):
   * the next candidate that answers is taken */
  modem = usb_add (fx, "ttyUSB11");
  at = usb_add (fx, "ttyUSB12");
  fd_test_module_set_identity (modem, "CMCC", "MN316", "R1", "861234567890021", FD_DIALECT_MFW);
  fd_test_module_set_behaviour (at, FD_TEST_MODULE_SILENT);
  fd_test_module_start (modem);
  fd_test_module_start (at);
  fd_scanner_set_command_timeout (fx->scanner, QUICK_TIMEOUT_MS);

  modules = fd_scanner_scan (fx->scanner, NULL, &error);
  g_assert_no_error (error);
  module = find_by_key (modules, "usb:2-1#FX-0042");
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_NONE);
  g_assert_cmpstr (fd_module_get_at_port_path (module), ==, fd_test_module_get_path (modem));
  g_assert_cmpstr (fd_module_get_imei (module), ==, "861234567890021");
}

static void
test_usb_download_mode_not_probed (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  FdTestModule *boot_loader;
  FdModule *module;

  /* the tray's ttyACM0 is an Air780E boot loader (17d1:0001) */
  boot_loader = usb_add (fx, "ttyACM0");
  fd_test_module_set_identity (boot_loader, "AirM2M", "Air780E", "R", "866234567890030",
                               FD_DIALECT_LUAT);
  fd_test_module_start (boot_loader);

  modules = fd_scanner_scan (fx->scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (modules->len, ==, 1);
  module = g_ptr_array_index (modules, 0);
  g_assert_cmpint (fd_module_get_problem (module), ==, FD_MODULE_PROBLEM_DOWNLOAD_MODE);
  g_assert_nonnull (fd_module_get_problem_message (module));
  g_assert_null (fd_module_get_at_port (module));
  g_assert_cmpuint (fd_test_module_count_commands (boot_loader), ==, 0);
}

static void
test_usb_bridge (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  FdTestModule *behind;
  FdModule *module;

  /* ttyUSB1 is a CH340 at 1-4.2 with an M5311 behind it */
  behind = usb_add (fx, "ttyUSB1");
  fd_test_module_set_identity (behind, "China Mobile", "M5311", "R", "861234567890040",
                               FD_DIALECT_RSFOTA);
  fd_test_module_start (behind);

  modules = fd_scanner_scan (fx->scanner, NULL, &error);
  g_assert_no_error (error);
  module = find_by_key (modules, "usb:1-4.2");
  g_assert_true (fd_module_is_behind_bridge (module));
  g_assert_cmpstr (fd_module_get_model (module), ==, "M5311");
  g_assert_cmpstr (fd_module_get_title (module), ==, "China Mobile M5311");
}

/* ---- as an ordinary user: busy and permission denied ----------------------- */

/* The child: scans @glob as nobody, prints "<key> <problem>" per module. */
static int
child_scan (const char *glob)
{
  g_autoptr(FdPortEnumerator) enumerator = fd_port_enumerator_new ();
  g_autoptr(FdScanner) scanner = NULL;
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  const char *globs[] = { glob, NULL };

  if (geteuid () == 0)
    {
      g_printerr ("still root\n");
      return 2;
    }
  fd_port_enumerator_set_sysfs_root (enumerator, "/nonexistent");
  fd_port_enumerator_set_list_func (enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (enumerator, globs);
  scanner = fd_scanner_new (enumerator);
  modules = fd_scanner_scan (scanner, NULL, &error);
  if (modules == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 3;
    }
  for (guint i = 0; i < modules->len; i++)
    {
      FdModule *module = g_ptr_array_index (modules, i);

      g_print ("%s %s %s\n", fd_module_get_key (module),
               fd_module_problem_to_string (fd_module_get_problem (module)),
               fd_module_get_problem_message (module) ? fd_module_get_problem_message (module)
                                                      : "-");
    }
  return 0;
}

/* Runs child_scan() as nobody (or in-process when not root); returns its
 * output lines. */
static GStrv
scan_unprivileged (const char *glob)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = {
    "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", NULL, "--scan-child",
    glob, NULL,
  };

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  argv[4] = self_exe;
  g_spawn_sync (NULL, (char **) (geteuid () == 0 ? argv : argv + 4), NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("child failed: %s\nstdout: %s\nstderr: %s", error->message, out, err);
  g_test_message ("child as nobody:\n%s", out);
  return g_strsplit (g_strchomp (out), "\n", -1);
}

static const char *
line_for (GStrv lines, const char *link)
{
  g_autofree char *prefix = g_strconcat ("tty:", link, " ", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return lines[i] + strlen (prefix);
    }
  g_error ("the child did not report %s", link);
}

static void
test_unprivileged (Fixture *fx, gconstpointer data)
{
  g_autofree char *glob = g_build_filename (fx->dir, "m*", NULL);
  g_autoptr(FdSerialPort) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  FdTestModule *good, *busy, *locked;
  const char *line;

  good = fixture_add_profile (fx, &mixed[3]);
  busy = fixture_add_profile (fx, &mixed[4]);
  locked = fixture_add_profile (fx, &mixed[5]);
  g_assert_cmpint (chmod (fd_test_module_get_path (good), 0666), ==, 0);
  g_assert_cmpint (chmod (fd_test_module_get_path (busy), 0666), ==, 0);
  /* ours alone (root's when we are root; 0000 when we are the user) */
  g_assert_cmpint (chmod (fd_test_module_get_path (locked), geteuid () == 0 ? 0600 : 0000), ==,
                   0);
  holder = fd_serial_port_open (fd_test_module_get_path (busy), 0, &error);
  g_assert_no_error (error);

  lines = scan_unprivileged (glob);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  /* control: the same child identifies a port it may open */
  g_assert_cmpstr (line_for (lines, g_ptr_array_index (fx->links, 0)), ==, "none -");

  line = line_for (lines, g_ptr_array_index (fx->links, 1));
  g_assert_true (g_str_has_prefix (line, "busy "));
  g_assert_nonnull (strstr (line, "ModemManager or brltty"));
  g_assert_nonnull (strstr (line, "60-fotadesk.rules"));
  g_assert_cmpuint (fd_test_module_count_commands (busy), ==, 0);

  line = line_for (lines, g_ptr_array_index (fx->links, 2));
  g_assert_true (g_str_has_prefix (line, "permission-denied "));
  g_assert_nonnull (strstr (line, "dialout"));
  g_assert_nonnull (strstr (line, "usermod -aG dialout"));
  g_assert_cmpuint (fd_test_module_count_commands (locked), ==, 0);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--scan-child"))
    return child_scan (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_USB(path, fixture, func) \
  g_test_add (path, UsbFixture, fixture, usb_set_up, func, usb_tear_down)

  ADD ("/core/scanner/virtual/mixed-sixteen", test_mixed_sixteen);
  ADD ("/core/scanner/virtual/titles", test_titles);
  ADD ("/core/scanner/virtual/problems", test_problems);
  ADD ("/core/scanner/virtual/empty", test_empty);
  ADD ("/core/scanner/virtual/unprivileged", test_unprivileged);
  ADD ("/core/scanner/async/scan", test_async);
  ADD ("/core/scanner/async/cancel", test_async_cancel);
  ADD_USB ("/core/scanner/usb/choose-at-port", "tray", test_usb_choose_at_port);
  ADD_USB ("/core/scanner/usb/second-choice", "tray", test_usb_second_choice);
  ADD_USB ("/core/scanner/usb/download-mode-not-probed", "tray",
           test_usb_download_mode_not_probed);
  ADD_USB ("/core/scanner/usb/bridge", "tray", test_usb_bridge);

  return g_test_run ();
}
