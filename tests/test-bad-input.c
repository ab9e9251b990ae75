/* test-bad-input.c — what a user (or a file) gets wrong is refused with a
 * message, and nothing reaches a module
 *
 * Through fotadesk-cli, as a process against simulated modules that
 * record what crosses their port: numbers one past each bound, strings
 * one past their length and far past it, AT injection (", CR, LF,
 * ;AT+MFWERASE) in every string that is sent, URLs that are not, key and
 * password files that are binary, huge or not text. Each run must exit 2
 * with a short message naming the problem, and each module's own
 * transcript must hold identification commands only. (The bounds
 * themselves, value by value, are tests/test-config-validate.c's.)
 *
 * Then the preset loaders: GKeyFiles made of random bytes, and of the
 * right keys with random values, through fd_{rsfota,mfw,luat}_config_load
 * and fd_models_load_overrides — refused with a message, or loaded into a
 * configuration whose commands, once validated, are safe to send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fd-at-parser.h"
#include "fd-luat-config.h"
#include "fd-mfw-config.h"
#include "fd-models.h"
#include "fd-rsfota-config.h"
#include "fd-sim-fleet.h"
#include "fd-sim-package.h"
#include "fd-test-module.h"
#include "fd-test-util.h"
#include "fd-transcript.h"

#define CLI_BOUND_S 60
#define MESSAGE_MAX 2048 /* stderr of a refusal: a few lines, never the input echoed */

typedef struct
{
  char        *dir;
  char        *log_dir;
  char        *glob;
  FdSimFleet  *fleet;
  FdSimModule *modules[3]; /* M5311-E (MFW), Air780E (Luat), M5311 (RSFOTA) */
  char        *records[3];
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  static const char *const models[] = { "M5311-E", "Air780E", "M5311" };
  g_autoptr (GError) error = NULL;

  f->dir = fd_test_mkdtemp ();
  f->log_dir = g_build_filename (f->dir, "logs", NULL);
  f->glob = g_build_filename (f->dir, "tty*", NULL);
  f->fleet = fd_sim_fleet_new (f->dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *name = g_strdup_printf ("module-%u.jsonl", i);

      f->modules[i] = fd_sim_fleet_add_module (f->fleet, models[i], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (fd_sim_module_wait_ready (f->modules[i], 1, FD_TEST_TIMEOUT_MS, &error));
      f->records[i] = g_build_filename (f->dir, name, NULL);
    }
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
  for (guint i = 0; i < G_N_ELEMENTS (f->records); i++)
    g_free (f->records[i]);
}

/* ---- one refused run ------------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                    ? g_subprocess_get_exit_status (G_SUBPROCESS (source))
                    : -1;
}

static gboolean
bound_reached (gpointer data)
{
  g_error ("fotadesk-cli did not finish within %d s", CLI_BOUND_S);
  return G_SOURCE_REMOVE;
}

/* Runs the CLI with @args; @env_password sets FOTADESK_PASSWORD. */
static void
run_cli (Fixture *f, Run *run, const char *env_password, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  guint bound;

  g_ptr_array_add (argv, (gpointer)g_getenv ("FD_CLI_BINARY"));
  g_ptr_array_add (argv, "--glob-only");
  g_ptr_array_add (argv, "--glob");
  g_ptr_array_add (argv, f->glob);
  g_ptr_array_add (argv, "--log-dir");
  g_ptr_array_add (argv, f->log_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_unsetenv (launcher, "FOTADESK_PASSWORD");
  if (env_password != NULL)
    g_subprocess_launcher_setenv (launcher, "FOTADESK_PASSWORD", env_password, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  run->status = -2;
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated, run);
  bound = g_timeout_add_seconds (CLI_BOUND_S, bound_reached, NULL);
  while (run->status == -2)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (bound);
}

/* Every command a module received, from its own transcript. */
static GStrv
commands_received (const char *record)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdTranscriptHeader) header = NULL;
  g_autoptr (GPtrArray) chunks = NULL;
  g_autoptr (GString) tx = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;
  GStrvBuilder *b = g_strv_builder_new ();
  GStrv         commands;

  if (g_file_test (record, G_FILE_TEST_EXISTS))
    {
      g_assert_true (fd_transcript_load (record, &header, &chunks, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < chunks->len; i++)
        {
          FdTranscriptChunk *chunk = g_ptr_array_index (chunks, i);
          gsize              len;
          const char        *data = g_bytes_get_data (chunk->data, &len);

          if (chunk->direction == FD_AT_DIRECTION_TX)
            g_string_append_len (tx, data, (gssize)len);
        }
    }
  lines = g_strsplit_set (tx->str, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_strv_builder_add (b, lines[i]);
  commands = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return commands;
}

/* @args must be refused: exit 2, a short message with @needle, and no
 * module received anything but identification. */
static void
assert_refused_full (Fixture *f, const char *env_password, const char *needle,
                     const char *const *args)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (f->modules); i++)
    {
      g_unlink (f->records[i]);
      g_assert_true (fd_sim_module_set_transcript_path (f->modules[i], f->records[i], &error));
    }
  run_cli (f, &run, env_password, args);
  for (guint i = 0; i < G_N_ELEMENTS (f->modules); i++)
    fd_sim_module_set_transcript_path (f->modules[i], NULL, NULL);

  g_test_message ("%s %s ... -> exit %d: %.300s", args[0], args[1] ? args[1] : "", run.status,
                  run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, needle));
  g_assert_cmpuint (strlen (run.err), <, MESSAGE_MAX);
  for (guint i = 0; i < G_N_ELEMENTS (f->modules); i++)
    {
      g_auto (GStrv) commands = commands_received (f->records[i]);

      fd_test_assert_only_allowed ((const char *const *)commands);
    }
}

