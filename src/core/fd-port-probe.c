/* fd-port-probe.c — open a port, ask who is there, close it; many at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-port-probe.h"

/* How much of what a port said is quoted back when it is not AT. */
#define SAMPLE_BYTES 24

void
fd_probe_result_clear (FdProbeResult *result)
{
  fd_identity_clear (&result->identity);
  g_clear_pointer (&result->message, g_free);
  result->problem = FD_MODULE_PROBLEM_NONE;
  result->cancelled = FALSE;
}

/* ---- one probe ---------------------------------------------------------- */

/* What the port sent, counted and sampled, to tell a silent port from
 * one that talks something other than AT. */
typedef struct {
  gsize   rx_bytes;
  GString *sample;
} Heard;

static void
on_transcript (FdAtSession  *session,
               FdAtDirection direction,
               const guint8 *data,
               gsize         len,
               gint64        time_ms,
               gpointer      user_data)
{
  Heard *heard = user_data;

  if (direction != FD_AT_DIRECTION_RX)
    return;
  heard->rx_bytes += len;
  for (gsize i = 0; i < len && heard->sample->len < SAMPLE_BYTES; i++)
    g_string_append_c (heard->sample, g_ascii_isprint (data[i]) ? (char) data[i] : '.');
}

static void
set_problem (FdProbeResult *result, FdModuleProblem problem, char *message)
{
  result->problem = problem;
  g_free (result->message);
  result->message = message;
}

static void
classify_open_error (FdProbeResult *result, const char *path, const GError *error)
{
  if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_BUSY))
    set_problem (result, FD_MODULE_PROBLEM_BUSY, g_strdup (error->message));
  else if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_PERMISSION_DENIED))
    set_problem (result, FD_MODULE_PROBLEM_PERMISSION_DENIED, g_strdup (error->message));
  else if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND))
    set_problem (result, FD_MODULE_PROBLEM_GONE,
                 g_strdup_printf (_("%s went away before it could be identified: the module "
                                    "was unplugged or is restarting."),
                                  path));
  else
    set_problem (result, FD_MODULE_PROBLEM_IO,
                 g_strdup_printf (_("Could not identify the module on %s: %s"), path,
                                  error->message));
}

static char *
not_talking_at_message (const char *path, const Heard *heard)
{
  /* TRANSLATORS: the second %s is a sample of what the port sent */
  return g_strdup_printf (_("%s sends data (“%s”) but does not answer AT: it is not a modem’s "
                            "AT port (a GPS, diagnostic or other device), or the module runs "
                            "at another speed than 115200 baud."),
                          path, heard->sample->str);
}

static char *
silent_message (const char *path, const FdProbeResult *result)
{
  if (result->identity.answered_at)
    return g_strdup_printf (_("%s answered AT, then stopped answering: the module may be "
                              "restarting. Wait a moment and scan again."),
                            path);
  return g_strdup_printf (_("%s gave no answer to AT. The module may be off or still starting, "
                            "run at another speed than 115200 baud, or this is not its AT "
                            "port."),
                          path);
}

static void
classify_identify_error (FdProbeResult *result,
                         const char    *path,
                         const Heard   *heard,
                         const GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result->cancelled = TRUE;
  else if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
    set_problem (result, FD_MODULE_PROBLEM_GONE,
                 g_strdup_printf (_("%s went away while it was being identified: the module "
                                    "was unplugged or restarted."),
                                  path));
  else if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT) &&
           !result->identity.answered_at && heard->rx_bytes > 0)
    set_problem (result, FD_MODULE_PROBLEM_NOT_A_MODEM, not_talking_at_message (path, heard));
  else if (g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    set_problem (result, FD_MODULE_PROBLEM_NO_AT_ANSWER, silent_message (path, result));
  else if (g_error_matches (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE))
    set_problem (result, FD_MODULE_PROBLEM_NOT_A_MODEM,
                 g_strdup_printf (_("%s answers AT only with errors: it does not behave like a "
                                    "modem’s AT port."),
                                  path));
  else
    set_problem (result, FD_MODULE_PROBLEM_IO,
                 g_strdup_printf (_("Could not identify the module on %s: %s"), path,
                                  error->message));
}

/* A port that speaks AT but is nothing FotaDesk can upgrade. */
static void
classify_identity (FdProbeResult *result, const char *path)
{
  if (result->identity.imei != NULL || result->identity.dialects != FD_DIALECT_NONE)
    return;
  set_problem (result, FD_MODULE_PROBLEM_NOT_A_MODEM,
               g_strdup_printf (_("%s answers AT but reports no IMEI and none of the FOTA "
                                  "commands FotaDesk knows: it does not look like a cellular "
                                  "module."),
                                path));
}

