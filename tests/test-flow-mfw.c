/* test-flow-mfw.c — the OneMO MFW upgrade flow as real jobs
 *
 * fd_upgrade_job_new_mfw() + fd_job_run_async() against simulated modules
 * on real pseudo-terminals; the modules download from real HTTP and FTP
 * servers on 127.0.0.1. Each test reads the audit log back (result, error
 * name, code, last phase) and, where it matters, the job's transcript.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "fd-errors.h"
#include "fd-sim-package.h"
#include "fd-test-mfw-job.h"
#include "fd-test-module.h"
#include "fd-test-server.h"
#include "fd-test-util.h"
#include "fd-transcript.h"

#define KIB 1024
#define GRACE_MS 800 /* "3" waits this long for its "0" */

/* A package of exactly @size bytes for @revision. */
static gsize
payload_for (const char *revision, gsize size)
{
  return size - (8 + 1 + 1 + strlen (revision) + 4 + 32);
}

static void
server_config (FdMfwConfig *config, const char *url)
{
  fd_mfw_config_init (config);
  config->source = FD_MFW_SOURCE_SERVER;
  config->url = g_strdup (url);
  config->resume_grace_ms = GRACE_MS;
}

static void
serial_config (FdMfwConfig *config, FdMfwSource source, const char *path)
{
  fd_mfw_config_init (config);
  config->source = source;
  config->local_path = g_strdup (path);
  config->resume_grace_ms = GRACE_MS;
}

static const FdJobEvent *
result_event (MfwRunWatch *watch)
{
  for (guint i = watch->events->len; i > 0; i--)
    {
      FdJobEvent *event = g_ptr_array_index (watch->events, i - 1);

      if (event->kind == FD_JOB_EVENT_RESULT)
        return event;
    }
  g_error ("no result event");
  return NULL;
}

static void
assert_upgraded (MfwRunWatch *watch, FdSimModule *module, const char *revision)
{
  const FdJobEvent *result = result_event (watch);
  g_autofree char  *now = fd_sim_module_dup_revision (module);

  g_assert_cmpint (watch->result, ==, FD_RESULT_SUCCESS);
  g_assert_cmpstr (now, ==, revision);
  g_assert_cmpstr (result->new_revision, ==, revision);
  g_assert_true (result->revision_changed);
  g_assert_cmpint (fd_job_get_overall_percent (watch->job), ==, 100);
}

static void
assert_failed (MfwRunWatch *watch, const char *error_name)
{
  g_assert_cmpint (watch->result, ==, FD_RESULT_FAILED);
  g_assert_cmpstr (fd_job_get_error_name (watch->job), ==, error_name);
  g_assert_nonnull (fd_job_get_message (watch->job));
}

static void
assert_unchanged (FdSimModule *module, const char *revision)
{
  g_autofree char *now = fd_sim_module_dup_revision (module);

  g_assert_cmpstr (now, ==, revision);
}

/* Progress events of @phase: how many, and whether one had @total. */
static guint
count_progress (MfwRunWatch *watch, FdPhase phase, guint64 total)
{
  guint n = 0;

  for (guint i = 0; i < watch->events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch->events, i);

      if (event->kind == FD_JOB_EVENT_PROGRESS && event->phase == phase && event->total == total
          && event->bytes > 0)
        n++;
    }
  return n;
}

static void
report_write_time (MfwRunWatch *watch, const char *what, gsize size)
{
  gint64 start = mfw_phase_entered_ms (watch, FD_PHASE_WRITE);
  gint64 end = mfw_phase_entered_ms (watch, FD_PHASE_VERIFY);

  if (end < 0)
    end = mfw_phase_entered_ms (watch, FD_PHASE_UPGRADE);
  g_assert_cmpint (start, >=, 0);
  g_assert_cmpint (end, >=, start);
  /* A figure for the report, never asserted: the machine is shared. */
  g_test_message ("FIGURE: %s of %" G_GSIZE_FORMAT " bytes took %" G_GINT64_FORMAT " ms", what,
                  size, end - start);
  if (g_test_verbose () || g_getenv ("FD_TEST_FIGURES") != NULL)
    g_printerr ("FIGURE: %s of %" G_GSIZE_FORMAT " bytes took %" G_GINT64_FORMAT " ms\n", what,
                size, end - start);
}

static gboolean
contains_bytes (const GString *haystack, GBytes *needle)
{
  gsize       n;
  const char *data = g_bytes_get_data (needle, &n);

  for (gsize i = 0; i + n <= haystack->len; i++)
    if (memcmp (haystack->str + i, data, n) == 0)
      return TRUE;
  return FALSE;
}

/* ---- a server without Content-Length (tests/servers/httpd.py) ----------- */

typedef struct
{
  GSubprocess *proc;
  guint        port;
} Httpd;

static void
httpd_stop (Httpd *httpd)
{
  if (httpd->proc == NULL)
    return;
  g_output_stream_close (g_subprocess_get_stdin_pipe (httpd->proc), NULL, NULL);
  g_subprocess_force_exit (httpd->proc);
  g_subprocess_wait (httpd->proc, NULL, NULL);
  g_clear_object (&httpd->proc);
}

static void
httpd_start (Httpd *httpd, const char *root)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "servers", "httpd.py", NULL);
  const char      *python = g_getenv ("FD_TEST_PYTHON") ? g_getenv ("FD_TEST_PYTHON") : "python3";
  GInputStream    *out;
  char             line[64] = { 0 };
  gsize            used = 0;
  gint64           deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  httpd->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                  &error, python, script, "--root", root, NULL);
  g_assert_no_error (error);
  out = g_subprocess_get_stdout_pipe (httpd->proc);
  while (strchr (line, '\n') == NULL && used < sizeof line - 1)
    {
      struct pollfd pfd = { g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out)), POLLIN, 0 };
      int           left = (int)((deadline - g_get_monotonic_time ()) / 1000);
      gssize        n;

      if (left <= 0 || poll (&pfd, 1, left) <= 0)
        g_error ("httpd.py did not start");
      n = read (pfd.fd, line + used, sizeof line - 1 - used);
      g_assert_cmpint (n, >, 0);
      used += (gsize)n;
    }
  g_assert_cmpint (sscanf (line, "PORT %u", &httpd->port), ==, 1);
}

/* ---- success paths -------------------------------------------------------- */