#define assert_refused(f, needle, ...)                                                             \
  assert_refused_full ((f), NULL, (needle), (const char *const[]){ __VA_ARGS__, NULL })

static char *
write_file (Fixture *f, const char *name, const void *data, gssize len)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

/* ---- numbers one past their bounds ------------------------------------------ */

static void
test_numbers (Fixture *f, gconstpointer data)
{
  /* RSFOTA */
  assert_refused (f, "--mode", "upgrade", "rsfota", "--mode", "3", "--all");
  assert_refused (f, "got 59", "upgrade", "rsfota", "--mode", "0", "--first-check", "59",
                  "--auto-check", "600", "--all");
  assert_refused (f, "got 599", "upgrade", "rsfota", "--mode", "0", "--first-check", "60",
                  "--auto-check", "599", "--all");
  assert_refused (f, "got 9", "upgrade", "rsfota", "--first-rep", "9", "--auto-rep", "120",
                  "--max-fail", "1", "--all");
  assert_refused (f, "got 119", "upgrade", "rsfota", "--first-rep", "10", "--auto-rep", "119",
                  "--max-fail", "1", "--all");
  assert_refused (f, "got 0", "upgrade", "rsfota", "--first-rep", "10", "--auto-rep", "120",
                  "--max-fail", "0", "--all");
  assert_refused (f, "--action", "upgrade", "rsfota", "--action", "4", "--all");
  assert_refused (f, "--log", "upgrade", "rsfota", "--log", "2", "--all");
  /* MFW */
  assert_refused (f, "got 29", "upgrade", "mfw", "--url", "http://h/f", "--server-timeout", "29",
                  "--all");
  assert_refused (f, "got 181", "upgrade", "mfw", "--url", "http://h/f", "--server-timeout", "181",
                  "--all");
  assert_refused (f, "1023", "upgrade", "mfw", "--url", "http://h/f", "--progind", "1023", "--all");
  assert_refused (f, "1025", "upgrade", "mfw", "--url", "http://h/f", "--progind", "1025", "--all");
  assert_refused (f, "got 5", "upgrade", "mfw", "--url", "http://h/f", "--ssl-id", "5", "--all");
  assert_refused (f, "511", "upgrade", "mfw", "--url", "http://h/f", "--pkgsize", "511", "--all");
  assert_refused (f, "513", "upgrade", "mfw", "--url", "http://h/f", "--pkgsize", "513", "--all");
  assert_refused (f, "3073", "upgrade", "mfw", "--url", "http://h/f", "--pkgsize", "3073", "--all");
  /* Luat */
  assert_refused (f, "got 59", "upgrade", "luat", "--url", "http://h/f", "--period", "59", "--all");
  assert_refused (f, "4294967296", "upgrade", "luat", "--url", "http://h/f", "--period",
                  "4294967296", "--all");
  assert_refused (f, "--auto", "upgrade", "luat", "--url", "http://h/f", "--auto", "2", "--all");
  /* every dialect */
  assert_refused (f, "--concurrency", "upgrade", "luat", "--url", "http://h/f", "--concurrency",
                  "0", "--all");
  assert_refused (f, "--concurrency", "upgrade", "luat", "--url", "http://h/f", "--concurrency",
                  "1025", "--all");
  assert_refused (f, "--period", "upgrade", "luat", "--url", "http://h/f", "--period", "-1",
                  "--all");
  assert_refused (f, "--period", "upgrade", "luat", "--url", "http://h/f", "--period",
                  "99999999999999999999999", "--all");
}

