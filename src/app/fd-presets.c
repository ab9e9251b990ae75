/* fd-presets.c — named configurations per dialect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fd-presets.h"

#define GROUP_PREFIX "Preset "
#define MAX_NAME     64

struct _FdPresets
{
  GObject    parent_instance;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (FdPresets, fd_presets, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
fd_presets_finalize (GObject *object)
{
  g_clear_object (&FD_PRESETS (object)->settings);
  G_OBJECT_CLASS (fd_presets_parent_class)->finalize (object);
}

static void
fd_presets_class_init (FdPresetsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_presets_finalize;

  /* A preset was saved or deleted. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_presets_init (FdPresets *self)
{
}

FdPresets *
fd_presets_new (GSettings *settings)
{
  FdPresets *self = g_object_new (FD_TYPE_PRESETS, NULL);

  self->settings = g_object_ref (settings);
  return self;
}

static GKeyFile *
read_keyfile (FdPresets *self, const char *key)
{
  g_autofree char *text = g_settings_get_string (self->settings, key);
  GKeyFile *keyfile = g_key_file_new ();

  /* A damaged value is dropped rather than blocking every preset. */
  if (*text != '\0' && !g_key_file_load_from_data (keyfile, text, -1, G_KEY_FILE_NONE, NULL))
    g_warning ("Ignoring unreadable saved configurations in “%s”", key);
  return keyfile;
}

static void
write_keyfile (FdPresets *self, const char *key, GKeyFile *keyfile)
{
  g_autofree char *text = g_key_file_to_data (keyfile, NULL, NULL);

  g_settings_set_string (self->settings, key, text);
}

static char *
group_name (FdDialect dialect, const char *name)
{
  return g_strdup_printf (GROUP_PREFIX "%s %s", fd_dialect_to_string (dialect), name);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

GStrv
fd_presets_list (FdPresets *self, FdDialect dialect)
{
  g_autoptr(GKeyFile) keyfile = read_keyfile (self, "presets");
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  g_autofree char *prefix = g_strdup_printf (GROUP_PREFIX "%s ", fd_dialect_to_string (dialect));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (gsize i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], prefix))
      g_ptr_array_add (names, g_strdup (groups[i] + strlen (prefix)));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* The "dialect" key also keeps a configuration with nothing set (whose
 * save writes no key) as a group of its own; the loaders ignore it. */
static void
save_group (FdConfigForm *form, GKeyFile *keyfile, const char *group)
{
  g_key_file_set_string (keyfile, group, "dialect",
                         fd_dialect_to_string (fd_config_form_get_dialect (form)));
  fd_config_form_save (form, keyfile, group);
}

static gboolean
check_name (const char *name, GError **error)
{
  glong length = name != NULL ? g_utf8_strlen (name, -1) : 0;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) || length == 0 || length > MAX_NAME ||
      strpbrk (name, "[]\r\n") != NULL || g_ascii_isspace (*name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A preset name has 1 to 64 characters, without brackets or line breaks, "
                     "and does not start with a space."));
      return FALSE;
    }
  return TRUE;
}

gboolean
fd_presets_save (FdPresets *self, const char *name, FdConfigForm *form, GError **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (FD_IS_PRESETS (self), FALSE);
  if (!check_name (name, error))
    return FALSE;
  keyfile = read_keyfile (self, "presets");
  group = group_name (fd_config_form_get_dialect (form), name);
  g_key_file_remove_group (keyfile, group, NULL);
  save_group (form, keyfile, group);
  write_keyfile (self, "presets", keyfile);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
fd_presets_load (FdPresets *self, const char *name, FdConfigForm *form, GError **error)
{
  g_autoptr(GKeyFile) keyfile = read_keyfile (self, "presets");
  g_autofree char *group = group_name (fd_config_form_get_dialect (form), name);

  g_return_val_if_fail (FD_IS_PRESETS (self), FALSE);
  if (!g_key_file_has_group (keyfile, group))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no preset “%s”."), name);
      return FALSE;
    }
  return fd_config_form_load (form, keyfile, group, error);
}

void
fd_presets_delete (FdPresets *self, FdDialect dialect, const char *name)
{
  g_autoptr(GKeyFile) keyfile = read_keyfile (self, "presets");
  g_autofree char *group = group_name (dialect, name);

  g_return_if_fail (FD_IS_PRESETS (self));
  if (!g_key_file_remove_group (keyfile, group, NULL))
    return;
  write_keyfile (self, "presets", keyfile);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
fd_presets_remember (FdPresets *self, FdConfigForm *form)
{
  g_autoptr(GKeyFile) keyfile = read_keyfile (self, "last-configuration");
  const char *group = fd_dialect_to_string (fd_config_form_get_dialect (form));

  g_return_if_fail (FD_IS_PRESETS (self));
  g_key_file_remove_group (keyfile, group, NULL);
  save_group (form, keyfile, group);
  write_keyfile (self, "last-configuration", keyfile);
}

gboolean
fd_presets_restore (FdPresets *self, FdConfigForm *form)
{
  g_autoptr(GKeyFile) keyfile = read_keyfile (self, "last-configuration");
  const char *group = fd_dialect_to_string (fd_config_form_get_dialect (form));
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FD_IS_PRESETS (self), FALSE);
  if (!g_key_file_has_group (keyfile, group))
    return FALSE;
  if (!fd_config_form_load (form, keyfile, group, &error))
    {
      g_warning ("Could not restore the last %s configuration: %s", group, error->message);
      return FALSE;
    }
  return TRUE;
}