void
fd_port_probe (const char    *path,
               FdProbeMode    mode,
               guint          command_timeout_ms,
               FdProbeResult *result,
               GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSerialPort) port = NULL;
  g_autoptr(FdAtSession) session = NULL;
  Heard heard = { 0, NULL };
  gboolean ok;

  g_return_if_fail (path != NULL);
  g_return_if_fail (result != NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      result->cancelled = TRUE;
      return;
    }
  port = fd_serial_port_open (path, FD_SERIAL_PORT_DEFAULT_BAUD, &error);
  if (port == NULL)
    {
      classify_open_error (result, path, error);
      return;
    }

  heard.sample = g_string_new (NULL);
  session = fd_at_session_new (port);
  fd_at_session_set_transcript_handler (session, on_transcript, &heard, NULL);
  if (mode == FD_PROBE_MODE_IMEI)
    ok = fd_identify_imei (session, command_timeout_ms, &result->identity, cancellable, &error);
  else
    ok = fd_identify (session, command_timeout_ms, &result->identity, cancellable, &error);
  fd_at_session_set_transcript_handler (session, NULL, NULL, NULL);
  fd_serial_port_close (port);

  if (!ok)
    classify_identify_error (result, path, &heard, error);
  else if (mode == FD_PROBE_MODE_FULL)
    classify_identity (result, path);
  g_string_free (heard.sample, TRUE);
}

/* ---- probe sets ------------------------------------------------------------ */

typedef struct {
  char          *path;
  GCancellable  *cancellable;
  FdProbeResult  result;
  gboolean       done;
} Item;

struct _FdProbeSet
{
  FdProbeMode mode;
  guint       command_timeout_ms;
  guint       max_parallel;
  GArray     *items; /* of Item */

  /* while running */
  GMutex             mutex;
  FdProbeSetDoneFunc done;
  gpointer           done_data;
};

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->path);
  g_clear_object (&item->cancellable);
  fd_probe_result_clear (&item->result);
}

FdProbeSet *
fd_probe_set_new (FdProbeMode mode, guint command_timeout_ms, guint max_parallel)
{
  FdProbeSet *set = g_new0 (FdProbeSet, 1);

  set->mode = mode;
  set->command_timeout_ms = command_timeout_ms;
  set->max_parallel = max_parallel > 0 ? max_parallel : FD_PROBE_SET_DEFAULT_PARALLEL;
  set->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (set->items, item_clear);
  g_mutex_init (&set->mutex);
  return set;
}

void
fd_probe_set_free (FdProbeSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->items);
  g_mutex_clear (&set->mutex);
  g_free (set);
}

guint
fd_probe_set_add (FdProbeSet *set, const char *path)
{
  Item item = { 0 };

  g_return_val_if_fail (set != NULL, 0);
  g_return_val_if_fail (path != NULL, 0);

  item.path = g_strdup (path);
  item.cancellable = g_cancellable_new ();
  g_array_append_val (set->items, item);
  return set->items->len - 1;
}

guint
fd_probe_set_get_n (FdProbeSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->items->len;
}

static Item *
get_item (FdProbeSet *set, guint index)
{
  return &g_array_index (set->items, Item, index);
}

const char *
fd_probe_set_get_path (FdProbeSet *set, guint index)
{
  g_return_val_if_fail (set != NULL && index < set->items->len, NULL);
  return get_item (set, index)->path;
}

void
fd_probe_set_cancel (FdProbeSet *set, guint index)
{
  g_return_if_fail (set != NULL && index < set->items->len);
  g_cancellable_cancel (get_item (set, index)->cancellable);
}

gboolean
fd_probe_set_is_done (FdProbeSet *set, guint index)
{
  g_return_val_if_fail (set != NULL && index < set->items->len, FALSE);
  return get_item (set, index)->done;
}

FdProbeResult *
fd_probe_set_get_result (FdProbeSet *set, guint index)
{
  g_return_val_if_fail (set != NULL && index < set->items->len, NULL);
  return &get_item (set, index)->result;
}

static void
run_one (gpointer data, gpointer user_data)
{
  FdProbeSet *set = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  Item *item = get_item (set, index);

  /* the array is not resized while running: @item stays valid */
  fd_port_probe (item->path, set->mode, set->command_timeout_ms, &item->result,
                 item->cancellable);

  g_mutex_lock (&set->mutex);
  item->done = TRUE;
  if (set->done != NULL)
    set->done (set, index, set->done_data);
  g_mutex_unlock (&set->mutex);
}

static void
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  FdProbeSet *set = user_data;

  for (guint i = 0; i < set->items->len; i++)
    g_cancellable_cancel (get_item (set, i)->cancellable);
}

void
fd_probe_set_run (FdProbeSet        *set,
                  FdProbeSetDoneFunc done,
                  gpointer           user_data,
                  GCancellable      *cancellable)
{
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  gulong handler = 0;

  g_return_if_fail (set != NULL);

  if (set->items->len == 0)
    return;
  set->done = done;
  set->done_data = user_data;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), set, NULL);

  /* shared (non-exclusive) threads: creating the pool cannot fail */
  pool = g_thread_pool_new (run_one, set, (int) MIN (set->max_parallel, set->items->len), FALSE,
                            &error);
  g_assert_no_error (error);
  for (guint i = 0; i < set->items->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  set->done = NULL;
  set->done_data = NULL;
}
