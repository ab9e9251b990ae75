/* fd-sim-pty.c — one pseudo-terminal pair seen from the module's side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#define _GNU_SOURCE

#include "fd-sim-pty.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* A client that never reads must not make the module's memory grow. */
#define OUT_QUEUE_MAX (1024 * 1024)
#define READ_CHUNK_MAX 4096
/* Idle time earns at most this much credit, so pacing stays an average
 * rate and never turns into a burst after a pause. It must exceed the
 * wake-up interval plus the main loop's latency (poll() sleeps in whole
 * milliseconds), or credit is lost on every wake-up and the line runs
 * slow: 20 ms is 230 bytes at 115200 baud. */
#define BURST_US 20000.0

typedef struct
{
  GSource   source;
  FdSimPty *pty;
} FdSimPtySource;

struct _FdSimPty
{
  int              master;
  int              slave;
  char            *link_path;
  char            *slave_path;
  GSource         *source;
  gpointer         fd_tag;
  GByteArray      *out;
  guint            baud;
  double           rx_next_us;    /* earliest time the next client byte may be read */
  double           tx_next_us;    /* earliest time the next module byte may be sent */
  gint64           last_write_us; /* when bytes last went into the master */
  gboolean         read_paused;
  gboolean         busy;
  gboolean         in_dispatch;
  gboolean         zombie; /* freed while dispatching: finish after the callback */
  FdSimPtyReadFunc read_func;
  gpointer         user_data;
};

static double
pty_us_per_byte (FdSimPty *self)
{
  return 10.0 * 1e6 / (double)self->baud;
}

/* How many bytes the clock allows now on one direction. */
static gsize
pty_allowance (FdSimPty *self, double *next_us, gint64 now)
{
  double per_byte;

  if (self->baud == 0)
    return G_MAXSIZE;
  per_byte = pty_us_per_byte (self);
  if (*next_us < (double)now - BURST_US)
    *next_us = (double)now - BURST_US;
  if ((double)now < *next_us)
    return 0;
  return (gsize)floor (((double)now - *next_us) / per_byte);
}

static void
pty_consume (FdSimPty *self, double *next_us, gsize n)
{
  if (self->baud != 0)
    *next_us += (double)n * pty_us_per_byte (self);
}

/* When the clock will allow a useful amount: one byte, or 2 ms worth. */
static gint64
pty_wake_time (FdSimPty *self, double next_us)
{
  double per_byte = pty_us_per_byte (self);
  double want = MAX (per_byte, 2000.0);

  return (gint64)ceil (next_us + want);
}

static void
pty_update_source (FdSimPty *self)
{
  gint64       now = g_get_monotonic_time ();
  GIOCondition events = 0;
  gint64       ready = -1;

  if (self->source == NULL)
    return;
  if (!self->read_paused)
    {
      if (pty_allowance (self, &self->rx_next_us, now) > 0)
        events |= G_IO_IN;
      else
        ready = pty_wake_time (self, self->rx_next_us);
    }
  if (self->out->len > 0)
    {
      if (pty_allowance (self, &self->tx_next_us, now) > 0)
        events |= G_IO_OUT;
      else
        {
          gint64 t = pty_wake_time (self, self->tx_next_us);
          ready = ready < 0 ? t : MIN (ready, t);
        }
    }
  g_source_modify_unix_fd (self->source, self->fd_tag, events);
  g_source_set_ready_time (self->source, ready);
}

static void
pty_flush_out (FdSimPty *self, gint64 now)
{
  gsize  allowed = pty_allowance (self, &self->tx_next_us, now);
  gsize  n = MIN (allowed, self->out->len);
  gssize written;

  if (n == 0)
    return;
  written = write (self->master, self->out->data, n);
  if (written <= 0)
    return; /* EAGAIN: the client's buffer is full; POLLOUT tells us when */
  g_byte_array_remove_range (self->out, 0, (guint)written);
  pty_consume (self, &self->tx_next_us, (gsize)written);
  self->last_write_us = now;
}

static void
pty_read_in (FdSimPty *self, gint64 now)
{
  guint8 buf[READ_CHUNK_MAX];
  gsize  allowed;
  gssize got;

  if (self->read_paused)
    return;
  allowed = MIN (pty_allowance (self, &self->rx_next_us, now), sizeof buf);
  if (allowed == 0)
    return;
  got = read (self->master, buf, allowed);
  if (got <= 0)
    return;
  pty_consume (self, &self->rx_next_us, (gsize)got);
  self->read_func (buf, (gsize)got, self->user_data);
}

static void pty_finish_free (FdSimPty *self);

