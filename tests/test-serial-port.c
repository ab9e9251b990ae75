/* test-serial-port.c — FdSerialPort over real pseudo-terminals
 *
 * The test plays the module on the pty master; the port under test opens
 * the slave by its path, exactly as it opens /dev/ttyUSB2. Opens that must
 * fail for an ordinary user (busy, permission) run in a child process that
 * re-executes this binary as nobody through setpriv when we are root,
 * because root bypasses both TIOCEXCL and file modes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* posix_openpt, ptsname */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "fd-serial-port.h"

/* Generous: the machine is shared and noisy. Liveness, not speed. */
#define LIVENESS_BOUND_US (5 * G_USEC_PER_SEC)

typedef struct
{
  int   master;
  char *slave_path;
} Pty;

static Pty *
pty_new (void)
{
  Pty *pty = g_new0 (Pty, 1);

  pty->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (pty->master, >=, 0);
  g_assert_cmpint (grantpt (pty->master), ==, 0);
  g_assert_cmpint (unlockpt (pty->master), ==, 0);
  pty->slave_path = g_strdup (ptsname (pty->master));
  g_assert_nonnull (pty->slave_path);
  return pty;
}

static void
pty_close_master (Pty *pty)
{
  if (pty->master >= 0)
    close (pty->master);
  pty->master = -1;
}

static void
pty_free (Pty *pty)
{
  pty_close_master (pty);
  g_free (pty->slave_path);
  g_free (pty);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pty, pty_free)

static void
master_write (Pty *pty, const char *text)
{
  gsize len = strlen (text);

  g_assert_cmpint (write (pty->master, text, len), ==, (gssize) len);
}

/* Reads exactly @len bytes from the master, failing the test after a
 * generous bound. */
static GByteArray *
master_read_exact (Pty *pty, gsize len)
{
  GByteArray *got = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (got->len < len)
    {
      struct pollfd pfd = { .fd = pty->master, .events = POLLIN };
      guint8 buf[4096];
      gssize n;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (pty->master, buf, MIN (sizeof buf, len - got->len));
      g_assert_cmpint (n, >, 0);
      g_byte_array_append (got, buf, (guint) n);
    }
  return got;
}

/* Reads from the port until @len bytes arrived. */
static GByteArray *
port_read_exact (FdSerialPort *port, gsize len)
{
  GByteArray *got = g_byte_array_new ();

  while (got->len < len)
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[256];
      gssize n = fd_serial_port_read (port, buf, sizeof buf, 5000, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_byte_array_append (got, buf, (guint) n);
    }
  return got;
}

static FdSerialPort *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  FdSerialPort *port = fd_serial_port_open (path, 0, &error);

  g_assert_no_error (error);
  g_assert_true (FD_IS_SERIAL_PORT (port));
  return port;
}

/* ---- open ---------------------------------------------------------------- */

static void
test_open_pty (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  struct termios tio;

  g_assert_cmpstr (fd_serial_port_get_path (port), ==, pty->slave_path);
  g_assert_cmpstr (fd_serial_port_get_resolved_path (port), ==, pty->slave_path);
  g_assert_cmpuint (fd_serial_port_get_baud (port), ==, FD_SERIAL_PORT_DEFAULT_BAUD);
  g_assert_cmpint (fd_serial_port_get_fd (port), >=, 0);

  /* raw 8N1, no echo, no line discipline, non-blocking reads */
  g_assert_cmpint (tcgetattr (fd_serial_port_get_fd (port), &tio), ==, 0);
  g_assert_cmpuint (tio.c_lflag & (ICANON | ECHO | ISIG), ==, 0);
  g_assert_cmpuint (tio.c_iflag & (ICRNL | IXON), ==, 0);
  g_assert_cmpuint (tio.c_oflag & OPOST, ==, 0);
  g_assert_cmpuint (tio.c_cflag & CSIZE, ==, CS8);
  g_assert_cmpuint (tio.c_cflag & (CLOCAL | CREAD), ==, CLOCAL | CREAD);
  g_assert_cmpuint (tio.c_cflag & (PARENB | CSTOPB | CRTSCTS), ==, 0);
  g_assert_cmpint (tio.c_cc[VMIN], ==, 0);
  g_assert_cmpint (tio.c_cc[VTIME], ==, 0);
  g_assert_cmpuint (cfgetospeed (&tio), ==, B115200);
  g_assert_cmpint (fcntl (fd_serial_port_get_fd (port), F_GETFD) & FD_CLOEXEC, !=, 0);
}

