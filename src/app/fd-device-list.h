/* fd-device-list.h — the connected modules, as a GListModel of
 * FdDeviceItem in a stable order, and which of them are picked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-device-item.h"

G_BEGIN_DECLS

#define FD_TYPE_DEVICE_LIST (fd_device_list_get_type ())
G_DECLARE_FINAL_TYPE (FdDeviceList, fd_device_list, FD, DEVICE_LIST, GObject)

FdDeviceList *fd_device_list_new (void);

/* The item with @key, or NULL. */
FdDeviceItem *fd_device_list_lookup (FdDeviceList *self, const char *key);
/* Adds @item in key order (ports numbered as numbers); replaces an item
 * with the same key. */
void fd_device_list_add (FdDeviceList *self, FdDeviceItem *item);
void fd_device_list_remove (FdDeviceList *self, const char *key);
/* Every key, for a source that compares a new scan with the list. */
GPtrArray *fd_device_list_dup_keys (FdDeviceList *self);

/* The selected items in list order (new references). */
GPtrArray *fd_device_list_dup_selected (FdDeviceList *self);
guint      fd_device_list_count_selected (FdDeviceList *self);
guint      fd_device_list_count_ready (FdDeviceList *self);
void       fd_device_list_select_all (FdDeviceList *self, gboolean selected);
/* Selects every ready module whose model is @model (as reported); returns
 * how many are selected now. */
guint fd_device_list_select_model (FdDeviceList *self, const char *model);

G_END_DECLS
