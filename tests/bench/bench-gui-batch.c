/* bench-gui-batch.c — does the window stay responsive through a batch of
 * 32, and how much memory does it hold?
 *
 * The real window (FdApplication and FdWindow, in this process, driven
 * through their actions as the UI tests do: GTK 4 has no synthetic
 * input) in demo mode with 38 simulated modules — the usual nine, then 29
 * more M5311-E, MN316 and ML307A-DSLN — so that 32 of them can take one
 * MFW upgrade (the demo's package server, concurrency 32, no canary).
 * The simulated modules and the package server live in this process too,
 * on threads of their own, as in `fotadesk --demo`.
 *
 * Stalls: a G_PRIORITY_HIGH timeout of 1 ms on the main context records
 * the time between its runs. Any dispatch that holds the loop (a signal
 * handler, a layout, a paint), and any time the main thread waits for a
 * core, shows as a longer gap. Figures: the longest gap from the click
 * on "Start" until the batch has ended, target <= 20 ms, and its
 * percentiles; beside it the intervals of the window's frame clock
 * (kept ticking by a tick callback; nominally 16.7 ms). Why the longest
 * gaps were long: the main thread's own CPU time within each gap
 * (CLOCK_THREAD_CPUTIME_ID) and its time runnable but waiting for a core
 * (/proc/thread-self/schedstat) — the machine is shared — the rest being
 * waits on something else (the X server, a lock). The same for the scan
 * of the 38 modules, and how long starting demo mode holds the loop:
 * outside the target, shown for what they are.
 *
 * Memory: VmHWM of this process by the end of the batch, target
 * <= 150 MB; VmRSS on the way (window alone, demo started, modules
 * identified), what of it is anonymous and what is mapped files (Mesa's
 * OpenGL among them), and what the simulated modules take on their own,
 * measured in a child process (this program with --fleet-only).
 *
 * Exit 1 when a target is missed. A meson benchmark(), never in the
 * normal run. Needs a display: uses $DISPLAY, or starts its own Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fd-batch-confirm.h"
#include "fd-bench-display.h"
#include "fd-compat.h"
#include "fd-sim-fleet.h"
#include "fd-ui-test.h"
#include "fd-window-private.h"

#define DEMO_MODULES 38 /* the usual nine and 29 more MFW modules */
#define BATCH_MODULES 32
#define STALL_TARGET_MS 20.0
#define MEMORY_TARGET_MB 150.0
#define TIMER_MS 1
#define IDENTIFY_BOUND_MS 90000
#define BATCH_BOUND_MS 240000

/* ---- the stall recorder --------------------------------------------------- */

typedef struct
{
  gint64 end_us;  /* monotonic */
  gint64 wall_us; /* since the timeout's previous run */
  gint64 cpu_us;  /* the main thread on a core meanwhile */
  gint64 runq_us; /* the main thread runnable, waiting for a core */
} Gap;

typedef struct
{
  GtkWidget *widget;
  GArray    *gaps;   /* Gap */
  GArray    *frames; /* gint64: µs between frame clock ticks */
  int        schedstat_fd;
  Gap        last; /* the previous run: end_us, and cpu/runq as totals */
  gint64     last_frame_us;
  gint64     start_us;
  double     process_cpu_s; /* getrusage, at the start; then the difference */
  guint      timer_id;
  guint      tick_id;
} Recorder;

/* CPU time of the calling thread, µs. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The calling thread's time runnable but waiting for a core, µs
 * (/proc/thread-self/schedstat, second field, ns), or 0. */
static gint64
thread_runq_us (int fd)
{
  char   buf[128];
  gssize n = fd >= 0 ? pread (fd, buf, sizeof buf - 1, 0) : -1;
  char  *end;

  if (n <= 0)
    return 0;
  buf[n] = '\0';
  g_ascii_strtoull (buf, &end, 10);
  return (gint64)(g_ascii_strtoull (end, NULL, 10) / 1000);
}

static double
process_cpu_s (void)
{
  struct rusage ru;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &ru), ==, 0);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
         + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static gboolean
