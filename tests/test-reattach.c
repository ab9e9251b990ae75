/* test-reattach.c — finding a module again after its reboot, against
 * scripted modules on real ptys: links in a directory for virtual ports,
 * a copied sysfs tree for USB devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fd-flow.h"
#include "fd-reattach.h"
#include "fd-scanner.h"
#include "fd-test-module.h"

/* Generous: the machine is shared and noisy. Liveness, not speed. */
#define LIVENESS_BOUND_US (10 * G_USEC_PER_SEC)
#define WAIT_MS           15000
#define QUICK_TIMEOUT_MS  300

static const char *const imei_a = "861234567890201";
static const char *const imei_b = "861234567890202";

/* ---- a wait on a thread of its own, as a job would run it -------------------- */

typedef struct {
  FdReattach   *reattach;
  guint         timeout_ms;
  GCancellable *cancellable;
  char         *new_port;
  GError       *error;
  gint64        elapsed_us;
} Waiter;

static gpointer
waiter_thread (gpointer data)
{
  Waiter *waiter = data;
  gint64 start = g_get_monotonic_time ();

  fd_reattach_wait (waiter->reattach, waiter->timeout_ms, waiter->cancellable,
                    &waiter->new_port, &waiter->error);
  waiter->elapsed_us = g_get_monotonic_time () - start;
  return NULL;
}

static GThread *
waiter_start (Waiter *waiter, FdReattach *reattach, guint timeout_ms)
{
  waiter->reattach = reattach;
  waiter->timeout_ms = timeout_ms;
  return g_thread_new ("reattach", waiter_thread, waiter);
}

static void
waiter_clear (Waiter *waiter)
{
  g_free (waiter->new_port);
  g_clear_error (&waiter->error);
}

/* ---- virtual ports: links in a directory ----------------------------------------- */

typedef struct {
  char             *dir;
  GHashTable       *modules; /* link name → FdTestModule */
  FdPortEnumerator *enumerator;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autofree char *glob = NULL;
  g_autofree char *no_sysfs = NULL;
  const char *globs[2] = { NULL, NULL };

  fx->dir = fd_test_make_tmpdir ("fd-reattach-XXXXXX");
  fx->modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) fd_test_module_free);
  glob = g_build_filename (fx->dir, "m*", NULL);
  globs[0] = glob;
  no_sysfs = g_build_filename (fx->dir, "no-sysfs", NULL);
  fx->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (fx->enumerator, no_sysfs);
  fd_port_enumerator_set_list_func (fx->enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (fx->enumerator, globs);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->enumerator);
  g_hash_table_unref (fx->modules);
  fd_test_sysfs_remove (fx->dir);
  g_free (fx->dir);
}

static FdTestModule *
plug (Fixture *fx, const char *name, const char *imei)
{
  FdTestModule *module = fd_test_module_new ();
  g_autofree char *link = NULL;

  fd_test_module_set_identity (module, "CMCC", "ML307A-DSLN", "ML307A_R1", imei,
                               FD_DIALECT_MFW);
  fd_test_module_start (module);
  link = fd_test_make_link (fx->dir, name, fd_test_module_get_path (module));
  g_hash_table_replace (fx->modules, g_strdup (name), module);
  return module;
}

static void
unplug (Fixture *fx, const char *name)
{
  g_autofree char *link = g_build_filename (fx->dir, name, NULL);

  g_assert_cmpint (unlink (link), ==, 0);
  g_hash_table_remove (fx->modules, name);
}

/* The module a scan finds behind link @name. */
static FdModule *
scan_for (Fixture *fx, const char *name)
{
  g_autoptr(FdScanner) scanner = fd_scanner_new (fx->enumerator);
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_build_filename (fx->dir, name, NULL);
  g_autofree char *key = g_strconcat ("tty:", link, NULL);

  modules = fd_scanner_scan (scanner, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < modules->len; i++)
    {
      FdModule *module = g_ptr_array_index (modules, i);

      if (g_str_equal (fd_module_get_key (module), key))
        return g_object_ref (module);
    }
  g_error ("no module behind %s", name);
}

/* @port (a link or a node) is @module's: a virtual port is given by its
 * link, which follows the pty behind it. */
