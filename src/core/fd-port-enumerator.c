/* fd-port-enumerator.c — list the serial ports and group them by device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glob.h>
#include <libserialport.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fd-errors.h"
#include "fd-port-enumerator.h"
#include "fd-port-info-private.h"
#include "fd-port-sysfs.h"

/* The list function with its data, shared by reference with running
 * enumerations so replacing it never frees data in use. */
typedef struct {
  FdPortListFunc func;
  gpointer       user_data;
  GDestroyNotify destroy;
} ListClosure;

struct _FdPortEnumerator
{
  GObject      parent_instance;

  /* The settings: changed on the main thread, copied by enumerations
   * that may run on a worker thread (the device monitor's) at any time. */
  GMutex       lock;
  char        *sysfs_root;
  GStrv        globs;
  ListClosure *list;
};

G_DEFINE_FINAL_TYPE (FdPortEnumerator, fd_port_enumerator, G_TYPE_OBJECT)

static void
list_closure_clear (gpointer data)
{
  ListClosure *closure = data;

  if (closure->destroy != NULL)
    closure->destroy (closure->user_data);
}

static ListClosure *
list_closure_new (FdPortListFunc func, gpointer user_data, GDestroyNotify destroy)
{
  ListClosure *closure = g_atomic_rc_box_new0 (ListClosure);

  closure->func = func;
  closure->user_data = user_data;
  closure->destroy = destroy;
  return closure;
}

static void
list_closure_unref (ListClosure *closure)
{
  g_atomic_rc_box_release_full (closure, list_closure_clear);
}

static void
fd_port_enumerator_finalize (GObject *object)
{
  FdPortEnumerator *self = FD_PORT_ENUMERATOR (object);

  g_free (self->sysfs_root);
  g_strfreev (self->globs);
  list_closure_unref (self->list);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fd_port_enumerator_parent_class)->finalize (object);
}

static void
fd_port_enumerator_class_init (FdPortEnumeratorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_port_enumerator_finalize;
}

static void
fd_port_enumerator_init (FdPortEnumerator *self)
{
  g_mutex_init (&self->lock);
  self->sysfs_root = g_strdup (FD_PORT_SYSFS_DEFAULT_ROOT);
  self->globs = g_new0 (char *, 1);
  self->list = list_closure_new (fd_port_list_system_ports, NULL, NULL);
}

FdPortEnumerator *
fd_port_enumerator_new (void)
{
  return g_object_new (FD_TYPE_PORT_ENUMERATOR, NULL);
}

void
fd_port_enumerator_set_sysfs_root (FdPortEnumerator *self, const char *sysfs_root)
{
  g_return_if_fail (FD_IS_PORT_ENUMERATOR (self));

  g_mutex_lock (&self->lock);
  g_free (self->sysfs_root);
  self->sysfs_root = g_strdup (sysfs_root != NULL ? sysfs_root : FD_PORT_SYSFS_DEFAULT_ROOT);
  g_mutex_unlock (&self->lock);
}

const char *
fd_port_enumerator_get_sysfs_root (FdPortEnumerator *self)
{
  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (self), NULL);
  return self->sysfs_root;
}

void
fd_port_enumerator_set_globs (FdPortEnumerator *self, const char *const *globs)
{
  g_return_if_fail (FD_IS_PORT_ENUMERATOR (self));

  g_mutex_lock (&self->lock);
  g_strfreev (self->globs);
  self->globs = globs != NULL ? g_strdupv ((char **) globs) : g_new0 (char *, 1);
  g_mutex_unlock (&self->lock);
}

const char *const *
fd_port_enumerator_get_globs (FdPortEnumerator *self)
{
  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (self), NULL);
  return (const char *const *) self->globs;
}

void
fd_port_enumerator_set_list_func (FdPortEnumerator *self,
                                  FdPortListFunc    func,
                                  gpointer          user_data,
                                  GDestroyNotify    destroy)
{
  ListClosure *old;

  g_return_if_fail (FD_IS_PORT_ENUMERATOR (self));

  g_mutex_lock (&self->lock);
  old = self->list;
  self->list = list_closure_new (func, user_data, destroy);
  g_mutex_unlock (&self->lock);
  /* outside the lock: the last reference may run a destroy notify */
  list_closure_unref (old);
}

GStrv
fd_port_list_system_ports (gpointer user_data, GError **error)
{
  struct sp_port **ports = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  enum sp_return rc = sp_list_ports (&ports);

  if (rc != SP_OK)
    {
      char *message = rc == SP_ERR_FAIL ? sp_last_error_message () : NULL;

      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO,
                   _("Could not list the serial ports: %s"),
                   message != NULL ? message : _("libserialport failed"));
      sp_free_error_message (message);
      return NULL;
    }
  for (gsize i = 0; ports[i] != NULL; i++)
    g_strv_builder_add (builder, sp_get_port_name (ports[i]));
  sp_free_port_list (ports);
  return g_strv_builder_end (builder);
}