static gboolean
pty_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  FdSimPty *self = ((FdSimPtySource *)source)->pty;
  gint64    now = g_get_monotonic_time ();

  self->in_dispatch = TRUE;
  pty_flush_out (self, now);
  pty_read_in (self, now);
  self->in_dispatch = FALSE;
  if (self->zombie)
    {
      pty_finish_free (self);
      return G_SOURCE_REMOVE;
    }
  /* What the callback wrote goes out in this same turn when allowed. */
  pty_flush_out (self, g_get_monotonic_time ());
  pty_update_source (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs pty_source_funcs = {
  .dispatch = pty_source_dispatch,
};

static gboolean
pty_prepare_link (const char *link_path, GError **error)
{
  GStatBuf st;

  if (g_lstat (link_path, &st) != 0)
    return TRUE;
  if (S_ISLNK (st.st_mode) && g_stat (link_path, &st) != 0 && errno == ENOENT)
    {
      g_unlink (link_path);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               "%s already exists (another simulator, or a stale file to remove)", link_path);
  return FALSE;
}

static gboolean
pty_open_pair (FdSimPty *self, GError **error)
{
  char           name[128];
  struct termios tio;

  self->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (self->master < 0 || grantpt (self->master) != 0 || unlockpt (self->master) != 0
      || ptsname_r (self->master, name, sizeof name) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create a pseudo-terminal: %s", g_strerror (saved));
      return FALSE;
    }
  g_unix_set_fd_nonblocking (self->master, TRUE, NULL);
  self->slave_path = g_strdup (name);
  self->slave = open (name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (self->slave < 0 || tcgetattr (self->slave, &tio) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot open %s: %s", name,
                   g_strerror (saved));
      return FALSE;
    }
  cfmakeraw (&tio);
  cfsetspeed (&tio, B115200);
  if (tcsetattr (self->slave, TCSANOW, &tio) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot set %s to raw mode: %s", name, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

FdSimPty *
fd_sim_pty_new (const char *link_path, GMainContext *context, FdSimPtyReadFunc read_func,
                gpointer user_data, GError **error)
{
  g_autoptr (FdSimPty) self = g_new0 (FdSimPty, 1);

  self->master = -1;
  self->slave = -1;
  self->out = g_byte_array_new ();
  self->read_func = read_func;
  self->user_data = user_data;
  if (!pty_open_pair (self, error))
    return NULL;
  if (!pty_prepare_link (link_path, error))
    return NULL;
  if (symlink (self->slave_path, link_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the link %s: %s", link_path, g_strerror (saved));
      return NULL;
    }
  self->link_path = g_strdup (link_path);

  self->source = g_source_new (&pty_source_funcs, sizeof (FdSimPtySource));
  ((FdSimPtySource *)self->source)->pty = self;
  g_source_set_static_name (self->source, "fd-sim-pty");
  self->fd_tag = g_source_add_unix_fd (self->source, self->master, G_IO_IN);
  g_source_attach (self->source, context);
  pty_update_source (self);
  return g_steal_pointer (&self);
}

static void
pty_remove_link (FdSimPty *self)
{
  g_autofree char *target = NULL;

  if (self->link_path == NULL)
    return;
  /* Only our own link: someone may have put another one there since. */
  target = g_file_read_link (self->link_path, NULL);
  if (g_strcmp0 (target, self->slave_path) == 0)
    g_unlink (self->link_path);
  g_clear_pointer (&self->link_path, g_free);
}

static void
pty_finish_free (FdSimPty *self)
{
  g_clear_pointer (&self->slave_path, g_free);
  g_byte_array_unref (self->out);
  g_free (self);
}

void
fd_sim_pty_free (FdSimPty *self)
{
  if (self == NULL)
    return;
  pty_remove_link (self);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  /* The slave first, then the master: the client sees the hang-up. */
  if (self->slave >= 0)
    close (self->slave);
  if (self->master >= 0)
    close (self->master);
  self->slave = self->master = -1;
  if (self->in_dispatch)
    {
      self->zombie = TRUE;
      return;
    }
  pty_finish_free (self);
}

const char *
fd_sim_pty_get_link_path (FdSimPty *self)
{
  return self->link_path;
}

const char *
fd_sim_pty_get_slave_path (FdSimPty *self)
{
  return self->slave_path;
}

void
fd_sim_pty_write (FdSimPty *self, const guint8 *data, gsize len)
{
  if (self->zombie || len == 0)
    return;
  if (self->out->len + len > OUT_QUEUE_MAX)
    {
      g_debug ("%s: nobody reads, %" G_GSIZE_FORMAT " bytes dropped", self->link_path, len);
      return;
    }
  g_byte_array_append (self->out, data, (guint)len);
  if (!self->in_dispatch)
    {
      pty_flush_out (self, g_get_monotonic_time ());
      pty_update_source (self);
    }
}

gsize
fd_sim_pty_get_queued (FdSimPty *self)
{
  return self->out->len;
}

/* The kernel moves what the master wrote into the slave's read buffer
 * from a work queue, a little later: until then FIONREAD says 0 although
 * the client has not seen the bytes. Wait that long after a write. */
#define FLIP_SETTLE_US (50 * 1000)

gboolean
fd_sim_pty_is_drained (FdSimPty *self)
{
  int pending = 0;

  if (self->out->len > 0 || g_get_monotonic_time () - self->last_write_us < FLIP_SETTLE_US)
    return FALSE;
  if (self->slave >= 0 && ioctl (self->slave, FIONREAD, &pending) == 0)
    return pending == 0;
  return TRUE;
}

void
fd_sim_pty_set_baud (FdSimPty *self, guint baud)
{
  double now = (double)g_get_monotonic_time ();

  self->baud = baud;
  self->rx_next_us = now;
  self->tx_next_us = now;
  pty_update_source (self);
}

void
fd_sim_pty_set_read_paused (FdSimPty *self, gboolean paused)
{
  self->read_paused = paused;
  if (!self->in_dispatch)
    pty_update_source (self);
}

gboolean
fd_sim_pty_set_busy (FdSimPty *self, gboolean busy, GError **error)
{
  if (busy == self->busy)
    return TRUE;
  if (busy)
    {
      if (flock (self->slave, LOCK_EX | LOCK_NB) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Cannot hold %s: %s (a client holds it)", self->slave_path,
                       g_strerror (saved));
          return FALSE;
        }
      ioctl (self->slave, TIOCEXCL);
    }
  else
    {
      ioctl (self->slave, TIOCNXCL);
      flock (self->slave, LOCK_UN);
    }
  self->busy = busy;
  return TRUE;
}