static void
test_http_success (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "MN316");
  const char  *rev = "MN316_V1.2.0";
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", rev, payload_for (rev, 64 * KIB), 1);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autofree char *url_line = g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"\r", url);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  server_config (&config, url);
  config.has_progind = TRUE;
  config.progind = 16 * KIB;
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  /* progind 16 KiB: progress in bytes of a known total (consecutive
   * progress events may be merged on the way to the main context). */
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWDLOAD: 1,65536,"), >=, 3);
  g_assert_cmpuint (count_progress (&watch, FD_PHASE_DOWNLOAD, 64 * KIB), >=, 1);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWDLOAD: 2"), ==, 1);
  /* No answer to AT+MFWUPGRADE, as in the manual's examples. */
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "did not answer AT+MFWUPGRADE"));

  /* Only the items the user set, and no AT+MFWCHECK (MN316 has none). */
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, url_line), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCFG=\"progind\",16384\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCFG="), ==, 2);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK"), ==, 0);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWERASE"), ==, 0);
  g_assert_cmpuint (mfw_count (tx, "AT+CGMR\r"), >=, 1);
}

/* <total> absent ("+MFWDLOAD: 1,,4096"): progress in bytes only. */
static void
test_http_no_total (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  const char  *rev = "M5311-E_V2.2.0";
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", rev, payload_for (rev, 32 * KIB), 2);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autofree char *url = NULL;
  Httpd            httpd = { 0 };

  httpd_start (&httpd, fx->www);
  url = g_strdup_printf ("http://127.0.0.1:%u/nolength/fw.bin", httpd.port);
  server_config (&config, url);
  config.has_progind = TRUE;
  config.progind = 4 * KIB;
  fd_sim_module_set_upgrade_sends_ok (m, TRUE); /* AT+MFWUPGRADE answers OK */
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);
  httpd_stop (&httpd);

  assert_upgraded (&watch, m, rev);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWDLOAD: 1,,"), >=, 3);
  g_assert_cmpuint (count_progress (&watch, FD_PHASE_DOWNLOAD, 0), >=, 1);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
}

/* FTP with a login; the user asked for AT+MFWCHECK after the download,
 * so FotaDesk fetches the package too. The password is in no record. */
static void
test_ftp_auth (MfwFixture *fx, gconstpointer data)
{
  static const char password[] = "Pw-7f3c9e1aQ";
  FdSimModule      *m = mfw_add_module (fx, "M5311-E");
  const char       *rev = "M5311-E_V2.3.0";
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", rev, payload_for (rev, 48 * KIB), 3);
  g_autoptr (FdTestServer) server
      = fd_test_server_start ("ftp", fx->www, "--user", "ftpuser", "--password", password, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  g_autoptr (GString) rx = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *transcript = NULL;

  server_config (&config, url);
  config.user = g_strdup ("ftpuser");
  config.password = g_strdup (password);
  config.verify = FD_MFW_VERIFY_SHA256;
  fd_sim_module_set_upgrade_sends_ok (m, TRUE); /* AT+MFWUPGRADE answers OK */
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "matches"));
  g_assert_null (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "did not answer AT+MFWUPGRADE"));

  tx = mfw_transcript_bytes (job, TRUE);
  rx = mfw_transcript_bytes (job, FALSE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCFG=\"auth\",\"ftpuser\",\"***\"\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, password), ==, 0);
  g_assert_cmpuint (mfw_count (rx, password), ==, 0);
  /* The files themselves, as they are on disk. */
  audit = mfw_read_file (fd_audit_log_get_path (fx->audit));
  transcript = mfw_read_file (fd_upgrade_job_get_transcript_path (job));
  g_assert_null (strstr (audit, password));
  g_assert_null (strstr (transcript, password));
  g_assert_nonnull (strstr (transcript, "ftpuser"));
  for (guint i = 0; i < watch.events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch.events, i);

      g_assert_true (event->text == NULL || strstr (event->text, password) == NULL);
    }
}

/* A package already in the module's file system, checked against a
 * local copy. */
static void
test_module_file (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  const char      *rev = "M5311-E_V2.4.0";
  g_autofree char *dload = g_build_filename (fx->www, "dload", NULL);
  g_autoptr (GBytes) pkg = NULL;
  g_autofree char *copy = NULL;
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  g_assert_cmpint (g_mkdir (dload, 0755), ==, 0);
  pkg = mfw_publish (fx, "dload/update.bin", rev, payload_for (rev, 24 * KIB), 4);
  copy = mfw_write_file (fx, "update-copy.bin", pkg);
  fd_sim_module_set_fs_root (m, fx->www);
  fd_mfw_config_init (&config);
  config.source = FD_MFW_SOURCE_MODULE_FILE;
  config.url = g_strdup ("file://dload/update.bin");
  config.local_path = g_strdup (copy);
  config.verify = FD_MFW_VERIFY_MD5;
  config.resume_grace_ms = GRACE_MS;
  fd_sim_module_set_upgrade_sends_ok (m, TRUE); /* AT+MFWUPGRADE answers OK */
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCFG=\"url\",\"file://dload/update.bin\"\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=0\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE\r"), ==, 1);
}

static void
test_serial_hex (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  const char  *rev = "M5311-E_V2.5.0";
  g_autoptr (GBytes) pkg = fd_sim_package_build (rev, payload_for (rev, 64 * KIB), 5);
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  serial_config (&config, FD_MFW_SOURCE_SERIAL_HEX, path);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  report_write_time (&watch, "hex write", g_bytes_get_size (pkg));
  g_assert_cmpuint (count_progress (&watch, FD_PHASE_WRITE, 64 * KIB), >=, 1);
  tx = mfw_transcript_bytes (job, TRUE);
  /* Quoted hex (the model's default), 512 bytes a piece, in order. */
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), ==, 128);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,512,\""), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=65024,512,\""), ==, 1);
  /* Serial writes are checked where the model can (SHA-256 by default). */
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCFG"), ==, 0);
}

/* The whole package in one passthrough write; the module answers OK to
 * AT+MFWUPGRADE and reboots on USB under a new name. */