static void
test_open_baud (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSerialPort) port = fd_serial_port_open (pty->slave_path, 9600, &error);
  g_autoptr(FdSerialPort) bad = NULL;
  struct termios tio;

  g_assert_no_error (error);
  g_assert_cmpuint (fd_serial_port_get_baud (port), ==, 9600);
  g_assert_cmpint (tcgetattr (fd_serial_port_get_fd (port), &tio), ==, 0);
  g_assert_cmpuint (cfgetospeed (&tio), ==, B9600);
  g_clear_object (&port);

  bad = fd_serial_port_open (pty->slave_path, 12345, &error);
  g_assert_null (bad);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "12345"));
}

static void
test_open_symlink (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-serial-XXXXXX", &error);
  g_autofree char *link1 = NULL;
  g_autofree char *link2 = NULL;
  g_autoptr(FdSerialPort) port = NULL;
  g_autoptr(GByteArray) got = NULL;

  g_assert_no_error (error);
  /* a by-id style link to a link, like socat's "link=" next to udev's */
  link1 = g_build_filename (dir, "usb-Quectel_Modem-if00", NULL);
  link2 = g_build_filename (dir, "modem", NULL);
  g_assert_cmpint (symlink (pty->slave_path, link1), ==, 0);
  g_assert_cmpint (symlink (link1, link2), ==, 0);

  port = open_ok (link2);
  g_assert_cmpstr (fd_serial_port_get_path (port), ==, link2);
  g_assert_cmpstr (fd_serial_port_get_resolved_path (port), ==, pty->slave_path);

  master_write (pty, "RDY\r\n");
  got = port_read_exact (port, 5);
  g_assert_cmpmem (got->data, got->len, "RDY\r\n", 5);

  g_clear_object (&port);
  g_assert_cmpint (unlink (link2), ==, 0);
  g_assert_cmpint (unlink (link1), ==, 0);
  g_assert_cmpint (rmdir (dir), ==, 0);
}

static void
test_open_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-serial-XXXXXX", &error);
  g_autofree char *dangling = NULL;
  g_autoptr(FdSerialPort) port = NULL;

  g_assert_no_error (error);
  port = fd_serial_port_open ("/dev/ttyUSB-fotadesk-does-not-exist", 0, &error);
  g_assert_null (port);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/dev/ttyUSB-fotadesk-does-not-exist"));
  g_clear_error (&error);

  /* a by-id link left behind by a module that rebooted under a new name */
  dangling = g_build_filename (dir, "gone", NULL);
  g_assert_cmpint (symlink ("/dev/ttyUSB-fotadesk-does-not-exist", dangling), ==, 0);
  port = fd_serial_port_open (dangling, 0, &error);
  g_assert_null (port);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND);

  g_assert_cmpint (unlink (dangling), ==, 0);
  g_assert_cmpint (rmdir (dir), ==, 0);
}

static void
test_open_not_a_tty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autoptr(FdSerialPort) port = NULL;
  int fd = g_file_open_tmp ("fd-serial-XXXXXX", &file, &error);

  g_assert_no_error (error);
  close (fd);
  port = fd_serial_port_open (file, 0, &error);
  g_assert_null (port);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a serial port"));
  g_assert_cmpint (unlink (file), ==, 0);
}

static void
test_open_discards_stale_input (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = NULL;
  g_autoptr(GByteArray) got = NULL;

  /* A fresh pty slave echoes and is canonical until we open it: the
   * stale line lands in its input queue (and its echo on the master). */
  master_write (pty, "+CEREG: 1\r\nRDY\r\n");
  g_usleep (100 * 1000);
  port = open_ok (pty->slave_path);
  master_write (pty, "fresh\n");
  got = port_read_exact (port, 6);
  g_assert_cmpmem (got->data, got->len, "fresh\n", 6);
}

