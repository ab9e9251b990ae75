/* fd-at-parser.c — pure AT framing: bytes to lines, lines to kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-at-parser.h"

struct _FdAtLineSplitter
{
  char    *buf;
  gsize    len;
  gsize    max_line;
  gboolean discarding; /* inside a line that overflowed, until its end */
};

FdAtLineSplitter *
fd_at_line_splitter_new (gsize max_line)
{
  FdAtLineSplitter *self = g_new0 (FdAtLineSplitter, 1);

  self->max_line = max_line > 0 ? max_line : FD_AT_LINE_MAX;
  self->buf = g_malloc (self->max_line + 1);
  return self;
}

void
fd_at_line_splitter_free (FdAtLineSplitter *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self);
}

void
fd_at_line_splitter_reset (FdAtLineSplitter *self)
{
  self->len = 0;
  self->discarding = FALSE;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Emits the buffered line without surrounding blanks; a line that is only
 * blanks (e.g. the space after a prompt) is dropped. */
static void
emit_line (FdAtLineSplitter *self, FdAtLineFunc func, gpointer user_data)
{
  gsize start = 0;
  gsize end = self->len;

  while (start < end && is_blank (self->buf[start]))
    start++;
  while (end > start && is_blank (self->buf[end - 1]))
    end--;
  if (end > start)
    {
      self->buf[end] = '\0';
      func (FD_AT_LINE_TEXT, self->buf + start, end - start, user_data);
    }
  self->len = 0;
}

static gboolean
partial_is_prompt (FdAtLineSplitter *self)
{
  return (self->len == 1 && self->buf[0] == '>') ||
         (self->len == 2 && self->buf[0] == '>' && self->buf[1] == ' ');
}

gboolean
fd_at_line_splitter_feed (FdAtLineSplitter *self,
                          const guint8     *data,
                          gsize             len,
                          FdAtLineFunc      func,
                          gpointer          user_data,
                          GError          **error)
{
  gboolean overflowed = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  for (gsize i = 0; i < len; i++)
    {
      char c = (char) data[i];

      if (c == '\r' || c == '\n')
        {
          if (self->discarding)
            self->discarding = FALSE;
          else
            emit_line (self, func, user_data);
          continue;
        }
      if (c == '\0' || self->discarding)
        continue;
      if (self->len == self->max_line)
        {
          self->len = 0;
          self->discarding = TRUE;
          overflowed = TRUE;
          continue;
        }
      self->buf[self->len++] = c;
    }

  /* A module asks for passthrough data with '>' and no line ending. */
  if (partial_is_prompt (self))
    {
      self->len = 0;
      func (FD_AT_LINE_PROMPT, ">", 1, user_data);
    }

  if (overflowed)
    {
      g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_LINE_TOO_LONG,
                   _("A line from the module was longer than %llu bytes and was dropped"),
                   (unsigned long long) self->max_line);
      return FALSE;
    }
  return TRUE;
}

const char *
fd_at_line_splitter_peek_partial (FdAtLineSplitter *self, gsize *len)
{
  self->buf[self->len] = '\0';
  if (len != NULL)
    *len = self->len;
  return self->buf;
}

/* Lines a module prints by itself while booting. */
static const char *const boot_lines[] = {
  "RDY", "^SYSSTART", "Call Ready", "SMS Ready", "PB DONE", "^BOOT",
  "NORMAL POWER DOWN", "POWER DOWN",
};

/* URC names that never answer a command directly: their set/execute
 * command answers OK and the lines follow as URCs. */
static const char *const async_only_names[] = {
  "RSFOTA", "MFWUPGRADE", "UPGRADEIND", "UPGRADEDL", "UPGRADEVER",
};