static void
assert_port_is (const char *port, FdTestModule *module)
{
  g_autofree char *node = port != NULL ? realpath (port, NULL) : NULL;

  g_assert_cmpstr (node, ==, fd_test_module_get_path (module));
}

static void
test_recreated_under_another_name (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };
  FdTestModule *other, *back;
  GThread *thread;
  guint other_before;

  plug (fx, "m1", imei_a);
  other = plug (fx, "m2", imei_b);
  module = scan_for (fx, "m1");
  reattach = fd_reattach_new (fx->enumerator, module);
  g_assert_false (fd_reattach_uses_usb_identity (reattach));
  g_assert_cmpstr (fd_reattach_get_imei (reattach), ==, imei_a);
  other_before = fd_test_module_count_commands (other);

  /* the module reboots: its pty and link go ... */
  unplug (fx, "m1");
  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (2500 * 1000);
  /* ... and it comes back under another name */
  back = plug (fx, "m9", imei_a);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, back);
  g_assert_cmpint (waiter.elapsed_us, <, LIVENESS_BOUND_US);
  /* the other module was asked its IMEI once, not at every poll */
  g_assert_cmpuint (fd_test_module_count_commands (other) - other_before, <=, 3);
  /* and only with the allowed commands */
  {
    g_auto(GStrv) commands = fd_test_module_dup_commands (back);

    fd_test_assert_only_allowed ((const char *const *) commands);
  }
  waiter_clear (&waiter);
}

static void
test_same_port_after_silence (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };
  FdTestModule *behind_bridge;
  GThread *thread;

  /* a UART bridge: the port stays, the module behind it restarts */
  behind_bridge = plug (fx, "m1", imei_a);
  module = scan_for (fx, "m1");
  reattach = fd_reattach_new (fx->enumerator, module);
  fd_reattach_set_command_timeout (reattach, QUICK_TIMEOUT_MS);
  fd_test_module_set_behaviour (behind_bridge, FD_TEST_MODULE_SILENT);

  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (1500 * 1000);
  fd_test_module_set_behaviour (behind_bridge, FD_TEST_MODULE_NORMAL);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, behind_bridge);
  waiter_clear (&waiter);
}

static void
test_another_module_on_the_old_port (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };
  FdTestModule *back;
  GThread *thread;

  plug (fx, "m1", imei_a);
  module = scan_for (fx, "m1");
  reattach = fd_reattach_new (fx->enumerator, module);

  /* someone else's module now sits behind the old name: not ours */
  unplug (fx, "m1");
  plug (fx, "m1", imei_b);
  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (2000 * 1000);
  back = plug (fx, "m5", imei_a);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, back);
  waiter_clear (&waiter);
}

static void
test_timeout (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };

  plug (fx, "m1", imei_a);
  plug (fx, "m2", imei_b);
  module = scan_for (fx, "m1");
  reattach = fd_reattach_new (fx->enumerator, module);
  unplug (fx, "m1");

  g_thread_join (waiter_start (&waiter, reattach, 2000));
  g_assert_error (waiter.error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (waiter.error->message, imei_a));
  g_assert_nonnull (strstr (waiter.error->message, "ML307A-DSLN"));
  g_assert_null (waiter.new_port);
  g_assert_cmpint (waiter.elapsed_us, >=, 2000 * 1000);
  g_assert_cmpint (waiter.elapsed_us, <, LIVENESS_BOUND_US);
  waiter_clear (&waiter);
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiter waiter = { .cancellable = cancellable };
  GThread *thread;
  FdTestModule *silent;
  gint64 start;

  plug (fx, "m1", imei_a);
  module = scan_for (fx, "m1");
  reattach = fd_reattach_new (fx->enumerator, module);
  unplug (fx, "m1");
  /* a silent port with long bounds keeps a probe busy when the cancel comes */
  silent = plug (fx, "m2", imei_b);
  fd_test_module_set_behaviour (silent, FD_TEST_MODULE_SILENT);
  fd_reattach_set_command_timeout (reattach, 20000);

  thread = waiter_start (&waiter, reattach, 600000);
  g_usleep (500 * 1000);
  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  waiter_clear (&waiter);
}

