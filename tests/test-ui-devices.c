/* test-ui-devices.c — the device list: empty state, rows, selection,
 * hot-plug, problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fd-ui-test.h"
#include "fd-window-private.h"

typedef struct
{
  char     *port_dir;
  FdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *glob = NULL;
  const char      *globs[2] = { NULL, NULL };

  f->port_dir = g_dir_make_tmp ("fd-ui-ports-XXXXXX", NULL);
  g_assert_nonnull (f->port_dir);
  glob = g_build_filename (f->port_dir, "*", NULL);
  globs[0] = glob;
  g_settings_set_strv (settings, "port-globs", globs);
  g_settings_set_boolean (settings, "list-system-ports", FALSE);
  f->window = fd_ui_test_new_window (1100, 700);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->port_dir, 0, NULL);
  const char *name;

  fd_ui_test_close_window (f->window);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->port_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->port_dir);
  g_free (f->port_dir);
}

static guint
n_devices (FdWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fd_window_get_device_list (window)));
}

static void
test_empty (Fixture *f, gconstpointer data)
{
  g_autofree char *shot = NULL;

  fd_ui_test_wait_for (fd_ui_test_scanned_once, f->window, 10000, "the first scan");
  g_assert_cmpuint (n_devices (f->window), ==, 0);
  g_assert_cmpstr (fd_device_panel_get_visible_page (fd_window_get_device_panel (f->window)), ==,
                   "empty");
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (f->window), "No Modules Connected"));
  shot = fd_ui_test_screenshot (GTK_WIDGET (f->window), "empty");
  g_assert_true (g_file_test (shot, G_FILE_TEST_IS_REGULAR));
}

static void
test_select (Fixture *f, gconstpointer data)
{
  FdDevicePanel *panel = fd_window_get_device_panel (f->window);
  FdDeviceList  *list = fd_window_get_device_list (f->window);
  FdDeviceItem  *a, *b, *c;

  fd_ui_test_wait_for (fd_ui_test_scanned_once, f->window, 10000, "the first scan");
  a = fd_ui_test_add_module (f->window, "usb:1-1", "ML307A-DSLN", "869012345678901", "ML307A_1.0",
                             FD_DIALECT_MFW, "/dev/ttyUSB2");
  b = fd_ui_test_add_module (f->window, "usb:1-2", "ML307A-DSLN", "869012345678902", "ML307A_1.0",
                             FD_DIALECT_MFW, "/dev/ttyUSB5");
  c = fd_ui_test_add_module (f->window, "usb:1-3", "MN316", "869012345678903", "MN316_2.1",
                             FD_DIALECT_MFW, "/dev/ttyUSB8");
  g_assert_cmpstr (fd_device_panel_get_visible_page (panel), ==, "list");
  fd_ui_test_spin (100);
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (panel), "IMEI 869012345678901"));
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (panel), "MFW"));

  /* "Select all of this model", as the row's menu item does. */
  fd_ui_test_activate (GTK_WIDGET (panel), "devices.select-model",
                       g_variant_new_string ("ML307A-DSLN"));
  g_assert_true (fd_device_item_get_selected (a));
  g_assert_true (fd_device_item_get_selected (b));
  g_assert_false (fd_device_item_get_selected (c));
  g_assert_cmpuint (fd_device_list_count_selected (list), ==, 2);
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (panel), "3 modules · 2 selected"));

  fd_ui_test_activate (GTK_WIDGET (panel), "devices.select-none", NULL);
  g_assert_cmpuint (fd_device_list_count_selected (list), ==, 0);
  fd_ui_test_activate (GTK_WIDGET (panel), "devices.select-all", NULL);
  g_assert_cmpuint (fd_device_list_count_selected (list), ==, 3);

  /* A module with a problem cannot be picked, and says what to do. */
  fd_device_item_set_state (c, FD_DEVICE_STATE_PROBLEM);
  fd_device_item_set_problem (c, "Port busy", "Another program holds the port.");
  g_assert_false (fd_device_item_get_selected (c));
  fd_device_item_set_selected (c, TRUE);
  g_assert_false (fd_device_item_get_selected (c));
  fd_ui_test_spin (100);
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (panel), "Another program holds"));
}

/* A port that appears in the watched folder is listed within a poll or
 * two, and dropped when it goes. */
static void
test_hotplug (Fixture *f, gconstpointer data)
{
  FdDeviceSource  *source = fd_window_get_device_source (f->window);
  g_autofree char *link = g_build_filename (f->port_dir, "ttyDEMO0", NULL);
  guint            scans;
  int              master;

  fd_device_source_set_poll_interval (source, 200);
  fd_ui_test_wait_for (fd_ui_test_scanned_once, f->window, 10000, "the first scan");
  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  g_assert_cmpint (symlink (ptsname (master), link), ==, 0);

  fd_device_source_rescan (source);
  while (n_devices (f->window) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_devices (f->window), ==, 1);

  g_unlink (link);
  close (master);
  scans = fd_device_source_get_n_scans (source);
  while (n_devices (f->window) != 0 || fd_device_source_get_n_scans (source) < scans + 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_devices (f->window), ==, 0);
}

static gboolean
banner_shown (gpointer data)
{
  return fd_device_panel_get_modem_manager_advice (fd_window_get_device_panel (data)) != NULL;
}

/* ModemManager on the system bus: the banner says what it does to the
 * ports and how to keep it away. */
static void
test_modem_manager (Fixture *f, gconstpointer data)
{
  const char *advice;

  fd_ui_test_wait_for (fd_ui_test_scanned_once, f->window, 10000, "the first scan");
  g_assert_null (fd_device_panel_get_modem_manager_advice (fd_window_get_device_panel (f->window)));
  fd_ui_test_own_name ("org.freedesktop.ModemManager1");
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.rescan", NULL);
  fd_ui_test_wait_for (banner_shown, f->window, 10000, "the ModemManager banner");
  advice = fd_device_panel_get_modem_manager_advice (fd_window_get_device_panel (f->window));
  g_assert_nonnull (strstr (advice, "udev rule"));
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (f->window), "ModemManager is running"));
}

int
main (int argc, char **argv)
{
  fd_ui_test_init (&argc, &argv);
  g_test_add ("/ui/devices/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/ui/devices/select", Fixture, NULL, fixture_set_up, test_select, fixture_tear_down);
  g_test_add ("/ui/devices/hotplug", Fixture, NULL, fixture_set_up, test_hotplug,
              fixture_tear_down);
  /* Last: the name it owns stays on the bus. */
  g_test_add ("/ui/devices/modem-manager", Fixture, NULL, fixture_set_up, test_modem_manager,
              fixture_tear_down);
  return fd_ui_test_run ();
}