static void
test_serial_passthrough (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  const char  *rev = "M5311-E_V2.6.0";
  g_autoptr (GBytes) pkg = fd_sim_package_build (rev, payload_for (rev, 64 * KIB), 6);
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_autofree char *first_link = fd_sim_module_dup_link_path (m);
  g_autofree char *last_link = NULL;
  g_autoptr (FdReattach) reattach = mfw_new_reattach (fx, m);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  fd_sim_module_set_upgrade_sends_ok (m, TRUE);
  fd_sim_module_set_reboot_style (m, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_rename_on_reboot (m, TRUE);
  serial_config (&config, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, path);
  job = mfw_new_job (fx, m, &config, reattach);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  report_write_time (&watch, "passthrough write", g_bytes_get_size (pkg));
  /* Confirmed on the port it came back on: the old one is gone. */
  last_link = fd_sim_module_dup_link_path (m);
  g_assert_cmpstr (last_link, !=, first_link);
  g_assert_false (g_file_test (first_link, G_FILE_TEST_EXISTS));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,65536\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  /* The package went out as raw bytes, untouched. */
  g_assert_true (contains_bytes (tx, pkg));
}

/* The package behind a URL, fetched by FotaDesk and written in hex. */
static void
test_serial_from_url (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "MN316");
  const char  *rev = "MN316_V1.4.0";
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", rev, payload_for (rev, 12 * KIB), 20);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  fd_sim_module_set_upgrade_sends_ok (m, TRUE);
  /* The user switched this model to the manual's unquoted hex. */
  g_assert_true (
      fd_models_set_hex_quoted (fd_model_get_id (fd_models_lookup ("MN316")), FALSE, NULL));
  serial_config (&config, FD_MFW_SOURCE_SERIAL_HEX, url);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);
  fd_models_clear_overrides ();

  assert_upgraded (&watch, m, rev);
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "Fetching the package from"));
  /* MN316 has no AT+MFWCHECK: said so, and not sent. */
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "no AT+MFWCHECK"));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), ==, 24);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,512,46445349"), ==, 1); /* "FDSI…" unquoted */
  g_assert_cmpuint (mfw_count (tx, ",512,\""), ==, 0);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK"), ==, 0);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
}

/* A scripted module (not the simulator: it lets a reply go missing)
 * takes the passthrough bytes but never says OK; AT+MFWCHECK decides. */
static void
passthrough_without_final (MfwFixture *fx, gboolean same)
{
  g_autoptr (FdTestModule) module = fd_test_module_new ();
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autoptr (GBytes) pkg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *check = NULL;
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) commands = NULL;
  FdUpgradeTarget  target = { 0 };
  FdUpgradeOptions options;

  /* No CR or LF inside: the module sees the data as one line, ended by
   * the last byte, and answers nothing to it. */
  g_byte_array_set_size (bytes, 2048);
  memset (bytes->data, 'Z', bytes->len);
  bytes->data[bytes->len - 1] = '\r';
  pkg = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  path = mfw_write_file (fx, "fw.bin", pkg);
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pkg);
  upper = g_ascii_strup (sum, -1); /* as modules answer */
  check = g_strdup_printf ("\r\n+MFWCHECK: %s\r\n\r\nOK\r\n", same ? upper : "00112233");
  fd_test_module_set_identity (module, "CMCC", "M5311-E", "M5311-E_V7", "869999000000011",
                               FD_DIALECT_MFW);
  fd_test_module_set_default_answer (module, "");
  fd_test_module_set_answer (module, "AT+MFWDLOAD=0,2048", "\r\n> ");
  fd_test_module_set_answer (module, "AT+MFWCHECK=2", check);
  fd_test_module_set_answer (module, "AT+MFWUPGRADE",
                             "\r\nOK\r\n\r\n+MFWUPGRADE: 2\r\n\r\nRDY\r\n");
  fd_test_module_start (module);

  serial_config (&config, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, path);
  target.port = fd_test_module_get_path (module);
  target.imei = "869999000000011";
  target.model = "M5311-E";
  target.revision = "M5311-E_V6";
  fd_upgrade_options_init (&options);
  options.bounds = fx->bounds;
  options.audit_log = fx->audit;
  options.log_dir = fx->log_dir;
  job = fd_upgrade_job_new_mfw (&target, &config, &options, &error);
  g_assert_no_error (error);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "No final OK came"));
  commands = fd_test_module_dup_commands (module);
  if (same)
    {
      g_assert_cmpint (watch.result, ==, FD_RESULT_SUCCESS);
      g_assert_cmpstr (result_event (&watch)->new_revision, ==, "M5311-E_V7");
      g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "the write is complete"));
      g_assert_true (g_strv_contains ((const char *const *)commands, "AT+MFWUPGRADE"));
      mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
    }
  else
    {
      assert_failed (&watch, "checksum-mismatch");
      g_assert_false (g_strv_contains ((const char *const *)commands, "AT+MFWUPGRADE"));
      mfw_assert_audit (fx, job, FD_AUDIT_RESULT_FAILED, "checksum-mismatch", FD_AUDIT_NO_CODE,
                        "write");
    }
}

static void
test_passthrough_no_final_ok (MfwFixture *fx, gconstpointer data)
{
  passthrough_without_final (fx, TRUE);
}

static void
test_passthrough_no_final_mismatch (MfwFixture *fx, gconstpointer data)
{
  passthrough_without_final (fx, FALSE);
}

/* A module that takes at most 512 bytes per passthrough write. */
static void
test_passthrough_pieces (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "MN316-S");
  const char  *rev = "MN316-S_V1.1.0";
  g_autoptr (GBytes) pkg = fd_sim_package_build (rev, payload_for (rev, 8 * KIB), 7);
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  fd_sim_module_set_passthrough_max (m, 512);
  serial_config (&config, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, path);
  fd_sim_module_set_upgrade_sends_ok (m, TRUE); /* AT+MFWUPGRADE answers OK */
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "pieces of 512 bytes"));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,8192\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,512\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=7680,512\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), ==, 1 + 16);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
}

/* A line slower than the kernel's buffers: when the last byte has left
 * FotaDesk, about 20 KiB still wait in the pty for the module, 1.8 s at
 * 115200 baud, longer than the 1 s command bound. The final OK is waited
 * for from when the module can have read them, not from the last write. */
static void
test_passthrough_slow_line (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  const char  *rev = "M5311-E_V2.7.0";
  g_autoptr (GBytes) pkg = fd_sim_package_build (rev, payload_for (rev, 32 * KIB), 8);
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  fd_sim_module_set_baud (m, 115200);
  serial_config (&config, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, path);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  /* Settled by the module's OK, not by asking for a checksum after a
   * timeout (the only AT+MFWCHECK is the verify step's). */
  g_assert_null (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "No final OK"));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
}

static void
slow_ml30x (FdSimModule *module, guint flash_ms)
{
  FdSimTiming timing;

  /* Slow enough that some progress is seen between reboots. */
  fd_sim_module_get_timing (module, &timing);
  timing.flash_ms = flash_ms;
  timing.net_bytes_per_s = 128 * KIB;
  fd_sim_module_set_timing (module, &timing);
  fd_sim_module_set_rename_on_reboot (module, TRUE);
}

