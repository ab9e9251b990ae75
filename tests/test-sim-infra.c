/* test-sim-infra.c — the simulator's plumbing: ptys, links, power, faults,
 * fleets, recording; talked to over the real pty by path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-sim-command.h"
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
  g_autoptr (GError) error = NULL;

  fx->dir = fd_test_mkdtemp ();
  fx->fleet = fd_sim_fleet_new (fx->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->fleet);
  fd_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static FdSimModule *
add (Fixture *fx, const char *model)
{
  g_autoptr (GError) error = NULL;
  FdSimModule *m = fd_sim_fleet_add_module (fx->fleet, model, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

/* --- pure parts --------------------------------------------------------- */

static void
test_command_parse (void)
{
  static const struct
  {
    const char      *line;
    const char      *name; /* NULL: parse error */
    FdSimCommandType type;
    guint            n_args;
    const char      *arg0;
    gboolean         arg0_quoted;
  } cases[] = {
    { "AT", "", FD_SIM_COMMAND_EXEC, 0, NULL, FALSE },
    { "at", "", FD_SIM_COMMAND_EXEC, 0, NULL, FALSE },
    { "ATE0", "E", FD_SIM_COMMAND_SET, 1, "0", FALSE },
    { "ATE", "E", FD_SIM_COMMAND_EXEC, 0, NULL, FALSE },
    { "ATI", "I", FD_SIM_COMMAND_EXEC, 0, NULL, FALSE },
    { "at+cgmr", "+CGMR", FD_SIM_COMMAND_EXEC, 0, NULL, FALSE },
    { "AT+RSFOTAMODE?", "+RSFOTAMODE", FD_SIM_COMMAND_READ, 0, NULL, FALSE },
    { "AT+CMEE=?", "+CMEE", FD_SIM_COMMAND_TEST, 0, NULL, FALSE },
    { "AT+CGSN=1", "+CGSN", FD_SIM_COMMAND_SET, 1, "1", FALSE },
    { "AT+MFWCFG=\"url\",\"http://a/b,c\"", "+MFWCFG", FD_SIM_COMMAND_SET, 2, "url", TRUE },
    { "AT+MFWCFG= \"url\" , \"x\"", "+MFWCFG", FD_SIM_COMMAND_SET, 2, "url", TRUE },
    { "AT+MFWDLOAD=0,1,01", "+MFWDLOAD", FD_SIM_COMMAND_SET, 3, "0", FALSE },
    { "AT+MFWDLOAD= 0 , 16407", "+MFWDLOAD", FD_SIM_COMMAND_SET, 2, "0", FALSE },
    { "AT+UPGRADE=\"KEY\",\"\"", "+UPGRADE", FD_SIM_COMMAND_SET, 2, "KEY", TRUE },
    { "AT+X=", "+X", FD_SIM_COMMAND_SET, 1, "", FALSE },
    { "AT+MFWCFG=\"url", NULL },    /* unterminated quote */
    { "AT+MFWCFG=\"url\"x", NULL }, /* text after the quote */
    { "AT+MFWCFG=u\"rl\"", NULL },  /* quote inside a bare value */
    { "AT+", NULL },
    { "AT+CGMR!", NULL },
    { "ATE0x", NULL },
    { "XYZ", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (FdSimCommand) cmd = fd_sim_command_parse (cases[i].line);

      g_test_message ("%s", cases[i].line);
      if (cases[i].name == NULL)
        {
          g_assert_null (cmd);
          continue;
        }
      g_assert_nonnull (cmd);
      g_assert_cmpstr (cmd->name, ==, cases[i].name);
      g_assert_cmpint (cmd->type, ==, cases[i].type);
      g_assert_cmpuint (fd_sim_command_n_args (cmd), ==, cases[i].n_args);
      if (cases[i].arg0 != NULL)
        {
          g_assert_cmpstr (fd_sim_command_arg (cmd, 0)->value, ==, cases[i].arg0);
          g_assert_cmpint (fd_sim_command_arg (cmd, 0)->quoted, ==, cases[i].arg0_quoted);
        }
    }
}

static void
test_command_args (void)
{
  g_autoptr (FdSimCommand) cmd = fd_sim_command_parse ("AT+X=5,\"7\",-3,99999999999999999999");
  gint64 v = 0;

  g_assert_nonnull (cmd);
  g_assert_true (fd_sim_command_arg_int (cmd, 0, 0, 10, &v));
  g_assert_cmpint (v, ==, 5);
  g_assert_false (fd_sim_command_arg_int (cmd, 0, 6, 10, &v)); /* out of bounds */
  g_assert_false (fd_sim_command_arg_int (cmd, 1, 0, 10, &v)); /* quoted */
  g_assert_true (fd_sim_command_arg_int (cmd, 2, -5, 0, &v));
  g_assert_cmpint (v, ==, -3);
  g_assert_false (fd_sim_command_arg_int (cmd, 3, 0, G_MAXINT64, &v)); /* overflow */
  g_assert_false (fd_sim_command_arg_int (cmd, 4, 0, 10, &v));         /* missing */
  g_assert_cmpstr (fd_sim_command_arg_string (cmd, 1, TRUE), ==, "7");
  g_assert_null (fd_sim_command_arg_string (cmd, 0, TRUE));
  g_assert_cmpstr (fd_sim_command_arg_string (cmd, 0, FALSE), ==, "5");
}

static void
test_redact (void)
{
  static const struct
  {
    const char *line;
    const char *redacted; /* NULL: nothing to hide */
  } cases[] = {
    { "AT+MFWCFG=\"auth\",\"user\",\"s3cret\"", "AT+MFWCFG=\"auth\",\"user\",\"***\"" },
    { "at+mfwcfg=\"AUTH\",user,s3cret\r", "at+mfwcfg=\"AUTH\",user,***\r" },
    { "\nAT+MFWCFG=\"auth\",\"u\",\"p\"\r", "\nAT+MFWCFG=\"auth\",\"u\",\"***\"\r" },
    { "+MFWCFG: \"auth\",\"user\",\"s3cret\"", "+MFWCFG: \"auth\",\"user\",\"***\"" },
    { "AT+UPGRADE=\"KEY\",\"abcdef\",0", "AT+UPGRADE=\"KEY\",\"***\",0" },
    { "+UPGRADE:\"KEY\",\"abcdef\"", "+UPGRADE:\"KEY\",\"***\"" },
    { "AT+MFWCFG=\"auth\",\"u\",\"pa", "AT+MFWCFG=\"auth\",\"u\",\"***" }, /* cut off */
    { "AT+MFWCFG=\"auth\"", NULL },
    { "AT+MFWCFG=\"url\",\"http://x\"", NULL },
    { "AT+UPGRADE=\"URL\",\"http://x\"", NULL },
    { "AT+UPGRADE=\"KEY\"", NULL },
    { "AT+CGMR", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = fd_sim_transcript_redact (cases[i].line);
      g_assert_cmpstr (out, ==, cases[i].redacted);
    }
}

static void
test_render (void)
{
  static const guint8 bytes[] = "AT\r\n\t\\\"\x01\xff~";
  g_autofree char    *text = fd_sim_transcript_render (bytes, sizeof bytes - 1);

  g_assert_cmpstr (text, ==, "AT\\r\\n\\t\\\\\"\\x01\\xFF~");
}

/* --- the port ----------------------------------------------------------- */

static void
test_link (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = add (fx, "M5311-E");
  g_autofree char *link = fd_sim_module_dup_link_path (m);
  g_autofree char *expected = g_build_filename (fx->dir, "ttyUSB0", NULL);
  g_autofree char *target = NULL;
  g_autoptr (FdTestPort) port = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (link, ==, expected);
  target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (target, "/dev/pts/"));
  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, &error));
  port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);
  fd_test_port_flush (port);
  /* Echo is on at power-up: the command comes back first. */
  fd_test_port_send (port, "AT");
  fd_test_port_expect (port, (const char *const[]){ "AT", "OK", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_boot_banner (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = add (fx, "Air780E");
  g_autofree char *link = fd_sim_module_dup_link_path (m);
  /* Opened before the banner: a tool that was waiting sees it whole. */
  g_autoptr (FdTestPort) port = fd_test_port_open_wait (link, FD_TEST_TIMEOUT_MS);

  fd_test_port_expect (port, (const char *const[]){ "RDY", "+CPIN: READY", "+CEREG: 1", NULL },
                       FD_TEST_TIMEOUT_MS);
  g_assert_true (fd_sim_module_wait_ready (m, 1, FD_TEST_TIMEOUT_MS, NULL));
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 1);
}

static void
test_echo (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "ML307A-DSLN");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);

  fd_test_port_send (port, "AT");
  fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_command_expect (port, "ATE1", (const char *const[]){ "OK", NULL });
  fd_test_port_send (port, "AT+CGMR");
  fd_test_port_expect (port, (const char *const[]){ "AT+CGMR", "ML307A_V1.2", "OK", NULL },
                       FD_TEST_TIMEOUT_MS);
  /* A CRLF from the tool and lower case work too. */
  fd_test_port_write (port, "ate0\r\n", 6);
  fd_test_port_expect (port, (const char *const[]){ "ate0", "OK", NULL }, FD_TEST_TIMEOUT_MS);
  fd_test_port_write (port, "at\r\n", 4);
  fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
  /* Noise before AT is skipped, as modems do; an empty line gets nothing. */
  fd_test_port_write (port, "\r\r\x1bzz AT\r", 10);
  fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, FD_TEST_TIMEOUT_MS);
}

