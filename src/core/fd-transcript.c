/* fd-transcript.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-transcript.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "fd-audit-log.h"
#include "fd-record-util.h"

/* Sync to disk at most this often while chunks flow. */
#define SYNC_INTERVAL_US G_USEC_PER_SEC

struct _FdTranscript
{
  GObject     parent_instance;
  char       *path;
  int         fd;
  GMutex      lock;      /* guards everything below */
  GStrv       secrets;
  GByteArray *held[2];   /* per direction (TX, RX): bytes that may start a secret */
  gint64      held_t[2]; /* time stamp of the last chunk that added to held[] */
  gint64      created_us;
  gint64      synced_us;
  GError     *error;     /* first failure seen by the session handler */
};

G_DEFINE_FINAL_TYPE (FdTranscript, fd_transcript, G_TYPE_OBJECT)

FdTranscriptHeader *
fd_transcript_header_new (const char *model,
                          const char *imei,
                          const char *revision,
                          const char *port)
{
  FdTranscriptHeader *header = g_new0 (FdTranscriptHeader, 1);

  header->model = g_strdup (model);
  header->imei = g_strdup (imei);
  header->revision = g_strdup (revision);
  header->port = g_strdup (port);
  header->started = fd_now_iso8601_ms ();
  return header;
}

void
fd_transcript_header_free (FdTranscriptHeader *header)
{
  if (header == NULL)
    return;
  g_free (header->model);
  g_free (header->imei);
  g_free (header->revision);
  g_free (header->port);
  g_free (header->started);
  g_free (header);
}

void
fd_transcript_chunk_free (FdTranscriptChunk *chunk)
{
  if (chunk == NULL)
    return;
  g_bytes_unref (chunk->data);
  g_free (chunk);
}

char *
fd_transcript_render_text (const guint8 *data, gsize len)
{
  GString *text = g_string_sized_new (len + 8);

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];
      switch (c)
        {
        case '\r': g_string_append (text, "\\r"); break;
        case '\n': g_string_append (text, "\\n"); break;
        case '\t': g_string_append (text, "\\t"); break;
        case '\\': g_string_append (text, "\\\\"); break;
        default:
          if (c >= 0x20 && c < 0x7f)
            g_string_append_c (text, (char) c);
          else
            g_string_append_printf (text, "\\x%02X", c);
        }
    }
  return g_string_free (text, FALSE);
}

/* ---- writer ----------------------------------------------------------- */

static gboolean close_locked (FdTranscript *self, GError **error);

static void
fd_transcript_finalize (GObject *object)
{
  FdTranscript *self = FD_TRANSCRIPT (object);

  if (self->fd >= 0)
    close_locked (self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    g_byte_array_unref (self->held[i]);
  g_strfreev (self->secrets);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  G_OBJECT_CLASS (fd_transcript_parent_class)->finalize (object);
}

static void
fd_transcript_class_init (FdTranscriptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_transcript_finalize;
}

static void
fd_transcript_init (FdTranscript *self)
{
  self->fd = -1;
  g_mutex_init (&self->lock);
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    self->held[i] = g_byte_array_new ();
  self->created_us = g_get_monotonic_time ();
  self->synced_us = self->created_us;
}

static void
set_write_error (FdTranscript *self, GError **error, int saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write the transcript “%s”: %s. Check the free disk space."),
               self->path, g_strerror (saved_errno));
}

static gboolean
check_open (FdTranscript *self, GError **error)
{
  if (self->fd >= 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
               _("The transcript “%s” is already closed."), self->path);
  return FALSE;
}

/* Called with the lock held: one write() of one whole line. */
static gboolean
write_object (FdTranscript *self, JsonBuilder *builder, GError **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GString *line;
  gboolean ok;

  if (!check_open (self, error))
    return FALSE;
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  line = g_string_new (text);
  g_string_append_c (line, '\n');
  ok = fd_write_all (self->fd, line->str, line->len, NULL);
  g_string_free (line, TRUE);
  if (!ok)
    {
      set_write_error (self, error, errno);
      return FALSE;
    }
  return TRUE;
}

