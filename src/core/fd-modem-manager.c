/* fd-modem-manager.c — is ModemManager running, and what to do about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-host-fixes.h"
#include "fd-modem-manager.h"

/* Once the bound has passed we stop waiting; a connection attempt that
 * ignores cancellation gets this much longer to report before it is
 * abandoned (its callback then never runs: its context is not iterated). */
#define ABANDON_GRACE_MS 1000

typedef struct {
  GMainContext        *context;
  GCancellable        *cancellable; /* ours: the bound and the caller's cancel */
  GDBusConnection     *connection;
  FdModemManagerState  state;
  gboolean             done;        /* the step in flight has reported */
  gboolean             abandoned;
} Check;

static gboolean
on_deadline (gpointer user_data)
{
  Check *check = user_data;

  g_cancellable_cancel (check->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
on_abandon (gpointer user_data)
{
  Check *check = user_data;

  check->abandoned = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Check *check = user_data;
  g_autoptr(GError) error = NULL;

  check->connection = g_dbus_connection_new_for_address_finish (result, &error);
  if (check->connection == NULL)
    g_debug ("No system bus: %s", error->message);
  check->done = TRUE;
}

static void
on_name_has_owner (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Check *check = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_debug ("NameHasOwner failed: %s", error->message);
  else
    {
      g_variant_get (reply, "(b)", &has_owner);
      check->state = has_owner ? FD_MODEM_MANAGER_RUNNING : FD_MODEM_MANAGER_NOT_RUNNING;
    }
  check->done = TRUE;
}

/* Iterates until the step in flight reports, or is abandoned. */
static gboolean
wait_step (Check *check)
{
  check->done = FALSE;
  while (!check->done && !check->abandoned)
    g_main_context_iteration (check->context, TRUE);
  return check->done;
}

static void
cancel_ours (GCancellable *caller, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
run_check (Check *check, const char *address, guint timeout_ms)
{
  g_dbus_connection_new_for_address (address,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, check->cancellable, on_connected, check);
  if (!wait_step (check) || check->connection == NULL)
    return;
  g_dbus_connection_call (check->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", FD_MODEM_MANAGER_BUS_NAME),
                          G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          (int) timeout_ms, check->cancellable, on_name_has_owner, check);
  wait_step (check);
}

FdModemManagerState
fd_modem_manager_get_state (guint timeout_ms, GCancellable *cancellable)
{
  return fd_modem_manager_get_state_for_address (NULL, timeout_ms, cancellable);
}

FdModemManagerState
fd_modem_manager_get_state_for_address (const char   *address,
                                        guint         timeout_ms,
                                        GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *system_address = NULL;
  g_autoptr(GSource) deadline = NULL;
  g_autoptr(GSource) abandon = NULL;
  Check check = { .state = FD_MODEM_MANAGER_UNKNOWN };
  gulong handler = 0;

  if (timeout_ms == 0)
    timeout_ms = FD_MODEM_MANAGER_DEFAULT_TIMEOUT_MS;
  if (address == NULL)
    {
      system_address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, cancellable, &error);
      if (system_address == NULL)
        {
          g_debug ("No system bus address: %s", error->message);
          return FD_MODEM_MANAGER_UNKNOWN;
        }
      address = system_address;
    }

  check.context = g_main_context_new ();
  check.cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_ours),
                                     g_object_ref (check.cancellable), g_object_unref);
  g_main_context_push_thread_default (check.context);
  deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (deadline, on_deadline, &check, NULL);
  g_source_attach (deadline, check.context);
  abandon = g_timeout_source_new (timeout_ms + ABANDON_GRACE_MS);
  g_source_set_callback (abandon, on_abandon, &check, NULL);
  g_source_attach (abandon, check.context);

  run_check (&check, address, timeout_ms);

  g_source_destroy (deadline);
  g_source_destroy (abandon);
  g_main_context_pop_thread_default (check.context);
  g_cancellable_disconnect (cancellable, handler);
  g_clear_object (&check.connection);
  g_object_unref (check.cancellable);
  g_main_context_unref (check.context);
  return check.state;
}

const char *
fd_modem_manager_state_to_string (FdModemManagerState state)
{
  switch (state)
    {
    case FD_MODEM_MANAGER_RUNNING:
      return "running";
    case FD_MODEM_MANAGER_NOT_RUNNING:
      return "not-running";
    case FD_MODEM_MANAGER_UNKNOWN:
    default:
      return "unknown";
    }
}

char *
fd_modem_manager_get_advice (FdModemManagerState state)
{
  const char *note = fd_host_get_flatpak_note ();
  /* The rule's install command holds the whole rule: too long for here. */
  const char *advice = _("ModemManager is running: it may open a module’s ports and make them "
                         "busy. Install FotaDesk’s udev rule (60-fotadesk.rules), which tells it "
                         "to leave the known modules alone: Fix Port Access in FotaDesk’s main "
                         "menu shows the rule and the one command that installs it. Or stop "
                         "ModemManager while you upgrade (sudo systemctl stop ModemManager).");

  if (state != FD_MODEM_MANAGER_RUNNING)
    return NULL;
  return note != NULL ? g_strconcat (advice, " ", note, NULL) : g_strdup (advice);
}

char *
fd_modem_manager_take_advice_once (FdModemManagerState state)
{
  static gint said = 0;
  g_autofree char *advice = fd_modem_manager_get_advice (state);

  if (advice == NULL || !g_atomic_int_compare_and_exchange (&said, 0, 1))
    return NULL;
  return g_steal_pointer (&advice);
}
