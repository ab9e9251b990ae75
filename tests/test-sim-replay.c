/* test-sim-replay.c — record a session, replay its module side, compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fd-sim-fleet.h"
#include "fd-sim-transcript.h"
#include "fd-test-util.h"

typedef struct
{
  char       *dir;
  FdSimFleet *fleet;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->dir = fd_test_mkdtemp ();
  fx->fleet = fd_sim_fleet_new (fx->dir, NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

/* Sends @command and collects every line up to @last (included). */
static void
exchange (FdTestPort *port, GPtrArray *seen, const char *command, const char *last)
{
  g_autoptr (GPtrArray) lines = NULL;

  fd_test_port_send (port, command);
  lines = fd_test_port_wait_line (port, last, FD_TEST_TIMEOUT_MS);
  if (lines == NULL)
    g_error ("“%s” did not come after %s", last, command);
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (seen, g_strdup (g_ptr_array_index (lines, i)));
  g_ptr_array_add (seen, g_strdup (last));
}

/* One tool session against an M5311 doing an RSFOTA upgrade. */
static GPtrArray *
rsfota_session (FdSimModule *m)
{
  GPtrArray       *seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *link = fd_sim_module_dup_link_path (m);
  g_autoptr (FdTestPort) port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);

  fd_test_port_flush (port);
  exchange (port, seen, "AT", "OK");
  exchange (port, seen, "ATE0", "OK");
  exchange (port, seen, "AT+CGMM", "OK");
  exchange (port, seen, "AT+CGSN=1", "OK");
  exchange (port, seen, "AT+RSFOTAMODE?", "OK");
  exchange (port, seen, "AT+RSFOTA=1", "+RSFOTA:-1,1");
  exchange (port, seen, "ATE0", "OK");
  exchange (port, seen, "AT+CGMR", "OK");
  return seen;
}

static void
test_roundtrip (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "field.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) recorded = NULL;
  g_autoptr (GPtrArray) replayed = NULL;
  FdSimModule *m;
  FdSimModule *r;

  /* The "field": a module, recorded from its first byte. */
  m = fd_sim_fleet_add_module (fx->fleet, "M5311", "869999007654328", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, NULL));
  g_assert_true (fd_sim_module_set_transcript_path (m, path, &error));
  fd_sim_module_set_onenet (m, 1200, "M5311_FIELD_V2", FD_SIM_ONENET_SUCCESS);
  recorded = rsfota_session (m);
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, &error));

  /* The desk: the same session against the replay. */
  r = fd_sim_fleet_add_replay (fx->fleet, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_sim_module_get_model (r), ==, "M5311");
  g_assert_cmpstr (fd_sim_module_get_imei (r), ==, "869999007654328");
  replayed = rsfota_session (r);
  g_ptr_array_add (recorded, NULL);
  fd_test_assert_lines (replayed, (const char *const *)recorded->pdata);
  g_assert_true (g_ptr_array_find_with_equal_func (replayed, "M5311_FIELD_V2", g_str_equal, NULL));
}

static void
test_mismatch (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "s.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "MN316", NULL, NULL, NULL);
  g_autoptr (FdTestPort) port = NULL;
  FdSimModule *r;

  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, NULL));
  g_assert_true (fd_sim_module_set_transcript_path (m, path, NULL));
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "MN316_V1.1.2", "OK", NULL });
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"u\",\"secret-pw\"",
                          (const char *const[]){ "OK", NULL });
  g_clear_pointer (&port, fd_test_port_close);
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, NULL));

  r = fd_sim_fleet_add_replay (fx->fleet, path, "replayed", &error);
  g_assert_no_error (error);
  g_autofree char *link = fd_sim_module_dup_link_path (r);
  g_assert_true (g_str_has_suffix (link, "/replayed"));
  port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_command_expect (port, "ATE0", (const char *const[]){ "OK", NULL });
  /* Off script: ERROR, and the script waits where it was. */
  fd_test_command_expect (port, "AT+CGMM", (const char *const[]){ "ERROR", NULL });
  fd_test_command_expect (port, "at+cgmr", (const char *const[]){ "MN316_V1.1.2", "OK", NULL });
  /* The password was recorded as ***: any password matches. */
  fd_test_command_expect (port, "AT+MFWCFG=\"auth\",\"u\",\"another\"",
                          (const char *const[]){ "OK", NULL });
  /* Past the end. */
  fd_test_command_expect (port, "AT", (const char *const[]){ "ERROR", NULL });
}