/* ---- one enumeration --------------------------------------------------- */

/* The settings, copied when an enumeration starts. */
typedef struct {
  char        *sysfs_root;
  GStrv        globs;
  ListClosure *list;
} Params;

static void
params_free (Params *params)
{
  g_free (params->sysfs_root);
  g_strfreev (params->globs);
  list_closure_unref (params->list);
  g_free (params);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Params, params_free)

static Params *
params_new (FdPortEnumerator *self)
{
  Params *params = g_new0 (Params, 1);

  g_mutex_lock (&self->lock);
  params->sysfs_root = g_strdup (self->sysfs_root);
  params->globs = g_strdupv (self->globs);
  params->list = g_atomic_rc_box_acquire (self->list);
  g_mutex_unlock (&self->lock);
  return params;
}

/* One device node and the names it was listed under. */
typedef struct {
  char      *path;    /* symlinks resolved */
  char      *devnum;  /* "major:minor", as sysfs "dev" files write it */
  GPtrArray *aliases; /* listed names other than @path */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry->devnum);
  g_ptr_array_unref (entry->aliases);
  g_free (entry);
}

typedef struct {
  GHashTable *by_devnum; /* devnum → Entry, borrowed from @entries */
  GPtrArray  *entries;   /* in the order first seen */
} Listing;

static void
listing_clear (Listing *listing)
{
  g_clear_pointer (&listing->by_devnum, g_hash_table_unref);
  g_clear_pointer (&listing->entries, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listing, listing_clear)

static gboolean
strv_contains_str (GPtrArray *array, const char *str)
{
  for (guint i = 0; i < array->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (array, i), str))
        return TRUE;
    }
  return FALSE;
}

/* Adds @listed under its resolved device node; a device already seen
 * under another name gains an alias instead of a second entry. */
static void
listing_add (Listing *listing, const char *listed)
{
  g_autofree char *absolute = g_canonicalize_filename (listed, NULL);
  g_autofree char *resolved = realpath (absolute, NULL);
  g_autofree char *devnum = NULL;
  struct stat st;
  Entry *entry;

  if (resolved == NULL || stat (resolved, &st) != 0)
    {
      g_debug ("Skipping %s: %s", listed, g_strerror (errno));
      return;
    }
  if (!S_ISCHR (st.st_mode))
    {
      g_debug ("Skipping %s: not a character device", listed);
      return;
    }
  devnum = g_strdup_printf ("%u:%u", major (st.st_rdev), minor (st.st_rdev));
  entry = g_hash_table_lookup (listing->by_devnum, devnum);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->path = g_steal_pointer (&resolved);
      entry->devnum = g_steal_pointer (&devnum);
      entry->aliases = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (listing->by_devnum, entry->devnum, entry);
      g_ptr_array_add (listing->entries, entry);
    }
  if (!g_str_equal (absolute, entry->path) && !strv_contains_str (entry->aliases, absolute))
    g_ptr_array_add (entry->aliases, g_steal_pointer (&absolute));
}

static void
listing_add_system (Listing *listing, ListClosure *list)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;

  if (list->func == NULL)
    return;
  paths = list->func (list->user_data, &error);
  if (paths == NULL)
    {
      /* The globs may still find ports (e.g. where /sys is hidden). */
      g_debug ("System port list unavailable: %s", error != NULL ? error->message : "?");
      return;
    }
  for (gsize i = 0; paths[i] != NULL; i++)
    listing_add (listing, paths[i]);
}

static void
listing_add_glob (Listing *listing, const char *pattern)
{
  glob_t matches = { 0 };
  int rc = glob (pattern, GLOB_TILDE | GLOB_BRACE, NULL, &matches);

  if (rc == 0)
    {
      for (gsize i = 0; i < matches.gl_pathc; i++)
        listing_add (listing, matches.gl_pathv[i]);
    }
  else if (rc != GLOB_NOMATCH)
    g_debug ("Glob %s failed (%d)", pattern, rc);
  globfree (&matches);
}

static GStrv
aliases_to_strv (GPtrArray *aliases)
{
  GStrv strv = g_new0 (char *, aliases->len + 1);

  for (guint i = 0; i < aliases->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (aliases, i));
  return strv;
}

