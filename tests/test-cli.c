/* test-cli.c — fotadesk-cli as a process against simulated modules
 *
 * Every command, each dialect's success and a failure, the exit statuses
 * 0/1/2/3/130, validation that sends nothing (checked in the simulator's
 * own transcript), and the JSON lines parsed field by field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "fd-sim-fleet.h"
#include "fd-sim-package.h"
#include "fd-test-util.h"

#define CLI_BOUND_S 90

typedef struct {
  char       *dir;      /* the simulator's links */
  char       *log_dir;  /* the CLI's audit log and transcripts */
  char       *glob;
  FdSimFleet *fleet;
  FdSimModule *mfw;     /* M5311-E */
  FdSimModule *luat;    /* Air780E */
  FdSimModule *rsfota;  /* M5311 */
  char       *mfw_transcript;
} Fixture;

typedef struct {
  int        status;
  char      *out;
  char      *err;
  GPtrArray *objects; /* JsonObject per stdout line, when --json */
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->objects, g_ptr_array_unref);
  g_free (run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fs_root = NULL;
  g_autofree char *package = NULL;

  f->dir = fd_test_mkdtemp ();
  f->log_dir = g_build_filename (f->dir, "logs", NULL);
  f->glob = g_build_filename (f->dir, "tty*", NULL);
  fs_root = g_build_filename (f->dir, "fs", NULL);
  g_mkdir (fs_root, 0700);
  package = g_build_filename (fs_root, "pkg.bin", NULL);
  g_assert_true (fd_sim_package_write (package, "M5311E_V2.0", 8192, 7, &error));

  f->fleet = fd_sim_fleet_new (f->dir, &error);
  g_assert_no_error (error);
  f->mfw = fd_sim_fleet_add_module (f->fleet, "M5311-E", "869999000000011", "M5311E_V1.0", &error);
  g_assert_no_error (error);
  f->luat = fd_sim_fleet_add_module (f->fleet, "Air780E", "869999000000029", "AirM2M_780E_V1120", &error);
  g_assert_no_error (error);
  f->rsfota = fd_sim_fleet_add_module (f->fleet, "M5311", "869999000000037", "M5311_V1.0", &error);
  g_assert_no_error (error);
  fd_sim_module_set_fs_root (f->mfw, fs_root);
  fd_sim_module_set_luat_platform (f->luat, "AirM2M_780E_V1121", 4096, 0, 200, 0, TRUE);
  /* Behind a UART bridge the port stays through the reboots, so the
   * result report (+UPGRADEVER) is seen rather than waited for. The USB
   * cases are covered by the flow tests. */
  fd_sim_module_set_reboot_style (f->luat, FD_SIM_REBOOT_KEEP_PORT);
  fd_sim_module_set_onenet (f->rsfota, 2052, "M5311_V1.1", FD_SIM_ONENET_SUCCESS);
  for (guint i = 0; i < 3; i++)
    {
      FdSimModule *m = i == 0 ? f->mfw : i == 1 ? f->luat : f->rsfota;
      g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, &error));
      g_assert_no_error (error);
    }
  f->mfw_transcript = g_build_filename (f->dir, "mfw-sim.jsonl", NULL);
  g_assert_true (fd_sim_module_set_transcript_path (f->mfw, f->mfw_transcript, &error));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  fd_sim_fleet_shutdown (f->fleet);
  g_clear_object (&f->fleet);
  fd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->log_dir);
  g_free (f->glob);
  g_free (f->mfw_transcript);
}

typedef struct {
  GSubprocess *process;
  gboolean     done;
  char        *out;
  char        *err;
  int          interrupt_after_phase; /* send SIGINT at the first "upgrade" phase event */
  gboolean     interrupted;
} Pending;

static void
communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &pending->out,
                                        &pending->err, &error);
  g_assert_no_error (error);
  pending->done = TRUE;
}

static gboolean
bound_reached (gpointer user_data)
{
  g_error ("fotadesk-cli did not finish within %d s", CLI_BOUND_S);
  return G_SOURCE_REMOVE;
}

/* Runs the CLI on the simulated modules with @args; @env (NULL or
 * NAME=VALUE strings) is added to the test's environment. */