/* ---- I/O ----------------------------------------------------------------- */

static void
test_io_round_trip (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) sent = NULL;
  g_autoptr(GByteArray) got = NULL;
  const guint8 binary[] = { 0x00, 0x0d, 0x0a, 0x11, 0x13, 0x1a, 0x7f, 0xff, '>' };

  g_assert_true (
      fd_serial_port_write_all (port, (const guint8 *)"AT+CGMR\r", 8, 1000, NULL, &error));
  g_assert_no_error (error);
  sent = master_read_exact (pty, 8);
  g_assert_cmpmem (sent->data, sent->len, "AT+CGMR\r", 8);

  master_write (pty, "\r\nM5311_V1.2\r\n\r\nOK\r\n");
  got = port_read_exact (port, 20);
  g_assert_cmpmem (got->data, got->len, "\r\nM5311_V1.2\r\n\r\nOK\r\n", 20);
  g_clear_pointer (&sent, g_byte_array_unref);
  g_clear_pointer (&got, g_byte_array_unref);

  /* raw mode: CR, LF, XON/XOFF, ^Z and DEL pass untouched both ways */
  g_assert_true (fd_serial_port_write_all (port, binary, sizeof binary, 1000, NULL, &error));
  g_assert_no_error (error);
  sent = master_read_exact (pty, sizeof binary);
  g_assert_cmpmem (sent->data, sent->len, binary, sizeof binary);
  g_assert_cmpint (write (pty->master, binary, sizeof binary), ==, sizeof binary);
  got = port_read_exact (port, sizeof binary);
  g_assert_cmpmem (got->data, got->len, binary, sizeof binary);

  g_assert_true (fd_serial_port_drain (port, &error));
  g_assert_no_error (error);
}

