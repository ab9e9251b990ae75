/* fd-demo.c — demo mode: simulated modules and a package server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fd-demo-server.h"
#include "fd-demo.h"
#include "fd-sim-fleet.h"
#include "fd-sim-package.h"

/* Small packages: a demo should show every phase in well under a minute. */
#define DEMO_PACKAGE_SIZE (24 * 1024)

struct _FdDemo
{
  GObject parent_instance;

  char         *root;
  char         *port_dir;
  char         *package_dir;
  char         *fs_dir;
  FdSimFleet   *fleet;
  FdDemoServer *server;
  char         *mfw_url;
  char         *luat_url;
};

G_DEFINE_FINAL_TYPE (FdDemo, fd_demo, G_TYPE_OBJECT)

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fd_demo_shutdown (FdDemo *self)
{
  g_return_if_fail (FD_IS_DEMO (self));
  if (self->fleet != NULL)
    fd_sim_fleet_shutdown (self->fleet);
  g_clear_object (&self->fleet);
  if (self->server != NULL)
    fd_demo_server_stop (self->server);
  g_clear_object (&self->server);
  if (self->root != NULL)
    remove_tree (self->root);
  g_clear_pointer (&self->root, g_free);
}

static void
fd_demo_finalize (GObject *object)
{
  FdDemo *self = FD_DEMO (object);

  fd_demo_shutdown (self);
  g_free (self->port_dir);
  g_free (self->package_dir);
  g_free (self->fs_dir);
  g_free (self->mfw_url);
  g_free (self->luat_url);
  G_OBJECT_CLASS (fd_demo_parent_class)->finalize (object);
}

static void
fd_demo_class_init (FdDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_demo_finalize;
}

static void
fd_demo_init (FdDemo *self)
{
}