/* ML30x: AT+MFWUPGRADE downloads and flashes across three reboots, the
 * port coming back under a new name each time, found by IMEI. */
static void
test_ml30x_combined (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "ML307A-DSLN");
  const char  *rev = "ML307A_V1.3";
  g_autoptr (GBytes) pkg
      = mfw_publish (fx, "system_patch.bin_1", rev, payload_for (rev, 96 * KIB), 8);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "system_patch.bin_1");
  g_autofree char *first_link = fd_sim_module_dup_link_path (m);
  g_autofree char *last_link = NULL;
  g_autoptr (FdReattach) reattach = mfw_new_reattach (fx, m);
  guint boots = fd_sim_module_get_boot_count (m);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  guint restarts = 0;

  slow_ml30x (m, 1500);
  server_config (&config, url);
  job = mfw_new_job (fx, m, &config, reattach);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, boots + 3);
  last_link = fd_sim_module_dup_link_path (m);
  g_assert_cmpstr (last_link, !=, first_link);
  g_assert_false (g_file_test (first_link, G_FILE_TEST_EXISTS));
  /* Each reboot was followed: port gone, found again by IMEI, re-opened. */
  for (guint i = 0; i < watch.events->len; i++)
    {
      FdJobEvent *event = g_ptr_array_index (watch.events, i);

      if (event->kind == FD_JOB_EVENT_MESSAGE
          && g_str_has_prefix (event->text, "The module restarted ("))
        restarts++;
    }
  /* Three reboots happened; how many the flow saw depends on how fast a
   * stage ends compared with finding the port again (a stage may end
   * while the port is being looked for), but never fewer than two. */
  g_test_message ("the flow followed %u of the 3 reboots", restarts);
  g_assert_cmpuint (restarts, >=, 2);
  g_assert_cmpuint (restarts, <=, 3);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWUPGRADE: 1,"), >=, 1);
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD"), ==, 0);
  g_assert_cmpuint (mfw_count (tx, "ATE0\r"), >=, 1 + restarts);
}

static void
run_serial_job (MfwFixture *fx, FdSimModule *m, FdMfwSource source, GBytes *pkg,
                gboolean erase_first, gboolean download_only, MfwRunWatch *watch)
{
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_auto (FdMfwConfig) config = { 0 };
  g_autoptr (FdJob) job = NULL;

  serial_config (&config, source, path);
  config.erase_first = erase_first;
  config.download_only = download_only;
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (watch, job);
  mfw_run (watch);
}

/* No answer to AT+MFWUPGRADE and its report lost: the module simply
 * restarts. On a UART the boot lines say so; on USB the port goes away
 * and comes back (here under the same name, found without a reattach
 * function). The new revision confirms it either way. */
static void
upgrade_without_report (MfwFixture *fx, FdSimRebootStyle style)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  const char  *rev = "M5311-E_V2.10.0";
  g_autoptr (GBytes) pkg = fd_sim_package_build (rev, payload_for (rev, 8 * KIB), 21);
  g_auto (MfwRunWatch) watch = { 0 };

  fd_sim_module_set_reboot_style (m, style);
  fd_sim_module_set_urc_loss (m, 100);
  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_HEX, pkg, FALSE, FALSE, &watch);

  assert_upgraded (&watch, m, rev);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWUPGRADE"), ==, 0);
  if (style == FD_SIM_REBOOT_KEEP_PORT)
    g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "restarted without a report"));
  mfw_assert_audit (fx, watch.job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
}

static void
test_upgrade_no_report_uart (MfwFixture *fx, gconstpointer data)
{
  upgrade_without_report (fx, FD_SIM_REBOOT_KEEP_PORT);
}

static void
test_upgrade_no_report_usb (MfwFixture *fx, gconstpointer data)
{
  upgrade_without_report (fx, FD_SIM_REBOOT_REENUMERATE);
}

static void
test_download_only (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", "M5311-E_V3", 16 * KIB, 9);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  g_autoptr (FdAuditJobSummary) summary = NULL;

  server_config (&config, url);
  config.download_only = TRUE;
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  g_assert_cmpint (watch.result, ==, FD_RESULT_SUCCESS);
  g_assert_false (result_event (&watch)->revision_changed);
  assert_unchanged (m, old);
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "package is on the module"));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
  summary = mfw_audit_summary (fx, job);
  g_assert_cmpstr (summary->new_revision, ==, old);
  g_assert_false (summary->revision_changed);
}

/* ---- failures --------------------------------------------------------- */

/* "3" alone: erase, configure again, start over; failing again ends it. */
static void
test_download_unrecoverable (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "absent.bin");
  g_autofree char *url_line = g_strdup_printf ("AT+MFWCFG=\"url\",\"%s\"\r", url);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  server_config (&config, url);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_failed (&watch, "download-failed");
  assert_unchanged (m, old);
  g_assert_nonnull (strstr (fd_job_get_message (job), "again after erasing"));
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "cannot be resumed"));
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_FAILED, "download-failed", FD_AUDIT_NO_CODE,
                    "download");
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD\r"), ==, 2);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWERASE\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, url_line), ==, 2); /* configured again after the erase */
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWDLOAD: 3"), ==, 2);
}

/* The server cuts the connection once: "3" then "0", resumed with a
 * Range request. */
static void
test_download_resume (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  const char  *rev = "M5311-E_V2.7.0";
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", rev, payload_for (rev, 64 * KIB), 10);
  g_autofree char *log = g_build_filename (fx->dir, "http.log", NULL);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, "--cut-once", "20000",
                                                          "--range", "--log", log, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  g_autofree char *requests = NULL;
  g_auto (GStrv) lines = NULL;

  server_config (&config, url);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_upgraded (&watch, m, rev);
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "interrupted after 20000 bytes"));
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWDLOAD: 3"), ==, 1);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWDLOAD: 0"), ==, 1);
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD\r"), ==, 2);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWERASE"), ==, 0);
  requests = mfw_read_file (log);
  lines = g_strsplit (g_strstrip (requests), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE, "confirm");
}

/* A longer package left on the module from before: writing a new one
 * over it without erasing leaves its tail, and AT+MFWCHECK catches it
 * before AT+MFWUPGRADE; with "erase first" the same job succeeds. */
