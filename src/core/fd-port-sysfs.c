/* fd-port-sysfs.c — what sysfs says about a tty
 *
 * Layouts read here (Linux):
 *   class/tty/ttyUSB2 -> ../../devices/.../usb1/1-2/1-2:1.2/ttyUSB2/tty/ttyUSB2
 *   class/tty/ttyACM0 -> ../../devices/.../usb1/1-2/1-2:1.0/tty/ttyACM0
 * The USB interface (bInterfaceNumber, interface, driver) and the USB
 * device (idVendor, idProduct, serial, manufacturer, product) are the
 * nearest ancestors that carry those attributes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "fd-port-info-private.h"
#include "fd-port-sysfs.h"

/* USB string descriptors hold at most 126 characters. */
#define ATTR_MAX_BYTES 256
/* Deeper than any real chain of hubs, controllers and buses. */
#define MAX_WALK_DEPTH 32

char *
fd_port_sysfs_clean_string (const char *raw, gsize len)
{
  g_autofree char *valid = NULL;

  if (raw == NULL)
    return NULL;
  valid = g_utf8_make_valid (raw, MIN (len, ATTR_MAX_BYTES));
  for (char *p = valid; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
  g_strstrip (valid);
  if (*valid == '\0')
    return NULL;
  return g_steal_pointer (&valid);
}

static char *
read_attr (const char *dir, const char *name)
{
  g_autofree char *file = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (file, &contents, &len, NULL))
    return NULL;
  return fd_port_sysfs_clean_string (contents, len);
}

static gboolean
has_attr (const char *dir, const char *name)
{
  g_autofree char *file = g_build_filename (dir, name, NULL);

  return g_file_test (file, G_FILE_TEST_IS_REGULAR);
}

/* -1 when the attribute is missing or not a number in @base up to @max. */
static gint64
read_uint_attr (const char *dir, const char *name, guint base, guint64 max)
{
  g_autofree char *text = read_attr (dir, name);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, base, 0, max, &value, NULL))
    return -1;
  return (gint64) value;
}

/* The name of the driver bound to the device at @dir, if any. */
static char *
read_driver (const char *dir)
{
  g_autofree char *link = g_build_filename (dir, "driver", NULL);
  g_autofree char *target = g_file_read_link (link, NULL);

  if (target == NULL)
    return NULL;
  return g_path_get_basename (target);
}

static char *
canonical_path (const char *path)
{
  char *resolved = realpath (path, NULL);

  /* realpath() mallocs; g_free() is free() since GLib 2.46. */
  return resolved;
}

static gboolean
is_below (const char *path, const char *root)
{
  gsize len = strlen (root);

  return strncmp (path, root, len) == 0 && path[len] == '/';
}

GHashTable *
fd_port_sysfs_map_devnums (const char *sysfs_root)
{
  g_autofree char *class_dir = g_build_filename (sysfs_root, "class", "tty", NULL);
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDir) dir = g_dir_open (class_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return g_steal_pointer (&map);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry = g_build_filename (class_dir, name, NULL);
      char *devnum = read_attr (entry, "dev");

      if (devnum != NULL)
        g_hash_table_replace (map, devnum, g_strdup (name));
    }
  return g_steal_pointer (&map);
}

/* Walks up from the tty's directory to the USB interface and the USB
 * device above it; both stay NULL for a tty that is not on USB. */