static gboolean
make_dirs (FdDemo *self, GError **error)
{
  g_autofree char *fota = NULL;

  self->root = g_dir_make_tmp ("fotadesk-demo-XXXXXX", error);
  if (self->root == NULL)
    return FALSE;
  self->port_dir = g_build_filename (self->root, "ports", NULL);
  self->package_dir = g_build_filename (self->root, "packages", NULL);
  self->fs_dir = g_build_filename (self->root, "module-fs", NULL);
  fota = g_build_filename (self->fs_dir, "fota", NULL);
  if (g_mkdir (self->port_dir, 0700) != 0 || g_mkdir (self->package_dir, 0700) != 0
      || g_mkdir_with_parents (fota, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not make the demo’s folders in %s"), self->root);
      return FALSE;
    }
  return TRUE;
}

/* The packages the demo's flows fetch or write. */
static gboolean
make_packages (FdDemo *self, GError **error)
{
  g_autofree char *mfw = g_build_filename (self->package_dir, "onemo-demo.bin", NULL);
  g_autofree char *luat = g_build_filename (self->package_dir, "luat-demo.bin", NULL);
  g_autofree char *on_module = g_build_filename (self->fs_dir, "fota", "package.bin", NULL);

  return fd_sim_package_write (mfw, "ONEMO_DEMO_V2.0", DEMO_PACKAGE_SIZE, 1, error)
         && fd_sim_package_write (luat, "AirM2M_780E_V1121_LTE_AT", DEMO_PACKAGE_SIZE, 2, error)
         && fd_sim_package_write (on_module, "ONEMO_DEMO_V2.0", DEMO_PACKAGE_SIZE, 1, error);
}

/* Slow enough to watch every phase (and for a module to be found again
 * after each reboot), quick enough that a batch ends in a few seconds. */
static void
demo_timing (FdSimTiming *timing)
{
  fd_sim_timing_init_quick (timing);
  timing->ms_per_second = 20.0;
  timing->step_ms = 150;
  timing->boot_ms = 2500;
  timing->banner_ms = 40;
  timing->check_ms = 400;
  timing->flash_ms = 2000;
  timing->net_bytes_per_s = 64 * 1024;
}

static FdSimModule *
add (FdDemo *self, const char *model, const char *link, GError **error)
{
  FdSimModule *module = fd_sim_fleet_add_module_full (self->fleet, model, NULL, NULL, link, error);
  FdSimTiming  timing;

  if (module == NULL)
    return NULL;
  demo_timing (&timing);
  fd_sim_module_set_timing (module, &timing);
  fd_sim_module_set_fs_root (module, self->fs_dir);
  return module;
}

/* Modules of every dialect and MFW family; three M5311 whose platform
 * answers differently (an upgrade, nothing new, a failed flash) and two
 * Luat modules (an upgrade, already the latest), so that a batch shows
 * every kind of result; and one whose port another program holds, to
 * show what a problem row says. The first @n_modules of them. */
static gboolean
add_mixed_set (FdDemo *self, guint n_modules, GError **error)
{
  static const struct
  {
    const char *model;
    int         onenet;        /* an FdSimOnenetOutcome, or -1 */
    const char *luat_revision; /* what the Luat platform offers, or NULL */
    gboolean    busy;
  } set[FD_DEMO_DEFAULT_MODULES] = {
    { "M5311", FD_SIM_ONENET_SUCCESS, NULL, FALSE },
    { "M5311", FD_SIM_ONENET_NO_PACKAGE, NULL, FALSE },
    { "M5311", FD_SIM_ONENET_UPGRADE_FAILED, NULL, FALSE },
    { "M5311-E", -1, NULL, FALSE },
    { "MN316", -1, NULL, FALSE },
    { "ML307A-DSLN", -1, NULL, FALSE },
    { "Air780E", -1, "AirM2M_780E_V1121_LTE_AT", FALSE },
    /* The platform offers the revision it already runs: cause 27. */
    { "Air724UG", -1, "AirM2M_724UG_V1010_LTE_AT", FALSE },
    { "ML307A-DCLN", -1, NULL, TRUE },
  };

  for (guint i = 0; i < MIN (n_modules, G_N_ELEMENTS (set)); i++)
    {
      g_autofree char *link = g_strdup_printf ("ttyUSB%u", i);
      /* The fleet owns its modules. */
      FdSimModule *module = add (self, set[i].model, link, error);

      if (module == NULL)
        return FALSE;
      if (set[i].onenet >= 0)
        fd_sim_module_set_onenet (module, DEMO_PACKAGE_SIZE, "M5311_FOTA_V1.4.0",
                                  (FdSimOnenetOutcome)set[i].onenet);
      if (set[i].luat_revision != NULL)
        fd_sim_module_set_luat_platform (module, set[i].luat_revision, DEMO_PACKAGE_SIZE, 0, 0, 0,
                                         TRUE);
      if (set[i].busy && !fd_sim_module_set_busy (module, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/* Beyond the mixed set, a bigger tray: the three MFW models in turn, so
 * that one batch can take all of them (and the benchmarks a batch of 32). */
static gboolean
add_more_mfw (FdDemo *self, guint n_modules, GError **error)
{
  static const char *const models[] = { "M5311-E", "MN316", "ML307A-DSLN" };

  for (guint i = FD_DEMO_DEFAULT_MODULES; i < n_modules; i++)
    {
      g_autofree char *link = g_strdup_printf ("ttyUSB%u", i);

      if (add (self, models[i % G_N_ELEMENTS (models)], link, error) == NULL)
        return FALSE;
    }
  return TRUE;
}

FdDemo *
fd_demo_new (GError **error)
{
  return fd_demo_new_sized (FD_DEMO_DEFAULT_MODULES, error);
}

FdDemo *
fd_demo_new_sized (guint n_modules, GError **error)
{
  g_autoptr(FdDemo) self = NULL;

  g_return_val_if_fail (n_modules >= 1 && n_modules <= FD_DEMO_MAX_MODULES, NULL);
  self = g_object_new (FD_TYPE_DEMO, NULL);
  if (!make_dirs (self, error) || !make_packages (self, error))
    return NULL;
  self->server = fd_demo_server_new (self->package_dir, error);
  if (self->server == NULL)
    return NULL;
  self->mfw_url = fd_demo_server_dup_url (self->server, "onemo-demo.bin");
  self->luat_url = fd_demo_server_dup_url (self->server, "luat-demo.bin");
  self->fleet = fd_sim_fleet_new (self->port_dir, error);
  if (self->fleet == NULL || !add_mixed_set (self, n_modules, error)
      || !add_more_mfw (self, n_modules, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fd_demo_get_port_dir (FdDemo *self)
{
  g_return_val_if_fail (FD_IS_DEMO (self), NULL);
  return self->port_dir;
}

const char *
fd_demo_get_mfw_url (FdDemo *self)
{
  g_return_val_if_fail (FD_IS_DEMO (self), NULL);
  return self->mfw_url;
}

const char *
fd_demo_get_luat_url (FdDemo *self)
{
  g_return_val_if_fail (FD_IS_DEMO (self), NULL);
  return self->luat_url;
}

GObject *
fd_demo_get_fleet (FdDemo *self)
{
  g_return_val_if_fail (FD_IS_DEMO (self), NULL);
  return G_OBJECT (self->fleet);
}
