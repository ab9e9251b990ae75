/* test-sim-luat.c — dialect C (Luat AT+UPGRADE) against real loopback servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "fd-sim-fleet.h"
#include "fd-sim-package.h"
#include "fd-test-server.h"
#include "fd-test-util.h"

typedef struct
{
  char       *dir;
  char       *www;
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

static void
publish (Fixture *fx, const char *name, const char *revision, gsize size)
{
  g_autofree char *path = g_build_filename (fx->www, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (fd_sim_package_write (path, revision, size, 42, &error));
  g_assert_no_error (error);
}

static void
ok (FdTestPort *port, const char *command)
{
  fd_test_command_expect (port, command, (const char *const[]){ "OK", NULL });
}

/* AT+UPGRADE?'s answer; URCs of a run may come between the command and
 * its answer. */
static char *
query_status (FdTestPort *port)
{
  g_autoptr (GPtrArray) lines = fd_test_port_command (port, "AT+UPGRADE?", FD_TEST_TIMEOUT_MS);

  g_assert_nonnull (lines);
  g_assert_cmpstr (g_ptr_array_index (lines, lines->len - 1), ==, "OK");
  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), "+UPGRADE: "))
      return g_strdup (g_ptr_array_index (lines, i));
  g_error ("no +UPGRADE: line in the answer");
}

/* Polls AT+UPGRADE? until the run has a result; returns its line. */
static char *
wait_result (FdTestPort *port)
{
  gint64 deadline = g_get_monotonic_time () + FD_TEST_TIMEOUT_MS * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *line = query_status (port);

      if (g_str_has_prefix (line, "+UPGRADE: 2"))
        return g_steal_pointer (&line);
      g_assert_true (g_str_has_prefix (line, "+UPGRADE: 1,"));
      g_usleep (20 * 1000);
    }
  g_error ("no result within %u ms", FD_TEST_TIMEOUT_MS);
}

static void
expect_result (FdTestPort *port, const char *expected)
{
  g_autofree char *line = wait_result (port);

  g_assert_cmpstr (line, ==, expected);
}

/* --- tags ---------------------------------------------------------------- */

