/* fd-device-source.c — the device list, kept by the core's monitor
 *
 * The monitor (fd-device-monitor.h) polls the port list, identifies what
 * is new and reports modules added, removed and changed; this turns them
 * into rows. A module that leaves while a batch holds it keeps its row,
 * marked gone, so that the batch can show what happened; any other row
 * goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-device-monitor.h"
#include "fd-device-source.h"
#include "fd-modem-manager.h"

struct _FdDeviceSource
{
  GObject parent_instance;

  FdDeviceList     *list;
  FdPortEnumerator *enumerator;
  FdScanner        *scanner;
  FdDeviceMonitor  *monitor;
  GCancellable     *cancellable;
  gboolean          started;
  gboolean          scanning;
  guint             n_scans;
  char             *mm_advice;
};

G_DEFINE_FINAL_TYPE (FdDeviceSource, fd_device_source, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SCANNING,
  PROP_MODEM_MANAGER_ADVICE,
  PROP_N_SCANS,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void
fd_device_source_dispose (GObject *object)
{
  FdDeviceSource *self = FD_DEVICE_SOURCE (object);

  fd_device_source_stop (self);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->scanner);
  g_clear_object (&self->enumerator);
  g_clear_object (&self->list);
  G_OBJECT_CLASS (fd_device_source_parent_class)->dispose (object);
}

static void
fd_device_source_finalize (GObject *object)
{
  FdDeviceSource *self = FD_DEVICE_SOURCE (object);

  g_free (self->mm_advice);
  G_OBJECT_CLASS (fd_device_source_parent_class)->finalize (object);
}

static void
fd_device_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdDeviceSource *self = FD_DEVICE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SCANNING:
      g_value_set_boolean (value, self->scanning);
      break;
    case PROP_MODEM_MANAGER_ADVICE:
      g_value_set_string (value, self->mm_advice);
      break;
    case PROP_N_SCANS:
      g_value_set_uint (value, self->n_scans);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_device_source_class_init (FdDeviceSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_device_source_dispose;
  object_class->finalize = fd_device_source_finalize;
  object_class->get_property = fd_device_source_get_property;

  props[PROP_SCANNING] = g_param_spec_boolean ("scanning", NULL, NULL, FALSE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_MODEM_MANAGER_ADVICE] = g_param_spec_string (
      "modem-manager-advice", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_N_SCANS] = g_param_spec_uint ("n-scans", NULL, NULL, 0, G_MAXUINT, 0,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
set_scanning (FdDeviceSource *self, gboolean scanning)
{
  if (self->scanning == scanning)
    return;
  self->scanning = scanning;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SCANNING]);
}

/* ---- the monitor's reports ----------------------------------------------- */

static void
on_module_added (FdDeviceMonitor *monitor, FdModule *module, FdDeviceSource *self)
{
  FdDeviceItem *item = fd_device_list_lookup (self->list, fd_module_get_key (module));
  g_autoptr(FdDeviceItem) fresh = NULL;

  if (item != NULL)
    {
      fd_device_item_set_module (item, module);
      return;
    }
  fresh = fd_device_item_new_for_module (module);
  fd_device_list_add (self->list, fresh);
}

static void
on_module_removed (FdDeviceMonitor *monitor, FdModule *module, FdDeviceSource *self)
{
  const char   *key = fd_module_get_key (module);
  FdDeviceItem *item = fd_device_list_lookup (self->list, key);

  if (item == NULL)
    return;
  if (fd_device_item_get_busy_in_batch (item))
    fd_device_item_set_state (item, FD_DEVICE_STATE_GONE);
  else
    fd_device_list_remove (self->list, key);
}

static void
on_module_changed (FdDeviceMonitor *monitor, FdModule *old_module, FdModule *new_module,
                   FdDeviceSource *self)
{
  on_module_added (monitor, new_module, self);
}

static void
on_refreshed (FdDeviceMonitor *monitor, FdDeviceSource *self)
{
  self->n_scans++;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_SCANS]);
  set_scanning (self, FALSE);
}

