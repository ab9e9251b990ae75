/* fd-test-port.c — a minimal serial client for tests, by path, like a tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-test-port.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <poll.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <unistd.h>

struct _FdTestPort
{
  int         fd;
  char       *path;
  GByteArray *buf;
  gboolean    gone;
};

FdTestPort *
fd_test_port_open (const char *path, GError **error)
{
  struct termios tio;
  FdTestPort    *self;
  int            fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "open %s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "%s is locked by another process: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  if (tcgetattr (fd, &tio) == 0)
    {
      cfmakeraw (&tio);
      cfsetspeed (&tio, B115200);
      tcsetattr (fd, TCSANOW, &tio);
    }
  self = g_new0 (FdTestPort, 1);
  self->fd = fd;
  self->path = g_strdup (path);
  self->buf = g_byte_array_new ();
  return self;
}

FdTestPort *
fd_test_port_open_wait (const char *path, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      FdTestPort *port = fd_test_port_open (path, &error);

      if (port != NULL)
        return port;
      if (g_get_monotonic_time () > deadline)
        g_error ("%s did not open within %u ms: %s", path, timeout_ms, error->message);
      g_usleep (10 * 1000);
    }
}

void
fd_test_port_close (FdTestPort *self)
{
  if (self == NULL)
    return;
  close (self->fd);
  g_free (self->path);
  g_byte_array_unref (self->buf);
  g_free (self);
}

gboolean
fd_test_port_try_write (FdTestPort *self, const void *data, gsize len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      struct pollfd pfd = { self->fd, POLLOUT, 0 };
      gssize        n;

      g_assert_cmpint (poll (&pfd, 1, 10000), ==, 1);
      if (pfd.revents & (POLLHUP | POLLERR))
        {
          self->gone = TRUE;
          return FALSE;
        }
      n = write (self->fd, p, len);
      if (n < 0 && errno == EAGAIN)
        continue;
      if (n < 0 && errno == EIO)
        {
          self->gone = TRUE;
          return FALSE;
        }
      g_assert_cmpint (n, >, 0);
      p += n;
      len -= (gsize)n;
    }
  return TRUE;
}

void
fd_test_port_write (FdTestPort *self, const void *data, gsize len)
{
  g_assert_true (fd_test_port_try_write (self, data, len));
}

void
fd_test_port_send (FdTestPort *self, const char *command)
{
  fd_test_port_write (self, command, strlen (command));
  fd_test_port_write (self, "\r", 1);
}

/* Reads what is there, waiting up to @timeout_ms for the first byte.
 * FALSE on timeout or hang-up. */
static gboolean
fill (FdTestPort *self, gint64 deadline)
{
  guint8 chunk[4096];

  for (;;)
    {
      struct pollfd pfd = { self->fd, POLLIN, 0 };
      gint64        left = (deadline - g_get_monotonic_time ()) / 1000;
      gssize        n;

      if (self->gone)
        return FALSE;
      if (poll (&pfd, 1, (int)MAX (left, 0)) <= 0)
        return FALSE;
      n = read (self->fd, chunk, sizeof chunk);
      if (n > 0)
        {
          g_byte_array_append (self->buf, chunk, (guint)n);
          return TRUE;
        }
      if (n < 0 && errno == EAGAIN)
        continue;
      /* EIO or end of file: the other side hung up. */
      self->gone = TRUE;
      return FALSE;
    }
}

/* Takes one complete line out of the buffer, skipping empty ones. */
static char *
take_line (FdTestPort *self)
{
  for (;;)
    {
      guint8 *end = NULL;
      guint   i;
      char   *line;

      for (i = 0; i < self->buf->len; i++)
        if (self->buf->data[i] == '\r' || self->buf->data[i] == '\n')
          {
            end = self->buf->data + i;
            break;
          }
      if (end == NULL)
        return NULL;
      /* NUL bytes are dropped, as the core's line splitter does. */
      line = g_malloc (i + 1);
      {
        guint n = 0;
        for (guint k = 0; k < i; k++)
          if (self->buf->data[k] != '\0')
            line[n++] = (char)self->buf->data[k];
        line[n] = '\0';
      }
      g_byte_array_remove_range (self->buf, 0, i + 1);
      /* Blank lines, and the space of a "> " prompt that came late. */
      if (line[strspn (line, " \t")] != '\0')
        return line;
      g_free (line);
    }
}

