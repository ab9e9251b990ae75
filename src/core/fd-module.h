/* fd-module.h — one module as a scan found it
 *
 * One FdModule per device group (fd-device-group.h): its ports, the AT
 * port the scan chose, who the module says it is, the dialects it
 * answered, its row of the model table, and what stands in the way if
 * anything does (busy, no permission, no AT answer, not a modem).
 * Immutable once made, so it crosses threads freely; only the "gone"
 * mark changes, when the device monitor sees the module leave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-device-group.h"
#include "fd-identify.h"
#include "fd-models.h"

G_BEGIN_DECLS

/* What keeps FotaDesk from talking to a module, worst first as a scan
 * reports it when several ports of one device fail differently. */
typedef enum {
  FD_MODULE_PROBLEM_NONE,
  FD_MODULE_PROBLEM_BUSY,              /* another program holds the port */
  FD_MODULE_PROBLEM_PERMISSION_DENIED, /* the user may not open the port */
  FD_MODULE_PROBLEM_DOWNLOAD_MODE,     /* a boot loader: no AT port at all */
  FD_MODULE_PROBLEM_NOT_A_MODEM,       /* talks, but not as a cellular module */
  FD_MODULE_PROBLEM_NO_AT_ANSWER,      /* silent */
  FD_MODULE_PROBLEM_GONE,              /* left while it was being identified */
  FD_MODULE_PROBLEM_IO,                /* any other failure to open or talk */
} FdModuleProblem;

/* "none", "busy", "permission-denied", "download-mode", "not-a-modem",
 * "no-at-answer", "gone", "io" (for JSON and logs). */
const char *fd_module_problem_to_string (FdModuleProblem problem);

#define FD_TYPE_MODULE (fd_module_get_type ())
G_DECLARE_FINAL_TYPE (FdModule, fd_module, FD, MODULE, GObject)

/* The device. */
FdDeviceGroup *fd_module_get_group (FdModule *self);
/* fd_device_group_get_key(): stable across re-enumerations. */
const char *fd_module_get_key (FdModule *self);
FdPortTransport fd_module_get_transport (FdModule *self);
/* TRUE when the USB identity is a USB-serial bridge's, not the module's. */
gboolean fd_module_is_behind_bridge (FdModule *self);

/* The port that answered AT (best-ranked of those that did), or NULL
 * when none did. Its path is what to open. */
FdPortInfo *fd_module_get_at_port (FdModule *self);
const char *fd_module_get_at_port_path (FdModule *self);
/* The AT port as people know it: the device node, or for a virtual port
 * (a simulator link, socat) its first link, the name that survives the
 * pty behind it being re-created. Also fine to open. A module that was
 * not probed (busy, no permission) is named by its best AT candidate;
 * NULL only for a device with no port at all. */
const char *fd_module_get_port_name (FdModule *self);

/* What the module said; NULL / FD_DIALECT_NONE when it did not say. */
const FdIdentity *fd_module_get_identity (FdModule *self);
const char *fd_module_get_manufacturer (FdModule *self);
const char *fd_module_get_model (FdModule *self);
const char *fd_module_get_revision (FdModule *self);
const char *fd_module_get_imei (FdModule *self);
FdDialect fd_module_get_dialects (FdModule *self);

/* The model table's row for the reported model; the most conservative
 * row (fd_models_get_unknown()) when the model is unknown or unread. */
const FdModel *fd_module_get_model_row (FdModule *self);

/* For people: "OneMO ML307A" once identified, the group's title before. */
const char *fd_module_get_title (FdModule *self);

/* FD_MODULE_PROBLEM_NONE and NULL when the module can be used. The
 * message is translated and says what to do. */
FdModuleProblem fd_module_get_problem (FdModule *self);
const char *fd_module_get_problem_message (FdModule *self);

/* A translated caution that does not stop use, e.g. an unknown model
 * limited to the most conservative options; NULL when there is none. */
const char *fd_module_get_warning (FdModule *self);

/* TRUE once the device monitor saw the module's ports go away.
 * Thread-safe. */
gboolean fd_module_is_gone (FdModule *self);
void fd_module_mark_gone (FdModule *self);

G_END_DECLS
