/* test-port-enum.c — listing, sysfs identity, grouping and AT-port ranking
 *
 * The sysfs side runs on trees under tests/fixtures/sysfs/ laid out as
 * Linux lays out /sys; the listing side on real pseudo-terminals and
 * symlinks to them in a temporary directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* posix_openpt, ptsname_r */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fd-device-group.h"
#include "fd-port-enumerator.h"
/* Only to build ports with chosen interfaces for the ranking table. */
#include "fd-port-info-private.h"
#include "fd-port-sysfs.h"

/* ---- helpers ----------------------------------------------------------- */

static char *
fixture_root (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "sysfs", name, NULL);
}

static const char *
hint_name (FdAtHint hint)
{
  switch (hint)
    {
    case FD_AT_HINT_NO_AT:
      return "no-at";
    case FD_AT_HINT_NAMED_OTHER:
      return "named-other";
    case FD_AT_HINT_NONE:
      return "none";
    case FD_AT_HINT_KNOWN_INTERFACE:
      return "known-interface";
    case FD_AT_HINT_NAMED_AT:
      return "named-at";
    default:
      g_assert_not_reached ();
    }
}

static void
describe_port (GString *out, FdPortInfo *port)
{
  const char *name = fd_port_info_get_tty_name (port);
  const char *iface = fd_port_info_get_interface_name (port);

  g_string_append_printf (out, "  %s if=%d drv=%s hint=%s", name != NULL ? name : "-",
                          fd_port_info_get_interface_number (port),
                          fd_port_info_get_driver (port),
                          hint_name (fd_port_info_get_at_hint (port)));
  if (iface != NULL)
    g_string_append_printf (out, " \"%s\"", iface);
  g_string_append_c (out, '\n');
}

/* One paragraph per group: key, title, identity, ports, AT candidates. */
static char *
describe_groups (GPtrArray *groups)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);
      GPtrArray *ports = fd_device_group_get_ports (group);
      GPtrArray *candidates = fd_device_group_get_at_candidates (group);

      g_string_append_printf (out, "%s | %s", fd_device_group_get_key (group),
                              fd_device_group_get_title (group));
      if (fd_device_group_get_transport (group) == FD_PORT_TRANSPORT_USB)
        g_string_append_printf (out, " | %04x:%04x", fd_device_group_get_vid (group),
                                fd_device_group_get_pid (group));
      if (fd_device_group_is_download_mode (group))
        g_string_append (out, " | download-mode");
      g_string_append_c (out, '\n');
      for (guint j = 0; j < ports->len; j++)
        describe_port (out, g_ptr_array_index (ports, j));
      g_string_append (out, "  at:");
      for (guint j = 0; j < candidates->len; j++)
        g_string_append_printf (out, " %s", fd_port_info_get_tty_name (g_ptr_array_index (candidates, j)));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Every tty of a fixture that is a port, the way the enumerator reads
 * them, minus the /dev side. */
static GPtrArray *
fixture_ports (const char *root)
{
  g_autofree char *class_dir = g_build_filename (root, "class", "tty", NULL);
  g_autoptr(GDir) dir = g_dir_open (class_dir, 0, NULL);
  GPtrArray *ports = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      FdPortInfo *port = fd_port_sysfs_read_tty (root, name, NULL, &error);

      if (port == NULL)
        g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND);
      else
        g_ptr_array_add (ports, port);
    }
  return ports;
}

static char *
describe_fixture (const char *name)
{
  g_autofree char *root = fixture_root (name);
  g_autoptr(GPtrArray) ports = fixture_ports (root);
  g_autoptr(GPtrArray) groups = fd_device_group_build (ports);

  return describe_groups (groups);
}

/* ---- fixtures: grouping, identity, ranking ------------------------------ */

static void
test_fixture_air780e (void)
{
  g_autofree char *text = describe_fixture ("air780e");

  g_assert_cmpstr (text, ==,
                   "usb:1-2#8A3F0C1B2D4E | Luat Air780E | 19d1:0001\n"
                   "  ttyACM0 if=0 drv=cdc_acm hint=none\n"
                   "  ttyACM1 if=2 drv=cdc_acm hint=none\n"
                   "  ttyACM2 if=4 drv=cdc_acm hint=none\n"
                   "  at: ttyACM0 ttyACM1 ttyACM2\n");
}