on_timer (gpointer data)
{
  Recorder *rec = data;
  Gap now = { g_get_monotonic_time (), 0, thread_cpu_us (), thread_runq_us (rec->schedstat_fd) };

  if (rec->last.end_us != 0)
    {
      Gap gap = { now.end_us, now.end_us - rec->last.end_us, now.cpu_us - rec->last.cpu_us,
                  now.runq_us - rec->last.runq_us };

      g_array_append_val (rec->gaps, gap);
    }
  rec->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Recorder *rec = data;
  gint64    now = g_get_monotonic_time ();

  if (rec->last_frame_us != 0)
    {
      gint64 interval = now - rec->last_frame_us;

      g_array_append_val (rec->frames, interval);
    }
  rec->last_frame_us = now;
  return G_SOURCE_CONTINUE;
}

static void
recorder_start (Recorder *rec, GtkWidget *widget)
{
  memset (rec, 0, sizeof *rec);
  rec->widget = widget;
  rec->gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  rec->frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  rec->schedstat_fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  rec->start_us = g_get_monotonic_time ();
  rec->process_cpu_s = process_cpu_s ();
  rec->timer_id = g_timeout_add_full (G_PRIORITY_HIGH, TIMER_MS, on_timer, rec, NULL);
  rec->tick_id = gtk_widget_add_tick_callback (widget, on_tick, rec, NULL);
}

static void
recorder_stop (Recorder *rec)
{
  g_source_remove (rec->timer_id);
  gtk_widget_remove_tick_callback (rec->widget, rec->tick_id);
  rec->process_cpu_s = process_cpu_s () - rec->process_cpu_s;
  if (rec->schedstat_fd >= 0)
    close (rec->schedstat_fd);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->gaps, g_array_unref);
  g_clear_pointer (&rec->frames, g_array_unref);
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Longest first. */
static int
compare_gaps (gconstpointer a, gconstpointer b)
{
  return compare_gint64 (&((const Gap *)b)->wall_us, &((const Gap *)a)->wall_us);
}

/* The @p-th percentile (0..100) of sorted @values (gint64 µs), in ms. */
static double
percentile_ms (GArray *sorted, double p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint)MIN ((double)sorted->len - 1, p / 100.0 * sorted->len);
  return g_array_index (sorted, gint64, i) / 1000.0;
}

static guint
count_over (GArray *values, double ms)
{
  guint n = 0;

  for (guint i = 0; i < values->len; i++)
    n += g_array_index (values, gint64, i) > ms * 1000;
  return n;
}

/* Prints the gaps and why the longest were long; returns the longest, ms. */
static double
report_stalls (const char *what, Recorder *rec, guint n_longest)
{
  g_autoptr (GArray) walls = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rec->gaps->len);
  gint64 cpu_total = 0, runq_total = 0, cpu_max = 0;
  double window_s = (rec->last.end_us - rec->start_us) / (double)G_USEC_PER_SEC;

  g_assert_cmpuint (rec->gaps->len, >, 0);
  for (guint i = 0; i < rec->gaps->len; i++)
    {
      const Gap *gap = &g_array_index (rec->gaps, Gap, i);

      g_array_append_val (walls, gap->wall_us);
      cpu_total += gap->cpu_us;
      runq_total += gap->runq_us;
      cpu_max = MAX (cpu_max, gap->cpu_us);
    }
  g_array_sort (walls, compare_gint64);
  g_array_sort (rec->frames, compare_gint64);
  g_array_sort (rec->gaps, compare_gaps);

  printf ("  %s (%.1f s, %u runs of the %d ms timeout):\n", what, window_s, rec->gaps->len + 1,
          TIMER_MS);
  printf ("    longest gap %.1f ms; median %.2f, p99 %.1f, p99.9 %.1f ms; over 10 ms: %u, over "
          "%.0f ms: %u\n",
          percentile_ms (walls, 100), percentile_ms (walls, 50), percentile_ms (walls, 99),
          percentile_ms (walls, 99.9), count_over (walls, 10), STALL_TARGET_MS,
          count_over (walls, STALL_TARGET_MS));
  printf ("    frame clock: %u frames, interval median %.1f ms, p99 %.1f ms, longest %.1f ms; "
          "over 33.4 ms (a frame missed): %u\n",
          rec->frames->len + 1, percentile_ms (rec->frames, 50), percentile_ms (rec->frames, 99),
          percentile_ms (rec->frames, 100), count_over (rec->frames, 33.4));
  /* What the main thread did: work (its CPU), wait for a core that other
   * threads and processes held (schedstat), or wait for something else
   * (the X server's answers, a lock, the disk). */
  printf ("    main thread: %.2f s on a core (%.0f %% of the window), %.2f s runnable but waiting "
          "for one; the whole process used %.2f s of CPU (%.0f %% of one core)\n",
          cpu_total / 1e6, cpu_total / 1e4 / window_s, runq_total / 1e6, rec->process_cpu_s,
          rec->process_cpu_s / window_s * 100);
  printf ("    the most CPU the main thread spent within one gap: %.1f ms\n", cpu_max / 1000.0);
  for (guint i = 0; i < MIN (n_longest, rec->gaps->len); i++)
    {
      const Gap *gap = &g_array_index (rec->gaps, Gap, i);

      printf ("    gap of %6.1f ms at %5.2f s: %6.1f ms on a core, %6.1f ms waiting for one, "
              "%6.1f ms waiting for something else\n",
              gap->wall_us / 1000.0, (gap->end_us - gap->wall_us - rec->start_us) / 1e6,
              gap->cpu_us / 1000.0, gap->runq_us / 1000.0,
              MAX (0, gap->wall_us - gap->cpu_us - gap->runq_us) / 1000.0);
    }
  return percentile_ms (walls, 100);
}

