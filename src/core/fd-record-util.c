/* fd-record-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-record-util.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Length of the longest secret that matches @data at its start, or 0. */
static gsize
longest_match (const guint8 *data, gsize len, const char *const *secrets)
{
  gsize best = 0;

  for (gsize i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      gsize slen = strlen (secrets[i]);
      if (slen > best && slen <= len && memcmp (data, secrets[i], slen) == 0)
        best = slen;
    }
  return best;
}

/* TRUE if all of @data is the beginning of a secret longer than @data:
 * more bytes could complete it. */
static gboolean
could_start_secret (const guint8 *data, gsize len, const char *const *secrets)
{
  for (gsize i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      if (strlen (secrets[i]) > len && memcmp (data, secrets[i], len) == 0)
        return TRUE;
    }
  return FALSE;
}

gsize
fd_redact_scan (const guint8      *data,
                gsize              len,
                const char *const *secrets,
                gboolean           at_end,
                GByteArray        *out)
{
  gsize pos = 0;

  while (pos < len)
    {
      gsize match;

      /* A longer secret still being received wins over a shorter one
       * that is already complete, so wait for it first. */
      if (!at_end && could_start_secret (data + pos, len - pos, secrets))
        break;
      match = longest_match (data + pos, len - pos, secrets);
      if (match > 0)
        {
          g_byte_array_append (out, (const guint8 *) FD_REDACTED, strlen (FD_REDACTED));
          pos += match;
          continue;
        }
      g_byte_array_append (out, data + pos, 1);
      pos++;
    }
  return pos;
}

char *
fd_redact_string (const char *text, const char *const *secrets)
{
  GByteArray *out;

  if (text == NULL)
    return NULL;
  out = g_byte_array_new ();
  fd_redact_scan ((const guint8 *) text, strlen (text), secrets, TRUE, out);
  g_byte_array_append (out, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (out, FALSE);
}

char *
fd_format_iso8601_ms (GDateTime *time)
{
  g_autofree char *base = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (time, "%:z");

  return g_strdup_printf ("%s.%03d%s", base, g_date_time_get_microsecond (time) / 1000, zone);
}

char *
fd_now_iso8601_ms (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return fd_format_iso8601_ms (now);
}

gboolean
fd_write_all (int fd, const void *buf, gsize len, GError **error)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      gssize n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                               g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
fd_ensure_private_dir (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s. Check its permissions."),
                   dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
fd_sync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  (void) fsync (fd);
  close (fd);
}