static void
test_checksum_mismatch_stale (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) stale = fd_sim_package_build ("M5311-E_OLD", 40 * KIB, 11);
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_V2.8.0", 24 * KIB, 12);
  g_auto (MfwRunWatch) first = { 0 };
  g_auto (MfwRunWatch) second = { 0 };
  g_auto (MfwRunWatch) third = { 0 };
  g_autoptr (GString) tx = NULL;

  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, stale, FALSE, TRUE, &first);
  g_assert_cmpint (first.result, ==, FD_RESULT_SUCCESS);

  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, pkg, FALSE, FALSE, &second);
  assert_failed (&second, "checksum-mismatch");
  assert_unchanged (m, old);
  g_assert_nonnull (strstr (fd_job_get_message (second.job), "erase first"));
  mfw_assert_audit (fx, second.job, FD_AUDIT_RESULT_FAILED, "checksum-mismatch", FD_AUDIT_NO_CODE,
                    "verify");
  tx = mfw_transcript_bytes (second.job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
  g_string_free (g_steal_pointer (&tx), TRUE);

  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, pkg, TRUE, FALSE, &third);
  assert_upgraded (&third, m, "M5311-E_V2.8.0");
  tx = mfw_transcript_bytes (third.job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWERASE\r"), ==, 1);
  g_assert_true (strstr (tx->str, "AT+MFWERASE\r") < strstr (tx->str, "AT+MFWDLOAD="));
}

/* The server holds a corrupted copy: the module downloads it, its
 * checksum does not match the local copy, nothing is applied. */
static void
test_checksum_mismatch_server (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "MN316-S");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) pkg = fd_sim_package_build ("MN316-S_V1.2.0", 16 * KIB, 13);
  g_autofree char *copy = mfw_write_file (fx, "fw-copy.bin", pkg);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (GBytes) corrupt = NULL;
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autofree char *served = g_build_filename (fx->www, "fw.bin", NULL);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;

  g_byte_array_append (bad, g_bytes_get_data (pkg, NULL), (guint)g_bytes_get_size (pkg));
  bad->data[bad->len / 2] ^= 0x5a;
  g_assert_true (g_file_set_contents (served, (const char *)bad->data, bad->len, NULL));
  server_config (&config, url);
  config.verify = FD_MFW_VERIFY_SHA1;
  config.local_path = g_strdup (copy);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_failed (&watch, "checksum-mismatch");
  assert_unchanged (m, old);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_FAILED, "checksum-mismatch", FD_AUDIT_NO_CODE,
                    "verify");
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=1\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
}

/* Not a firmware package at all: the module refuses it at once with
 * +CME ERROR: 854 (after the checksum matched what was written). */
static void
test_upgrade_refused_854 (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) junk = g_bytes_new_take (g_strnfill (3000, 'Z'), 3000);
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (GString) tx = NULL;

  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_HEX, junk, FALSE, FALSE, &watch);
  assert_failed (&watch, "upgrade-failed");
  assert_unchanged (m, old);
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "+CME ERROR: 854"));
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "old firmware"));
  g_assert_cmpint (result_event (&watch)->module_code, ==, 854);
  mfw_assert_audit (fx, watch.job, FD_AUDIT_RESULT_FAILED, "upgrade-failed", 854, "upgrade");
  tx = mfw_transcript_bytes (watch.job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCHECK=2\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE\r"), ==, 1);
}

/* A damaged package (right header, wrong digest): the module fails while
 * flashing with "+MFWUPGRADE: 3". */
static void
test_upgrade_failed_report (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_V2.9.0", 6 * KIB, 14);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autoptr (GBytes) damaged = NULL;
  g_auto (MfwRunWatch) watch = { 0 };

  g_byte_array_append (bad, g_bytes_get_data (pkg, NULL), (guint)g_bytes_get_size (pkg));
  bad->data[100] ^= 0x01;
  damaged = g_byte_array_free_to_bytes (g_steal_pointer (&bad));
  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, damaged, FALSE, FALSE, &watch);
  assert_failed (&watch, "upgrade-failed");
  assert_unchanged (m, old);
  g_assert_cmpuint (mfw_count_urcs (&watch, "+MFWUPGRADE: 3"), ==, 1);
  mfw_assert_audit (fx, watch.job, FD_AUDIT_RESULT_FAILED, "upgrade-failed", FD_AUDIT_NO_CODE,
                    "upgrade");
}

/* A scheme the model lacks: refused before anything is sent. */
static void
test_scheme_refused (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "MN316");
  g_autofree char *sim_log = g_build_filename (fx->dir, "sim.jsonl", NULL);
  g_auto (MfwTarget) t = { 0 };
  g_auto (FdMfwConfig) config = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (FdJob) job = NULL;
  g_autoptr (FdTranscriptHeader) header = NULL;
  g_autoptr (GPtrArray) chunks = NULL;
  FdUpgradeOptions options;

  g_assert_true (fd_sim_module_set_transcript_path (m, sim_log, &error));
  g_assert_no_error (error);
  mfw_target_init (&t, m);
  fd_upgrade_options_init (&options);
  options.bounds = fx->bounds;
  options.audit_log = fx->audit;
  options.log_dir = fx->log_dir;
  server_config (&config, "ftp://127.0.0.1/fw.bin");
  job = fd_upgrade_job_new_mfw (&t.target, &config, &options, &error);
  g_assert_null (job);
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "MN316"));

  /* The module saw nothing, and no job was recorded. */
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, NULL));
  g_assert_true (fd_transcript_load (sim_log, &header, &chunks, NULL));
  for (guint i = 0; i < chunks->len; i++)
    g_assert_cmpint (((FdTranscriptChunk *)g_ptr_array_index (chunks, i))->direction, !=,
                     FD_AT_DIRECTION_TX);
  if (g_file_test (fd_audit_log_get_path (fx->audit), G_FILE_TEST_EXISTS))
    {
      g_autofree char *audit = mfw_read_file (fd_audit_log_get_path (fx->audit));

      g_assert_cmpstr (audit, ==, "");
    }
}

/* The module itself refuses the scheme (the user confirmed a sub-model
 * it is not): +CME ERROR: 852 at AT+MFWCFG="url", nothing more sent. */
static void
test_scheme_refused_by_module (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "MN316");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_auto (MfwTarget) t = { 0 };
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  FdUpgradeOptions options;

  mfw_target_init (&t, m);
  t.target.row = fd_models_lookup ("M5311-E");
  fd_upgrade_options_init (&options);
  options.bounds = fx->bounds;
  options.audit_log = fx->audit;
  options.log_dir = fx->log_dir;
  server_config (&config, "ftp://127.0.0.1:2121/fw.bin");
  job = fd_upgrade_job_new_mfw (&t.target, &config, &options, &error);
  g_assert_no_error (error);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_failed (&watch, "url-error");
  assert_unchanged (m, old);
  g_assert_cmpint (result_event (&watch)->module_code, ==, 852);
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_FAILED, "url-error", 852, "configure");
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWCFG=\"url\""), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD"), ==, 0);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
}