static void
test_unplug (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *link = fd_sim_module_dup_link_path (m);
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  fd_sim_module_unplug (m);
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_cmpint (g_lstat (link, &st), !=, 0);
  g_assert_cmpint (fd_sim_module_get_state (m), ==, FD_SIM_MODULE_STATE_UNPLUGGED);
  g_assert_null (fd_sim_module_dup_link_path (m));
  g_clear_pointer (&port, fd_test_port_close);

  g_assert_true (fd_sim_module_plug (m, &error));
  g_assert_no_error (error);
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMM", (const char *const[]){ "MN316", "OK", NULL });
  g_assert_cmpuint (fd_sim_module_get_boot_count (m), ==, 2);
}

static void
test_reboot_keep_port (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E"); /* a UART module */
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GError) error = NULL;

  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  /* Same fd: noise, then the banner; echo is back on. */
  before = fd_test_port_wait_line (port, "RDY", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (before);
  g_assert_cmpuint (before->len, ==, 1); /* the boot noise, as one junk line */
  fd_test_port_expect (port, (const char *const[]){ "+CPIN: READY", "+CEREG: 1", NULL },
                       FD_TEST_TIMEOUT_MS);
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
  fd_test_port_send (port, "AT");
  fd_test_port_expect (port, (const char *const[]){ "AT", "OK", NULL }, FD_TEST_TIMEOUT_MS);
  g_assert_false (fd_test_port_is_gone (port));
}

