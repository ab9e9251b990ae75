/* fd-test-sim-process.c — see fd-test-sim-process.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-test-sim-process.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#define START_BOUND_S 60

struct _FdTestSimProcess
{
  GSubprocess *process;
  char        *out_path;
  char        *glob;
  GPtrArray   *modules;
};

static void
entry_free (gpointer data)
{
  FdTestSimEntry *e = data;

  g_free (e->link);
  g_free (e->model);
  g_free (e->imei);
  g_free (e->revision);
  g_free (e->dialect);
  g_free (e);
}

/* The announcement lines written so far: "LINK\tMODEL\tIMEI\tREV\tDIALECT". */
static guint
read_entries (FdTestSimProcess *self)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_ptr_array_set_size (self->modules, 0);
  if (!g_file_get_contents (self->out_path, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  /* the last piece is unfinished (or empty) */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      FdTestSimEntry *e;

      if (g_strv_length (f) != 5 || !g_str_has_prefix (f[0], "/"))
        continue; /* a change line */
      e = g_new0 (FdTestSimEntry, 1);
      e->link = g_strdup (f[0]);
      e->model = g_strdup (f[1]);
      e->imei = g_strdup (f[2]);
      e->revision = g_strdup (f[3]);
      e->dialect = g_strdup (f[4]);
      g_ptr_array_add (self->modules, e);
    }
  return self->modules->len;
}

FdTestSimProcess *
fd_test_sim_process_start (const char *dir, const char *const *args, guint n_modules)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  FdTestSimProcess *self = g_new0 (FdTestSimProcess, 1);
  const char       *binary = g_getenv ("FD_SIM_BINARY");
  gint64            deadline = g_get_monotonic_time () + START_BOUND_S * G_USEC_PER_SEC;

  g_assert_nonnull (binary);
  self->modules = g_ptr_array_new_with_free_func (entry_free);
  self->out_path = g_strdup_printf ("%s.out", dir);
  self->glob = g_build_filename (dir, "tty*", NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->out_path);
  g_ptr_array_add (argv, (gpointer)binary);
  g_ptr_array_add (argv, "--dir");
  g_ptr_array_add (argv, (gpointer)dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  while (read_entries (self) < n_modules)
    {
      if (g_subprocess_get_identifier (self->process) == NULL)
        g_error ("fotadesk-sim exited before announcing %u modules", n_modules);
      if (g_get_monotonic_time () > deadline)
        g_error ("fotadesk-sim did not announce %u modules within %d s", n_modules, START_BOUND_S);
      g_usleep (20 * 1000);
    }
  return self;
}

GPtrArray *
fd_test_sim_process_get_modules (FdTestSimProcess *self)
{
  return self->modules;
}

const char *
fd_test_sim_process_get_glob (FdTestSimProcess *self)
{
  return self->glob;
}

void
fd_test_sim_process_stop (FdTestSimProcess *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      gint64 deadline = g_get_monotonic_time () + START_BOUND_S * G_USEC_PER_SEC;

      /* GLib reaps the child on its worker thread; the identifier goes
       * once it has exited. */
      g_subprocess_send_signal (self->process, SIGTERM);
      while (g_subprocess_get_identifier (self->process) != NULL)
        {
          if (g_get_monotonic_time () > deadline)
            {
              g_subprocess_force_exit (self->process);
              g_error ("fotadesk-sim did not stop within %d s of SIGTERM", START_BOUND_S);
            }
          g_usleep (10 * 1000);
        }
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
  g_unlink (self->out_path);
  g_free (self->out_path);
  g_free (self->glob);
  g_ptr_array_unref (self->modules);
  g_free (self);
}
