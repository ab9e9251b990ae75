/* fd-port-access-dialog.h — how to fix port access on this computer
 *
 * FotaDesk's udev rule (its text, and the one command that installs or
 * applies it), joining the port's group, stopping ModemManager, removing
 * brltty: each as a command to copy into a terminal. In Flatpak a banner
 * says they are for a terminal on the host. Reached from the main menu
 * (every fix) and from a module that is busy or may not be opened (the
 * fixes for that).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-host-fixes.h"

G_BEGIN_DECLS

typedef enum
{
  FD_PORT_ACCESS_ALL,        /* every fix */
  FD_PORT_ACCESS_PERMISSION, /* the user may not open a port */
  FD_PORT_ACCESS_BUSY,       /* another program holds a port */
} FdPortAccessTopic;

/* "all", "permission", "busy"; anything else is all. */
FdPortAccessTopic fd_port_access_topic_from_string (const char *topic);
const char       *fd_port_access_topic_to_string (FdPortAccessTopic topic);

/* The udev rule as FotaDesk ships it (from the GResource, so it is there
 * in Flatpak too). */
char *fd_port_access_dup_rule_text (void);

#define FD_TYPE_PORT_ACCESS_DIALOG (fd_port_access_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FdPortAccessDialog, fd_port_access_dialog, FD, PORT_ACCESS_DIALOG, AdwWindow)

/* The fixes for @topic on @fixes' computer; @port (NULL for none) is the
 * port in question, whose group is the one to join. */
GtkWidget        *fd_port_access_dialog_new (FdHostFixes *fixes, FdPortAccessTopic topic,
                                             const char *port);
FdHostFixes      *fd_port_access_dialog_get_fixes (FdPortAccessDialog *self);
FdPortAccessTopic fd_port_access_dialog_get_topic (FdPortAccessDialog *self);

G_END_DECLS