static CliRun *
run_cli_env (Fixture *f, const char *const *env, const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Pending pending = { 0 };
  CliRun *run = g_new0 (CliRun, 1);
  guint bound;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FD_CLI_BINARY"));
  g_ptr_array_add (argv, "--glob-only");
  g_ptr_array_add (argv, "--glob");
  g_ptr_array_add (argv, f->glob);
  g_ptr_array_add (argv, "--log-dir");
  g_ptr_array_add (argv, f->log_dir);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  for (gsize i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  pending.process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                  &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (pending.process, NULL, NULL, communicated, &pending);
  bound = g_timeout_add_seconds (CLI_BOUND_S, bound_reached, NULL);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
  g_subprocess_wait (pending.process, NULL, NULL);

  run->status = g_subprocess_get_if_exited (pending.process)
                  ? g_subprocess_get_exit_status (pending.process)
                  : -1;
  run->out = pending.out;
  run->err = pending.err;
  g_object_unref (pending.process);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
  return run;
}

static CliRun *
run_cli_argv (Fixture *f, const char *const *args)
{
  return run_cli_env (f, NULL, args);
}

#define run_cli(f, ...) run_cli_argv ((f), (const char *const[]) { __VA_ARGS__, NULL })

/* Every stdout line must be one JSON object with the common members. */
static void
parse_json_lines (CliRun *run)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);

  run->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (object, "event"));
      g_assert_true (json_object_has_member (object, "time"));
      g_ptr_array_add (run->objects, json_object_ref (object));
    }
}

static JsonObject *
find_event (CliRun *run, const char *event, const char *imei)
{
  for (guint i = 0; i < run->objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->objects, i);

      if (g_strcmp0 (json_object_get_string_member (o, "event"), event) == 0 &&
          (imei == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (o, "imei", ""), imei) == 0))
        return o;
    }
  return NULL;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* --- scan, info, at, report ---------------------------------------- */

static void
test_scan_json (Fixture *f, gconstpointer data)
{
  g_autoptr(CliRun) run = run_cli (f, "--json", "scan");
  JsonObject *luat;
  JsonArray *dialects;

  g_assert_cmpint (run->status, ==, 0);
  parse_json_lines (run);
  g_assert_nonnull (find_event (run, "module", "869999000000011"));
  g_assert_nonnull (find_event (run, "module", "869999000000037"));
  luat = find_event (run, "module", "869999000000029");
  g_assert_nonnull (luat);
  g_assert_cmpstr (json_object_get_string_member (luat, "model"), ==, "Air780E");
  {
    /* a simulator's module is known by its link, not the pty behind it */
    g_autofree char *link = fd_sim_module_dup_link_path (f->luat);
    g_assert_cmpstr (json_object_get_string_member (luat, "port"), ==, link);
  }
  g_assert_cmpstr (json_object_get_string_member (luat, "revision"), ==, "AirM2M_780E_V1120");
  dialects = json_object_get_array_member (luat, "dialects");
  g_assert_cmpuint (json_array_get_length (dialects), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (dialects, 0), ==, "luat");
  g_assert_true (json_object_get_null_member (luat, "problem"));
}

static void
test_info_redacts_key (Fixture *f, gconstpointer data)
{
  g_autofree char *port = fd_sim_module_dup_link_path (f->luat);
  g_autofree char *key_file = g_build_filename (f->dir, "key.txt", NULL);
  g_autoptr(CliRun) setup = NULL;
  g_autoptr(CliRun) run = NULL;
  JsonObject *info, *settings;

  /* give the module a key first, through the raw AT command */
  setup = run_cli (f, "at", port, "AT+UPGRADE=\"KEY\",\"TOPSECRETKEY\"");
  g_assert_cmpint (setup->status, ==, 0);
  run = run_cli (f, "--json", "info", port);
  g_assert_cmpint (run->status, ==, 0);
  parse_json_lines (run);
  info = find_event (run, "info", "869999000000029");
  g_assert_nonnull (info);
  settings = json_object_get_object_member (info, "settings");
  g_assert_true (json_object_has_member (settings, "AT+UPGRADE?"));
  g_assert_true (json_object_has_member (settings, "AT+UPGRADE=\"PERIOD\""));
  g_assert_null (strstr (run->out, "TOPSECRETKEY"));
  g_assert_null (strstr (run->err, "TOPSECRETKEY"));
}

