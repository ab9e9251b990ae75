/* fd-serial-port.c — one open serial port, poll()-based and cancellable
 *
 * Real UARTs and USB ttys are opened and configured through libserialport;
 * ptys (the simulator, socat) and anything libserialport refuses are set up
 * with termios directly, because libserialport 0.1.1 neither opens ptys
 * nor follows symlinks. Either way the I/O is ours: non-blocking reads and
 * writes on the fd, waiting in poll() on the fd, the GCancellable's fd and
 * a wake-up eventfd that lets fd_serial_port_close() abort a blocked call
 * from another thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-serial-port.h"
#include "fd-host-fixes.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <libserialport.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* How long fd_serial_port_drain() waits for the output queue to shrink. */
#define FD_SERIAL_DRAIN_STALL_MS 5000
#define FD_SERIAL_DRAIN_POLL_MS 20
/* Upper bound on the /proc walk that names the process holding a port. */
#define FD_SERIAL_HOLDER_MAX_FDS 200000
/* poll() said readable but read() gave nothing this many times in a row */
#define FD_SERIAL_MAX_EMPTY_READS 16

struct _FdSerialPort
{
  GObject parent_instance;

  char *path;
  char *resolved_path;
  dev_t rdev;      /* while open: the device, in open_here */
  gboolean listed; /* counted in open_here */
  guint baud;

  struct sp_port *sp;      /* NULL when configured through termios */
  int             fd;      /* the fd all I/O goes through */
  int             lock_fd; /* holds the flock; == fd on the termios path */
  int             wake_fd; /* eventfd: written by close() to abort waits */

  /* close() may come from another thread: it wakes any waiter and waits
   * until no call is using the fd before closing it. */
  GMutex   mutex;
  GCond    cond;
  guint    n_users;
  gboolean closed;
};

G_DEFINE_FINAL_TYPE (FdSerialPort, fd_serial_port, G_TYPE_OBJECT)

/* The devices this process has open (dev_t → count), so that a search
 * for a module can pass over the ports its neighbours in a batch hold
 * without opening them, or walking /proc to name the holder. */
static GMutex      open_here_lock;
static GHashTable *open_here;

static void
open_here_add (FdSerialPort *self)
{
  struct stat st;

  if (fstat (self->lock_fd, &st) != 0)
    return;
  g_mutex_lock (&open_here_lock);
  if (open_here == NULL)
    open_here = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  {
    gint64  key = (gint64) st.st_rdev;
    guint   count = GPOINTER_TO_UINT (g_hash_table_lookup (open_here, &key));

    g_hash_table_insert (open_here, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (count + 1));
  }
  g_mutex_unlock (&open_here_lock);
  self->rdev = st.st_rdev;
  self->listed = TRUE;
}

