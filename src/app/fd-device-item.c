/* fd-device-item.c — one module in the device list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-device-item.h"

struct _FdDeviceItem
{
  GObject parent_instance;

  char          *key;
  char          *title;
  char          *manufacturer;
  char          *model;
  char          *revision;
  char          *imei;
  char          *port;
  FdDialect      dialects;
  const FdModel *row;
  FdDeviceState  state;
  char          *problem_title;
  char          *problem_message;
  FdModuleProblem problem_kind;
  char          *warning;
  gboolean       selected;
  gboolean       busy_in_batch;
  FdModule      *module;
  char          *port_name; /* for people: the link it was found under */
  char          *confirmed_model; /* the sub-model the user confirmed, or NULL */
};

G_DEFINE_FINAL_TYPE (FdDeviceItem, fd_device_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KEY,
  PROP_TITLE,
  PROP_MODEL,
  PROP_IMEI,
  PROP_REVISION,
  PROP_PORT,
  PROP_DIALECTS,
  PROP_STATE,
  PROP_PROBLEM_TITLE,
  PROP_PROBLEM_MESSAGE,
  PROP_PROBLEM_KIND,
  PROP_WARNING,
  PROP_SELECTED,
  PROP_SELECTABLE,
  PROP_BUSY_IN_BATCH,
  PROP_DETAILS,
  PROP_CONFIRMED_MODEL,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void
fd_device_item_finalize (GObject *object)
{
  FdDeviceItem *self = FD_DEVICE_ITEM (object);

  g_free (self->key);
  g_free (self->title);
  g_free (self->manufacturer);
  g_free (self->model);
  g_free (self->revision);
  g_free (self->imei);
  g_free (self->port);
  g_free (self->problem_title);
  g_free (self->problem_message);
  g_free (self->warning);
  g_clear_object (&self->module);
  g_free (self->port_name);
  g_free (self->confirmed_model);
  G_OBJECT_CLASS (fd_device_item_parent_class)->finalize (object);
}

static void
fd_device_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdDeviceItem *self = FD_DEVICE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_IMEI:
      g_value_set_string (value, self->imei);
      break;
    case PROP_REVISION:
      g_value_set_string (value, self->revision);
      break;
    case PROP_PORT:
      g_value_set_string (value, self->port);
      break;
    case PROP_DIALECTS:
      g_value_set_uint (value, self->dialects);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PROBLEM_TITLE:
      g_value_set_string (value, self->problem_title);
      break;
    case PROP_PROBLEM_MESSAGE:
      g_value_set_string (value, self->problem_message);
      break;
    case PROP_PROBLEM_KIND:
      g_value_set_int (value, self->problem_kind);
      break;
    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;
    case PROP_SELECTABLE:
      g_value_set_boolean (value, fd_device_item_get_selectable (self));
      break;
    case PROP_BUSY_IN_BATCH:
      g_value_set_boolean (value, self->busy_in_batch);
      break;
    case PROP_DETAILS:
      g_value_take_string (value, fd_device_item_dup_details (self));
      break;
    case PROP_CONFIRMED_MODEL:
      g_value_set_string (value, self->confirmed_model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_device_item_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  FdDeviceItem *self = FD_DEVICE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;
    case PROP_SELECTED:
      fd_device_item_set_selected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
fd_device_item_class_init (FdDeviceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_device_item_finalize;
  object_class->get_property = fd_device_item_get_property;
  object_class->set_property = fd_device_item_set_property;

  props[PROP_KEY] = g_param_spec_string (
      "key", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_TITLE] = string_prop ("title");
  props[PROP_MODEL] = string_prop ("model");
  props[PROP_IMEI] = string_prop ("imei");
  props[PROP_REVISION] = string_prop ("revision");
  props[PROP_PORT] = string_prop ("port");
  props[PROP_DIALECTS] = g_param_spec_uint ("dialects", NULL, NULL, 0, G_MAXUINT, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, FD_DEVICE_STATE_GONE, 0,
                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_PROBLEM_TITLE] = string_prop ("problem-title");
  props[PROP_PROBLEM_MESSAGE] = string_prop ("problem-message");
  props[PROP_PROBLEM_KIND] = g_param_spec_int ("problem-kind", NULL, NULL, FD_MODULE_PROBLEM_NONE,
                                               FD_MODULE_PROBLEM_IO, FD_MODULE_PROBLEM_NONE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_WARNING] = string_prop ("warning");
  props[PROP_SELECTED]
      = g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_SELECTABLE] = g_param_spec_boolean ("selectable", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_BUSY_IN_BATCH] = g_param_spec_boolean ("busy-in-batch", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_DETAILS] = string_prop ("details");
  props[PROP_CONFIRMED_MODEL] = string_prop ("confirmed-model");
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
fd_device_item_init (FdDeviceItem *self)
{
  self->row = fd_models_get_unknown ();
}

FdDeviceItem *
fd_device_item_new (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return g_object_new (FD_TYPE_DEVICE_ITEM, "key", key, NULL);
}

const char *
fd_device_item_get_key (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->key;
}

/* Replaces *@field and notifies @prop when the value changes. */
static gboolean
update_string (FdDeviceItem *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  if (prop != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
  return TRUE;
}

void
fd_device_item_set_identity (FdDeviceItem *self, const char *manufacturer, const char *model,
                             const char *revision, const char *imei, FdDialect dialects)
{
  gboolean details;

  g_return_if_fail (FD_IS_DEVICE_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  update_string (self, &self->manufacturer, manufacturer, PROP_0);
  if (update_string (self, &self->model, model, PROP_MODEL))
    {
      self->row = fd_models_lookup (model);
      update_string (self, &self->confirmed_model, NULL, PROP_CONFIRMED_MODEL);
    }
  details = update_string (self, &self->revision, revision, PROP_REVISION);
  update_string (self, &self->imei, imei, PROP_IMEI);
  if (self->dialects != dialects)
    {
      self->dialects = dialects;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIALECTS]);
    }
  if (details)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DETAILS]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
fd_device_item_get_manufacturer (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->manufacturer;
}

const char *
fd_device_item_get_model (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->model;
}

const char *
fd_device_item_get_revision (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->revision;
}

const char *
fd_device_item_get_imei (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->imei;
}

FdDialect
fd_device_item_get_dialects (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FD_DIALECT_NONE);
  return self->dialects;
}

const FdModel *
fd_device_item_get_model_row (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), fd_models_get_unknown ());
  return self->row;
}