/* ---- strings: one past, and far past ---------------------------------------- */

static char *
of_length (const char *prefix, gsize len)
{
  GString *s = g_string_new (prefix);

  while (s->len < len)
    g_string_append_c (s, 'a' + s->len % 26);
  return g_string_free (s, FALSE);
}

static void
test_long_strings (Fixture *f, gconstpointer data)
{
  g_autofree char *url257 = of_length ("http://h/", 257);
  g_autofree char *url100k = of_length ("http://h/", 100 * 1024);
  g_autofree char *user49 = of_length ("", 49);
  g_autofree char *password49 = of_length ("", 49);
  g_autofree char *password_file = write_file (f, "password", password49, -1);
  g_autofree char *luat_url = of_length ("http://h/", 1025);
  g_autofree char *luat_key = of_length ("PK", 1025);
  g_autofree char *key_file = write_file (f, "key", luat_key, -1);

  assert_refused (f, "at most 256 bytes", "upgrade", "mfw", "--url", url257, "--all");
  assert_refused (f, "at most 256 bytes", "upgrade", "mfw", "--url", url100k, "--all");
  assert_refused (f, "at most 48 bytes", "upgrade", "mfw", "--url", "ftp://h/f", "--user", user49,
                  "--password-file", password_file, "--all");
  assert_refused_full (f, password49, "at most 48 bytes",
                       (const char *const[]){ "upgrade", "mfw", "--url", "ftp://h/f", "--user", "u",
                                              "--all", NULL });
  assert_refused (f, "at most 1024 bytes", "upgrade", "luat", "--url", luat_url, "--all");
  assert_refused (f, "at most 1024 bytes", "upgrade", "luat", "--key", key_file, "--all");
}

/* ---- AT injection in every string that is sent -------------------------------- */

static void
test_injection (Fixture *f, gconstpointer data)
{
  static const char *const tails[]
      = { "\";AT+MFWERASE", "\rAT+MFWERASE", "\nAT+MFWERASE", "\r\nAT+MFWERASE",
          "\x1b"
          "AT+MFWERASE" };

  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autofree char *url = g_strconcat ("http://h/x", tails[i], NULL);
      g_autofree char *ftp = g_strconcat ("ftp://h/x", tails[i], NULL);
      g_autofree char *user = g_strconcat ("u", tails[i], NULL);
      g_autofree char *secret = g_strconcat ("s", tails[i], NULL);
      g_autofree char *file = write_file (f, "secret", secret, -1);
      gboolean         line_break = strpbrk (tails[i], "\r\n") != NULL;

      assert_refused (f, "Nothing was sent", "upgrade", "mfw", "--url", url, "--all");
      assert_refused (f, "Nothing was sent", "upgrade", "mfw", "--url", ftp, "--user", "u",
                      "--password-file", file, "--all");
      assert_refused (f, "Nothing was sent", "upgrade", "mfw", "--url", "ftp://h/f", "--user", user,
                      "--all");
      assert_refused (f, "Nothing was sent", "upgrade", "luat", "--url", url, "--all");
      assert_refused_full (f, secret, "Nothing was sent",
                           (const char *const[]){ "upgrade", "mfw", "--url", "ftp://h/f", "--user",
                                                  "u", "--all", NULL });
      /* A file's first line is the secret: what follows a line break is
       * dropped, never sent. What comes before it must still be clean. */
      if (!line_break)
        assert_refused (f, "Nothing was sent", "upgrade", "luat", "--key", file, "--all");
    }
  /* the raw `at` command takes one command per argument */
  {
    g_autofree char *port = fd_sim_module_dup_link_path (f->modules[0]);

    assert_refused (f, "control character", "at", port, "AT+CGMR\r\nAT+MFWERASE");
  }
}

/* ---- URLs that are not --------------------------------------------------------- */

