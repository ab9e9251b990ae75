/* fd-sim-transcript.c — transcripts as docs/transcript-format.md defines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-transcript.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "fd-sim-types.h"

struct _FdSimTranscriptWriter
{
  FILE  *file;
  gint64 start_us;
};

static const char *
dir_to_string (FdSimChunkDir dir)
{
  switch (dir)
    {
    case FD_SIM_CHUNK_TX:
      return "tx";
    case FD_SIM_CHUNK_RX:
      return "rx";
    case FD_SIM_CHUNK_NOTE:
    default:
      return "note";
    }
}

char *
fd_sim_transcript_render (const guint8 *data, gsize len)
{
  GString *out = g_string_sized_new (len + 8);

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, (char)c);
      else
        g_string_append_printf (out, "\\x%02X", c);
    }
  return g_string_free (out, FALSE);
}

/* Finds argument @index (0-based) after @args_start: sets the slice to
 * replace (inside the quotes when quoted). FALSE when there is no such
 * argument. */
static gboolean
find_arg (const char *args_start, guint index, const char **start, const char **end)
{
  const char *p = args_start;

  for (guint i = 0;; i++)
    {
      const char *s, *e;

      while (*p == ' ')
        p++;
      if (*p == '"')
        {
          s = p + 1;
          e = strchr (s, '"');
          if (e == NULL)
            e = s + strlen (s);
          p = *e == '"' ? e + 1 : e;
        }
      else
        {
          s = p;
          e = p + strcspn (p, ",\r\n");
          p = e;
        }
      if (i == index)
        {
          *start = s;
          *end = e;
          return TRUE;
        }
      p += strcspn (p, ",");
      if (*p != ',')
        return FALSE;
      p++;
    }
}

/* Where the arguments of a "<head>" command or reply start, or NULL. */
static const char *
args_after_head (const char *line, const char *const *heads)
{
  for (guint i = 0; heads[i] != NULL; i++)
    {
      gsize n = strlen (heads[i]);

      if (g_ascii_strncasecmp (line, heads[i], n) == 0)
        {
          const char *p = line + n;
          while (*p == ' ')
            p++;
          return p;
        }
    }
  return NULL;
}

static gboolean
first_arg_is (const char *args, const char *tag)
{
  const char *s, *e;

  if (!find_arg (args, 0, &s, &e))
    return FALSE;
  return (gsize)(e - s) == strlen (tag) && g_ascii_strncasecmp (s, tag, (gsize)(e - s)) == 0;
}

char *
fd_sim_transcript_redact (const char *line)
{
  static const char *const mfw_heads[] = { "AT+MFWCFG=", "+MFWCFG:", NULL };
  static const char *const luat_heads[] = { "AT+UPGRADE=", "+UPGRADE:", NULL };
  const char              *head = line;
  const char              *args;
  const char              *s, *e;
  guint                    secret_index;
  GString                 *out;

  /* Leading line ends and noise are kept in the output, only skipped for
   * matching. */
  while (*head == '\r' || *head == '\n' || *head == ' ')
    head++;
  if ((args = args_after_head (head, mfw_heads)) != NULL && first_arg_is (args, "auth"))
    secret_index = 2;
  else if ((args = args_after_head (head, luat_heads)) != NULL && first_arg_is (args, "KEY"))
    secret_index = 1;
  else
    return NULL;
  if (!find_arg (args, secret_index, &s, &e) || s == e)
    return NULL;
  out = g_string_new_len (line, s - line);
  g_string_append (out, "***");
  g_string_append (out, e);
  return g_string_free (out, FALSE);
}

/* --- writer ----------------------------------------------------------- */

static void
writer_put (FdSimTranscriptWriter *self, JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  fputs (text, self->file);
  fputc ('\n', self->file);
  /* A crash must not lose what led to it. */
  fflush (self->file);
}

static char *
format_started (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *head = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (now, "%:z");

  return g_strdup_printf ("%s.%03d%s", head, g_date_time_get_microsecond (now) / 1000, zone);
}

FdSimTranscriptWriter *
fd_sim_transcript_writer_new (const char *path, const char *model, const char *imei,
                              const char *revision, const char *port, GError **error)
{
  FdSimTranscriptWriter *self;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *started = format_started ();
  FILE            *file = fopen (path, "we");

  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot write the transcript %s: %s", path, g_strerror (saved));
      return NULL;
    }
  self = g_new0 (FdSimTranscriptWriter, 1);
  self->file = file;
  self->start_us = g_get_monotonic_time ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "header");
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "fotadesk-transcript");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, model);
  json_builder_set_member_name (b, "imei");
  json_builder_add_string_value (b, imei);
  json_builder_set_member_name (b, "revision");
  json_builder_add_string_value (b, revision);
  json_builder_set_member_name (b, "port");
  json_builder_add_string_value (b, port != NULL ? port : "");
  json_builder_set_member_name (b, "started");
  json_builder_add_string_value (b, started);
  json_builder_end_object (b);
  writer_put (self, b);
  return self;
}

static void
writer_begin_chunk (FdSimTranscriptWriter *self, JsonBuilder *b, FdSimChunkDir dir)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "t");
  json_builder_add_int_value (b, (g_get_monotonic_time () - self->start_us) / 1000);
  json_builder_set_member_name (b, "dir");
  json_builder_add_string_value (b, dir_to_string (dir));
}

