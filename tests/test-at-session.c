/* test-at-session.c — FdAtSession against a scripted module on a real pty
 *
 * The peer is not a mock of the session: it is a thread on the pty master
 * that reads what the session really wrote, checks it byte for byte and
 * answers per a script, as a module on /dev/ttyUSB2 would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* posix_openpt, ptsname */

#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd-at-parser.h"
#include "fd-at-session.h"

/* Generous: the machine is shared and noisy. Liveness, not speed. */
#define LIVENESS_BOUND_US (5 * G_USEC_PER_SEC)
/* How long the peer waits for an expected byte before failing the test. */
#define PEER_PATIENCE_US (10 * G_USEC_PER_SEC)

/* ---- the scripted module ------------------------------------------------ */

typedef enum {
  STEP_END,
  STEP_EXPECT,     /* read exactly @text (the command the session must send) */
  STEP_EXPECT_RAW, /* read @len raw bytes into Peer.raw */
  STEP_SEND,       /* write @text */
  STEP_SLEEP,      /* wait @ms */
  STEP_SILENCE,    /* nothing may arrive for @ms */
  STEP_CLOSE,      /* close the master: the module is unplugged */
} StepKind;

typedef struct
{
  StepKind    kind;
  const char *text;
  gsize       len;
  guint       ms;
} Step;

#define EXPECT(t)     { .kind = STEP_EXPECT, .text = (t) }
#define EXPECT_RAW(n) { .kind = STEP_EXPECT_RAW, .len = (n) }
#define SEND(t)       { .kind = STEP_SEND, .text = (t) }
#define SLEEP(n)      { .kind = STEP_SLEEP, .ms = (n) }
#define SILENCE(n)    { .kind = STEP_SILENCE, .ms = (n) }
#define CLOSE()       { .kind = STEP_CLOSE }
#define END()         { .kind = STEP_END }

typedef struct
{
  int         master;
  char       *slave_path;
  const Step *script;
  GThread    *thread;
  GByteArray *received; /* every byte the session wrote, in order */
  GByteArray *sent;     /* every byte the peer wrote, in order */
  GByteArray *raw;      /* what EXPECT_RAW collected */
  char       *failure;  /* set by the thread; asserted by the test */
} Peer;

static Peer *
peer_new (void)
{
  Peer *peer = g_new0 (Peer, 1);

  peer->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (peer->master, >=, 0);
  g_assert_cmpint (grantpt (peer->master), ==, 0);
  g_assert_cmpint (unlockpt (peer->master), ==, 0);
  peer->slave_path = g_strdup (ptsname (peer->master));
  peer->received = g_byte_array_new ();
  peer->sent = g_byte_array_new ();
  peer->raw = g_byte_array_new ();
  return peer;
}

/* Reads one chunk into @peer->received; FALSE on timeout or hangup. */
static gboolean
peer_read_some (Peer *peer, gint64 deadline, gsize max)
{
  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = peer->master, .events = POLLIN };
      guint8 buf[4096];
      gssize n;

      if (poll (&pfd, 1, 50) <= 0)
        continue;
      n = read (peer->master, buf, MIN (sizeof buf, max));
      if (n <= 0)
        return FALSE;
      g_byte_array_append (peer->received, buf, (guint) n);
      return TRUE;
    }
  return FALSE;
}

static gboolean
peer_expect (Peer *peer, const guint8 *want, gsize len, GByteArray *into)
{
  gint64 deadline = g_get_monotonic_time () + PEER_PATIENCE_US;
  gsize start = peer->received->len;

  while (peer->received->len - start < len)
    {
      if (!peer_read_some (peer, deadline, len - (peer->received->len - start)))
        {
          peer->failure = g_strdup_printf ("expected %" G_GSIZE_FORMAT " bytes, got %u",
                                           len, peer->received->len - (guint) start);
          return FALSE;
        }
    }
  if (into != NULL)
    g_byte_array_append (into, peer->received->data + start, (guint) len);
  if (want != NULL && memcmp (peer->received->data + start, want, len) != 0)
    {
      peer->failure = g_strdup_printf ("expected \"%s\", got \"%.*s\"", (const char *) want,
                                       (int) len, peer->received->data + start);
      return FALSE;
    }
  return TRUE;
}