static void
reboot_reenumerate (Fixture *fx, gboolean rename)
{
  FdSimModule *m = add (fx, "ML307A-DCLN"); /* a USB module */
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autofree char *old_link = fd_sim_module_dup_link_path (m);
  g_autofree char *new_link = NULL;
  g_autoptr (GError) error = NULL;

  /* Occupy ttyUSB1 so a rename has to skip it. */
  add (fx, "ML307A-DCLN");
  fd_sim_module_set_rename_on_reboot (m, rename);
  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  new_link = fd_sim_module_dup_link_path (m);
  if (rename)
    {
      g_autofree char *expected = g_build_filename (fx->dir, "ttyUSB2", NULL);
      g_assert_cmpstr (new_link, ==, expected);
      g_assert_false (g_file_test (old_link, G_FILE_TEST_EXISTS));
    }
  else
    g_assert_cmpstr (new_link, ==, old_link);
  g_clear_pointer (&port, fd_test_port_close);
  port = fd_test_port_open_wait (new_link, FD_TEST_TIMEOUT_MS);
  fd_test_port_send (port, "AT");
  /* Echo is on again after the reboot. */
  g_autoptr (GPtrArray) skipped = fd_test_port_wait_line (port, "OK", FD_TEST_TIMEOUT_MS);
  g_assert_nonnull (skipped);
}

static void
test_reboot_reenumerate (Fixture *fx, gconstpointer data)
{
  reboot_reenumerate (fx, FALSE);
}

static void
test_reboot_rename (Fixture *fx, gconstpointer data)
{
  reboot_reenumerate (fx, TRUE);
}

