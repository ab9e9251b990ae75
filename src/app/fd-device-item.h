/* fd-device-item.h — one module in the device list, as the window shows it
 *
 * The identity a scan found (model, IMEI, revision, port, dialects, the
 * model table's row), what stands in the way if anything does, and
 * whether the user picked it for the batch. Filled from the scanner's
 * results; the window never talks AT itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-models.h"
#include "fd-module.h"

G_BEGIN_DECLS

typedef enum
{
  FD_DEVICE_STATE_IDENTIFYING, /* seen, not identified yet */
  FD_DEVICE_STATE_READY,       /* identified and usable */
  FD_DEVICE_STATE_PROBLEM,     /* busy, no permission, no AT answer, … */
  FD_DEVICE_STATE_GONE,        /* unplugged */
} FdDeviceState;

#define FD_TYPE_DEVICE_ITEM (fd_device_item_get_type ())
G_DECLARE_FINAL_TYPE (FdDeviceItem, fd_device_item, FD, DEVICE_ITEM, GObject)

/* @key is stable across rescans (fd_device_group_get_key()). */
FdDeviceItem *fd_device_item_new (const char *key);
/* An item showing what the scanner found out about @module. */
FdDeviceItem *fd_device_item_new_for_module (FdModule *module);
/* Takes @module's identity, port, problem and warning (a rescan found the
 * same device again). */
void fd_device_item_set_module (FdDeviceItem *self, FdModule *module);
/* The scanner's module, or NULL for an item made by hand. */
FdModule *fd_device_item_get_module (FdDeviceItem *self);
/* A short title for people of a scanner's problem: "Port busy". */
const char *fd_module_problem_get_title (FdModuleProblem problem);

const char *fd_device_item_get_key (FdDeviceItem *self);

/* Who the module is; NULL when it did not say. */
void fd_device_item_set_identity (FdDeviceItem *self, const char *manufacturer, const char *model,
                                  const char *revision, const char *imei, FdDialect dialects);
const char *fd_device_item_get_manufacturer (FdDeviceItem *self);
const char *fd_device_item_get_model (FdDeviceItem *self);
const char *fd_device_item_get_revision (FdDeviceItem *self);
const char *fd_device_item_get_imei (FdDeviceItem *self);
FdDialect   fd_device_item_get_dialects (FdDeviceItem *self);
/* The model table's row for the reported model (the unknown row when
 * the model is unknown or unread); never NULL. */
const FdModel *fd_device_item_get_model_row (FdDeviceItem *self);

/* Some capability of the module's row depends on a sub-model the module
 * did not report (an ML307A without its -DSLN / -DCLN suffix). */
gboolean fd_device_item_needs_confirmation (FdDeviceItem *self);
/* The user says which sub-model the module is (the label on it): its
 * capabilities become that row's. Fails, naming the choices, when
 * @sub_model is not a refinement of what the module reported. A new
 * identification forgets it. */
gboolean fd_device_item_confirm_model (FdDeviceItem *self, const char *sub_model, GError **error);
const char *fd_device_item_get_confirmed_model (FdDeviceItem *self);

/* For people: the model once known, before that what the port is. */
void        fd_device_item_set_title (FdDeviceItem *self, const char *title);
const char *fd_device_item_get_title (FdDeviceItem *self);

/* The port to open (the AT port). */
void        fd_device_item_set_port (FdDeviceItem *self, const char *port);
const char *fd_device_item_get_port (FdDeviceItem *self);

void          fd_device_item_set_state (FdDeviceItem *self, FdDeviceState state);
FdDeviceState fd_device_item_get_state (FdDeviceItem *self);
/* What is wrong, short ("Port busy"), and what to do, translated; used
 * with FD_DEVICE_STATE_PROBLEM. */
void        fd_device_item_set_problem (FdDeviceItem *self, const char *title, const char *message);
const char *fd_device_item_get_problem_title (FdDeviceItem *self);
const char *fd_device_item_get_problem_message (FdDeviceItem *self);
/* Which problem it is (the scanner's kind): busy and no permission have
 * fixes on the computer. FD_MODULE_PROBLEM_NONE when there is none. */
void            fd_device_item_set_problem_kind (FdDeviceItem *self, FdModuleProblem kind);
FdModuleProblem fd_device_item_get_problem_kind (FdDeviceItem *self);
/* A caution that does not stop use (unknown model …), or NULL. */
void        fd_device_item_set_warning (FdDeviceItem *self, const char *warning);
const char *fd_device_item_get_warning (FdDeviceItem *self);

/* Ready modules only; selecting any other is ignored. */
void     fd_device_item_set_selected (FdDeviceItem *self, gboolean selected);
gboolean fd_device_item_get_selected (FdDeviceItem *self);
gboolean fd_device_item_get_selectable (FdDeviceItem *self);

/* A module in a running batch keeps its row and may not be rescanned
 * away until the batch lets go of it. */
void     fd_device_item_set_busy_in_batch (FdDeviceItem *self, gboolean busy);
gboolean fd_device_item_get_busy_in_batch (FdDeviceItem *self);

/* The port for people: "ttyUSB2", or the link it was found under. */
char *fd_device_item_dup_port_name (FdDeviceItem *self);

/* "rev … · ttyUSB2": the module's firmware and port, for people. */
char *fd_device_item_dup_details (FdDeviceItem *self);

G_END_DECLS