static void
test_malformed_urls (Fixture *f, gconstpointer data)
{
  static const char *const mfw[] = {
    "www.example.com/fw.bin", "http://", "http:/h/f", "sftp://h/f", "h t://h/f", "//h/f", ""
  };
  static const char *const luat[] = { "https://h/f", "ftp://h/f", "h/fw.bin", "http://", "" };

  for (guint i = 0; i < G_N_ELEMENTS (mfw); i++)
    assert_refused (f, "url", "upgrade", "mfw", "--url", mfw[i], "--all");
  for (guint i = 0; i < G_N_ELEMENTS (luat); i++)
    assert_refused (f, "URL", "upgrade", "luat", "--url", luat[i], "--all");
}

/* ---- files that are no key or password ------------------------------------------- */

static void
test_binary_files (Fixture *f, gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261121);
  guint8 random[4096];
  /* no NUL, no control byte before it: only "not text" tells it */
  static const char not_utf8[] = "\xc3\x28\xa0\xa1PK";
  g_autofree char  *binary = NULL;
  g_autofree char  *latin = write_file (f, "latin", not_utf8, sizeof not_utf8 - 1);
  g_autofree char  *huge = NULL;
  g_autofree char  *big = g_malloc0 (100 * 1024);
  g_autofree char  *empty = write_file (f, "empty", "", 0);
  g_autofree char  *package = g_build_filename (f->dir, "package.bin", NULL);

  for (guint i = 0; i < sizeof random; i++)
    random[i] = (guint8)g_rand_int_range (rand, 0, 256);
  random[7] = 0; /* a NUL early on, as in any binary */
  binary = write_file (f, "binary", random, sizeof random);
  memset (big, 'k', 100 * 1024);
  huge = write_file (f, "huge", big, 100 * 1024);
  g_assert_true (fd_sim_package_write (package, "M5311-E_V3", 4000, 1, NULL));

  assert_refused (f, "not a text file", "upgrade", "luat", "--key", binary, "--all");
  assert_refused (f, "not a text file", "upgrade", "mfw", "--url", "ftp://h/f", "--user", "u",
                  "--password-file", binary, "--all");
  assert_refused (f, "not valid text", "upgrade", "luat", "--key", latin, "--all");
  assert_refused (f, "not valid text", "upgrade", "mfw", "--url", "ftp://h/f", "--user", "u",
                  "--password-file", latin, "--all");
  assert_refused (f, "too large", "upgrade", "luat", "--key", huge, "--all");
  /* the firmware package picked instead of the key file */
  assert_refused (f, "not a text file", "upgrade", "luat", "--key", package, "--all");
  assert_refused (f, "KEY is required", "upgrade", "luat", "--key", empty, "--all");
  assert_refused (f, "cannot read", "upgrade", "luat", "--key", "/nonexistent/key", "--all");
  /* a package to write that is not there, not a file, or empty */
  assert_refused (f, "not a package file", "upgrade", "mfw", "--file", "/nonexistent/fw.bin",
                  "--all");
  assert_refused (f, "not a package file", "upgrade", "mfw", "--file", f->dir, "--all");
  assert_refused (f, "is empty", "upgrade", "mfw", "--file", empty, "--all");
}

/* ---- presets and configurations made of random bytes ------------------------------ */

typedef gboolean (*LoadFunc) (GKeyFile *kf, GError **error);

/* Commands built from a configuration that validated: safe to send. */
static void
assert_safe_commands (GStrv commands)
{
  for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (commands[i], "AT"));
      g_assert_true (g_utf8_validate (commands[i], -1, NULL));
      for (const guchar *p = (const guchar *)commands[i]; *p != '\0'; p++)
        g_assert_true (*p >= 0x20 && *p != 0x7f);
    }
}

static gboolean
load_mfw (GKeyFile *kf, GError **error)
{
  g_auto (FdMfwConfig) c = { 0 };
  g_autoptr (FdValidation) v = NULL;
  g_auto (GStrv) commands = NULL;

  fd_mfw_config_init (&c);
  if (!fd_mfw_config_load (&c, kf, "preset", error))
    return FALSE;
  v = fd_mfw_config_validate (&c, fd_models_lookup ("M5311-E"));
  commands = fd_mfw_config_build_commands (&c, fd_models_lookup ("M5311-E"), NULL);
  g_assert_true (fd_validation_has_errors (v) == (commands == NULL));
  assert_safe_commands (commands);
  return TRUE;
}

