/* test-host-fixes.c — Flatpak detection, the udev rule's state and
 * command, and the other commands that fix port access on the host
 *
 * Flatpak is detected from a root directory (FD_HOST_ROOT for the
 * functions that look at this computer) holding .flatpak-info, or from
 * FLATPAK_ID: the tests lay out roots of their own and set or unset
 * FLATPAK_ID. The install command is run for real, by sh and bash, with
 * sudo and udevadm stand-ins on PATH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-host-fixes.h"
#include "fd-modem-manager.h"

#define RELOAD                                                                                     \
  "sudo udevadm control --reload &&\n"                                                             \
  "sudo udevadm trigger --action=change --subsystem-match=usb --subsystem-match=tty"

static char *
shipped_rule (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "..", "data", "60-fotadesk.rules", NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* Writes @contents to @root/@relative, making the directories. */
static void
put_file (const char *root, const char *relative, const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static char *
new_root (void)
{
  g_autoptr (GError) error = NULL;
  char *root = g_dir_make_tmp ("fd-host-root-XXXXXX", &error);

  g_assert_no_error (error);
  return root;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (
      file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

/* ---- Flatpak -------------------------------------------------------------- */

static void
test_flatpak_info_file (void)
{
  g_autofree char *root = new_root ();

  g_assert_false (fd_host_is_flatpak (root));
  put_file (root, ".flatpak-info", "[Application]\nname=io.github.fotadesk.FotaDesk\n");
  g_assert_true (fd_host_is_flatpak (root));
  remove_tree (root);
}

static void
test_flatpak_id (void)
{
  g_autofree char *root = new_root ();

  g_setenv ("FLATPAK_ID", "io.github.fotadesk.FotaDesk", TRUE);
  g_assert_true (fd_host_is_flatpak (root));
  /* Empty is unset. */
  g_setenv ("FLATPAK_ID", "", TRUE);
  g_assert_false (fd_host_is_flatpak (root));
  g_unsetenv ("FLATPAK_ID");
  g_assert_false (fd_host_is_flatpak (root));
  remove_tree (root);
}

/* Messages that tell how to fix the computer say, in Flatpak, where. */
static void
test_flatpak_note (void)
{
  g_autofree char *root = new_root ();
  g_autofree char *native = NULL;
  g_autofree char *sandboxed = NULL;
  g_autoptr (GError) error = NULL;

  g_setenv ("FD_HOST_ROOT", root, TRUE);
  g_assert_null (fd_host_get_flatpak_note ());
  native = fd_modem_manager_get_advice (FD_MODEM_MANAGER_RUNNING);
  g_assert_null (strstr (native, "Flatpak"));
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "No permission.");
  fd_host_add_flatpak_note (&error);
  g_assert_cmpstr (error->message, ==, "No permission.");

  put_file (root, ".flatpak-info", "[Application]\n");
  g_assert_nonnull (strstr (fd_host_get_flatpak_note (), "terminal on the host"));
  sandboxed = fd_modem_manager_get_advice (FD_MODEM_MANAGER_RUNNING);
  g_assert_true (g_str_has_prefix (sandboxed, native));
  g_assert_true (g_str_has_suffix (sandboxed, fd_host_get_flatpak_note ()));
  fd_host_add_flatpak_note (&error);
  g_assert_true (g_str_has_prefix (error->message, "No permission. FotaDesk runs in Flatpak"));
  /* Nothing to add to, nothing added. */
  fd_host_add_flatpak_note (NULL);

  g_unsetenv ("FD_HOST_ROOT");
  remove_tree (root);
}

static void
test_root_default (void)
{
  g_unsetenv ("FD_HOST_ROOT");
  g_assert_cmpstr (fd_host_get_root (), ==, "/");
  g_setenv ("FD_HOST_ROOT", "", TRUE);
  g_assert_cmpstr (fd_host_get_root (), ==, "/");
  g_setenv ("FD_HOST_ROOT", "/tmp/x", TRUE);
  g_assert_cmpstr (fd_host_get_root (), ==, "/tmp/x");
  g_unsetenv ("FD_HOST_ROOT");
}

/* ---- the udev rule --------------------------------------------------------- */

static void
test_rule_missing (void)
{
  g_autofree char *root = new_root ();
  g_autofree char *rule = shipped_rule ();
  g_autoptr (FdHostFixes) fixes = fd_host_fixes_new (root, rule);
  g_autofree char *command = fd_host_fixes_dup_rule_command (fixes);
  g_autofree char *expected = NULL;

  g_assert_false (fd_host_fixes_get_flatpak (fixes));
  g_assert_cmpint (fd_host_fixes_get_rule_state (fixes), ==, FD_HOST_RULE_MISSING);
  g_assert_null (fd_host_fixes_get_rule_path (fixes));
  g_assert_cmpstr (fd_host_fixes_get_rule_text (fixes), ==, rule);
  expected = g_strconcat ("sudo tee /etc/udev/rules.d/60-fotadesk.rules > /dev/null << 'EOF' &&\n",
                          rule, "EOF\n" RELOAD, NULL);
  g_assert_cmpstr (command, ==, expected);
  remove_tree (root);
}

/* Installed by a package or `meson install` in udev's own directory. */
static void
test_rule_installed (void)
{
  static const char *const dirs[] = {
    "usr/lib/udev/rules.d", "lib/udev/rules.d", "usr/local/lib/udev/rules.d",
    "etc/udev/rules.d",     "run/udev/rules.d",
  };
  g_autofree char *rule = shipped_rule ();

  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *root = new_root ();
      g_autofree char *relative = g_build_filename (dirs[i], "60-fotadesk.rules", NULL);
      g_autofree char *host_path = g_strconcat ("/", relative, NULL);
      g_autoptr (FdHostFixes) fixes = NULL;
      g_autofree char *command = NULL;

      g_test_message ("%s", relative);
      put_file (root, relative, rule);
      fixes = fd_host_fixes_new (root, rule);
      command = fd_host_fixes_dup_rule_command (fixes);
      g_assert_cmpint (fd_host_fixes_get_rule_state (fixes), ==, FD_HOST_RULE_INSTALLED);
      g_assert_cmpstr (fd_host_fixes_get_rule_path (fixes), ==, host_path);
      g_assert_cmpstr (command, ==, RELOAD);
      remove_tree (root);
    }
}

/* An older rule in /etc hides the current one in /usr/lib: udev reads
 * the one in /etc, so the command writes the new one there. */
static void
test_rule_different (void)
{
  g_autofree char *root = new_root ();
  g_autofree char *rule = shipped_rule ();
  g_autoptr (FdHostFixes) fixes = NULL;
  g_autofree char *command = NULL;

  put_file (root, "usr/lib/udev/rules.d/60-fotadesk.rules", rule);
  put_file (root, "etc/udev/rules.d/60-fotadesk.rules", "# an older FotaDesk rule\n");
  fixes = fd_host_fixes_new (root, rule);
  command = fd_host_fixes_dup_rule_command (fixes);
  g_assert_cmpint (fd_host_fixes_get_rule_state (fixes), ==, FD_HOST_RULE_DIFFERENT);
  g_assert_cmpstr (fd_host_fixes_get_rule_path (fixes), ==, "/etc/udev/rules.d/60-fotadesk.rules");
  g_assert_true (g_str_has_prefix (command, "sudo tee /etc/udev/rules.d/60-fotadesk.rules "));
  g_assert_nonnull (strstr (command, rule));
  remove_tree (root);
}

/* What the sandbox has in /usr and /etc is the runtime's: say nothing of
 * the host, and always give the command that writes the rule. */
static void
test_rule_flatpak (void)
{
  g_autofree char *root = new_root ();
  g_autofree char *rule = shipped_rule ();
  g_autoptr (FdHostFixes) fixes = NULL;
  g_autofree char *command = NULL;

  put_file (root, ".flatpak-info", "[Application]\n");
  put_file (root, "usr/lib/udev/rules.d/60-fotadesk.rules", rule);
  fixes = fd_host_fixes_new (root, rule);
  command = fd_host_fixes_dup_rule_command (fixes);
  g_assert_true (fd_host_fixes_get_flatpak (fixes));
  g_assert_cmpint (fd_host_fixes_get_rule_state (fixes), ==, FD_HOST_RULE_UNKNOWN);
  g_assert_null (fd_host_fixes_get_rule_path (fixes));
  g_assert_true (g_str_has_prefix (command, "sudo tee /etc/udev/rules.d/60-fotadesk.rules "));
  g_assert_true (g_str_has_suffix (command, "\nEOF\n" RELOAD));
  remove_tree (root);
}

/* Puts executable @name with @body into @dir. */
static void
put_script (const char *dir, const char *name, const char *body)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *script = g_strconcat ("#!/bin/sh\n", body, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, script, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

/* Runs @command with @shell, sudo and udevadm being stand-ins in @bin;
 * returns what udevadm was asked, one call per line. */
static char *
run_with_stand_ins (const char *shell, const char *command, const char *bin)
{
  g_autofree char *log = g_build_filename (bin, "udevadm.log", NULL);
  g_autofree char *path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "PATH", path, TRUE);
  const char *argv[] = { shell, "-c", command, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char            *calls = NULL;
  int              status = -1;

  g_unlink (log);
  env = g_environ_setenv (env, "FD_UDEVADM_LOG", log, TRUE);
  g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s -c failed: %s\n%s", shell, error->message, err);
  g_assert_true (g_file_get_contents (log, &calls, NULL, NULL));
  return calls;
}

static void
check_install_runs (const char *shell, const char *rule)
{
  g_autofree char *root = new_root ();
  g_autofree char *bin = g_build_filename (root, "bin", NULL);
  g_autofree char *destination = g_build_filename (root, "etc rules", "60-fotadesk.rules", NULL);
  g_autofree char *dest_dir = g_path_get_dirname (destination);
  g_autofree char *command = fd_host_dup_rule_install_command (rule, destination);
  g_autofree char *calls = NULL;
  g_autofree char *written = NULL;

  g_test_message ("%s", shell);
  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (dest_dir, 0755), ==, 0);
  put_script (bin, "sudo", "exec \"$@\"\n");
  put_script (bin, "udevadm", "echo \"$*\" >> \"$FD_UDEVADM_LOG\"\n");
  calls = run_with_stand_ins (shell, command, bin);
  g_assert_true (g_file_get_contents (destination, &written, NULL, NULL));
  /* The file is the rule, byte for byte (plus a final newline). */
  if (g_str_has_suffix (rule, "\n"))
    g_assert_cmpstr (written, ==, rule);
  else
    g_assert_true (g_str_has_prefix (written, rule) && g_str_equal (written + strlen (rule), "\n"));
  g_assert_cmpstr (calls, ==,
                   "control --reload\n"
                   "trigger --action=change --subsystem-match=usb --subsystem-match=tty\n");
  remove_tree (root);
}

static void
test_rule_command_runs (void)
{
  g_autofree char *rule = shipped_rule ();
  /* Nothing in it is the shell's: not $, `, \, quotes, nor the end marker. */
  const char *hostile
      = "# $HOME `id` \\n 'quoted' \"too\" !!\nEOF\nEOF_\nlast line without newline";
  const char *shells[] = { "/bin/sh", "bash" };

  for (gsize i = 0; i < G_N_ELEMENTS (shells); i++)
    {
      check_install_runs (shells[i], rule);
      check_install_runs (shells[i], hostile);
    }
}

static void
test_rule_command_delimiter (void)
{
  g_autofree char *plain = fd_host_dup_rule_install_command ("A\n", "/x");
  g_autofree char *clash = fd_host_dup_rule_install_command ("EOF\nEOF_\n", "/x");
  g_autofree char *spaced = fd_host_dup_rule_install_command ("A\n", "/a b/c's");

  g_assert_cmpstr (plain, ==, "sudo tee /x > /dev/null << 'EOF' &&\nA\nEOF\n" RELOAD);
  g_assert_cmpstr (clash, ==, "sudo tee /x > /dev/null << 'EOF__' &&\nEOF\nEOF_\nEOF__\n" RELOAD);
  g_assert_true (g_str_has_prefix (spaced, "sudo tee '/a b/c'\\''s' > /dev/null"));
}

/* ---- the other commands ---------------------------------------------------- */

static void
test_join_group (void)
{
  static const struct
  {
    const char *group, *command;
  } table[] = {
    { NULL, "sudo usermod -aG dialout \"$USER\"" },
    { "dialout", "sudo usermod -aG dialout \"$USER\"" },
    { "uucp", "sudo usermod -aG uucp \"$USER\"" },
    { "_serial-2", "sudo usermod -aG _serial-2 \"$USER\"" },
    { "", "sudo usermod -aG dialout \"$USER\"" },
    { "x;rm -rf ~", "sudo usermod -aG dialout \"$USER\"" },
    { "$(id)", "sudo usermod -aG dialout \"$USER\"" },
    { "Dialout", "sudo usermod -aG dialout \"$USER\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *command = fd_host_dup_join_group_command (table[i].group);

      g_assert_cmpstr (command, ==, table[i].command);
    }
  g_assert_cmpstr (FD_HOST_STOP_MODEM_MANAGER_COMMAND, ==, "sudo systemctl stop ModemManager");
  g_assert_cmpstr (FD_HOST_MASK_MODEM_MANAGER_COMMAND, ==,
                   "sudo systemctl mask --now ModemManager");
}

/* The group that may use a port is the one to join. */
static void
test_port_group (void)
{
  g_autofree char *root = new_root ();
  g_autofree char *port = g_build_filename (root, "ttyUSB0", NULL);
  struct group    *dialout = getgrnam ("dialout");
  gid_t            gid = getegid ();
  struct group    *own;
  g_autofree char *group = NULL;
  g_autofree char *none = NULL;
  g_autofree char *private = NULL;

  /* root's group is never one to join: use dialout's when root. */
  if (gid == 0)
    {
      if (dialout == NULL)
        {
          g_test_skip ("running as root on a system without a dialout group");
          remove_tree (root);
          return;
        }
      gid = dialout->gr_gid;
    }
  own = getgrgid (gid);
  g_assert_nonnull (own);
  put_file (root, "ttyUSB0", "");
  g_assert_cmpint (chown (port, (uid_t)-1, gid), ==, 0);
  g_assert_cmpint (g_chmod (port, 0660), ==, 0);
  group = fd_host_dup_port_group (port);
  g_assert_cmpstr (group, ==, own->gr_name);
  /* Only the owner may use it: no group helps. */
  g_assert_cmpint (g_chmod (port, 0620), ==, 0);
  private = fd_host_dup_port_group (port);
  g_assert_null (private);
  none = fd_host_dup_port_group ("/nonexistent/ttyUSB9");
  g_assert_null (none);
  /* root:root (/dev/null is 0666): not a group to join. */
  g_assert_null (fd_host_dup_port_group ("/dev/null"));
  remove_tree (root);
}

static void
test_os_release (void)
{
  static const struct
  {
    const char *contents;
    const char *ids; /* joined by spaces */
    const char *brltty;
  } table[] = {
    { "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\n",
      "ubuntu debian", "sudo apt remove brltty" },
    { "ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n", "linuxmint ubuntu debian",
      "sudo apt remove brltty" },
    { "ID=debian\n", "debian", "sudo apt remove brltty" },
    { "ID=fedora\nVERSION_ID=40\n", "fedora", "sudo dnf remove brltty" },
    { "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", "rocky rhel centos fedora",
      "sudo dnf remove brltty" },
    { "ID=arch\n", "arch", "sudo pacman -R brltty" },
    { "ID=manjaro\nID_LIKE=arch\n", "manjaro arch", "sudo pacman -R brltty" },
    { "ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\n",
      "opensuse-tumbleweed opensuse suse", "sudo zypper remove brltty" },
    { "ID='deepin'\nID_LIKE=\"debian\"\n", "deepin debian", "sudo apt remove brltty" },
    /* The last assignment wins; unknown and empty fall back to apt. */
    { "ID=debian\nID=fedora\n", "fedora", "sudo dnf remove brltty" },
    { "ID=gentoo\n", "gentoo", "sudo apt remove brltty" },
    { "", "", "sudo apt remove brltty" },
    { "IDENTITY=fedora\nID_LIKEWISE=arch\n# ID=arch\n", "", "sudo apt remove brltty" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_auto (GStrv) ids = fd_host_parse_os_release_ids (table[i].contents);
      g_autofree char *joined = g_strjoinv (" ", ids);

      g_test_message ("%s", table[i].contents);
      g_assert_cmpstr (joined, ==, table[i].ids);
      g_assert_cmpstr (fd_host_get_remove_brltty_command ((const char *const *)ids), ==,
                       table[i].brltty);
    }
  g_assert_cmpstr (fd_host_get_remove_brltty_command (NULL), ==, "sudo apt remove brltty");
}

/* The host's distribution: its own os-release, but in Flatpak the one
 * Flatpak shows of the host (/etc/os-release there is the runtime's). */
static void
test_os_release_location (void)
{
  g_autofree char *root = new_root ();
  g_autofree char *rule = shipped_rule ();
  g_autoptr (FdHostFixes) native = NULL;
  g_autoptr (FdHostFixes) fallback = NULL;
  g_autoptr (FdHostFixes) sandboxed = NULL;

  put_file (root, "usr/lib/os-release", "ID=arch\n");
  fallback = fd_host_fixes_new (root, rule);
  g_assert_cmpstr (fd_host_fixes_get_remove_brltty_command (fallback), ==, "sudo pacman -R brltty");
  put_file (root, "etc/os-release", "ID=fedora\n");
  put_file (root, "run/host/os-release", "ID=opensuse-leap\n");
  native = fd_host_fixes_new (root, rule);
  g_assert_cmpstr (fd_host_fixes_get_remove_brltty_command (native), ==, "sudo dnf remove brltty");
  put_file (root, ".flatpak-info", "[Application]\n");
  sandboxed = fd_host_fixes_new (root, rule);
  g_assert_cmpstr (fd_host_fixes_get_remove_brltty_command (sandboxed), ==,
                   "sudo zypper remove brltty");
  remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* These tests say whether they are in Flatpak. */
  g_unsetenv ("FLATPAK_ID");
  g_unsetenv ("FD_HOST_ROOT");

  g_test_add_func ("/core/host-fixes/flatpak/info-file", test_flatpak_info_file);
  g_test_add_func ("/core/host-fixes/flatpak/id", test_flatpak_id);
  g_test_add_func ("/core/host-fixes/flatpak/note", test_flatpak_note);
  g_test_add_func ("/core/host-fixes/root", test_root_default);
  g_test_add_func ("/core/host-fixes/rule/missing", test_rule_missing);
  g_test_add_func ("/core/host-fixes/rule/installed", test_rule_installed);
  g_test_add_func ("/core/host-fixes/rule/different", test_rule_different);
  g_test_add_func ("/core/host-fixes/rule/flatpak", test_rule_flatpak);
  g_test_add_func ("/core/host-fixes/rule/command-runs", test_rule_command_runs);
  g_test_add_func ("/core/host-fixes/rule/command-delimiter", test_rule_command_delimiter);
  g_test_add_func ("/core/host-fixes/join-group", test_join_group);
  g_test_add_func ("/core/host-fixes/port-group", test_port_group);
  g_test_add_func ("/core/host-fixes/os-release", test_os_release);
  g_test_add_func ("/core/host-fixes/os-release-location", test_os_release_location);

  return g_test_run ();
}
