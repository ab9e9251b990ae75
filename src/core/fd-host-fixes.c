/* fd-host-fixes.c — the fixes for port access that change the computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-host-fixes.h"

struct _FdHostFixes
{
  GObject parent_instance;

  gboolean        flatpak;
  char           *rule_text;
  FdHostRuleState rule_state;
  char           *rule_path;
  GStrv           os_ids;
};

G_DEFINE_FINAL_TYPE (FdHostFixes, fd_host_fixes, G_TYPE_OBJECT)

/* Where udev reads rules, the first directory winning for a file name
 * that is in several (systemd's udev rules search path). */
static const char *const udev_rule_dirs[] = {
  "/etc/udev/rules.d",     "/run/udev/rules.d", "/usr/local/lib/udev/rules.d",
  "/usr/lib/udev/rules.d", "/lib/udev/rules.d",
};

const char *
fd_host_get_root (void)
{
  const char *root = g_getenv ("FD_HOST_ROOT");

  return root != NULL && *root != '\0' ? root : "/";
}

gboolean
fd_host_is_flatpak (const char *root)
{
  g_autofree char *info = g_build_filename (root, ".flatpak-info", NULL);
  const char      *id = g_getenv ("FLATPAK_ID");

  return (id != NULL && *id != '\0') || g_file_test (info, G_FILE_TEST_EXISTS);
}

const char *
fd_host_get_flatpak_note (void)
{
  if (!fd_host_is_flatpak (fd_host_get_root ()))
    return NULL;
  return _ ("FotaDesk runs in Flatpak: make these changes in a terminal on the host, not inside "
            "the sandbox.");
}

char *
fd_host_dup_port_group (const char *path)
{
  struct stat  st;
  struct group grp, *found = NULL;
  char         buf[1024];

  g_return_val_if_fail (path != NULL, NULL);
  if (stat (path, &st) != 0 || st.st_gid == 0)
    return NULL;
  if ((st.st_mode & (S_IRGRP | S_IWGRP)) != (S_IRGRP | S_IWGRP))
    return NULL;
  if (getgrgid_r (st.st_gid, &grp, buf, sizeof buf, &found) != 0 || found == NULL)
    return NULL;
  return g_strdup (found->gr_name);
}

/* A name usermod takes as it is, with nothing the shell would read. */
static gboolean
is_plain_group_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 32)
    return FALSE;
  if (!g_ascii_islower (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
        return FALSE;
    }
  return TRUE;
}

char *
fd_host_dup_join_group_command (const char *group)
{
  return g_strdup_printf ("sudo usermod -aG %s \"$USER\"",
                          is_plain_group_name (group) ? group : "dialout");
}

/* @path as it can go on a command line: as it is when nothing in it is
 * special to the shell, else quoted. */
static char *
shell_path (const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("/._-+", *p) == NULL)
        return g_shell_quote (path);
    }
  return g_strdup (path);
}

/* A here-document ends at the first line equal to its delimiter. */
static gboolean
has_line (const char *text, const char *line)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char *const *)lines, line);
}

char *
fd_host_dup_rule_install_command (const char *rule_text, const char *destination)
{
  g_autofree char *dest = NULL;
  g_autoptr (GString) delimiter = g_string_new ("EOF");
  gboolean ends_in_newline;

  g_return_val_if_fail (rule_text != NULL, NULL);
  g_return_val_if_fail (destination != NULL, NULL);

  while (has_line (rule_text, delimiter->str))
    g_string_append_c (delimiter, '_');
  dest = shell_path (destination);
  ends_in_newline = *rule_text == '\0' || g_str_has_suffix (rule_text, "\n");
  /* The delimiter is quoted: the shell expands nothing in the rule. */
  return g_strdup_printf (
      "sudo tee %s > /dev/null << '%s' &&\n%s%s%s\n" FD_HOST_RELOAD_UDEV_COMMAND, dest,
      delimiter->str, rule_text, ends_in_newline ? "" : "\n", delimiter->str);
}

/* The value of "KEY=value" with its quotes taken off, or NULL. */
static char *
os_release_value (const char *line, const char *key)
{
  gsize            len = strlen (key);
  g_autofree char *value = NULL;

  if (strncmp (line, key, len) != 0 || line[len] != '=')
    return NULL;
  value = g_strstrip (g_strdup (line + len + 1));
  if (strlen (value) >= 2 && (value[0] == '"' || value[0] == '\'')
      && value[strlen (value) - 1] == value[0])
    return g_strndup (value + 1, strlen (value) - 2);
  return g_steal_pointer (&value);
}

GStrv
fd_host_parse_os_release_ids (const char *contents)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) lines = g_strsplit (contents != NULL ? contents : "", "\n", -1);
  g_autofree char *id = NULL;
  g_autofree char *id_like = NULL;

  /* The last assignment of a key wins, as in a shell. */
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      char *value;

      if ((value = os_release_value (lines[i], "ID")) != NULL)
        {
          g_free (id);
          id = value;
        }
      else if ((value = os_release_value (lines[i], "ID_LIKE")) != NULL)
        {
          g_free (id_like);
          id_like = value;
        }
    }
  if (id != NULL && *id != '\0')
    g_strv_builder_add (builder, id);
  if (id_like != NULL)
    {
      g_auto (GStrv) words = g_strsplit_set (id_like, " \t", -1);

      for (gsize i = 0; words[i] != NULL; i++)
        if (*words[i] != '\0')
          g_strv_builder_add (builder, words[i]);
    }
  return g_strv_builder_end (builder);
}

#define REMOVE_BRLTTY_APT "sudo apt remove brltty"