static void
test_fixture_air724 (void)
{
  g_autofree char *text = describe_fixture ("air724");

  /* No USB serial: the key is the physical path alone. */
  g_assert_cmpstr (text, ==,
                   "usb:1-3 | Luat Air72x | 1782:4e00\n"
                   "  ttyUSB0 if=2 drv=option hint=known-interface\n"
                   "  ttyUSB1 if=3 drv=option hint=none\n"
                   "  ttyUSB2 if=4 drv=option hint=none\n"
                   "  at: ttyUSB0 ttyUSB1 ttyUSB2\n");
}

static void
test_fixture_ch340 (void)
{
  g_autofree char *text = describe_fixture ("ch340");

  /* Behind a hub: the bridge, not the hub above it, is the device. */
  g_assert_cmpstr (text, ==,
                   "usb:1-4.1 | WCH CH340 USB-serial bridge | 1a86:7523\n"
                   "  ttyUSB0 if=0 drv=ch341 hint=known-interface\n"
                   "  at: ttyUSB0\n");
}

static const char tray_expected[] =
  "usb:1-2 | Luat Air780E in download mode | 17d1:0001 | download-mode\n"
  "  ttyACM0 if=0 drv=cdc_acm hint=no-at\n"
  "  at:\n"
  "usb:1-4.2 | WCH CH340 USB-serial bridge | 1a86:7523\n"
  "  ttyUSB1 if=0 drv=ch341 hint=known-interface\n"
  "  at: ttyUSB1\n"
  "usb:1-4.3#0001 | Silicon Labs CP210x USB-serial bridge | 10c4:ea60\n"
  "  ttyUSB0 if=0 drv=cp210x hint=known-interface\n"
  "  at: ttyUSB0\n"
  "usb:1-10 | WCH CH340 USB-serial bridge | 1a86:7523\n"
  "  ttyUSB5 if=0 drv=ch341 hint=known-interface\n"
  "  at: ttyUSB5\n"
  "usb:2-1#FX-0042 | FotaDesk fixture Test modem | 1209:0001\n"
  "  ttyUSB10 if=0 drv=option hint=named-other \"DIAG Port\"\n"
  "  ttyUSB11 if=1 drv=option hint=none \"Modem\"\n"
  "  ttyUSB12 if=2 drv=option hint=named-at \"AT Port\"\n"
  "  ttyUSB13 if=3 drv=option hint=named-other \"NMEA\"\n"
  "  at: ttyUSB12 ttyUSB11 ttyUSB10 ttyUSB13\n"
  "tty:/dev/ttyS0 | Serial port ttyS0\n"
  "  ttyS0 if=-1 drv=serial hint=none\n"
  "  at: ttyS0\n";

static void
test_fixture_tray (void)
{
  g_autofree char *text = describe_fixture ("tray");

  /* 1-10 after 1-4.3 (numbers as numbers); two identical CH340s without
   * a serial apart by physical path; the boot loader offers no AT port;
   * the empty 8250 slot ttyS1, console and ptmx are not ports. */
  g_assert_cmpstr (text, ==, tray_expected);
}

static void
test_fixture_order_independent (void)
{
  g_autofree char *root = fixture_root ("tray");
  g_autoptr(GPtrArray) ports = fixture_ports (root);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GPtrArray) groups = NULL;
      g_autofree char *text = NULL;

      for (guint i = ports->len; i > 1; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
          gpointer tmp = ports->pdata[i - 1];

          ports->pdata[i - 1] = ports->pdata[j];
          ports->pdata[j] = tmp;
        }
      groups = fd_device_group_build (ports);
      text = describe_groups (groups);
      g_assert_cmpstr (text, ==, tray_expected);
    }
}

static void
test_sysfs_identity (void)
{
  g_autofree char *root = fixture_root ("air780e");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPortInfo) port = fd_port_sysfs_read_tty (root, "ttyACM1", "/dev/ttyACM1", &error);
  const char *sysfs_path;

  g_assert_no_error (error);
  g_assert_cmpstr (fd_port_info_get_path (port), ==, "/dev/ttyACM1");
  g_assert_cmpstr (fd_port_info_get_tty_name (port), ==, "ttyACM1");
  g_assert_cmpint (fd_port_info_get_transport (port), ==, FD_PORT_TRANSPORT_USB);
  g_assert_cmpuint (fd_port_info_get_vid (port), ==, 0x19d1);
  g_assert_cmpuint (fd_port_info_get_pid (port), ==, 0x0001);
  g_assert_cmpstr (fd_port_info_get_usb_serial (port), ==, "8A3F0C1B2D4E");
  g_assert_cmpstr (fd_port_info_get_manufacturer (port), ==, "AirM2M");
  g_assert_cmpstr (fd_port_info_get_product (port), ==, "Air780E");
  g_assert_cmpstr (fd_port_info_get_usb_path (port), ==, "1-2");
  g_assert_cmpint (fd_port_info_get_interface_number (port), ==, 2);
  g_assert_null (fd_port_info_get_interface_name (port));
  g_assert_cmpstr (fd_port_info_get_driver (port), ==, "cdc_acm");
  g_assert_cmpint (fd_port_info_get_at_hint (port), ==, FD_AT_HINT_NONE);
  g_assert_cmpstr (fd_port_info_get_aliases (port)[0], ==, NULL);
  sysfs_path = fd_port_info_get_sysfs_path (port);
  g_assert_true (g_str_has_suffix (sysfs_path, "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.2/tty/ttyACM1"));
}