/* The FdPortInfo of @entry, or NULL when sysfs says it is no port. */
static FdPortInfo *
port_for_entry (Entry *entry, GHashTable *devnums, const char *sysfs_root)
{
  const char *tty_name = g_hash_table_lookup (devnums, entry->devnum);
  g_autoptr(FdPortInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (tty_name == NULL)
    info = fd_port_info_new_virtual (entry->path);
  else
    info = fd_port_sysfs_read_tty (sysfs_root, tty_name, entry->path, &error);
  if (info == NULL)
    {
      g_debug ("Skipping %s: %s", entry->path, error->message);
      return NULL;
    }
  fd_port_info_take_aliases (info, aliases_to_strv (entry->aliases));
  return g_steal_pointer (&info);
}

static GPtrArray *
enumerate (Params *params, GCancellable *cancellable, GError **error)
{
  g_auto(Listing) listing = { NULL };
  g_autoptr(GHashTable) devnums = NULL;
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func (g_object_unref);

  listing.by_devnum = g_hash_table_new (g_str_hash, g_str_equal);
  listing.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  listing_add_system (&listing, params->list);
  for (gsize i = 0; params->globs[i] != NULL; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      listing_add_glob (&listing, params->globs[i]);
    }

  devnums = fd_port_sysfs_map_devnums (params->sysfs_root);
  for (guint i = 0; i < listing.entries->len; i++)
    {
      FdPortInfo *info;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      info = port_for_entry (g_ptr_array_index (listing.entries, i), devnums, params->sysfs_root);
      if (info != NULL)
        g_ptr_array_add (ports, info);
    }
  return fd_device_group_build (ports);
}

GPtrArray *
fd_port_enumerator_enumerate (FdPortEnumerator *self,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(Params) params = NULL;

  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  params = params_new (self);
  return enumerate (params, cancellable, error);
}

/* ---- fingerprint ----------------------------------------------------------- */

/* One line per listed name. A name that does not exist says nothing; a
 * dangling link is kept, so it coming to life changes the line. */
static void
fingerprint_add (GPtrArray *lines, const char *listed)
{
  g_autofree char *resolved = NULL;
  struct stat link_st, st;

  if (lstat (listed, &link_st) != 0)
    return;
  if (stat (listed, &st) != 0 || !S_ISCHR (st.st_mode))
    {
      g_ptr_array_add (lines, g_strdup_printf ("%s\t-\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT
                                               ".%09ld",
                                               listed, (guint64) link_st.st_ino,
                                               (gint64) link_st.st_ctim.tv_sec,
                                               link_st.st_ctim.tv_nsec));
      return;
    }
  resolved = realpath (listed, NULL);
  g_ptr_array_add (lines,
                   g_strdup_printf ("%s\t%s\t%u:%u\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT
                                    ".%09ld\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT ".%09ld",
                                    listed, resolved != NULL ? resolved : "?",
                                    major (st.st_rdev), minor (st.st_rdev), (guint64) st.st_ino,
                                    (gint64) st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
                                    (guint64) link_st.st_ino, (gint64) link_st.st_ctim.tv_sec,
                                    link_st.st_ctim.tv_nsec));
}

static void
fingerprint_add_glob (GPtrArray *lines, const char *pattern)
{
  glob_t matches = { 0 };

  if (glob (pattern, GLOB_TILDE | GLOB_BRACE, NULL, &matches) == 0)
    {
      for (gsize i = 0; i < matches.gl_pathc; i++)
        fingerprint_add (lines, matches.gl_pathv[i]);
    }
  globfree (&matches);
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
fd_port_enumerator_fingerprint (FdPortEnumerator *self,
                                GCancellable     *cancellable,
                                GError          **error)
{
  g_autoptr(Params) params = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (self), NULL);

  params = params_new (self);
  if (params->list->func != NULL)
    {
      g_autoptr(GError) list_error = NULL;
      g_auto(GStrv) paths = params->list->func (params->list->user_data, &list_error);

      for (gsize i = 0; paths != NULL && paths[i] != NULL; i++)
        fingerprint_add (lines, paths[i]);
    }
  for (gsize i = 0; params->globs[i] != NULL; i++)
    fingerprint_add_glob (lines, params->globs[i]);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_checksum_update (checksum, (const guchar *) line, (gssize) strlen (line) + 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static void
enumerate_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *groups = enumerate (task_data, cancellable, &error);

  if (groups == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, groups, (GDestroyNotify) g_ptr_array_unref);
}

void
fd_port_enumerator_enumerate_async (FdPortEnumerator   *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FD_IS_PORT_ENUMERATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_port_enumerator_enumerate_async);
  g_task_set_task_data (task, params_new (self), (GDestroyNotify) params_free);
  g_task_run_in_thread (task, enumerate_thread);
}

GPtrArray *
fd_port_enumerator_enumerate_finish (FdPortEnumerator *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          fd_port_enumerator_enumerate_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