/* A recorded USB reboot: the replay removes and re-creates the link. */
static void
test_port_notes (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "usb.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, "ML307A-DSLN", NULL, NULL, NULL);
  g_autoptr (FdTestPort) port = NULL;
  g_autoptr (GPtrArray) after = NULL;
  FdSimModule *r;

  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, NULL));
  g_assert_true (fd_sim_module_set_transcript_path (m, path, NULL));
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, NULL));
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ML307A_V1.2", "OK", NULL });
  g_clear_pointer (&port, fd_test_port_close);
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, NULL));

  r = fd_sim_fleet_add_replay (fx->fleet, path, NULL, &error);
  g_assert_no_error (error);
  port = fd_test_open_module (r);
  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_clear_pointer (&port, fd_test_port_close);
  /* Back, like the real one, with its boot lines. */
  after = fd_test_follow (r, (const char *const[]){ "+CEREG: 1", NULL }, FD_TEST_TIMEOUT_MS, NULL);
  g_assert_nonnull (after);
  g_autofree char *link = fd_sim_module_dup_link_path (r);
  port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "ATE0", (const char *const[]){ "OK", NULL });
}

static void
test_bad_transcripts (Fixture *fx, gconstpointer data)
{
  static const char *const bad[] = {
    "",
    "not json\n",
    "{\"type\":\"header\",\"format\":\"other\",\"version\":1}\n",
    "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":2}\n",
    "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":1}\n{\"t\":1,\"dir\":"
    "\"tx\"}\n",
    "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":1}\n[1,2]\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/bad-%zu.jsonl", fx->dir, i);
      g_autoptr (GError) error = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_null (fd_sim_fleet_add_replay (fx->fleet, path, NULL, &error));
      g_assert_nonnull (error);
    }
  g_assert_null (fd_sim_fleet_add_replay (fx->fleet, "/nonexistent/x.jsonl", NULL, NULL));
}

/* A transcript written by someone else (the app's recorder), by hand. */
static void
test_foreign_transcript (Fixture *fx, gconstpointer data)
{
  g_autofree char  *path = g_build_filename (fx->dir, "app.jsonl", NULL);
  static const char text[]
      = "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":1,"
        "\"model\":\"ML307A-DSLN\",\"imei\":\"869999001234567\",\"revision\":\"ML307A_V1.2\","
        "\"port\":\"/dev/ttyUSB2\",\"started\":\"2026-11-20T10:15:02.123+08:00\"}\n"
        "{\"t\":1534,\"dir\":\"tx\",\"b64\":\"QVQrQ0dNUg0=\",\"text\":\"AT+CGMR\\\\r\"}\n"
        "{\"t\":1561,\"dir\":\"rx\",\"b64\":\"DQpNTDMwN0FfVjEuMg0KDQpPSw0K\","
        "\"text\":\"\\\\r\\\\nML307A_V1.2\\\\r\\\\n\\\\r\\\\nOK\\\\r\\\\n\"}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (FdTestPort) port = NULL;
  FdSimModule *r;

  /* The example of docs/transcript-format.md. */
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  r = fd_sim_fleet_add_replay (fx->fleet, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fd_sim_module_get_imei (r), ==, "869999001234567");
  g_autofree char *link = fd_sim_module_dup_link_path (r);
  port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ML307A_V1.2", "OK", NULL });
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/replay/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("roundtrip", test_roundtrip);
  ADD ("mismatch", test_mismatch);
  ADD ("port-notes", test_port_notes);
  ADD ("bad-transcripts", test_bad_transcripts);
  ADD ("foreign-transcript", test_foreign_transcript);
#undef ADD
  return g_test_run ();
}