static void
test_reboot_style_override (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GError) error = NULL;

  /* A UART module behind a USB hub port that drops: re-enumerates. */
  fd_sim_module_set_reboot_style (m, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_reboot (m);
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  g_assert_true (fd_sim_module_wait_ready (m, 2, FD_TEST_TIMEOUT_MS, &error));
}

static void
test_never_return (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "Air780E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GError) error = NULL;

  fd_sim_module_set_never_return (m, TRUE);
  fd_test_command_expect (port, "AT+CFUN=1,1", (const char *const[]){ "OK", NULL });
  g_assert_true (fd_test_port_wait_gone (port, FD_TEST_TIMEOUT_MS));
  /* Several boot times pass; it stays away. */
  g_assert_false (fd_sim_module_wait_ready (m, 2, 1000, &error));
  g_assert_error (error, FD_SIM_ERROR, FD_SIM_ERROR_TIMEOUT);
  g_assert_cmpint (fd_sim_module_get_state (m), ==, FD_SIM_MODULE_STATE_UNPLUGGED);
  g_assert_null (fd_sim_module_dup_link_path (m));
}

/* --- faults ------------------------------------------------------------- */

static void
test_silence (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = NULL;

  fd_sim_module_set_silent (m, TRUE);
  lines = fd_test_port_command (port, "AT", 500);
  g_assert_null (lines);
  fd_sim_module_set_silent (m, FALSE);
  fd_test_command_expect (port, "AT", (const char *const[]){ "OK", NULL });
}

static void
test_garbage (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GPtrArray) lines = NULL;

  g_assert_true (fd_sim_module_apply_fault_spec (m, "garbage=100", NULL));
  lines = fd_test_port_command (port, "AT+CGMR", FD_TEST_TIMEOUT_MS);
  /* junk, revision, junk, OK */
  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "MN316_V1.1.2");
  g_assert_cmpstr (g_ptr_array_index (lines, 3), ==, "OK");
  for (guint i = 0; i < 4; i += 2)
    {
      const char *junk = g_ptr_array_index (lines, i);
      g_assert_cmpstr (junk, !=, "OK");
      g_assert_cmpuint (strlen (junk), <=, 16);
    }
}

static void
test_cme_fault (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  g_autoptr (GError) error = NULL;

  g_assert_true (fd_sim_module_apply_fault_spec (m, "cme=AT+CGMR:100:3", &error));
  g_assert_no_error (error);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "+CME ERROR: 3", NULL });
  fd_test_command_expect (port, "AT+CMEE=2", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+CGMR",
                          (const char *const[]){ "+CME ERROR: operation not allowed", NULL });
  fd_test_command_expect (port, "AT+CMEE=0", (const char *const[]){ "OK", NULL });
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ERROR", NULL });
  /* Other commands are not affected. */
  fd_test_command_expect (port, "AT+CGMM", (const char *const[]){ "M5311-E", "OK", NULL });
  fd_sim_module_set_cme_fault (m, NULL, 0, 0);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "M5311-E_V2.1.0", "OK", NULL });
}

static void
test_cme_fault_random (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "M5311-E");
  g_autoptr (FdTestPort) port = fd_test_open_module (m);
  guint errors = 0;

  fd_sim_module_set_cme_fault (m, "+CGSN", 50, 100);
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr (GPtrArray) lines = fd_test_port_command (port, "AT+CGSN", FD_TEST_TIMEOUT_MS);
      g_assert_nonnull (lines);
      if (g_strcmp0 (g_ptr_array_index (lines, 0), "+CME ERROR: 100") == 0)
        errors++;
      else
        g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, fd_sim_module_get_imei (m));
    }
  /* Seeded per module: some fail, some pass. */
  g_assert_cmpuint (errors, >, 5);
  g_assert_cmpuint (errors, <, 55);
}

static void
test_busy (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = add (fx, "MN316");
  g_autofree char *link = fd_sim_module_dup_link_path (m);
  g_autoptr (GError) error = NULL;
  FdTestPort *port;

  g_assert_true (fd_sim_module_set_busy (m, TRUE, &error));
  g_assert_no_error (error);
  port = fd_test_port_open (link, &error);
  g_assert_null (port);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (fd_sim_module_set_busy (m, FALSE, &error));
  port = fd_test_port_open (link, &error);
  g_assert_no_error (error);
  fd_test_port_close (port);
}

