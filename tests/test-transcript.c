/* test-transcript.c — the transcript writer and reader, and the stream
 * redaction beneath them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fd-record-util.h"
#include "fd-transcript.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("fd-test-transcript-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "session.jsonl", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static FdTranscript *
open_transcript (Fixture *fx, const char *const *secrets)
{
  g_autoptr(FdTranscriptHeader) header =
    fd_transcript_header_new ("ML307A-DSLN", "869999001234567", "ML307A_V1.2", "/dev/ttyUSB2");
  g_autoptr(GError) error = NULL;
  FdTranscript *transcript = fd_transcript_new (fx->path, header, secrets, &error);

  g_assert_no_error (error);
  return transcript;
}

static void
add (FdTranscript *transcript, FdAtDirection dir, const char *text, gint64 t)
{
  g_autoptr(GError) error = NULL;

  fd_transcript_add (transcript, dir, (const guint8 *) text, strlen (text), t, &error);
  g_assert_no_error (error);
}

static void
close_transcript (FdTranscript *transcript)
{
  g_autoptr(GError) error = NULL;

  fd_transcript_close (transcript, &error);
  g_assert_no_error (error);
}

static GPtrArray *
load (Fixture *fx, FdTranscriptHeader **header)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *chunks = NULL;

  fd_transcript_load (fx->path, header, &chunks, &error);
  g_assert_no_error (error);
  return chunks;
}

/* Everything that went one way, chunks joined. */
static GByteArray *
stream_of (GPtrArray *chunks, FdAtDirection dir)
{
  GByteArray *stream = g_byte_array_new ();

  for (guint i = 0; i < chunks->len; i++)
    {
      FdTranscriptChunk *chunk = g_ptr_array_index (chunks, i);
      gsize len;
      const guint8 *data = g_bytes_get_data (chunk->data, &len);

      if (chunk->direction == dir)
        g_byte_array_append (stream, data, (guint) len);
    }
  g_byte_array_append (stream, (const guint8 *) "", 1);
  return stream;
}

/* ---- pure helpers ----------------------------------------------------- */