/* The command for one os-release ID, or NULL when the ID is unknown. */
static const char *
remove_brltty_for (const char *id)
{
  static const struct
  {
    const char *id;
    const char *command;
  } packagers[] = {
    { "debian", REMOVE_BRLTTY_APT },         { "ubuntu", REMOVE_BRLTTY_APT },
    { "fedora", "sudo dnf remove brltty" },  { "rhel", "sudo dnf remove brltty" },
    { "centos", "sudo dnf remove brltty" },  { "arch", "sudo pacman -R brltty" },
    { "suse", "sudo zypper remove brltty" },
  };

  /* opensuse-leap, opensuse-tumbleweed, … */
  if (g_str_has_prefix (id, "opensuse"))
    id = "suse";
  for (gsize i = 0; i < G_N_ELEMENTS (packagers); i++)
    if (g_str_equal (id, packagers[i].id))
      return packagers[i].command;
  return NULL;
}

const char *
fd_host_get_remove_brltty_command (const char *const *ids)
{
  /* The distribution's own ID first, then the ones it is like. */
  for (gsize i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *command = remove_brltty_for (ids[i]);

      if (command != NULL)
        return command;
    }
  /* brltty's grab of USB-serial adapters is mostly met on Ubuntu. */
  return REMOVE_BRLTTY_APT;
}

void
fd_host_add_flatpak_note (GError **error)
{
  const char *note = fd_host_get_flatpak_note ();
  char       *message;

  if (error == NULL || *error == NULL || note == NULL)
    return;
  message = g_strconcat ((*error)->message, " ", note, NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

/* ---- the computer -------------------------------------------------------- */

static void
find_rule (FdHostFixes *self, const char *root)
{
  for (gsize i = 0; i < G_N_ELEMENTS (udev_rule_dirs); i++)
    {
      g_autofree char *host_path = g_build_filename (udev_rule_dirs[i], FD_UDEV_RULE_NAME, NULL);
      g_autofree char *path = g_build_filename (root, host_path, NULL);
      g_autofree char *contents = NULL;
      gsize            length = 0;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      /* Unreadable, or masked by a link to /dev/null: not ours either way. */
      if (g_file_get_contents (path, &contents, &length, NULL) && length == strlen (self->rule_text)
          && memcmp (contents, self->rule_text, length) == 0)
        self->rule_state = FD_HOST_RULE_INSTALLED;
      else
        self->rule_state = FD_HOST_RULE_DIFFERENT;
      self->rule_path = g_steal_pointer (&host_path);
      return;
    }
  self->rule_state = FD_HOST_RULE_MISSING;
}

static GStrv
read_os_ids (const char *root, gboolean flatpak)
{
  /* Inside Flatpak /etc/os-release is the runtime's, not the host's. */
  const char *const  native[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
  const char *const  sandboxed[] = { "/run/host/os-release", NULL };
  const char *const *candidates = flatpak ? sandboxed : native;

  for (gsize i = 0; candidates[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, candidates[i], NULL);
      g_autofree char *contents = NULL;

      if (g_file_get_contents (path, &contents, NULL, NULL))
        return fd_host_parse_os_release_ids (contents);
    }
  return g_new0 (char *, 1);
}

static void
fd_host_fixes_finalize (GObject *object)
{
  FdHostFixes *self = FD_HOST_FIXES (object);

  g_free (self->rule_text);
  g_free (self->rule_path);
  g_strfreev (self->os_ids);
  G_OBJECT_CLASS (fd_host_fixes_parent_class)->finalize (object);
}

static void
fd_host_fixes_class_init (FdHostFixesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_host_fixes_finalize;
}

static void
fd_host_fixes_init (FdHostFixes *self)
{
}

FdHostFixes *
fd_host_fixes_new (const char *root, const char *rule_text)
{
  FdHostFixes *self;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (rule_text != NULL, NULL);

  self = g_object_new (FD_TYPE_HOST_FIXES, NULL);
  self->rule_text = g_strdup (rule_text);
  self->flatpak = fd_host_is_flatpak (root);
  /* The sandbox has the runtime's /usr and /etc: what is there says
   * nothing about the host. */
  if (self->flatpak)
    self->rule_state = FD_HOST_RULE_UNKNOWN;
  else
    find_rule (self, root);
  self->os_ids = read_os_ids (root, self->flatpak);
  return self;
}

gboolean
fd_host_fixes_get_flatpak (FdHostFixes *self)
{
  g_return_val_if_fail (FD_IS_HOST_FIXES (self), FALSE);
  return self->flatpak;
}

const char *
fd_host_fixes_get_rule_text (FdHostFixes *self)
{
  g_return_val_if_fail (FD_IS_HOST_FIXES (self), NULL);
  return self->rule_text;
}

FdHostRuleState
fd_host_fixes_get_rule_state (FdHostFixes *self)
{
  g_return_val_if_fail (FD_IS_HOST_FIXES (self), FD_HOST_RULE_UNKNOWN);
  return self->rule_state;
}

const char *
fd_host_fixes_get_rule_path (FdHostFixes *self)
{
  g_return_val_if_fail (FD_IS_HOST_FIXES (self), NULL);
  return self->rule_path;
}

char *
fd_host_fixes_dup_rule_command (FdHostFixes *self)
{
  g_return_val_if_fail (FD_IS_HOST_FIXES (self), NULL);
  if (self->rule_state == FD_HOST_RULE_INSTALLED)
    return g_strdup (FD_HOST_RELOAD_UDEV_COMMAND);
  return fd_host_dup_rule_install_command (self->rule_text, FD_UDEV_RULE_INSTALL_PATH);
}

const char *
fd_host_fixes_get_remove_brltty_command (FdHostFixes *self)
{
  g_return_val_if_fail (FD_IS_HOST_FIXES (self), NULL);
  return fd_host_get_remove_brltty_command ((const char *const *)self->os_ids);
}
