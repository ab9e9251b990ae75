/* bench-gui-launch.c — how soon does the window show after launch?
 *
 * Starts the real program ($FD_APP_BINARY, the built `fotadesk`) as a
 * process, with FOTADESK_FIRST_FRAME_FD naming a pipe; the program writes
 * the monotonic time at which its window had rendered its first frame
 * (src/app/fd-first-frame.c). The figure is that time minus the time just
 * before the fork. Then SIGTERM, and the program quits as on Ctrl+Q.
 *
 * Five launches of plain `fotadesk`: the median is the figure, target
 * <= 500 ms; the fastest and slowest are shown beside it (the machine is
 * shared). Then `fotadesk --demo` (nine simulated modules started before
 * the window shows) and `--demo-modules=38`, two launches each, outside
 * the target.
 *
 * Every launch gets a private session bus (as system bus too: the
 * ModemManager check stays inside it), memory settings and GTK_A11Y=none
 * (there is no accessibility bus here; on a desktop GTK also connects to
 * it). Exit 1 when the target is missed. A meson benchmark(); uses
 * $DISPLAY, or starts its own Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "fd-bench-display.h"

#define TARGET_MS 500.0
#define RUNS 5
#define DEMO_RUNS 2
#define FRAME_BOUND_S 30
#define EXIT_BOUND_S 20

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  double frame_ms; /* from the fork to the first frame */
  double cpu_ms;   /* the program's main thread on a core, until then */
  double runq_ms;  /* the same thread runnable but waiting for a core */
} Launch;

/* Reads "first-frame USEC CPU_NS WAIT_NS SLICES\n" from @fd within the
 * bound; fills @l's times but frame_ms, and returns the USEC, or -1. */
static gint64
read_first_frame (int fd, Launch *l)
{
  char    line[128] = { 0 };
  gsize   used = 0;
  gint64  deadline = g_get_monotonic_time () + FRAME_BOUND_S * G_USEC_PER_SEC;
  gint64  frame_us;
  guint64 cpu_ns, runq_ns;

  while (used < sizeof line - 1 && strchr (line, '\n') == NULL)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int           wait_ms = (int)((deadline - g_get_monotonic_time ()) / 1000);
      gssize        n;

      if (wait_ms <= 0 || poll (&pfd, 1, wait_ms) <= 0)
        return -1;
      n = read (fd, line + used, sizeof line - 1 - used);
      if (n <= 0)
        return -1; /* it closed the pipe, or died, without a frame */
      used += (gsize)n;
    }
  if (sscanf (line, "first-frame %" G_GINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &frame_us, &cpu_ns, &runq_ns)
      != 3)
    return -1;
  l->cpu_ms = cpu_ns / 1e6;
  l->runq_ms = runq_ns / 1e6;
  return frame_us;
}

/* Asks the program to quit; waits for it within the bound. */
static void
stop (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + EXIT_BOUND_S * G_USEC_PER_SEC;
  int    status = 0;

  kill (pid, SIGTERM);
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          g_error ("fotadesk did not quit within %d s of SIGTERM", EXIT_BOUND_S);
        }
      g_usleep (20 * 1000);
    }
  g_spawn_close_pid (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("fotadesk ended badly on SIGTERM (wait status %d)", status);
}

/* One launch of the program with @extra_arg (or none). */
static Launch
launch (const char *extra_arg)
{
  Launch      l = { 0 };
  const char *binary = g_getenv ("FD_APP_BINARY");
  g_autoptr (GError) error = NULL;
  g_autofree char *fd_text = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  const char *argv[] = { binary, extra_arg, NULL };
  int         fds[2];
  gint64      start, frame;
  GPid        pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  /* The write end, inherited at its number (G_SPAWN_LEAVE_DESCRIPTORS_OPEN:
   * glib would close it otherwise); close-on-exec for the read end. */
  g_assert_cmpint (fcntl (fds[0], F_SETFD, FD_CLOEXEC), ==, 0);
  fd_text = g_strdup_printf ("%d", fds[1]);
  envp = g_environ_setenv (envp, "FOTADESK_FIRST_FRAME_FD", fd_text, TRUE);
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **)argv, envp,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_LEAVE_DESCRIPTORS_OPEN
                          | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("Could not start %s: %s", binary, error->message);
  close (fds[1]);
  frame = read_first_frame (fds[0], &l);
  close (fds[0]);
  if (frame < 0)
    {
      kill (pid, SIGKILL);
      g_error ("fotadesk %s showed no frame within %d s", extra_arg ? extra_arg : "",
               FRAME_BOUND_S);
    }
  g_usleep (300 * 1000); /* let it settle, then quit as a user would */
  stop (pid);
  l.frame_ms = (frame - start) / 1000.0;
  return l;
}

static double
median_of (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, compare_double);
  return n % 2 ? g_array_index (values, double, n / 2)
               : (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2))
                     / 2;
}

/* Runs @n launches; prints them; returns the median, ms. */
static double
series (const char *what, const char *extra_arg, guint n)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) runq = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  printf ("  %-26s", what);
  for (guint i = 0; i < n; i++)
    {
      Launch l = launch (extra_arg);

      g_array_append_val (times, l.frame_ms);
      g_array_append_val (cpu, l.cpu_ms);
      g_array_append_val (runq, l.runq_ms);
      printf (" %6.0f", l.frame_ms);
      fflush (stdout);
    }
  median = median_of (times);
  printf (" ms; median %.0f ms (fastest %.0f, slowest %.0f)\n", median,
          g_array_index (times, double, 0), g_array_index (times, double, n - 1));
  /* What the time went on: the program's own work, or a core that other
   * programs held. */
  printf ("  %-26s main thread until its first frame: median %.0f ms on a core, %.0f ms "
          "waiting for one\n",
          "", median_of (cpu), median_of (runq));
  return median;
}

int
main (int argc, char **argv)
{
  const char      *display = fd_bench_display_ensure ();
  g_autofree char *saved_display = g_strdup (g_getenv ("DISPLAY"));
  g_autoptr (GTestDBus) bus = NULL;
  double median;

  if (g_getenv ("FD_APP_BINARY") == NULL)
    g_error ("FD_APP_BINARY is not set (run through meson test --benchmark)");
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* g_test_dbus_up() unsets DISPLAY. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  g_setenv ("DISPLAY", saved_display, TRUE);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (bus), TRUE);

  printf ("GUI launch: the real fotadesk as a process, from the fork to its window's first "
          "frame (display: %s, GSK_RENDERER=%s):\n",
          display, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");
  median = series ("fotadesk:", NULL, RUNS);
  series ("fotadesk --demo:", "--demo", DEMO_RUNS);
  series ("fotadesk --demo-modules=38:", "--demo-modules=38", DEMO_RUNS);
  printf ("  first frame of plain fotadesk, median of %d: %.0f ms, target <= %.0f ms: %.0f %% of "
          "the limit, %s\n",
          RUNS, median, TARGET_MS, median / TARGET_MS * 100, median <= TARGET_MS ? "ok" : "MISSED");

  g_test_dbus_down (bus);
  fd_bench_display_stop ();
  return median <= TARGET_MS ? 0 : 1;
}
