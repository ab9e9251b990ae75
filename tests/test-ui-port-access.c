/* test-ui-port-access.c — Fix Port Access: from the main menu, from a
 * module that is busy or may not be opened, from the ModemManager
 * banner; the rule and the commands it shows on a computer without the
 * rule, with it, and inside Flatpak
 *
 * The computer is a directory of the test's (FD_HOST_ROOT): with
 * .flatpak-info in it FotaDesk is in Flatpak, with the rule in its
 * usr/lib/udev/rules.d the rule is installed. FLATPAK_ID is unset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <grp.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fd-banner.h"
#include "fd-command-box.h"
#include "fd-device-row.h"
#include "fd-host-fixes.h"
#include "fd-port-access-dialog.h"
#include "fd-ui-test.h"
#include "fd-window-private.h"

#define RELOAD                                                                                     \
  "sudo udevadm control --reload &&\n"                                                             \
  "sudo udevadm trigger --action=change --subsystem-match=usb --subsystem-match=tty"

typedef struct
{
  char     *root;
  char     *rule; /* data/60-fotadesk.rules, read from the source tree */
  FdWindow *window;
} Fixture;

static void
put_file (const char *root, const char *relative, const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
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
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *rule_path
      = g_test_build_filename (G_TEST_DIST, "..", "data", "60-fotadesk.rules", NULL);
  const char *globs[] = { "/nonexistent/fd-ui-port-access-*", NULL };

  g_settings_set_strv (settings, "port-globs", globs);
  g_settings_set_boolean (settings, "list-system-ports", FALSE);
  f->root = g_dir_make_tmp ("fd-ui-host-XXXXXX", NULL);
  g_assert_nonnull (f->root);
  g_assert_true (g_file_get_contents (rule_path, &f->rule, NULL, NULL));
  g_setenv ("FD_HOST_ROOT", f->root, TRUE);
  g_unsetenv ("FLATPAK_ID");
  f->window = fd_ui_test_new_window (1100, 700);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  fd_ui_test_close_window (f->window);
  g_unsetenv ("FD_HOST_ROOT");
  remove_tree (f->root);
  g_free (f->root);
  g_free (f->rule);
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWidget *dialog = fd_window_get_port_access_dialog (data);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static FdPortAccessDialog *
wait_for_dialog (Fixture *f)
{
  fd_ui_test_wait_for (dialog_shown, f->window, 5000, "Fix Port Access");
  return FD_PORT_ACCESS_DIALOG (fd_window_get_port_access_dialog (f->window));
}

/* The command box showing exactly @text, or NULL. */
static FdCommandBox *
find_box (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      FdCommandBox *found;

      if (FD_IS_COMMAND_BOX (child)
          && g_strcmp0 (fd_command_box_get_text (FD_COMMAND_BOX (child)), text) == 0)
        return FD_COMMAND_BOX (child);
      found = find_box (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @text is shown, in a box that is on screen or would be with its group
 * scrolled to. */
static void
assert_shown (FdPortAccessDialog *dialog, const char *text)
{
  FdCommandBox *box = find_box (GTK_WIDGET (dialog), text);

  if (box == NULL)
    g_error ("Fix Port Access does not show %s", text);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (box)));
  /* What the box shows is its text: the label a person reads. */
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (box), text));
}

static void
assert_hidden (FdPortAccessDialog *dialog, const char *text)
{
  FdCommandBox *box = find_box (GTK_WIDGET (dialog), text);

  g_assert_nonnull (box);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (box)));
}

static void
open_from_menu (Fixture *f)
{
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.fix-port-access",
                       g_variant_new ("(ss)", "all", ""));
}

typedef struct
{
  char    *text;
  gboolean done;
} ReadData;

static void
on_text_read (GObject *clipboard, GAsyncResult *result, gpointer user_data)
{
  ReadData *data = user_data;

  data->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  data->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ReadData *)data)->done;
}

