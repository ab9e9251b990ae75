/* test-ui-window.c — the window as a whole: fits a 1024×600 field
 * laptop, dark mode, keyboard shortcuts, About with the library
 * versions, accessible names on FotaDesk's own widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-ui-test.h"
#include "fd-window-private.h"

static FdWindow *
new_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *globs[] = { "/nonexistent/fd-ui-window-*", NULL };

  g_settings_set_strv (settings, "port-globs", globs);
  g_settings_set_boolean (settings, "list-system-ports", FALSE);
  return fd_ui_test_new_window (1024, 600);
}

/* Everything fits at 1024×600: the window asks for no more. */
static void
test_small_screen (void)
{
  FdWindow *window = new_window ();
  int       min_width = 0, min_height = 0;

  fd_ui_test_add_module (window, "tty:a", "ML307A-DSLN", "861234567890401", "ML307A_1.0",
                         FD_DIALECT_MFW, "/dev/ttyUSB0");
  fd_device_item_set_selected (fd_device_list_lookup (fd_window_get_device_list (window), "tty:a"),
                               TRUE);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL, NULL,
                      NULL);
  g_test_message ("minimum size %d×%d", min_width, min_height);
  g_assert_cmpint (min_width, <=, 1024);
  g_assert_cmpint (min_height, <=, 600);
  /* The window got the size asked for (less the decoration's margin). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 600);
  fd_ui_test_close_window (window);
}

static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  FdWindow        *window = new_window ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  fd_ui_test_add_module (window, "tty:a", "Air780E", "861234567890402", "V1103", FD_DIALECT_LUAT,
                         "/dev/ttyUSB0");
  fd_device_item_set_selected (fd_device_list_lookup (fd_window_get_device_list (window), "tty:a"),
                               TRUE);
  g_assert_true (adw_style_manager_get_dark (style));
  g_free (fd_ui_test_screenshot (GTK_WIDGET (window), "dark"));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  fd_ui_test_close_window (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* GTK keeps its own reference on every toplevel. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gboolean
has_toplevel (gpointer type)
{
  return find_toplevel ((GType)GPOINTER_TO_SIZE (type)) != NULL;
}

static void
test_about (void)
{
  FdWindow   *window = new_window ();
  GtkWindow  *about;
  const char *info;

  fd_ui_test_activate (GTK_WIDGET (window), "app.about", NULL);
  fd_ui_test_wait_for (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), 5000,
                       "the About window");
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  info = adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about));
  g_assert_nonnull (strstr (info, "FotaDesk " PACKAGE_VERSION));
  g_assert_nonnull (strstr (info, "GTK 4."));
  g_assert_nonnull (strstr (info, "libserialport 0."));
  g_assert_nonnull (strstr (info, "libcurl "));
  gtk_window_destroy (about);

  fd_ui_test_activate (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  fd_ui_test_wait_for (has_toplevel, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 5000,
                       "the shortcuts window");
  gtk_window_destroy (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  fd_ui_test_close_window (window);
}

/* Alt+2 and friends switch views; Ctrl+Shift+A selects every module. */
static void
test_shortcuts (void)
{
  FdWindow     *window = new_window ();
  FdDeviceList *list = fd_window_get_device_list (window);

  fd_ui_test_add_module (window, "tty:a", "MN316", "861234567890403", "r", FD_DIALECT_MFW,
                         "/dev/ttyUSB0");
  fd_ui_test_add_module (window, "tty:b", "MN316", "861234567890404", "r", FD_DIALECT_MFW,
                         "/dev/ttyUSB1");
  fd_ui_test_activate (GTK_WIDGET (window), "win.show-page", g_variant_new_string ("progress"));
  g_assert_cmpstr (fd_window_get_visible_page (window), ==, "progress");
  fd_ui_test_activate (GTK_WIDGET (window), "win.show-page", g_variant_new_string ("configure"));
  g_assert_cmpstr (fd_window_get_visible_page (window), ==, "configure");
  fd_ui_test_activate (GTK_WIDGET (window), "win.select-all", NULL);
  g_assert_cmpuint (fd_device_list_count_selected (list), ==, 2);
  fd_ui_test_activate (GTK_WIDGET (window), "win.select-none", NULL);
  g_assert_cmpuint (fd_device_list_count_selected (list), ==, 0);
  fd_ui_test_close_window (window);
}

/* FotaDesk's own widgets name themselves for screen readers. */
static void
test_accessible (void)
{
  FdWindow  *window = new_window ();
  GtkWidget *panel;
  GtkWidget *check;

  fd_ui_test_add_module (window, "tty:a", "M5311", "861234567890405", "r", FD_DIALECT_RSFOTA,
                         "/dev/ttyUSB0");
  fd_ui_test_spin (100);
  panel = GTK_WIDGET (fd_window_get_device_panel (window));
  check = fd_ui_test_find_child (fd_ui_test_find_child (panel, GTK_TYPE_LIST_VIEW),
                                 GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Include M5311 in the batch");
  fd_ui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  fd_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/window/small-screen", test_small_screen);
  g_test_add_func ("/ui/window/dark", test_dark);
  g_test_add_func ("/ui/window/about", test_about);
  g_test_add_func ("/ui/window/shortcuts", test_shortcuts);
  g_test_add_func ("/ui/window/accessible", test_accessible);
  return fd_ui_test_run ();
}
