/* fd-port-info-private.h — FdPortInfo's fields, for the code that builds it
 *
 * Only the sysfs reader, the enumerator and the grouping code fill these;
 * everyone else reads through the getters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-port-info.h"

G_BEGIN_DECLS

struct _FdPortInfo
{
  GObject         parent_instance;

  char           *path;
  GStrv           aliases;
  char           *tty_name;
  FdPortTransport transport;
  char           *driver;
  char           *sysfs_path;

  guint16         vid;
  guint16         pid;
  char           *usb_serial;
  char           *manufacturer;
  char           *product;
  char           *usb_path;
  int             interface_number;
  char           *interface_name;

  FdAtHint        at_hint;
};

/* Takes @aliases (sorted here). */
void fd_port_info_take_aliases (FdPortInfo *self, GStrv aliases);

G_END_DECLS