static void
test_at_command (Fixture *f, gconstpointer data)
{
  g_autofree char *port = fd_sim_module_dup_link_path (f->rsfota);
  g_autoptr(CliRun) run = run_cli (f, "--json", "at", port, "AT+CGMR", "AT+NOSUCHTHING");
  JsonObject *first = NULL, *second = NULL;

  g_assert_cmpint (run->status, ==, 1); /* the second command failed */
  parse_json_lines (run);
  for (guint i = 0; i < run->objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->objects, i);

      if (g_strcmp0 (json_object_get_string_member (o, "event"), "response") != 0)
        continue;
      if (first == NULL)
        first = o;
      else
        second = o;
    }
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpstr (json_object_get_string_member (first, "result"), ==, "OK");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "lines"), 0),
                   ==, "M5311_V1.0");
  g_assert_cmpstr (json_object_get_string_member (second, "result"), ==, "error");
}

static void
test_at_injection_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *port = fd_sim_module_dup_link_path (f->rsfota);
  g_autoptr(CliRun) run = run_cli (f, "at", port, "AT\rAT+RSFOTA=1");

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "control character"));
}

/* --- upgrades -------------------------------------------------------- */

static void
test_upgrade_luat_success (Fixture *f, gconstpointer data)
{
  g_autofree char *key_file = g_build_filename (f->dir, "key.txt", NULL);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) report = NULL;
  g_autoptr(CliRun) text = NULL;
  g_autofree char *audit = NULL;
  JsonObject *result, *summary;

  g_assert_true (g_file_set_contents (key_file, "PRODUCTKEY42\n", -1, NULL));
  run = run_cli (f, "--json", "upgrade", "luat", "--key", key_file, "--imei", "869999000000029");
  g_assert_cmpint (run->status, ==, 0);
  parse_json_lines (run);
  g_assert_nonnull (find_event (run, "phase", "869999000000029"));
  g_assert_nonnull (find_event (run, "urc", "869999000000029"));
  result = find_event (run, "result", "869999000000029");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (result, "old_revision"), ==, "AirM2M_780E_V1120");
  g_assert_cmpstr (json_object_get_string_member (result, "new_revision"), ==, "AirM2M_780E_V1121");
  g_assert_true (json_object_get_boolean_member (result, "revision_changed"));
  summary = find_event (run, "summary", NULL);
  g_assert_nonnull (summary);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "counts"),
                                               "success"), ==, 1);
  /* the key went nowhere */
  g_assert_null (strstr (run->out, "PRODUCTKEY42"));
  audit = read_file (g_build_filename (f->log_dir, "audit.jsonl", NULL));
  g_assert_nonnull (strstr (audit, "869999000000029"));
  g_assert_null (strstr (audit, "PRODUCTKEY42"));

  report = run_cli (f, "report", "--csv");
  g_assert_cmpint (report->status, ==, 0);
  g_assert_nonnull (strstr (report->out, "869999000000029"));
  g_assert_nonnull (strstr (report->out, "success"));

  /* People read the result in words, scripts the machine word. */
  text = run_cli (f, "report");
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "  869999000000029  Air780E  luat  Upgraded  "
                                       "AirM2M_780E_V1120 → AirM2M_780E_V1121\n"));
}

static void
test_upgrade_mfw_module_file (Fixture *f, gconstpointer data)
{
  g_autofree char *port = fd_sim_module_dup_link_path (f->mfw);
  g_autoptr(CliRun) run = run_cli (f, "--json", "upgrade", "mfw", "--url", "file:///pkg.bin",
                                   "--port", port);
  JsonObject *result;

  g_assert_cmpint (run->status, ==, 0);
  parse_json_lines (run);
  result = find_event (run, "result", "869999000000011");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (result, "new_revision"), ==, "M5311E_V2.0");
}

static void
test_upgrade_rsfota_success (Fixture *f, gconstpointer data)
{
  g_autoptr(CliRun) run = run_cli (f, "--json", "upgrade", "rsfota", "--action", "1",
                                   "--imei", "869999000000037");
  JsonObject *result;
  gboolean saw_progress = FALSE;

  g_assert_cmpint (run->status, ==, 0);
  parse_json_lines (run);
  result = find_event (run, "result", "869999000000037");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (result, "new_revision"), ==, "M5311_V1.1");
  for (guint i = 0; i < run->objects->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->objects, i);

      if (g_strcmp0 (json_object_get_string_member (o, "event"), "progress") == 0 &&
          json_object_has_member (o, "total"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 2052);
          saw_progress = TRUE;
        }
    }
  g_assert_true (saw_progress);
}