static void
silence_mid_download (MfwRunWatch *watch, const FdJobEvent *event, gpointer data)
{
  if (event->kind == FD_JOB_EVENT_URC && g_str_has_prefix (event->text, "+MFWDLOAD: 1,"))
    fd_sim_module_set_silent (data, TRUE);
}

/* The module stops answering in the middle of its download (URCs and
 * answers alike): the phase bound ends the wait, and the last question
 * (AT+MFWDLOAD?) goes unanswered too. A timeout, never a hang. */
static void
test_silent_module (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  g_autofree char *url = NULL;
  Httpd            httpd = { 0 };
  guint            bound_ms;
  gint64           waited_ms;

  /* 256 KiB served in 4 KiB pieces every 50 ms: still going when the
   * phase bound comes. */
  httpd_start (&httpd, fx->www);
  url = g_strdup_printf ("http://127.0.0.1:%u/slow/262144?chunk=4096&delay_ms=50", httpd.port);
  fx->bounds.phase_timeout_ms = 3000;
  server_config (&config, url);
  config.has_progind = TRUE;
  config.progind = 4 * KIB;
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  watch.hook = silence_mid_download;
  watch.hook_data = m;
  mfw_run (&watch);
  httpd_stop (&httpd);

  assert_failed (&watch, "timeout");
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_FAILED, "timeout", FD_AUDIT_NO_CODE, "download");
  g_assert_nonnull (strstr (fd_job_get_message (job), "AT+MFWDLOAD?"));
  g_assert_nonnull (strstr (fd_job_get_message (job), "old firmware"));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD?\r"), ==, 1);
  /* It waited for the phase bound, then one unanswered command; the
   * upper bound leaves room for a noisy machine (a hang would reach the
   * liveness bound instead). */
  waited_ms = watch.elapsed_ms - mfw_phase_entered_ms (&watch, FD_PHASE_DOWNLOAD);
  g_assert_cmpint (waited_ms, >=, fx->bounds.phase_timeout_ms);
  bound_ms = fx->bounds.phase_timeout_ms + 2 * fx->bounds.command_timeout_ms + 10000;
  g_assert_cmpint (watch.elapsed_ms, <, bound_ms);
}

/* The port goes away in the middle of a passthrough write. */
static void
test_unplugged_mid_write (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) pkg
      = fd_sim_package_build ("M5311-E_V5", payload_for ("M5311-E_V5", 64 * KIB), 16);
  g_auto (MfwRunWatch) watch = { 0 };

  fd_sim_module_set_drop_port_at (m, 16 * KIB);
  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, pkg, FALSE, FALSE, &watch);
  assert_failed (&watch, "unplugged");
  assert_unchanged (m, old);
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "went away while writing"));
  /* Raw bytes are not confirmed one by one: the record says so. */
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "0 of 65536 bytes of the package "
                                                            "were written to the module and "
                                                            "confirmed"));
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "more were sent without a "
                                                            "confirmation"));
  mfw_assert_audit (fx, watch.job, FD_AUDIT_RESULT_FAILED, "unplugged", FD_AUDIT_NO_CODE, "write");
}

typedef struct
{
  gboolean cancelled;
  gint64   cancelled_at_ms;
} CancelAt;

static void
cancel_mid_write (MfwRunWatch *watch, const FdJobEvent *event, gpointer data)
{
  CancelAt *at = data;

  if (!at->cancelled && event->kind == FD_JOB_EVENT_PROGRESS && event->phase == FD_PHASE_WRITE
      && event->bytes >= 16 * KIB)
    {
      at->cancelled = TRUE;
      at->cancelled_at_ms = g_get_monotonic_time () / 1000;
      fd_job_cancel (watch->job);
    }
}

/* The module holds what the record says: "N of M bytes … confirmed"
 * and maybe "P more were sent without a confirmation". */
static void
assert_holds_recorded (FdSimModule *module, GBytes *pkg, const char *record)
{
  g_autoptr (GRegex) confirmed = g_regex_new ("(\\d+) of \\d+ bytes of the package were written "
                                              "to the module and confirmed",
                                              0, 0, NULL);
  g_autoptr (GRegex) pending = g_regex_new ("(\\d+) more were sent without", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (FdTestPort) port = NULL;
  g_autofree char *line = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *p_text = NULL;
  gsize            n, p = 0;
  const guint8    *data = g_bytes_get_data (pkg, NULL);
  gboolean         found = FALSE;

  g_assert_true (g_regex_match (confirmed, record, 0, &match));
  n_text = g_match_info_fetch (match, 1);
  n = (gsize)g_ascii_strtoull (n_text, NULL, 10);
  g_clear_pointer (&match, g_match_info_unref);
  if (g_regex_match (pending, record, 0, &match))
    {
      p_text = g_match_info_fetch (match, 1);
      p = (gsize)g_ascii_strtoull (p_text, NULL, 10);
    }
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, g_bytes_get_size (pkg));

  /* The piece in flight when the job stopped may still be answered:
   * ask until the answer is the checksum (bounded). */
  port = fd_test_open_module (module);
  for (guint attempt = 0; line == NULL && attempt < 20; attempt++)
    {
      g_autoptr (GPtrArray) lines = NULL;

      g_usleep (100 * 1000);
      fd_test_port_flush (port);
      lines = fd_test_port_command (port, "AT+MFWCHECK=2", FD_TEST_TIMEOUT_MS);
      if (lines != NULL && lines->len == 2 && g_str_equal (g_ptr_array_index (lines, 1), "OK"))
        line = g_strdup (g_ptr_array_index (lines, 0));
    }
  g_assert_nonnull (line);
  for (gsize len = n; len <= n + p; len += MAX (p, 1))
    {
      g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
      g_autofree char *upper = g_ascii_strup (sum, -1);
      g_autofree char *expect = g_strconcat ("+MFWCHECK: ", upper, NULL);

      found = found || g_str_equal (line, expect);
    }
  g_assert_true (found);
}

/* Cancelled while writing hex pieces: the record says how much is on
 * the module and that nothing was flashed. */