char *
fd_test_port_read_line (FdTestPort *self, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      char *line = take_line (self);

      if (line != NULL)
        return line;
      if (!fill (self, deadline))
        return NULL;
    }
}

GBytes *
fd_test_port_read_raw (FdTestPort *self, guint timeout_ms)
{
  gint64  deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  GBytes *bytes;

  while (fill (self, deadline))
    ;
  bytes = g_bytes_new (self->buf->data, self->buf->len);
  g_byte_array_set_size (self->buf, 0);
  return bytes;
}

gboolean
fd_test_port_is_gone (FdTestPort *self)
{
  return self->gone;
}

gboolean
fd_test_port_wait_gone (FdTestPort *self, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (!self->gone && g_get_monotonic_time () < deadline)
    {
      fill (self, MIN (deadline, g_get_monotonic_time () + 50000));
      g_byte_array_set_size (self->buf, 0);
    }
  return self->gone;
}

gboolean
fd_test_port_wait_prompt (FdTestPort *self, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      guint i = 0;

      while (i < self->buf->len && strchr ("\r\n ", self->buf->data[i]) != NULL)
        i++;
      if (i < self->buf->len && self->buf->data[i] == '>')
        {
          g_byte_array_remove_range (self->buf, 0, i + 1);
          /* An optional space after it. */
          if (self->buf->len > 0 && self->buf->data[0] == ' ')
            g_byte_array_remove_range (self->buf, 0, 1);
          return TRUE;
        }
      if (!fill (self, deadline))
        return FALSE;
    }
}

void
fd_test_port_flush (FdTestPort *self)
{
  tcflush (self->fd, TCIFLUSH);
  g_byte_array_set_size (self->buf, 0);
}

void
fd_test_port_drain (FdTestPort *self, guint quiet_ms)
{
  g_bytes_unref (fd_test_port_read_raw (self, quiet_ms));
}

static gboolean
is_final (const char *line)
{
  return strcmp (line, "OK") == 0 || strcmp (line, "ERROR") == 0
         || g_str_has_prefix (line, "+CME ERROR:") || g_str_has_prefix (line, "+CMS ERROR:");
}

GPtrArray *
fd_test_port_command (FdTestPort *self, const char *command, guint timeout_ms)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  fd_test_port_send (self, command);
  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char  *line = fd_test_port_read_line (self, (guint)MAX (left, 0));

      if (line == NULL)
        return NULL;
      if (strcmp (line, command) == 0)
        {
          g_free (line);
          continue;
        }
      g_ptr_array_add (lines, line);
      if (is_final (line))
        return g_steal_pointer (&lines);
    }
}

void
fd_test_port_expect (FdTestPort *self, const char *const *expected, guint timeout_ms)
{
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *line = fd_test_port_read_line (self, timeout_ms);

      if (line == NULL)
        g_error ("%s: expected “%s”, got nothing within %u ms%s", self->path, expected[i],
                 timeout_ms, self->gone ? " (port gone)" : "");
      g_assert_cmpstr (line, ==, expected[i]);
    }
}

GPtrArray *
fd_test_port_wait_line (FdTestPort *self, const char *line, guint timeout_ms)
{
  g_autoptr (GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char  *got = fd_test_port_read_line (self, (guint)MAX (left, 0));

      if (got == NULL)
        return NULL;
      if (strcmp (got, line) == 0)
        {
          g_free (got);
          return g_steal_pointer (&skipped);
        }
      g_ptr_array_add (skipped, got);
    }
}

void
fd_test_port_echo_off (FdTestPort *self)
{
  g_autoptr (GPtrArray) lines = fd_test_port_command (self, "ATE0", 5000);

  g_assert_nonnull (lines);
  g_assert_cmpstr (g_ptr_array_index (lines, lines->len - 1), ==, "OK");
}