static gboolean
has_prefix_ci (const char *s, const char *prefix)
{
  return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

static gboolean
is_final_error (const char *line)
{
  return g_str_equal (line, "ERROR") ||
         has_prefix_ci (line, "+CME ERROR") ||
         has_prefix_ci (line, "+CMS ERROR") ||
         has_prefix_ci (line, "+CIS ERROR");
}

/* Length of the NAME in "+NAME:", or 0 when @line has no such head. */
static gsize
info_name_len (const char *line)
{
  gsize n = 0;

  if (line[0] != '+')
    return 0;
  while (g_ascii_isalnum (line[1 + n]) || line[1 + n] == '_')
    n++;
  return (n > 0 && line[1 + n] == ':') ? n : 0;
}

static gboolean
is_echo (const char *line, const char *command)
{
  gsize cmd_len = strlen (command);

  while (cmd_len > 0 && is_blank (command[cmd_len - 1]))
    cmd_len--;
  return strlen (line) == cmd_len && g_ascii_strncasecmp (line, command, cmd_len) == 0;
}

/* Is "+NAME:" the information response of @command? */
static gboolean
info_belongs_to (const char *name, gsize name_len, const char *command)
{
  char next;

  if (!has_prefix_ci (command, "AT+") ||
      g_ascii_strncasecmp (command + 3, name, name_len) != 0)
    return FALSE;
  next = command[3 + name_len];
  if (next != '\0' && next != '?' && next != '=')
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (async_only_names); i++)
    {
      if (strlen (async_only_names[i]) == name_len &&
          g_ascii_strncasecmp (name, async_only_names[i], name_len) == 0)
        return FALSE;
    }
  /* AT+MFWDLOAD (execute) answers OK and reports by URC; only the
   * AT+MFWDLOAD? query answers with +MFWDLOAD: itself. */
  if (name_len == 8 && g_ascii_strncasecmp (name, "MFWDLOAD", 8) == 0)
    return next == '?';
  return TRUE;
}

FdAtLineKind
fd_at_classify_line (const char *line, const char *command_in_flight)
{
  gsize name_len;

  g_return_val_if_fail (line != NULL, FD_AT_KIND_URC);

  if (g_str_equal (line, "OK"))
    return FD_AT_KIND_OK;
  if (is_final_error (line))
    return FD_AT_KIND_ERROR;
  if (command_in_flight == NULL)
    return FD_AT_KIND_URC;
  if (is_echo (line, command_in_flight))
    return FD_AT_KIND_ECHO;

  name_len = info_name_len (line);
  if (name_len > 0)
    return info_belongs_to (line + 1, name_len, command_in_flight) ? FD_AT_KIND_INFO
                                                                   : FD_AT_KIND_URC;

  for (gsize i = 0; i < G_N_ELEMENTS (boot_lines); i++)
    {
      if (g_ascii_strcasecmp (line, boot_lines[i]) == 0)
        return FD_AT_KIND_URC;
    }
  return FD_AT_KIND_INFO;
}

char *
fd_at_command_for_message (const char *command)
{
  gsize       len = strlen (command);
  const char *cut;

  if (len <= FD_AT_COMMAND_SHOWN_MAX)
    return g_strdup (command);
  /* the start, cut on a character boundary */
  cut = g_utf8_find_prev_char (command, command + FD_AT_COMMAND_SHOWN_MAX - 16 + 1);
  if (cut == NULL)
    cut = command;
  /* Translators: the start of a long AT command, cut short, then its
   * whole length; it is quoted inside error messages */
  return g_strdup_printf (_("%.*s… (%llu bytes)"), (int) (cut - command), command,
                          (unsigned long long) len);
}