/* ---- memory --------------------------------------------------------------- */

/* A "VmRSS:"-style field of /proc/self/status, in MB. */
static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char      *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0; /* kB */
}

/* The resident memory of the mappings whose path contains one of
 * @needles, in MB (/proc/self/smaps). */
static double
mapped_rss_mb (const char *const *needles)
{
  g_autofree char *smaps = NULL;
  g_auto (GStrv) lines = NULL;
  gboolean matching = FALSE;
  double   kb = 0;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return 0;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL
          && strchr (line, '-') < strchr (line, ' '))
        {
          matching = FALSE;
          for (guint n = 0; needles[n] != NULL; n++)
            matching |= strstr (line, needles[n]) != NULL;
        }
      else if (matching && g_str_has_prefix (line, "Rss:"))
        kb += g_ascii_strtod (line + strlen ("Rss:"), NULL);
    }
  return kb / 1024.0;
}

/* The child's part (--fleet-only): the demo's modules and package server
 * alone, booted, in a process that is nothing else; prints how much
 * memory they added ("VmRSS-MB RssAnon-MB"). */
static int
fleet_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdDemo) demo = NULL;
  g_autoptr (GPtrArray) modules = NULL;
  double rss = status_mb ("VmRSS:"), anon = status_mb ("RssAnon:");

  demo = fd_demo_new_sized (DEMO_MODULES, &error);
  g_assert_no_error (error);
  modules = fd_sim_fleet_list_modules (FD_SIM_FLEET (fd_demo_get_fleet (demo)));
  for (guint i = 0; i < modules->len; i++)
    {
      g_assert_true (fd_sim_module_wait_ready (g_ptr_array_index (modules, i), 1, 30000, &error));
      g_assert_no_error (error);
    }
  g_usleep (G_USEC_PER_SEC);
  printf ("%.2f %.2f\n", status_mb ("VmRSS:") - rss, status_mb ("RssAnon:") - anon);
  fd_demo_shutdown (demo);
  return 0;
}

/* Runs this program again with --fleet-only; what its modules added, MB. */
static void
measure_fleet_alone (double *rss, double *anon)
{
  const char *argv[] = { "/proc/self/exe", "--fleet-only", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int              status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("The fleet alone could not be measured: %s", error->message);
  if (sscanf (out, "%lf %lf", rss, anon) != 2)
    g_error ("The fleet alone said: %s", out);
}

/* The machine's one-minute load average: other programs compete for the
 * cores too. */
static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* ---- driving the window --------------------------------------------------- */

typedef struct
{
  FdWindow *window;
  guint     n_expected;
} Fixture;

static gboolean
all_identified (gpointer data)
{
  Fixture      *f = data;
  FdDeviceList *list = fd_window_get_device_list (f->window);
  guint         n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FdDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      FdDeviceState state = fd_device_item_get_state (item);

      if (state == FD_DEVICE_STATE_IDENTIFYING || state == FD_DEVICE_STATE_GONE
          || fd_device_item_get_busy_in_batch (item))
        return FALSE;
    }
  return n == f->n_expected;
}

static gboolean
is_batch_model (const char *model)
{
  return g_strcmp0 (model, "M5311-E") == 0 || g_strcmp0 (model, "MN316") == 0
         || g_strcmp0 (model, "ML307A-DSLN") == 0;
}