static void
test_for_port (Fixture *fx, gconstpointer data)
{
  g_autofree char *link = g_build_filename (fx->dir, "m1", NULL);
  g_autofree char *missing = g_build_filename (fx->dir, "m7", NULL);
  g_autofree char *key = g_strconcat ("tty:", link, NULL);
  g_autoptr(FdReattach) by_link = NULL;
  g_autoptr(FdReattach) by_node = NULL;
  g_autoptr(FdReattach) none = NULL;
  g_autoptr(GError) error = NULL;
  FdTestModule *module;

  module = plug (fx, "m1", imei_a);
  by_link = fd_reattach_new_for_port (fx->enumerator, link, imei_a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_reattach_get_key (by_link), ==, key);
  g_assert_cmpstr (fd_reattach_get_imei (by_link), ==, imei_a);
  by_node = fd_reattach_new_for_port (fx->enumerator, fd_test_module_get_path (module), NULL,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_reattach_get_key (by_node), ==, key);
  g_assert_null (fd_reattach_get_imei (by_node));

  none = fd_reattach_new_for_port (fx->enumerator, missing, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND);
}

static void
test_without_imei_by_key (Fixture *fx, gconstpointer data)
{
  g_autofree char *link = g_build_filename (fx->dir, "m1", NULL);
  g_autoptr(FdReattach) reattach = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  FdTestModule *back;
  GThread *thread;

  /* nothing tells its IMEI: the simulator link's name is all there is */
  plug (fx, "m1", imei_a);
  reattach = fd_reattach_new_for_port (fx->enumerator, link, NULL, NULL, &error);
  g_assert_no_error (error);
  unplug (fx, "m1");

  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (1500 * 1000);
  back = plug (fx, "m1", imei_a);
  g_thread_join (thread);
  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, back);
  g_assert_cmpuint (fd_test_module_count_commands (back), ==, 0);
  waiter_clear (&waiter);
}

/* ---- in a job, through FdFlow's reattach hook -------------------------------------- */

typedef struct {
  FdReattach *reattach;
  char       *first_port;
  char       *port_after;
  char       *revision_after;
  GError     *urc_error; /* what fd_flow_next_urc() said when the module left */
} FlowRun;

static gboolean
reboot_flow (FdJob *job, gpointer flow_data, GCancellable *cancellable, GError **error)
{
  FlowRun *run = flow_data;
  g_autoptr(FdFlow) flow = NULL;
  g_autofree char *urc = NULL;
  FdFlowBounds bounds;

  fd_flow_bounds_init (&bounds);
  bounds.reattach_timeout_ms = WAIT_MS;
  flow = fd_flow_new (job, run->first_port, &bounds);
  fd_flow_set_reattach_func (flow, fd_reattach_flow_func, run->reattach);
  if (!fd_flow_open (flow, cancellable, error))
    return FALSE;
  /* the module goes away under the flow: that is the reboot */
  if (fd_flow_next_urc (flow, fd_flow_deadline (WAIT_MS), &urc, cancellable, &run->urc_error))
    return FALSE;
  if (!fd_flow_reattach (flow, cancellable, error))
    return FALSE;
  run->port_after = g_strdup (fd_flow_get_port (flow));
  run->revision_after = fd_flow_read_revision (flow, cancellable, error);
  if (run->revision_after == NULL)
    return FALSE;
  fd_job_set_outcome (job, FD_RESULT_SUCCESS, run->revision_after);
  return TRUE;
}

static void
on_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  fd_job_run_finish (FD_JOB (source), result, error);
}

static gboolean
replug_as_m4 (gpointer user_data)
{
  Fixture *fx = user_data;
  FdTestModule *back = plug (fx, "m4", imei_a);

  fd_test_module_set_answer (back, "AT+CGMR", "\r\n+CGMR: ML307A_R2\r\n\r\nOK\r\n");
  return G_SOURCE_REMOVE;
}

static gboolean
unplug_m1 (gpointer user_data)
{
  unplug (user_data, "m1");
  g_timeout_add (1500, replug_as_m4, user_data);
  return G_SOURCE_REMOVE;
}