static gboolean
load_luat (GKeyFile *kf, GError **error)
{
  g_auto (FdLuatConfig) c = { 0 };
  g_autoptr (FdValidation) v = NULL;
  g_auto (GStrv) commands = NULL;

  fd_luat_config_init (&c);
  if (!fd_luat_config_load (&c, kf, "preset", error))
    return FALSE;
  v = fd_luat_config_validate (&c, fd_models_lookup ("Air780E"));
  commands = fd_luat_config_build_commands (&c, fd_models_lookup ("Air780E"), NULL);
  g_assert_true (fd_validation_has_errors (v) == (commands == NULL));
  assert_safe_commands (commands);
  return TRUE;
}

static gboolean
load_rsfota (GKeyFile *kf, GError **error)
{
  FdRsfotaConfig c;
  g_autoptr (FdValidation) v = NULL;
  g_auto (GStrv) commands = NULL;

  fd_rsfota_config_init (&c);
  if (!fd_rsfota_config_load (&c, kf, "preset", error))
    return FALSE;
  v = fd_rsfota_config_validate (&c, fd_models_lookup ("M5311"));
  commands = fd_rsfota_config_build_commands (&c, fd_models_lookup ("M5311"), NULL);
  g_assert_true (fd_validation_has_errors (v) == (commands == NULL));
  assert_safe_commands (commands);
  return TRUE;
}

static gboolean
load_models (GKeyFile *kf, GError **error)
{
  gboolean ok = fd_models_load_overrides (kf, error);

  if (ok)
    {
      /* whatever reboot command it set is one that may be sent */
      for (guint i = 0; i < fd_models_get_n (); i++)
        {
          g_autofree char *command = fd_model_dup_reboot_command (fd_models_get_nth (i));
          char            *commands[] = { command, NULL };

          assert_safe_commands (command != NULL ? commands : NULL);
        }
    }
  fd_models_clear_overrides ();
  return ok;
}

static const struct
{
  const char       *name;
  LoadFunc          load;
  const char *const keys[16];
} loaders[] = {
  { "mfw",
    load_mfw,
    { "source", "url", "local-path", "user", "password", "timeout", "package-mode", "progind",
      "ssl-id", "pkgsize", "verify", "erase-first", "download-only", "resume-grace-ms", NULL } },
  { "luat",
    load_luat,
    { "server", "key", "url", "auto", "period", "keep-after-reboot", "trigger", NULL } },
  { "rsfota",
    load_rsfota,
    { "mode", "log", "first-check", "auto-check", "first-rep", "auto-rep", "max-fail", "action",
      NULL } },
  { "models", load_models, { "reboot-command", "hex-quoted", NULL } },
};

/* A value as a hand-edited (or damaged) preset might hold one. */
static void
append_random_value (GString *s, GRand *rand)
{
  static const char *const samples[] = {
    "0",
    "1",
    "-1",
    "59",
    "60",
    "4294967295",
    "4294967296",
    "99999999999999999999999",
    "true",
    "false",
    "maybe",
    "server",
    "key",
    "url",
    "serial-hex",
    "md5",
    "http://h/f",
    "ftp://h/f",
    "https://h/f",
    "file://dload/x",
    "AT+CFUN=1,1",
    "AT+CFUN=1,1\\r\\nAT+MFWERASE",
    "http://h/x\\\";AT+MFWERASE",
    "http://h/x\\nAT+MFWERASE",
    "\\x",
    "\\",
    " ",
    "",
  };
  guint kind = (guint)g_rand_int_range (rand, 0, 3);

  if (kind == 0)
    {
      g_string_append (s, samples[g_rand_int_range (rand, 0, G_N_ELEMENTS (samples))]);
      return;
    }
  /* random bytes; a kind of 2 is long */
  for (gint n = g_rand_int_range (rand, 0, kind == 1 ? 40 : 3000); n > 0; n--)
    {
      guint8 b = (guint8)g_rand_int_range (rand, 1, 256);

      if (b != '\n')
        g_string_append_c (s, (char)b);
    }
}

