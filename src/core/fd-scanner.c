/* fd-scanner.c — find every module: enumerate, identify in parallel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-modem-manager.h"
#include "fd-module-private.h"
#include "fd-port-probe.h"
#include "fd-scanner.h"

struct _FdScanner
{
  GObject           parent_instance;

  FdPortEnumerator *enumerator;
  guint             command_timeout_ms; /* atomic */
  guint             max_parallel;       /* atomic */
};

G_DEFINE_FINAL_TYPE (FdScanner, fd_scanner, G_TYPE_OBJECT)

static void
fd_scanner_finalize (GObject *object)
{
  FdScanner *self = FD_SCANNER (object);

  g_clear_object (&self->enumerator);

  G_OBJECT_CLASS (fd_scanner_parent_class)->finalize (object);
}

static void
fd_scanner_class_init (FdScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_scanner_finalize;
}

static void
fd_scanner_init (FdScanner *self)
{
}

FdScanner *
fd_scanner_new (FdPortEnumerator *enumerator)
{
  FdScanner *self;

  g_return_val_if_fail (enumerator == NULL || FD_IS_PORT_ENUMERATOR (enumerator), NULL);

  self = g_object_new (FD_TYPE_SCANNER, NULL);
  self->enumerator = enumerator != NULL ? g_object_ref (enumerator) : fd_port_enumerator_new ();
  return self;
}

FdPortEnumerator *
fd_scanner_get_enumerator (FdScanner *self)
{
  g_return_val_if_fail (FD_IS_SCANNER (self), NULL);
  return self->enumerator;
}

void
fd_scanner_set_command_timeout (FdScanner *self, guint timeout_ms)
{
  g_return_if_fail (FD_IS_SCANNER (self));
  g_atomic_int_set (&self->command_timeout_ms, timeout_ms);
}

guint
fd_scanner_get_command_timeout (FdScanner *self)
{
  g_return_val_if_fail (FD_IS_SCANNER (self), 0);
  return (guint) g_atomic_int_get (&self->command_timeout_ms);
}

void
fd_scanner_set_max_parallel (FdScanner *self, guint max_parallel)
{
  g_return_if_fail (FD_IS_SCANNER (self));
  g_atomic_int_set (&self->max_parallel, max_parallel);
}

guint
fd_scanner_get_max_parallel (FdScanner *self)
{
  g_return_val_if_fail (FD_IS_SCANNER (self), 0);
  return (guint) g_atomic_int_get (&self->max_parallel);
}

/* ---- choosing each device's AT port --------------------------------------- */

/* One device while its candidates are probed. */
typedef struct {
  FdDeviceGroup *group;
  GArray        *probes; /* probe-set index of candidate i, best-ranked first */
  int            chosen; /* the candidate that answered as a module, or -1 */
  gboolean       decided;
} Device;

typedef struct {
  GPtrArray *devices;  /* of Device */
  GArray    *owner;    /* probe-set index → device index */
} Scan;