static void
test_flow_hook (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FlowRun run = { 0 };

  plug (fx, "m1", imei_a);
  module = scan_for (fx, "m1");
  run.reattach = fd_reattach_new (fx->enumerator, module);
  run.first_port = g_strdup (fd_module_get_at_port_path (module));
  job = fd_job_new ("reattach-test", reboot_flow, &run, NULL);
  fd_job_set_module (job, run.first_port, fd_module_get_imei (module),
                     fd_module_get_model (module), fd_module_get_revision (module));

  fd_job_run_async (job, NULL, on_job_done, &error);
  g_timeout_add (500, unplug_m1, fx);
  while (!fd_job_is_finished (job))
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (error);
  g_assert_error (run.urc_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (fd_job_get_result (job), ==, FD_RESULT_SUCCESS);
  {
    /* Found by its link; the node behind it is m4's. */
    g_autofree char *node = realpath (run.port_after, NULL);

    g_assert_cmpstr (node, ==, fd_test_module_get_path (g_hash_table_lookup (fx->modules, "m4")));
  }
  g_assert_cmpstr (run.revision_after, ==, "ML307A_R2");

  g_clear_error (&run.urc_error);
  g_free (run.first_port);
  g_free (run.port_after);
  g_free (run.revision_after);
  g_object_unref (run.reattach);
}

/* ---- USB devices: a copied sysfs tree puts our ptys on USB --------------------------- */

typedef struct {
  char             *sysfs;
  GPtrArray        *modules; /* FdTestModule, one per tty of the device */
  GPtrArray        *retired; /* unlisted while a wait may still be probing them */
  GPtrArray        *paths;   /* what the list function returns */
  GMutex            mutex;   /* the list function runs in the waiter's thread */
  FdPortEnumerator *enumerator;
} UsbFixture;

static const char *const tray_ttys[] = { "ttyUSB10", "ttyUSB11", "ttyUSB12", "ttyUSB13" };

static GStrv
list_paths (gpointer user_data, GError **error)
{
  UsbFixture *fx = user_data;
  GStrv out;

  g_mutex_lock (&fx->mutex);
  out = g_new0 (char *, fx->paths->len + 1);
  for (guint i = 0; i < fx->paths->len; i++)
    out[i] = g_strdup (g_ptr_array_index (fx->paths, i));
  g_mutex_unlock (&fx->mutex);
  return out;
}

/* The tray's 1209:0001 module (DIAG, Modem, AT Port, NMEA) on new ptys:
 * ttys @first to @last of it, as a device whose interfaces appear one
 * by one. */
static void
usb_plug_some (UsbFixture *fx, const char *imei, gsize first, gsize last)
{
  g_mutex_lock (&fx->mutex);
  for (gsize i = first; i <= last; i++)
    {
      FdTestModule *module = fd_test_module_new ();

      if (g_str_equal (tray_ttys[i], "ttyUSB12"))
        fd_test_module_set_identity (module, "CMCC", "MN316", "MN316_R1", imei, FD_DIALECT_MFW);
      else
        fd_test_module_set_behaviour (module, FD_TEST_MODULE_SILENT);
      fd_test_module_start (module);
      fd_test_sysfs_map (fx->sysfs, tray_ttys[i], fd_test_module_get_path (module));
      g_ptr_array_add (fx->modules, module);
      g_ptr_array_add (fx->paths, g_strdup (fd_test_module_get_path (module)));
    }
  g_mutex_unlock (&fx->mutex);
}

static void
usb_plug (UsbFixture *fx, const char *imei)
{
  usb_plug_some (fx, imei, 0, G_N_ELEMENTS (tray_ttys) - 1);
}

/* The sysfs ttys stop naming the old ptys: once freed, their numbers may
 * go to new ptys, which must not look like the old interfaces. */
static void
usb_unmap (UsbFixture *fx)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tray_ttys); i++)
    fd_test_sysfs_unmap (fx->sysfs, tray_ttys[i]);
}

static void
usb_unplug (UsbFixture *fx)
{
  g_mutex_lock (&fx->mutex);
  g_ptr_array_set_size (fx->paths, 0);
  g_ptr_array_set_size (fx->modules, 0);
  usb_unmap (fx);
  g_mutex_unlock (&fx->mutex);
}