static guint
select_mfw_modules (Fixture *f)
{
  FdDeviceList *list = fd_window_get_device_list (f->window);
  guint         selected = 0;

  fd_ui_test_activate (GTK_WIDGET (f->window), "win.select-none", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (FdDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (is_batch_model (fd_device_item_get_model (item))
          && fd_device_item_get_state (item) == FD_DEVICE_STATE_READY)
        {
          fd_device_item_set_selected (item, TRUE);
          selected++;
        }
    }
  return selected;
}

/* The click on "Start", from the main loop as a real click would be. */
static gboolean
respond_start (gpointer data)
{
  fd_compat_alert_respond (data, "start");
  return G_SOURCE_REMOVE;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  const char      *display = NULL;
  const char      *gl_libraries[] = { "libLLVM", "/dri/", "libGLX_mesa", "libgallium", NULL };
  g_autofree char *log_dir = NULL;
  g_autoptr (GSettings) settings = NULL;
  FdBatchSession *session;
  GtkWidget      *alert;
  Fixture         f = { NULL, DEMO_MODULES };
  Recorder        scan = { 0 }, batch = { 0 };
  gint64          t0, demo_start_us, identify_us, batch_us;
  double          rss_window, rss_demo, rss_identified, hwm, longest, load_start, load_end;
  double          rss_end, anon_end, file_end, gl_end, fleet_rss, fleet_anon;
  guint           n_selected, n_upgraded;
  gboolean        ok;

  if (argc == 2 && g_str_equal (argv[1], "--fleet-only"))
    return fleet_only ();
  display = fd_bench_display_ensure ();
  fd_ui_test_init (&argc, &argv);
  log_dir = g_dir_make_tmp ("fd-bench-gui-XXXXXX", NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "log-dir", log_dir);
  g_settings_set_uint (settings, "concurrency", BATCH_MODULES);
  g_settings_reset (settings, "last-configuration");
  fd_application_set_demo_modules (fd_ui_test_get_application (), DEMO_MODULES);

  f.window = fd_ui_test_new_window (1100, 700);
  rss_window = status_mb ("VmRSS:");

  /* "Try Demo Mode", then the scan that finds the modules. */
  t0 = g_get_monotonic_time ();
  fd_ui_test_activate (GTK_WIDGET (f.window), "app.start-demo", NULL);
  demo_start_us = g_get_monotonic_time () - t0;
  rss_demo = status_mb ("VmRSS:");
  recorder_start (&scan, GTK_WIDGET (f.window));
  fd_ui_test_wait_for (all_identified, &f, IDENTIFY_BOUND_MS,
                       "the demo's modules to be identified");
  recorder_stop (&scan);
  identify_us = g_get_monotonic_time () - t0;
  rss_identified = status_mb ("VmRSS:");

  fd_ui_test_activate (GTK_WIDGET (f.window), "win.show-page", g_variant_new_string ("configure"));
  n_selected = select_mfw_modules (&f);
  g_assert_cmpuint (n_selected, ==, BATCH_MODULES);
  g_assert_cmpint (fd_config_panel_get_dialect (fd_window_get_config_panel (f.window)), ==,
                   FD_DIALECT_MFW);
  g_assert_true (fd_config_panel_can_start (fd_window_get_config_panel (f.window)));
  fd_ui_test_activate (GTK_WIDGET (f.window), "win.start-batch", NULL);
  fd_ui_test_wait_for (fd_ui_test_has_alert, f.window, 5000, "the confirmation");
  alert = fd_window_get_open_alert (f.window);
  fd_batch_confirm_set_canary (
      FD_BATCH_CONFIRM (fd_ui_test_find_child (alert, FD_TYPE_BATCH_CONFIRM)), FALSE);
  g_assert_cmpuint (fd_batch_confirm_get_concurrency (
                        FD_BATCH_CONFIRM (fd_ui_test_find_child (alert, FD_TYPE_BATCH_CONFIRM))),
                    ==, BATCH_MODULES);

  /* From the click on "Start" to the end of the batch. */
  load_start = load_average ();
  recorder_start (&batch, GTK_WIDGET (f.window));
  t0 = g_get_monotonic_time ();
  g_idle_add (respond_start, alert);
  fd_ui_test_wait_for (fd_ui_test_window_batch_finished, f.window, BATCH_BOUND_MS, "the batch to end");
  batch_us = g_get_monotonic_time () - t0;
  fd_ui_test_spin (300); /* what the end of the batch sets off */
  recorder_stop (&batch);
  load_end = load_average ();
  hwm = status_mb ("VmHWM:");
  rss_end = status_mb ("VmRSS:");
  anon_end = status_mb ("RssAnon:");
  file_end = status_mb ("RssFile:");
  gl_end = mapped_rss_mb (gl_libraries);

  session = fd_batch_panel_get_session (fd_window_get_batch_panel (f.window));
  n_upgraded = fd_batch_session_count (session, FD_JOB_STATE_SUCCESS);
  if (n_upgraded != BATCH_MODULES)
    g_error ("only %u of %u modules upgraded: %s", n_upgraded, BATCH_MODULES,
             fd_batch_panel_get_summary (fd_window_get_batch_panel (f.window)));

  printf ("GUI: the real window in this process (FdApplication + FdWindow driven through their "
          "actions, as the UI tests do), display: %s, GSK_RENDERER=%s\n",
          display, g_getenv ("GSK_RENDERER"));
  printf ("demo mode with %d simulated modules (the usual nine, then M5311-E, MN316, "
          "ML307A-DSLN in turn); they and the package server run in this process, on threads of "
          "their own\n",
          DEMO_MODULES);
  printf ("  starting demo mode held the main loop for %.0f ms (outside the target)\n",
          demo_start_us / 1000.0);
  printf ("  all %d identified %.1f s after the start of demo mode\n", DEMO_MODULES,
          identify_us / (double)G_USEC_PER_SEC);
  report_stalls ("main loop while they were being identified (outside the target)", &scan, 1);
  printf ("MFW batch of %u (%s), concurrency %d, no canary: %.1f s from \"Start\" to the end\n",
          n_selected, fd_batch_panel_get_summary (fd_window_get_batch_panel (f.window)),
          BATCH_MODULES, batch_us / (double)G_USEC_PER_SEC);
  printf ("  the machine: %u cores, load average %.1f when the batch started, %.1f when it "
          "ended\n",
          g_get_num_processors (), load_start, load_end);
  longest
      = report_stalls ("main loop from the click on \"Start\" to the end of the batch", &batch, 5);
  printf ("  longest main-loop stall during the batch: %.1f ms, target <= %.0f ms: %.0f %% of the "
          "limit, %s\n",
          longest, STALL_TARGET_MS, longest / STALL_TARGET_MS * 100,
          longest <= STALL_TARGET_MS ? "ok" : "MISSED");
  measure_fleet_alone (&fleet_rss, &fleet_anon);
  printf ("memory of this process (the app, its %d simulated modules, the benchmark's few "
          "objects):\n",
          DEMO_MODULES);
  printf ("  RSS, window shown, no demo:           %6.1f MB\n", rss_window);
  printf ("  RSS, demo mode just started:          %6.1f MB\n", rss_demo);
  printf ("  RSS, %d modules identified:           %6.1f MB\n", DEMO_MODULES, rss_identified);
  printf ("  RSS after the batch:                  %6.1f MB: %.1f MB anonymous (heaps, stacks), "
          "%.1f MB of files (libraries, fonts, icons), of which %.1f MB are Mesa's OpenGL "
          "libraries that GDK loads to check for GL, though the renderer is cairo\n",
          rss_end, anon_end, file_end, gl_end);
  printf ("  the %d simulated modules and the package server, started alone in a process of "
          "their own: %+.1f MB RSS (%+.1f MB anonymous) once booted; more while they download, "
          "not separated here\n",
          DEMO_MODULES, fleet_rss, fleet_anon);
  printf ("  peak (VmHWM) by the end of the batch: %6.1f MB = %.0f %% of %.0f MB, %s\n", hwm,
          hwm / MEMORY_TARGET_MB * 100, MEMORY_TARGET_MB,
          hwm <= MEMORY_TARGET_MB ? "ok" : "MISSED");
  ok = longest <= STALL_TARGET_MS && hwm <= MEMORY_TARGET_MB;

  recorder_clear (&scan);
  recorder_clear (&batch);
  fd_ui_test_close_window (f.window);
  remove_tree (log_dir);
  fd_ui_test_finish (0);
  fd_bench_display_stop ();
  return ok ? 0 : 1;
}