static void
device_free (gpointer data)
{
  Device *device = data;

  g_object_unref (device->group);
  g_array_unref (device->probes);
  g_free (device);
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->devices, g_ptr_array_unref);
  g_clear_pointer (&scan->owner, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

static gboolean
answered_as_module (FdProbeSet *set, guint index)
{
  FdProbeResult *result = fd_probe_set_get_result (set, index);

  return fd_probe_set_is_done (set, index) && !result->cancelled &&
         result->problem == FD_MODULE_PROBLEM_NONE;
}

/* Decided once the best-ranked answer is known: a candidate answered and
 * every better-ranked one has finished without answering. The worse-ranked
 * ones are then stopped: they can no longer change the choice. */
static void
decide (FdProbeSet *set, Device *device)
{
  for (guint i = 0; i < device->probes->len; i++)
    {
      guint index = g_array_index (device->probes, guint, i);

      if (!fd_probe_set_is_done (set, index))
        return;
      if (!answered_as_module (set, index))
        continue;
      device->chosen = (int) i;
      device->decided = TRUE;
      for (guint j = i + 1; j < device->probes->len; j++)
        fd_probe_set_cancel (set, g_array_index (device->probes, guint, j));
      return;
    }
  device->decided = TRUE; /* every candidate finished, none answered */
}

static void
on_probe_done (FdProbeSet *set, guint index, gpointer user_data)
{
  Scan *scan = user_data;
  Device *device = g_ptr_array_index (scan->devices, g_array_index (scan->owner, guint, index));

  if (!device->decided)
    decide (set, device);
}

/* Adds the candidates rank by rank (every device's best first), so with
 * fewer threads than ports the likely AT ports are asked first. */
static void
add_probes (Scan *scan, FdProbeSet *set)
{
  gboolean more = TRUE;

  for (guint rank = 0; more; rank++)
    {
      more = FALSE;
      for (guint d = 0; d < scan->devices->len; d++)
        {
          Device *device = g_ptr_array_index (scan->devices, d);
          GPtrArray *candidates = fd_device_group_get_at_candidates (device->group);
          guint index;

          if (rank >= candidates->len)
            continue;
          more = TRUE;
          index = fd_probe_set_add (set,
                                    fd_port_info_get_open_path (g_ptr_array_index (candidates, rank)));
          g_array_append_val (device->probes, index);
          g_array_append_val (scan->owner, d);
        }
    }
}

/* ---- from probe results to modules ------------------------------------- */

/* Without a port that answered as a module: the worst problem among the
 * candidates (the enum is ordered worst first), and the port that at
 * least answered AT, if one did. */
static FdModule *
module_without_answer (FdProbeSet *set, Device *device)
{
  FdProbeResult *worst = NULL;
  FdPortInfo *at_port = NULL;
  GPtrArray *candidates = fd_device_group_get_at_candidates (device->group);

  for (guint i = 0; i < device->probes->len; i++)
    {
      guint index = g_array_index (device->probes, guint, i);
      FdProbeResult *result = fd_probe_set_get_result (set, index);

      if (result->cancelled)
        continue;
      if (worst == NULL || result->problem < worst->problem)
        {
          worst = result;
          at_port = result->identity.answered_at ? g_ptr_array_index (candidates, i) : NULL;
        }
    }
  if (worst == NULL)
    return fd_module_new (device->group, NULL, NULL, FD_MODULE_PROBLEM_NOT_A_MODEM,
                          _("This device has no port that could carry AT commands."));
  return fd_module_new (device->group, at_port, at_port != NULL ? &worst->identity : NULL,
                        worst->problem, worst->message);
}

static FdModule *
module_for_device (FdProbeSet *set, Device *device)
{
  GPtrArray *candidates = fd_device_group_get_at_candidates (device->group);
  FdProbeResult *result;

  if (fd_device_group_is_download_mode (device->group))
    return fd_module_new (device->group, NULL, NULL, FD_MODULE_PROBLEM_DOWNLOAD_MODE,
                          fd_device_group_get_note (device->group));
  if (device->chosen < 0)
    return module_without_answer (set, device);
  result = fd_probe_set_get_result (set, g_array_index (device->probes, guint, device->chosen));
  return fd_module_new (device->group, g_ptr_array_index (candidates, device->chosen),
                        &result->identity, FD_MODULE_PROBLEM_NONE, NULL);
}

/* A busy port with ModemManager running: say so, it is the likely holder. */
static void
add_modem_manager_advice (GPtrArray *modules, GCancellable *cancellable)
{
  g_autofree char *advice = NULL;

  for (guint i = 0; i < modules->len; i++)
    {
      FdModule *module = g_ptr_array_index (modules, i);
      g_autofree char *message = NULL;

      if (fd_module_get_problem (module) != FD_MODULE_PROBLEM_BUSY)
        continue;
      if (advice == NULL)
        advice = fd_modem_manager_get_advice (fd_modem_manager_get_state (0, cancellable));
      if (advice == NULL)
        return;
      /* Translators: two sentences shown one after the other (the busy
       * port, then advice about ModemManager); Chinese needs no space */
      message = g_strdup_printf (C_("sentences", "%s %s"), fd_module_get_problem_message (module),
                                 advice);
      g_ptr_array_index (modules, i) =
        fd_module_new (fd_module_get_group (module), fd_module_get_at_port (module),
                       fd_module_get_identity (module), FD_MODULE_PROBLEM_BUSY, message);
      g_object_unref (module);
    }
}

static void
scan_init (Scan *scan, GPtrArray *groups)
{
  scan->devices = g_ptr_array_new_with_free_func (device_free);
  scan->owner = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < groups->len; i++)
    {
      Device *device = g_new0 (Device, 1);

      device->group = g_object_ref (g_ptr_array_index (groups, i));
      device->probes = g_array_new (FALSE, FALSE, sizeof (guint));
      device->chosen = -1;
      g_ptr_array_add (scan->devices, device);
    }
}

GPtrArray *
fd_scanner_identify_groups (FdScanner    *self,
                            GPtrArray    *groups,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_auto(Scan) scan = { NULL };
  g_autoptr(FdProbeSet) set = NULL;
  g_autoptr(GPtrArray) modules = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FD_IS_SCANNER (self), NULL);
  g_return_val_if_fail (groups != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scan_init (&scan, groups);
  set = fd_probe_set_new (FD_PROBE_MODE_FULL, fd_scanner_get_command_timeout (self),
                          fd_scanner_get_max_parallel (self));
  add_probes (&scan, set);
  fd_probe_set_run (set, on_probe_done, &scan, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  for (guint d = 0; d < scan.devices->len; d++)
    g_ptr_array_add (modules, module_for_device (set, g_ptr_array_index (scan.devices, d)));
  add_modem_manager_advice (modules, cancellable);
  return g_steal_pointer (&modules);
}

GPtrArray *
fd_scanner_scan (FdScanner *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) groups = NULL;

  g_return_val_if_fail (FD_IS_SCANNER (self), NULL);

  groups = fd_port_enumerator_enumerate (self->enumerator, cancellable, error);
  if (groups == NULL)
    return NULL;
  return fd_scanner_identify_groups (self, groups, cancellable, error);
}

static void
scan_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *modules = fd_scanner_scan (source_object, cancellable, &error);

  if (modules == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, modules, (GDestroyNotify) g_ptr_array_unref);
}

void
fd_scanner_scan_async (FdScanner          *self,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FD_IS_SCANNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_scanner_scan_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, scan_thread);
}

GPtrArray *
fd_scanner_scan_finish (FdScanner *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (FD_IS_SCANNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, fd_scanner_scan_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