void
fd_device_item_set_title (FdDeviceItem *self, const char *title)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  update_string (self, &self->title, title, PROP_TITLE);
}

const char *
fd_device_item_get_title (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->title != NULL ? self->title : self->key;
}

void
fd_device_item_set_port (FdDeviceItem *self, const char *port)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  if (update_string (self, &self->port, port, PROP_PORT))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DETAILS]);
}

const char *
fd_device_item_get_port (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->port;
}

void
fd_device_item_set_state (FdDeviceItem *self, FdDeviceState state)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  if (self->state == state)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTABLE]);
  if (state != FD_DEVICE_STATE_READY && !self->busy_in_batch)
    fd_device_item_set_selected (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

FdDeviceState
fd_device_item_get_state (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FD_DEVICE_STATE_GONE);
  return self->state;
}

void
fd_device_item_set_problem (FdDeviceItem *self, const char *title, const char *message)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  update_string (self, &self->problem_title, title, PROP_PROBLEM_TITLE);
  update_string (self, &self->problem_message, message, PROP_PROBLEM_MESSAGE);
}

void
fd_device_item_set_problem_kind (FdDeviceItem *self, FdModuleProblem kind)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  if (self->problem_kind == kind)
    return;
  self->problem_kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROBLEM_KIND]);
}

FdModuleProblem
fd_device_item_get_problem_kind (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FD_MODULE_PROBLEM_NONE);
  return self->problem_kind;
}

const char *
fd_device_item_get_problem_title (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->problem_title;
}

const char *
fd_device_item_get_problem_message (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->problem_message;
}

void
fd_device_item_set_warning (FdDeviceItem *self, const char *warning)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  update_string (self, &self->warning, warning, PROP_WARNING);
}

const char *
fd_device_item_get_warning (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->warning;
}

void
fd_device_item_set_selected (FdDeviceItem *self, gboolean selected)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  selected = !!selected && fd_device_item_get_selectable (self);
  if (self->selected == selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTED]);
}

gboolean
fd_device_item_get_selected (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FALSE);
  return self->selected;
}

gboolean
fd_device_item_get_selectable (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FALSE);
  return self->state == FD_DEVICE_STATE_READY && !self->busy_in_batch;
}

void
fd_device_item_set_busy_in_batch (FdDeviceItem *self, gboolean busy)
{
  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  busy = !!busy;
  if (self->busy_in_batch == busy)
    return;
  self->busy_in_batch = busy;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY_IN_BATCH]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SELECTABLE]);
}

gboolean
fd_device_item_get_busy_in_batch (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FALSE);
  return self->busy_in_batch;
}

