/* test-known-devices.c — the known-device table, the udev rule that must
 * list the same VID:PIDs, and the metainfo's modaliases for its modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-known-devices.h"

/* What the issue and the vendors say; the table must agree. */
static const struct {
  guint16           vid;
  guint16           pid;
  FdKnownDeviceKind kind;
  const char       *name;
  int               at_interface;
} expected_devices[] = {
  { 0x1782, 0x4e00, FD_KNOWN_DEVICE_MODULE, "Air72x", 2 },
  { 0x19d1, 0x0001, FD_KNOWN_DEVICE_MODULE, "Air780E", FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  { 0x17d1, 0x0001, FD_KNOWN_DEVICE_DOWNLOAD_MODE, "Air780E", FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  { 0x1782, 0x4d11, FD_KNOWN_DEVICE_MODULE, "ML302", FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  { 0x2ecc, 0x3012, FD_KNOWN_DEVICE_MODULE, "ML307A", FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  { 0x1a86, 0x7523, FD_KNOWN_DEVICE_BRIDGE, "CH340", 0 },
  { 0x10c4, 0xea60, FD_KNOWN_DEVICE_BRIDGE, "CP210x", 0 },
};

static void
test_expected_entries (void)
{
  gsize n = 0;

  fd_known_devices_get_all (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected_devices));
  for (gsize i = 0; i < G_N_ELEMENTS (expected_devices); i++)
    {
      const FdKnownDevice *dev = fd_known_device_lookup (expected_devices[i].vid,
                                                         expected_devices[i].pid);

      g_test_message ("%04x:%04x", expected_devices[i].vid, expected_devices[i].pid);
      g_assert_nonnull (dev);
      g_assert_cmpint (dev->kind, ==, expected_devices[i].kind);
      g_assert_cmpstr (dev->name, ==, expected_devices[i].name);
      g_assert_cmpint (dev->at_interface, ==, expected_devices[i].at_interface);
    }
}

static void
test_table_sane (void)
{
  gsize n = 0;
  const FdKnownDevice *all = fd_known_devices_get_all (&n);

  for (gsize i = 0; i < n; i++)
    {
      const FdKnownDevice *dev = &all[i];

      g_assert_cmpuint (dev->vid, !=, 0);
      g_assert_cmpuint (dev->pid, !=, 0);
      g_assert_true (dev->vendor != NULL && dev->vendor[0] != '\0');
      g_assert_true (dev->name != NULL && dev->name[0] != '\0');
      /* USB allows at most 32 interfaces per configuration. */
      g_assert_cmpint (dev->at_interface, >=, FD_KNOWN_DEVICE_AT_INTERFACE_ANY);
      g_assert_cmpint (dev->at_interface, <, 32);
      /* A boot loader has no AT interface to point at. */
      if (dev->kind == FD_KNOWN_DEVICE_DOWNLOAD_MODE)
        g_assert_cmpint (dev->at_interface, ==, FD_KNOWN_DEVICE_AT_INTERFACE_ANY);
      g_assert_true (fd_known_device_has_at (dev) == (dev->kind != FD_KNOWN_DEVICE_DOWNLOAD_MODE));
      /* Each VID:PID once, and lookup finds this very entry. */
      for (gsize j = i + 1; j < n; j++)
        g_assert_false (all[j].vid == dev->vid && all[j].pid == dev->pid);
      g_assert_true (fd_known_device_lookup (dev->vid, dev->pid) == dev);
    }
}

static void
test_lookup_unknown (void)
{
  g_assert_null (fd_known_device_lookup (0x2c7c, 0x0125));
  g_assert_null (fd_known_device_lookup (0x1782, 0x0000));
  g_assert_null (fd_known_device_lookup (0x0000, 0x4e00));
}

static void
test_titles (void)
{
  static const struct {
    guint16     vid, pid;
    const char *title;
  } table[] = {
    { 0x1782, 0x4e00, "Luat Air72x" },
    { 0x17d1, 0x0001, "Luat Air780E in download mode" },
    { 0x1a86, 0x7523, "WCH CH340 USB-serial bridge" },
    { 0x2ecc, 0x3012, "China Mobile ML307A" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *title = fd_known_device_get_title (
        fd_known_device_lookup (table[i].vid, table[i].pid));

      g_assert_cmpstr (title, ==, table[i].title);
    }
}

/* The VID:PIDs of every rule line that sets ID_MM_DEVICE_IGNORE, as
 * "vvvv:pppp" strings. */
static GPtrArray *
read_rule_ids (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "60-fotadesk.rules",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  /* Each device line keeps ModemManager away and marks the device as
   * FotaDesk's, for the uaccess line. */
  regex = g_regex_new ("^ATTRS\\{idVendor\\}==\"([0-9a-f]{4})\", *ATTRS\\{idProduct\\}=="
                       "\"([0-9a-f]{4})\", *ENV\\{ID_MM_DEVICE_IGNORE\\}=\"1\", *"
                       "ENV\\{FOTADESK_DEVICE\\}=\"1\"$",
                       0, 0, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *vid = NULL;
      g_autofree char *pid = NULL;

      if (!g_regex_match (regex, lines[i], 0, &match))
        {
          /* A device line in another shape would escape this check. */
          g_assert_null (strstr (lines[i], "idVendor"));
          continue;
        }
      vid = g_match_info_fetch (match, 1);
      pid = g_match_info_fetch (match, 2);
      g_ptr_array_add (ids, g_strdup_printf ("%s:%s", vid, pid));
    }
  return ids;
}

static gboolean
ids_contain (GPtrArray *ids, const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static void
test_udev_rule_lists_table (void)
{
  g_autoptr(GPtrArray) ids = read_rule_ids ();
  gsize n = 0;
  const FdKnownDevice *all = fd_known_devices_get_all (&n);

  g_assert_cmpuint (ids->len, >, 0);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%04x:%04x", all[i].vid, all[i].pid);

      if (!ids_contain (ids, id))
        g_error ("%s (%s %s) is not in data/60-fotadesk.rules", id, all[i].vendor, all[i].name);
    }
}

static void
test_udev_rule_has_no_stranger (void)
{
  g_autoptr(GPtrArray) ids = read_rule_ids ();

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      guint64 vid = g_ascii_strtoull (id, NULL, 16);
      guint64 pid = g_ascii_strtoull (id + 5, NULL, 16);

      if (fd_known_device_lookup ((guint16) vid, (guint16) pid) == NULL)
        g_error ("data/60-fotadesk.rules lists %s, which the known-device table lacks", id);
      for (guint j = i + 1; j < ids->len; j++)
        g_assert_cmpstr (id, !=, g_ptr_array_index (ids, j));
    }
}

/* The metainfo's modaliases, "vvvv:pppp" in lower case as the table
 * prints them. */
static GPtrArray *
read_modalias_ids (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "io.github.fotadesk.FotaDesk.metainfo.xml.in", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n_tags = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  /* The kernel's form: upper-case hex, any bcdDevice after. */
  regex = g_regex_new ("<modalias>usb:v([0-9A-F]{4})p([0-9A-F]{4})d\\*</modalias>", 0, 0, &error);
  g_assert_no_error (error);
  for (g_regex_match (regex, contents, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *vid = g_match_info_fetch (match, 1);
      g_autofree char *pid = g_match_info_fetch (match, 2);
      g_autofree char *id = g_strdup_printf ("%s:%s", vid, pid);

      g_ptr_array_add (ids, g_ascii_strdown (id, -1));
    }
  /* A modalias in another shape would escape this check. */
  for (const char *p = contents; (p = strstr (p, "<modalias>")) != NULL; p++)
    n_tags++;
  g_assert_cmpuint (n_tags, ==, ids->len);
  return ids;
}

/* Software centres offer FotaDesk for these devices: the modules of the
 * table, each once, and nothing else — not the bridges (a CH340 is far
 * more often something else) nor a boot loader FotaDesk cannot use. */
static void
test_metainfo_modaliases (void)
{
  g_autoptr(GPtrArray) ids = read_modalias_ids ();
  gsize n = 0;
  const FdKnownDevice *all = fd_known_devices_get_all (&n);
  guint n_modules = 0;

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%04x:%04x", all[i].vid, all[i].pid);

      if (all[i].kind != FD_KNOWN_DEVICE_MODULE)
        {
          g_assert_false (ids_contain (ids, id));
          continue;
        }
      n_modules++;
      if (!ids_contain (ids, id))
        g_error ("%s (%s %s) has no modalias in the metainfo", id, all[i].vendor, all[i].name);
    }
  g_assert_cmpuint (ids->len, ==, n_modules);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      if (fd_known_device_lookup ((guint16) g_ascii_strtoull (id, NULL, 16),
                                  (guint16) g_ascii_strtoull (id + 5, NULL, 16)) == NULL)
        g_error ("the metainfo names %s, which the known-device table lacks", id);
    }
}

/* The rule's frame: it runs for the events that carry properties, gives
 * uaccess only to the ttys of the devices it lists, and sorts before
 * systemd's 73-seat-late.rules, which turns the uaccess tag into ACLs. */
static void
test_udev_rule_frame (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "60-fotadesk.rules",
                                                 NULL);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpint (g_ascii_strtoll (name, NULL, 10), <, 73);
  lines = g_strsplit (contents, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      g_ptr_array_add (rules, lines[i]);
  g_assert_cmpuint (rules->len, >, 3);
  g_assert_cmpstr (g_ptr_array_index (rules, 0), ==,
                   "ACTION!=\"add|change|move|bind\", GOTO=\"fotadesk_end\"");
  g_assert_cmpstr (g_ptr_array_index (rules, 1), ==, "SUBSYSTEM!=\"usb|tty\", GOTO=\"fotadesk_end\"");
  g_assert_cmpstr (g_ptr_array_index (rules, rules->len - 2), ==,
                   "SUBSYSTEM==\"tty\", ENV{FOTADESK_DEVICE}==\"1\", TAG+=\"uaccess\"");
  g_assert_cmpstr (g_ptr_array_index (rules, rules->len - 1), ==, "LABEL=\"fotadesk_end\"");
  for (guint i = 0; i < rules->len - 2; i++)
    g_assert_null (strstr (g_ptr_array_index (rules, i), "uaccess"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/known-devices/expected-entries", test_expected_entries);
  g_test_add_func ("/core/known-devices/table-sane", test_table_sane);
  g_test_add_func ("/core/known-devices/lookup-unknown", test_lookup_unknown);
  g_test_add_func ("/core/known-devices/titles", test_titles);
  g_test_add_func ("/core/known-devices/udev-rule/lists-table", test_udev_rule_lists_table);
  g_test_add_func ("/core/known-devices/udev-rule/no-stranger", test_udev_rule_has_no_stranger);
  g_test_add_func ("/core/known-devices/udev-rule/frame", test_udev_rule_frame);
  g_test_add_func ("/core/known-devices/metainfo-modaliases", test_metainfo_modaliases);

  return g_test_run ();
}
