/* test-sim-mfw.c — dialect B (OneMO MFW) against real loopback servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "fd-sim-fleet.h"
#include "fd-sim-package.h"
#include "fd-sim-transcript.h"
#include "fd-test-server.h"
#include "fd-test-util.h"

typedef struct
{
  char       *dir;
  char       *www; /* what the servers serve */
  FdSimFleet *fleet;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->dir = fd_test_mkdtemp ();
  fx->www = g_build_filename (fx->dir, "www", NULL);
  g_mkdir (fx->www, 0755);
  fx->fleet = fd_sim_fleet_new (fx->dir, NULL);
  g_assert_nonnull (fx->fleet);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->www);
  g_free (fx->dir);
}

static FdSimModule *
add (Fixture *fx, const char *model)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, model, NULL, NULL, &error);

  g_assert_no_error (error);
  return m;
}

static GBytes *
publish (Fixture *fx, const char *name, const char *revision, gsize size, guint32 seed)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);
  GBytes          *pkg = fd_sim_package_build (revision, size, seed);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pkg, NULL),
                                      (gssize)g_bytes_get_size (pkg), NULL));
  return pkg;
}

static void
publish_bytes (Fixture *fx, const char *name, GBytes *bytes)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL));
}

static void
set_url (FdTestPort *port, const char *url)
{
  g_autofree char *cmd = g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"", url);

  fd_test_command_expect (port, cmd, (const char *const[]){ "OK", NULL });
}

static void
expect_checksums (FdTestPort *port, GBytes *data)
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
static void
upgrade_ok (FdTestPort *port, FdSimModule *m, const char *revision)
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

/* --- configuration ------------------------------------------------------ */