static void
test_upgrade_failure_exit_1 (Fixture *f, gconstpointer data)
{
  g_autoptr(CliRun) run = NULL;
  JsonObject *result, *error;

  fd_sim_module_set_onenet (f->rsfota, 2052, "M5311_V1.1", FD_SIM_ONENET_REJECTED);
  run = run_cli (f, "--json", "upgrade", "rsfota", "--action", "1", "--imei", "869999000000037");
  g_assert_cmpint (run->status, ==, 1);
  parse_json_lines (run);
  result = find_event (run, "result", "869999000000037");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "failed");
  error = json_object_get_object_member (result, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "name"), ==, "rejected");
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

/* Validation refuses before a byte: the module's own transcript has only
 * identification commands, none of the dialect's set commands. */
static void
test_validation_sends_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *port = fd_sim_module_dup_link_path (f->mfw);
  g_autoptr(CliRun) run = run_cli (f, "upgrade", "mfw", "--url", "http://127.0.0.1/x\";AT+MFWERASE",
                                   "--port", port);
  g_autofree char *sim = NULL;

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "Nothing was sent"));
  sim = read_file (f->mfw_transcript);
  g_assert_nonnull (strstr (sim, "AT+CGMR"));  /* it was identified … */
  g_assert_null (strstr (sim, "MFWERASE"));   /* … and nothing else */
  g_assert_null (strstr (sim, "MFWCFG=\\\"url\\\",")); /* no set form */
  g_assert_null (strstr (sim, "MFWDLOAD"));
}

static void
test_bad_number_exit_2 (Fixture *f, gconstpointer data)
{
  g_autoptr(CliRun) run = run_cli (f, "upgrade", "luat", "--period", "59", "--all");
  g_autoptr(CliRun) run2 = run_cli (f, "upgrade", "luat", "--period", "soon", "--all");
  g_autoptr(CliRun) run3 = run_cli (f, "upgrade", "luat", "--mode", "1", "--all");

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "60"));
  g_assert_nonnull (strstr (run->err, "4294967295"));
  g_assert_cmpint (run2->status, ==, 2);
  g_assert_nonnull (strstr (run2->err, "--period"));
  g_assert_cmpint (run3->status, ==, 2);
  g_assert_nonnull (strstr (run3->err, "--mode"));
}

static void
test_no_module_exit_3 (Fixture *f, gconstpointer data)
{
  g_autoptr(CliRun) run = run_cli (f, "upgrade", "luat", "--url", "http://127.0.0.1/x",
                                   "--imei", "000000000000000");

  g_assert_cmpint (run->status, ==, 3);
  g_assert_nonnull (strstr (run->err, "000000000000000"));
}

static void
test_usage_exit_2 (Fixture *f, gconstpointer data)
{
  g_autoptr(CliRun) none = run_cli (f, "frobnicate");
  g_autoptr(CliRun) dialect = run_cli (f, "upgrade", "nokia", "--all");
  g_autoptr(CliRun) targets = run_cli (f, "upgrade", "luat", "--url", "http://h/x");

  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpint (dialect->status, ==, 2);
  g_assert_cmpint (targets->status, ==, 2);
  g_assert_nonnull (strstr (targets->err, "--all"));
}

/* Ctrl-C during a slow upgrade: every job cancelled cleanly, exit 130.
 * stdout is read line by line so the signal comes mid-download. */
typedef struct {
  GSubprocess      *process;
  GDataInputStream *lines;
  GString          *out;
  gboolean          signalled;
  gboolean          eof;
} Watch;

static void
read_next_line (Watch *watch);

static void
line_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (watch->lines, result,
                                                                      NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      watch->eof = TRUE;
      return;
    }
  g_string_append_printf (watch->out, "%s\n", line);
  if (!watch->signalled && strstr (line, "\"event\":\"progress\"") != NULL &&
      strstr (line, "\"phase\":\"download\"") != NULL)
    {
      watch->signalled = TRUE;
      g_subprocess_send_signal (watch->process, SIGINT);
    }
  read_next_line (watch);
}

static void
read_next_line (Watch *watch)
{
  g_data_input_stream_read_line_async (watch->lines, G_PRIORITY_DEFAULT, NULL, line_read, watch);
}