static void
test_render_text (void)
{
  const struct {
    const char *bytes;
    gsize       len;
    const char *text;
  } cases[] = {
    { "AT+CGMR\r", 8, "AT+CGMR\\r" },
    { "\r\nOK\r\n", 6, "\\r\\nOK\\r\\n" },
    { "a\tb\\c", 5, "a\\tb\\\\c" },
    { "\x00\x1b\x7f\xff", 4, "\\x00\\x1B\\x7F\\xFF" },
    { "\xe4\xb8\xad", 3, "\\xE4\\xB8\\xAD" }, /* UTF-8 is bytes too */
    { "> ", 2, "> " },
    { "\"quoted\"", 8, "\"quoted\"" },
    { "", 0, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text =
        fd_transcript_render_text ((const guint8 *) cases[i].bytes, cases[i].len);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_redact_scan (void)
{
  const char *secrets[] = { "hunter2", "hunter2pass", "KEYabc", NULL };
  const struct {
    const char *input;
    gboolean    at_end;
    const char *output;
    gsize       consumed;
  } cases[] = {
    { "no secret here", FALSE, "no secret here", 14 },
    { "pw=hunter2!", FALSE, "pw=***!", 11 },
    { "pw=hunter2pass!", FALSE, "pw=***!", 15 },     /* the longer secret wins */
    { "pw=hunter2", FALSE, "pw=", 3 },               /* could become hunter2pass */
    { "pw=hunter2", TRUE, "pw=***", 10 },
    { "pw=hun", FALSE, "pw=", 3 },                   /* held back */
    { "pw=hun", TRUE, "pw=hun", 6 },                 /* never completed */
    { "pw=hunX", FALSE, "pw=hunX", 7 },
    { "hhunter2 KEYabcKEYabc", TRUE, "h*** ******", 21 },
    { "K", FALSE, "", 0 },
    { "", FALSE, "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();
      gsize consumed = fd_redact_scan ((const guint8 *) cases[i].input, strlen (cases[i].input),
                                       secrets, cases[i].at_end, out);

      g_byte_array_append (out, (const guint8 *) "", 1);
      g_assert_cmpstr ((const char *) out->data, ==, cases[i].output);
      g_assert_cmpuint (consumed, ==, cases[i].consumed);
    }
  /* No secrets: everything passes through. */
  g_autofree char *same = fd_redact_string ("hunter2", NULL);
  g_assert_cmpstr (same, ==, "hunter2");
}

/* ---- writer and reader ------------------------------------------------ */

static void
test_exact_format (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdTranscript) transcript = open_transcript (fx, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  add (transcript, FD_AT_DIRECTION_TX, "AT+CGMR\r", 1534);
  add (transcript, FD_AT_DIRECTION_RX, "\r\nML307A_V1.2\r\n\r\nOK\r\n", 1561);
  fd_transcript_note (transcript, "port gone", 9000, &error);
  g_assert_no_error (error);
  close_transcript (transcript);

  contents = read_file (fx->path);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0],
    "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":1,"
    "\"model\":\"ML307A-DSLN\",\"imei\":\"869999001234567\",\"revision\":\"ML307A_V1.2\","
    "\"port\":\"/dev/ttyUSB2\",\"started\":\""));
  /* The lines of docs/transcript-format.md, byte for byte. */
  g_assert_cmpstr (lines[1], ==,
                   "{\"t\":1534,\"dir\":\"tx\",\"b64\":\"QVQrQ0dNUg0=\",\"text\":\"AT+CGMR\\\\r\"}");
  g_assert_cmpstr (lines[2], ==,
                   "{\"t\":1561,\"dir\":\"rx\",\"b64\":\"DQpNTDMwN0FfVjEuMg0KDQpPSw0K\","
                   "\"text\":\"\\\\r\\\\nML307A_V1.2\\\\r\\\\n\\\\r\\\\nOK\\\\r\\\\n\"}");
  g_assert_cmpstr (lines[3], ==, "{\"t\":9000,\"dir\":\"note\",\"text\":\"port gone\"}");
  g_assert_cmpstr (lines[4], ==, "");
}

static void
test_round_trip (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdTranscript) transcript = open_transcript (fx, NULL);
  g_autoptr(FdTranscriptHeader) header = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GError) error = NULL;
  guint8 all[256];

  for (guint i = 0; i < 256; i++)
    all[i] = (guint8) i;
  fd_transcript_add (transcript, FD_AT_DIRECTION_TX, all, sizeof all, 5, &error);
  g_assert_no_error (error);
  fd_transcript_add (transcript, FD_AT_DIRECTION_RX, all + 200, 56, 7, &error);
  g_assert_no_error (error);
  fd_transcript_note (transcript, "reopened /dev/ttyUSB5 \"quoted\"\n", 8, &error);
  g_assert_no_error (error);
  add (transcript, FD_AT_DIRECTION_RX, "\r\nOK\r\n", 9);
  close_transcript (transcript);

  chunks = load (fx, &header);
  g_assert_cmpstr (header->model, ==, "ML307A-DSLN");
  g_assert_cmpstr (header->imei, ==, "869999001234567");
  g_assert_cmpstr (header->revision, ==, "ML307A_V1.2");
  g_assert_cmpstr (header->port, ==, "/dev/ttyUSB2");
  g_autoptr(GDateTime) started = g_date_time_new_from_iso8601 (header->started, NULL);
  g_assert_nonnull (started);
  g_assert_cmpuint (chunks->len, ==, 4);

  FdTranscriptChunk *c0 = g_ptr_array_index (chunks, 0);
  FdTranscriptChunk *c1 = g_ptr_array_index (chunks, 1);
  FdTranscriptChunk *c2 = g_ptr_array_index (chunks, 2);
  FdTranscriptChunk *c3 = g_ptr_array_index (chunks, 3);
  g_assert_cmpint (c0->direction, ==, FD_AT_DIRECTION_TX);
  g_assert_cmpint (c0->t_ms, ==, 5);
  g_assert_cmpmem (g_bytes_get_data (c0->data, NULL), g_bytes_get_size (c0->data), all, 256);
  g_assert_cmpint (c1->direction, ==, FD_AT_DIRECTION_RX);
  g_assert_cmpmem (g_bytes_get_data (c1->data, NULL), g_bytes_get_size (c1->data), all + 200, 56);
  g_assert_cmpint (c2->direction, ==, FD_AT_DIRECTION_NOTE);
  g_assert_cmpint (c2->t_ms, ==, 8);
  g_assert_cmpmem (g_bytes_get_data (c2->data, NULL), g_bytes_get_size (c2->data),
                   "reopened /dev/ttyUSB5 \"quoted\"\n", 31);
  g_assert_cmpint (c3->t_ms, ==, 9);
}

