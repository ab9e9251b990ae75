/* fd-host-fixes.h — the fixes for port access that change the computer
 * itself, as commands for people to run
 *
 * No permission on a port (the dialout group), ModemManager or brltty
 * holding one, and FotaDesk's udev rule are all fixed outside FotaDesk,
 * with sudo. FotaDesk never runs these: it shows them, to be copied into
 * a terminal. Inside Flatpak that terminal must be the host's, and the
 * sandbox cannot see whether the rule is installed on the host, so there
 * the rule command always writes it.
 *
 * Everything here looks at a root directory ("/" for this computer) so
 * that tests can lay out one of their own: fd_host_get_root() is "/"
 * unless the environment variable FD_HOST_ROOT names another directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FD_UDEV_RULE_NAME "60-fotadesk.rules"
/* Where the install command writes the rule: a file in /etc/udev/rules.d
 * wins over one of the same name in every other rules directory. */
#define FD_UDEV_RULE_INSTALL_PATH "/etc/udev/rules.d/" FD_UDEV_RULE_NAME
/* Makes udev read its rules again and replay the events of the USB
 * devices and serial ports already plugged in, so the rule applies to
 * them too. */
#define FD_HOST_RELOAD_UDEV_COMMAND                                                                \
  "sudo udevadm control --reload &&\n"                                                             \
  "sudo udevadm trigger --action=change --subsystem-match=usb --subsystem-match=tty"
#define FD_HOST_STOP_MODEM_MANAGER_COMMAND "sudo systemctl stop ModemManager"
#define FD_HOST_MASK_MODEM_MANAGER_COMMAND "sudo systemctl mask --now ModemManager"
#define FD_HOST_UNMASK_MODEM_MANAGER_COMMAND "sudo systemctl unmask ModemManager"

/* "/", or $FD_HOST_ROOT when it is set (tests). */
const char *fd_host_get_root (void);

/* TRUE when this process runs inside Flatpak: @root's .flatpak-info
 * exists, or FLATPAK_ID is set. */
gboolean fd_host_is_flatpak (const char *root);

/* Outside Flatpak NULL; inside, a translated sentence to add after any
 * message that tells how to fix the computer: it says to do it in a
 * terminal on the host. Looks at fd_host_get_root(). */
const char *fd_host_get_flatpak_note (void);
/* Adds fd_host_get_flatpak_note(), if any, to the message of *@error. */
void fd_host_add_flatpak_note (GError **error);

/* The group that may read and write the serial port at @path (e.g.
 * "dialout", "uucp"), or NULL when that cannot be told (no such port, a
 * port only its owner may use, the group has no name here). */
char *fd_host_dup_port_group (const char *path);

/* One shell command (POSIX sh, bash, zsh) that writes @rule_text to
 * @destination as root, then reloads and triggers udev
 * (FD_HOST_RELOAD_UDEV_COMMAND):
 *
 *   sudo tee DESTINATION > /dev/null << 'EOF' &&
 *   …the rule, as it will be in the file…
 *   EOF
 *   sudo udevadm control --reload &&
 *   sudo udevadm trigger …
 *
 * One list joined by &&, so the shell reads all of it, pasted, before
 * sudo asks for a password (which would swallow the lines after it), and
 * stops at the first step that fails. */
char *fd_host_dup_rule_install_command (const char *rule_text, const char *destination);

/* "sudo usermod -aG GROUP \"$USER\""; @group NULL or not a plain group
 * name gives dialout. */
char *fd_host_dup_join_group_command (const char *group);

/* The ID and ID_LIKE words of an os-release file's @contents, ID first
 * (e.g. { "linuxmint", "ubuntu", "debian" }); empty when there are none. */
GStrv fd_host_parse_os_release_ids (const char *contents);

/* The command that removes brltty with the package manager of the
 * distribution @ids name (fd_host_parse_os_release_ids()); apt when
 * none is known. */
const char *fd_host_get_remove_brltty_command (const char *const *ids);

typedef enum
{
  FD_HOST_RULE_MISSING,   /* no FotaDesk rule where udev reads rules */
  FD_HOST_RULE_INSTALLED, /* the rule udev reads is this one */
  FD_HOST_RULE_DIFFERENT, /* udev reads another version of it */
  FD_HOST_RULE_UNKNOWN,   /* in Flatpak: the host's rules cannot be seen */
} FdHostRuleState;

#define FD_TYPE_HOST_FIXES (fd_host_fixes_get_type ())
G_DECLARE_FINAL_TYPE (FdHostFixes, fd_host_fixes, FD, HOST_FIXES, GObject)

/* The fixes for the computer at @root ("/", or a directory laid out like
 * one), with @rule_text the udev rule as FotaDesk ships it. */
FdHostFixes *fd_host_fixes_new (const char *root, const char *rule_text);

gboolean        fd_host_fixes_get_flatpak (FdHostFixes *self);
const char     *fd_host_fixes_get_rule_text (FdHostFixes *self);
FdHostRuleState fd_host_fixes_get_rule_state (FdHostFixes *self);
/* The file udev reads the rule from (as the host names it, without the
 * test root), for _INSTALLED and _DIFFERENT; NULL otherwise. */
const char *fd_host_fixes_get_rule_path (FdHostFixes *self);

/* The one command for the rule: when this very rule is installed, the
 * one that makes udev apply it; otherwise the one that writes it to
 * FD_UDEV_RULE_INSTALL_PATH and applies it. */
char *fd_host_fixes_dup_rule_command (FdHostFixes *self);
/* The removal of brltty for the host's distribution (its os-release;
 * in Flatpak the host's, which Flatpak shows at /run/host/os-release). */
const char *fd_host_fixes_get_remove_brltty_command (FdHostFixes *self);

G_END_DECLS
