/* fd-first-frame.c — when did the first window first paint? (benchmarks)
 *
 * tests/bench/bench-gui-launch.c times the launch of the real program,
 * from its fork to its first frame on screen. Only that benchmark sets
 * FOTADESK_FIRST_FRAME_FD; users never do, and without it nothing here
 * runs. The end of the first paint phase in which the window's surface
 * actually rendered is the moment: "render" is seen by an emission hook,
 * because GTK's own handler stops the emission before any other runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fd-first-frame.h"

typedef struct
{
  int         fd;
  GdkSurface *surface; /* not a reference: only compared */
  guint       render_signal;
  gulong      hook_id; /* 0 once removed */
  gboolean    rendered;
} Probe;

static void
probe_free (gpointer data, GClosure *closure)
{
  Probe *probe = data;

  if (probe->hook_id != 0)
    g_signal_remove_emission_hook (probe->render_signal, probe->hook_id);
  if (probe->fd >= 0)
    close (probe->fd);
  g_free (probe);
}

static gboolean
on_render (GSignalInvocationHint *hint, guint n_params, const GValue *params, gpointer data)
{
  Probe *probe = data;

  if (g_value_get_object (&params[0]) != probe->surface)
    return TRUE;
  probe->rendered = TRUE;
  probe->hook_id = 0;
  return FALSE; /* removes the hook */
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  Probe           *probe = data;
  g_autofree char *line = NULL;
  g_autofree char *schedstat = NULL;

  if (!probe->rendered)
    return;
  /* This thread's time on a core and waiting for one, for the benchmark
   * to tell the program's own work from a busy machine. */
  if (!g_file_get_contents ("/proc/thread-self/schedstat", &schedstat, NULL, NULL))
    schedstat = g_strdup ("\n");
  line
      = g_strdup_printf ("first-frame %" G_GINT64_FORMAT " %s", g_get_monotonic_time (), schedstat);
  if (write (probe->fd, line, strlen (line)) < 0)
    g_debug ("Could not report the first frame: %s", g_strerror (errno));
  /* Frees the probe, which closes the descriptor. */
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, probe);
}

static void
on_realize (GtkWidget *window, gpointer data)
{
  Probe      *probe = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_signal_handlers_disconnect_by_func (window, on_realize, probe);
  probe->surface = surface;
  probe->render_signal = g_signal_lookup ("render", GDK_TYPE_SURFACE);
  probe->hook_id = g_signal_add_emission_hook (probe->render_signal, 0, on_render, probe, NULL);
  g_signal_connect_data (gdk_surface_get_frame_clock (surface), "after-paint",
                         G_CALLBACK (on_after_paint), probe, probe_free, 0);
}

void
fd_first_frame_watch (GtkWindow *window)
{
  static gboolean watched;
  const char     *value = g_getenv ("FOTADESK_FIRST_FRAME_FD");
  guint64         fd;
  Probe          *probe;

  if (value == NULL || watched || !g_ascii_string_to_unsigned (value, 10, 3, G_MAXINT, &fd, NULL))
    return;
  watched = TRUE;
  probe = g_new0 (Probe, 1);
  probe->fd = (int)fd;
  /* Not for the programs this one starts (Open Log Folder …). */
  (void)fcntl (probe->fd, F_SETFD, FD_CLOEXEC);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), probe);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize (GTK_WIDGET (window), probe);
}
