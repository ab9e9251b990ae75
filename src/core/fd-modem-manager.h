/* fd-modem-manager.h — is ModemManager running, and what to do about it
 *
 * ModemManager probes every new tty with AT commands and may hold a
 * module's port open, so FotaDesk gets EBUSY or sees stray answers. The
 * check asks the system bus whether org.freedesktop.ModemManager1 has an
 * owner; without a system bus (containers, some sandboxes) the answer is
 * "unknown", which is not an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  FD_MODEM_MANAGER_UNKNOWN,     /* no system bus, or no answer within the bound */
  FD_MODEM_MANAGER_NOT_RUNNING,
  FD_MODEM_MANAGER_RUNNING,
} FdModemManagerState;

#define FD_MODEM_MANAGER_BUS_NAME           "org.freedesktop.ModemManager1"
#define FD_MODEM_MANAGER_DEFAULT_TIMEOUT_MS 1000

/* Asks the system bus (DBUS_SYSTEM_BUS_ADDRESS or the default socket) on a
 * private connection; connecting and asking together take at most
 * @timeout_ms (0 = FD_MODEM_MANAGER_DEFAULT_TIMEOUT_MS). Blocking; runs its
 * own main context, so it may be called from any thread. Cancelling gives
 * FD_MODEM_MANAGER_UNKNOWN. */
FdModemManagerState fd_modem_manager_get_state (guint         timeout_ms,
                                                GCancellable *cancellable);

/* The same question asked of the bus at D-Bus address @address (NULL: the
 * system bus), for a bus of one's own (tests, unusual sandboxes). */
FdModemManagerState fd_modem_manager_get_state_for_address (const char   *address,
                                                            guint         timeout_ms,
                                                            GCancellable *cancellable);

/* "unknown", "not-running" or "running" (for JSON and logs). */
const char *fd_modem_manager_state_to_string (FdModemManagerState state);

/* What to tell the user about @state, translated, with the fix; NULL
 * when there is nothing to say (not running, or unknown). */
char *fd_modem_manager_get_advice (FdModemManagerState state);

/* fd_modem_manager_get_advice(), but only the first time in the process
 * that there is something to say (hot-plug rescans must not repeat it).
 * Thread-safe. */
char *fd_modem_manager_take_advice_once (FdModemManagerState state);

G_END_DECLS
