/* fd-sim-fleet.c — a set of simulated modules run by one simulator thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <glib/gstdio.h>
#include <string.h>

struct _FdSimFleet
{
  GObject      parent_instance;
  char        *dir;
  FdSimRunner *runner;

  GMutex      lock; /* everything below */
  GPtrArray  *modules;
  GHashTable *names; /* link names in use */
  guint       baud;
  gboolean    realistic;
  char       *ca_file;
  gboolean    insecure_loopback;
  guint       imei_serial;
  gboolean    shut_down;
};

G_DEFINE_FINAL_TYPE (FdSimFleet, fd_sim_fleet, G_TYPE_OBJECT)

static void
fd_sim_fleet_dispose (GObject *object)
{
  fd_sim_fleet_shutdown (FD_SIM_FLEET (object));
  G_OBJECT_CLASS (fd_sim_fleet_parent_class)->dispose (object);
}

static void
fd_sim_fleet_finalize (GObject *object)
{
  FdSimFleet *self = FD_SIM_FLEET (object);

  g_ptr_array_unref (self->modules);
  g_hash_table_unref (self->names);
  g_free (self->dir);
  g_free (self->ca_file);
  fd_sim_runner_unref (self->runner);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (fd_sim_fleet_parent_class)->finalize (object);
}

static void
fd_sim_fleet_class_init (FdSimFleetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_sim_fleet_dispose;
  object_class->finalize = fd_sim_fleet_finalize;
}

static void
fd_sim_fleet_init (FdSimFleet *self)
{
  g_mutex_init (&self->lock);
  self->modules = g_ptr_array_new_with_free_func (g_object_unref);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FdSimFleet *
fd_sim_fleet_new (const char *dir, GError **error)
{
  g_autoptr (FdSimFleet) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }
  self = g_object_new (FD_TYPE_SIM_FLEET, NULL);
  self->dir = g_canonicalize_filename (dir, NULL);
  self->runner = fd_sim_runner_new ();
  return g_steal_pointer (&self);
}

const char *
fd_sim_fleet_get_dir (FdSimFleet *self)
{
  return self->dir;
}

void
fd_sim_fleet_set_baud (FdSimFleet *self, guint baud)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->baud = baud;
}

void
fd_sim_fleet_set_realistic (FdSimFleet *self, gboolean realistic)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->realistic = realistic;
}

void
fd_sim_fleet_set_tls_ca_file (FdSimFleet *self, const char *ca_file)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
fd_sim_fleet_set_tls_insecure_loopback (FdSimFleet *self, gboolean insecure)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->insecure_loopback = insecure;
}

void
fd_sim_fleet_get_tls (FdSimFleet *self, char **ca_file, gboolean *insecure_loopback)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  *ca_file = g_strdup (self->ca_file);
  *insecure_loopback = self->insecure_loopback;
}

/* --- link names -------------------------------------------------------- */

static gboolean
name_free_locked (FdSimFleet *self, const char *name)
{
  g_autofree char *path = g_build_filename (self->dir, name, NULL);
  GStatBuf         st;

  return !g_hash_table_contains (self->names, name) && g_lstat (path, &st) != 0;
}

char *
fd_sim_fleet_alloc_link_name (FdSimFleet *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  for (guint n = 0;; n++)
    {
      g_autofree char *name = g_strdup_printf ("ttyUSB%u", n);

      if (name_free_locked (self, name))
        {
          g_hash_table_add (self->names, g_strdup (name));
          return g_steal_pointer (&name);
        }
    }
}

gboolean
fd_sim_fleet_claim_link_name (FdSimFleet *self, const char *name)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (g_hash_table_contains (self->names, name))
    return FALSE;
  g_hash_table_add (self->names, g_strdup (name));
  return TRUE;
}

void
fd_sim_fleet_release_link_name (FdSimFleet *self, const char *name)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_remove (self->names, name);
}

/* --- validation -------------------------------------------------------- */

static int
luhn_digit (const char *digits14)
{
  int sum = 0;

  for (int i = 0; i < 14; i++)
    {
      int d = digits14[i] - '0';
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (10 - sum % 10) % 10;
}

static char *
generate_imei (FdSimFleet *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  /* TAC 86999900 is not allocated to anyone: clearly simulated. */
  g_autofree char *body = g_strdup_printf ("86999900%06u", ++self->imei_serial % 1000000);

  return g_strdup_printf ("%s%d", body, luhn_digit (body));
}

static gboolean
check_text (const char *what, const char *value, gsize max, GError **error)
{
  gsize len = strlen (value);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar)value[i];
      if (c < 0x21 || c > 0x7e || c == '"' || c == ',')
        len = 0;
    }
  if (len == 0 || len > max)
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "%s “%s” must be 1 to %" G_GSIZE_FORMAT " printable characters "
                   "without spaces, quotes or commas",
                   what, value, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_module_args (const char *model, const char *imei, const char *revision, const char *link_name,
                   const FdSimModel **found, GError **error)
{
  *found = fd_sim_model_lookup (model);
  if (*found == NULL)
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "unknown model “%s” (see fotadesk-sim --list-models)", model);
      return FALSE;
    }
  if (!check_text ("model", model, 32, error))
    return FALSE;
  if (imei != NULL && (strlen (imei) != 15 || strspn (imei, "0123456789") != 15))
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "IMEI “%s” must be 15 digits", imei);
      return FALSE;
    }
  if (revision != NULL && !check_text ("revision", revision, 64, error))
    return FALSE;
  if (link_name != NULL
      && (!check_text ("link name", link_name, 64, error) || strchr (link_name, '/') != NULL
          || link_name[0] == '.'))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                     "link name “%s” must be a plain file name", link_name);
      return FALSE;
    }
  return TRUE;
}