static void
test_cancel_mid_write (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "M5311-E");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) pkg
      = fd_sim_package_build ("M5311-E_V6", payload_for ("M5311-E_V6", 64 * KIB), 17);
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (FdJob) job = NULL;
  g_autoptr (FdAuditJobSummary) summary = NULL;
  g_autoptr (GString) tx = NULL;
  CancelAt at = { 0 };

  fd_sim_module_set_flash_delay (m, 40); /* ms per KiB: ~2.6 s for the whole package */
  serial_config (&config, FD_MFW_SOURCE_SERIAL_HEX, path);
  job = mfw_new_job (fx, m, &config, NULL);
  mfw_watch_init (&watch, job);
  watch.hook = cancel_mid_write;
  watch.hook_data = &at;
  mfw_run (&watch);

  g_assert_true (at.cancelled);
  g_assert_cmpint (watch.result, ==, FD_RESULT_CANCELLED);
  /* Liveness: the cancel is noticed within one command at most. */
  g_assert_cmpint (g_get_monotonic_time () / 1000 - at.cancelled_at_ms, <, 10000);
  assert_unchanged (m, old);
  summary = mfw_audit_summary (fx, job);
  g_assert_cmpint (summary->result, ==, FD_AUDIT_RESULT_CANCELLED);
  g_assert_cmpstr (summary->last_phase, ==, "write");
  g_assert_nonnull (strstr (summary->error_message, "Cancelled while writing"));
  g_assert_nonnull (strstr (summary->error_message, "old firmware"));
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), <, 128);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
  assert_holds_recorded (m, pkg, summary->error_message);
}

/* A USB module that never comes back after its upgrade reboot. */
static void
test_reattach_timeout (MfwFixture *fx, gconstpointer data)
{
  FdSimModule *m = mfw_add_module (fx, "M5311-E");
  g_autoptr (GBytes) pkg = fd_sim_package_build ("M5311-E_V8", 4 * KIB, 22);
  g_auto (MfwRunWatch) watch = { 0 };
  gint64 rebooted;

  fd_sim_module_set_reboot_style (m, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_upgrade_sends_ok (m, TRUE);
  fd_sim_module_set_never_return (m, TRUE);
  fx->bounds.reattach_timeout_ms = 2000;
  run_serial_job (fx, m, FD_MFW_SOURCE_SERIAL_HEX, pkg, FALSE, FALSE, &watch);

  assert_failed (&watch, "reattach-timeout");
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "did not come back"));
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "while the module was rebooting"));
  g_assert_nonnull (strstr (fd_job_get_message (watch.job), "reported the firmware applied"));
  mfw_assert_audit (fx, watch.job, FD_AUDIT_RESULT_FAILED, "reattach-timeout", FD_AUDIT_NO_CODE,
                    "reboot");
  /* Bounded by the reattach bound (a hang would reach the liveness
   * bound); generous for a noisy machine. */
  rebooted = mfw_phase_entered_ms (&watch, FD_PHASE_REBOOT);
  g_assert_cmpint (rebooted, >=, 0);
  g_assert_cmpint (watch.elapsed_ms - rebooted, >=, fx->bounds.reattach_timeout_ms);
  g_assert_cmpint (watch.elapsed_ms - rebooted, <, fx->bounds.reattach_timeout_ms + 10000);
}

/* A module without passthrough writes (a sub-model confirmed wrongly):
 * the whole-package write is refused, the pieces too: "rejected". */
static void
test_passthrough_rejected (MfwFixture *fx, gconstpointer data)
{
  FdSimModule     *m = mfw_add_module (fx, "MN316");
  g_autofree char *old = fd_sim_module_dup_revision (m);
  g_autoptr (GBytes) pkg = fd_sim_package_build ("MN316_V9", payload_for ("MN316_V9", 2 * KIB), 23);
  g_autofree char *path = mfw_write_file (fx, "fw.bin", pkg);
  g_auto (MfwTarget) t = { 0 };
  g_auto (FdMfwConfig) config = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (FdJob) job = NULL;
  g_autoptr (GString) tx = NULL;
  FdUpgradeOptions options;

  mfw_target_init (&t, m);
  t.target.row = fd_models_lookup ("M5311-E");
  fd_upgrade_options_init (&options);
  options.bounds = fx->bounds;
  options.audit_log = fx->audit;
  options.log_dir = fx->log_dir;
  serial_config (&config, FD_MFW_SOURCE_SERIAL_PASSTHROUGH, path);
  job = fd_upgrade_job_new_mfw (&t.target, &config, &options, &error);
  g_assert_no_error (error);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  assert_failed (&watch, "rejected");
  assert_unchanged (m, old);
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "pieces of 512 bytes"));
  mfw_assert_audit (fx, job, FD_AUDIT_RESULT_FAILED, "rejected", FD_AUDIT_NO_CODE, "write");
  tx = mfw_transcript_bytes (job, TRUE);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,2048\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD=0,512\r"), ==, 1);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWDLOAD="), ==, 2);
  g_assert_cmpuint (mfw_count (tx, "AT+MFWUPGRADE"), ==, 0);
}

/* ---- batches --------------------------------------------------------- */

typedef struct
{
  gboolean done;
  gboolean ok;
} BatchDone;

static void
on_batch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BatchDone *done = user_data;

  done->ok = fd_batch_run_finish (FD_BATCH (source), result, NULL);
  done->done = TRUE;
}

#define BATCH_SIZE 16

/* Sixteen MN316, eight at a time (the default), one of which refuses the
 * upgrade (854): the other fifteen succeed, each record is its own. */
static void
test_batch_one_fails (MfwFixture *fx, gconstpointer data)
{
  const char *rev = "MN316_V1.3.0";
  g_autoptr (GBytes) pkg = mfw_publish (fx, "fw.bin", rev, payload_for (rev, 16 * KIB), 18);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "fw.bin");
  g_autoptr (FdBatch) batch = fd_batch_new ();
  g_auto (FdMfwConfig) config = { 0 };
  FdSimModule *modules[BATCH_SIZE];
  FdJob       *jobs[BATCH_SIZE];
  BatchDone    done = { 0 };

  server_config (&config, url);
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      modules[i] = mfw_add_module (fx, "MN316");
      fd_sim_module_set_upgrade_sends_ok (modules[i], TRUE);
      jobs[i] = mfw_new_job (fx, modules[i], &config, NULL);
      fd_batch_add_job (batch, jobs[i]);
      g_object_unref (jobs[i]);
    }
  fd_sim_module_set_cme_fault (modules[1], "+MFWUPGRADE", 100, 854);
  fd_batch_run_async (batch, NULL, on_batch_done, &done);
  mfw_iterate_until (&done.done);

  g_assert_false (done.ok);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_SUCCESS), ==, BATCH_SIZE - 1);
  g_assert_cmpuint (fd_batch_count_result (batch, FD_RESULT_FAILED), ==, 1);
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      g_autofree char *now = fd_sim_module_dup_revision (modules[i]);

      if (i == 1)
        {
          g_assert_cmpstr (fd_job_get_error_name (jobs[i]), ==, "upgrade-failed");
          mfw_assert_audit (fx, jobs[i], FD_AUDIT_RESULT_FAILED, "upgrade-failed", 854, "upgrade");
          g_assert_cmpstr (now, !=, rev);
        }
      else
        {
          mfw_assert_audit (fx, jobs[i], FD_AUDIT_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE,
                            "confirm");
          g_assert_cmpstr (now, ==, rev);
        }
    }
}

