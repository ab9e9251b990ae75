/* test-sim-mfw.c — dialect B (OneMO MFW): configuration and downloads
 * from real loopback servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "fd-sim-package.h"
#include "fd-sim-transcript.h"
#include "fd-test-mfw.h"
#include "fd-test-server.h"

/* --- configuration ------------------------------------------------------ */

static void
test_cfg_items (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E-DLVS");
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
test_cfg_capabilities (FdTestMfw *fx, gconstpointer data)
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
      FdSimModule *m = fd_test_mfw_add (fx, rows[r].model);
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
test_pkgsize_m5310e (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5310-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWCFG=\"pkgsize\",512", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"pkgsize\",1024",
                          (const char *const[]){ "+CME ERROR: 851", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"ssl\",1",
                          (const char *const[]){ "+CME ERROR: 851", NULL });
}

/* --- downloads ---------------------------------------------------------- */

static void
test_http_download (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg
      = fd_test_mfw_publish (fx, "fw.bin", "M5311-E_V2.2.0", 5000 - 14 - 14 - 32, 1);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 5000);
  fd_test_mfw_set_url (port, url);
  fd_test_command_expect (port, "AT+MFWCFG=\"progind\",1024", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port,
                       (const char *const[]){ "+MFWDLOAD: 1,5000,1024", "+MFWDLOAD: 1,5000,2048",
                                              "+MFWDLOAD: 1,5000,3072", "+MFWDLOAD: 1,5000,4096",
                                              "+MFWDLOAD: 2,5000,5000", NULL },
                       FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+MFWDLOAD?",
                          (const char *const[]){ "+MFWDLOAD: 2,5000,5000", "OK", NULL });
  fd_test_mfw_expect_checksums (port, pkg);
  fd_test_mfw_upgrade_ok (port, m, "M5311-E_V2.2.0");
  /* The package is consumed by the upgrade. */
  fd_test_command_expect (port, "AT+MFWUPGRADE", (const char *const[]){ "+CME ERROR: 854", NULL });
}

static void
test_progind_zero (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "fw.bin", "MN316_V1.2.0", 30000, 2);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *final
      = g_strdup_printf ("+MFWDLOAD: 2,%zu,%zu", g_bytes_get_size (pkg), g_bytes_get_size (pkg));

  fd_test_mfw_set_url (port, url);
  /* progind 0 (the default): only the final report. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ final, NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_mfw_upgrade_ok (port, m, "MN316_V1.2.0");
}

/* The manual's HTTP flow: cfg url, MFWDLOAD, progress, done, MFWUPGRADE. */
static void
test_seed_http_flow (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E-XLVS");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "data", "M5311-E_V2.3.0", 49630 - 60, 3);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "data");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = NULL;

  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 49630);
  fd_test_mfw_set_url (port, url);
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
  fd_test_mfw_upgrade_ok (port, m, "M5311-E_V2.3.0");
}

static void
tls_download (FdTestMfw *fx, gboolean use_ca)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316-S");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "fw.bin", "MN316-S_V1.1.0", 20000, 4);
  g_autofree char *cert = NULL, *key = NULL, *url = NULL, *final = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (FdTestPort) port = NULL;

  fd_test_make_cert (fx->dir, &cert, &key);
  server = fd_test_server_start ("https", fx->www, "--cert", cert, "--key", key, NULL);
  url = fd_test_server_url (server, "fw.bin");
  port = fd_test_open_module (m);
  fd_test_mfw_set_url (port, url);
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
  fd_test_mfw_expect_checksums (port, pkg);
}

static void
test_https_ca (FdTestMfw *fx, gconstpointer data)
{
  tls_download (fx, TRUE);
}

static void
test_https_insecure_loopback (FdTestMfw *fx, gconstpointer data)
{
  tls_download (fx, FALSE);
}

static void
ftp_download (FdTestMfw *fx, const char *kind)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "Test.bin", "M5311-E_V3.0.0", 12345, 5);
  g_autofree char *cert = NULL, *key = NULL, *url = NULL, *final = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (FdTestPort) port = NULL;

  fd_test_make_cert (fx->dir, &cert, &key);
  server = fd_test_server_start (kind, fx->www, "--user", "ftpxy", "--password", "123654", "--cert",
                                 cert, "--key", key, NULL);
  fd_sim_fleet_set_tls_ca_file (fx->fleet, cert);
  url = fd_test_server_url (server, "Test.bin");
  port = fd_test_open_module (m);
  fd_test_mfw_set_url (port, url);
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
  fd_test_mfw_expect_checksums (port, pkg);
  fd_test_mfw_upgrade_ok (port, m, "M5311-E_V3.0.0");
}

static void
test_ftp (FdTestMfw *fx, gconstpointer data)
{
  ftp_download (fx, "ftp");
}

static void
test_ftps (FdTestMfw *fx, gconstpointer data)
{
  ftp_download (fx, "ftps");
}

/* The manual's FTP download example, which fails: the server knows the
 * file's size but will not send it. "3" alone, with the total. */
static void
test_seed_ftp_flow (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = NULL;
  g_autoptr (FdTestServer) server = NULL;
  g_autofree char *dir = g_build_filename (fx->www, "pro", NULL);
  g_autofree char *url = NULL;
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_mkdir (dir, 0755);
  pkg = fd_test_mfw_publish (fx, "pro/Test.bin", "M5311-E_FTP", 49630 - 57, 21);
  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 49630);
  server = fd_test_server_start ("ftp", fx->www, "--user", "ftpxy", "--password", "123654",
                                 "--no-read", NULL);
  url = fd_test_server_url (server, "pro/Test.bin");
  fd_test_mfw_set_url (port, url);
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"ftpxy\",\"123654\"",
                          (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,49630,0", NULL },
                       FD_TEST_TIMEOUT_MS);
}