/* The Copy button puts the exact text on the clipboard. */
static void
assert_copies (FdCommandBox *box, const char *text)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (box));
  ReadData      data = { NULL, FALSE };

  gdk_clipboard_set_text (clipboard, "something else");
  fd_ui_test_activate (GTK_WIDGET (box), "command.copy", NULL);
  gdk_clipboard_read_text_async (clipboard, NULL, on_text_read, &data);
  fd_ui_test_wait_for (read_done, &data, 5000, "the clipboard");
  g_assert_cmpstr (data.text, ==, text);
  g_free (data.text);
}

/* No rule where udev reads rules: one command writes it and applies it;
 * the rule is shown as it is in data/, with every other fix. */
static void
test_menu_rule_missing (Fixture *f, gconstpointer data)
{
  g_autofree char    *expected = g_strconcat ("sudo tee /etc/udev/rules.d/60-fotadesk.rules "
                                                 "> /dev/null << 'EOF' &&\n",
                                              f->rule, "EOF\n" RELOAD, NULL);
  FdPortAccessDialog *dialog;
  GtkWidget          *expander;

  open_from_menu (f);
  dialog = wait_for_dialog (f);
  g_assert_cmpint (fd_port_access_dialog_get_topic (dialog), ==, FD_PORT_ACCESS_ALL);
  g_assert_false (fd_host_fixes_get_flatpak (fd_port_access_dialog_get_fixes (dialog)));
  assert_shown (dialog, expected);
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (dialog), "The rule is not installed"));
  assert_shown (dialog, "sudo usermod -aG dialout \"$USER\"");
  assert_shown (dialog, "sudo systemctl stop ModemManager");
  assert_shown (dialog, "sudo systemctl mask --now ModemManager");
  assert_shown (dialog, "sudo apt remove brltty");
  /* Not in Flatpak: no word of a host. */
  g_assert_false (fd_banner_get_revealed (
      FD_BANNER (fd_ui_test_find_child (GTK_WIDGET (dialog), FD_TYPE_BANNER))));
  g_free (fd_ui_test_screenshot (GTK_WIDGET (dialog), "port-access"));
  assert_copies (find_box (GTK_WIDGET (dialog), expected), expected);
  /* The rule alone, under the expander: the very file. */
  expander = fd_ui_test_find_child (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  fd_ui_test_spin (100);
  assert_shown (dialog, f->rule);
  assert_copies (find_box (GTK_WIDGET (dialog), f->rule), f->rule);
}

/* The rule is installed (a package, meson install): the command is the
 * one that makes udev apply it. */
static void
test_menu_rule_installed (Fixture *f, gconstpointer data)
{
  FdPortAccessDialog *dialog;

  put_file (f->root, "usr/lib/udev/rules.d/60-fotadesk.rules", f->rule);
  put_file (f->root, "etc/os-release", "ID=fedora\n");
  open_from_menu (f);
  dialog = wait_for_dialog (f);
  assert_shown (dialog, RELOAD);
  g_assert_nonnull (fd_ui_test_find_label (
      GTK_WIDGET (dialog), "The rule is installed (/usr/lib/udev/rules.d/60-fotadesk.rules)"));
  g_assert_null (find_box (GTK_WIDGET (dialog), "sudo tee"));
  assert_shown (dialog, "sudo dnf remove brltty");
}

/* In Flatpak: every fix is for a terminal on the host, the banner says
 * so, and the rule command writes the rule whatever the sandbox has. */
static void
test_flatpak (Fixture *f, gconstpointer data)
{
  g_autofree char    *expected = g_strconcat ("sudo tee /etc/udev/rules.d/60-fotadesk.rules "
                                                 "> /dev/null << 'EOF' &&\n",
                                              f->rule, "EOF\n" RELOAD, NULL);
  FdPortAccessDialog *dialog;
  GtkWidget          *banner;

  put_file (f->root, ".flatpak-info", "[Application]\nname=io.github.fotadesk.FotaDesk\n");
  put_file (f->root, "usr/lib/udev/rules.d/60-fotadesk.rules", f->rule);
  put_file (f->root, "run/host/os-release", "ID=ubuntu\nID_LIKE=debian\n");
  open_from_menu (f);
  dialog = wait_for_dialog (f);
  g_assert_true (fd_host_fixes_get_flatpak (fd_port_access_dialog_get_fixes (dialog)));
  assert_shown (dialog, expected);
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (dialog), "inside Flatpak"));
  banner = gtk_widget_get_ancestor (
      GTK_WIDGET (fd_ui_test_find_label (GTK_WIDGET (dialog), "Run these commands on the host")),
      FD_TYPE_BANNER);
  g_assert_nonnull (banner);
  g_assert_true (fd_banner_get_revealed (FD_BANNER (banner)));
  g_assert_nonnull (strstr (fd_banner_get_message (FD_BANNER (banner)), "terminal on the host"));
  assert_shown (dialog, "sudo usermod -aG dialout \"$USER\"");
  assert_shown (dialog, "sudo systemctl stop ModemManager");
  assert_shown (dialog, "sudo apt remove brltty");
  g_free (fd_ui_test_screenshot (GTK_WIDGET (dialog), "port-access-flatpak"));
}