static void
open_here_remove (FdSerialPort *self)
{
  gint64 key = (gint64) self->rdev;
  guint  count;

  if (!self->listed)
    return;
  self->listed = FALSE;
  g_mutex_lock (&open_here_lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (open_here, &key));
  if (count > 1)
    g_hash_table_insert (open_here, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (open_here, &key);
  g_mutex_unlock (&open_here_lock);
}

gboolean
fd_serial_port_is_open_here (const char *path)
{
  struct stat st;
  gint64      key;
  gboolean    found;

  g_return_val_if_fail (path != NULL, FALSE);
  if (stat (path, &st) != 0 || !S_ISCHR (st.st_mode))
    return FALSE;
  key = (gint64) st.st_rdev;
  g_mutex_lock (&open_here_lock);
  found = open_here != NULL && g_hash_table_contains (open_here, &key);
  g_mutex_unlock (&open_here_lock);
  return found;
}

static void
fd_serial_port_finalize (GObject *object)
{
  FdSerialPort *self = FD_SERIAL_PORT (object);

  fd_serial_port_close (self);
  if (self->wake_fd >= 0)
    close (self->wake_fd);
  g_free (self->path);
  g_free (self->resolved_path);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (fd_serial_port_parent_class)->finalize (object);
}

static void
fd_serial_port_class_init (FdSerialPortClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_serial_port_finalize;
}

static void
fd_serial_port_init (FdSerialPort *self)
{
  self->fd = -1;
  self->lock_fd = -1;
  self->wake_fd = -1;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/* ---- open: errors ------------------------------------------------------ */

static gboolean
is_gone_errno (int errsv)
{
  return errsv == EIO || errsv == ENXIO || errsv == ENODEV || errsv == EPIPE;
}

/* Walks /proc for a process with @rdev open. Only finds processes whose fd
 * table we may read (our own user's, or all of them as root), so it is a
 * hint, not a promise. */
static char *
find_holder (dev_t rdev)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint budget = FD_SERIAL_HOLDER_MAX_FDS;

  if (proc == NULL)
    return NULL;
  while ((name = g_dir_read_name (proc)) != NULL && budget > 0)
    {
      g_autofree char *fd_dir_path = NULL;
      g_autoptr(GDir) fd_dir = NULL;
      const char *fd_name;
      guint64 pid;

      if (!g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT, &pid, NULL))
        continue;
      fd_dir_path = g_build_filename ("/proc", name, "fd", NULL);
      fd_dir = g_dir_open (fd_dir_path, 0, NULL);
      if (fd_dir == NULL)
        continue;
      while ((fd_name = g_dir_read_name (fd_dir)) != NULL && budget-- > 0)
        {
          g_autofree char *link = g_build_filename (fd_dir_path, fd_name, NULL);
          g_autofree char *comm_path = NULL;
          g_autofree char *comm = NULL;
          struct stat st;

          if (stat (link, &st) != 0 || !S_ISCHR (st.st_mode) || st.st_rdev != rdev)
            continue;
          if ((pid_t) pid == getpid ())
            /* Translators: the holder of a busy port, quoted in the busy
             * message; pid is the process id */
            return g_strdup_printf (_("this program, pid %u"), (guint) pid);
          comm_path = g_build_filename ("/proc", name, "comm", NULL);
          if (g_file_get_contents (comm_path, &comm, NULL, NULL))
            /* Translators: the holder of a busy port: its program name
             * (such as ModemManager), then its process id */
            return g_strdup_printf (_("%s, pid %u"), g_strstrip (comm), (guint) pid);
          /* Translators: the holder of a busy port, by its process id */
          return g_strdup_printf (_("pid %u"), (guint) pid);
        }
    }
  return NULL;
}

static void
set_busy_error (GError **error, const char *path, int fd)
{
  g_autofree char *holder = NULL;
  struct stat st;

  if (fd >= 0 && fstat (fd, &st) == 0)
    holder = find_holder (st.st_rdev);
  else if (stat (path, &st) == 0)
    holder = find_holder (st.st_rdev);

  if (holder != NULL)
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY,
                 /* Translators: a port such as /dev/ttyUSB2, then the program
                  * that holds it, such as "ModemManager, pid 812" */
                 _("%s is in use by another program (%s). This is usually ModemManager or "
                   "brltty: install FotaDesk's udev rule (60-fotadesk.rules) so ModemManager "
                   "leaves the port alone, remove brltty if you do not need it, or close the "
                   "other FotaDesk or terminal program that has the port open."),
                 path, holder);
  else
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY,
                 /* Translators: a port such as /dev/ttyUSB2 */
                 _("%s is in use by another program. This is usually ModemManager or "
                   "brltty: install FotaDesk's udev rule (60-fotadesk.rules) so ModemManager "
                   "leaves the port alone, remove brltty if you do not need it, or close the "
                   "other FotaDesk or terminal program that has the port open."),
                 path);
  fd_host_add_flatpak_note (error);
}

static void
set_open_error (GError **error, const char *path, int errsv)
{
  switch (errsv)
    {
    case EBUSY:
      set_busy_error (error, path, -1);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_PERMISSION_DENIED,
                   _("No permission to open %s. Add yourself to the dialout group "
                     "(sudo usermod -aG dialout $USER), then log out and back in."),
                   path);
      fd_host_add_flatpak_note (error);
      break;
    case ENOENT:
    case ENOTDIR:
    case ENODEV:
    case ENXIO:
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND,
                   _("There is no serial port %s (unplugged, or it came back under "
                     "another name)."),
                   path);
      break;
    default:
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO, _("Could not open %s: %s"), path,
                   g_strerror (errsv));
      break;
    }
}