/* "3" then "0": resumable; MFWDLOAD again continues where it stopped. */
static void
resumable (FdTestMfw *fx, gboolean server_ranges)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "fw.bin", "M5311-E_V4.0.0", 8192 - 60, 6);
  g_autofree char *log = g_build_filename (fx->dir, "requests.log", NULL);
  g_autoptr (FdTestServer) server = fd_test_server_start (
      "http", fx->www, "--cut-once", "3000", "--log", log, server_ranges ? "--range" : NULL, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_mfw_set_url (port, url);
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
  fd_test_mfw_expect_checksums (port, pkg);
  fd_test_mfw_upgrade_ok (port, m, "M5311-E_V4.0.0");
  g_autofree char *requests = NULL;
  g_assert_true (g_file_get_contents (log, &requests, NULL, NULL));
  g_assert_cmpstr (requests, ==, "GET /fw.bin\nGET /fw.bin\n");
}

static void
test_resumable_range (FdTestMfw *fx, gconstpointer data)
{
  resumable (fx, TRUE);
}

static void
test_resumable_no_range (FdTestMfw *fx, gconstpointer data)
{
  resumable (fx, FALSE);
}

static void
test_net_cut_ftp (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316-S");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "fw.bin", "MN316-S_V2", 10000 - 56, 7);
  g_autoptr (FdTestServer) server = fd_test_server_start ("ftp", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_true (fd_sim_module_apply_fault_spec (m, "net-cut=4000", NULL));
  fd_test_mfw_set_url (port, url);
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
  fd_test_mfw_expect_checksums (port, pkg);
}

static void
test_unrecoverable (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316");
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "fw.bin", "MN316_V9", 3000, 8);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *missing = fd_test_server_url (server, "nothing-here.bin");
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWDLOAD?", (const char *const[]){ "+CME ERROR: 850", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 851", NULL });
  fd_test_mfw_set_url (port, missing);
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,,0", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+MFWDLOAD?",
                          (const char *const[]){ "+MFWDLOAD: 3,,0", "OK", NULL });
  /* Erase first, says the manual. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD=0,1,\"00\"",
                          (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  fd_test_mfw_set_url (port, url);
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 2,3054,3054", NULL },
                       FD_TEST_TIMEOUT_MS);
}

static void
test_connection_refused (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316");
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
  fd_test_mfw_set_url (port, url);
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_expect (port, (const char *const[]){ "+MFWDLOAD: 3,,0", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_file (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = NULL;
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *dload = g_build_filename (fx->www, "dload", NULL);

  g_mkdir (dload, 0755);
  pkg = fd_test_mfw_publish (fx, "dload/update3.bin", "M5311-E_FILE", 4000, 9);
  /* No file system yet: nothing to take. */
  fd_test_mfw_set_url (port, "file://dload/update3.bin");
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
  fd_sim_module_set_fs_root (m, fx->www);
  /* As the manual: OK and no URC. */
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_mfw_expect_checksums (port, pkg);
  fd_test_mfw_upgrade_ok (port, m, "M5311-E_FILE");
  fd_test_mfw_set_url (port, "file://../escape.bin");
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "+CME ERROR: 855", NULL });
}

/* The manual's file example ends in "+MFWUPGRADE: 3": a damaged file. */
static void
test_seed_file_flow (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316-S");
  g_autoptr (GBytes) good = fd_sim_package_build ("MN316-S_X", 1000, 10);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *dir = g_build_filename (fx->www, "usr", "myfile", NULL);

  g_byte_array_append (bad, g_bytes_get_data (good, NULL), (guint)g_bytes_get_size (good));
  bad->data[500] ^= 0x40; /* one flipped bit in the payload */
  g_mkdir_with_parents (dir, 0755);
  fd_test_mfw_publish_bytes (fx, "usr/myfile/test.bin", g_bytes_new_static (bad->data, bad->len));
  fd_sim_module_set_fs_root (m, fx->www);
  fd_test_command_expect (port, "AT+MFWCFG=\"url\",\"file://usr/myfile/test.bin\"",
                          (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+MFWDLOAD", (const char *const[]){ "OK", NULL });
  fd_test_port_send (port, "AT+MFWUPGRADE");
  fd_test_port_expect (port, (const char *const[]){ "+MFWUPGRADE: 3", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "MN316-S_V1.0.1", "OK", NULL });
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/mfw/" path, FdTestMfw, NULL, fd_test_mfw_setup, func, fd_test_mfw_teardown)
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
  ADD ("dload/seed-ftp-flow", test_seed_ftp_flow);
  ADD ("dload/resumable-range", test_resumable_range);
  ADD ("dload/resumable-no-range", test_resumable_no_range);
  ADD ("dload/net-cut-ftp", test_net_cut_ftp);
  ADD ("dload/unrecoverable", test_unrecoverable);
  ADD ("dload/connection-refused", test_connection_refused);
  ADD ("dload/file", test_file);
  ADD ("dload/seed-file-flow", test_seed_file_flow);
#undef ADD
  return g_test_run ();
}