static void
test_tags (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  static const char *const bad[] = {
    "AT+UPGRADE=\"PERIOD\",59",  "AT+UPGRADE=\"PERIOD\",4294967296", "AT+UPGRADE=\"AUTO\",2",
    "AT+UPGRADE=\"AUTO\",\"1\"", "AT+UPGRADE=\"KEY\",abc",           "AT+UPGRADE=\"URL\",http://x",
    "AT+UPGRADE=\"AUTO\",1,2",   "AT+UPGRADE=\"AUTO\",1,0,0",        "AT+UPGRADE=\"NOSUCH\",1",
    "AT+UPGRADE=KEY,\"abc\"",
  };

  /* Defaults: AUTO on, daily. */
  fd_test_command_expect (port, "AT+UPGRADE=\"AUTO\"",
                          (const char *const[]){ "+UPGRADE:\"AUTO\",1", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"PERIOD\"",
                          (const char *const[]){ "+UPGRADE:\"PERIOD\",86400", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"KEY\"",
                          (const char *const[]){ "+UPGRADE:\"KEY\",\"\"", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"URL\"",
                          (const char *const[]){ "+UPGRADE:\"URL\",\"\"", "OK", NULL });
  ok (port, "AT+UPGRADE=\"KEY\",\"pk-0123456789\"");
  ok (port, "AT+UPGRADE=\"AUTO\",0");
  ok (port, "AT+UPGRADE=\"PERIOD\",60");
  ok (port, "AT+UPGRADE=\"PERIOD\",4294967295");
  ok (port, "AT+UPGRADE=\"URL\",\"http://example.invalid/fw.bin\",0");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    fd_test_command_expect (port, bad[i], (const char *const[]){ "ERROR", NULL });
  fd_test_command_expect (
      port, "AT+UPGRADE=\"key\"",
      (const char *const[]){ "+UPGRADE:\"KEY\",\"pk-0123456789\"", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"AUTO\"",
                          (const char *const[]){ "+UPGRADE:\"AUTO\",0", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"PERIOD\"",
                          (const char *const[]){ "+UPGRADE:\"PERIOD\",4294967295", "OK", NULL });
  fd_test_command_expect (
      port, "AT+UPGRADE=\"URL\"",
      (const char *const[]){ "+UPGRADE:\"URL\",\"http://example.invalid/fw.bin\"", "OK", NULL });
  fd_test_command_expect (
      port, "AT+UPGRADE=?",
      (const char *const[]){ "+UPGRADE: (\"KEY\",\"AUTO\",\"PERIOD\",\"URL\")", "OK", NULL });
}

/* savetoNV: 0 saves (the default), 1 does not: inverted from a guess. */
static void
test_savetonv (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air724UG");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GError) error = NULL;

  ok (port, "AT+UPGRADE=\"AUTO\",0,1");    /* this boot only */
  ok (port, "AT+UPGRADE=\"PERIOD\",3600"); /* saved */
  ok (port, "AT+UPGRADE=\"KEY\",\"abc\",0");
  ok (port, "AT+UPGRADE=\"URL\",\"http://h/x\",1");
  fd_test_command_expect (port, "AT+UPGRADE=\"AUTO\"",
                          (const char *const[]){ "+UPGRADE:\"AUTO\",0", "OK", NULL });
  ok (port, "AT+CFUN=1,1");
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+UPGRADE=\"AUTO\"",
                          (const char *const[]){ "+UPGRADE:\"AUTO\",1", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"PERIOD\"",
                          (const char *const[]){ "+UPGRADE:\"PERIOD\",3600", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"KEY\"",
                          (const char *const[]){ "+UPGRADE:\"KEY\",\"abc\"", "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE=\"URL\"",
                          (const char *const[]){ "+UPGRADE:\"URL\",\"\"", "OK", NULL });
}

/* --- the flows ----------------------------------------------------------- */

/* Starts a run on an open port and follows it to its end across both
 * reboots; returns the +UPGRADE… lines. */
static GPtrArray *
follow_run (FdSimModule *m, FdTestPort **port)
{
  g_autoptr (GPtrArray) all = NULL;

  ok (*port, "AT+UPGRADE");
  all = fd_test_follow_port (m, g_steal_pointer (port),
                             (const char *const[]){ "+UPGRADEVER: 1", "+UPGRADEVER: 0", NULL },
                             FD_TEST_TIMEOUT_MS, NULL);
  g_assert_nonnull (all);
  return fd_test_filter (all, "+UPGRADE");
}

static void
check_success (GPtrArray *lines, const char *version, gboolean reported)
{
  g_autofree char *ver = g_strdup_printf ("+UPGRADEVER: \"%s\"", version);
  guint            i = 0;

  for (int p = 0; p <= 100; p += 10, i++)
    {
      g_autofree char *want = g_strdup_printf ("+UPGRADEIND: %d", p);
      g_assert_cmpstr (g_ptr_array_index (lines, i), ==, want);
    }
  for (int p = 0; p <= 100; p += 10, i++)
    {
      g_autofree char *want = g_strdup_printf ("+UPGRADEDL: %d", p);
      g_assert_cmpstr (g_ptr_array_index (lines, i), ==, want);
    }
  g_assert_cmpstr (g_ptr_array_index (lines, i++), ==, ver);
  g_assert_cmpstr (g_ptr_array_index (lines, i++), ==,
                   reported ? "+UPGRADEVER: 1" : "+UPGRADEVER: 0");
  g_assert_cmpuint (lines->len, ==, i);
}

static void
after_upgrade (FdSimModule *m, const char *version)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdTestPort) port = NULL;
  g_autofree char *rev = NULL;

  g_assert_true (fd_sim_module_wait_ready (m, 3, FD_TEST_TIMEOUT_MS, &error));
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ version, "OK", NULL });
  fd_test_command_expect (port, "AT+UPGRADE?", (const char *const[]){ "+UPGRADE: 2", "OK", NULL });
  rev = fd_sim_module_dup_revision (m);
  g_assert_cmpstr (rev, ==, version);
}

/* The manual's own-server flow. */
static void
test_url_flow (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestServer) server = NULL;
  g_autofree char *url = NULL, *cmd = NULL;
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = NULL;

  publish (fx, "fw.bin", "AirM2M_780E_V1121_LTE_AT", 200000);
  server = fd_test_server_start ("http", fx->www, NULL);
  url = fd_test_server_url (server, "fw.bin");
  cmd = g_strdup_printf ("AT+UPGRADE=\"URL\",\"%s\"", url);
  fd_test_command_expect (port, "AT+UPGRADE?", (const char *const[]){ "+UPGRADE: 0", "OK", NULL });
  ok (port, cmd);
  lines = follow_run (m, &port);
  check_success (lines, "AirM2M_780E_V1121_LTE_AT", TRUE);
  after_upgrade (m, "AirM2M_780E_V1121_LTE_AT");
}

/* The vendor platform behind "KEY". */
static void
test_key_flow (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air724UG");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = NULL;

  fd_sim_module_set_luat_platform (m, "AirM2M_724UG_V1011_LTE_AT", 300000, 0, 200, 0, FALSE);
  ok (port, "AT+UPGRADE=\"KEY\",\"ProductKeyOfTheProject\"");
  lines = follow_run (m, &port);
  /* The report to the server failed: "+UPGRADEVER: 0". */
  check_success (lines, "AirM2M_724UG_V1011_LTE_AT", FALSE);
  after_upgrade (m, "AirM2M_724UG_V1011_LTE_AT");
}

static void
test_status_during_run (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  FdSimTiming      timing;
  g_autofree char *status = NULL;
  int              percent = -1;

  /* Slow progress, so the run is caught in the middle. */
  fd_sim_module_get_timing (m, &timing);
  timing.step_ms = 200;
  fd_sim_module_set_timing (m, &timing);
  ok (port, "AT+UPGRADE=\"KEY\",\"k\"");
  ok (port, "AT+UPGRADE");
  g_autoptr (GPtrArray) skipped
      = fd_test_port_wait_line (port, "+UPGRADEIND: 10", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (skipped);
  status = query_status (port);
  g_assert_cmpint (sscanf (status, "+UPGRADE: 1,%d", &percent), ==, 1);
  g_assert_cmpint (percent, >=, 10);
  g_assert_cmpint (percent, <=, 100);
  /* A second trigger while one runs is refused. */
  fd_test_command_expect (port, "AT+UPGRADE", (const char *const[]){ "ERROR", NULL });
}

static void
test_platform_causes (Fixture *fx, gconstpointer data)
{
  static const int causes[] = { 3, 17, 25, 26 };
  FdSimModule     *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  ok (port, "AT+UPGRADE=\"KEY\",\"k\"");
  for (gsize i = 0; i < G_N_ELEMENTS (causes); i++)
    {
      g_autofree char *want = g_strdup_printf ("+UPGRADE: 2,-1004,200,%d", causes[i]);

      fd_sim_module_set_luat_platform (m, "AirM2M_780E_V2000_LTE_AT", 1000, -1004, 200, causes[i],
                                       TRUE);
      ok (port, "AT+UPGRADE");
      expect_result (port, want);
    }
  /* Error codes the platform path can produce. */
  fd_sim_module_set_luat_platform (m, "AirM2M_780E_V2000_LTE_AT", 1000, -1005, 200, 0, TRUE);
  ok (port, "AT+UPGRADE");
  expect_result (port, "+UPGRADE: 2,-1005,200,0");
  fd_sim_module_set_luat_platform (m, "AirM2M_780E_V2000_LTE_AT", 1000, -1006, 0, 0, TRUE);
  ok (port, "AT+UPGRADE");
  expect_result (port, "+UPGRADE: 2,-1006,0,0");
  /* A failure is forgotten at the next boot. */
  ok (port, "AT+CFUN=1,1");
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, NULL));
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+UPGRADE?", (const char *const[]){ "+UPGRADE: 0", "OK", NULL });
}

static void
test_cause_27 (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (FdTestServer) server = NULL;
  g_autofree char *url = NULL, *cmd = NULL;

  /* The platform has nothing newer. */
  fd_sim_module_set_luat_platform (m, "AirM2M_780E_V1120_LTE_AT", 1000, 0, 200, 0, TRUE);
  ok (port, "AT+UPGRADE=\"KEY\",\"k\",1");
  ok (port, "AT+UPGRADE");
  expect_result (port, "+UPGRADE: 2,-1004,200,27");
  /* Own server with the same revision. */
  publish (fx, "same.bin", "AirM2M_780E_V1120_LTE_AT", 5000);
  server = fd_test_server_start ("http", fx->www, NULL);
  url = fd_test_server_url (server, "same.bin");
  cmd = g_strdup_printf ("AT+UPGRADE=\"URL\",\"%s\",1", url);
  ok (port, cmd);
  ok (port, "AT+UPGRADE");
  expect_result (port, "+UPGRADE: 2,-1004,200,27");
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
}

static void
test_no_key (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  ok (port, "AT+UPGRADE");
  fd_test_port_expect (port, (const char *const[]){ "+UPGRADEIND: 0", NULL }, FD_TEST_TIMEOUT_MS);
  expect_result (port, "+UPGRADE: 2,-1004,200,25");
}

static void
url_error (Fixture *fx, FdSimModule *m, FdTestPort *port, const char *url, const char *expected)
{
  g_autofree char *cmd = g_strdup_printf ("AT+UPGRADE=\"URL\",\"%s\"", url);

  ok (port, cmd);
  ok (port, "AT+UPGRADE");
  expect_result (port, expected);
}

static void
test_url_errors (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *junk_path = g_build_filename (fx->www, "junk.bin", NULL);
  g_autoptr (FdTestServer) server = NULL;
  g_autoptr (FdTestServer) cutter = NULL;
  g_autoptr (GSocket) sock
      = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree char *refused = NULL, *missing = NULL, *junk = NULL, *cut = NULL;

  g_assert_true (g_file_set_contents (junk_path, "not a firmware at all", -1, NULL));
  publish (fx, "big.bin", "AirM2M_780E_V3000_LTE_AT", 100000);
  server = fd_test_server_start ("http", fx->www, NULL);
  cutter = fd_test_server_start ("http", fx->www, "--cut-once", "5000", NULL);
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  refused = g_strdup_printf ("http://127.0.0.1:%u/x.bin",
                             g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  missing = fd_test_server_url (server, "missing.bin");
  junk = fd_test_server_url (server, "junk.bin");
  cut = fd_test_server_url (cutter, "big.bin");

  url_error (fx, m, port, "ftp://127.0.0.1/fw.bin", "+UPGRADE: 2,-1000,0,0");
  url_error (fx, m, port, "https://127.0.0.1/fw.bin", "+UPGRADE: 2,-1000,0,0");
  url_error (fx, m, port, refused, "+UPGRADE: 2,-1002,0,0");
  url_error (fx, m, port, missing, "+UPGRADE: 2,-1004,404,0");
  url_error (fx, m, port, junk, "+UPGRADE: 2,-1003,200,0");
  url_error (fx, m, port, cut, "+UPGRADE: 2,-1001,200,0");
  /* Nothing rebooted, nothing changed. */
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
  fd_test_command_expect (port, "AT+CGMR",
                          (const char *const[]){ "AirM2M_780E_V1120_LTE_AT", "OK", NULL });
}

static void
test_auto (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) quiet = NULL;

  /* PERIOD 60 s is 300 ms in test time; the platform refuses (cause 17),
   * so a run leaves the module as it is. */
  fd_sim_module_set_luat_platform (m, "AirM2M_780E_V2000_LTE_AT", 1000, -1004, 200, 17, TRUE);
  ok (port, "AT+UPGRADE=\"AUTO\",0");
  ok (port, "AT+UPGRADE=\"KEY\",\"k\"");
  ok (port, "AT+UPGRADE=\"PERIOD\",60");
  quiet = fd_test_port_wait_line (port, "+UPGRADEIND: 0", 1000);
  g_assert_null (quiet); /* AUTO off: the module does not talk to the server */
  ok (port, "AT+UPGRADE=\"AUTO\",1");
  fd_test_port_expect (port, (const char *const[]){ "+UPGRADEIND: 0", NULL }, FD_TEST_TIMEOUT_MS);
  expect_result (port, "+UPGRADE: 2,-1004,200,17");
  /* And again one period later. */
  fd_test_port_expect (port, (const char *const[]){ "+UPGRADEIND: 0", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_record_key (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = add (fx, "Air780E");
  g_autofree char *path = g_build_filename (fx->dir, "rec.jsonl", NULL);
  g_autofree char *raw = NULL;
  g_autoptr (FdTestPort) port = NULL;

  g_assert_true (fd_sim_module_set_transcript_path (m, path, NULL));
  port = fd_test_open_module (m);
  ok (port, "ATE1");
  ok (port, "AT+UPGRADE=\"KEY\",\"SuperSecretProductKey\"");
  fd_test_command_expect (
      port, "AT+UPGRADE=\"KEY\"",
      (const char *const[]){ "+UPGRADE:\"KEY\",\"SuperSecretProductKey\"", "OK", NULL });
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, NULL));
  g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
  g_assert_null (strstr (raw, "SuperSecret"));
  g_assert_nonnull (strstr (raw, "+UPGRADE:\\\"KEY\\\",\\\"***\\\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/luat/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("tags", test_tags);
  ADD ("savetonv", test_savetonv);
  ADD ("flow/url", test_url_flow);
  ADD ("flow/key", test_key_flow);
  ADD ("flow/status-during-run", test_status_during_run);
  ADD ("result/platform-causes", test_platform_causes);
  ADD ("result/cause-27", test_cause_27);
  ADD ("result/no-key", test_no_key);
  ADD ("result/url-errors", test_url_errors);
  ADD ("auto", test_auto);
  ADD ("record/key", test_record_key);
#undef ADD
  return g_test_run ();
}
