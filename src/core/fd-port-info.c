/* fd-port-info.c — what is known about one tty before it is opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "fd-port-info-private.h"

G_DEFINE_FINAL_TYPE (FdPortInfo, fd_port_info, G_TYPE_OBJECT)

static void
fd_port_info_finalize (GObject *object)
{
  FdPortInfo *self = FD_PORT_INFO (object);

  g_free (self->path);
  g_strfreev (self->aliases);
  g_free (self->tty_name);
  g_free (self->driver);
  g_free (self->sysfs_path);
  g_free (self->usb_serial);
  g_free (self->manufacturer);
  g_free (self->product);
  g_free (self->usb_path);
  g_free (self->interface_name);

  G_OBJECT_CLASS (fd_port_info_parent_class)->finalize (object);
}

static void
fd_port_info_class_init (FdPortInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_port_info_finalize;
}

static void
fd_port_info_init (FdPortInfo *self)
{
  self->aliases = g_new0 (char *, 1);
  self->transport = FD_PORT_TRANSPORT_VIRTUAL;
  self->interface_number = -1;
  self->at_hint = FD_AT_HINT_NONE;
}

FdPortInfo *
fd_port_info_new_virtual (const char *path)
{
  FdPortInfo *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FD_TYPE_PORT_INFO, NULL);
  self->path = g_strdup (path);
  return self;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

void
fd_port_info_take_aliases (FdPortInfo *self, GStrv aliases)
{
  g_return_if_fail (FD_IS_PORT_INFO (self));

  g_strfreev (self->aliases);
  self->aliases = aliases != NULL ? aliases : g_new0 (char *, 1);
  qsort (self->aliases, g_strv_length (self->aliases), sizeof (char *), compare_strings);
}

const char *
fd_port_info_get_path (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->path;
}

const char *const *
fd_port_info_get_aliases (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return (const char *const *) self->aliases;
}

const char *
fd_port_info_get_open_path (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  if (self->transport == FD_PORT_TRANSPORT_VIRTUAL && self->aliases[0] != NULL)
    return self->aliases[0];
  return self->path;
}

const char *
fd_port_info_get_tty_name (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->tty_name;
}

FdPortTransport
fd_port_info_get_transport (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), FD_PORT_TRANSPORT_VIRTUAL);
  return self->transport;
}

const char *
fd_port_info_get_driver (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->driver;
}

const char *
fd_port_info_get_sysfs_path (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->sysfs_path;
}

guint16
fd_port_info_get_vid (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), 0);
  return self->vid;
}

guint16
fd_port_info_get_pid (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), 0);
  return self->pid;
}

const char *
fd_port_info_get_usb_serial (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->usb_serial;
}

const char *
fd_port_info_get_manufacturer (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->manufacturer;
}

const char *
fd_port_info_get_product (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->product;
}

const char *
fd_port_info_get_usb_path (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->usb_path;
}

int
fd_port_info_get_interface_number (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), -1);
  return self->interface_number;
}

const char *
fd_port_info_get_interface_name (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), NULL);
  return self->interface_name;
}

FdAtHint
fd_port_info_get_at_hint (FdPortInfo *self)
{
  g_return_val_if_fail (FD_IS_PORT_INFO (self), FD_AT_HINT_NONE);
  return self->at_hint;
}