static void
test_sysfs_native_and_default_path (void)
{
  g_autofree char *root = fixture_root ("tray");
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPortInfo) port = fd_port_sysfs_read_tty (root, "ttyS0", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fd_port_info_get_path (port), ==, "/dev/ttyS0");
  g_assert_cmpint (fd_port_info_get_transport (port), ==, FD_PORT_TRANSPORT_NATIVE);
  g_assert_cmpstr (fd_port_info_get_driver (port), ==, "serial");
  g_assert_cmpuint (fd_port_info_get_vid (port), ==, 0);
  g_assert_null (fd_port_info_get_usb_path (port));
  g_assert_cmpint (fd_port_info_get_interface_number (port), ==, -1);
}

static void
test_sysfs_not_a_port (void)
{
  static const char *const names[] = {
    "console", "ptmx", "ttyS1", "ttyUSB99", "", ".", "..", "../tty/ttyS0", "ttyS0/device",
  };
  g_autofree char *root = fixture_root ("tray");

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FdPortInfo) port = fd_port_sysfs_read_tty (root, names[i], NULL, &error);

      g_test_message ("%s", names[i]);
      g_assert_null (port);
      g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND);
    }
}

static void
test_sysfs_missing_root (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdPortInfo) port = fd_port_sysfs_read_tty ("/nonexistent-sysfs", "ttyUSB0", NULL, &error);
  g_autoptr(GHashTable) map = fd_port_sysfs_map_devnums ("/nonexistent-sysfs");

  g_assert_null (port);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_hash_table_size (map), ==, 0);
}

static void
test_sysfs_devnums (void)
{
  g_autofree char *root = fixture_root ("air724");
  g_autoptr(GHashTable) map = fd_port_sysfs_map_devnums (root);

  g_assert_cmpuint (g_hash_table_size (map), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (map, "188:0"), ==, "ttyUSB0");
  g_assert_cmpstr (g_hash_table_lookup (map, "188:2"), ==, "ttyUSB2");
  g_assert_cmpstr (g_hash_table_lookup (map, "5:1"), ==, "console");
}

/* ---- AT-port ranking, by table ----------------------------------------- */

static FdPortInfo *
make_usb_port (guint16 vid, guint16 pid, int interface_number, const char *interface_name)
{
  FdPortInfo *port = g_object_new (FD_TYPE_PORT_INFO, NULL);

  port->transport = FD_PORT_TRANSPORT_USB;
  port->tty_name = g_strdup_printf ("ttyUSB%d", interface_number);
  port->path = g_strdup_printf ("/dev/%s", port->tty_name);
  port->vid = vid;
  port->pid = pid;
  port->usb_path = g_strdup ("1-1");
  port->interface_number = interface_number;
  port->interface_name = g_strdup (interface_name);
  return port;
}