static speed_t
baud_to_speed (guint baud)
{
  static const struct
  {
    guint baud;
    speed_t speed;
  } table[] = {
    { 1200, B1200 },     { 2400, B2400 },     { 4800, B4800 },     { 9600, B9600 },
    { 19200, B19200 },   { 38400, B38400 },   { 57600, B57600 },   { 115200, B115200 },
    { 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].baud == baud)
      return table[i].speed;
  return B0;
}

/* ---- open: the two ways in --------------------------------------------- */

/* Opens @path (resolved from @link) and takes the flock. The fd keeps the lock for the life of
 * the port, even when libserialport opens its own fd for the I/O. */
static int
open_and_lock (const char *path, const char *link, GError **error)
{
  int fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  struct stat by_link, opened;

  if (fd < 0)
    {
      set_open_error (error, path, errno);
      return -1;
    }
  /* @path was resolved from @link a moment ago. A link that now names
   * another device (a virtual port re-created when its module restarted,
   * its old pty number handed to someone else's port) is this module
   * gone: locking that other port would make it look busy to its owner. */
  if (g_strcmp0 (link, path) != 0
      && (stat (link, &by_link) != 0 || fstat (fd, &opened) != 0
          || by_link.st_rdev != opened.st_rdev))
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE,
                   _("%s went away while it was being opened."), link);
      close (fd);
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv == EWOULDBLOCK)
        set_busy_error (error, path, fd);
      else
        set_open_error (error, path, errsv);
      close (fd);
      return -1;
    }
  if (!isatty (fd))
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO, _("%s is not a serial port."),
                   path);
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
configure_termios (int fd, const char *path, speed_t speed, GError **error)
{
  struct termios tio;
  int bits = TIOCM_DTR | TIOCM_RTS;

  if (tcgetattr (fd, &tio) != 0)
    {
      set_open_error (error, path, errno);
      return FALSE;
    }
  cfmakeraw (&tio);
  tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
  tio.c_cflag |= CLOCAL | CREAD | CS8;
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  cfsetispeed (&tio, speed);
  cfsetospeed (&tio, speed);
  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    {
      set_open_error (error, path, errno);
      return FALSE;
    }
  /* ptys have no modem lines: best effort only */
  (void) ioctl (fd, TIOCMBIS, &bits);
  return TRUE;
}

static gboolean
configure_sp (struct sp_port *sp, guint baud)
{
  struct sp_port_config *config = NULL;
  gboolean ok;

  if (sp_new_config (&config) != SP_OK)
    return FALSE;
  ok = sp_set_config_baudrate (config, (int) baud) == SP_OK &&
       sp_set_config_bits (config, 8) == SP_OK &&
       sp_set_config_parity (config, SP_PARITY_NONE) == SP_OK &&
       sp_set_config_stopbits (config, 1) == SP_OK &&
       sp_set_config_flowcontrol (config, SP_FLOWCONTROL_NONE) == SP_OK &&
       sp_set_config_dtr (config, SP_DTR_ON) == SP_OK &&
       sp_set_config_rts (config, SP_RTS_ON) == SP_OK &&
       sp_set_config (sp, config) == SP_OK;
  sp_free_config (config);
  return ok;
}

/* Tries libserialport. Returns TRUE with self->sp and self->fd set, TRUE
 * with self->sp NULL when libserialport does not handle this port (the
 * caller falls back to termios), FALSE with @error for a definite error. */