static void
test_fault_specs (Fixture *fx, gconstpointer data)
{
  FdSimModule             *m = add (fx, "MN316");
  static const char *const good[] = {
    "silence",       "never-return",  "garbage=5",      "urc-delay=100",    "urc-loss=30",
    "slow-flash=20", "cme=+MFWDLOAD", "cme=AT+CGMR:50", "cme=+CGMR:50:850", "drop-port=1024",
    "net-cut=0",     "pt-max=512",    "pt-ok",          "upgrade-ok",       "busy",
  };
  static const char *const bad[] = {
    "",    "nope",   "garbage",    "garbage=101", "garbage=x",    "silence=1",
    "cme", "cme=:5", "cme=+X:200", "pt-max=0",    "urc-delay=-1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_true (fd_sim_module_apply_fault_spec (m, good[i], &error));
      g_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_test_message ("%s", bad[i]);
      g_assert_false (fd_sim_module_apply_fault_spec (m, bad[i], &error));
      g_assert_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_bad_module_args (Fixture *fx, gconstpointer data)
{
  static const struct
  {
    const char *model, *imei, *revision, *link;
  } bad[] = {
    { "Nokia3310", NULL, NULL, NULL },          { "MN316", "12345", NULL, NULL },
    { "MN316", "86999900000000x", NULL, NULL }, { "MN316", NULL, "has space", NULL },
    { "MN316", NULL, "quo\"te", NULL },         { "MN316", NULL, NULL, "../escape" },
    { "MN316", NULL, NULL, ".hidden" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      FdSimModule *m = fd_sim_fleet_add_module_full (fx->fleet, bad[i].model, bad[i].imei,
                                                     bad[i].revision, bad[i].link, &error);
      g_assert_null (m);
      g_assert_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_link_name_taken (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *stray = g_build_filename (fx->dir, "ttyUSB0", NULL);
  FdSimModule     *m;

  /* A file that is not ours is never replaced... */
  g_assert_true (g_file_set_contents (stray, "x", 1, NULL));
  m = fd_sim_fleet_add_module_full (fx->fleet, "MN316", NULL, NULL, "ttyUSB0", &error);
  g_assert_null (m);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  /* ...and automatic names go around it. */
  m = add (fx, "MN316");
  g_autofree char *link = fd_sim_module_dup_link_path (m);
  g_assert_true (g_str_has_suffix (link, "/ttyUSB1"));
  /* A dangling link (a crashed simulator) is replaced. */
  g_autofree char *dangling = g_build_filename (fx->dir, "ttyACM9", NULL);
  g_assert_cmpint (symlink ("/dev/pts/nonexistent-fd-test", dangling), ==, 0);
  m = fd_sim_fleet_add_module_full (fx->fleet, "MN316", NULL, NULL, "ttyACM9", &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
}

static void
test_shutdown_removes_links (void)
{
  g_autofree char *dir = fd_test_mkdtemp ();
  g_autoptr (FdSimFleet) fleet = fd_sim_fleet_new (dir, NULL);
  g_autoptr (GDir) d = NULL;
  FdSimModule *m = NULL;

  for (guint i = 0; i < 4; i++)
    m = fd_sim_fleet_add_module (fleet, "ML307S", NULL, NULL, NULL);
  g_object_ref (m);
  fd_sim_fleet_shutdown (fleet);
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  /* A module outliving its fleet answers calls harmlessly. */
  fd_sim_module_set_baud (m, 9600);
  g_assert_cmpint (fd_sim_module_get_state (m), ==, FD_SIM_MODULE_STATE_UNPLUGGED);
  g_assert_false (fd_sim_module_plug (m, NULL));
  g_object_unref (m);
  fd_test_rm_rf (dir);
}

static void
test_paced (Fixture *fx, gconstpointer data)
{
  FdSimModule *m = add (fx, "MN316");
  g_autoptr (FdTestPort) port = NULL;

  /* Works at a slow rate too (timing is measured by the benchmark). */
  fd_sim_module_set_baud (m, 9600);
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMM", (const char *const[]){ "MN316", "OK", NULL });
}

static void
test_realistic (Fixture *fx, gconstpointer data)
{
  FdSimModule *quick = add (fx, "MN316");
  FdSimModule *real;
  FdSimTiming  t, expected;

  /* Compared as bytes: zero the padding first. */
  memset (&t, 0, sizeof t);
  memset (&expected, 0, sizeof expected);
  fd_sim_module_get_timing (quick, &t);
  fd_sim_timing_init_quick (&expected);
  g_assert_cmpmem (&t, sizeof t, &expected, sizeof expected);
  /* A fleet default for modules added later (demo mode, benchmarks). */
  fd_sim_fleet_set_realistic (fx->fleet, TRUE);
  real = add (fx, "MN316");
  fd_sim_module_get_timing (real, &t);
  fd_sim_timing_init_realistic (&expected);
  g_assert_cmpmem (&t, sizeof t, &expected, sizeof expected);
  g_assert_cmpfloat (t.ms_per_second, ==, 1000.0);
  g_assert_cmpuint (t.boot_ms, >=, 1000);
  fd_sim_module_set_realistic (real, FALSE);
  fd_sim_module_get_timing (real, &t);
  g_assert_cmpuint (t.boot_ms, <, 1000);
}

/* --- recording ---------------------------------------------------------- */

static void
test_record (Fixture *fx, gconstpointer data)
{
  FdSimModule     *m = add (fx, "ML307A-DSLN");
  g_autofree char *path = g_build_filename (fx->dir, "rec.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (FdTestPort) port = NULL;
  g_autoptr (FdSimTranscript) tr = NULL;
  g_autoptr (GBytes) tx = NULL, rx = NULL;

  g_assert_true (fd_sim_module_set_transcript_path (m, path, &error));
  g_assert_no_error (error);
  port = fd_test_open_module (m);
  fd_test_command_expect (port, "AT+CGMR", (const char *const[]){ "ML307A_V1.2", "OK", NULL });
  fd_sim_module_unplug (m);
  g_assert_true (fd_sim_module_set_transcript_path (m, NULL, &error));

  tr = fd_sim_transcript_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tr->model, ==, "ML307A-DSLN");
  g_assert_cmpstr (tr->imei, ==, fd_sim_module_get_imei (m));
  g_assert_cmpstr (tr->revision, ==, "ML307A_V1.2");
  g_assert_true (g_str_has_suffix (tr->port, "/ttyUSB0"));
  tx = fd_sim_transcript_join (tr, FD_SIM_CHUNK_TX);
  rx = fd_sim_transcript_join (tr, FD_SIM_CHUNK_RX);
  g_autofree char *txs = g_strndup (g_bytes_get_data (tx, NULL), g_bytes_get_size (tx));
  g_autofree char *rxs = g_strndup (g_bytes_get_data (rx, NULL), g_bytes_get_size (rx));
  g_assert_nonnull (strstr (txs, "ATE0\r"));
  g_assert_nonnull (strstr (txs, "AT+CGMR\r"));
  g_assert_nonnull (strstr (rxs, "\r\nML307A_V1.2\r\n\r\nOK\r\n"));
  /* Notes mark the port's life. */
  {
    gboolean gone = FALSE;
    for (guint i = 0; i < tr->chunks->len; i++)
      {
        FdSimChunk *c = g_ptr_array_index (tr->chunks, i);
        if (c->dir == FD_SIM_CHUNK_NOTE
            && strncmp (g_bytes_get_data (c->data, NULL), "port gone", 9) == 0)
          gone = TRUE;
        if (i > 0)
          g_assert_cmpint (c->t, >=, ((FdSimChunk *)g_ptr_array_index (tr->chunks, i - 1))->t);
      }
    g_assert_true (gone);
  }
}

/* --- many modules at once ----------------------------------------------- */

#define FLEET_SIZE 16

typedef struct
{
  FdSimModule *module;
  guint        rounds;
} Worker;

static gpointer
fleet_worker (gpointer data)
{
  Worker *w = data;
  g_autoptr (FdTestPort) port = fd_test_open_module (w->module);
  g_autofree char *cgsn = g_strdup_printf ("+CGSN: %s", fd_sim_module_get_imei (w->module));

  for (guint i = 0; i < w->rounds; i++)
    {
      fd_test_command_expect (port, "AT+CGSN=1", (const char *const[]){ cgsn, "OK", NULL });
      fd_test_command_expect (
          port, "AT+CGMM",
          (const char *const[]){ fd_sim_module_get_model (w->module), "OK", NULL });
    }
  return NULL;
}

static void
test_fleet_16 (Fixture *fx, gconstpointer data)
{
  static const char *const models[]
      = { "M5311",       "M5311-E-DLVS", "MN316-S-DLVS", "ML307A-DSLN",
          "ML302S-DNLM", "Air780E",      "Air724UG",     "M5310-E" };
  FdSimModule *modules[FLEET_SIZE];
  Worker       workers[FLEET_SIZE];
  GThread     *threads[FLEET_SIZE];
  g_autoptr (GPtrArray) all = NULL;

  for (guint i = 0; i < FLEET_SIZE; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/rec-%u.jsonl", fx->dir, i);
      g_autoptr (GError) error = NULL;

      modules[i] = add (fx, models[i % G_N_ELEMENTS (models)]);
      g_assert_true (fd_sim_module_set_transcript_path (modules[i], path, &error));
      g_assert_no_error (error);
    }
  all = fd_sim_fleet_list_modules (fx->fleet);
  g_assert_cmpuint (all->len, ==, FLEET_SIZE);
  for (guint i = 0; i < FLEET_SIZE; i++)
    {
      workers[i] = (Worker){ modules[i], 20 };
      threads[i] = g_thread_new ("client", fleet_worker, &workers[i]);
    }
  for (guint i = 0; i < FLEET_SIZE; i++)
    g_thread_join (threads[i]);

  /* Each transcript holds its own module's traffic and nobody else's. */
  for (guint i = 0; i < FLEET_SIZE; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/rec-%u.jsonl", fx->dir, i);
      g_autoptr (GError) error = NULL;
      g_autoptr (FdSimTranscript) tr = NULL;
      g_autoptr (GBytes) rx = NULL;
      g_autofree char *rxs = NULL;
      guint            own = 0;

      g_assert_true (fd_sim_module_set_transcript_path (modules[i], NULL, &error));
      tr = fd_sim_transcript_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (tr->imei, ==, fd_sim_module_get_imei (modules[i]));
      rx = fd_sim_transcript_join (tr, FD_SIM_CHUNK_RX);
      rxs = g_strndup (g_bytes_get_data (rx, NULL), g_bytes_get_size (rx));
      for (const char *p = rxs; (p = strstr (p, fd_sim_module_get_imei (modules[i]))) != NULL; p++)
        own++;
      g_assert_cmpuint (own, ==, 20);
      for (guint j = 0; j < FLEET_SIZE; j++)
        if (j != i)
          g_assert_null (strstr (rxs, fd_sim_module_get_imei (modules[j])));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/infra/command/parse", test_command_parse);
  g_test_add_func ("/sim/infra/command/args", test_command_args);
  g_test_add_func ("/sim/infra/transcript/redact", test_redact);
  g_test_add_func ("/sim/infra/transcript/render", test_render);
#define ADD(path, func)                                                                            \
  g_test_add ("/sim/infra/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("port/link", test_link);
  ADD ("port/boot-banner", test_boot_banner);
  ADD ("port/echo", test_echo);
  ADD ("port/unplug", test_unplug);
  ADD ("port/paced", test_paced);
  ADD ("port/realistic", test_realistic);
  ADD ("port/link-name-taken", test_link_name_taken);
  ADD ("reboot/keep-port", test_reboot_keep_port);
  ADD ("reboot/reenumerate", test_reboot_reenumerate);
  ADD ("reboot/rename", test_reboot_rename);
  ADD ("reboot/style-override", test_reboot_style_override);
  ADD ("fault/never-return", test_never_return);
  ADD ("fault/silence", test_silence);
  ADD ("fault/garbage", test_garbage);
  ADD ("fault/cme", test_cme_fault);
  ADD ("fault/cme-random", test_cme_fault_random);
  ADD ("fault/busy", test_busy);
  ADD ("fault/specs", test_fault_specs);
  ADD ("fleet/bad-module-args", test_bad_module_args);
  ADD ("fleet/16-at-once", test_fleet_16);
  ADD ("transcript/record", test_record);
#undef ADD
  g_test_add_func ("/sim/infra/fleet/shutdown-removes-links", test_shutdown_removes_links);
  return g_test_run ();
}
