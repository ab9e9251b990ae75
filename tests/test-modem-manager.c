/* test-modem-manager.c — the ModemManager check against real buses: none,
 * a silent one, and a private dbus-daemon standing in for the system bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fd-modem-manager.h"

/* Liveness only: the machine is shared, so bounds are generous. */
#define LIVENESS_BOUND_US (10 * G_USEC_PER_SEC)

/* The system bus as the environment names it. Runs first: setenv() is
 * only safe before GDBus has started its threads. */
static void
test_no_bus (void)
{
  gint64 start = g_get_monotonic_time ();
  FdModemManagerState state;

  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/fotadesk-test/system_bus_socket",
            TRUE);
  state = fd_modem_manager_get_state (0, NULL);
  g_assert_cmpint (state, ==, FD_MODEM_MANAGER_UNKNOWN);
  g_test_message ("answered in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);
}

static void
test_bad_address (void)
{
  g_assert_cmpint (fd_modem_manager_get_state_for_address ("this is no address", 200, NULL), ==,
                   FD_MODEM_MANAGER_UNKNOWN);
}

/* A socket that takes connections into its backlog and never answers: the
 * check must give up by its own bound. */
static void
test_silent_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fd-mm-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  gint64 start;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bus", NULL);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         &error);
  g_assert_no_error (error);
  socket_address = g_unix_socket_address_new (path);
  g_assert_true (g_socket_bind (socket, socket_address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  address = g_strdup_printf ("unix:path=%s", path);

  start = g_get_monotonic_time ();
  g_assert_cmpint (fd_modem_manager_get_state_for_address (address, 300, NULL), ==,
                   FD_MODEM_MANAGER_UNKNOWN);
  g_test_message ("gave up after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVENESS_BOUND_US);

  g_socket_close (socket, NULL);
  g_unlink (path);
  g_rmdir (dir);
}

static GDBusConnection *
connect_private (const char *address)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

static void
call_bus (GDBusConnection *connection, const char *method, GVariant *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method,
    args, NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);

  g_assert_no_error (error);
}

/* A private dbus-daemon plays the system bus; the test owns, then drops,
 * ModemManager's name on it. */
static void
test_private_bus (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GDBusConnection) owner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *address;

  g_test_dbus_up (bus);
  address = g_test_dbus_get_bus_address (bus);
  g_assert_nonnull (address);

  /* Generous bound: the daemon may be slow to answer on a busy machine. */
  g_assert_cmpint (fd_modem_manager_get_state_for_address (address, 5000, NULL), ==, FD_MODEM_MANAGER_NOT_RUNNING);

  owner = connect_private (address);
  call_bus (owner, "RequestName", g_variant_new ("(su)", FD_MODEM_MANAGER_BUS_NAME, 0));
  g_assert_cmpint (fd_modem_manager_get_state_for_address (address, 5000, NULL), ==, FD_MODEM_MANAGER_RUNNING);

  /* A cancelled check does not claim to know. */
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (fd_modem_manager_get_state_for_address (address, 5000, cancellable), ==, FD_MODEM_MANAGER_UNKNOWN);

  call_bus (owner, "ReleaseName", g_variant_new ("(s)", FD_MODEM_MANAGER_BUS_NAME));
  g_assert_cmpint (fd_modem_manager_get_state_for_address (address, 5000, NULL), ==, FD_MODEM_MANAGER_NOT_RUNNING);

  g_dbus_connection_close_sync (owner, NULL, NULL);
  g_test_dbus_down (bus);
}

static void
test_strings (void)
{
  g_assert_cmpstr (fd_modem_manager_state_to_string (FD_MODEM_MANAGER_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (fd_modem_manager_state_to_string (FD_MODEM_MANAGER_NOT_RUNNING), ==,
                   "not-running");
  g_assert_cmpstr (fd_modem_manager_state_to_string (FD_MODEM_MANAGER_RUNNING), ==, "running");
}

static void
test_advice (void)
{
  g_autofree char *running = fd_modem_manager_get_advice (FD_MODEM_MANAGER_RUNNING);
  g_autofree char *unknown = fd_modem_manager_get_advice (FD_MODEM_MANAGER_UNKNOWN);
  g_autofree char *stopped = fd_modem_manager_get_advice (FD_MODEM_MANAGER_NOT_RUNNING);

  /* The advice names the fix: the udev rule, or stopping the service. */
  g_assert_nonnull (running);
  g_assert_nonnull (strstr (running, "60-fotadesk.rules"));
  g_assert_nonnull (strstr (running, "systemctl stop ModemManager"));
  g_assert_null (unknown);
  g_assert_null (stopped);
}

static void
test_advice_once (void)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* Nothing to say does not use up the one time. */
  g_assert_null (fd_modem_manager_take_advice_once (FD_MODEM_MANAGER_NOT_RUNNING));
  g_assert_null (fd_modem_manager_take_advice_once (FD_MODEM_MANAGER_UNKNOWN));
  first = fd_modem_manager_take_advice_once (FD_MODEM_MANAGER_RUNNING);
  second = fd_modem_manager_take_advice_once (FD_MODEM_MANAGER_RUNNING);
  g_assert_nonnull (first);
  g_assert_null (second);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/modem-manager/no-bus", test_no_bus);
  g_test_add_func ("/core/modem-manager/bad-address", test_bad_address);
  g_test_add_func ("/core/modem-manager/silent-bus", test_silent_bus);
  g_test_add_func ("/core/modem-manager/private-bus", test_private_bus);
  g_test_add_func ("/core/modem-manager/strings", test_strings);
  g_test_add_func ("/core/modem-manager/advice", test_advice);
  g_test_add_func ("/core/modem-manager/advice-once", test_advice_once);

  return g_test_run ();
}
