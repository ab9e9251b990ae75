/* fd-redact.c — find secrets in AT text and hide them
 *
 * Works on byte ranges of the original text: each matcher marks what to
 * hide, then the text is copied once with "***" over every range. When a
 * line is malformed the matchers hide more, never less.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-redact.h"

typedef struct {
  gsize start;
  gsize end;
} Range;

typedef struct {
  const char *s;   /* the text */
  const char *low; /* the same, ASCII lower-cased (same length) */
  gsize       n;   /* end of the current line */
  GArray     *ranges;
} Scan;

static gsize
skip_spaces (const Scan *sc, gsize j)
{
  while (j < sc->n && (sc->s[j] == ' ' || sc->s[j] == '\t'))
    j++;
  return j;
}

/* An optionally quoted @tag (lower case) at *@j. */
static gboolean
match_tag (const Scan *sc, gsize *j, const char *tag)
{
  gsize k = *j;
  gsize len = strlen (tag);
  gboolean quoted = k < sc->n && sc->s[k] == '"';

  if (quoted)
    k++;
  if (k + len > sc->n || memcmp (sc->low + k, tag, len) != 0)
    return FALSE;
  k += len;
  if (quoted && (k >= sc->n || sc->s[k] != '"'))
    return FALSE;
  *j = quoted ? k + 1 : k;
  return TRUE;
}

/* "=" or ":" (with spaces) after a command or reply name. */
static gboolean
match_separator (const Scan *sc, gsize *j)
{
  gsize k = skip_spaces (sc, *j);

  if (k >= sc->n || (sc->s[k] != '=' && sc->s[k] != ':'))
    return FALSE;
  *j = skip_spaces (sc, k + 1);
  return TRUE;
}

/* Skips one parameter: a quoted string or text up to the next comma. */
static gsize
skip_param (const Scan *sc, gsize j)
{
  if (j < sc->n && sc->s[j] == '"')
    {
      const char *q = memchr (sc->s + j + 1, '"', sc->n - j - 1);

      return q != NULL ? (gsize) (q - sc->s) + 1 : sc->n;
    }
  while (j < sc->n && sc->s[j] != ',')
    j++;
  return j;
}

/* Marks the parameter at @j secret: inside its quotes, or, unquoted, to
 * the end of the line. */
static void
mark_secret (Scan *sc, gsize j)
{
  Range r = { j, sc->n };

  if (j < sc->n && sc->s[j] == '"')
    {
      const char *q = memchr (sc->s + j + 1, '"', sc->n - j - 1);

      r.start = j + 1;
      r.end = q != NULL ? (gsize) (q - sc->s) : sc->n;
    }
  g_array_append_val (sc->ranges, r);
}

/* Moves past a comma (and spaces) at @j, if there is one. */
static gsize
skip_comma (const Scan *sc, gsize j)
{
  j = skip_spaces (sc, j);
  if (j < sc->n && sc->s[j] == ',')
    j = skip_spaces (sc, j + 1);
  return j;
}

/* +MFWCFG ... "auth", <user>, <password>: everything after the user. */
static void
scan_auth (Scan *sc, gsize j)
{
  if (!match_separator (sc, &j) || !match_tag (sc, &j, "auth"))
    return;
  j = skip_spaces (sc, j);
  if (j >= sc->n || sc->s[j] != ',')
    return;
  j = skip_param (sc, skip_spaces (sc, j + 1));
  j = skip_comma (sc, j);
  if (j < sc->n)
    mark_secret (sc, j);
}

/* +UPGRADE ... "KEY", <key>[, <savetoNV>] */
static void
scan_key (Scan *sc, gsize j)
{
  if (!match_separator (sc, &j) || !match_tag (sc, &j, "key"))
    return;
  j = skip_comma (sc, j);
  if (j < sc->n)
    mark_secret (sc, j);
}

/* scheme://user:password@host */
static void
scan_url (Scan *sc, gsize authority)
{
  gsize end = authority;
  const char *at;
  const char *colon;
  Range r;

  while (end < sc->n && strchr ("/?#\"', \t;<>", sc->s[end]) == NULL)
    end++;
  at = g_strrstr_len (sc->s + authority, end - authority, "@");
  if (at == NULL)
    return;
  colon = memchr (sc->s + authority, ':', at - (sc->s + authority));
  if (colon == NULL)
    return;
  r.start = (colon - sc->s) + 1;
  r.end = at - sc->s;
  g_array_append_val (sc->ranges, r);
}

static void
scan_line (Scan *sc, gsize start)
{
  for (gsize i = start; i < sc->n; i++)
    {
      if (sc->low[i] == '+' && strncmp (sc->low + i, "+mfwcfg", 7) == 0)
        scan_auth (sc, i + 7);
      else if (sc->low[i] == '+' && strncmp (sc->low + i, "+upgrade", 8) == 0)
        scan_key (sc, i + 8);
      else if (sc->s[i] == ':' && strncmp (sc->s + i, "://", 3) == 0)
        scan_url (sc, i + 3);
    }
}

static gint
range_compare (gconstpointer a, gconstpointer b)
{
  const Range *ra = a;
  const Range *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
}

/* All secret ranges of @text, sorted by start. */
static GArray *
find_secrets (const char *text)
{
  g_autofree char *low = g_ascii_strdown (text, -1);
  Scan sc = { text, low, 0, g_array_new (FALSE, FALSE, sizeof (Range)) };
  gsize len = strlen (text);

  for (gsize start = 0; start < len;)
    {
      sc.n = start + strcspn (text + start, "\r\n");
      scan_line (&sc, start);
      start = sc.n + strspn (text + sc.n, "\r\n");
    }
  g_array_sort (sc.ranges, range_compare);
  return sc.ranges;
}

char *
fd_redact_secrets (const char *text)
{
  g_autoptr(GArray) ranges = NULL;
  GString *out;
  gsize pos = 0;

  g_return_val_if_fail (text != NULL, NULL);

  ranges = find_secrets (text);
  out = g_string_sized_new (strlen (text));
  for (guint i = 0; i < ranges->len; i++)
    {
      const Range *r = &g_array_index (ranges, Range, i);

      if (r->start < pos)
        {
          /* Overlaps the previous range: extend what is hidden. */
          pos = MAX (pos, r->end);
          continue;
        }
      g_string_append_len (out, text + pos, r->start - pos);
      g_string_append (out, FD_REDACTED);
      pos = r->end;
    }
  g_string_append (out, text + pos);
  return g_string_free (out, FALSE);
}

gboolean
fd_redact_has_secrets (const char *text)
{
  g_autoptr(GArray) ranges = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  ranges = find_secrets (text);
  return ranges->len > 0;
}