static void
fd_device_source_init (FdDeviceSource *self)
{
  self->enumerator = fd_port_enumerator_new ();
  self->scanner = fd_scanner_new (self->enumerator);
  self->monitor = fd_device_monitor_new (self->scanner);
  g_signal_connect (self->monitor, "module-added", G_CALLBACK (on_module_added), self);
  g_signal_connect (self->monitor, "module-removed", G_CALLBACK (on_module_removed), self);
  g_signal_connect (self->monitor, "module-changed", G_CALLBACK (on_module_changed), self);
  g_signal_connect (self->monitor, "refreshed", G_CALLBACK (on_refreshed), self);
}

FdDeviceSource *
fd_device_source_new (FdDeviceList *list)
{
  FdDeviceSource *self = g_object_new (FD_TYPE_DEVICE_SOURCE, NULL);

  self->list = g_object_ref (list);
  return self;
}

void
fd_device_source_set_globs (FdDeviceSource *self, const char *const *globs)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  fd_port_enumerator_set_globs (self->enumerator, globs);
}

void
fd_device_source_set_globs_only (FdDeviceSource *self, gboolean globs_only)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  if (globs_only)
    fd_port_enumerator_set_list_func (self->enumerator, NULL, NULL, NULL);
  else
    fd_port_enumerator_set_list_func (self->enumerator, fd_port_list_system_ports, NULL, NULL);
}

void
fd_device_source_set_poll_interval (FdDeviceSource *self, guint interval_ms)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  fd_device_monitor_set_interval (self->monitor, interval_ms);
}

FdPortEnumerator *
fd_device_source_get_enumerator (FdDeviceSource *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_SOURCE (self), NULL);
  return self->enumerator;
}

/* ---- ModemManager -------------------------------------------------------- */

static void
mm_check_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  FdModemManagerState state = fd_modem_manager_get_state (0, cancellable);

  g_task_return_pointer (task, fd_modem_manager_get_advice (state), g_free);
}

static void
mm_check_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  FdDeviceSource  *self = FD_DEVICE_SOURCE (object);
  g_autofree char *advice = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_strcmp0 (advice, self->mm_advice) == 0)
    return;
  g_free (self->mm_advice);
  self->mm_advice = g_steal_pointer (&advice);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODEM_MANAGER_ADVICE]);
}

static void
check_modem_manager (FdDeviceSource *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, mm_check_done, NULL);

  g_task_set_source_tag (task, check_modem_manager);
  g_task_run_in_thread (task, mm_check_thread);
}

/* ---- control ------------------------------------------------------------- */

void
fd_device_source_start (FdDeviceSource *self)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  if (self->started)
    return;
  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  check_modem_manager (self);
  set_scanning (self, TRUE);
  fd_device_monitor_start (self->monitor);
}

void
fd_device_source_stop (FdDeviceSource *self)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  if (!self->started)
    return;
  self->started = FALSE;
  fd_device_monitor_stop (self->monitor);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_scanning (self, FALSE);
}

void
fd_device_source_rescan (FdDeviceSource *self)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  if (!self->started)
    {
      fd_device_source_start (self);
      return;
    }
  check_modem_manager (self);
  set_scanning (self, TRUE);
  fd_device_monitor_rescan (self->monitor);
}

void
fd_device_source_hold (FdDeviceSource *self, FdDeviceItem *item)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  fd_device_monitor_inhibit (self->monitor, fd_device_item_get_key (item));
}

void
fd_device_source_release (FdDeviceSource *self, FdDeviceItem *item)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  fd_device_monitor_uninhibit (self->monitor, fd_device_item_get_key (item));
}

FdReattach *
fd_device_source_new_reattach (FdDeviceSource *self, FdDeviceItem *item)
{
  FdModule *module = fd_device_item_get_module (item);

  g_return_val_if_fail (FD_IS_DEVICE_SOURCE (self), NULL);
  if (module == NULL)
    return NULL;
  return fd_reattach_new (self->enumerator, module);
}

gboolean
fd_device_source_get_scanning (FdDeviceSource *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_SOURCE (self), FALSE);
  return self->scanning;
}

const char *
fd_device_source_get_modem_manager_advice (FdDeviceSource *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_SOURCE (self), NULL);
  return self->mm_advice;
}

guint
fd_device_source_get_n_scans (FdDeviceSource *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_SOURCE (self), 0);
  return self->n_scans;
}