static void
maybe_sync (FdTranscript *self, gboolean now)
{
  gint64 time = g_get_monotonic_time ();

  if (now || time - self->synced_us >= SYNC_INTERVAL_US)
    {
      (void) fdatasync (self->fd);
      self->synced_us = time;
    }
}

static void
add_nullable (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
write_header (FdTranscript *self, const FdTranscriptHeader *header, GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *model = fd_redact_string (header->model, (const char *const *) self->secrets);
  g_autofree char *imei = fd_redact_string (header->imei, (const char *const *) self->secrets);
  g_autofree char *revision = fd_redact_string (header->revision, (const char *const *) self->secrets);
  g_autofree char *port = fd_redact_string (header->port, (const char *const *) self->secrets);

  json_builder_begin_object (builder);
  add_nullable (builder, "type", "header");
  add_nullable (builder, "format", FD_TRANSCRIPT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FD_TRANSCRIPT_VERSION);
  add_nullable (builder, "model", model);
  add_nullable (builder, "imei", imei);
  add_nullable (builder, "revision", revision);
  add_nullable (builder, "port", port);
  add_nullable (builder, "started", header->started);
  return write_object (self, builder, error);
}

/* Drops empty strings: they would match everywhere. */
static GStrv
copy_secrets (const char *const *secrets)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new ();

  for (gsize i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      if (*secrets[i] != '\0')
        g_ptr_array_add (copy, g_strdup (secrets[i]));
    }
  g_ptr_array_add (copy, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&copy), FALSE);
}

FdTranscript *
fd_transcript_new (const char               *path,
                   const FdTranscriptHeader *header,
                   const char *const        *secrets,
                   GError                  **error)
{
  g_autoptr(FdTranscript) self = g_object_new (FD_TYPE_TRANSCRIPT, NULL);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  self->path = g_strdup (path);
  self->secrets = copy_secrets (secrets);
  self->fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the transcript “%s”: %s. Check the folder’s "
                     "permissions and free space."),
                   path, g_strerror (saved));
      return NULL;
    }
  if (!write_header (self, header, error))
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Only characters that are safe in a file name. */
static char *
sanitize_name (const char *text)
{
  char *copy = g_strdup (text != NULL && *text != '\0' ? text : "job");

  for (char *c = copy; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
        *c = '_';
    }
  return copy;
}

FdTranscript *
fd_transcript_new_for_job (const char               *log_dir,
                           const char               *job_id,
                           const FdTranscriptHeader *header,
                           const char *const        *secrets,
                           GError                  **error)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = sanitize_name (job_id);
  g_autofree char *file = g_strdup_printf ("%s-%s.jsonl", stamp, name);
  g_autofree char *path = NULL;

  if (log_dir == NULL)
    log_dir = default_dir = fd_audit_default_dir ();
  dir = g_build_filename (log_dir, "transcripts", NULL);
  if (!fd_ensure_private_dir (dir, error))
    return NULL;
  path = g_build_filename (dir, file, NULL);
  return fd_transcript_new (path, header, secrets, error);
}

const char *
fd_transcript_get_path (FdTranscript *self)
{
  g_return_val_if_fail (FD_IS_TRANSCRIPT (self), NULL);
  return self->path;
}

static gint64
resolve_time (FdTranscript *self, gint64 t_ms)
{
  if (t_ms >= 0)
    return t_ms;
  return (g_get_monotonic_time () - self->created_us) / 1000;
}

/* Called with the lock held. */
static gboolean
write_chunk (FdTranscript *self, FdAtDirection direction, const guint8 *data, gsize len,
             gint64 t_ms, GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *b64 = g_base64_encode (data, len);
  g_autofree char *text = fd_transcript_render_text (data, len);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "t");
  json_builder_add_int_value (builder, t_ms);
  add_nullable (builder, "dir", direction == FD_AT_DIRECTION_TX ? "tx" : "rx");
  add_nullable (builder, "b64", b64);
  add_nullable (builder, "text", text);
  return write_object (self, builder, error);
}

/* Called with the lock held: redacts what can be decided now, writes it,
 * and keeps the possible start of a secret for later. */
