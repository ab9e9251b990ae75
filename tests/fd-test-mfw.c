/* fd-test-mfw.c — helpers of the dialect B tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-test-mfw.h"

#include <glib/gstdio.h>

#include "fd-sim-package.h"

void
fd_test_mfw_setup (FdTestMfw *fx, gconstpointer data)
{
  fx->dir = fd_test_mkdtemp ();
  fx->www = g_build_filename (fx->dir, "www", NULL);
  g_mkdir (fx->www, 0755);
  fx->fleet = fd_sim_fleet_new (fx->dir, NULL);
  g_assert_nonnull (fx->fleet);
}

void
fd_test_mfw_teardown (FdTestMfw *fx, gconstpointer data)
{
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->www);
  g_free (fx->dir);
}

FdSimModule *
fd_test_mfw_add (FdTestMfw *fx, const char *model)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, model, NULL, NULL, &error);

  g_assert_no_error (error);
  return m;
}

GBytes *
fd_test_mfw_publish (FdTestMfw *fx, const char *name, const char *revision, gsize size,
                     guint32 seed)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);
  GBytes          *pkg = fd_sim_package_build (revision, size, seed);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pkg, NULL),
                                      (gssize)g_bytes_get_size (pkg), NULL));
  return pkg;
}

void
fd_test_mfw_publish_bytes (FdTestMfw *fx, const char *name, GBytes *bytes)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL));
}

void
fd_test_mfw_set_url (FdTestPort *port, const char *url)
{
  g_autofree char *cmd = g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"", url);

  fd_test_command_expect (port, cmd, (const char *const[]){ "OK", NULL });
}

void
fd_test_mfw_expect_checksums (FdTestPort *port, GBytes *data)
{
  static const GChecksumType types[] = { G_CHECKSUM_MD5, G_CHECKSUM_SHA1, G_CHECKSUM_SHA256 };

  for (guint alg = 0; alg < 3; alg++)
    {
      g_autofree char *cmd = g_strdup_printf ("AT+MFWCHECK=%u", alg);
      g_autofree char *sum = g_compute_checksum_for_bytes (types[alg], data);
      g_autofree char *upper = g_ascii_strup (sum, -1);
      g_autofree char *line = g_strdup_printf ("+MFWCHECK: %s", upper);

      fd_test_command_expect (port, cmd, (const char *const[]){ line, "OK", NULL });
    }
}

/* AT+MFWUPGRADE on a stored package: success, reboot, new revision. */
void
fd_test_mfw_upgrade_ok (FdTestPort *port, FdSimModule *m, const char *revision)
{
  g_autoptr (GError) error = NULL;
  guint boots = fd_sim_module_get_boot_count (m);

  fd_test_port_send (port, "AT+MFWUPGRADE");
  fd_test_port_expect (port, (const char *const[]){ "+MFWUPGRADE: 2", NULL }, FD_TEST_TIMEOUT_MS);
  g_assert_true (fd_sim_module_wait_ready (m, boots + 1, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  /* A UART module: same port, echo back on after the reboot. */
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ revision, "OK", NULL });
  g_autofree char *rev = fd_sim_module_dup_revision (m);
  g_assert_cmpstr (rev, ==, revision);
}