static void
test_io_read_timeout (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  guint8 buf[16];
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  gssize n;

  n = fd_serial_port_read (port, buf, sizeof buf, 300, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
  g_clear_error (&error);

  /* zero means "only what is already there" */
  n = fd_serial_port_read (port, buf, sizeof buf, 0, NULL, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* the port is still fine after a timeout */
  master_write (pty, "OK\r\n");
  n = fd_serial_port_read (port, buf, sizeof buf, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
}

typedef struct
{
  guint         delay_ms;
  GCancellable *cancellable;
  Pty          *pty;
  FdSerialPort *port;
} DelayedAction;

static gpointer
cancel_later (gpointer data)
{
  DelayedAction *action = data;

  g_usleep (action->delay_ms * 1000);
  g_cancellable_cancel (action->cancellable);
  return NULL;
}

static gpointer
close_master_later (gpointer data)
{
  DelayedAction *action = data;

  g_usleep (action->delay_ms * 1000);
  pty_close_master (action->pty);
  return NULL;
}

static gpointer
close_port_later (gpointer data)
{
  DelayedAction *action = data;

  g_usleep (action->delay_ms * 1000);
  fd_serial_port_close (action->port);
  return NULL;
}

static void
test_io_cancel_read (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  DelayedAction action = { .delay_ms = 200, .cancellable = cancellable };
  GThread *thread;
  guint8 buf[16];
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  gssize n;

  thread = g_thread_new ("cancel", cancel_later, &action);
  n = fd_serial_port_read (port, buf, sizeof buf, 60000, cancellable, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
  g_test_message ("read cancelled after %" G_GINT64_FORMAT " ms (cancel sent at 200 ms)",
                  elapsed / 1000);
  g_clear_error (&error);

  /* already cancelled: refused even with data waiting */
  master_write (pty, "OK\r\n");
  g_usleep (50 * 1000);
  n = fd_serial_port_read (port, buf, sizeof buf, 1000, cancellable, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_io_cancel_write (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  DelayedAction action = { .delay_ms = 200, .cancellable = cancellable };
  gsize len = 4 * 1024 * 1024;
  g_autofree guint8 *data = g_malloc0 (len);
  GThread *thread;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  /* nobody reads the master: the write blocks on backpressure */
  thread = g_thread_new ("cancel", cancel_later, &action);
  g_assert_false (fd_serial_port_write_all (port, data, len, 60000, cancellable, &error));
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
}

static void
test_io_write_timeout (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  gsize len = 4 * 1024 * 1024;
  g_autofree guint8 *data = g_malloc0 (len);
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  g_assert_false (fd_serial_port_write_all (port, data, len, 300, NULL, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_assert_cmpint (elapsed, >=, 290 * 1000);
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
}

typedef struct
{
  Pty        *pty;
  gsize       expect;
  GByteArray *got;
} SlowReader;

static gpointer
slow_reader (gpointer data)
{
  SlowReader *reader = data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (reader->got->len < reader->expect && g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = reader->pty->master, .events = POLLIN };
      guint8 buf[1024];
      gssize n;

      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (reader->pty->master, buf, sizeof buf);
      if (n <= 0)
        break;
      g_byte_array_append (reader->got, buf, (guint) n);
      g_usleep (1000); /* slower than the writer: forces partial writes */
    }
  return NULL;
}

static void
test_io_write_backpressure (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  gsize len = 512 * 1024;
  g_autofree guint8 *data = g_malloc (len);
  SlowReader reader = { .pty = pty, .expect = len, .got = g_byte_array_new () };
  GThread *thread;

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_random_int ();
  thread = g_thread_new ("reader", slow_reader, &reader);
  g_assert_true (fd_serial_port_write_all (port, data, len, 5000, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpmem (reader.got->data, reader.got->len, data, len);
  g_byte_array_unref (reader.got);
}

static void
test_io_gone (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  DelayedAction action = { .delay_ms = 200, .pty = pty };
  GThread *thread;
  guint8 buf[16];
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  gssize n;

  /* the module reboots while we wait for its answer */
  thread = g_thread_new ("unplug", close_master_later, &action);
  n = fd_serial_port_read (port, buf, sizeof buf, 60000, NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_nonnull (strstr (error->message, pty->slave_path));
  g_assert_cmpint (elapsed, <, LIVENESS_BOUND_US);
  g_test_message ("hangup noticed after %" G_GINT64_FORMAT " ms (master closed at 200 ms)",
                  elapsed / 1000);
  g_clear_error (&error);

  /* and it stays gone, at once, for reads and writes */
  start = g_get_monotonic_time ();
  n = fd_serial_port_read (port, buf, sizeof buf, 60000, NULL, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_clear_error (&error);
  g_assert_false (fd_serial_port_write_all (port, (const guint8 *)"AT\r", 3, 60000, NULL, &error));
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

static void
test_io_gone_during_write (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  DelayedAction action = { .delay_ms = 200, .pty = pty };
  gsize len = 4 * 1024 * 1024;
  g_autofree guint8 *data = g_malloc0 (len);
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  /* blocked on backpressure when the module disappears */
  thread = g_thread_new ("unplug", close_master_later, &action);
  g_assert_false (fd_serial_port_write_all (port, data, len, 60000, NULL, &error));
  g_thread_join (thread);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

static void
test_close_from_other_thread (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) port = open_ok (pty->slave_path);
  g_autoptr(GError) error = NULL;
  DelayedAction action = { .delay_ms = 200, .port = port };
  GThread *thread;
  guint8 buf[16];
  gint64 start = g_get_monotonic_time ();
  gssize n;

  thread = g_thread_new ("close", close_port_later, &action);
  n = fd_serial_port_read (port, buf, sizeof buf, 60000, NULL, &error);
  g_thread_join (thread);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
  g_clear_error (&error);

  g_assert_cmpint (fd_serial_port_get_fd (port), ==, -1);
  n = fd_serial_port_read (port, buf, sizeof buf, 100, NULL, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  g_clear_error (&error);
  g_assert_false (fd_serial_port_drain (port, &error));
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE);
  fd_serial_port_close (port); /* twice is fine */
}

/* ---- exclusive access and permissions ------------------------------------ */

/* Opens @path as an ordinary user: in a child running as nobody when we
 * are root, in this process otherwise. Returns the error, or NULL when the
 * open succeeded. */
static GError *
open_unprivileged_full (const char *mode, const char *path)
{
  g_autoptr(GError) spawn_error = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) fields = NULL;
  int status = 0;

  if (geteuid () != 0)
    {
      GError *error = NULL;
      g_autoptr(FdSerialPort) port = NULL;
      int fd;

      if (g_str_equal (mode, "--open-port"))
        {
          port = fd_serial_port_open (path, 0, &error);
          return error;
        }
      fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK);
      if (fd >= 0)
        {
          close (fd);
          return NULL;
        }
      return g_error_new (G_IO_ERROR, g_io_error_from_errno (errno), "errno %d", errno);
    }

  self_exe = g_file_read_link ("/proc/self/exe", &spawn_error);
  g_assert_no_error (spawn_error);
  {
    const char *argv[] = {
      "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", self_exe, mode, path, NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                  &spawn_error);
  }
  g_assert_no_error (spawn_error);
  if (!g_spawn_check_wait_status (status, &spawn_error))
    g_error ("child failed: %s\nstdout: %s\nstderr: %s", spawn_error->message, out, err);
  g_strchomp (out);
  g_test_message ("child as nobody: %s", out);
  if (g_str_has_prefix (out, "opened"))
    return NULL;
  if (g_str_has_prefix (out, "errno "))
    return g_error_new (G_IO_ERROR, g_io_error_from_errno (atoi (out + 6)), "%s", out);
  /* "<domain> <code> <message>" */
  fields = g_strsplit (out, " ", 3);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  return g_error_new_literal (g_quark_from_string (fields[0]), atoi (fields[1]), fields[2]);
}

static GError *
open_unprivileged (const char *path)
{
  return open_unprivileged_full ("--open-port", path);
}

/* The child side of open_unprivileged(). With --open-raw it opens as a
 * program that knows nothing of our flock would (minicom, ModemManager). */
static int
child_open_port (const char *mode, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSerialPort) port = NULL;

  if (geteuid () == 0)
    {
      g_printerr ("still root\n");
      return 2;
    }
  if (g_str_equal (mode, "--open-raw"))
    {
      int fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK);

      if (fd >= 0)
        g_print ("opened\n");
      else
        g_print ("errno %d %s\n", errno, g_strerror (errno));
      return 0;
    }
  port = fd_serial_port_open (path, 0, &error);
  if (port != NULL)
    g_print ("opened\n");
  else
    g_print ("%s %d %s\n", g_quark_to_string (error->domain), error->code, error->message);
  return 0;
}

static void
test_lock_busy_same_user (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) first = open_ok (pty->slave_path);
  g_autoptr(FdSerialPort) second = NULL;
  g_autoptr(GError) error = NULL;

  /* As root the second open passes TIOCEXCL and is stopped by the flock;
   * as a user TIOCEXCL stops it first. Either way: busy, with advice. */
  second = fd_serial_port_open (pty->slave_path, 0, &error);
  g_assert_null (second);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, pty->slave_path));
  g_assert_nonnull (strstr (error->message, "ModemManager"));
  g_assert_nonnull (strstr (error->message, "brltty"));
  g_assert_nonnull (strstr (error->message, "60-fotadesk.rules"));
  if (geteuid () == 0)
    g_assert_nonnull (strstr (error->message, "this program"));
  g_clear_error (&error);

  /* the lock goes with the port */
  g_clear_object (&first);
  second = open_ok (pty->slave_path);
}

static gpointer
close_later (gpointer data)
{
  g_usleep (300 * 1000);
  fd_serial_port_close (FD_SERIAL_PORT (data));
  return NULL;
}

/* A port held for a moment is waited for; one held longer is busy. */
static void
test_lock_patient_open (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) first = open_ok (pty->slave_path);
  g_autoptr(FdSerialPort) second = NULL;
  g_autoptr(GError) error = NULL;
  GThread *closer;

  second = fd_serial_port_open_patiently (pty->slave_path, 0, 150, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY);
  g_clear_error (&error);

  closer = g_thread_new ("closer", close_later, first);
  second = fd_serial_port_open_patiently (pty->slave_path, 0, 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_thread_join (closer);
}

static void
test_lock_busy_other_user (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(FdSerialPort) first = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (chmod (pty->slave_path, 0666), ==, 0);

  /* control: the child can open the port when nobody holds it */
  error = open_unprivileged (pty->slave_path);
  g_assert_no_error (error);

  first = open_ok (pty->slave_path);
  error = open_unprivileged (pty->slave_path);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, pty->slave_path));
  g_assert_nonnull (strstr (error->message, "ModemManager"));
  g_assert_nonnull (strstr (error->message, "60-fotadesk.rules"));
  g_clear_error (&error);
  /* TIOCEXCL keeps out programs that ignore flock, too */
  error = open_unprivileged_full ("--open-raw", pty->slave_path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  g_clear_object (&first);
  error = open_unprivileged (pty->slave_path);
  g_assert_no_error (error);
}

static void
test_open_permission_denied (void)
{
  g_autoptr(Pty) pty = pty_new ();
  g_autoptr(GError) error = NULL;

  /* root-owned 0600 for the child; 0000 when we are the owner ourselves */
  g_assert_cmpint (chmod (pty->slave_path, geteuid () == 0 ? 0600 : 0000), ==, 0);
  error = open_unprivileged (pty->slave_path);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, pty->slave_path));
  g_assert_nonnull (strstr (error->message, "dialout"));
  g_assert_nonnull (strstr (error->message, "usermod -aG dialout"));
}

/* FD_TEST_SERIAL_PORT=/dev/ttyUSB0 runs the libserialport path on real
 * hardware; it only reads (nothing is sent to the device). */
static void
test_real_port (void)
{
  const char *path = g_getenv ("FD_TEST_SERIAL_PORT");
  g_autoptr(FdSerialPort) port = open_ok (path);
  g_autoptr(FdSerialPort) second = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buf[64];
  gssize n;

  g_test_message ("opened %s as %s, fd %d", path, fd_serial_port_get_resolved_path (port),
                  fd_serial_port_get_fd (port));
  second = fd_serial_port_open (path, 0, &error);
  g_assert_null (second);
  g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY);
  g_clear_error (&error);
  n = fd_serial_port_read (port, buf, sizeof buf, 200, NULL, &error);
  if (n < 0)
    g_assert_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_assert_true (fd_serial_port_drain (port, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && (g_str_equal (argv[1], "--open-port") || g_str_equal (argv[1], "--open-raw")))
    return child_open_port (argv[1], argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/serial-port/open/pty", test_open_pty);
  g_test_add_func ("/core/serial-port/open/baud", test_open_baud);
  g_test_add_func ("/core/serial-port/open/symlink", test_open_symlink);
  g_test_add_func ("/core/serial-port/open/not-found", test_open_not_found);
  g_test_add_func ("/core/serial-port/open/not-a-tty", test_open_not_a_tty);
  g_test_add_func ("/core/serial-port/open/discards-stale-input", test_open_discards_stale_input);
  g_test_add_func ("/core/serial-port/open/permission-denied", test_open_permission_denied);
  g_test_add_func ("/core/serial-port/lock/busy-same-user", test_lock_busy_same_user);
  g_test_add_func ("/core/serial-port/lock/busy-other-user", test_lock_busy_other_user);
  g_test_add_func ("/core/serial-port/lock/patient-open", test_lock_patient_open);
  g_test_add_func ("/core/serial-port/io/round-trip", test_io_round_trip);
  g_test_add_func ("/core/serial-port/io/read-timeout", test_io_read_timeout);
  g_test_add_func ("/core/serial-port/io/cancel-read", test_io_cancel_read);
  g_test_add_func ("/core/serial-port/io/cancel-write", test_io_cancel_write);
  g_test_add_func ("/core/serial-port/io/write-timeout", test_io_write_timeout);
  g_test_add_func ("/core/serial-port/io/write-backpressure", test_io_write_backpressure);
  g_test_add_func ("/core/serial-port/io/gone", test_io_gone);
  g_test_add_func ("/core/serial-port/io/gone-during-write", test_io_gone_during_write);
  g_test_add_func ("/core/serial-port/close/from-other-thread", test_close_from_other_thread);
  if (g_getenv ("FD_TEST_SERIAL_PORT") != NULL)
    g_test_add_func ("/core/serial-port/real-port", test_real_port);

  return g_test_run ();
}
