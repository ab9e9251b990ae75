/* test-sim-mfw-write.c — dialect B (OneMO MFW): writes over the port,
 * upgrades, the ML30x combined flow
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
hex_write (FdTestMfw *fx, const char *model, gboolean quoted)
{
  FdSimModule *m = fd_test_mfw_add (fx, model);
  g_autoptr (GBytes) pkg = fd_sim_package_build ("HEX_WRITTEN_V1", 1800, 11);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  hex_write_all (port, pkg, quoted);
  if (g_strcmp0 (model, "M5311-E") == 0)
    fd_test_mfw_expect_checksums (port, pkg);
  fd_test_mfw_upgrade_ok (port, m, "HEX_WRITTEN_V1");
}

static void
test_hex_quoted (FdTestMfw *fx, gconstpointer data)
{
  hex_write (fx, "M5311-E", TRUE);
}

static void
test_hex_unquoted (FdTestMfw *fx, gconstpointer data)
{
  hex_write (fx, "M5310-E", FALSE);
}

static void
test_hex_errors (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316");
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
test_seed_serial_flow (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
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
test_passthrough (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_PT", 80362 - 56, 12);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  /* The manual's example size, in one go at offset 0. */
  g_assert_cmpuint (g_bytes_get_size (pkg), ==, 80362);
  passthrough (port, pkg, 0, g_bytes_get_size (pkg), FALSE);
  fd_test_mfw_expect_checksums (port, pkg);
  fd_test_mfw_upgrade_ok (port, m, "M5311-E_PT");
}

static void
test_passthrough_quirks (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316-S");
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
  fd_test_mfw_expect_checksums (port, pkg);
}

static void
test_passthrough_idle (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
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
test_passthrough_drop_port (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
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
  fd_test_mfw_expect_checksums (port, pkg);
}

static void
test_slow_flash (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_SLOW", 3000, 15);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  g_assert_true (fd_sim_module_apply_fault_spec (m, "slow-flash=40", NULL));
  hex_write_all (port, pkg, TRUE);
  fd_test_mfw_expect_checksums (port, pkg);
  fd_test_command_expect (port, "AT+MFWERASE", (const char *const[]){ "OK", NULL });
  passthrough (port, pkg, 0, g_bytes_get_size (pkg), FALSE);
  fd_test_mfw_expect_checksums (port, pkg);
}

/* --- upgrade ------------------------------------------------------------ */

static void
test_upgrade_damaged (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "M5311-E");
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
test_upgrade_ok_quirk (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "MN316");
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
ml30x_upgrade (FdTestMfw *fx, const char *model, const char *url, const char *auth, guint *opens)
{
  FdSimModule *m = fd_test_mfw_add (fx, model);
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) all = NULL;

  fd_test_mfw_set_url (port, url);
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
test_ml30x_http (FdTestMfw *fx, gconstpointer data)
{
  g_autoptr (GBytes) pkg = fd_test_mfw_publish (fx, "system_patch.bin_1", "ML307A_V1.3", 60000, 18);
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
test_ml30x_ftp (FdTestMfw *fx, gconstpointer data)
{
  g_autoptr (GBytes) pkg
      = fd_test_mfw_publish (fx, "system_patch.mini_1", "ML302S_V1.2", 30000, 19);
  g_autoptr (FdTestServer) server
      = fd_test_server_start ("ftp", fx->www, "--user", "user", "--password", "password", NULL);
  g_autofree char *url = g_strdup_printf ("FTP://127.0.0.1:%u/system_patch.mini_1",
                                          fd_test_server_get_port (server));
  g_autoptr (GPtrArray) urcs
      = ml30x_upgrade (fx, "ML302S-DNLM", url, "AT+MFWCFG=\"auth\",\"user\",\"password\"", NULL);

  check_ml30x_success (urcs);
}

static void
test_ml30x_damaged (FdTestMfw *fx, gconstpointer data)
{
  g_autoptr (GBytes) good = fd_sim_package_build ("ML307A_V9", 5000, 20);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (FdTestServer) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GPtrArray) urcs = NULL;
  g_autoptr (GPtrArray) modules = NULL;

  g_byte_array_append (bad, g_bytes_get_data (good, NULL), (guint)g_bytes_get_size (good));
  bad->data[100] ^= 0xff;
  fd_test_mfw_publish_bytes (fx, "p.bin", g_bytes_new_static (bad->data, bad->len));
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
test_ml30x_download_fails (FdTestMfw *fx, gconstpointer data)
{
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "absent.bin");
  g_autoptr (GPtrArray) urcs = ml30x_upgrade (fx, "ML302A-DSLM", url, NULL, NULL);

  g_assert_cmpuint (urcs->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (urcs, 0), ==, "+MFWUPGRADE: 1,0");
  g_assert_cmpstr (g_ptr_array_index (urcs, 1), ==, "+MFWUPGRADE: 3");
}

static void
test_ml30x_needs_url (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule *m = fd_test_mfw_add (fx, "ML307S");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_command_expect (port, "AT+MFWUPGRADE", (const char *const[]){ "+CME ERROR: 851", NULL });
}

/* --- recording ---------------------------------------------------------- */

static void
test_record_secret (FdTestMfw *fx, gconstpointer data)
{
  FdSimModule     *m = fd_test_mfw_add (fx, "ML307A-DSLN");
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
  g_test_add ("/sim/mfw/" path, FdTestMfw, NULL, fd_test_mfw_setup, func, fd_test_mfw_teardown)
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