/* Unlists the device but keeps its ptys until the test ends: a wait under
 * way may have listed them just before, and a freed /dev/pts/N can go to
 * another process's pty at once. */
static void
usb_unlist (UsbFixture *fx)
{
  g_mutex_lock (&fx->mutex);
  g_ptr_array_set_size (fx->paths, 0);
  g_ptr_array_extend_and_steal (fx->retired, g_steal_pointer (&fx->modules));
  fx->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_test_module_free);
  usb_unmap (fx);
  g_mutex_unlock (&fx->mutex);
}

static FdTestModule *
usb_at_module (UsbFixture *fx)
{
  return g_ptr_array_index (fx->modules, 2);
}

static void
usb_set_up (UsbFixture *fx, gconstpointer data)
{
  fx->sysfs = fd_test_sysfs_copy ("tray");
  fx->modules = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_test_module_free);
  fx->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_test_module_free);
  fx->paths = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&fx->mutex);
  fx->enumerator = fd_port_enumerator_new ();
  fd_port_enumerator_set_sysfs_root (fx->enumerator, fx->sysfs);
  fd_port_enumerator_set_list_func (fx->enumerator, list_paths, fx, NULL);
}

static void
usb_tear_down (UsbFixture *fx, gconstpointer data)
{
  g_clear_object (&fx->enumerator);
  g_ptr_array_unref (fx->modules);
  g_ptr_array_unref (fx->retired);
  g_ptr_array_unref (fx->paths);
  g_mutex_clear (&fx->mutex);
  fd_test_sysfs_remove (fx->sysfs);
  g_free (fx->sysfs);
}

static FdModule *
usb_scan (UsbFixture *fx)
{
  g_autoptr(FdScanner) scanner = fd_scanner_new (fx->enumerator);
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;

  fd_scanner_set_command_timeout (scanner, QUICK_TIMEOUT_MS);
  modules = fd_scanner_scan (scanner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (modules->len, ==, 1);
  g_assert_cmpstr (fd_module_get_key (g_ptr_array_index (modules, 0)), ==, "usb:2-1#FX-0042");
  return g_object_ref (g_ptr_array_index (modules, 0));
}

static void
test_usb_back_on_new_nodes (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };
  GThread *thread;

  usb_plug (fx, imei_a);
  module = usb_scan (fx);
  reattach = fd_reattach_new (fx->enumerator, module);
  g_assert_true (fd_reattach_uses_usb_identity (reattach));

  usb_unplug (fx);
  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (1500 * 1000);
  usb_plug (fx, imei_a);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  /* the AT interface's new node, and nothing was said to the module: its
   * URCs are the job's */
  assert_port_is (waiter.new_port, usb_at_module (fx));
  for (guint i = 0; i < fx->modules->len; i++)
    g_assert_cmpuint (fd_test_module_count_commands (g_ptr_array_index (fx->modules, i)), ==, 0);
  waiter_clear (&waiter);
}

static void
test_usb_confirm_imei (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };
  GThread *thread;

  usb_plug (fx, imei_a);
  module = usb_scan (fx);
  reattach = fd_reattach_new (fx->enumerator, module);
  fd_reattach_set_confirm_imei (reattach, TRUE);

  /* a different module in the same socket is not taken for ours */
  usb_unplug (fx);
  usb_plug (fx, imei_b);
  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (1500 * 1000);
  usb_unlist (fx);
  usb_plug (fx, imei_a);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, usb_at_module (fx));
  waiter_clear (&waiter);
}

static FdTestModule *
usb_module_on (UsbFixture *fx, const char *tty_name)
{
  for (guint i = 0; i < fx->modules->len; i++)
    {
      FdTestModule *module = g_ptr_array_index (fx->modules, i);
      g_autofree char *dev = g_build_filename (fx->sysfs, "class", "tty", tty_name, "dev", NULL);
      g_autofree char *devnum = NULL;
      g_autofree char *module_devnum = NULL;
      struct stat st;

      g_assert_true (g_file_get_contents (dev, &devnum, NULL, NULL));
      g_assert_cmpint (stat (fd_test_module_get_path (module), &st), ==, 0);
      module_devnum = g_strdup_printf ("%u:%u", major (st.st_rdev), minor (st.st_rdev));
      if (g_str_equal (g_strchomp (devnum), module_devnum))
        return module;
    }
  g_error ("no module on %s", tty_name);
}