static GtkWidget *
find_row (GtkWidget *root, FdDeviceItem *item)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (FD_IS_DEVICE_ROW (child) && fd_device_row_get_item (FD_DEVICE_ROW (child)) == item)
        return child;
      found = find_row (child, item);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static FdDeviceItem *
add_problem (Fixture *f, const char *key, FdModuleProblem kind, const char *port)
{
  FdDeviceItem *item
      = fd_ui_test_add_module (f->window, key, "ML307A", NULL, NULL, FD_DIALECT_NONE, port);

  fd_device_item_set_problem (item, fd_module_problem_get_title (kind), "What to do.");
  fd_device_item_set_problem_kind (item, kind);
  fd_device_item_set_state (item, FD_DEVICE_STATE_PROBLEM);
  fd_ui_test_spin (100);
  return item;
}

static GtkWidget *
fix_button (GtkWidget *row)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_ancestor (
      GTK_WIDGET (fd_ui_test_find_label (row, "Fix Port Access")), GTK_TYPE_BUTTON));

  g_assert_nonnull (button);
  return button;
}

/* A port the user may not open: the row offers the fixes for that, with
 * the group that may open this port. */
static void
test_row_permission (Fixture *f, gconstpointer data)
{
  g_autofree char    *port = g_build_filename (f->root, "ttyUSB4", NULL);
  g_autofree char    *join = NULL;
  g_autofree char    *rule_command = NULL;
  gid_t               gid = getegid ();
  FdDeviceItem       *item;
  FdDeviceItem       *silent;
  GtkWidget          *row;
  FdPortAccessDialog *dialog;

  /* The port belongs to a group of ours (dialout's, as root, whose own
   * group is never one to join). */
  if (gid == 0)
    {
      struct group *dialout = getgrnam ("dialout");

      if (dialout == NULL)
        {
          g_test_skip ("running as root on a system without a dialout group");
          return;
        }
      gid = dialout->gr_gid;
    }
  put_file (f->root, "ttyUSB4", "");
  g_assert_cmpint (chown (port, (uid_t)-1, gid), ==, 0);
  g_assert_cmpint (g_chmod (port, 0660), ==, 0);
  join = g_strdup_printf ("sudo usermod -aG %s \"$USER\"", getgrgid (gid)->gr_name);
  item = add_problem (f, "tty:perm", FD_MODULE_PROBLEM_PERMISSION_DENIED, port);
  silent = add_problem (f, "tty:silent", FD_MODULE_PROBLEM_NO_AT_ANSWER, "/dev/ttyUSB5");
  /* Nothing on the computer makes a silent module talk. */
  g_assert_false (gtk_widget_is_visible (fix_button (find_row (GTK_WIDGET (f->window), silent))));

  row = find_row (GTK_WIDGET (f->window), item);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (fix_button (row)));
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "port-access-row"));
  g_assert_true (gtk_widget_activate (fix_button (row)));
  dialog = wait_for_dialog (f);
  g_assert_cmpint (fd_port_access_dialog_get_topic (dialog), ==, FD_PORT_ACCESS_PERMISSION);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (
                       fd_ui_test_find_child (GTK_WIDGET (dialog), ADW_TYPE_WINDOW_TITLE))),
                   ==, port);
  assert_shown (dialog, join);
  rule_command = fd_host_fixes_dup_rule_command (fd_port_access_dialog_get_fixes (dialog));
  assert_shown (dialog, rule_command);
  assert_hidden (dialog, "sudo systemctl stop ModemManager");
  assert_hidden (dialog, "sudo apt remove brltty");

  /* Fixed: the button goes. */
  fd_device_item_set_problem_kind (item, FD_MODULE_PROBLEM_NONE);
  fd_device_item_set_state (item, FD_DEVICE_STATE_READY);
  g_assert_false (gtk_widget_is_visible (fix_button (row)));
}

