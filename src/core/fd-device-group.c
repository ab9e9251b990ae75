/* fd-device-group.c — the ttys of one physical device, and its AT candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-device-group.h"
#include "fd-port-info-private.h"

struct _FdDeviceGroup
{
  GObject              parent_instance;

  char                *key;
  FdPortTransport      transport;
  char                *title;
  char                *note;
  const FdKnownDevice *known;
  guint16              vid;
  guint16              pid;
  char                *usb_serial;
  char                *usb_path;
  GPtrArray           *ports;
  GPtrArray           *candidates;
};

G_DEFINE_FINAL_TYPE (FdDeviceGroup, fd_device_group, G_TYPE_OBJECT)

static void
fd_device_group_finalize (GObject *object)
{
  FdDeviceGroup *self = FD_DEVICE_GROUP (object);

  g_free (self->key);
  g_free (self->title);
  g_free (self->note);
  g_free (self->usb_serial);
  g_free (self->usb_path);
  g_ptr_array_unref (self->ports);
  g_ptr_array_unref (self->candidates);

  G_OBJECT_CLASS (fd_device_group_parent_class)->finalize (object);
}

static void
fd_device_group_class_init (FdDeviceGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_device_group_finalize;
}

static void
fd_device_group_init (FdDeviceGroup *self)
{
  self->ports = g_ptr_array_new_with_free_func (g_object_unref);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- pure helpers ------------------------------------------------------ */

static int
natural_compare_values (const char *a, const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *da, *db;
          gsize la, lb;
          int cmp;

          while (*a == '0')
            a++;
          while (*b == '0')
            b++;
          for (da = a; g_ascii_isdigit (*a); a++)
            ;
          for (db = b; g_ascii_isdigit (*b); b++)
            ;
          la = (gsize) (a - da);
          lb = (gsize) (b - db);
          if (la != lb)
            return la < lb ? -1 : 1;
          cmp = strncmp (da, db, la);
          if (cmp != 0)
            return cmp;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return (*a != '\0') - (*b != '\0');
}

int
fd_natural_compare (const char *a, const char *b)
{
  int cmp;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  cmp = natural_compare_values (a, b);
  /* "01" and "1" are equal as numbers; plain order keeps sorting total. */
  return cmp != 0 ? cmp : strcmp (a, b);
}

/* Words of interface strings that name a port which is not the AT port. */
static const char *const other_port_words[] = {
  "diag", "dm", "nmea", "gps", "gnss", "log", "trace", "debug", "adb",
};

