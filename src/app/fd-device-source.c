/* fd-device-source.c — scans, hot-plug and the ModemManager check
 *
 * Hot-plug is polling: udev is not visible inside a Flatpak sandbox, and
 * listing the ports is cheap (sysfs is in memory). A module that leaves
 * while a batch holds it keeps its row, marked gone, so that the batch
 * can show what happened; any other is dropped from the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-device-source.h"
#include "fd-modem-manager.h"
#include "fd-port-enumerator.h"
#include "fd-port-info.h"

struct _FdDeviceSource
{
  GObject parent_instance;

  FdDeviceList     *list;
  FdPortEnumerator *enumerator;
  GCancellable     *cancellable;
  guint             poll_ms;
  guint             poll_id;
  gboolean          started;
  gboolean          scanning;
  gboolean          rescan_pending;
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

static void scan (FdDeviceSource *self);

static void
fd_device_source_dispose (GObject *object)
{
  FdDeviceSource *self = FD_DEVICE_SOURCE (object);

  fd_device_source_stop (self);
  g_clear_object (&self->list);
  g_clear_object (&self->enumerator);
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
fd_device_source_init (FdDeviceSource *self)
{
  self->enumerator = fd_port_enumerator_new ();
  self->poll_ms = FD_DEVICE_SOURCE_DEFAULT_POLL_MS;
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
  self->poll_ms = interval_ms;
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

/* ---- scans --------------------------------------------------------------- */

static const char *
first_candidate (FdDeviceGroup *group)
{
  GPtrArray *candidates = fd_device_group_get_at_candidates (group);

  if (candidates->len == 0)
    return NULL;
  return fd_port_info_get_path (g_ptr_array_index (candidates, 0));
}

static FdDeviceItem *
item_for_group (FdDeviceGroup *group)
{
  FdDeviceItem *item = fd_device_item_new (fd_device_group_get_key (group));

  fd_device_item_set_title (item, fd_device_group_get_title (group));
  fd_device_item_set_port (item, first_candidate (group));
  if (fd_device_group_is_download_mode (group))
    {
      fd_device_item_set_state (item, FD_DEVICE_STATE_PROBLEM);
      fd_device_item_set_problem (item, _("Download mode"), fd_device_group_get_note (group));
    }
  else
    {
      fd_device_item_set_state (item, FD_DEVICE_STATE_IDENTIFYING);
    }
  return item;
}

static gboolean
groups_have_key (GPtrArray *groups, const char *key)
{
  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (fd_device_group_get_key (g_ptr_array_index (groups, i)), key) == 0)
      return TRUE;
  return FALSE;
}

/* Rows for modules that left go away, except those a batch still holds. */
static void
drop_departed (FdDeviceSource *self, GPtrArray *groups)
{
  g_autoptr(GPtrArray) keys = fd_device_list_dup_keys (self->list);

  for (guint i = 0; i < keys->len; i++)
    {
      const char   *key = g_ptr_array_index (keys, i);
      FdDeviceItem *item = fd_device_list_lookup (self->list, key);

      if (groups_have_key (groups, key))
        continue;
      if (fd_device_item_get_busy_in_batch (item))
        fd_device_item_set_state (item, FD_DEVICE_STATE_GONE);
      else
        fd_device_list_remove (self->list, key);
    }
}

static void
merge_groups (FdDeviceSource *self, GPtrArray *groups)
{
  drop_departed (self, groups);
  for (guint i = 0; i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);
      FdDeviceItem  *item = fd_device_list_lookup (self->list, fd_device_group_get_key (group));
      g_autoptr(FdDeviceItem) fresh = NULL;

      if (item != NULL)
        {
          if (fd_device_item_get_state (item) == FD_DEVICE_STATE_GONE)
            fd_device_item_set_state (item, FD_DEVICE_STATE_IDENTIFYING);
          continue;
        }
      fresh = item_for_group (group);
      fd_device_list_add (self->list, fresh);
    }
}

static gboolean
poll_cb (gpointer user_data)
{
  FdDeviceSource *self = user_data;

  self->poll_id = 0;
  scan (self);
  return G_SOURCE_REMOVE;
}

static void
set_scanning (FdDeviceSource *self, gboolean scanning)
{
  if (self->scanning == scanning)
    return;
  self->scanning = scanning;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SCANNING]);
}

static void
enumerate_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(FdDeviceSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups
      = fd_port_enumerator_enumerate_finish (FD_PORT_ENUMERATOR (object), result, &error);

  if (groups == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Listing serial ports failed: %s", error->message);
      set_scanning (self, FALSE);
      return;
    }
  merge_groups (self, groups);
  self->n_scans++;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_SCANS]);
  set_scanning (self, FALSE);
  if (!self->started)
    return;
  if (self->rescan_pending)
    {
      self->rescan_pending = FALSE;
      scan (self);
    }
  else if (self->poll_ms > 0 && self->poll_id == 0)
    {
      self->poll_id = g_timeout_add (self->poll_ms, poll_cb, self);
    }
}

static void
scan (FdDeviceSource *self)
{
  if (self->scanning)
    {
      self->rescan_pending = TRUE;
      return;
    }
  g_clear_handle_id (&self->poll_id, g_source_remove);
  set_scanning (self, TRUE);
  fd_port_enumerator_enumerate_async (self->enumerator, self->cancellable, enumerate_done,
                                      g_object_ref (self));
}

void
fd_device_source_start (FdDeviceSource *self)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  if (self->started)
    return;
  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  check_modem_manager (self);
  scan (self);
}

void
fd_device_source_stop (FdDeviceSource *self)
{
  g_return_if_fail (FD_IS_DEVICE_SOURCE (self));
  self->started = FALSE;
  self->rescan_pending = FALSE;
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  scan (self);
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