static gboolean
try_libserialport (FdSerialPort *self, GError **error)
{
  struct sp_port *sp = NULL;
  int fd = -1;
  int errsv;

  /* libserialport 0.1.1 fails on ptys with an argument error anyway;
   * skipping them saves its sysfs lookups. */
  if (g_str_has_prefix (self->resolved_path, "/dev/pts/"))
    return TRUE;
  if (sp_get_port_by_name (self->resolved_path, &sp) != SP_OK)
    return TRUE;
  if (sp_open (sp, SP_MODE_READ_WRITE) != SP_OK)
    {
      errsv = sp_last_error_code ();
      sp_free_port (sp);
      if (errsv == EBUSY || errsv == EACCES || errsv == EPERM || errsv == ENOENT)
        {
          set_open_error (error, self->resolved_path, errsv);
          return FALSE;
        }
      g_debug ("libserialport cannot open %s (%s), using termios", self->resolved_path,
               g_strerror (errsv));
      return TRUE;
    }
  if (!configure_sp (sp, self->baud) || sp_get_port_handle (sp, &fd) != SP_OK || fd < 0)
    {
      g_debug ("libserialport cannot configure %s, using termios", self->resolved_path);
      sp_close (sp);
      sp_free_port (sp);
      return TRUE;
    }
  /* libserialport 0.1.1 sets neither close-on-exec nor, in every version,
   * O_NONBLOCK; our poll() loop needs the latter. */
  (void) fcntl (fd, F_SETFD, FD_CLOEXEC);
  (void) fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
  self->sp = sp;
  self->fd = fd;
  return TRUE;
}

FdSerialPort *
fd_serial_port_open (const char *path, guint baud, GError **error)
{
  g_autoptr(FdSerialPort) self = NULL;
  speed_t speed;
  char *resolved;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (baud == 0)
    baud = FD_SERIAL_PORT_DEFAULT_BAUD;
  speed = baud_to_speed (baud);
  if (speed == B0)
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO,
                   _("Unsupported baud rate %u for %s."), baud, path);
      return NULL;
    }
  resolved = realpath (path, NULL);
  if (resolved == NULL)
    {
      set_open_error (error, path, errno);
      return NULL;
    }

  self = g_object_new (FD_TYPE_SERIAL_PORT, NULL);
  self->path = g_strdup (path);
  self->resolved_path = g_strdup (resolved);
  self->baud = baud;
  free (resolved);

  self->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (self->wake_fd < 0)
    {
      set_open_error (error, path, errno);
      return NULL;
    }
  self->lock_fd = open_and_lock (self->resolved_path, self->path, error);
  if (self->lock_fd < 0)
    return NULL;
  if (!try_libserialport (self, error))
    return NULL;
  if (self->sp == NULL)
    {
      self->fd = self->lock_fd;
      if (!configure_termios (self->fd, self->resolved_path, speed, error))
        return NULL;
    }
  /* Exclusive from here on: other openers get EBUSY (root excepted, which
   * the flock above covers for cooperating programs). */
  (void) ioctl (self->fd, TIOCEXCL);
  /* Whatever the module said before we came is not an answer to us. */
  (void) tcflush (self->fd, TCIFLUSH);
  open_here_add (self);
  return g_steal_pointer (&self);
}

const char *
fd_serial_port_get_path (FdSerialPort *self)
{
  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), NULL);
  return self->path;
}

const char *
fd_serial_port_get_resolved_path (FdSerialPort *self)
{
  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), NULL);
  return self->resolved_path;
}

guint
fd_serial_port_get_baud (FdSerialPort *self)
{
  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), 0);
  return self->baud;
}

int
fd_serial_port_get_fd (FdSerialPort *self)
{
  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), -1);
  return self->fd;
}

/* ---- I/O ----------------------------------------------------------------- */

static void
set_gone_error (FdSerialPort *self, GError **error)
{
  g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE,
               _("%s went away: the module was unplugged or rebooted."), self->path);
}

static void
set_io_error (FdSerialPort *self, int errsv, GError **error)
{
  if (is_gone_errno (errsv))
    set_gone_error (self, error);
  else
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO, _("I/O error on %s: %s"), self->path,
                 g_strerror (errsv));
}

static gboolean
io_begin (FdSerialPort *self, GError **error)
{
  gboolean closed;

  g_mutex_lock (&self->mutex);
  closed = self->closed;
  if (!closed)
    self->n_users++;
  g_mutex_unlock (&self->mutex);
  if (closed)
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE, _("%s was closed."), self->path);
  return !closed;
}