/* ML30x cannot roll back: the batch starts with one canary; its damaged
 * package fails mid-flash and the others are never touched. */
static void
test_batch_canary_stops (MfwFixture *fx, gconstpointer data)
{
  g_autoptr (GBytes) pkg = fd_sim_package_build ("ML307A_V9", 32 * KIB, 19);
  g_autoptr (GByteArray) bad = g_byte_array_new ();
  g_autofree char *served = g_build_filename (fx->www, "system_patch.bin_1", NULL);
  g_autoptr (FdTestServer) server = fd_test_server_start ("http", fx->www, NULL);
  g_autofree char *url = fd_test_server_url (server, "system_patch.bin_1");
  g_autoptr (FdBatch) batch = fd_batch_new ();
  g_auto (FdMfwConfig) config = { 0 };
  FdSimModule *modules[3];
  FdJob       *jobs[3];
  FdReattach  *reattach[3];
  BatchDone    done = { 0 };

  g_byte_array_append (bad, g_bytes_get_data (pkg, NULL), (guint)g_bytes_get_size (pkg));
  bad->data[bad->len - 1] ^= 0xff; /* the digest: damaged, noticed while flashing */
  g_assert_true (g_file_set_contents (served, (const char *)bad->data, bad->len, NULL));
  server_config (&config, url);
  for (guint i = 0; i < 3; i++)
    {
      modules[i] = mfw_add_module (fx, "ML307A-DSLN");
      slow_ml30x (modules[i], 3000);
      reattach[i] = mfw_new_reattach (fx, modules[i]);
      jobs[i] = mfw_new_job (fx, modules[i], &config, reattach[i]);
      fd_batch_add_job (batch, jobs[i]);
      g_object_unref (jobs[i]);
    }
  g_assert_true (fd_model_get_canary_default (fd_models_lookup ("ML307A-DSLN")));
  fd_batch_set_canary (batch, fd_model_get_canary_default (fd_models_lookup ("ML307A-DSLN")));
  fd_batch_run_async (batch, NULL, on_batch_done, &done);
  mfw_iterate_until (&done.done);

  g_assert_false (done.ok);
  g_assert_cmpint (fd_job_get_result (jobs[0]), ==, FD_RESULT_FAILED);
  g_assert_cmpstr (fd_job_get_error_name (jobs[0]), ==, "upgrade-failed");
  g_assert_nonnull (strstr (fd_job_get_message (jobs[0]), "cannot go back"));
  mfw_assert_audit (fx, jobs[0], FD_AUDIT_RESULT_FAILED, "upgrade-failed", FD_AUDIT_NO_CODE,
                    "upgrade");
  for (guint i = 1; i < 3; i++)
    {
      g_autoptr (FdAuditJobSummary) summary = mfw_audit_summary (fx, jobs[i]);
      g_autoptr (GString) tx = mfw_transcript_bytes (jobs[i], TRUE);

      g_assert_cmpint (fd_job_get_result (jobs[i]), ==, FD_RESULT_CANCELLED);
      g_assert_cmpstr (fd_job_get_error_name (jobs[i]), ==, "canary-failed");
      g_assert_cmpstr (summary->error_name, ==, "canary-failed");
      g_assert_cmpuint (tx->len, ==, 0);
      g_assert_cmpuint (fd_sim_module_get_boot_count (modules[i]), ==, 1);
    }
  for (guint i = 0; i < 3; i++)
    g_object_unref (reattach[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/core/flow-mfw/" path, MfwFixture, NULL, mfw_fixture_setup, func,                   \
              mfw_fixture_teardown)
  ADD ("success/http", test_http_success);
  ADD ("success/http-no-total", test_http_no_total);
  ADD ("success/ftp-auth", test_ftp_auth);
  ADD ("success/module-file", test_module_file);
  ADD ("success/serial-hex", test_serial_hex);
  ADD ("success/serial-passthrough", test_serial_passthrough);
  ADD ("success/passthrough-pieces", test_passthrough_pieces);
  ADD ("success/passthrough-slow-line", test_passthrough_slow_line);
  ADD ("success/serial-from-url", test_serial_from_url);
  ADD ("recover/passthrough-no-final-ok", test_passthrough_no_final_ok);
  ADD ("fail/passthrough-no-final-mismatch", test_passthrough_no_final_mismatch);
  ADD ("success/ml30x-combined", test_ml30x_combined);
  ADD ("success/download-only", test_download_only);
  ADD ("success/upgrade-no-report-uart", test_upgrade_no_report_uart);
  ADD ("success/upgrade-no-report-usb", test_upgrade_no_report_usb);
  ADD ("fail/download-unrecoverable", test_download_unrecoverable);
  ADD ("recover/download-resume", test_download_resume);
  ADD ("fail/checksum-mismatch-stale", test_checksum_mismatch_stale);
  ADD ("fail/checksum-mismatch-server", test_checksum_mismatch_server);
  ADD ("fail/upgrade-refused-854", test_upgrade_refused_854);
  ADD ("fail/upgrade-failed-report", test_upgrade_failed_report);
  ADD ("fail/scheme-refused", test_scheme_refused);
  ADD ("fail/scheme-refused-by-module", test_scheme_refused_by_module);
  ADD ("fail/silent-module", test_silent_module);
  ADD ("fail/unplugged-mid-write", test_unplugged_mid_write);
  ADD ("fail/cancel-mid-write", test_cancel_mid_write);
  ADD ("fail/reattach-timeout", test_reattach_timeout);
  ADD ("fail/passthrough-rejected", test_passthrough_rejected);
  ADD ("batch/one-fails", test_batch_one_fails);
  ADD ("batch/canary-stops", test_batch_canary_stops);
#undef ADD

  return g_test_run ();
}
