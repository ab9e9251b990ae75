/* test-sim-cli.c — fotadesk-sim as a program: options, links, signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fd-sim-package.h"
#include "fd-sim-transcript.h"
#include "fd-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->dir = fd_test_mkdtemp ();
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static const char *
binary (void)
{
  const char *path = g_getenv ("FD_SIM_BINARY");

  g_assert_nonnull (path);
  return path;
}

/* Runs fotadesk-sim to completion; returns its exit status. */
static int
run_sync (char **out, char **err, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     args;

  g_ptr_array_add (argv, (gpointer)binary ());
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc
      = g_subprocess_newv ((const char *const *)argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_autofree char *o = NULL, *e = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_exit_status (proc);
}

typedef struct
{
  GSubprocess *proc;
  int          out_fd;
  GString     *buf;
} Sim;

static Sim *
sim_start (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);

  g_ptr_array_add (argv, (gpointer)binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  sim->proc = g_subprocess_newv ((const char *const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                 &error);
  g_assert_no_error (error);
  sim->out_fd
      = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (sim->proc)));
  sim->buf = g_string_new (NULL);
  return sim;
}

/* The next line the simulator prints, within the test bound. */
static char *
sim_line (Sim *sim)
{
  gint64 deadline = g_get_monotonic_time () + FD_TEST_TIMEOUT_MS * 1000;

  for (;;)
    {
      char         *nl = strchr (sim->buf->str, '\n');
      struct pollfd pfd = { sim->out_fd, POLLIN, 0 };
      char          chunk[512];
      gssize        n;
      int           left;

      if (nl != NULL)
        {
          char *line = g_strndup (sim->buf->str, nl - sim->buf->str);
          g_string_erase (sim->buf, 0, nl - sim->buf->str + 1);
          return line;
        }
      left = (int)((deadline - g_get_monotonic_time ()) / 1000);
      if (left <= 0 || poll (&pfd, 1, left) <= 0)
        g_error ("fotadesk-sim printed no line within %u ms", FD_TEST_TIMEOUT_MS);
      n = read (sim->out_fd, chunk, sizeof chunk);
      if (n <= 0)
        g_error ("fotadesk-sim closed its output");
      g_string_append_len (sim->buf, chunk, n);
    }
}

static void
waited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *)data = TRUE;
}