static void
test_random_presets (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (4242);
  guint refused = 0, loaded = 0;

  for (guint l = 0; l < G_N_ELEMENTS (loaders); l++)
    for (guint round = 0; round < 600; round++)
      {
        g_autoptr (GKeyFile) kf = g_key_file_new ();
        g_autoptr (GError) error = NULL;
        g_autoptr (GString) text = g_string_new (NULL);
        const char *group = g_str_equal (loaders[l].name, "models") ? "Model m5311" : "preset";

        if (round % 3 == 0)
          /* nothing but bytes */
          for (gint n = g_rand_int_range (rand, 0, 600); n > 0; n--)
            g_string_append_c (text, (char)g_rand_int_range (rand, 0, 256));
        else
          {
            /* the right group and keys, values from anywhere */
            g_string_append_printf (text, "[%s]\n", group);
            for (guint k = 0; loaders[l].keys[k] != NULL; k++)
              {
                if (g_rand_boolean (rand))
                  continue;
                g_string_append_printf (text, "%s=", loaders[l].keys[k]);
                append_random_value (text, rand);
                g_string_append_c (text, '\n');
              }
          }
        if (!g_key_file_load_from_data (kf, text->str, text->len, G_KEY_FILE_NONE, NULL))
          continue;
        if (loaders[l].load (kf, &error))
          loaded++;
        else
          {
            /* a message a person can read: text, short, not the bytes */
            g_assert_nonnull (error);
            g_assert_cmpstr (error->message, !=, "");
            g_assert_true (g_utf8_validate (error->message, -1, NULL));
            if (strlen (error->message) >= 1000)
              g_error ("%s: %.300s…", loaders[l].name, error->message);
            refused++;
          }
      }
  g_test_message ("%u presets refused with a message, %u loaded (then validated)", refused, loaded);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (loaded, >, 0);
}

/* Hand-made: an escaped line break in a keyfile value is a real one. */
static void
test_escaped_injection_presets (void)
{
  static const char mfw[] = "[preset]\nsource=server\nurl=http://h/x\\r\\nAT+MFWERASE\n";
  static const char luat[] = "[preset]\nserver=key\nkey=K\";AT+MFWERASE\ntrigger=true\n";
  static const char broken[] = "[preset]\nserver=key\nkey=K\\q\n";
  static const char models[] = "[Model m5311]\nreboot-command=AT+CFUN=1,1\\nAT+MFWERASE\n";
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (FdMfwConfig) m = { 0 };
  g_auto (FdLuatConfig) k = { 0 };
  g_autoptr (FdValidation) vm = NULL;
  g_autoptr (FdValidation) vk = NULL;

  g_assert_true (g_key_file_load_from_data (kf, mfw, -1, G_KEY_FILE_NONE, NULL));
  fd_mfw_config_init (&m);
  g_assert_true (fd_mfw_config_load (&m, kf, "preset", &error));
  vm = fd_mfw_config_validate (&m, fd_models_lookup ("M5311-E"));
  g_assert_nonnull (fd_validation_find (vm, "url", FALSE, FD_CONFIG_ERROR_UNSAFE));

  g_assert_true (g_key_file_load_from_data (kf, luat, -1, G_KEY_FILE_NONE, NULL));
  fd_luat_config_init (&k);
  g_assert_true (fd_luat_config_load (&k, kf, "preset", &error));
  vk = fd_luat_config_validate (&k, fd_models_lookup ("Air780E"));
  g_assert_nonnull (fd_validation_find (vk, "key", FALSE, FD_CONFIG_ERROR_UNSAFE));

  /* an escape GLib cannot read: refused, not half-used */
  g_assert_true (g_key_file_load_from_data (kf, broken, -1, G_KEY_FILE_NONE, NULL));
  g_assert_false (fd_luat_config_load (&k, kf, "preset", &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (g_key_file_load_from_data (kf, models, -1, G_KEY_FILE_NONE, NULL));
  g_assert_false (fd_models_load_overrides (kf, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  fd_models_clear_overrides ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/reliability/bad-input/cli/" path, Fixture, NULL, fixture_setup, func,              \
              fixture_teardown)
  ADD ("numbers", test_numbers);
  ADD ("long-strings", test_long_strings);
  ADD ("injection", test_injection);
  ADD ("malformed-urls", test_malformed_urls);
  ADD ("binary-files", test_binary_files);
#undef ADD
  g_test_add_func ("/reliability/bad-input/presets/random", test_random_presets);
  g_test_add_func ("/reliability/bad-input/presets/escaped-injection",
                   test_escaped_injection_presets);
  return g_test_run ();
}