static void
test_usb_interfaces_one_by_one (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };
  GThread *thread;

  usb_plug (fx, imei_a);
  module = usb_scan (fx);
  reattach = fd_reattach_new (fx->enumerator, module);
  /* wide gaps between looks: the rest must come before the second look */
  fd_reattach_set_poll_interval (reattach, 3000);

  /* back, but only its DIAG and Modem ttys so far: not the AT one yet */
  usb_unplug (fx);
  usb_plug_some (fx, imei_a, 0, 1);
  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (500 * 1000);
  usb_plug_some (fx, imei_a, 2, 3);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, usb_module_on (fx, "ttyUSB12"));
  waiter_clear (&waiter);
}

static void
test_usb_interfaces_laid_out_anew (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  Waiter waiter = { 0 };

  usb_plug (fx, imei_a);
  module = usb_scan (fx);
  reattach = fd_reattach_new (fx->enumerator, module);

  /* the new firmware has no tty on the old AT interface any more: once
   * the device looks settled, its best candidate is taken */
  usb_unplug (fx);
  usb_plug_some (fx, imei_a, 0, 1);
  g_thread_join (waiter_start (&waiter, reattach, WAIT_MS));

  g_assert_no_error (waiter.error);
  assert_port_is (waiter.new_port, usb_module_on (fx, "ttyUSB11"));
  waiter_clear (&waiter);
}

static void
test_usb_not_openable_yet (UsbFixture *fx, gconstpointer data)
{
  g_autoptr(FdModule) module = NULL;
  g_autoptr(FdReattach) reattach = NULL;
  g_autoptr(FdSerialPort) holder = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  GThread *thread;

  usb_plug (fx, imei_a);
  module = usb_scan (fx);
  reattach = fd_reattach_new (fx->enumerator, module);

  /* back, but someone (ModemManager, say) has the AT port for a while */
  usb_unplug (fx);
  usb_plug (fx, imei_a);
  holder = fd_serial_port_open (fd_test_module_get_path (usb_at_module (fx)), 0, &error);
  g_assert_no_error (error);
  thread = waiter_start (&waiter, reattach, WAIT_MS);
  g_usleep (1500 * 1000);
  g_clear_object (&holder);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  /* it waited for the port to be free */
  g_assert_cmpint (waiter.elapsed_us, >=, 1500 * 1000);
  assert_port_is (waiter.new_port, usb_at_module (fx));
  waiter_clear (&waiter);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_USB(path, func) \
  g_test_add (path, UsbFixture, NULL, usb_set_up, func, usb_tear_down)

  ADD ("/core/reattach/virtual/recreated-under-another-name", test_recreated_under_another_name);
  ADD ("/core/reattach/virtual/same-port-after-silence", test_same_port_after_silence);
  ADD ("/core/reattach/virtual/another-module-on-the-old-port",
       test_another_module_on_the_old_port);
  ADD ("/core/reattach/virtual/without-imei-by-key", test_without_imei_by_key);
  ADD ("/core/reattach/virtual/timeout", test_timeout);
  ADD ("/core/reattach/virtual/cancel", test_cancel);
  ADD ("/core/reattach/for-port", test_for_port);
  ADD ("/core/reattach/flow-hook", test_flow_hook);
  ADD_USB ("/core/reattach/usb/back-on-new-nodes", test_usb_back_on_new_nodes);
  ADD_USB ("/core/reattach/usb/confirm-imei", test_usb_confirm_imei);
  ADD_USB ("/core/reattach/usb/interfaces-one-by-one", test_usb_interfaces_one_by_one);
  ADD_USB ("/core/reattach/usb/interfaces-laid-out-anew", test_usb_interfaces_laid_out_anew);
  ADD_USB ("/core/reattach/usb/not-openable-yet", test_usb_not_openable_yet);

  return g_test_run ();
}