/* Every line is plain ASCII JSON: non-printables never reach the file raw. */
static void
test_escaping (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdTranscript) transcript = open_transcript (fx, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guint8 nasty[] = { 0x00, '\r', '\n', 0x1a, '"', '\\', 0x80, 0xff, '\t' };

  fd_transcript_add (transcript, FD_AT_DIRECTION_RX, nasty, sizeof nasty, 1, &error);
  g_assert_no_error (error);
  close_transcript (transcript);
  contents = read_file (fx->path);
  for (const char *c = contents; *c != '\0'; c++)
    {
      if (*c != '\n')
        g_assert_true ((guchar) *c >= 0x20 && (guchar) *c < 0x7f);
    }
  g_assert_nonnull (strstr (contents,
                            "\"text\":\"\\\\x00\\\\r\\\\n\\\\x1A\\\"\\\\\\\\\\\\x80\\\\xFF\\\\t\""));
}

static void
assert_no_secret (Fixture *fx, GPtrArray *chunks, const char *secret)
{
  g_autofree char *contents = read_file (fx->path);
  g_autoptr(GByteArray) tx = stream_of (chunks, FD_AT_DIRECTION_TX);
  g_autoptr(GByteArray) rx = stream_of (chunks, FD_AT_DIRECTION_RX);
  g_autofree char *b64 = g_base64_encode ((const guchar *) secret, strlen (secret));

  /* Not in the file (text fields, notes, header) ... */
  g_assert_null (strstr (contents, secret));
  g_assert_null (strstr (contents, b64));
  /* ... nor in the bytes the b64 fields decode to, even joined up. */
  g_assert_null (strstr ((const char *) tx->data, secret));
  g_assert_null (strstr ((const char *) rx->data, secret));
}