static void
test_interrupt_exit_130 (Fixture *f, gconstpointer data)
{
  const char *argv[] = { g_getenv ("FD_CLI_BINARY"), "--glob-only", "--glob", f->glob,
                         "--log-dir", f->log_dir, "--json", "upgrade", "rsfota", "--action", "1",
                         "--imei", "869999000000037", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *audit_path = g_build_filename (f->log_dir, "audit.jsonl", NULL);
  Watch watch = { 0 };
  guint bound;

  /* a long download: 2 MB at the simulator's realistic pace */
  fd_sim_module_set_realistic (f->rsfota, TRUE);
  fd_sim_module_set_onenet (f->rsfota, 2 * 1024 * 1024, "M5311_V1.1", FD_SIM_ONENET_SUCCESS);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  watch.process = process;
  watch.out = g_string_new (NULL);
  watch.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  read_next_line (&watch);
  bound = g_timeout_add_seconds (CLI_BOUND_S, bound_reached, NULL);
  while (!watch.eof)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
  g_subprocess_wait (process, NULL, NULL);
  g_test_message ("stdout:\n%s", watch.out->str);

  g_assert_true (watch.signalled);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_nonnull (strstr (watch.out->str, "\"result\":\"cancelled\""));
  audit = read_file (audit_path);
  g_assert_nonnull (strstr (audit, "cancelled"));
  g_string_free (watch.out, TRUE);
  g_object_unref (watch.lines);
}

/* A named module that cannot even be opened fails, and the summary
 * counts it with the others: "1 failed", not "0 failed" beside exit 1. */
static void
test_unusable_counted (Fixture *f, gconstpointer data)
{
  g_autofree char *busy_port = fd_sim_module_dup_link_path (f->mfw);
  g_autofree char *good_port = fd_sim_module_dup_link_path (f->rsfota);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) text = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *summary, *counts;

  g_assert_true (fd_sim_module_set_busy (f->mfw, TRUE, &error));
  g_assert_no_error (error);
  run = run_cli (f, "--json", "upgrade", "rsfota", "--action", "1", "--port", good_port, "--port",
                 busy_port);
  g_assert_cmpint (run->status, ==, 1);
  parse_json_lines (run);
  summary = find_event (run, "summary", NULL);
  g_assert_nonnull (summary);
  counts = json_object_get_object_member (summary, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "success"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "failed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "modules"), ==, 2);

  text = run_cli (f, "upgrade", "rsfota", "--action", "1", "--port", busy_port);
  g_assert_cmpint (text->status, ==, 1);
  g_assert_nonnull (strstr (text->out, "0 upgraded, 0 already up to date, 1 failed"));
}

/* Chinese: the locale and the build's catalogue. Without the zh_CN.UTF-8
 * locale this fails (packaging/install-deps.sh generates it). */
#define run_cli_zh(f, ...)                                                                    \
  run_cli_env ((f), zh_env (), (const char *const[]) { __VA_ARGS__, NULL })

static const char *const *
zh_env (void)
{
  static char *env[5];

  if (env[0] == NULL)
    {
      env[0] = g_strdup ("LC_ALL=zh_CN.UTF-8");
      env[1] = g_strdup ("LANG=zh_CN.UTF-8");
      env[2] = g_strdup ("LANGUAGE=zh_CN");
      env[3] = g_strdup_printf ("FOTADESK_LOCALEDIR=%s", g_getenv ("FD_TEST_LOCALEDIR"));
    }
  return (const char *const *) env;
}

static gboolean
has_chinese (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x3400 && c <= 0x9fff)
        return TRUE;
    }
  return FALSE;
}

/* Words of English in @line that a translation would have changed:
 * three letters or more with some lower case, not an option, a
 * placeholder, a model, a port, a path or a name kept as it is. */
static gboolean
has_english_words (const char *line)
{
  static const char *const kept[] = { "fotadesk", "luat", "mfw", "rsfota", "hex", "passthrough",
                                      "diff", "full", "none", "http", "https", "ftp", "ftps",
                                      "file", "OneNET", "OneMO", "Luat", "ModemManager",
                                      "udev", "dialout", "brltty", "json", NULL };
  g_auto(GStrv) chunks = g_strsplit_set (line, " \t|[](),:;=", -1);

  for (guint i = 0; chunks[i] != NULL; i++)
    {
      const char *w = chunks[i];
      gboolean    lower = FALSE, letters = strlen (w) >= 3;

      for (const char *p = w; *p != '\0' && letters; p++)
        {
          letters = g_ascii_isalpha (*p) || (*p == '.' && p[1] == '\0');
          lower = lower || g_ascii_islower (*p);
        }
      if (letters && lower && w[0] != '-')
        {
          g_autofree char *bare = g_strndup (w, strcspn (w, "."));

          if (!g_strv_contains (kept, bare))
            return TRUE;
        }
    }
  return FALSE;
}

