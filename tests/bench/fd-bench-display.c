/* fd-bench-display.c — a display for the GUI benchmarks
 *
 * Xvfb -displayfd picks a free display number itself and writes it once
 * it accepts clients: no guessing, no race with another Xvfb. The server
 * dies with this process (PR_SET_PDEATHSIG) should it end abruptly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fd-bench-display.h"

#define XVFB_START_BOUND_S 20

static GPid  xvfb_pid;
static char *described;

static void
xvfb_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The display number Xvfb writes to @fd when ready, or -1. */
static int
read_display_number (int fd)
{
  char   line[32] = { 0 };
  gsize  used = 0;
  gint64 deadline = g_get_monotonic_time () + XVFB_START_BOUND_S * G_USEC_PER_SEC;

  while (used < sizeof line - 1 && strchr (line, '\n') == NULL)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int           wait_ms = (int)((deadline - g_get_monotonic_time ()) / 1000);
      gssize        n;

      if (wait_ms <= 0 || poll (&pfd, 1, wait_ms) <= 0)
        return -1;
      n = read (fd, line + used, sizeof line - 1 - used);
      if (n <= 0)
        return -1;
      used += (gsize)n;
    }
  return g_ascii_isdigit (line[0]) ? atoi (line) : -1;
}

const char *
fd_bench_display_ensure (void)
{
  const char *display = g_getenv ("DISPLAY");
  const char *argv[]
      = { "Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  int              out = -1;
  int              number;

  g_setenv ("GDK_BACKEND", "x11", FALSE);
  if (described != NULL)
    return described;
  if (display != NULL && *display != '\0')
    {
      described = g_strdup_printf ("the existing display %s", display);
      return described;
    }
  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                     | G_SPAWN_STDERR_TO_DEV_NULL,
                                 xvfb_child_setup, NULL, &xvfb_pid, NULL, &out, NULL, &error))
    g_error ("No $DISPLAY, and Xvfb could not start: %s", error->message);
  number = read_display_number (out);
  close (out);
  if (number < 0)
    g_error ("Xvfb did not report its display within %d s", XVFB_START_BOUND_S);
  name = g_strdup_printf (":%d", number);
  g_setenv ("DISPLAY", name, TRUE);
  described = g_strdup_printf ("its own Xvfb on %s (1280x1024x24)", name);
  return described;
}

void
fd_bench_display_stop (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  if (xvfb_pid <= 0)
    return;
  kill (xvfb_pid, SIGTERM);
  while (waitpid (xvfb_pid, NULL, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (xvfb_pid, SIGKILL);
          waitpid (xvfb_pid, NULL, 0);
          break;
        }
      g_usleep (20 * 1000);
    }
  g_spawn_close_pid (xvfb_pid);
  xvfb_pid = 0;
}