/* SIGTERM, then the exit status (bounded). */
static int
sim_stop (Sim *sim)
{
  gint64   deadline = g_get_monotonic_time () + FD_TEST_TIMEOUT_MS * 1000;
  gboolean done = FALSE;
  int      status;

  g_subprocess_send_signal (sim->proc, SIGTERM);
  g_subprocess_wait_async (sim->proc, NULL, waited, &done);
  while (!done && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  if (!done)
    g_error ("fotadesk-sim did not stop within %u ms of SIGTERM", FD_TEST_TIMEOUT_MS);
  status = g_subprocess_get_if_exited (sim->proc) ? g_subprocess_get_exit_status (sim->proc) : -1;
  g_object_unref (sim->proc);
  g_string_free (sim->buf, TRUE);
  g_free (sim);
  return status;
}

/* --- tests -------------------------------------------------------------- */

static void
test_help (Fixture *fx, gconstpointer data)
{
  g_autofree char         *out = NULL, *err = NULL;
  static const char *const documented[]
      = { "--module",  "--config",     "--dir",       "--baud",   "--fault",
          "--record",  "--replay",     "--realistic", "--onenet", "--luat-platform",
          "drop-port", "never-return", "urc-loss",    "busy" };

  g_assert_cmpint (run_sync (&out, &err, "--help", NULL), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (documented); i++)
    g_assert_nonnull (strstr (out, documented[i]));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_sync (&out, &err, "--list-models", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ML307A-DSLN"));
  g_assert_nonnull (strstr (out, "Air780E"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_sync (&out, &err, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "fotadesk-sim "));
}

static void
test_make_package (Fixture *fx, gconstpointer data)
{
  g_autofree char *good = g_build_filename (fx->dir, "good.bin", NULL);
  g_autofree char *bad = g_build_filename (fx->dir, "bad.bin", NULL);
  g_autofree char *out = NULL, *err = NULL, *contents = NULL, *rev = NULL;
  gsize            len;

  g_assert_cmpint (
      run_sync (&out, &err, "--make-package", "DEMO_V2", "--size", "5000", "-o", good, NULL), ==,
      0);
  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_assert_cmpint (fd_sim_package_check ((const guint8 *)contents, len, &rev), ==,
                   FD_SIM_PACKAGE_VALID);
  g_assert_cmpstr (rev, ==, "DEMO_V2");
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (run_sync (NULL, NULL, "--make-package", "DEMO_V2", "--size", "5000", "-o", bad,
                             "--corrupt", NULL),
                   ==, 0);
  g_assert_true (g_file_get_contents (bad, &contents, &len, NULL));
  g_assert_cmpint (fd_sim_package_check ((const guint8 *)contents, len, NULL), ==,
                   FD_SIM_PACKAGE_DAMAGED);
  g_assert_cmpint (
      run_sync (NULL, NULL, "--make-package", "bad rev", "--size", "5", "-o", bad, NULL), ==, 2);
}

static void
test_errors (Fixture *fx, gconstpointer data)
{
  static const char *const cases[][4] = {
    { "-m", "Nokia3310", NULL },
    { "-m", "MN316:123", NULL },
    { "-m", "MN316", "--fault", "nosuch" },
    { "-m", "MN316", "--fault", "3@silence" },
    { "-m", "M5311", "--onenet", "x:y" },
    { "-m", "M5311", "--onenet", "100:REV:maybe" },
    { "--replay", "/nonexistent.jsonl", NULL },
    { "--config", "/nonexistent.conf", NULL },
    { NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = run_sync (&out, &err, "--dir", fx->dir, cases[i][0], cases[i][1], cases[i][2],
                             cases[i][3], NULL);

      g_test_message ("%s %s: %s", cases[i][0], cases[i][1], err);
      g_assert_cmpint (status, !=, 0);
      g_assert_true (g_str_has_prefix (err, "fotadesk-sim: "));
    }
  /* Nothing left behind. */
  g_autoptr (GDir) d = g_dir_open (fx->dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
}

static void
test_run (Fixture *fx, gconstpointer data)
{
  g_autofree char *record = g_build_filename (fx->dir, "rec.jsonl", NULL);
  g_autofree char *links = g_build_filename (fx->dir, "links", NULL);
  const char      *args[] = {
         "--dir",    links, "-m",      "ML307A-DSLN",       "-m",       "M5311:869999001234567:REV_X",
         "--baud",   "0",   "--fault", "1@cme=+CGMR:100:3", "--record", record,
         "--rename", NULL
  };
  Sim *sim = sim_start (args);
  g_auto (GStrv) first = g_strsplit (sim_line (sim), "\t", -1);
  g_auto (GStrv) second = g_strsplit (sim_line (sim), "\t", -1);
  g_autoptr (FdTestPort) port = NULL;
  g_autoptr (FdSimTranscript) tr = NULL;
  g_autofree char *rec0 = g_build_filename (fx->dir, "rec-0.jsonl", NULL);
  g_autofree char *rec1 = g_build_filename (fx->dir, "rec-1.jsonl", NULL);
  g_autofree char *event = NULL;

  g_assert_cmpuint (g_strv_length (first), ==, 5);
  g_assert_true (g_str_has_suffix (first[0], "/ttyUSB0"));
  g_assert_cmpstr (first[1], ==, "ML307A-DSLN");
  g_assert_cmpstr (first[4], ==, "mfw");
  g_assert_cmpstr (second[2], ==, "869999001234567");
  g_assert_cmpstr (second[3], ==, "REV_X");
  g_assert_cmpstr (second[4], ==, "rsfota");
  /* The fault went to module 1 only. */
  port = fd_test_port_open_wait (second[0], FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "+CME ERROR: 3", NULL });
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_port_open_wait (first[0], FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ML307A_V1.2", "OK", NULL });
  /* A USB reboot is reported, and comes back under a new name. */
  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  do
    {
      g_free (event);
      event = sim_line (sim);
    }
  while (strstr (event, "state=ready") == NULL);
  g_assert_nonnull (strstr (event, "link="));
  g_assert_nonnull (strstr (event, "/ttyUSB2"));
  g_assert_cmpint (sim_stop (sim), ==, 0);
  /* Links gone, transcripts complete. */
  g_autoptr (GDir) d = g_dir_open (links, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  tr = fd_sim_transcript_load (rec0, NULL);
  g_assert_nonnull (tr);
  g_assert_cmpstr (tr->model, ==, "ML307A-DSLN");
  g_clear_pointer (&tr, fd_sim_transcript_free);
  tr = fd_sim_transcript_load (rec1, NULL);
  g_assert_nonnull (tr);
  g_assert_cmpstr (tr->imei, ==, "869999001234567");
}

static void
test_config (Fixture *fx, gconstpointer data)
{
  g_autofree char *conf = g_build_filename (fx->dir, "fleet.conf", NULL);
  g_autofree char *links = g_build_filename (fx->dir, "links", NULL);
  g_autofree char *text = g_strdup_printf ("[fleet]\n"
                                           "dir=%s\n"
                                           "baud=0\n"
                                           "\n"
                                           "[module modemA]\n"
                                           "model=Air780E\n"
                                           "faults=garbage=0;urc-delay=10\n"
                                           "\n"
                                           "[module modemB]\n"
                                           "model=MN316\n"
                                           "imei=869999005555555\n",
                                           links);
  const char      *args[] = { "--config", conf, NULL };
  Sim             *sim;
  g_auto (GStrv) a = NULL, b = NULL;
  g_autoptr (FdTestPort) port = NULL;

  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  sim = sim_start (args);
  a = g_strsplit (sim_line (sim), "\t", -1);
  b = g_strsplit (sim_line (sim), "\t", -1);
  g_assert_true (g_str_has_suffix (a[0], "/modemA"));
  g_assert_true (g_str_has_suffix (b[0], "/modemB"));
  g_assert_cmpstr (b[2], ==, "869999005555555");
  port = fd_test_port_open_wait (b[0], FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  fd_test_command_expect (port, "AT+CGMM", (const char *const[]){ "MN316", "OK", NULL });
  g_clear_pointer (&port, fd_test_port_close);
  g_assert_cmpint (sim_stop (sim), ==, 0);
  g_assert_false (g_file_test (b[0], G_FILE_TEST_EXISTS));
}

static void
test_replay (Fixture *fx, gconstpointer data)
{
  g_autofree char *record = g_build_filename (fx->dir, "one.jsonl", NULL);
  g_autofree char *links = g_build_filename (fx->dir, "links", NULL);
  const char      *rec_args[]
      = { "--dir", links, "-m", "Air724UG", "--baud", "0", "--record", record, NULL };
  const char *play_args[] = { "--dir", links, "--replay", record, "--baud", "0", NULL };
  g_autoptr (FdTestPort) port = NULL;
  g_auto (GStrv) line = NULL;
  Sim *sim;

  sim = sim_start (rec_args);
  line = g_strsplit (sim_line (sim), "\t", -1);
  port = fd_test_port_open_wait (line[0], FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  fd_test_command_expect (port, "AT+UPGRADE?", (const char *const[]){ "+UPGRADE: 0", "OK", NULL });
  g_clear_pointer (&port, fd_test_port_close);
  g_assert_cmpint (sim_stop (sim), ==, 0);
  g_clear_pointer (&line, g_strfreev);

  sim = sim_start (play_args);
  line = g_strsplit (sim_line (sim), "\t", -1);
  g_assert_cmpstr (line[1], ==, "Air724UG");
  port = fd_test_port_open_wait (line[0], FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  fd_test_port_echo_off (port);
  fd_test_command_expect (port, "AT+UPGRADE?", (const char *const[]){ "+UPGRADE: 0", "OK", NULL });
  g_clear_pointer (&port, fd_test_port_close);
  g_assert_cmpint (sim_stop (sim), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/cli/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("help", test_help);
  ADD ("make-package", test_make_package);
  ADD ("errors", test_errors);
  ADD ("run", test_run);
  ADD ("config", test_config);
  ADD ("replay", test_replay);
#undef ADD
  return g_test_run ();
}