static gboolean
word_names_other_port (const char *word)
{
  for (gsize i = 0; i < G_N_ELEMENTS (other_port_words); i++)
    {
      if (g_ascii_strcasecmp (word, other_port_words[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

FdAtHint
fd_at_hint_from_interface_name (const char *interface_name)
{
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean other = FALSE;

  if (interface_name == NULL)
    return FD_AT_HINT_NONE;
  /* Split into words at anything that is not a letter or a digit, so
   * "AT_PORT" and "Modem-AT" say AT and "Data" does not. */
  for (const char *p = interface_name;; p++)
    {
      if (*p != '\0' && g_ascii_isalnum (*p))
        {
          g_string_append_c (word, *p);
          continue;
        }
      if (g_ascii_strcasecmp (word->str, "at") == 0)
        return FD_AT_HINT_NAMED_AT;
      other = other || word_names_other_port (word->str);
      g_string_truncate (word, 0);
      if (*p == '\0')
        break;
    }
  return other ? FD_AT_HINT_NAMED_OTHER : FD_AT_HINT_NONE;
}

/* ---- building groups --------------------------------------------------- */

/* A simulator link outlives the pty behind it, so it names the port. */
static const char *
stable_path (FdPortInfo *port)
{
  if (port->aliases[0] != NULL && port->transport == FD_PORT_TRANSPORT_VIRTUAL)
    return port->aliases[0];
  return port->path;
}

static char *
group_key_for_port (FdPortInfo *port)
{
  if (port->transport == FD_PORT_TRANSPORT_USB && port->usb_path != NULL)
    {
      if (port->usb_serial != NULL)
        return g_strdup_printf ("usb:%s#%s", port->usb_path, port->usb_serial);
      return g_strdup_printf ("usb:%s", port->usb_path);
    }
  return g_strdup_printf ("tty:%s", stable_path (port));
}

static FdDeviceGroup *
group_new_for_port (FdPortInfo *port, char *key)
{
  FdDeviceGroup *self = g_object_new (FD_TYPE_DEVICE_GROUP, NULL);

  self->key = key;
  self->transport = port->transport;
  if (port->transport == FD_PORT_TRANSPORT_USB && port->usb_path != NULL)
    {
      self->vid = port->vid;
      self->pid = port->pid;
      self->usb_serial = g_strdup (port->usb_serial);
      self->usb_path = g_strdup (port->usb_path);
      self->known = fd_known_device_lookup (port->vid, port->pid);
    }
  else
    {
      /* A USB tty whose device sysfs did not show stands alone. */
      self->transport = port->transport == FD_PORT_TRANSPORT_VIRTUAL ? FD_PORT_TRANSPORT_VIRTUAL
                                                                     : FD_PORT_TRANSPORT_NATIVE;
    }
  return self;
}

static int
compare_ports (gconstpointer pa, gconstpointer pb)
{
  FdPortInfo *a = *(FdPortInfo *const *) pa;
  FdPortInfo *b = *(FdPortInfo *const *) pb;
  int cmp;

  if (a->interface_number != b->interface_number)
    return a->interface_number < b->interface_number ? -1 : 1;
  cmp = fd_natural_compare (a->tty_name, b->tty_name);
  return cmp != 0 ? cmp : fd_natural_compare (a->path, b->path);
}

static FdAtHint
hint_for_port (FdDeviceGroup *self, FdPortInfo *port)
{
  FdAtHint named;

  if (self->known != NULL && !fd_known_device_has_at (self->known))
    return FD_AT_HINT_NO_AT;
  named = fd_at_hint_from_interface_name (port->interface_name);
  if (named == FD_AT_HINT_NAMED_AT)
    return named;
  if (self->known != NULL && self->known->at_interface >= 0 &&
      port->interface_number == self->known->at_interface)
    return FD_AT_HINT_KNOWN_INTERFACE;
  return named;
}

/* Better hints first (the enum is in ascending order of promise), then
 * the ports' own order. */
static int
compare_candidates (gconstpointer pa, gconstpointer pb)
{
  FdPortInfo *a = *(FdPortInfo *const *) pa;
  FdPortInfo *b = *(FdPortInfo *const *) pb;

  if (a->at_hint != b->at_hint)
    return a->at_hint > b->at_hint ? -1 : 1;
  return compare_ports (pa, pb);
}

static void
rank_candidates (FdDeviceGroup *self)
{
  for (guint i = 0; i < self->ports->len; i++)
    {
      FdPortInfo *port = g_ptr_array_index (self->ports, i);

      port->at_hint = hint_for_port (self, port);
      if (port->at_hint != FD_AT_HINT_NO_AT)
        g_ptr_array_add (self->candidates, g_object_ref (port));
    }
  g_ptr_array_sort (self->candidates, compare_candidates);
}

static char *
usb_title (FdDeviceGroup *self, FdPortInfo *first)
{
  const char *maker = first->manufacturer;
  const char *product = first->product;

  if (self->known != NULL)
    return fd_known_device_get_title (self->known);
  if (maker != NULL && product != NULL && !g_str_has_prefix (product, maker))
    return g_strdup_printf ("%s %s", maker, product);
  if (product != NULL || maker != NULL)
    return g_strdup (product != NULL ? product : maker);
  /* TRANSLATORS: a USB device nothing is known about, by VID:PID */
  return g_strdup_printf (_("USB device %04x:%04x"), self->vid, self->pid);
}

static char *
make_title (FdDeviceGroup *self)
{
  FdPortInfo *first = g_ptr_array_index (self->ports, 0);
  g_autofree char *label = NULL;

  if (self->transport == FD_PORT_TRANSPORT_USB)
    return usb_title (self, first);
  if (self->transport == FD_PORT_TRANSPORT_NATIVE && first->tty_name != NULL)
    /* TRANSLATORS: a serial port on the computer itself, e.g. ttyS0 */
    return g_strdup_printf (_("Serial port %s"), first->tty_name);
  label = g_path_get_basename (stable_path (first));
  /* TRANSLATORS: a pseudo-terminal or simulator link, by its file name */
  return g_strdup_printf (_("Virtual serial port %s"), label);
}

static char *
make_note (FdDeviceGroup *self)
{
  if (self->known == NULL)
    return NULL;
  switch (self->known->kind)
    {
    case FD_KNOWN_DEVICE_DOWNLOAD_MODE:
      return g_strdup (_("In download mode (boot loader): no AT port. Restart the module "
                         "normally to upgrade it over AT."));
    case FD_KNOWN_DEVICE_BRIDGE:
      return g_strdup (_("USB-serial bridge: the module behind it is found by probing."));
    case FD_KNOWN_DEVICE_MODULE:
    default:
      return NULL;
    }
}

static void
finish_group (FdDeviceGroup *self)
{
  g_ptr_array_sort (self->ports, compare_ports);
  rank_candidates (self);
  self->title = make_title (self);
  self->note = make_note (self);
}

static int
compare_groups (gconstpointer pa, gconstpointer pb)
{
  FdDeviceGroup *a = *(FdDeviceGroup *const *) pa;
  FdDeviceGroup *b = *(FdDeviceGroup *const *) pb;
  gboolean a_usb = a->transport == FD_PORT_TRANSPORT_USB;
  gboolean b_usb = b->transport == FD_PORT_TRANSPORT_USB;
  int cmp;

  if (a_usb != b_usb)
    return a_usb ? -1 : 1;
  cmp = fd_natural_compare (a->usb_path, b->usb_path);
  return cmp != 0 ? cmp : fd_natural_compare (a->key, b->key);
}

GPtrArray *
fd_device_group_build (GPtrArray *ports)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ports != NULL, NULL);

  for (guint i = 0; i < ports->len; i++)
    {
      FdPortInfo *port = g_ptr_array_index (ports, i);
      g_autofree char *key = group_key_for_port (port);
      FdDeviceGroup *group = g_hash_table_lookup (by_key, key);

      if (group == NULL)
        {
          group = group_new_for_port (port, g_steal_pointer (&key));
          g_hash_table_insert (by_key, group->key, group);
          g_ptr_array_add (groups, group);
        }
      g_ptr_array_add (group->ports, g_object_ref (port));
    }
  for (guint i = 0; i < groups->len; i++)
    finish_group (g_ptr_array_index (groups, i));
  g_ptr_array_sort (groups, compare_groups);
  return g_steal_pointer (&groups);
}

/* ---- getters ----------------------------------------------------------- */

const char *
fd_device_group_get_key (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->key;
}

FdPortTransport
fd_device_group_get_transport (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), FD_PORT_TRANSPORT_VIRTUAL);
  return self->transport;
}

const char *
fd_device_group_get_title (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->title;
}

const FdKnownDevice *
fd_device_group_get_known_device (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->known;
}

guint16
fd_device_group_get_vid (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), 0);
  return self->vid;
}

guint16
fd_device_group_get_pid (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), 0);
  return self->pid;
}

const char *
fd_device_group_get_usb_serial (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->usb_serial;
}

const char *
fd_device_group_get_usb_path (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->usb_path;
}

GPtrArray *
fd_device_group_get_ports (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->ports;
}

GPtrArray *
fd_device_group_get_at_candidates (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->candidates;
}

gboolean
fd_device_group_is_download_mode (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), FALSE);
  return self->known != NULL && self->known->kind == FD_KNOWN_DEVICE_DOWNLOAD_MODE;
}

const char *
fd_device_group_get_note (FdDeviceGroup *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_GROUP (self), NULL);
  return self->note;
}