static gboolean
push_locked (FdTranscript *self, FdAtDirection direction, const guint8 *data, gsize len,
             gint64 t_ms, gboolean at_end, GError **error)
{
  GByteArray *held = self->held[direction == FD_AT_DIRECTION_TX ? 0 : 1];
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize consumed;

  g_byte_array_append (held, data, (guint) len);
  consumed = fd_redact_scan (held->data, held->len, (const char *const *) self->secrets, at_end,
                             out);
  g_byte_array_remove_range (held, 0, (guint) consumed);
  self->held_t[direction == FD_AT_DIRECTION_TX ? 0 : 1] = t_ms;
  if (out->len == 0)
    return TRUE;
  return write_chunk (self, direction, out->data, out->len, t_ms, error);
}

gboolean
fd_transcript_add (FdTranscript  *self,
                   FdAtDirection  direction,
                   const guint8  *data,
                   gsize          len,
                   gint64         t_ms,
                   GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (FD_IS_TRANSCRIPT (self), FALSE);
  g_return_val_if_fail (direction == FD_AT_DIRECTION_TX || direction == FD_AT_DIRECTION_RX, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  g_mutex_lock (&self->lock);
  ok = check_open (self, error) &&
       push_locked (self, direction, data, len, resolve_time (self, t_ms), FALSE, error);
  if (ok)
    maybe_sync (self, FALSE);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
fd_transcript_note (FdTranscript *self, const char *text, gint64 t_ms, GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *clean = NULL;
  gboolean ok;

  g_return_val_if_fail (FD_IS_TRANSCRIPT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  g_mutex_lock (&self->lock);
  clean = fd_redact_string (text, (const char *const *) self->secrets);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "t");
  json_builder_add_int_value (builder, resolve_time (self, t_ms));
  add_nullable (builder, "dir", "note");
  add_nullable (builder, "text", clean);
  ok = write_object (self, builder, error);
  if (ok)
    maybe_sync (self, TRUE);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Called with the lock held (or from finalize). */
static gboolean
close_locked (FdTranscript *self, GError **error)
{
  gboolean ok = TRUE;

  if (!check_open (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    {
      FdAtDirection direction = i == 0 ? FD_AT_DIRECTION_TX : FD_AT_DIRECTION_RX;
      if (ok && self->held[i]->len > 0)
        ok = push_locked (self, direction, NULL, 0, self->held_t[i], TRUE, error);
    }
  if (ok && fdatasync (self->fd) != 0)
    {
      set_write_error (self, error, errno);
      ok = FALSE;
    }
  if (close (self->fd) != 0 && ok)
    {
      set_write_error (self, error, errno);
      ok = FALSE;
    }
  self->fd = -1;
  return ok;
}

gboolean
fd_transcript_close (FdTranscript *self, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (FD_IS_TRANSCRIPT (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = close_locked (self, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

const GError *
fd_transcript_get_error (FdTranscript *self)
{
  g_return_val_if_fail (FD_IS_TRANSCRIPT (self), NULL);
  return self->error;
}

void
fd_transcript_at_handler (FdAtSession  *session,
                          FdAtDirection direction,
                          const guint8 *data,
                          gsize         len,
                          gint64        time_ms,
                          gpointer      user_data)
{
  FdTranscript *self = FD_TRANSCRIPT (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (direction == FD_AT_DIRECTION_NOTE)
    {
      g_autofree char *text = g_strndup ((const char *) data, len);
      ok = fd_transcript_note (self, text, time_ms, &error);
    }
  else
    ok = fd_transcript_add (self, direction, data, len, time_ms, &error);
  if (ok)
    return;
  g_mutex_lock (&self->lock);
  if (self->error == NULL)
    {
      g_warning ("%s", error->message);
      self->error = g_steal_pointer (&error);
    }
  g_mutex_unlock (&self->lock);
}

/* ---- reader ----------------------------------------------------------- */

static gboolean
invalid_line (GError **error, const char *path, guint line_no, const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: the file, the line number, then one of the reasons
                * below ("not a JSON object"); tx, rx, note, t, dir and b64 are the
                * file's field names and values */
               _("The transcript “%s” is damaged at line %u: %s."), path, line_no, why);
  return FALSE;
}

/* g_base64_decode() accepts anything; a transcript must hold real base64. */
static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize pad = 0;

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      if (c == '=' && i >= len - 2)
        pad++;
      else if (pad > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
decode_b64 (const char *b64)
{
  gsize len = 0;
  guchar *bytes;

  if (b64 == NULL || !is_base64 (b64))
    return NULL;
  bytes = g_base64_decode (b64, &len);
  return g_bytes_new_take (bytes, len);
}

static JsonObject *
parse_object (const char *line, gsize len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
member_string (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static FdTranscriptHeader *
parse_header (JsonObject *object, const char **why)
{
  FdTranscriptHeader *header;
  JsonNode *version = json_object_get_member (object, "version");

  if (g_strcmp0 (member_string (object, "type"), "header") != 0 ||
      g_strcmp0 (member_string (object, "format"), FD_TRANSCRIPT_FORMAT) != 0)
    {
      *why = _("this is not a FotaDesk transcript");
      return NULL;
    }
  if (version == NULL || json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != FD_TRANSCRIPT_VERSION)
    {
      *why = _("unsupported format version; a newer FotaDesk may read it");
      return NULL;
    }
  header = g_new0 (FdTranscriptHeader, 1);
  header->model = g_strdup (member_string (object, "model"));
  header->imei = g_strdup (member_string (object, "imei"));
  header->revision = g_strdup (member_string (object, "revision"));
  header->port = g_strdup (member_string (object, "port"));
  header->started = g_strdup (member_string (object, "started"));
  return header;
}

static FdTranscriptChunk *
parse_chunk (JsonObject *object, const char **why)
{
  g_autoptr(FdTranscriptChunk) chunk = g_new0 (FdTranscriptChunk, 1);
  JsonNode *t = json_object_get_member (object, "t");
  const char *dir = member_string (object, "dir");

  if (t == NULL || json_node_get_value_type (t) != G_TYPE_INT64 || json_node_get_int (t) < 0)
    {
      *why = _("the time “t” is missing or not a number");
      return NULL;
    }
  chunk->t_ms = json_node_get_int (t);
  if (g_strcmp0 (dir, "note") == 0)
    {
      const char *text = member_string (object, "text");
      if (text == NULL)
        {
          *why = _("a note without text");
          return NULL;
        }
      chunk->direction = FD_AT_DIRECTION_NOTE;
      chunk->data = g_bytes_new (text, strlen (text));
      return g_steal_pointer (&chunk);
    }
  if (g_strcmp0 (dir, "tx") != 0 && g_strcmp0 (dir, "rx") != 0)
    {
      *why = _("the direction “dir” is not tx, rx or note");
      return NULL;
    }
  chunk->direction = dir[0] == 't' ? FD_AT_DIRECTION_TX : FD_AT_DIRECTION_RX;
  chunk->data = decode_b64 (member_string (object, "b64"));
  if (chunk->data == NULL)
    {
      *why = _("the bytes “b64” are missing or not base64");
      return NULL;
    }
  return g_steal_pointer (&chunk);
}

gboolean
fd_transcript_load (const char          *path,
                    FdTranscriptHeader **header_out,
                    GPtrArray          **chunks_out,
                    GError             **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(FdTranscriptHeader) header = NULL;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) fd_transcript_chunk_free);
  gsize length = 0;
  const char *p;
  const char *end;
  guint line_no = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  p = contents;
  end = contents + length;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      g_autoptr(JsonObject) object = parse_object (p, (gsize) (line_end - p));
      FdTranscriptChunk *chunk;
      const char *why = NULL;

      line_no++;
      p = line_end + 1;
      if (object == NULL)
        {
          if (nl == NULL && header != NULL)
            break; /* the torn last line of a killed writer */
          return invalid_line (error, path, line_no, _("not a JSON object"));
        }
      if (header == NULL)
        {
          header = parse_header (object, &why);
          if (header == NULL)
            return invalid_line (error, path, line_no, why);
          continue;
        }
      chunk = parse_chunk (object, &why);
      if (chunk == NULL)
        return invalid_line (error, path, line_no, why);
      g_ptr_array_add (chunks, chunk);
    }
  if (header == NULL)
    return invalid_line (error, path, 1, _("the header line is missing"));
  if (header_out != NULL)
    *header_out = g_steal_pointer (&header);
  if (chunks_out != NULL)
    *chunks_out = g_steal_pointer (&chunks);
  return TRUE;
}