static gboolean
peer_silence (Peer *peer, guint ms)
{
  struct pollfd pfd = { .fd = peer->master, .events = POLLIN };

  if (poll (&pfd, 1, (int) ms) != 0)
    {
      peer_read_some (peer, g_get_monotonic_time () + G_USEC_PER_SEC, 4096);
      peer->failure = g_strdup_printf ("expected silence, got \"%.*s\"", peer->received->len,
                                       peer->received->data);
      return FALSE;
    }
  return TRUE;
}

static gboolean
peer_step (Peer *peer, const Step *step)
{
  switch (step->kind)
    {
    case STEP_EXPECT:
      return peer_expect (peer, (const guint8 *) step->text, strlen (step->text), NULL);
    case STEP_EXPECT_RAW:
      return peer_expect (peer, NULL, step->len, peer->raw);
    case STEP_SEND:
      g_byte_array_append (peer->sent, (const guint8 *) step->text, (guint) strlen (step->text));
      return write (peer->master, step->text, strlen (step->text)) == (gssize) strlen (step->text);
    case STEP_SLEEP:
      g_usleep (step->ms * 1000);
      return TRUE;
    case STEP_SILENCE:
      return peer_silence (peer, step->ms);
    case STEP_CLOSE:
      close (peer->master);
      peer->master = -1;
      return TRUE;
    case STEP_END:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
peer_thread (gpointer data)
{
  Peer *peer = data;

  for (const Step *step = peer->script; step->kind != STEP_END; step++)
    if (!peer_step (peer, step))
      break;
  return NULL;
}

static void
peer_start (Peer *peer, const Step *script)
{
  peer->script = script;
  peer->thread = g_thread_new ("peer", peer_thread, peer);
}

/* Waits for the script to end and checks it ran to the end. */
static void
peer_finish (Peer *peer)
{
  g_thread_join (g_steal_pointer (&peer->thread));
  if (peer->failure != NULL)
    g_error ("scripted module: %s", peer->failure);
}

static void
peer_free (Peer *peer)
{
  if (peer->thread != NULL)
    g_thread_join (peer->thread);
  if (peer->master >= 0)
    close (peer->master);
  g_byte_array_unref (peer->received);
  g_byte_array_unref (peer->sent);
  g_byte_array_unref (peer->raw);
  g_free (peer->slave_path);
  g_free (peer->failure);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

/* ---- what the session reports ---------------------------------------------- */

typedef struct
{
  GPtrArray  *urcs;     /* "line" */
  GArray     *urc_times;
  GByteArray *tx;
  GByteArray *rx;
  GPtrArray  *notes;
  gint64      last_time;
  gboolean    time_went_back;
} Record;

static void
record_urc (FdAtSession *session, const char *line, gint64 time_ms, gpointer user_data)
{
  Record *record = user_data;

  g_ptr_array_add (record->urcs, g_strdup (line));
  g_array_append_val (record->urc_times, time_ms);
}

static void
record_transcript (FdAtSession  *session,
                   FdAtDirection direction,
                   const guint8 *data,
                   gsize         len,
                   gint64        time_ms,
                   gpointer      user_data)
{
  Record *record = user_data;

  if (time_ms < record->last_time)
    record->time_went_back = TRUE;
  record->last_time = time_ms;
  if (direction == FD_AT_DIRECTION_TX)
    g_byte_array_append (record->tx, data, (guint) len);
  else if (direction == FD_AT_DIRECTION_RX)
    g_byte_array_append (record->rx, data, (guint) len);
  else
    g_ptr_array_add (record->notes, g_strndup ((const char *) data, len));
}

static void
record_free (gpointer data)
{
  Record *record = data;

  g_ptr_array_unref (record->urcs);
  g_array_unref (record->urc_times);
  g_byte_array_unref (record->tx);
  g_byte_array_unref (record->rx);
  g_ptr_array_unref (record->notes);
  g_free (record);
}

typedef struct
{
  Peer         *peer;
  FdSerialPort *port;
  FdAtSession  *session;
  Record       *record; /* owned by the session's handlers */
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->peer = peer_new ();
  fx->port = fd_serial_port_open (fx->peer->slave_path, 0, &error);
  g_assert_no_error (error);
  fx->session = fd_at_session_new (fx->port);
  g_assert_true (fd_at_session_get_port (fx->session) == fx->port);

  fx->record = g_new0 (Record, 1);
  fx->record->urcs = g_ptr_array_new_with_free_func (g_free);
  fx->record->urc_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fx->record->tx = g_byte_array_new ();
  fx->record->rx = g_byte_array_new ();
  fx->record->notes = g_ptr_array_new_with_free_func (g_free);
  /* the URC handler owns nothing; the transcript handler frees the record */
  fd_at_session_set_urc_handler (fx->session, record_urc, fx->record, NULL);
  fd_at_session_set_transcript_handler (fx->session, record_transcript, fx->record, record_free);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->session);
  g_clear_object (&fx->port);
  g_clear_pointer (&fx->peer, peer_free);
}

static void
assert_lines (GPtrArray *lines, const char *const *expected)
{
  g_autofree char *got = NULL;
  g_autofree char *want = g_strjoinv ("|", (char **) expected);

  g_ptr_array_add (lines, NULL);
  got = g_strjoinv ("|", (char **) lines->pdata);
  g_ptr_array_remove_index (lines, lines->len - 1);
  g_assert_cmpstr (got, ==, want);
}

static gboolean
notes_mention (Record *record, const char *needle)
{
  for (guint i = 0; i < record->notes->len; i++)
    if (strstr (g_ptr_array_index (record->notes, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- commands ------------------------------------------------------------- */

static void
test_command_no_echo (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    EXPECT ("AT+CGMR\r"), SEND ("\r\nM5311_V1.0.3_20230101\r\n\r\nOK\r\n"), END (),
  };
  static const char *const want[] = { "M5311_V1.0.3_20230101", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+CGMR", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (info, want);
  g_assert_cmpuint (fx->record->urcs->len, ==, 0);
  peer_finish (fx->peer);
}

static void
test_command_echo_on (Fixture *fx, gconstpointer data)
{
  /* echo comes back first, as typed, then the answer */
  static const Step script[] = {
    EXPECT ("AT+CGMI\r"), SEND ("AT+CGMI\r\r\nCMCC\r\n\r\nOK\r\n"),
    EXPECT ("at+cgmm\r"), SEND ("at+cgmm\r"), SLEEP (50), SEND ("\r\nML307A-DSLN\r\n\r\nOK\r\n"),
    EXPECT ("AT\r"),      SEND ("AT\r\r\nOK\r\n"),
    END (),
  };
  static const char *const want_maker[] = { "CMCC", NULL };
  static const char *const want_model[] = { "ML307A-DSLN", NULL };
  static const char *const want_none[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) maker = NULL;
  g_autoptr(GPtrArray) model = NULL;
  g_autoptr(GPtrArray) none = NULL;

  peer_start (fx->peer, script);
  maker = fd_at_session_command (fx->session, "AT+CGMI", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (maker, want_maker);
  model = fd_at_session_command (fx->session, "at+cgmm", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (model, want_model);
  none = fd_at_session_command (fx->session, "AT", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (none, want_none);
  g_assert_cmpuint (fx->record->urcs->len, ==, 0);
  peer_finish (fx->peer);
}

static void
test_echo_off (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    EXPECT ("ATE0\r"), SEND ("ATE0\r\r\nOK\r\n"),
    EXPECT ("AT+CGSN=1\r"), SEND ("\r\n+CGSN: 867724030000001\r\n\r\nOK\r\n"),
    END (),
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *imei = NULL;

  peer_start (fx->peer, script);
  g_assert_true (fd_at_session_echo_off (fx->session, NULL, &error));
  g_assert_no_error (error);
  imei = fd_at_session_query (fx->session, "AT+CGSN=1", "+CGSN:", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imei, ==, "+CGSN: 867724030000001");
  peer_finish (fx->peer);
}

static void
test_query (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    EXPECT ("AT+RSFOTAMODE?\r"), SEND ("\r\n+RSFOTAMODE:0,1,60,86400\r\n\r\nOK\r\n"),
    EXPECT ("ATI\r"), SEND ("\r\nOneMO\r\nMN316-S\r\n\r\nOK\r\n"),
    EXPECT ("AT+CGSN\r"), SEND ("\r\nOK\r\n"),
    EXPECT ("AT+MFWCFG=\"url\"\r"), SEND ("\r\n+CEREG: 1\r\n\r\nOK\r\n"),
    END (),
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *first = NULL;
  g_autofree char *none = NULL;
  g_autofree char *missing = NULL;

  peer_start (fx->peer, script);
  mode = fd_at_session_query (fx->session, "AT+RSFOTAMODE?", "+RSFOTAMODE:", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mode, ==, "+RSFOTAMODE:0,1,60,86400");
  first = fd_at_session_query (fx->session, "ATI", NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "OneMO");

  none = fd_at_session_query (fx->session, "AT+CGSN", NULL, 0, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE);
  g_clear_error (&error);
  /* a URC is not the answer */
  missing = fd_at_session_query (fx->session, "AT+MFWCFG=\"url\"", "+MFWCFG:", 0, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE);
  g_assert_nonnull (strstr (error->message, "+MFWCFG:"));
  peer_finish (fx->peer);
  g_assert_cmpuint (fx->record->urcs->len, ==, 1);
}

/* ---- URCs ----------------------------------------------------------------- */

static void
test_urc_between_command_and_ok (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    EXPECT ("AT+CSQ\r"),
    SEND ("\r\n+CSQ: 20,99\r\n\r\n+CEREG: 1\r\n"), SLEEP (50), SEND ("\r\nRDY\r\n\r\nOK\r\n"),
    END (),
  };
  static const char *const want_info[] = { "+CSQ: 20,99", NULL };
  static const char *const want_urcs[] = { "+CEREG: 1", "RDY", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+CSQ", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (info, want_info);
  assert_lines (fx->record->urcs, want_urcs);
  peer_finish (fx->peer);
}

static void
test_urc_mfwdload_during_cgmr (Fixture *fx, gconstpointer data)
{
  /* a download in progress keeps reporting while we read the revision */
  static const Step script[] = {
    EXPECT ("AT+CGMR\r"),
    SEND ("\r\n+MFWDLOAD: 1,100,50\r\n"), SLEEP (100),
    SEND ("\r\nMN316_V2.1\r\n+MFWDLOAD: 1,100,75\r\n\r\nOK\r\n"),
    END (),
  };
  static const char *const want_info[] = { "MN316_V2.1", NULL };
  static const char *const want_urcs[] = { "+MFWDLOAD: 1,100,50", "+MFWDLOAD: 1,100,75", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+CGMR", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (info, want_info);
  assert_lines (fx->record->urcs, want_urcs);
  peer_finish (fx->peer);
}

static void
test_urc_same_name_after_ok (Fixture *fx, gconstpointer data)
{
  /* +CEREG: answers AT+CEREG? until OK; the same line after OK (in the
   * same chunk) is the module reporting a change */
  static const Step script[] = {
    EXPECT ("AT+CEREG?\r"), SEND ("\r\n+CEREG: 0,1\r\n\r\nOK\r\n\r\n+CEREG: 5\r\nRING\r\n"),
    END (),
  };
  static const char *const want_info[] = { "+CEREG: 0,1", NULL };
  static const char *const want_urcs[] = { "+CEREG: 5", "RING", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+CEREG?", 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 10 && fx->record->urcs->len < 2; i++)
    {
      g_assert_true (fd_at_session_wait_urcs (fx->session, 5000, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  assert_lines (info, want_info);
  assert_lines (fx->record->urcs, want_urcs);
  peer_finish (fx->peer);
}

static void
test_urc_before_during_after (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    SEND ("\r\n+RSFOTA:1,0\r\n"),
    EXPECT ("AT+RSFOTAMODE?\r"),
    SEND ("\r\n+RSFOTA:1,1,512/2052,24%\r\n+RSFOTAMODE:1,1\r\n\r\nOK\r\n+RSFOTA:1,1,1024/2052,49%\r\n"),
    SLEEP (100),
    SEND ("\r\n+RSFOTA:1,3\r\n"),
    END (),
  };
  static const char *const want_urcs[] = {
    "+RSFOTA:1,0", "+RSFOTA:1,1,512/2052,24%", "+RSFOTA:1,1,1024/2052,49%", "+RSFOTA:1,3", NULL,
  };
  static const char *const want_info[] = { "+RSFOTAMODE:1,1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;
  guint n = 0;

  peer_start (fx->peer, script);
  /* the first URC is waiting before the command is sent */
  g_assert_true (fd_at_session_wait_urcs (fx->session, 5000, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  info = fd_at_session_command (fx->session, "AT+RSFOTAMODE?", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (info, want_info);
  /* the one after OK came with OK (usually in the same chunk), the last
   * one later: none is lost, none goes into the info lines */
  for (guint i = 0; i < 10 && fx->record->urcs->len < 4; i++)
    {
      g_assert_true (fd_at_session_wait_urcs (fx->session, 5000, &n, NULL, &error));
      g_assert_no_error (error);
    }
  assert_lines (fx->record->urcs, want_urcs);

  for (guint i = 1; i < fx->record->urc_times->len; i++)
    g_assert_cmpint (g_array_index (fx->record->urc_times, gint64, i), >=,
                     g_array_index (fx->record->urc_times, gint64, i - 1));
  /* the last URC came at least 100 ms after the one before */
  g_assert_cmpint (g_array_index (fx->record->urc_times, gint64, 3) -
                       g_array_index (fx->record->urc_times, gint64, 2),
                   >=, 90);
  peer_finish (fx->peer);
}

static void
test_wait_urcs_quiet (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  guint n = 42;

  g_assert_true (fd_at_session_wait_urcs (fx->session, 300, &n, NULL, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
}

static void
test_wait_urcs_early (Fixture *fx, gconstpointer data)
{
  static const Step script[] = { SLEEP (100), SEND ("\r\n+UPGRADEIND: 37\r\n"), END () };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n = 0;

  peer_start (fx->peer, script);
  g_assert_true (fd_at_session_wait_urcs (fx->session, 60000, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_cmpstr (g_ptr_array_index (fx->record->urcs, 0), ==, "+UPGRADEIND: 37");
  peer_finish (fx->peer);
}

/* ---- errors ----------------------------------------------------------------- */

static void
test_timeout (Fixture *fx, gconstpointer data)
{
  static const Step script[] = { EXPECT ("AT+CGMR\r"), END () };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+CGMR", 300, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_null (info);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "AT+CGMR"));
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
  peer_finish (fx->peer);
}

static void
test_late_answer_ignored (Fixture *fx, gconstpointer data)
{
  /* AT+A times out; its late OK must not become the answer to AT+B */
  static const Step script[] = {
    EXPECT ("AT+A\r"), SLEEP (400), SEND ("\r\nOK\r\n"),
    EXPECT ("AT+B\r"), SEND ("\r\n+B: 1\r\n\r\nOK\r\n"),
    END (),
  };
  static const char *const want[] = { "+B: 1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  peer_start (fx->peer, script);
  a = fd_at_session_command (fx->session, "AT+A", 200, NULL, &error);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_usleep (500 * 1000);
  b = fd_at_session_command (fx->session, "AT+B", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (b, want);
  g_assert_true (notes_mention (fx->record, "ignored final result"));
  peer_finish (fx->peer);
}

static const struct
{
  const char *final;
  const char *domain;
  int         code;
} finals_table[] = {
  { "ERROR", "fd-at-error-quark", FD_AT_ERROR_ERROR },
  { "+CME ERROR: 854", "fd-cme-error-quark", 854 },
  { "+CME ERROR:850", "fd-cme-error-quark", 850 },
  { "+CMS ERROR: 500", "fd-cms-error-quark", 500 },
  { "+CIS ERROR: 601", "fd-cis-error-quark", 601 },
  { "+CME ERROR: operation not allowed", "fd-at-error-quark", FD_AT_ERROR_MODULE_TEXT },
};

static void
test_module_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr(GArray) script = g_array_new (TRUE, TRUE, sizeof (Step));
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < G_N_ELEMENTS (finals_table); i++)
    {
      Step expect = EXPECT ("AT+MFWUPGRADE\r");
      Step send = { .kind = STEP_SEND };

      send.text = g_strdup_printf ("\r\n%s\r\n", finals_table[i].final);
      g_ptr_array_add (answers, (char *) send.text);
      g_array_append_val (script, expect);
      g_array_append_val (script, send);
    }
  peer_start (fx->peer, (const Step *) script->data);

  for (gsize i = 0; i < G_N_ELEMENTS (finals_table); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) info = NULL;

      info = fd_at_session_command (fx->session, "AT+MFWUPGRADE", 0, NULL, &error);
      g_assert_null (info);
      g_assert_nonnull (error);
      g_assert_cmpstr (g_quark_to_string (error->domain), ==, finals_table[i].domain);
      g_assert_cmpint (error->code, ==, finals_table[i].code);
      g_assert_nonnull (strstr (error->message, "AT+MFWUPGRADE"));
    }
  peer_finish (fx->peer);
}

static void
test_gone_mid_command (Fixture *fx, gconstpointer data)
{
  /* the module reboots into its upgrade without answering */
  static const Step script[] = { EXPECT ("AT+MFWUPGRADE\r"), SLEEP (200), CLOSE (), END () };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+MFWUPGRADE", 60000, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_null (info);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
  g_test_message ("port gone noticed %" G_GINT64_FORMAT " ms after sending (peer closed at "
                  "~200 ms)",
                  elapsed / 1000);
  g_assert_true (notes_mention (fx->record, "port gone"));
  peer_finish (fx->peer);

  /* later calls fail at once, the same way */
  g_clear_error (&error);
  start = g_get_monotonic_time ();
  info = fd_at_session_command (fx->session, "AT", 60000, NULL, &error);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
} CancelLater;

static gpointer
cancel_later (gpointer data)
{
  CancelLater *cl = data;

  g_usleep (cl->delay_ms * 1000);
  g_cancellable_cancel (cl->cancellable);
  return NULL;
}

static void
test_cancel_mid_wait (Fixture *fx, gconstpointer data)
{
  static const Step script[] = { EXPECT ("AT+UPGRADE?\r"), END () };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;
  CancelLater cl = { cancellable, 200 };
  GThread *thread;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  guint n = 0;

  peer_start (fx->peer, script);
  thread = g_thread_new ("cancel", cancel_later, &cl);
  info = fd_at_session_command (fx->session, "AT+UPGRADE?", 60000, cancellable, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
  g_test_message ("command cancelled after %" G_GINT64_FORMAT " ms (cancel at 200 ms)",
                  elapsed / 1000);
  g_assert_true (notes_mention (fx->record, "cancelled"));
  peer_finish (fx->peer);

  /* waiting for URCs is cancellable too */
  g_clear_error (&error);
  g_cancellable_reset (cancellable);
  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later, &cl);
  g_assert_false (fd_at_session_wait_urcs (fx->session, 60000, &n, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

static void
test_line_too_long (Fixture *fx, gconstpointer data)
{
  g_autofree char *junk = g_strnfill (FD_AT_LINE_MAX + 100, 'x');
  g_autofree char *answer = g_strdup_printf ("\r\n%s\r\nM5311\r\n\r\nOK\r\n", junk);
  const Step script[] = { EXPECT ("AT+CGMR\r"), SEND (answer), END () };
  static const char *const want[] = { "M5311", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;

  peer_start (fx->peer, script);
  info = fd_at_session_command (fx->session, "AT+CGMR", 0, NULL, &error);
  g_assert_no_error (error);
  assert_lines (info, want);
  g_assert_true (notes_mention (fx->record, "longer than"));
  peer_finish (fx->peer);
}

/* ---- AT injection --------------------------------------------------------- */

static void
test_injection_refused (Fixture *fx, gconstpointer data)
{
  static const char *const bad[] = {
    "AT+MFWCFG=\"url\",\"http://x/fw.bin\"\r\nAT+MFWERASE",
    "AT+CGMR\r",
    "AT\nAT+CFUN=1,1",
    "AT+UPGRADE=\"KEY\",\"abc\x1a\"",
    "AT\x1b",
    "AT\x7f",
    "",
  };
  static const Step script[] = { SILENCE (300), END () };
  const guint8 payload[] = { 1, 2, 3 };

  peer_start (fx->peer, script);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) info = NULL;

      info = fd_at_session_command (fx->session, bad[i], 0, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_INVALID_COMMAND);
      g_clear_error (&error);
      g_assert_false (fd_at_session_write_raw (fx->session, bad[i], payload, sizeof payload, 1000,
                                               1000, NULL, NULL, NULL, &error));
      g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_INVALID_COMMAND);
    }
  peer_finish (fx->peer);
  g_assert_cmpuint (fx->peer->received->len, ==, 0);
  g_assert_cmpuint (fx->record->tx->len, ==, 0);
}

/* ---- passthrough write ----------------------------------------------------- */

typedef struct
{
  gsize    last;
  gsize    total;
  guint    calls;
  gboolean went_back;
} Progress;

static void
on_progress (gsize written, gsize total, gpointer user_data)
{
  Progress *p = user_data;

  if (written < p->last)
    p->went_back = TRUE;
  p->last = written;
  p->total = total;
  p->calls++;
}

static guint8 *
make_package (gsize len)
{
  guint8 *data = g_malloc (len);

  /* every byte value, including CR, LF, '>' and NUL */
  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (g_random_int () & 0xff);
  return data;
}

static void
check_raw_write (Fixture *fx, const char *go_ahead)
{
  const gsize len = 64 * 1024;
  g_autofree guint8 *package = make_package (len);
  const Step script[] = {
    EXPECT ("AT+MFWDLOAD=0,65536\r"), SEND (go_ahead), EXPECT_RAW (len),
    SLEEP (50), SEND ("\r\nOK\r\n"), END (),
  };
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  g_autoptr(GByteArray) expected_tx = g_byte_array_new ();

  gint64 start = g_get_monotonic_time ();

  peer_start (fx->peer, script);
  g_assert_true (fd_at_session_write_raw (fx->session, "AT+MFWDLOAD=0,65536", package, len, 5000,
                                          10000, on_progress, &progress, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("64 KiB passthrough took %" G_GINT64_FORMAT " ms (50 ms of it the peer's pause)",
                  (g_get_monotonic_time () - start) / 1000);
  peer_finish (fx->peer);

  /* the module received exactly the package, nothing more, nothing less */
  g_assert_cmpmem (fx->peer->raw->data, fx->peer->raw->len, package, len);
  g_assert_cmpuint (fx->peer->received->len, ==, strlen ("AT+MFWDLOAD=0,65536\r") + len);
  g_assert_cmpuint (progress.last, ==, len);
  g_assert_cmpuint (progress.total, ==, len);
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_false (progress.went_back);

  /* and the transcript saw it all */
  g_byte_array_append (expected_tx, (const guint8 *) "AT+MFWDLOAD=0,65536\r", 20);
  g_byte_array_append (expected_tx, package, (guint) len);
  g_assert_cmpmem (fx->record->tx->data, fx->record->tx->len, expected_tx->data, expected_tx->len);
}

static void
test_write_raw_prompt (Fixture *fx, gconstpointer data)
{
  check_raw_write (fx, "\r\n> ");
}

static void
test_write_raw_ok_go_ahead (Fixture *fx, gconstpointer data)
{
  check_raw_write (fx, "\r\nOK\r\n");
}

static void
test_write_raw_no_prompt (Fixture *fx, gconstpointer data)
{
  static const Step script[] = { EXPECT ("AT+MFWDLOAD=0,3\r"), SILENCE (600), END () };
  const guint8 payload[] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  peer_start (fx->peer, script);
  g_assert_false (fd_at_session_write_raw (fx->session, "AT+MFWDLOAD=0,3", payload,
                                           sizeof payload, 300, 1000, NULL, NULL, NULL, &error));
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_NO_PROMPT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  /* nothing of the data went out */
  peer_finish (fx->peer);
}

static void
test_write_raw_refused (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    EXPECT ("AT+MFWDLOAD=0,3\r"), SEND ("\r\n+CME ERROR: 853\r\n"), SILENCE (300), END (),
  };
  const guint8 payload[] = { 1, 2, 3 };
  g_autoptr(GError) error = NULL;

  peer_start (fx->peer, script);
  g_assert_false (fd_at_session_write_raw (fx->session, "AT+MFWDLOAD=0,3", payload,
                                           sizeof payload, 1000, 1000, NULL, NULL, NULL, &error));
  g_assert_error (error, FD_CME_ERROR, 853);
  peer_finish (fx->peer);
}

static void
test_write_raw_error_after_data (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    EXPECT ("AT+MFWDLOAD=0,4\r"), SEND ("> "), EXPECT_RAW (4), SEND ("\r\n+CME ERROR: 853\r\n"),
    END (),
  };
  const guint8 payload[] = { '\r', '\n', 'O', 'K' };
  g_autoptr(GError) error = NULL;

  peer_start (fx->peer, script);
  g_assert_false (fd_at_session_write_raw (fx->session, "AT+MFWDLOAD=0,4", payload,
                                           sizeof payload, 1000, 1000, NULL, NULL, NULL, &error));
  g_assert_error (error, FD_CME_ERROR, 853);
  peer_finish (fx->peer);
  g_assert_cmpmem (fx->peer->raw->data, fx->peer->raw->len, payload, sizeof payload);
}

static void
test_write_raw_stopped_early (Fixture *fx, gconstpointer data)
{
  /* the module stops after a few KiB with an error: the rest is not sent
   * (it would be read as AT commands) */
  const gsize len = 4 * 1024 * 1024;
  g_autofree guint8 *package = make_package (len);
  static const Step script[] = {
    EXPECT ("AT+MFWDLOAD=0,4194304\r"), SEND ("> "), EXPECT_RAW (4096),
    SEND ("\r\n+CME ERROR: 853\r\n"), SLEEP (1000), END (),
  };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  peer_start (fx->peer, script);
  g_assert_false (fd_at_session_write_raw (fx->session, "AT+MFWDLOAD=0,4194304", package, len,
                                           1000, 500, NULL, NULL, NULL, &error));
  g_assert_error (error, FD_CME_ERROR, 853);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  peer_finish (fx->peer);
  g_test_message ("stopped after sending %u of %" G_GSIZE_FORMAT " bytes", fx->record->tx->len,
                  len);
  g_assert_cmpuint (fx->record->tx->len, <, len);
}

static void
test_write_raw_gone (Fixture *fx, gconstpointer data)
{
  const gsize len = 1024 * 1024;
  g_autofree guint8 *package = make_package (len);
  static const Step script[] = {
    EXPECT ("AT+MFWDLOAD=0,1048576\r"), SEND ("> "), EXPECT_RAW (2048), CLOSE (), END (),
  };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  peer_start (fx->peer, script);
  g_assert_false (fd_at_session_write_raw (fx->session, "AT+MFWDLOAD=0,1048576", package, len,
                                           1000, 60000, NULL, NULL, NULL, &error));
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_assert_true (notes_mention (fx->record, "port gone"));
  peer_finish (fx->peer);
}

/* ---- transcript ------------------------------------------------------------ */

static void
test_transcript_every_byte (Fixture *fx, gconstpointer data)
{
  static const Step script[] = {
    SEND ("\r\nRDY\r\n"),
    EXPECT ("ATE0\r"), SEND ("ATE0\r\r\nOK\r\n"),
    EXPECT ("AT+CGMR\r"), SEND ("\r\n+CEREG: 1\r\n\r\nM5311\xff\x01\r\n"), SLEEP (30),
    SEND ("\r\nOK\r\n"),
    EXPECT ("AT+CMEE=1\r"), SEND ("\r\nERROR\r\n"),
    END (),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) info = NULL;
  g_autoptr(GPtrArray) refused = NULL;

  peer_start (fx->peer, script);
  g_usleep (100 * 1000);
  fd_at_session_note (fx->session, "port opened");
  g_assert_true (fd_at_session_echo_off (fx->session, NULL, &error));
  info = fd_at_session_command (fx->session, "AT+CGMR", 0, NULL, &error);
  g_assert_no_error (error);
  refused = fd_at_session_command (fx->session, "AT+CMEE=1", 0, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, FD_AT_ERROR, FD_AT_ERROR_ERROR);
  peer_finish (fx->peer);

  g_assert_cmpmem (fx->record->tx->data, fx->record->tx->len, fx->peer->received->data,
                   fx->peer->received->len);
  g_assert_cmpmem (fx->record->rx->data, fx->record->rx->len, fx->peer->sent->data,
                   fx->peer->sent->len);
  g_assert_false (fx->record->time_went_back);
  g_assert_cmpstr (g_ptr_array_index (fx->record->notes, 0), ==, "port opened");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/at-session/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("command/no-echo", test_command_no_echo);
  ADD ("command/echo-on", test_command_echo_on);
  ADD ("command/echo-off", test_echo_off);
  ADD ("command/query", test_query);
  ADD ("urc/between-command-and-ok", test_urc_between_command_and_ok);
  ADD ("urc/mfwdload-during-cgmr", test_urc_mfwdload_during_cgmr);
  ADD ("urc/same-name-after-ok", test_urc_same_name_after_ok);
  ADD ("urc/before-during-after", test_urc_before_during_after);
  ADD ("urc/wait-quiet", test_wait_urcs_quiet);
  ADD ("urc/wait-returns-early", test_wait_urcs_early);
  ADD ("error/timeout", test_timeout);
  ADD ("error/late-answer-ignored", test_late_answer_ignored);
  ADD ("error/module-errors", test_module_errors);
  ADD ("error/gone-mid-command", test_gone_mid_command);
  ADD ("error/cancel-mid-wait", test_cancel_mid_wait);
  ADD ("error/line-too-long", test_line_too_long);
  ADD ("injection/refused", test_injection_refused);
  ADD ("write-raw/prompt", test_write_raw_prompt);
  ADD ("write-raw/ok-go-ahead", test_write_raw_ok_go_ahead);
  ADD ("write-raw/no-prompt", test_write_raw_no_prompt);
  ADD ("write-raw/refused", test_write_raw_refused);
  ADD ("write-raw/error-after-data", test_write_raw_error_after_data);
  ADD ("write-raw/stopped-early", test_write_raw_stopped_early);
  ADD ("write-raw/gone", test_write_raw_gone);
  ADD ("transcript/every-byte", test_transcript_every_byte);

#undef ADD
  return g_test_run ();
}
