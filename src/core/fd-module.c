/* fd-module.c — one module as a scan found it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-module-private.h"

struct _FdModule
{
  GObject          parent_instance;

  FdDeviceGroup   *group;
  FdPortInfo      *at_port;
  FdIdentity       identity;
  const FdModel   *model_row;
  char            *title;
  FdModuleProblem  problem;
  char            *problem_message;
  char            *warning;
  gint             gone; /* atomic */
};

G_DEFINE_FINAL_TYPE (FdModule, fd_module, G_TYPE_OBJECT)

static void
fd_module_finalize (GObject *object)
{
  FdModule *self = FD_MODULE (object);

  g_clear_object (&self->group);
  g_clear_object (&self->at_port);
  fd_identity_clear (&self->identity);
  g_free (self->title);
  g_free (self->problem_message);
  g_free (self->warning);

  G_OBJECT_CLASS (fd_module_parent_class)->finalize (object);
}

static void
fd_module_class_init (FdModuleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_module_finalize;
}

static void
fd_module_init (FdModule *self)
{
  self->model_row = fd_models_get_unknown ();
}

const char *
fd_module_problem_to_string (FdModuleProblem problem)
{
  switch (problem)
    {
    case FD_MODULE_PROBLEM_NONE:
      return "none";
    case FD_MODULE_PROBLEM_BUSY:
      return "busy";
    case FD_MODULE_PROBLEM_PERMISSION_DENIED:
      return "permission-denied";
    case FD_MODULE_PROBLEM_DOWNLOAD_MODE:
      return "download-mode";
    case FD_MODULE_PROBLEM_NOT_A_MODEM:
      return "not-a-modem";
    case FD_MODULE_PROBLEM_NO_AT_ANSWER:
      return "no-at-answer";
    case FD_MODULE_PROBLEM_GONE:
      return "gone";
    case FD_MODULE_PROBLEM_IO:
      return "io";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "OneMO ML307A"; the model alone when it already names the maker. */
static char *
make_title (FdModule *self)
{
  const char *maker = self->identity.manufacturer;
  const char *model = self->identity.model;

  if (model == NULL)
    return g_strdup (fd_device_group_get_title (self->group));
  if (maker == NULL || g_strstr_len (model, -1, maker) != NULL)
    return g_strdup (model);
  /* TRANSLATORS: maker and model, e.g. "China Mobile ML307A" */
  return g_strdup_printf (_("%s %s"), maker, model);
}

static char *
make_warning (FdModule *self)
{
  if (self->at_port == NULL || !fd_model_is_unknown (self->model_row))
    return NULL;
  if (self->identity.model == NULL)
    return g_strdup (_("The module did not tell its model: only the options every model "
                       "supports are offered."));
  return g_strdup_printf (_("FotaDesk does not know the model “%s”: only the options every "
                            "model supports are offered."),
                          self->identity.model);
}

FdModule *
fd_module_new (FdDeviceGroup    *group,
               FdPortInfo       *at_port,
               const FdIdentity *identity,
               FdModuleProblem   problem,
               const char       *problem_message)
{
  FdModule *self;

  g_return_val_if_fail (FD_IS_DEVICE_GROUP (group), NULL);
  g_return_val_if_fail (at_port == NULL || FD_IS_PORT_INFO (at_port), NULL);
  g_return_val_if_fail (problem == FD_MODULE_PROBLEM_NONE || problem_message != NULL, NULL);

  self = g_object_new (FD_TYPE_MODULE, NULL);
  self->group = g_object_ref (group);
  self->at_port = at_port != NULL ? g_object_ref (at_port) : NULL;
  if (identity != NULL)
    fd_identity_copy (identity, &self->identity);
  self->model_row = fd_models_lookup (self->identity.model);
  self->problem = problem;
  self->problem_message = g_strdup (problem_message);
  self->title = make_title (self);
  self->warning = make_warning (self);
  return self;
}

FdDeviceGroup *
fd_module_get_group (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->group;
}

const char *
fd_module_get_key (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return fd_device_group_get_key (self->group);
}

FdPortTransport
fd_module_get_transport (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), FD_PORT_TRANSPORT_VIRTUAL);
  return fd_device_group_get_transport (self->group);
}

gboolean
fd_module_is_behind_bridge (FdModule *self)
{
  const FdKnownDevice *known;

  g_return_val_if_fail (FD_IS_MODULE (self), FALSE);
  known = fd_device_group_get_known_device (self->group);
  return known != NULL && known->kind == FD_KNOWN_DEVICE_BRIDGE;
}

FdPortInfo *
fd_module_get_at_port (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->at_port;
}

const char *
fd_module_get_at_port_path (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->at_port != NULL ? fd_port_info_get_path (self->at_port) : NULL;
}

const char *
fd_module_get_port_name (FdModule *self)
{
  FdPortInfo *port;

  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  port = self->at_port;
  /* A module that could not be probed (busy, no permission …) has no AT
   * port yet: it is still named by the port FotaDesk would have used. */
  if (port == NULL && self->group != NULL)
    {
      GPtrArray *candidates = fd_device_group_get_at_candidates (self->group);
      GPtrArray *ports = fd_device_group_get_ports (self->group);

      if (candidates != NULL && candidates->len > 0)
        port = g_ptr_array_index (candidates, 0);
      else if (ports != NULL && ports->len > 0)
        port = g_ptr_array_index (ports, 0);
    }
  return port != NULL ? fd_port_info_get_open_path (port) : NULL;
}

const FdIdentity *
fd_module_get_identity (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return &self->identity;
}

const char *
fd_module_get_manufacturer (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->identity.manufacturer;
}

const char *
fd_module_get_model (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->identity.model;
}

const char *
fd_module_get_revision (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->identity.revision;
}

const char *
fd_module_get_imei (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->identity.imei;
}

FdDialect
fd_module_get_dialects (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), FD_DIALECT_NONE);
  return self->identity.dialects;
}

const FdModel *
fd_module_get_model_row (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->model_row;
}

const char *
fd_module_get_title (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->title;
}

FdModuleProblem
fd_module_get_problem (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), FD_MODULE_PROBLEM_IO);
  return self->problem;
}

const char *
fd_module_get_problem_message (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->problem_message;
}

const char *
fd_module_get_warning (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), NULL);
  return self->warning;
}

gboolean
fd_module_is_gone (FdModule *self)
{
  g_return_val_if_fail (FD_IS_MODULE (self), TRUE);
  return g_atomic_int_get (&self->gone) != 0;
}

void
fd_module_mark_gone (FdModule *self)
{
  g_return_if_fail (FD_IS_MODULE (self));
  g_atomic_int_set (&self->gone, 1);
}