/* A busy port: the fixes for ModemManager and brltty, not the group. */
static void
test_row_busy (Fixture *f, gconstpointer data)
{
  FdDeviceItem       *item = add_problem (f, "tty:busy", FD_MODULE_PROBLEM_BUSY, "/dev/ttyUSB2");
  GtkWidget          *row = find_row (GTK_WIDGET (f->window), item);
  FdPortAccessDialog *dialog;

  g_assert_true (gtk_widget_activate (fix_button (row)));
  dialog = wait_for_dialog (f);
  g_assert_cmpint (fd_port_access_dialog_get_topic (dialog), ==, FD_PORT_ACCESS_BUSY);
  assert_shown (dialog, "sudo systemctl stop ModemManager");
  assert_shown (dialog, "sudo systemctl mask --now ModemManager");
  assert_shown (dialog, "sudo apt remove brltty");
  assert_hidden (dialog, "sudo usermod -aG dialout \"$USER\"");
  /* Escape closes it. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  fd_ui_test_spin (100);
  g_assert_null (fd_window_get_port_access_dialog (f->window));
}

static gboolean
banner_shown (gpointer data)
{
  return fd_device_panel_get_modem_manager_advice (fd_window_get_device_panel (data)) != NULL;
}

/* ModemManager runs: its banner's button opens the fixes for a busy port. */
static void
test_modem_manager_banner (Fixture *f, gconstpointer data)
{
  GtkWidget          *panel = GTK_WIDGET (fd_window_get_device_panel (f->window));
  GtkWidget          *button;
  FdPortAccessDialog *dialog;

  fd_ui_test_own_name ("org.freedesktop.ModemManager1");
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.rescan", NULL);
  fd_ui_test_wait_for (banner_shown, f->window, 10000, "the ModemManager banner");
  g_assert_nonnull (strstr (fd_device_panel_get_modem_manager_advice (FD_DEVICE_PANEL (panel)),
                            "Fix Port Access"));
  button = gtk_widget_get_ancestor (GTK_WIDGET (fd_ui_test_find_label (panel, "Fix…")),
                                    GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  /* As a click does: the banner may still be sliding in. */
  g_signal_emit_by_name (button, "clicked");
  dialog = wait_for_dialog (f);
  g_assert_cmpint (fd_port_access_dialog_get_topic (dialog), ==, FD_PORT_ACCESS_BUSY);
  assert_shown (dialog, "sudo systemctl stop ModemManager");
}

int
main (int argc, char **argv)
{
  fd_ui_test_init (&argc, &argv);
  g_test_add ("/ui/port-access/menu/rule-missing", Fixture, NULL, fixture_set_up,
              test_menu_rule_missing, fixture_tear_down);
  g_test_add ("/ui/port-access/menu/rule-installed", Fixture, NULL, fixture_set_up,
              test_menu_rule_installed, fixture_tear_down);
  g_test_add ("/ui/port-access/menu/flatpak", Fixture, NULL, fixture_set_up, test_flatpak,
              fixture_tear_down);
  g_test_add ("/ui/port-access/row/permission", Fixture, NULL, fixture_set_up, test_row_permission,
              fixture_tear_down);
  g_test_add ("/ui/port-access/row/busy", Fixture, NULL, fixture_set_up, test_row_busy,
              fixture_tear_down);
  /* Last: the name it owns stays on the bus. */
  g_test_add ("/ui/port-access/banner/modem-manager", Fixture, NULL, fixture_set_up,
              test_modem_manager_banner, fixture_tear_down);
  return fd_ui_test_run ();
}