static void
io_end (FdSerialPort *self)
{
  g_mutex_lock (&self->mutex);
  if (--self->n_users == 0)
    g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Waits until @events are ready on the port, @deadline (monotonic µs)
 * passes, @cancellable fires or the port is closed. Returns the port's
 * revents (> 0), or 0 with @error set. */
static short
wait_port (FdSerialPort *self,
           short         events,
           gint64        deadline,
           GCancellable *cancellable,
           GError      **error)
{
  struct pollfd fds[3] = {
    { .fd = self->fd, .events = events },
    { .fd = self->wake_fd, .events = POLLIN },
    { .fd = -1, .events = POLLIN },
  };
  nfds_t nfds = 2;
  short result = 0;
  GPollFD cancel_fd;

  if (g_cancellable_make_pollfd (cancellable, &cancel_fd))
    {
      fds[2].fd = cancel_fd.fd;
      nfds = 3;
    }

  for (;;)
    {
      gint64 remaining_us = deadline - g_get_monotonic_time ();
      int timeout_ms;
      int n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      /* round up so that a sub-millisecond rest does not spin; a spent
       * deadline still polls once, so 0 means "what is there now" */
      timeout_ms = remaining_us <= 0 ? 0 : (int) MIN ((remaining_us + 999) / 1000, G_MAXINT);
      n = poll (fds, nfds, timeout_ms);
      if (n < 0 && errno == EINTR)
        continue; /* the deadline is recomputed above */
      if (n < 0)
        {
          set_io_error (self, errno, error);
          break;
        }
      if (n == 0 && timeout_ms == 0)
        {
          if (events & POLLOUT)
            g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                         _("%s stopped taking data (time limit reached)."), self->path);
          else
            g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                         _("Nothing arrived on %s within the time limit."), self->path);
          break;
        }
      if (fds[1].revents != 0)
        {
          g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE, _("%s was closed."),
                       self->path);
          break;
        }
      if (nfds == 3 && fds[2].revents != 0)
        continue; /* reported by set_error_if_cancelled above */
      if (fds[0].revents & POLLNVAL)
        {
          set_io_error (self, EBADF, error);
          break;
        }
      if (fds[0].revents != 0)
        {
          result = fds[0].revents;
          break;
        }
    }
  if (nfds == 3)
    g_cancellable_release_fd (cancellable);
  return result;
}

/* Poll first, then read: with VMIN = VTIME = 0 a tty read returns 0 both
 * when nothing is there and when the line hung up, so only poll() can tell
 * them apart (POLLHUP). */
static gssize
read_locked (FdSerialPort *self,
             guint8       *buf,
             gsize         len,
             guint         timeout_ms,
             GCancellable *cancellable,
             GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint empty_reads = 0;

  for (;;)
    {
      short revents = wait_port (self, POLLIN, deadline, cancellable, error);
      gboolean hung_up = (revents & (POLLHUP | POLLERR)) != 0;
      gssize n;

      if (revents == 0)
        return -1;
      /* read even on POLLHUP: bytes sent just before the hangup count */
      n = read (self->fd, buf, len);
      if (n > 0)
        return n;
      if (n < 0 && errno != EINTR && errno != EAGAIN)
        {
          set_io_error (self, errno, error);
          return -1;
        }
      /* nothing to read although poll() woke us: hung up, or (never seen,
       * but bounded so it cannot spin) a driver that keeps saying POLLIN */
      if (hung_up || ++empty_reads > FD_SERIAL_MAX_EMPTY_READS)
        {
          set_gone_error (self, error);
          return -1;
        }
    }
}

gssize
fd_serial_port_read (FdSerialPort *self,
                     guint8       *buf,
                     gsize         len,
                     guint         timeout_ms,
                     GCancellable *cancellable,
                     GError      **error)
{
  gssize n;

  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), -1);
  g_return_val_if_fail (buf != NULL && len > 0, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (!io_begin (self, error))
    return -1;
  n = read_locked (self, buf, len, timeout_ms, cancellable, error);
  io_end (self);
  return n;
}

