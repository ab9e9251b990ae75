/* test-cli-output.c — the JSON-lines contract of fotadesk-cli events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fd-cli-output.h"

static FdJob *
make_job (void)
{
  FdJob *job = fd_job_new ("j1", NULL, NULL, NULL);

  fd_job_set_module (job, "/dev/ttyUSB2", "869999001234567", "ML307A-DSLN", "V1");
  return job;
}

/* Prints @event through the real output path and parses the line back. */
static JsonObject *
roundtrip (FdJob *job, const FdJobEvent *event)
{
  g_autoptr(FdCliOutput) output = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  char buf[4096] = { 0 };
  FILE *f = tmpfile ();

  output = fd_cli_output_new (f, TRUE);
  fd_cli_output_job_event (output, job, event);
  rewind (f);
  g_assert_nonnull (fgets (buf, sizeof buf, f));
  fclose (f);
  g_assert_cmpint (buf[strlen (buf) - 1], ==, '\n');
  g_assert_true (strchr (buf, '\n') == buf + strlen (buf) - 1); /* one line */
  json_parser_load_from_data (parser, buf, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_progress (void)
{
  g_autoptr(FdJob) job = make_job ();
  FdJobEvent event = { .kind = FD_JOB_EVENT_PROGRESS, .wall_time_us = 1700000000123456,
                       .phase = FD_PHASE_WRITE, .bytes = 512, .total = 2052, .percent = 24,
                       .overall = 12 };
  g_autoptr(JsonObject) o = roundtrip (job, &event);
  const char *time = json_object_get_string_member (o, "time");

  g_assert_cmpstr (json_object_get_string_member (o, "event"), ==, "progress");
  g_assert_cmpstr (json_object_get_string_member (o, "imei"), ==, "869999001234567");
  g_assert_cmpstr (json_object_get_string_member (o, "port"), ==, "/dev/ttyUSB2");
  g_assert_cmpstr (json_object_get_string_member (o, "phase"), ==, "write");
  g_assert_cmpint (json_object_get_int_member (o, "bytes"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 2052);
  g_assert_cmpint (json_object_get_int_member (o, "percent"), ==, 24);
  /* ISO 8601 with milliseconds */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.123[+-]\\d\\d:\\d\\d$",
                                       time, 0, 0));
}

static void
test_progress_unknown_total (void)
{
  g_autoptr(FdJob) job = make_job ();
  FdJobEvent event = { .kind = FD_JOB_EVENT_PROGRESS, .phase = FD_PHASE_DOWNLOAD,
                       .bytes = 4096, .percent = -1 };
  g_autoptr(JsonObject) o = roundtrip (job, &event);

  g_assert_false (json_object_has_member (o, "total"));
  g_assert_false (json_object_has_member (o, "percent"));
  g_assert_cmpint (json_object_get_int_member (o, "bytes"), ==, 4096);
}

static void
test_urc_with_quotes (void)
{
  g_autoptr(FdJob) job = make_job ();
  FdJobEvent event = { .kind = FD_JOB_EVENT_URC, .text = (char *) "+UPGRADEVER: \"A\\B\"\x01" };
  g_autoptr(JsonObject) o = roundtrip (job, &event);

  g_assert_cmpstr (json_object_get_string_member (o, "line"), ==, event.text);
}

static void
test_result_failed (void)
{
  g_autoptr(FdJob) job = make_job ();
  FdJobEvent event = { .kind = FD_JOB_EVENT_RESULT, .result = FD_RESULT_FAILED,
                       .phase = FD_PHASE_UPGRADE, .error_name = (char *) "upgrade-failed",
                       .module_code = 854, .text = (char *) "The module could not flash.",
                       .old_revision = (char *) "V1" };
  g_autoptr(JsonObject) o = roundtrip (job, &event);
  JsonObject *error = json_object_get_object_member (o, "error");

  g_assert_cmpstr (json_object_get_string_member (o, "result"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (o, "old_revision"), ==, "V1");
  g_assert_true (json_object_get_null_member (o, "new_revision"));
  g_assert_false (json_object_get_boolean_member (o, "revision_changed"));
  g_assert_cmpint (json_object_get_int_member (error, "code"), ==, 854);
  g_assert_cmpstr (json_object_get_string_member (error, "name"), ==, "upgrade-failed");
}

static void
test_result_success (void)
{
  g_autoptr(FdJob) job = make_job ();
  FdJobEvent event = { .kind = FD_JOB_EVENT_RESULT, .result = FD_RESULT_SUCCESS,
                       .old_revision = (char *) "V1", .new_revision = (char *) "V2",
                       .revision_changed = TRUE };
  g_autoptr(JsonObject) o = roundtrip (job, &event);

  g_assert_cmpstr (json_object_get_string_member (o, "result"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (o, "new_revision"), ==, "V2");
  g_assert_true (json_object_get_boolean_member (o, "revision_changed"));
  g_assert_false (json_object_has_member (o, "error"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/output/progress", test_progress);
  g_test_add_func ("/cli/output/progress-unknown-total", test_progress_unknown_total);
  g_test_add_func ("/cli/output/urc-with-quotes", test_urc_with_quotes);
  g_test_add_func ("/cli/output/result-failed", test_result_failed);
  g_test_add_func ("/cli/output/result-success", test_result_success);

  return g_test_run ();
}