gboolean
fd_at_final_to_error (const char *line, const char *command, GError **error)
{
  static const struct {
    const char *head;
    GQuark    (*domain) (void);
  } families[] = {
    { "+CME ERROR:", fd_cme_error_quark },
    { "+CMS ERROR:", fd_cms_error_quark },
    { "+CIS ERROR:", fd_cis_error_quark },
  };
  g_autofree char *cmd = fd_at_command_for_message (command != NULL ? command : "AT");

  g_return_val_if_fail (line != NULL, FALSE);

  if (g_str_equal (line, "OK"))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    {
      const char *arg;
      gint64 code;

      if (!has_prefix_ci (line, families[i].head))
        continue;
      arg = line + strlen (families[i].head);
      while (is_blank (*arg))
        arg++;
      if (g_ascii_string_to_signed (arg, 10, G_MININT, G_MAXINT, &code, NULL))
        g_set_error (error, families[i].domain (), (int) code,
                     /* Translators: the module's final line (such as +CME ERROR: 3),
                      * then the AT command it answered */
                     _("The module answered %s to %s"), line, cmd);
      else
        g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_MODULE_TEXT,
                     _("The module answered %s to %s"), line, cmd);
      return TRUE;
    }

  g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_ERROR,
               _("The module answered %s to %s"), line, cmd);
  return TRUE;
}

/* Parses one argument starting at @p (blanks skipped); returns it and
 * moves @p past the following comma, or to the end. */
static char *
next_arg (const char **p)
{
  const char *s = *p;
  const char *end;
  char *arg;

  while (is_blank (*s))
    s++;
  if (*s == '"')
    {
      const char *close = strchr (s + 1, '"');

      if (close == NULL) /* unterminated: the rest of the line */
        {
          *p = NULL;
          return g_strdup (s + 1);
        }
      arg = g_strndup (s + 1, close - (s + 1));
      s = close + 1;
      end = strchr (s, ',');
      *p = end != NULL ? end + 1 : NULL;
      return arg;
    }

  end = strchr (s, ',');
  if (end == NULL)
    end = s + strlen (s);
  while (end > s && is_blank (end[-1]))
    end--;
  arg = g_strndup (s, end - s);
  s = strchr (s, ',');
  *p = s != NULL ? s + 1 : NULL;
  return arg;
}

gboolean
fd_at_split_info (const char *line, char **name, GStrv *args)
{
  g_autoptr(GPtrArray) parts = NULL;
  gsize name_len;
  const char *p;

  g_return_val_if_fail (line != NULL, FALSE);

  name_len = info_name_len (line);
  if (name_len == 0)
    return FALSE;

  parts = g_ptr_array_new_with_free_func (g_free);
  p = line + 1 + name_len + 1;
  while (is_blank (*p))
    p++;
  while (p != NULL && *p != '\0')
    g_ptr_array_add (parts, next_arg (&p));
  /* A trailing comma leaves one empty argument: "+X: 1," has two. */
  if (p != NULL && *p == '\0' && line[strlen (line) - 1] == ',')
    g_ptr_array_add (parts, g_strdup (""));

  if (name != NULL)
    *name = g_strndup (line + 1, name_len);
  if (args != NULL)
    {
      g_ptr_array_add (parts, NULL);
      *args = (GStrv) g_ptr_array_steal (parts, NULL);
    }
  return TRUE;
}

gboolean
fd_at_string_is_safe (const char *value)
{
  g_return_val_if_fail (value != NULL, FALSE);

  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (*p == '"' || *p < 0x20 || *p == 0x7f)
        return FALSE;
    }
  return TRUE;
}

char *
fd_at_info_value (const char *line, const char *name)
{
  g_autofree char *head = g_strdup_printf ("+%s:", name);
  g_autofree char *value = NULL;
  const char *p = line;
  gsize len;

  g_return_val_if_fail (line != NULL && name != NULL, NULL);

  if (has_prefix_ci (p, head))
    p += strlen (head);
  else if (has_prefix_ci (p, "Revision:"))
    p += strlen ("Revision:");
  value = g_strstrip (g_strdup (p));
  len = strlen (value);
  if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
    {
      value[len - 1] = '\0';
      memmove (value, value + 1, len - 1);
      g_strstrip (value);
    }
  if (value[0] == '\0')
    return NULL;
  return g_steal_pointer (&value);
}