static gboolean
write_locked (FdSerialPort *self,
              const guint8 *data,
              gsize         len,
              guint         timeout_ms,
              GCancellable *cancellable,
              GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize done = 0;

  while (done < len)
    {
      gssize n;
      short revents;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = write (self->fd, data + done, len - done);
      if (n > 0)
        {
          done += (gsize) n;
          deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno != EAGAIN)
        {
          set_io_error (self, errno, error);
          return FALSE;
        }
      revents = wait_port (self, POLLOUT, deadline, cancellable, error);
      if (revents == 0)
        return FALSE;
      if ((revents & POLLOUT) == 0)
        {
          set_gone_error (self, error); /* POLLHUP or POLLERR */
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
fd_serial_port_write_all (FdSerialPort *self,
                          const guint8 *data,
                          gsize         len,
                          guint         timeout_ms,
                          GCancellable *cancellable,
                          GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!io_begin (self, error))
    return FALSE;
  ok = write_locked (self, data, len, timeout_ms, cancellable, error);
  io_end (self);
  return ok;
}

/* tcdrain() can block for ever on a stuck line and cannot be cancelled, so
 * watch the output queue instead and give up when it stops shrinking. */
static gboolean
drain_locked (FdSerialPort *self, GError **error)
{
  gint64 stall_deadline = g_get_monotonic_time () + FD_SERIAL_DRAIN_STALL_MS * 1000;
  int last = G_MAXINT;

  for (;;)
    {
      struct pollfd wake = { .fd = self->wake_fd, .events = POLLIN };
      int queued = 0;

      if (ioctl (self->fd, TIOCOUTQ, &queued) != 0)
        {
          set_io_error (self, errno, error);
          return FALSE;
        }
      if (queued <= 0)
        return TRUE;
      if (queued < last)
        {
          last = queued;
          stall_deadline = g_get_monotonic_time () + FD_SERIAL_DRAIN_STALL_MS * 1000;
        }
      else if (g_get_monotonic_time () > stall_deadline)
        {
          g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                       _("%s: output is not draining."), self->path);
          return FALSE;
        }
      if (poll (&wake, 1, FD_SERIAL_DRAIN_POLL_MS) > 0)
        {
          g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE, _("%s was closed."),
                       self->path);
          return FALSE;
        }
    }
}

gboolean
fd_serial_port_drain (FdSerialPort *self, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (FD_IS_SERIAL_PORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!io_begin (self, error))
    return FALSE;
  ok = drain_locked (self, error);
  io_end (self);
  return ok;
}

void
fd_serial_port_close (FdSerialPort *self)
{
  guint64 one = 1;

  g_return_if_fail (FD_IS_SERIAL_PORT (self));

  g_mutex_lock (&self->mutex);
  if (self->closed)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->closed = TRUE;
  /* wake a read or write blocked in another thread, then wait for it to
   * leave before the fd number can be reused */
  if (self->wake_fd >= 0 && write (self->wake_fd, &one, sizeof one) < 0)
    g_debug ("cannot wake waiters on %s: %s", self->path, g_strerror (errno));
  while (self->n_users > 0)
    g_cond_wait (&self->cond, &self->mutex);

  if (self->fd >= 0)
    (void) ioctl (self->fd, TIOCNXCL);
  if (self->sp != NULL)
    {
      sp_close (self->sp);
      sp_free_port (self->sp);
      self->sp = NULL;
    }
  else if (self->fd >= 0 && self->fd != self->lock_fd)
    close (self->fd);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  self->fd = -1;
  self->lock_fd = -1;
  open_here_remove (self);
  g_mutex_unlock (&self->mutex);
}

FdSerialPort *
fd_serial_port_open_patiently (const char   *path,
                               guint         baud,
                               guint         patience_ms,
                               GCancellable *cancellable,
                               GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) patience_ms * 1000;

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      FdSerialPort *port = fd_serial_port_open (path, baud, &local);

      if (port != NULL)
        return port;
      if (!g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY) ||
          g_get_monotonic_time () >= deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_usleep (100 * 1000);
    }
}