static void
test_cfg_items (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E-DLVS");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char         *long_url = g_strdup_printf ("http://h/%0*d", 256 - 9 + 1, 0);
  g_autofree char         *max_url = g_strdup_printf ("http://h/%0*d", 256 - 9, 0);
  g_autofree char         *cmd = NULL;
  static const char *const good[][2] = {
    { "AT+MFWCFG=\"timeout\",30", "AT+MFWCFG=\"timeout\"" },
    { "AT+MFWCFG=\"timeout\",180", NULL },
    { "AT+MFWCFG=\"mode\",1", NULL },
    { "AT+MFWCFG=\"progind\",10240", NULL },
    { "AT+MFWCFG=\"progind\",0", NULL },
    { "AT+MFWCFG=\"ssl\",4", NULL },
    { "AT+MFWCFG=\"pkgsize\",3072", NULL },
    { "AT+MFWCFG=\"url\",\"FTP://1.2.3.4:21/a.bin\"", NULL },
    { "AT+MFWCFG=\"url\",\"file://dload/update3.bin\"", NULL },
    { "AT+MFWCFG=\"url\",\"ftps://h/x\"", NULL },
    { "AT+MFWCFG=\"auth\",\"ftpxy\",\"123654\"", NULL },
  };
  static const char *const bad[] = {
    "AT+MFWCFG=\"timeout\",29",
    "AT+MFWCFG=\"timeout\",181",
    "AT+MFWCFG=\"timeout\",\"60\"",
    "AT+MFWCFG=\"mode\",2",
    "AT+MFWCFG=\"progind\",1000",
    "AT+MFWCFG=\"progind\",-1024",
    "AT+MFWCFG=\"ssl\",5",
    "AT+MFWCFG=\"pkgsize\",256",
    "AT+MFWCFG=\"pkgsize\",700",
    "AT+MFWCFG=\"pkgsize\",3584",
    "AT+MFWCFG=\"nosuch\",1",
    "AT+MFWCFG=\"auth\",\"only-user\"",
    "AT+MFWCFG=\"auth\",\"u\",\"1234567890123456789012345678901234567890123456789\"",
    "AT+MFWCFG=\"timeout\",60,1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    fd_test_command_expect (port, good[i][0], (const char *const[]){ "OK", NULL });
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    fd_test_command_expect (port, bad[i], (const char *const[]){ "+CME ERROR: 851", NULL });
  /* Reads show the last good values. */
  fd_test_command_expect (port, "AT+MFWCFG=\"timeout\"",
                          (const char *const[]){ "+MFWCFG: \"timeout\",180", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"mode\"",
                          (const char *const[]){ "+MFWCFG: \"mode\",1", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"progind\"",
                          (const char *const[]){ "+MFWCFG: \"progind\",0", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"ssl\"",
                          (const char *const[]){ "+MFWCFG: \"ssl\",4", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"PKGSIZE\"",
                          (const char *const[]){ "+MFWCFG: \"pkgsize\",3072", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"url\"",
                          (const char *const[]){ "+MFWCFG: \"url\",\"ftps://h/x\"", "OK", NULL });
  fd_test_command_expect (
      port, "AT+MFWCFG=\"auth\"",
      (const char *const[]){ "+MFWCFG: \"auth\",\"ftpxy\",\"123654\"", "OK", NULL });
  /* URL: 256 bytes is the limit; a scheme is required and must be known. */
  cmd = g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"", max_url);
  fd_test_command_expect (port, cmd, (const char *const[]){ "OK", NULL });
  g_free (cmd);
  cmd = g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"", long_url);
  fd_test_command_expect (port, cmd, (const char *const[]){ "+CME ERROR: 851", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"url\",\"1.15.41.92:3000/data\"",
                          (const char *const[]){ "+CME ERROR: 852", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"url\",\"gopher://h/x\"",
                          (const char *const[]){ "+CME ERROR: 852", NULL });
  fd_test_command_expect (port, "AT+MFWCFG", (const char *const[]){ "ERROR", NULL });
  fd_test_command_expect (port, "AT+MFWCFG?", (const char *const[]){ "ERROR", NULL });
}

/* The capability table of the spec, row by row. */
static void
test_cfg_capabilities (Fixture *fx, gconstpointer data)
{
  static const struct
  {
    const char *model;
    const char *ok; /* "hsfFxTmpPlcer": see below */
  } rows[] = {
    /* h http, s https, f ftp, F ftps, x file, T timeout, l ssl, P pkgsize 1024,
     * D MFWDLOAD, c MFWCHECK, e MFWERASE, H hex write, p passthrough */
    { "M5311-E-XLVS", "hsfFxTlPDceHp" },
    { "M5310-E", "hTDeH" },
    { "MN316-DLVS", "hsTlPDeH" },
    { "MN316-S-DLVS", "hsfFxTlPDceHp" },
    { "ML302A-DCLM", "h" },
    { "ML302A-GCLM", "h" },
    { "ML307A-DCLN", "h" },
    { "ML307A-GCLN", "h" },
    { "ML302A-DSLM", "hf" },
    { "ML302A-GSLM", "hf" },
    { "ML307A-DSLN", "hf" },
    { "ML307A-GSLN", "hf" },
    { "ML302S-DNLM", "hf" },
    { "ML307S-DNLM", "hf" },
    { "ML307A", "h" }, /* no sub-model: the conservative row */
  };
  static const struct
  {
    char        key;
    const char *command;
    const char *refusal;
  } probes[] = {
    { 'h', "AT+MFWCFG=\"url\",\"http://127.0.0.1/x\"", "+CME ERROR: 852" },
    { 's', "AT+MFWCFG=\"url\",\"https://127.0.0.1/x\"", "+CME ERROR: 852" },
    { 'f', "AT+MFWCFG=\"url\",\"ftp://127.0.0.1/x\"", "+CME ERROR: 852" },
    { 'F', "AT+MFWCFG=\"url\",\"ftps://127.0.0.1/x\"", "+CME ERROR: 852" },
    { 'x', "AT+MFWCFG=\"url\",\"file://dload/x.bin\"", "+CME ERROR: 852" },
    { 'T', "AT+MFWCFG=\"timeout\",60", "+CME ERROR: 851" },
    { 'l', "AT+MFWCFG=\"ssl\",0", "+CME ERROR: 851" },
    { 'P', "AT+MFWCFG=\"pkgsize\",1024", "+CME ERROR: 851" },
    { 'D', "AT+MFWDLOAD?", "ERROR" },
    { 'c', "AT+MFWCHECK=0", "ERROR" },
    { 'e', "AT+MFWERASE", "ERROR" },
    { 'H', "AT+MFWDLOAD=0,1,\"00\"", "ERROR" },
    { 'p', "AT+MFWDLOAD=0,4", "ERROR" },
  };

  for (gsize r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      FdSimModule *m = add (fx, rows[r].model);
      g_autoptr (FdTestPort) port = fd_test_open_module (m);

      for (gsize p = 0; p < G_N_ELEMENTS (probes); p++)
        {
          g_autoptr (GPtrArray) lines = NULL;
          gboolean    can = strchr (rows[r].ok, probes[p].key) != NULL;
          const char *last;

          g_test_message ("%s %s", rows[r].model, probes[p].command);
          if (probes[p].key == 'p' && can)
            {
              /* Into passthrough: the prompt, four bytes, OK. */
              fd_test_port_send (port, probes[p].command);
              g_assert_true (fd_test_port_wait_prompt (port, FD_TEST_TIMEOUT_MS));
              fd_test_port_write (port, "\0\0\0\0", 4);
              fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
              continue;
            }
          lines = fd_test_port_command (port, probes[p].command, FD_TEST_TIMEOUT_MS);
          g_assert_nonnull (lines);
          last = g_ptr_array_index (lines, lines->len - 1);
          if (can)
            g_assert_cmpstr (last, !=, probes[p].refusal);
          else
            g_assert_cmpstr (last, ==, probes[p].refusal);
        }
    }
}

static void
test_pkgsize_m5310e (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5310-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWCFG=\"pkgsize\",512", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"pkgsize\",1024",
                          (const char *const[]){ "+CME ERROR: 851", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"ssl\",1",
                          (const char *const[]){ "+CME ERROR: 851", NULL });
}

/* --- downloads ---------------------------------------------------------- */

static void
test_http_download (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = publish (fx, "fw.bin", "M5311-E_V2.2.0", 5000 - 14 - 14 - 32, 1);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 5000);
  set_url (port, url);
  fd_test_command_expect (port, "AT+MFWCFG=\"progind\",1024", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port,
                       (const char *const[]){ "+MFWDLOAD: 1,5000,1024", "+MFWDLOAD: 1,5000,2048",
                                              "+MFWDLOAD: 1,5000,3072", "+MFWDLOAD: 1,5000,4096",
                                              "+MFWDLOAD: 2,5000,5000", NULL },
                       FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+MFWDLOAD?",
                          (const char *const[]){ "+MFWDLOAD: 2,5000,5000", "OK", NULL });
  expect_checksums (port, pkg);
  upgrade_ok (port, m, "M5311-E_V2.2.0");
  /* The package is consumed by the upgrade. */
  fd_test_command_expect (port, "AT+MFWUPGRADE", (const char *const[]){ "+CME ERROR: 854", NULL });
}

static void
test_progind_zero (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (GBytes) pkg = publish (fx, "fw.bin", "MN316_V1.2.0", 30000, 2);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *final
      = g_strdup_printf ("+MFWDLOAD: 2,%zu,%zu", g_bytes_get_size (pkg), g_bytes_get_size (pkg));

  set_url (port, url);
  /* progind 0 (the default): only the final report. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ final, NULL }, FD_TEST_TIMEOUT_MS);
  upgrade_ok (port, m, "MN316_V1.2.0");
}

/* The manual's HTTP flow: cfg url, MFWDLOAD, progress, done, MFWUPGRADE. */
static void
test_seed_http_flow (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E-XLVS");
  g_autoptr (GBytes) pkg = publish (fx, "data", "M5311-E_V2.3.0", 49630 - 60, 3);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "data");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = NULL;

  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 49630);
  set_url (port, url);
  fd_test_command_expect (port, "AT+MFWCFG=\"progind\",1024", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (
      port, (const char *const[]){ "+MFWDLOAD: 1,49630,1024", "+MFWDLOAD: 1,49630,2048", NULL },
      FD_TEST_TIMEOUT_MS);
  /* … one line per KiB … then the manual's last line. */
  lines = fd_test_port_wait_line (port, "+MFWDLOAD: 2,49630,49630", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, 48 - 2);
  g_assert_cmpstr (g_ptr_array_index (lines, lines->len - 1), ==, "+MFWDLOAD: 1,49630,49152");
  upgrade_ok (port, m, "M5311-E_V2.3.0");
}

static void
tls_download (Fixture *fx, gboolean use_ca)
{
  FdSimModule *m = add (fx, "MN316-S");
  g_autoptr (GBytes) pkg = publish (fx, "fw.bin", "MN316-S_V1.1.0", 20000, 4);
  g_autofree char *cert = NULL, *key = NULL, *url = NULL, *final = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (FdTestPort) port = NULL;

  fd_test_make_cert (fx->dir, &cert, &key);
  server = fd_test_server_start ("https", fx->www, "--cert", cert, "--key", key, NULL);
  url = fd_test_server_url (server, "fw.bin");
  port = fd_test_open_module (m);
  set_url (port, url);
  /* Without trust the handshake fails: unrecoverable, "3" alone. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,,0", NULL }, FD_TEST_TIMEOUT_MS);
  g_autoptr (GPtrArray) none = fd_test_port_command (port, "AT", FD_TEST_TIMEOUT_MS);
  fd_test_assert_lines (none, (const char *const[]){ "OK", NULL }); /* no "0" follows */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  if (use_ca)
    fd_sim_fleet_set_tls_ca_file (fx->fleet, cert);
  else
    fd_sim_fleet_set_tls_insecure_loopback (fx->fleet, TRUE);
  final = g_strdup_printf ("+MFWDLOAD: 2,%zu,%zu", g_bytes_get_size (pkg), g_bytes_get_size (pkg));
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ final, NULL }, FD_TEST_TIMEOUT_MS);
  expect_checksums (port, pkg);
}

static void
test_https_ca (Fixture *fx, gconstpointer data)
{
  tls_download (fx, TRUE);
}

static void
test_https_insecure_loopback (Fixture *fx, gconstpointer data)
{
  tls_download (fx, FALSE);
}

static void
ftp_download (Fixture *fx, const char *kind)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = publish (fx, "Test.bin", "M5311-E_V3.0.0", 12345, 5);
  g_autofree char *cert = NULL, *key = NULL, *url = NULL, *final = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (FdTestPort) port = NULL;

  fd_test_make_cert (fx->dir, &cert, &key);
  server = fd_test_server_start (kind, fx->www, "--user", "ftpxy", "--password", "123654", "--cert",
                                 cert, "--key", key, NULL);
  fd_sim_fleet_set_tls_ca_file (fx->fleet, cert);
  url = fd_test_server_url (server, "Test.bin");
  port = fd_test_open_module (m);
  set_url (port, url);
  /* The manual's FTP example fails: here, for a wrong password. */
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"ftpxy\",\"wrong\"",
                          (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,,0", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"ftpxy\",\"123654\"",
                          (const char *const[]){ "OK", NULL });
  final = g_strdup_printf ("+MFWDLOAD: 2,%zu,%zu", g_bytes_get_size (pkg), g_bytes_get_size (pkg));
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ final, NULL }, FD_TEST_TIMEOUT_MS);
  expect_checksums (port, pkg);
  upgrade_ok (port, m, "M5311-E_V3.0.0");
}

