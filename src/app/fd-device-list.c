/* fd-device-list.c — the connected modules as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-device-group.h"
#include "fd-device-list.h"

struct _FdDeviceList
{
  GObject    parent_instance;
  GPtrArray *items; /* FdDeviceItem, sorted by key */
  /* While many items change at once (select all/none, a model): one
   * selection-changed at the end, not one per item — each makes the
   * form check every picked module again. */
  guint      bulk_depth;
  gboolean   bulk_changed;
};

static void fd_device_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FdDeviceList, fd_device_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, fd_device_list_model_init))

enum
{
  SIGNAL_SELECTION_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static GType
fd_device_list_get_item_type (GListModel *model)
{
  return FD_TYPE_DEVICE_ITEM;
}

static guint
fd_device_list_get_n_items (GListModel *model)
{
  return FD_DEVICE_LIST (model)->items->len;
}

static gpointer
fd_device_list_get_item (GListModel *model, guint position)
{
  FdDeviceList *self = FD_DEVICE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
fd_device_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = fd_device_list_get_item_type;
  iface->get_n_items = fd_device_list_get_n_items;
  iface->get_item = fd_device_list_get_item;
}

static void
on_item_selected (FdDeviceItem *item, GParamSpec *pspec, FdDeviceList *self)
{
  if (self->bulk_depth > 0)
    {
      self->bulk_changed = TRUE;
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
bulk_begin (FdDeviceList *self)
{
  self->bulk_depth++;
}

static void
bulk_end (FdDeviceList *self)
{
  if (--self->bulk_depth > 0 || !self->bulk_changed)
    return;
  self->bulk_changed = FALSE;
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

/* A confirmed sub-model changes what a picked module can do. */
static void
on_item_confirmed (FdDeviceItem *item, GParamSpec *pspec, FdDeviceList *self)
{
  if (fd_device_item_get_selected (item))
    g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

static void
release_item (gpointer data)
{
  FdDeviceItem *item = data;

  g_signal_handlers_disconnect_matched (item, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_item_selected,
                                        NULL);
  g_signal_handlers_disconnect_matched (item, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_item_confirmed,
                                        NULL);
  g_object_unref (item);
}

static void
fd_device_list_finalize (GObject *object)
{
  FdDeviceList *self = FD_DEVICE_LIST (object);

  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (fd_device_list_parent_class)->finalize (object);
}

static void
fd_device_list_class_init (FdDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_device_list_finalize;

  /* A module was picked or dropped, or a picked one left the list. */
  signals[SIGNAL_SELECTION_CHANGED]
      = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_device_list_init (FdDeviceList *self)
{
  self->items = g_ptr_array_new_with_free_func (release_item);
}

FdDeviceList *
fd_device_list_new (void)
{
  return g_object_new (FD_TYPE_DEVICE_LIST, NULL);
}

static gboolean
find_key (FdDeviceList *self, const char *key, guint *position)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      if (g_strcmp0 (fd_device_item_get_key (g_ptr_array_index (self->items, i)), key) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

FdDeviceItem *
fd_device_list_lookup (FdDeviceList *self, const char *key)
{
  guint position;

  g_return_val_if_fail (FD_IS_DEVICE_LIST (self), NULL);
  if (!find_key (self, key, &position))
    return NULL;
  return g_ptr_array_index (self->items, position);
}

void
fd_device_list_remove (FdDeviceList *self, const char *key)
{
  gboolean was_selected;
  guint    position;

  g_return_if_fail (FD_IS_DEVICE_LIST (self));
  if (!find_key (self, key, &position))
    return;
  was_selected = fd_device_item_get_selected (g_ptr_array_index (self->items, position));
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  if (was_selected)
    g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

void
fd_device_list_add (FdDeviceList *self, FdDeviceItem *item)
{
  const char *key = fd_device_item_get_key (item);
  guint       position = 0;

  g_return_if_fail (FD_IS_DEVICE_LIST (self));
  g_return_if_fail (FD_IS_DEVICE_ITEM (item));

  fd_device_list_remove (self, key);
  while (position < self->items->len
         && fd_natural_compare (fd_device_item_get_key (g_ptr_array_index (self->items, position)),
                                key)
                < 0)
    position++;
  g_ptr_array_insert (self->items, position, g_object_ref (item));
  g_signal_connect (item, "notify::selected", G_CALLBACK (on_item_selected), self);
  g_signal_connect (item, "notify::confirmed-model", G_CALLBACK (on_item_confirmed), self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  if (fd_device_item_get_selected (item))
    g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

GPtrArray *
fd_device_list_dup_keys (FdDeviceList *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (FD_IS_DEVICE_LIST (self), keys);
  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (keys, g_strdup (fd_device_item_get_key (g_ptr_array_index (self->items, i))));
  return keys;
}

GPtrArray *
fd_device_list_dup_selected (FdDeviceList *self)
{
  GPtrArray *selected = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FD_IS_DEVICE_LIST (self), selected);
  for (guint i = 0; i < self->items->len; i++)
    {
      FdDeviceItem *item = g_ptr_array_index (self->items, i);

      if (fd_device_item_get_selected (item))
        g_ptr_array_add (selected, g_object_ref (item));
    }
  return selected;
}

guint
fd_device_list_count_selected (FdDeviceList *self)
{
  guint n = 0;

  g_return_val_if_fail (FD_IS_DEVICE_LIST (self), 0);
  for (guint i = 0; i < self->items->len; i++)
    n += fd_device_item_get_selected (g_ptr_array_index (self->items, i)) ? 1 : 0;
  return n;
}

guint
fd_device_list_count_ready (FdDeviceList *self)
{
  guint n = 0;

  g_return_val_if_fail (FD_IS_DEVICE_LIST (self), 0);
  for (guint i = 0; i < self->items->len; i++)
    n += fd_device_item_get_selectable (g_ptr_array_index (self->items, i)) ? 1 : 0;
  return n;
}

void
fd_device_list_select_all (FdDeviceList *self, gboolean selected)
{
  g_return_if_fail (FD_IS_DEVICE_LIST (self));
  bulk_begin (self);
  for (guint i = 0; i < self->items->len; i++)
    fd_device_item_set_selected (g_ptr_array_index (self->items, i), selected);
  bulk_end (self);
}

guint
fd_device_list_select_model (FdDeviceList *self, const char *model)
{
  guint n = 0;

  g_return_val_if_fail (FD_IS_DEVICE_LIST (self), 0);
  bulk_begin (self);
  for (guint i = 0; i < self->items->len; i++)
    {
      FdDeviceItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (fd_device_item_get_model (item), model) != 0)
        continue;
      fd_device_item_set_selected (item, TRUE);
      n += fd_device_item_get_selected (item) ? 1 : 0;
    }
  bulk_end (self);
  return n;
}