static void
test_secrets_split (Fixture *fx, gconstpointer data)
{
  const char *secrets[] = { "s3cr3t-pw", "PK-0123456789", "", NULL };
  g_autoptr(FdTranscript) transcript = open_transcript (fx, secrets);
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GByteArray) tx = NULL;
  g_autoptr(GByteArray) rx = NULL;
  g_autoptr(GError) error = NULL;

  /* tx in one piece; its echo and the read-back arrive in shreds, with a
   * tx chunk in between. */
  add (transcript, FD_AT_DIRECTION_TX, "AT+MFWCFG=\"auth\",\"fota\",\"s3cr3t-pw\"\r", 10);
  add (transcript, FD_AT_DIRECTION_RX, "AT+MFWCFG=\"auth\",\"fota\",\"s3", 11);
  add (transcript, FD_AT_DIRECTION_RX, "cr3t", 12);
  add (transcript, FD_AT_DIRECTION_TX, "AT+UPGRADE=\"KEY\",\"PK-01234", 13);
  add (transcript, FD_AT_DIRECTION_RX, "-pw\"\r\r\nOK\r\n+MFWCFG: \"auth\",fota,s", 14);
  add (transcript, FD_AT_DIRECTION_TX, "56789\"\r", 15);
  add (transcript, FD_AT_DIRECTION_RX, "3cr3t-pw\r\n", 16);
  /* A prefix that never becomes a secret is not lost. */
  add (transcript, FD_AT_DIRECTION_RX, "s3cr", 17);
  add (transcript, FD_AT_DIRECTION_RX, "ipt\r\n", 18);
  fd_transcript_note (transcript, "auth set to fota/s3cr3t-pw", 19, &error);
  g_assert_no_error (error);
  /* A held-back tail is written on close. */
  add (transcript, FD_AT_DIRECTION_RX, "PK-", 20);
  close_transcript (transcript);

  chunks = load (fx, NULL);
  assert_no_secret (fx, chunks, "s3cr3t-pw");
  assert_no_secret (fx, chunks, "PK-0123456789");
  tx = stream_of (chunks, FD_AT_DIRECTION_TX);
  rx = stream_of (chunks, FD_AT_DIRECTION_RX);
  g_assert_cmpstr ((const char *) tx->data, ==,
                   "AT+MFWCFG=\"auth\",\"fota\",\"***\"\rAT+UPGRADE=\"KEY\",\"***\"\r");
  g_assert_cmpstr ((const char *) rx->data, ==,
                   "AT+MFWCFG=\"auth\",\"fota\",\"***\"\r\r\nOK\r\n+MFWCFG: \"auth\",fota,***\r\n"
                   "s3cript\r\nPK-");
  /* Text and b64 agree on every line. */
  for (guint i = 0; i < chunks->len; i++)
    {
      FdTranscriptChunk *chunk = g_ptr_array_index (chunks, i);
      if (chunk->direction == FD_AT_DIRECTION_NOTE)
        g_assert_cmpmem (g_bytes_get_data (chunk->data, NULL), g_bytes_get_size (chunk->data),
                         "auth set to fota/***", 20);
    }
  g_autofree char *contents = read_file (fx->path);
  g_assert_nonnull (strstr (contents, "\\\"***\\\""));
}

static void
test_torn_last_line (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdTranscript) transcript = open_transcript (fx, NULL);
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *torn = NULL;

  add (transcript, FD_AT_DIRECTION_TX, "AT\r", 1);
  add (transcript, FD_AT_DIRECTION_RX, "OK\r\n", 2);
  close_transcript (transcript);
  contents = read_file (fx->path);
  torn = g_strconcat (contents, "{\"t\":3,\"dir\":\"rx\",\"b64\":\"DQpP", NULL);
  g_file_set_contents (fx->path, torn, -1, &error);
  g_assert_no_error (error);

  chunks = load (fx, NULL);
  g_assert_cmpuint (chunks->len, ==, 2);
}