static void
test_ftp (Fixture *fx, gconstpointer data)
{
  ftp_download (fx, "ftp");
}

static void
test_ftps (Fixture *fx, gconstpointer data)
{
  ftp_download (fx, "ftps");
}

/* "3" then "0": resumable; MFWDLOAD again continues where it stopped. */
static void
resumable (Fixture *fx, gboolean server_ranges)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = publish (fx, "fw.bin", "M5311-E_V4.0.0", 8192 - 60, 6);
  g_autofree char *log = g_build_filename (fx->dir, "requests.log", NULL);
  g_autoptr (FdTestServer) server = fd_test_server_start (
      "http", fx->www, "--cut-once", "3000", "--log", log, server_ranges ? "--range" : NULL, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  set_url (port, url);
  fd_test_command_expect (port, "AT+MFWCFG=\"progind\",2048", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port,
                       (const char *const[]){ "+MFWDLOAD: 1,8192,2048", "+MFWDLOAD: 3,8192,3000",
                                              "+MFWDLOAD: 0,8192,3000", NULL },
                       FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+MFWDLOAD?",
                          (const char *const[]){ "+MFWDLOAD: 0,8192,3000", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port,
                       (const char *const[]){ "+MFWDLOAD: 1,8192,4096", "+MFWDLOAD: 1,8192,6144",
                                              "+MFWDLOAD: 2,8192,8192", NULL },
                       FD_TEST_TIMEOUT_MS);
  /* What was stored is exactly the file, seam included. */
  expect_checksums (port, pkg);
  upgrade_ok (port, m, "M5311-E_V4.0.0");
  g_autofree char *requests = NULL;
  g_assert_true (g_file_get_contents (log, &requests, NULL, NULL));
  g_assert_cmpstr (requests, ==, "GET /fw.bin\nGET /fw.bin\n");
}

static void
test_resumable_range (Fixture *fx, gconstpointer data)
{
  resumable (fx, TRUE);
}

static void
test_resumable_no_range (Fixture *fx, gconstpointer data)
{
  resumable (fx, FALSE);
}

static void
test_net_cut_ftp (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316-S");
  g_autoptr (GBytes) pkg = publish (fx, "fw.bin", "MN316-S_V2", 10000 - 56, 7);
  g_autoptr (FdTestServer) server = fd_test_server_start ("ftp", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_true (fd_sim_module_apply_fault_spec (m, "net-cut=4000", NULL));
  set_url (port, url);
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"fota\",\"fota\"",
                          (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (
      port, (const char *const[]){ "+MFWDLOAD: 3,10000,4000", "+MFWDLOAD: 0,10000,4000", NULL },
      FD_TEST_TIMEOUT_MS);
  /* FTP resumes with REST. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 2,10000,10000", NULL },
                       FD_TEST_TIMEOUT_MS);
  expect_checksums (port, pkg);
}

static void
test_unrecoverable (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (GBytes) pkg = publish (fx, "fw.bin", "MN316_V9", 3000, 8);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *missing = fd_test_server_url (server, "nothing-here.bin");
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWDLOAD?", (const char *const[]){ "+CME ERROR: 850", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 851", NULL });
  set_url (port, missing);
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,,0", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+MFWDLOAD?",
                          (const char *const[]){ "+MFWDLOAD: 3,,0", "OK", NULL });
  /* Erase first, says the manual. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD=0,1,\"00\"",
                          (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  set_url (port, url);
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 2,3054,3054", NULL },
                       FD_TEST_TIMEOUT_MS);
}

static void
test_connection_refused (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GSocket) sock
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago and is not listening. */
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/fw.bin",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  set_url (port, url);
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,,0", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_file (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = NULL;
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *dload = g_build_filename (fx->www, "dload", NULL);

  g_mkdir (dload, 0755);
  pkg = publish (fx, "dload/update3.bin", "M5311-E_FILE", 4000, 9);
  /* No file system yet: nothing to take. */
  set_url (port, "file://dload/update3.bin");
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_sim_module_set_fs_root (m, fx->www);
  /* As the manual: OK and no URC. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  expect_checksums (port, pkg);
  upgrade_ok (port, m, "M5311-E_FILE");
  set_url (port, "file://../escape.bin");
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
}

/* The manual's file example ends in "+MFWUPGRADE: 3": a damaged file. */
static void
test_seed_file_flow (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316-S");
  g_autoptr (GBytes) good = fd_sim_package_build ("MN316-S_X", 1000, 10);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *dir = g_build_filename (fx->www, "usr", "myfile", NULL);

  g_byte_array_append (bad, g_bytes_get_data (good, NULL), (guint)g_bytes_get_size (good));
  bad->data[500] ^= 0x40; /* one flipped bit in the payload */
  g_mkdir_with_parents (dir, 0755);
  publish_bytes (fx, "usr/myfile/test.bin", g_bytes_new_static (bad->data, bad->len));
  fd_sim_module_set_fs_root (m, fx->www);
  fd_test_command_expect (port, "AT+MFWCFG=\"url\",\"file://usr/myfile/test.bin\"",
                          (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_send (port, "AT+MFWUPGRADE");
  fd_test_port_expect (port, (const char *const[]){ "+MFWUPGRADE: 3", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "MN316-S_V1.0.1", "OK", NULL });
}

/* --- serial writes ------------------------------------------------------ */

static char *
hex_of (const guint8 *data, gsize len)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02X", data[i]);
  return g_string_free (s, FALSE);
}

static void
hex_write_all (FdTestPort *port, GBytes *pkg, gboolean quoted)
{
  gsize         len;
  const guint8 *data = g_bytes_get_data (pkg, &len);

  for (gsize off = 0; off < len; off += 512)
    {
      gsize            n = MIN (512, len - off);
      g_autofree char *hex = hex_of (data + off, n);
      g_autofree char *cmd = g_strdup_printf (
          quoted ? "AT+MFWDLOAD=%zu,%zu,\"%s\"" : "AT+MFWDLOAD=%zu,%zu,%s", off, n, hex);
      fd_test_command_expect (port, cmd, (const char *const[]){ "OK", NULL });
    }
}

static void
hex_write (Fixture *fx, const char *model, gboolean quoted)
{
  FdSimModule *m = add (fx, model);
  g_autoptr (GBytes) pkg = fd_sim_package_build ("HEX_WRITTEN_V1", 1800, 11);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  hex_write_all (port, pkg, quoted);
  if (g_strcmp0 (model, "M5311-E") == 0)
    expect_checksums (port, pkg);
  upgrade_ok (port, m, "HEX_WRITTEN_V1");
}

static void
test_hex_quoted (Fixture *fx, gconstpointer data)
{
  hex_write (fx, "M5311-E", TRUE);
}

static void
test_hex_unquoted (Fixture *fx, gconstpointer data)
{
  hex_write (fx, "M5310-E", FALSE);
}

static void
test_hex_errors (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char         *big = g_strnfill (2 * 513, 'A');
  g_autofree char         *cmd = g_strdup_printf ("AT+MFWDLOAD=0,513,\"%s\"", big);
  static const char *const e853[] = {
    "AT+MFWDLOAD=0,2,\"01\"",   /* hex shorter than len */
    "AT+MFWDLOAD=0,1,\"0102\"", /* longer */
    "AT+MFWDLOAD=0,1,\"0G\"",   /* not hex */
    "AT+MFWDLOAD=0,0,\"\"",     /* nothing */
    "AT+MFWDLOAD=5,1,\"01\"",   /* a new package must start at 0 */
  };

  fd_test_command_expect (port, cmd, (const char *const[]){ "+CME ERROR: 853", NULL });
  for (gsize i = 0; i < G_N_ELEMENTS (e853); i++)
    fd_test_command_expect (port, e853[i], (const char *const[]){ "+CME ERROR: 853", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD=x,1,\"01\"", (const char *const[]){ "ERROR", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD=0,2,\"0102\"", (const char *const[]){ "OK", NULL });
  /* Gaps are refused, rewrites and appends are fine. */
  fd_test_command_expect (port, "AT+MFWDLOAD=3,1,\"03\"",
                          (const char *const[]){ "+CME ERROR: 853", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD=1,2,\"FF03\"", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD=3,1,\"04\"", (const char *const[]){ "OK", NULL });
  /* Four bytes are not a package: refused when the upgrade starts. */
  fd_test_command_expect (port, "AT+MFWUPGRADE", (const char *const[]){ "+CME ERROR: 854", NULL });
}

/* The manual's serial example: two writes of 512 and 290 bytes that are
 * not a firmware package, then +CME ERROR: 854. */
static void
test_seed_serial_flow (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  GString         *text = g_string_new ("star");
  g_autofree char *hex1 = NULL, *hex2 = NULL, *cmd1 = NULL, *cmd2 = NULL;

  while (text->len < 802)
    g_string_append_c (text, (char)('0' + (text->len - 4 + 1) % 10));
  hex1 = hex_of ((const guint8 *)text->str, 512);
  hex2 = hex_of ((const guint8 *)text->str + 512, 290);
  cmd1 = g_strdup_printf ("AT+MFWDLOAD=0,512,%s", hex1);
  cmd2 = g_strdup_printf ("AT+MFWDLOAD=512,290,%s", hex2);
  g_string_free (text, TRUE);
  fd_test_command_expect (port, cmd1, (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, cmd2, (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWUPGRADE", (const char *const[]){ "+CME ERROR: 854", NULL });
}

static void
passthrough (FdTestPort *port, GBytes *pkg, gsize offset, gsize len, gboolean ok_go_ahead)
{
  g_autofree char *cmd = g_strdup_printf ("AT+MFWDLOAD=%zu,%zu", offset, len);
  const guint8    *data = g_bytes_get_data (pkg, NULL);

  fd_test_port_send (port, cmd);
  if (ok_go_ahead)
    fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
  else
    g_assert_true (fd_test_port_wait_prompt (port, FD_TEST_TIMEOUT_MS));
  /* In pieces, as a tool's writes would be. */
  for (gsize off = 0; off < len; off += 1000)
    fd_test_port_write (port, data + offset + off, MIN (1000, len - off));
  fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_passthrough (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_PT", 80362 - 56, 12);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  /* The manual's example size, in one go at offset 0. */
  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 80362);
  passthrough (port, pkg, 0, g_bytes_get_size (pkg), FALSE);
  expect_checksums (port, pkg);
  upgrade_ok (port, m, "M5311-E_PT");
}

static void
test_passthrough_quirks (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316-S");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("MN316-S_PT", 1500, 13);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  gsize len = g_bytes_get_size (pkg);

  g_assert_true (fd_sim_module_apply_fault_spec (m, "pt-max=512", NULL));
  g_assert_true (fd_sim_module_apply_fault_spec (m, "pt-ok", NULL));
  /* The whole package is refused; pieces of 512 go through. */
  g_autofree char *whole = g_strdup_printf ("AT+MFWDLOAD=0,%zu", len);
  fd_test_command_expect (port, whole, (const char *const[]){ "+CME ERROR: 853", NULL });
  for (gsize off = 0; off < len; off += 512)
    passthrough (port, pkg, off, MIN (512, len - off), TRUE);
  expect_checksums (port, pkg);
}

static void
test_passthrough_idle (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  FdSimTiming timing;

  fd_sim_module_get_timing (m, &timing);
  timing.passthrough_idle_ms = 300;
  fd_sim_module_set_timing (m, &timing);
  fd_test_port_send (port, "AT+MFWDLOAD=0,100");
  g_assert_true (fd_test_port_wait_prompt (port, FD_TEST_TIMEOUT_MS));
  fd_test_port_write (port, "0123456789", 10);
  /* The tool stops: the module gives up and is back in command mode. */
  fd_test_port_expect (port, (const char *const[]){ "+CME ERROR: 853", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT", (const char *const[]){ "OK", NULL });
}

static void
test_passthrough_drop_port (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_DROP", 20000, 14);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GError) error = NULL;
  const guint8    *data_ = g_bytes_get_data (pkg, NULL);
  g_autofree char *cmd = g_strdup_printf ("AT+MFWDLOAD=0,%zu", g_bytes_get_size (pkg));

  g_assert_true (fd_sim_module_apply_fault_spec (m, "drop-port=8192", NULL));
  fd_test_port_send (port, cmd);
  g_assert_true (fd_test_port_wait_prompt (port, FD_TEST_TIMEOUT_MS));
  for (gsize off = 0; off < 12000 && fd_test_port_try_write (port, data_ + off, 1000); off += 1000)
    g_usleep (5000);
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_open_module (m);
  /* Start over: the one-shot fault is spent. */
  passthrough (port, pkg, 0, g_bytes_get_size (pkg), FALSE);
  expect_checksums (port, pkg);
}

static void
test_slow_flash (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_SLOW", 3000, 15);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_true (fd_sim_module_apply_fault_spec (m, "slow-flash=40", NULL));
  hex_write_all (port, pkg, TRUE);
  expect_checksums (port, pkg);
  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  passthrough (port, pkg, 0, g_bytes_get_size (pkg), FALSE);
  expect_checksums (port, pkg);
}

/* --- upgrade ------------------------------------------------------------ */

static void
test_upgrade_damaged (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (GBytes) good = fd_sim_package_build ("M5311-E_BAD", 1000, 16);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_byte_array_append (bad, g_bytes_get_data (good, NULL), (guint)g_bytes_get_size (good));
  bad->data[bad->len - 1] ^= 1; /* digest */
  hex_write_all (port, g_bytes_new_static (bad->data, bad->len), TRUE);
  fd_test_port_send (port, "AT+MFWUPGRADE");
  fd_test_port_expect (port, (const char *const[]){ "+MFWUPGRADE: 3", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "M5311-E_V2.1.0", "OK", NULL });
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
}

static void
test_upgrade_ok_quirk (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("MN316_OKQ", 700, 17);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_true (fd_sim_module_apply_fault_spec (m, "upgrade-ok", NULL));
  hex_write_all (port, pkg, TRUE);
  fd_test_port_send (port, "AT+MFWUPGRADE");
  fd_test_port_expect (port, (const char *const[]){ "OK", "+MFWUPGRADE: 2", NULL },
                       FD_TEST_TIMEOUT_MS);
}

/* --- ML30x: MFWUPGRADE downloads, flashes, reboots ---------------------- */

static GPtrArray *
ml30x_upgrade (Fixture *fx, const char *model, const char *url, const char *auth, guint *opens)
{
  FdSimModule *m = add (fx, model);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) all = NULL;

  set_url (port, url);
  if (auth != NULL)
    fd_test_command_expect (port, auth, (const char *const[]){ "OK", NULL });
  fd_test_port_send (port, "AT+MFWUPGRADE");
  /* No OK: the port goes away, comes back several times. */
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  all = fd_test_follow (m, (const char *const[]){ "+MFWUPGRADE: 2", "+MFWUPGRADE: 3", NULL },
                        FD_TEST_TIMEOUT_MS, opens);
  g_assert_nonnull (all);
  return fd_test_filter (all, "+MFWUPGRADE:");
}

static void
check_ml30x_success (GPtrArray *urcs)
{
  int last = -1;

  /* 1,0 … 1,50 (download), 1,55 … 1,100 (flash), then 2. */
  g_assert_cmpstr (g_ptr_array_index (urcs, 0), ==, "+MFWUPGRADE: 1,0");
  g_assert_cmpstr (g_ptr_array_index (urcs, urcs->len - 2), ==, "+MFWUPGRADE: 1,100");
  g_assert_cmpstr (g_ptr_array_index (urcs, urcs->len - 1), ==, "+MFWUPGRADE: 2");
  for (guint i = 0; i + 1 < urcs->len; i++)
    {
      int p = -1;
      g_assert_cmpint (sscanf (g_ptr_array_index (urcs, i), "+MFWUPGRADE: 1,%d", &p), ==, 1);
      g_assert_cmpint (p, >, last);
      last = p;
    }
  g_assert_true (g_ptr_array_find_with_equal_func (urcs, "+MFWUPGRADE: 1,50", g_str_equal, NULL));
}

static void
test_ml30x_http (Fixture *fx, gconstpointer data)
{
  g_autoptr (GBytes) pkg = publish (fx, "system_patch.bin_1", "ML307A_V1.3", 60000, 18);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "system_patch.bin_1");
  g_autoptr (GPtrArray) urcs = NULL;
  g_autoptr (GPtrArray) modules = NULL;
  guint        opens = 0;
  FdSimModule *m;

  urcs = ml30x_upgrade (fx, "ML307A-DCLN", url, NULL, &opens);
  check_ml30x_success (urcs);
  g_assert_cmpuint (opens, ==, 3); /* three reboots, each one a new port */
  modules = fd_sim_fleet_list_modules (fx->fleet);
  m = g_ptr_array_index (modules, 0);
  g_autofree char *rev = fd_sim_module_dup_revision (m);
  g_assert_cmpstr (rev, ==, "ML307A_V1.3");
  g_assert_true (fd_sim_module_wait_ready (m, 4, FD_TEST_TIMEOUT_MS, NULL));
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ML307A_V1.3", "OK", NULL });
}

/* The manual's FTP upgrade example on an FTP-capable ML30x. */
static void
test_ml30x_ftp (Fixture *fx, gconstpointer data)
{
  g_autoptr (GBytes) pkg = publish (fx, "system_patch.mini_1", "ML302S_V1.2", 30000, 19);
  g_autoptr (FdTestServer) server
      = fd_test_server_start ("ftp", fx->www, "--user", "user", "--password", "password", NULL);
  g_autofree char *url = g_strdup_printf ("FTP://127.0.0.1:%u/system_patch.mini_1",
                                          fd_test_server_get_port (server));
  g_autoptr (GPtrArray) urcs
      = ml30x_upgrade (fx, "ML302S-DNLM", url, "AT+MFWCFG=\"auth\",\"user\",\"password\"", NULL);

  check_ml30x_success (urcs);
}

static void
test_ml30x_damaged (Fixture *fx, gconstpointer data)
{
  g_autoptr (GBytes) good = fd_sim_package_build ("ML307A_V9", 5000, 20);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (FdTestServer) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GPtrArray) urcs = NULL;
  g_autoptr (GPtrArray) modules = NULL;

  g_byte_array_append (bad, g_bytes_get_data (good, NULL), (guint)g_bytes_get_size (good));
  bad->data[100] ^= 0xff;
  publish_bytes (fx, "p.bin", g_bytes_new_static (bad->data, bad->len));
  server = fd_test_server_start ("http", fx->www, NULL);
  url = fd_test_server_url (server, "p.bin");
  urcs = ml30x_upgrade (fx, "ML307A-GSLN", url, NULL, NULL);
  /* Fails mid-flash, after the download and one reboot. */
  g_assert_cmpstr (g_ptr_array_index (urcs, urcs->len - 1), ==, "+MFWUPGRADE: 3");
  g_assert_true (g_ptr_array_find_with_equal_func (urcs, "+MFWUPGRADE: 1,70", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (urcs, "+MFWUPGRADE: 1,75", g_str_equal, NULL));
  modules = fd_sim_fleet_list_modules (fx->fleet);
  g_autofree char *rev = fd_sim_module_dup_revision (g_ptr_array_index (modules, 0));
  g_assert_cmpstr (rev, ==, "ML307A_V1.2");
}

static void
test_ml30x_download_fails (Fixture *fx, gconstpointer data)
{
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "absent.bin");
  g_autoptr (GPtrArray) urcs = ml30x_upgrade (fx, "ML302A-DSLM", url, NULL, NULL);

  g_assert_cmpuint (urcs->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (urcs, 0), ==, "+MFWUPGRADE: 1,0");
  g_assert_cmpstr (g_ptr_array_index (urcs, 1), ==, "+MFWUPGRADE: 3");
}

static void
test_ml30x_needs_url (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "ML307S");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWUPGRADE", (const char *const[]){ "+CME ERROR: 851", NULL });
}

/* --- recording ---------------------------------------------------------- */

static void
test_record_secret (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = add (fx, "ML307A-DSLN");
  g_autofree char *path = g_build_filename (fx->dir, "rec.jsonl", NULL);
  g_autofree char *raw = NULL;
  g_autoptr (FdTestPort) port = NULL;

  g_assert_true (fd_sim_module_set_transcript_path (m, path, NULL));
  port = fd_test_open_module (m);
  /* Echo on, so the password is also echoed back. */
  fd_test_command_expect (port, "ATE1", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"ftpuser\",\"hunter2\"",
                          (const char *const[]){ "OK", NULL });
  fd_test_command_expect (
      port, "AT+MFWCFG=\"auth\"",
      (const char *const[]){ "+MFWCFG: \"auth\",\"ftpuser\",\"hunter2\"", "OK", NULL });
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
  g_assert_null (strstr (raw, "hunter2"));
  g_assert_null (strstr (raw, "aHVudGVyMg")); /* its base64 */
  g_autoptr (FdSimTranscript) tr = fd_sim_transcript_load (path, NULL);
  g_autoptr (GBytes) tx = fd_sim_transcript_join (tr, FD_SIM_CHUNK_TX);
  g_autoptr (GBytes) rx = fd_sim_transcript_join (tr, FD_SIM_CHUNK_RX);
  g_autofree char *txs = g_strndup (g_bytes_get_data (tx, NULL), g_bytes_get_size (tx));
  g_autofree char *rxs = g_strndup (g_bytes_get_data (rx, NULL), g_bytes_get_size (rx));
  g_assert_nonnull (strstr (txs, "AT+MFWCFG=\"auth\",\"ftpuser\",\"***\"\r"));
  g_assert_nonnull (strstr (rxs, "AT+MFWCFG=\"auth\",\"ftpuser\",\"***\"\r")); /* the echo */
  g_assert_nonnull (strstr (rxs, "+MFWCFG: \"auth\",\"ftpuser\",\"***\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/mfw/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("cfg/items", test_cfg_items);
  ADD ("cfg/capabilities", test_cfg_capabilities);
  ADD ("cfg/pkgsize-m5310e", test_pkgsize_m5310e);
  ADD ("dload/http", test_http_download);
  ADD ("dload/progind-zero", test_progind_zero);
  ADD ("dload/seed-http-flow", test_seed_http_flow);
  ADD ("dload/https-ca", test_https_ca);
  ADD ("dload/https-insecure-loopback", test_https_insecure_loopback);
  ADD ("dload/ftp", test_ftp);
  ADD ("dload/ftps", test_ftps);
  ADD ("dload/resumable-range", test_resumable_range);
  ADD ("dload/resumable-no-range", test_resumable_no_range);
  ADD ("dload/net-cut-ftp", test_net_cut_ftp);
  ADD ("dload/unrecoverable", test_unrecoverable);
  ADD ("dload/connection-refused", test_connection_refused);
  ADD ("dload/file", test_file);
  ADD ("dload/seed-file-flow", test_seed_file_flow);
  ADD ("write/hex-quoted", test_hex_quoted);
  ADD ("write/hex-unquoted", test_hex_unquoted);
  ADD ("write/hex-errors", test_hex_errors);
  ADD ("write/seed-serial-flow", test_seed_serial_flow);
  ADD ("write/passthrough", test_passthrough);
  ADD ("write/passthrough-quirks", test_passthrough_quirks);
  ADD ("write/passthrough-idle", test_passthrough_idle);
  ADD ("write/passthrough-drop-port", test_passthrough_drop_port);
  ADD ("write/slow-flash", test_slow_flash);
  ADD ("upgrade/damaged", test_upgrade_damaged);
  ADD ("upgrade/ok-quirk", test_upgrade_ok_quirk);
  ADD ("ml30x/http", test_ml30x_http);
  ADD ("ml30x/ftp", test_ml30x_ftp);
  ADD ("ml30x/damaged", test_ml30x_damaged);
  ADD ("ml30x/download-fails", test_ml30x_download_fails);
  ADD ("ml30x/needs-url", test_ml30x_needs_url);
  ADD ("record/secret", test_record_secret);
#undef ADD
  return g_test_run ();
}