char *
fd_device_item_dup_details (FdDeviceItem *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);

  if (self->confirmed_model != NULL)
    /* Translators: the exact model the user confirmed for a module */
    g_ptr_array_add (parts, g_strdup_printf (_("confirmed %s"), self->confirmed_model));
  if (self->revision != NULL)
    /* Translators: the module's firmware revision in the device list */
    g_ptr_array_add (parts, g_strdup_printf (_("rev %s"), self->revision));
  if (self->port != NULL)
    g_ptr_array_add (parts, fd_device_item_dup_port_name (self));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

const char *
fd_module_problem_get_title (FdModuleProblem problem)
{
  switch (problem)
    {
    case FD_MODULE_PROBLEM_NONE:
      return NULL;
    case FD_MODULE_PROBLEM_BUSY:
      return _("Port busy");
    case FD_MODULE_PROBLEM_PERMISSION_DENIED:
      return _("No permission to open the port");
    case FD_MODULE_PROBLEM_DOWNLOAD_MODE:
      return _("In download mode");
    case FD_MODULE_PROBLEM_NOT_A_MODEM:
      return _("Not a cellular module");
    case FD_MODULE_PROBLEM_NO_AT_ANSWER:
      return _("No answer to AT");
    case FD_MODULE_PROBLEM_GONE:
      return _("Went away");
    case FD_MODULE_PROBLEM_IO:
    default:
      return _("Cannot talk to the module");
    }
}

char *
fd_device_item_dup_port_name (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  if (self->port_name != NULL)
    return g_strdup (self->port_name);
  return self->port != NULL ? g_path_get_basename (self->port) : NULL;
}

void
fd_device_item_set_module (FdDeviceItem *self, FdModule *module)
{
  FdModuleProblem problem = fd_module_get_problem (module);
  g_autofree char *port = g_strdup (fd_module_get_port_name (module));

  g_return_if_fail (FD_IS_DEVICE_ITEM (self));
  g_return_if_fail (FD_IS_MODULE (module));

  g_object_freeze_notify (G_OBJECT (self));
  g_set_object (&self->module, module);
  fd_device_item_set_identity (self, fd_module_get_manufacturer (module),
                               fd_module_get_model (module), fd_module_get_revision (module),
                               fd_module_get_imei (module), fd_module_get_dialects (module));
  /* The model alone: the maker is in the model string's row tooltip. */
  fd_device_item_set_title (self, fd_module_get_model (module) != NULL
                                    ? fd_module_get_model (module)
                                    : fd_module_get_title (module));
  /* The port name is what the CLI shows and opens too (a module that did
   * not answer is named by its best AT candidate); for a virtual port it
   * is the link, which survives the pty behind it being re-created. */
  g_free (self->port_name);
  self->port_name = port != NULL ? g_path_get_basename (port) : NULL;
  fd_device_item_set_port (self, port);
  fd_device_item_set_warning (self, fd_module_get_warning (module));
  fd_device_item_set_problem (self, fd_module_problem_get_title (problem),
                              fd_module_get_problem_message (module));
  fd_device_item_set_problem_kind (self, problem);
  fd_device_item_set_state (self, problem == FD_MODULE_PROBLEM_NONE ? FD_DEVICE_STATE_READY
                                                                    : FD_DEVICE_STATE_PROBLEM);
  g_object_thaw_notify (G_OBJECT (self));
}

FdDeviceItem *
fd_device_item_new_for_module (FdModule *module)
{
  FdDeviceItem *self = fd_device_item_new (fd_module_get_key (module));

  fd_device_item_set_module (self, module);
  return self;
}

FdModule *
fd_device_item_get_module (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->module;
}

gboolean
fd_device_item_needs_confirmation (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FALSE);
  for (FdCapability cap = 0; cap < FD_CAP_LAST; cap++)
    if (fd_model_supports (self->row, cap) == FD_SUPPORT_UNKNOWN)
      return TRUE;
  return FALSE;
}

gboolean
fd_device_item_confirm_model (FdDeviceItem *self, const char *sub_model, GError **error)
{
  const FdModel *row;

  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), FALSE);
  row = fd_models_confirm_sub_model (self->row, sub_model, error);
  if (row == NULL)
    return FALSE;
  self->row = row;
  update_string (self, &self->confirmed_model, sub_model, PROP_CONFIRMED_MODEL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DETAILS]);
  return TRUE;
}

const char *
fd_device_item_get_confirmed_model (FdDeviceItem *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_ITEM (self), NULL);
  return self->confirmed_model;
}