static void
assert_damaged (Fixture *fx, const char *contents, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(FdTranscriptHeader) header = NULL;

  g_file_set_contents (fx->path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_false (fd_transcript_load (fx->path, &header, &chunks, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (chunks);
  g_assert_null (header);
}

static void
test_damaged (Fixture *fx, gconstpointer data)
{
#define HEADER "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":1}\n"
  assert_damaged (fx, "", "line 1");
  assert_damaged (fx, "{\"t\":1,\"dir\":\"tx\",\"b64\":\"QQ==\"}\n", "line 1");
  assert_damaged (fx, "{\"type\":\"header\",\"format\":\"fotadesk-transcript\",\"version\":2}\n",
                  "version");
  assert_damaged (fx, HEADER "{\"t\":1,\"dir\":\"tx\",\"b64\":\"QQ==\"}\nnot json\n"
                          "{\"t\":2,\"dir\":\"rx\",\"b64\":\"QQ==\"}\n", "line 3");
  assert_damaged (fx, HEADER "{\"t\":1,\"dir\":\"tx\",\"b64\":\"Q!==\"}\n", "line 2");
  assert_damaged (fx, HEADER "{\"t\":1,\"dir\":\"up\",\"b64\":\"QQ==\"}\n", "line 2");
  assert_damaged (fx, HEADER "{\"t\":\"1\",\"dir\":\"tx\",\"b64\":\"QQ==\"}\n", "line 2");
  assert_damaged (fx, HEADER "{\"t\":1,\"dir\":\"note\"}\n", "line 2");
#undef HEADER
}

typedef struct {
  FdTranscript *transcript;
  FdAtDirection dir;
} WriterData;

static gpointer
writer_thread (gpointer data)
{
  WriterData *w = data;

  for (guint i = 0; i < 500; i++)
    add (w->transcript, w->dir, w->dir == FD_AT_DIRECTION_TX ? "AT+CSQ\r" : "+CSQ: 20,99\r\n", -1);
  return NULL;
}

static void
test_threads (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdTranscript) transcript = open_transcript (fx, NULL);
  g_autoptr(GPtrArray) chunks = NULL;
  WriterData a = { transcript, FD_AT_DIRECTION_TX };
  WriterData b = { transcript, FD_AT_DIRECTION_RX };
  GThread *ta = g_thread_new ("a", writer_thread, &a);
  GThread *tb = g_thread_new ("b", writer_thread, &b);

  g_thread_join (ta);
  g_thread_join (tb);
  close_transcript (transcript);
  chunks = load (fx, NULL);
  g_assert_cmpuint (chunks->len, ==, 1000);
}

static void
test_at_handler_and_job_file (Fixture *fx, gconstpointer data)
{
  g_autoptr(FdTranscriptHeader) header = fd_transcript_header_new ("M5311", NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FdTranscript) transcript = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(FdTranscriptHeader) loaded = NULL;
  g_autofree char *base = NULL;
  struct stat st;

  transcript = fd_transcript_new_for_job (fx->dir, "job/../1", header, NULL, &error);
  g_assert_no_error (error);
  base = g_path_get_basename (fd_transcript_get_path (transcript));
  g_assert_true (g_str_has_suffix (base, "-job____1.jsonl"));
  g_autofree char *folder = g_path_get_dirname (fd_transcript_get_path (transcript));
  g_autofree char *expected_folder = g_build_filename (fx->dir, "transcripts", NULL);
  g_assert_cmpstr (folder, ==, expected_folder);
  g_assert_cmpint (g_stat (fd_transcript_get_path (transcript), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  fd_transcript_at_handler (NULL, FD_AT_DIRECTION_TX, (const guint8 *) "ATI\r", 4, 3, transcript);
  fd_transcript_at_handler (NULL, FD_AT_DIRECTION_NOTE, (const guint8 *) "port gone", 9, 4,
                            transcript);
  close_transcript (transcript);
  g_assert_null (fd_transcript_get_error (transcript));
  /* Writing after close is an error, not a crash. */
  g_assert_false (fd_transcript_add (transcript, FD_AT_DIRECTION_TX, (const guint8 *) "A", 1, 5,
                                     &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  g_free (fx->path);
  fx->path = g_strdup (fd_transcript_get_path (transcript));
  chunks = load (fx, &loaded);
  g_assert_cmpstr (loaded->model, ==, "M5311");
  g_assert_null (loaded->imei);
  g_assert_cmpuint (chunks->len, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/transcript/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/core/transcript/render-text", test_render_text);
  g_test_add_func ("/core/transcript/redact-scan", test_redact_scan);
  ADD ("exact-format", test_exact_format);
  ADD ("round-trip", test_round_trip);
  ADD ("escaping", test_escaping);
  ADD ("secrets-split", test_secrets_split);
  ADD ("torn-last-line", test_torn_last_line);
  ADD ("damaged", test_damaged);
  ADD ("threads", test_threads);
  ADD ("at-handler-and-job-file", test_at_handler_and_job_file);
  return g_test_run ();
}