void
fd_sim_transcript_writer_add (FdSimTranscriptWriter *self, FdSimChunkDir dir, const guint8 *data,
                              gsize len)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *b64 = g_base64_encode (data, len);
  g_autofree char *text = fd_sim_transcript_render (data, len);

  g_return_if_fail (dir != FD_SIM_CHUNK_NOTE);
  if (len == 0)
    return;
  writer_begin_chunk (self, b, dir);
  json_builder_set_member_name (b, "b64");
  json_builder_add_string_value (b, b64);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  writer_put (self, b);
}

void
fd_sim_transcript_writer_note (FdSimTranscriptWriter *self, const char *text)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  writer_begin_chunk (self, b, FD_SIM_CHUNK_NOTE);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  writer_put (self, b);
}

void
fd_sim_transcript_writer_free (FdSimTranscriptWriter *self)
{
  if (self == NULL)
    return;
  fclose (self->file);
  g_free (self);
}

/* --- reader ----------------------------------------------------------- */

static void
chunk_free (gpointer data)
{
  FdSimChunk *chunk = data;

  g_bytes_unref (chunk->data);
  g_free (chunk);
}

void
fd_sim_transcript_free (FdSimTranscript *self)
{
  if (self == NULL)
    return;
  g_free (self->model);
  g_free (self->imei);
  g_free (self->revision);
  g_free (self->port);
  g_free (self->started);
  g_ptr_array_unref (self->chunks);
  g_free (self);
}

static char *
dup_member (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gboolean
read_header (FdSimTranscript *self, JsonObject *obj, GError **error)
{
  g_autofree char *type = dup_member (obj, "type");
  g_autofree char *format = dup_member (obj, "format");

  if (g_strcmp0 (type, "header") != 0 || g_strcmp0 (format, "fotadesk-transcript") != 0
      || json_object_get_int_member_with_default (obj, "version", 0) != 1)
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_FORMAT,
                           "the first line is not a fotadesk-transcript version 1 header");
      return FALSE;
    }
  self->model = dup_member (obj, "model");
  self->imei = dup_member (obj, "imei");
  self->revision = dup_member (obj, "revision");
  self->port = dup_member (obj, "port");
  self->started = dup_member (obj, "started");
  return TRUE;
}

static FdSimChunk *
read_chunk (JsonObject *obj, GError **error)
{
  g_autofree char *dir = dup_member (obj, "dir");
  g_autofree char *b64 = dup_member (obj, "b64");
  g_autofree char *text = dup_member (obj, "text");
  FdSimChunk      *chunk = g_new0 (FdSimChunk, 1);

  chunk->t = json_object_get_int_member_with_default (obj, "t", 0);
  if (g_strcmp0 (dir, "note") == 0 && text != NULL)
    {
      chunk->dir = FD_SIM_CHUNK_NOTE;
      chunk->data = g_bytes_new (text, strlen (text));
      return chunk;
    }
  if ((g_strcmp0 (dir, "tx") == 0 || g_strcmp0 (dir, "rx") == 0) && b64 != NULL)
    {
      gsize   len = 0;
      guchar *bytes = g_base64_decode (b64, &len);

      chunk->dir = dir[0] == 't' ? FD_SIM_CHUNK_TX : FD_SIM_CHUNK_RX;
      chunk->data = g_bytes_new_take (bytes, len);
      return chunk;
    }
  g_free (chunk);
  g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_FORMAT,
                       "a chunk needs \"dir\" tx/rx with \"b64\", or note with \"text\"");
  return NULL;
}

static gboolean
read_line (FdSimTranscript *self, const char *line, gboolean first, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode   *root;
  FdSimChunk *chunk;

  if (!json_parser_load_from_data (parser, line, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_FORMAT, "not a JSON object");
      return FALSE;
    }
  if (first)
    return read_header (self, json_node_get_object (root), error);
  chunk = read_chunk (json_node_get_object (root), error);
  if (chunk == NULL)
    return FALSE;
  g_ptr_array_add (self->chunks, chunk);
  return TRUE;
}

FdSimTranscript *
fd_sim_transcript_load (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (FdSimTranscript) self = NULL;
  gboolean first = TRUE;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  self = g_new0 (FdSimTranscript, 1);
  self->chunks = g_ptr_array_new_with_free_func (chunk_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GError) local = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (!read_line (self, lines[i], first, &local))
        {
          g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_FORMAT, "%s:%u: %s", path, i + 1,
                       local->message);
          return NULL;
        }
      first = FALSE;
    }
  if (first)
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_FORMAT, "%s: empty transcript", path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

GBytes *
fd_sim_transcript_join (FdSimTranscript *self, FdSimChunkDir dir)
{
  GByteArray *all = g_byte_array_new ();

  for (guint i = 0; i < self->chunks->len; i++)
    {
      FdSimChunk   *chunk = g_ptr_array_index (self->chunks, i);
      gsize         len;
      const guint8 *data;

      if (chunk->dir != dir)
        continue;
      data = g_bytes_get_data (chunk->data, &len);
      g_byte_array_append (all, data, (guint)len);
    }
  return g_byte_array_free_to_bytes (all);
}