static void
test_ranking (void)
{
  static const struct {
    guint16     vid, pid;
    const char *names[5]; /* interface i's string; "-" for none */
    guint       n_interfaces;
    const char *expected; /* candidates, best first */
  } table[] = {
    /* Air72x: the table's interface 2 first, then by interface. */
    { 0x1782, 0x4e00, { "-", "-", "-", "-" }, 4, "ttyUSB2 ttyUSB0 ttyUSB1 ttyUSB3" },
    /* An interface that names AT beats the table. */
    { 0x1782, 0x4e00, { "-", "-", "-", "AT" }, 4, "ttyUSB3 ttyUSB2 ttyUSB0 ttyUSB1" },
    /* The table beats a string that names something else. */
    { 0x1782, 0x4e00, { "-", "-", "DIAG", "-" }, 4, "ttyUSB2 ttyUSB0 ttyUSB1 ttyUSB3" },
    /* Unknown device: unnamed ports first, named non-AT ports last. */
    { 0x1209, 0x0001, { "NMEA", "-", "Diag", "-" }, 4, "ttyUSB1 ttyUSB3 ttyUSB0 ttyUSB2" },
    { 0x1209, 0x0001, { "Data", "Modem", "AT_PORT", "GPS" }, 4, "ttyUSB2 ttyUSB0 ttyUSB1 ttyUSB3" },
    /* Boot loader: nothing to probe, whatever the strings say. */
    { 0x17d1, 0x0001, { "AT", "-" }, 2, "" },
    { 0x1a86, 0x7523, { "-" }, 1, "ttyUSB0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) groups = NULL;
      g_autoptr(GString) got = g_string_new (NULL);
      GPtrArray *candidates;

      /* Added in reverse: the result must not depend on listing order. */
      for (guint j = table[i].n_interfaces; j > 0; j--)
        {
          const char *name = table[i].names[j - 1];

          g_ptr_array_add (ports, make_usb_port (table[i].vid, table[i].pid, (int) j - 1,
                                                 g_str_equal (name, "-") ? NULL : name));
        }
      groups = fd_device_group_build (ports);
      g_assert_cmpuint (groups->len, ==, 1);
      candidates = fd_device_group_get_at_candidates (g_ptr_array_index (groups, 0));
      for (guint j = 0; j < candidates->len; j++)
        g_string_append_printf (got, "%s%s", j > 0 ? " " : "",
                                fd_port_info_get_tty_name (g_ptr_array_index (candidates, j)));
      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_cmpstr (got->str, ==, table[i].expected);
    }
}

/* ---- pure helpers ------------------------------------------------------- */

static void
test_clean_string (void)
{
  static const struct {
    const char *raw;
    gssize      len; /* -1: strlen */
    const char *clean;
  } table[] = {
    { "Quectel\n", -1, "Quectel" },
    { "  UNISOC-8910 \n", -1, "UNISOC-8910" },
    { "a\tb\rc\033d", -1, "a b c d" },
    { "\n", -1, NULL },
    { "", -1, NULL },
    { "  \t ", -1, NULL },
    { "bad\xff\xfe!", -1, "bad\xef\xbf\xbd\xef\xbf\xbd!" },
    { "nul\0inside", 10, "nul\xef\xbf\xbdinside" },
    { "\xe5\x90\x88\xe5\xae\x99", -1, "\xe5\x90\x88\xe5\xae\x99" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      gsize len = table[i].len < 0 ? strlen (table[i].raw) : (gsize) table[i].len;
      g_autofree char *clean = fd_port_sysfs_clean_string (table[i].raw, len);

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_cmpstr (clean, ==, table[i].clean);
    }
  g_assert_null (fd_port_sysfs_clean_string (NULL, 0));
}

static void
test_clean_string_bounded (void)
{
  g_autofree char *raw = g_strnfill (1000, 'x');
  g_autofree char *clean = fd_port_sysfs_clean_string (raw, 1000);

  g_assert_cmpuint (strlen (clean), ==, 256);
}

static void
test_interface_hint (void)
{
  static const struct {
    const char *name;
    FdAtHint    hint;
  } table[] = {
    { NULL, FD_AT_HINT_NONE },
    { "", FD_AT_HINT_NONE },
    { "AT", FD_AT_HINT_NAMED_AT },
    { "at", FD_AT_HINT_NAMED_AT },
    { "AT Port", FD_AT_HINT_NAMED_AT },
    { "Modem AT Interface", FD_AT_HINT_NAMED_AT },
    { "AT_CMD", FD_AT_HINT_NAMED_AT },
    { "Luat-AT", FD_AT_HINT_NAMED_AT },
    { "DIAG/AT", FD_AT_HINT_NAMED_AT },
    { "CDC ACM Data", FD_AT_HINT_NONE },
    { "DATA", FD_AT_HINT_NONE },
    { "ATI", FD_AT_HINT_NONE },
    { "Modem", FD_AT_HINT_NONE },
    { "Serial", FD_AT_HINT_NONE },
    { "DIAG Port", FD_AT_HINT_NAMED_OTHER },
    { "Qualcomm DM", FD_AT_HINT_NAMED_OTHER },
    { "NMEA", FD_AT_HINT_NAMED_OTHER },
    { "GNSS", FD_AT_HINT_NAMED_OTHER },
    { "cp_log", FD_AT_HINT_NAMED_OTHER },
    { "Diagnostics", FD_AT_HINT_NONE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_test_message ("%s", table[i].name != NULL ? table[i].name : "(null)");
      g_assert_cmpint (fd_at_hint_from_interface_name (table[i].name), ==, table[i].hint);
    }
}

static void
test_natural_compare (void)
{
  static const struct {
    const char *a, *b;
    int         sign;
  } table[] = {
    { "1-2", "1-2", 0 },
    { "1-2", "1-2.3", -1 },
    { "1-2.3", "1-10", -1 },
    { "1-4.3", "1-4.10", -1 },
    { "1-10", "2-1", -1 },
    { "ttyUSB2", "ttyUSB10", -1 },
    { "ttyACM0", "ttyUSB0", -1 },
    { "a01", "a1", -1 }, /* equal numbers: plain order decides */
    { "a1", "a01", 1 },
    { "b", "a10", 1 },
    { NULL, "a", -1 },
    { "a", NULL, 1 },
    { NULL, NULL, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      int cmp = fd_natural_compare (table[i].a, table[i].b);

      g_test_message ("%s vs %s", table[i].a, table[i].b);
      g_assert_cmpint (cmp < 0 ? -1 : cmp > 0 ? 1 : 0, ==, table[i].sign);
    }
}

/* ---- listing through real ptys, links and globs ------------------------- */

typedef struct {
  int   master;
  char *path;
  char *devnum;
} Pty;

static void
pty_open (Pty *pty)
{
  char name[128];
  struct stat st;

  pty->master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (pty->master, >=, 0);
  g_assert_cmpint (grantpt (pty->master), ==, 0);
  g_assert_cmpint (unlockpt (pty->master), ==, 0);
  g_assert_cmpint (ptsname_r (pty->master, name, sizeof name), ==, 0);
  g_assert_cmpint (stat (name, &st), ==, 0);
  pty->path = g_strdup (name);
  pty->devnum = g_strdup_printf ("%u:%u", major (st.st_rdev), minor (st.st_rdev));
}

static void
pty_close (Pty *pty)
{
  close (pty->master);
  g_free (pty->path);
  g_free (pty->devnum);
}

static void
run_or_die (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };

  run_or_die (argv);
}

static void
make_link (const char *dir, const char *name, const char *target)
{
  g_autofree char *link = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (link);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
}

static GStrv
list_one (gpointer user_data, GError **error)
{
  const char *path = user_data;
  const char *list[] = { path, NULL };

  return g_strdupv ((char **) list);
}

static GStrv
list_fails (gpointer user_data, GError **error)
{
  g_set_error_literal (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO, "no listing here");
  return NULL;
}

typedef struct {
  char *tmp;
  Pty   a;
  Pty   b;
} ListFixture;

/* Two ptys: @a reached through two by-id style links, @b through a
 * simulator link; beside them a dangling link, a plain file and a
 * directory that must all be skipped. */
static void
list_fixture_set_up (ListFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *subdir = NULL;

  fx->tmp = g_dir_make_tmp ("fd-port-enum-XXXXXX", &error);
  g_assert_no_error (error);
  pty_open (&fx->a);
  pty_open (&fx->b);
  make_link (fx->tmp, "by-id/link-b", fx->a.path);
  make_link (fx->tmp, "by-id/link-a", fx->a.path);
  make_link (fx->tmp, "sim/m1", fx->b.path);
  make_link (fx->tmp, "sim/dangling", "/nonexistent/pts/99");
  notes = g_build_filename (fx->tmp, "sim", "notes.txt", NULL);
  g_assert_true (g_file_set_contents (notes, "not a port\n", -1, NULL));
  subdir = g_build_filename (fx->tmp, "sim", "dir", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
}

static void
list_fixture_tear_down (ListFixture *fx, gconstpointer data)
{
  remove_tree (fx->tmp);
  g_free (fx->tmp);
  pty_close (&fx->a);
  pty_close (&fx->b);
}

static FdPortEnumerator *
list_fixture_enumerator (ListFixture *fx)
{
  g_autofree char *by_id = g_build_filename (fx->tmp, "by-id", "*", NULL);
  g_autofree char *sim = g_build_filename (fx->tmp, "sim", "*", NULL);
  g_autofree char *none = g_build_filename (fx->tmp, "none", "*", NULL);
  g_autofree char *plain = g_build_filename (fx->tmp, "by-id", "link-a", NULL);
  const char *globs[] = { by_id, sim, none, plain, NULL };
  g_autofree char *sysfs = fixture_root ("tray");
  FdPortEnumerator *enumerator = fd_port_enumerator_new ();

  fd_port_enumerator_set_sysfs_root (enumerator, sysfs);
  fd_port_enumerator_set_globs (enumerator, globs);
  fd_port_enumerator_set_list_func (enumerator, list_one, g_strdup (fx->a.path), g_free);
  return enumerator;
}

static void
check_list_fixture_groups (ListFixture *fx, GPtrArray *groups)
{
  g_autofree char *link_a = g_build_filename (fx->tmp, "by-id", "link-a", NULL);
  g_autofree char *link_b = g_build_filename (fx->tmp, "by-id", "link-b", NULL);
  g_autofree char *m1 = g_build_filename (fx->tmp, "sim", "m1", NULL);
  g_autofree char *key_a = g_strconcat ("tty:", link_a, NULL);
  g_autofree char *key_b = g_strconcat ("tty:", m1, NULL);
  FdDeviceGroup *group_a, *group_b;
  FdPortInfo *port_a, *port_b;
  const char *const *aliases;

  /* The system list, two links, a glob and a plain path all name pty a:
   * one port. */
  g_assert_cmpuint (groups->len, ==, 2);
  group_a = g_ptr_array_index (groups, 0);
  group_b = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (fd_device_group_get_key (group_a), ==, key_a);
  g_assert_cmpstr (fd_device_group_get_key (group_b), ==, key_b);
  g_assert_cmpstr (fd_device_group_get_title (group_a), ==, "Virtual serial port link-a");
  g_assert_cmpstr (fd_device_group_get_title (group_b), ==, "Virtual serial port m1");
  g_assert_cmpint (fd_device_group_get_transport (group_a), ==, FD_PORT_TRANSPORT_VIRTUAL);
  g_assert_null (fd_device_group_get_known_device (group_a));
  g_assert_null (fd_device_group_get_note (group_a));

  g_assert_cmpuint (fd_device_group_get_ports (group_a)->len, ==, 1);
  port_a = g_ptr_array_index (fd_device_group_get_ports (group_a), 0);
  g_assert_cmpstr (fd_port_info_get_path (port_a), ==, fx->a.path);
  g_assert_null (fd_port_info_get_tty_name (port_a));
  g_assert_null (fd_port_info_get_sysfs_path (port_a));
  aliases = fd_port_info_get_aliases (port_a);
  g_assert_cmpuint (g_strv_length ((char **) aliases), ==, 2);
  g_assert_cmpstr (aliases[0], ==, link_a);
  g_assert_cmpstr (aliases[1], ==, link_b);
  /* Virtual ports are candidates too (the simulator lives there). */
  g_assert_cmpuint (fd_device_group_get_at_candidates (group_a)->len, ==, 1);

  port_b = g_ptr_array_index (fd_device_group_get_ports (group_b), 0);
  g_assert_cmpstr (fd_port_info_get_path (port_b), ==, fx->b.path);
  g_assert_cmpstr (fd_port_info_get_aliases (port_b)[0], ==, m1);
  g_assert_null (fd_port_info_get_aliases (port_b)[1]);
}

static void
test_list_dedupe (ListFixture *fx, gconstpointer data)
{
  g_autoptr(FdPortEnumerator) enumerator = list_fixture_enumerator (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = fd_port_enumerator_enumerate (enumerator, NULL, &error);

  g_assert_no_error (error);
  check_list_fixture_groups (fx, groups);
}

static void
test_list_func_fails (ListFixture *fx, gconstpointer data)
{
  g_autoptr(FdPortEnumerator) enumerator = list_fixture_enumerator (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  /* A failing system list leaves the globs; they find the same ports. */
  fd_port_enumerator_set_list_func (enumerator, list_fails, NULL, NULL);
  groups = fd_port_enumerator_enumerate (enumerator, NULL, &error);
  g_assert_no_error (error);
  check_list_fixture_groups (fx, groups);
}

static void
test_list_nothing (ListFixture *fx, gconstpointer data)
{
  g_autoptr(FdPortEnumerator) enumerator = list_fixture_enumerator (fx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  fd_port_enumerator_set_list_func (enumerator, NULL, NULL, NULL);
  fd_port_enumerator_set_globs (enumerator, NULL);
  g_assert_cmpuint (g_strv_length ((char **) fd_port_enumerator_get_globs (enumerator)), ==, 0);
  groups = fd_port_enumerator_enumerate (enumerator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 0);
}

static void
test_list_cancelled (ListFixture *fx, gconstpointer data)
{
  g_autoptr(FdPortEnumerator) enumerator = list_fixture_enumerator (fx);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  g_cancellable_cancel (cancellable);
  groups = fd_port_enumerator_enumerate (enumerator, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (groups);
}

static void
on_enumerated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fd_port_enumerator_enumerate_finish (FD_PORT_ENUMERATOR (source), result, &error);
  g_assert_no_error (error);
}

static void
test_list_async (ListFixture *fx, gconstpointer data)
{
  g_autoptr(FdPortEnumerator) enumerator = list_fixture_enumerator (fx);
  g_autoptr(GPtrArray) groups = NULL;

  fd_port_enumerator_enumerate_async (enumerator, NULL, on_enumerated, &groups);
  /* Settings changed after the start do not reach the running one. */
  fd_port_enumerator_set_list_func (enumerator, list_fails, NULL, NULL);
  fd_port_enumerator_set_globs (enumerator, NULL);
  while (groups == NULL)
    g_main_context_iteration (NULL, TRUE);
  check_list_fixture_groups (fx, groups);
}

/* The whole path for a USB port: a by-id link to a device node whose
 * major:minor sysfs knows as ttyUSB0 of an Air724. A pty stands in for
 * the node; a copy of the air724 tree gets its major:minor. */
static void
test_pipeline_usb_identity_by_devnum (ListFixture *fx, gconstpointer data)
{
  g_autofree char *src = fixture_root ("air724");
  g_autofree char *sysfs = g_build_filename (fx->tmp, "sys", NULL);
  g_autofree char *dev_file = g_build_filename (sysfs, "class", "tty", "ttyUSB0", "dev", NULL);
  g_autofree char *devnum = g_strconcat (fx->a.devnum, "\n", NULL);
  g_autofree char *link = NULL;
  g_autofree char *pattern = g_build_filename (fx->tmp, "by-id", "usb-*", NULL);
  const char *globs[] = { pattern, NULL };
  const char *cp[] = { "cp", "-a", "--", src, sysfs, NULL };
  g_autoptr(FdPortEnumerator) enumerator = fd_port_enumerator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *text = NULL;
  FdPortInfo *port;

  run_or_die (cp);
  g_assert_true (g_file_set_contents (dev_file, devnum, -1, NULL));
  make_link (fx->tmp, "by-id/usb-UNISOC_UNISOC-8910-if02-port0", fx->a.path);
  link = g_build_filename (fx->tmp, "by-id", "usb-UNISOC_UNISOC-8910-if02-port0", NULL);

  g_assert_cmpstr (fd_port_enumerator_get_sysfs_root (enumerator), ==, "/sys");
  fd_port_enumerator_set_sysfs_root (enumerator, sysfs);
  fd_port_enumerator_set_globs (enumerator, globs);
  fd_port_enumerator_set_list_func (enumerator, NULL, NULL, NULL);
  groups = fd_port_enumerator_enumerate (enumerator, NULL, &error);
  g_assert_no_error (error);

  text = describe_groups (groups);
  g_assert_cmpstr (text, ==,
                   "usb:1-3 | Luat Air72x | 1782:4e00\n"
                   "  ttyUSB0 if=2 drv=option hint=known-interface\n"
                   "  at: ttyUSB0\n");
  port = g_ptr_array_index (fd_device_group_get_ports (g_ptr_array_index (groups, 0)), 0);
  g_assert_cmpstr (fd_port_info_get_path (port), ==, fx->a.path);
  g_assert_cmpstr (fd_port_info_get_aliases (port)[0], ==, link);
  g_assert_cmpstr (fd_port_info_get_product (port), ==, "UNISOC-8910");
}

/* ---- the listing's fingerprint (hot-plug polling) ------------------------- */

static char *
fingerprint (FdPortEnumerator *enumerator)
{
  g_autoptr(GError) error = NULL;
  char *fp = fd_port_enumerator_fingerprint (enumerator, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (fp);
  return fp;
}

static void
test_fingerprint (ListFixture *fx, gconstpointer data)
{
  g_autoptr(FdPortEnumerator) enumerator = list_fixture_enumerator (fx);
  g_autofree char *first = fingerprint (enumerator);
  g_autofree char *again = fingerprint (enumerator);
  g_autofree char *m1 = g_build_filename (fx->tmp, "sim", "m1", NULL);
  g_autofree char *m2 = g_build_filename (fx->tmp, "sim", "m2", NULL);
  g_autofree char *added = NULL;
  g_autofree char *relinked = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *after_traffic = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  Pty c;
  int slave;

  /* stable while nothing changes, even with traffic on a port */
  g_assert_cmpstr (first, ==, again);
  slave = open (fx->b.path, O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_assert_cmpint (write (fx->b.master, "RDY\r\n", 5), ==, 5);
  g_assert_cmpint (write (slave, "AT\r", 3), ==, 3);
  close (slave);
  after_traffic = fingerprint (enumerator);
  g_assert_cmpstr (after_traffic, ==, first);

  /* a new link is news */
  make_link (fx->tmp, "sim/m2", fx->b.path);
  added = fingerprint (enumerator);
  g_assert_cmpstr (added, !=, first);

  /* the same name pointing at a re-created port is news */
  pty_open (&c);
  g_assert_cmpint (unlink (m2), ==, 0);
  make_link (fx->tmp, "sim/m2", c.path);
  relinked = fingerprint (enumerator);
  g_assert_cmpstr (relinked, !=, added);

  /* and so is a link that goes */
  g_assert_cmpint (unlink (m2), ==, 0);
  g_assert_cmpint (unlink (m1), ==, 0);
  removed = fingerprint (enumerator);
  g_assert_cmpstr (removed, !=, relinked);
  g_assert_cmpstr (removed, !=, first);
  pty_close (&c);

  g_cancellable_cancel (cancellable);
  none = fd_port_enumerator_fingerprint (enumerator, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
}

/* ---- the live system ------------------------------------------------------ */

static void
test_system_list (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = fd_port_list_system_ports (NULL, &error);
  g_autoptr(FdPortEnumerator) enumerator = fd_port_enumerator_new ();
  g_autoptr(GPtrArray) groups = NULL;

  /* What is plugged in varies; the shape of the answer does not. */
  g_assert_no_error (error);
  g_assert_nonnull (paths);
  for (gsize i = 0; paths[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (paths[i], "/dev/"));

  groups = fd_port_enumerator_enumerate (enumerator, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);

      g_test_message ("%s: %s", fd_device_group_get_key (group), fd_device_group_get_title (group));
      g_assert_cmpuint (fd_device_group_get_ports (group)->len, >, 0);
      g_assert_nonnull (fd_device_group_get_title (group));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/port-enum/fixture/air780e", test_fixture_air780e);
  g_test_add_func ("/core/port-enum/fixture/air724", test_fixture_air724);
  g_test_add_func ("/core/port-enum/fixture/ch340", test_fixture_ch340);
  g_test_add_func ("/core/port-enum/fixture/tray", test_fixture_tray);
  g_test_add_func ("/core/port-enum/fixture/order-independent", test_fixture_order_independent);
  g_test_add_func ("/core/port-enum/ranking", test_ranking);
  g_test_add_func ("/core/port-enum/sysfs/identity", test_sysfs_identity);
  g_test_add_func ("/core/port-enum/sysfs/native", test_sysfs_native_and_default_path);
  g_test_add_func ("/core/port-enum/sysfs/not-a-port", test_sysfs_not_a_port);
  g_test_add_func ("/core/port-enum/sysfs/missing-root", test_sysfs_missing_root);
  g_test_add_func ("/core/port-enum/sysfs/devnums", test_sysfs_devnums);
  g_test_add_func ("/core/port-enum/clean-string/table", test_clean_string);
  g_test_add_func ("/core/port-enum/clean-string/bounded", test_clean_string_bounded);
  g_test_add_func ("/core/port-enum/interface-hint", test_interface_hint);
  g_test_add_func ("/core/port-enum/natural-compare", test_natural_compare);
  g_test_add ("/core/port-enum/list/dedupe", ListFixture, NULL, list_fixture_set_up,
              test_list_dedupe, list_fixture_tear_down);
  g_test_add ("/core/port-enum/list/system-list-fails", ListFixture, NULL, list_fixture_set_up,
              test_list_func_fails, list_fixture_tear_down);
  g_test_add ("/core/port-enum/list/nothing", ListFixture, NULL, list_fixture_set_up,
              test_list_nothing, list_fixture_tear_down);
  g_test_add ("/core/port-enum/list/cancelled", ListFixture, NULL, list_fixture_set_up,
              test_list_cancelled, list_fixture_tear_down);
  g_test_add ("/core/port-enum/list/async", ListFixture, NULL, list_fixture_set_up,
              test_list_async, list_fixture_tear_down);
  g_test_add ("/core/port-enum/pipeline/usb-by-devnum", ListFixture, NULL, list_fixture_set_up,
              test_pipeline_usb_identity_by_devnum, list_fixture_tear_down);
  g_test_add ("/core/port-enum/list/fingerprint", ListFixture, NULL, list_fixture_set_up,
              test_fingerprint, list_fixture_tear_down);
  g_test_add_func ("/core/port-enum/system/list", test_system_list);

  return g_test_run ();
}