static void
find_usb_dirs (const char *root,
               const char *tty_dir,
               char      **interface_dir,
               char      **usb_dir)
{
  g_autofree char *dir = g_path_get_dirname (tty_dir);

  for (guint depth = 0; depth < MAX_WALK_DEPTH && is_below (dir, root); depth++)
    {
      char *parent;

      if (*interface_dir == NULL && has_attr (dir, "bInterfaceNumber"))
        *interface_dir = g_strdup (dir);
      else if (has_attr (dir, "idVendor") && has_attr (dir, "idProduct"))
        {
          *usb_dir = g_steal_pointer (&dir);
          return;
        }
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
}

static void
read_usb_identity (FdPortInfo *info, const char *usb_dir, const char *interface_dir)
{
  gint64 vid = read_uint_attr (usb_dir, "idVendor", 16, G_MAXUINT16);
  gint64 pid = read_uint_attr (usb_dir, "idProduct", 16, G_MAXUINT16);

  info->transport = FD_PORT_TRANSPORT_USB;
  info->vid = vid >= 0 ? (guint16) vid : 0;
  info->pid = pid >= 0 ? (guint16) pid : 0;
  info->usb_serial = read_attr (usb_dir, "serial");
  info->manufacturer = read_attr (usb_dir, "manufacturer");
  info->product = read_attr (usb_dir, "product");
  info->usb_path = g_path_get_basename (usb_dir);
  if (interface_dir == NULL)
    return;
  info->interface_number = (int) read_uint_attr (interface_dir, "bInterfaceNumber", 16, G_MAXUINT8);
  info->interface_name = read_attr (interface_dir, "interface");
  /* The interface driver (option, cdc_acm, ch341) says more than the
   * usb-serial port driver (option1, ch341-uart). */
  g_free (info->driver);
  info->driver = read_driver (interface_dir);
}

/* The serial core reports its UART type; 0 (PORT_UNKNOWN) is one of the
 * ttyS slots a PC kernel creates whether or not a UART is there. */
static gboolean
uart_is_present (const char *tty_dir)
{
  gint64 type = read_uint_attr (tty_dir, "type", 10, G_MAXUINT32);

  return type != 0;
}

static gboolean
tty_name_is_plain (const char *tty_name)
{
  return tty_name[0] != '\0' && strchr (tty_name, '/') == NULL && strcmp (tty_name, ".") != 0 &&
         strcmp (tty_name, "..") != 0;
}

FdPortInfo *
fd_port_sysfs_read_tty (const char *sysfs_root,
                        const char *tty_name,
                        const char *dev_path,
                        GError    **error)
{
  g_autofree char *root = NULL;
  g_autofree char *link = NULL;
  g_autofree char *tty_dir = NULL;
  g_autofree char *device = NULL;
  g_autofree char *interface_dir = NULL;
  g_autofree char *usb_dir = NULL;
  g_autoptr(FdPortInfo) info = NULL;

  g_return_val_if_fail (sysfs_root != NULL, NULL);
  g_return_val_if_fail (tty_name != NULL, NULL);

  root = canonical_path (sysfs_root);
  if (tty_name_is_plain (tty_name))
    link = g_build_filename (sysfs_root, "class", "tty", tty_name, NULL);
  if (root != NULL && link != NULL)
    tty_dir = canonical_path (link);
  if (tty_dir == NULL || !is_below (tty_dir, root))
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND,
                   _("“%s” is not a tty the kernel knows"), tty_name);
      return NULL;
    }
  device = g_build_filename (tty_dir, "device", NULL);
  if (!g_file_test (device, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND,
                   _("“%s” is not a serial port (no device behind it)"), tty_name);
      return NULL;
    }

  if (!uart_is_present (tty_dir))
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND,
                   _("“%s” is not a serial port (no UART behind it)"), tty_name);
      return NULL;
    }

  info = g_object_new (FD_TYPE_PORT_INFO, NULL);
  info->path = dev_path != NULL ? g_strdup (dev_path) : g_build_filename ("/dev", tty_name, NULL);
  info->tty_name = g_strdup (tty_name);
  info->sysfs_path = g_strdup (tty_dir);
  info->transport = FD_PORT_TRANSPORT_NATIVE;
  info->driver = read_driver (device);

  find_usb_dirs (root, tty_dir, &interface_dir, &usb_dir);
  if (usb_dir != NULL)
    read_usb_identity (info, usb_dir, interface_dir);
  return g_steal_pointer (&info);
}