/* --- adding modules ---------------------------------------------------- */

typedef struct
{
  FdSimModule *module;
  GError     **error;
  gboolean     ok;
} StartCall;

static gboolean
start_cb (gpointer data)
{
  StartCall *c = data;

  c->ok = fd_sim_module_start (c->module, c->error);
  if (!c->ok)
    fd_sim_module_shutdown (c->module);
  return G_SOURCE_REMOVE;
}

static FdSimModule *
fleet_add (FdSimFleet *self, FdSimModule *module_owned, GError **error)
{
  g_autoptr (FdSimModule) module = module_owned;
  StartCall c = { module, error, FALSE };

  if (!fd_sim_runner_call (self->runner, start_cb, &c))
    g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_SHUT_DOWN, "the simulator has stopped");
  if (!c.ok)
    {
      fd_sim_fleet_release_link_name (self, module->link_name);
      return NULL;
    }
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->modules, g_object_ref (module));
  g_mutex_unlock (&self->lock);
  return module; /* the fleet holds it */
}

static char *
take_link_name (FdSimFleet *self, const char *link_name, GError **error)
{
  if (link_name == NULL)
    return fd_sim_fleet_alloc_link_name (self);
  if (!fd_sim_fleet_claim_link_name (self, link_name))
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "link name “%s” is already used by this simulator", link_name);
      return NULL;
    }
  return g_strdup (link_name);
}

static gboolean
fleet_usable (FdSimFleet *self, guint *index, guint *baud, gboolean *realistic, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->shut_down)
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_SHUT_DOWN,
                           "the simulator has stopped");
      return FALSE;
    }
  *index = self->modules->len;
  *baud = self->baud;
  *realistic = self->realistic;
  return TRUE;
}

FdSimModule *
fd_sim_fleet_add_module_full (FdSimFleet *self, const char *model, const char *imei,
                              const char *revision, const char *link_name, GError **error)
{
  const FdSimModel *found = NULL;
  g_autofree char  *own_imei = NULL;
  g_autofree char  *name = NULL;
  guint             index, baud;
  gboolean          realistic;

  g_return_val_if_fail (FD_IS_SIM_FLEET (self), NULL);
  g_return_val_if_fail (model != NULL, NULL);
  if (!check_module_args (model, imei, revision, link_name, &found, error)
      || !fleet_usable (self, &index, &baud, &realistic, error))
    return NULL;
  if (imei == NULL)
    imei = own_imei = generate_imei (self);
  name = take_link_name (self, link_name, error);
  if (name == NULL)
    return NULL;
  return fleet_add (self,
                    fd_sim_module_new (self, self->runner, found, model, imei, revision, name,
                                       index, baud, realistic),
                    error);
}

FdSimModule *
fd_sim_fleet_add_module (FdSimFleet *self, const char *model, const char *imei,
                         const char *revision, GError **error)
{
  return fd_sim_fleet_add_module_full (self, model, imei, revision, NULL, error);
}

FdSimModule *
fd_sim_fleet_add_replay (FdSimFleet *self, const char *transcript_path, const char *link_name,
                         GError **error)
{
  g_autoptr (FdSimTranscript) transcript = fd_sim_transcript_load (transcript_path, error);
  const FdSimModel *found = NULL;
  g_autofree char  *name = NULL;
  const char       *imei;
  FdSimModule      *module;
  guint             index, baud;
  gboolean          realistic;

  if (transcript == NULL)
    return NULL;
  /* A model the simulator does not know still replays: it only needs a
   * name to answer +CGMM with, and the replay answers that anyway. */
  found = fd_sim_model_lookup (transcript->model != NULL ? transcript->model : "");
  if (found == NULL)
    found = fd_sim_model_lookup ("M5311-E");
  imei = transcript->imei != NULL && strlen (transcript->imei) == 15 ? transcript->imei : NULL;
  if (!fleet_usable (self, &index, &baud, &realistic, error))
    return NULL;
  name = take_link_name (self, link_name, error);
  if (name == NULL)
    return NULL;
  module = fd_sim_module_new (
      self, self->runner, found, transcript->model != NULL ? transcript->model : found->model,
      imei != NULL ? imei : "869999000000000", transcript->revision, name, index, baud, realistic);
  fd_sim_module_attach_replay (module, fd_sim_replay_new (g_steal_pointer (&transcript)));
  return fleet_add (self, module, error);
}

GPtrArray *
fd_sim_fleet_list_modules (FdSimFleet *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->modules->len; i++)
    g_ptr_array_add (list, g_object_ref (g_ptr_array_index (self->modules, i)));
  return list;
}

static gboolean
shutdown_cb (gpointer data)
{
  GPtrArray *modules = data;

  for (guint i = 0; i < modules->len; i++)
    fd_sim_module_shutdown (g_ptr_array_index (modules, i));
  return G_SOURCE_REMOVE;
}

void
fd_sim_fleet_shutdown (FdSimFleet *self)
{
  g_autoptr (GPtrArray) modules = NULL;

  g_mutex_lock (&self->lock);
  if (self->shut_down)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->shut_down = TRUE;
  g_mutex_unlock (&self->lock);
  modules = fd_sim_fleet_list_modules (self);
  fd_sim_runner_call (self->runner, shutdown_cb, modules);
  fd_sim_runner_stop (self->runner);
}