/* Every line of @text with English words also has Chinese in it. */
static void
assert_chinese (const char *what, const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) english = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (g_strchug (lines[i]), "fotadesk-cli ") /* an example */
        && has_english_words (lines[i]) && !has_chinese (lines[i]))
      g_string_append_printf (english, "  %s\n", lines[i]);
  if (english->len > 0)
    g_error ("%s: lines in English under zh_CN:\n%s", what, english->str);
}

/* Under zh_CN.UTF-8 the help, the errors and a whole upgrade read in
 * Chinese, while the JSON lines scripts read stay as they are. */
static void
test_chinese (Fixture *f, gconstpointer data)
{
  static const char *const helps[][3] = {
    { "--help", NULL }, { "scan", "--help", NULL }, { "info", "--help", NULL },
    { "at", "--help", NULL }, { "report", "--help", NULL }, { "upgrade", "--help-all", NULL },
  };
  g_autofree char *key_file = g_build_filename (f->dir, "key.txt", NULL);
  g_autoptr(CliRun) missing = NULL;
  g_autoptr(CliRun) upgrade = NULL;
  g_autoptr(CliRun) report = NULL;
  g_autoptr(CliRun) json = NULL;
  JsonObject *result;

  for (gsize i = 0; i < G_N_ELEMENTS (helps); i++)
    {
      g_autoptr(CliRun) run
          = helps[i][1] == NULL ? run_cli_zh (f, helps[i][0])
                                : run_cli_zh (f, helps[i][0], helps[i][1]);

      g_assert_cmpint (run->status, ==, 0);
      g_assert_true (has_chinese (run->out));
      g_assert_null (strstr (run->out, "Project-Id-Version"));
      assert_chinese (helps[i][0], run->out);
    }

  missing = run_cli_zh (f, "upgrade", "mfw", "--all");
  g_assert_cmpint (missing->status, ==, 2);
  g_assert_true (has_chinese (missing->err));
  assert_chinese ("upgrade mfw --all", missing->err);

  g_assert_true (g_file_set_contents (key_file, "PRODUCTKEY42\n", -1, NULL));
  upgrade = run_cli_zh (f, "upgrade", "luat", "--key", key_file, "--imei", "869999000000029");
  g_assert_cmpint (upgrade->status, ==, 0);
  assert_chinese ("upgrade luat", upgrade->out);
  assert_chinese ("upgrade luat (stderr)", upgrade->err);
  report = run_cli_zh (f, "report");
  g_assert_cmpint (report->status, ==, 0);
  assert_chinese ("report", report->out);

  json = run_cli_zh (f, "--json", "scan");
  g_assert_cmpint (json->status, ==, 0);
  parse_json_lines (json);
  result = find_event (json, "module", "869999000000029");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "model"), ==, "Air780E");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("scan/json", test_scan_json);
  ADD ("info/redacts-key", test_info_redacts_key);
  ADD ("at/commands", test_at_command);
  ADD ("at/injection-refused", test_at_injection_refused);
  ADD ("upgrade/luat-success", test_upgrade_luat_success);
  ADD ("upgrade/mfw-module-file", test_upgrade_mfw_module_file);
  ADD ("upgrade/rsfota-success", test_upgrade_rsfota_success);
  ADD ("upgrade/failure-exit-1", test_upgrade_failure_exit_1);
  ADD ("upgrade/validation-sends-nothing", test_validation_sends_nothing);
  ADD ("upgrade/bad-number-exit-2", test_bad_number_exit_2);
  ADD ("upgrade/no-module-exit-3", test_no_module_exit_3);
  ADD ("usage/exit-2", test_usage_exit_2);
  ADD ("upgrade/interrupt-exit-130", test_interrupt_exit_130);
  ADD ("upgrade/unusable-counted", test_unusable_counted);
  ADD ("zh-cn", test_chinese);
#undef ADD

  return g_test_run ();
}
