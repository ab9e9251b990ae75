/* fd-cli-at.c — `fotadesk-cli at PORT COMMAND…`: raw AT for diagnostics
 *
 * Sends exactly the commands given, nothing else (not even ATE0), and
 * prints each response and every URC seen until a short quiet period
 * after the last one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "fd-at-session.h"
#include "fd-cli.h"

static int at_timeout_s = 5;
static double at_wait_s = 0.5;

static GOptionEntry at_entries[] = {
  { "timeout", 0, 0, G_OPTION_ARG_INT, &at_timeout_s,
    N_("Seconds to wait for each command's final result (default 5)"), N_("SECONDS") },
  { "wait", 0, 0, G_OPTION_ARG_DOUBLE, &at_wait_s,
    N_("Seconds to keep listening for URCs after the last command (default 0.5)"), N_("SECONDS") },
  { NULL }
};

static void
print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  g_print ("%s\n", text);
}

static JsonObject *
new_event (const char *event, const char *port)
{
  JsonObject *object = json_object_new ();
  g_autofree char *time = fd_cli_format_time (g_get_real_time ());

  json_object_set_string_member (object, "time", time);
  json_object_set_string_member (object, "event", event);
  json_object_set_null_member (object, "imei");
  json_object_set_string_member (object, "port", port);
  return object;
}

static void
on_urc (FdAtSession *session, const char *line, gint64 time_ms, gpointer user_data)
{
  FdCliContext *context = user_data;

  if (context->json)
    {
      g_autoptr(JsonObject) object =
        new_event ("urc", fd_serial_port_get_path (fd_at_session_get_port (session)));

      json_object_set_string_member (object, "line", line);
      print_object (object);
    }
  else
    g_print ("<- %s\n", line);
}

static void
print_response (FdCliContext *context,
                const char   *port,
                const char   *command,
                GPtrArray    *lines,
                const GError *error)
{
  if (context->json)
    {
      g_autoptr(JsonObject) object = new_event ("response", port);
      JsonArray *array = json_array_new ();

      json_object_set_string_member (object, "command", command);
      for (guint i = 0; lines != NULL && i < lines->len; i++)
        json_array_add_string_element (array, g_ptr_array_index (lines, i));
      json_object_set_array_member (object, "lines", array);
      json_object_set_string_member (object, "result", error == NULL ? "OK" : "error");
      if (error != NULL)
        json_object_set_string_member (object, "message", error->message);
      print_object (object);
      return;
    }
  g_print ("-> %s\n", command);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    g_print ("   %s\n", (const char *) g_ptr_array_index (lines, i));
  if (error == NULL)
    g_print ("   OK\n");
  else
    g_print ("   %s\n", error->message);
}

static int
run_at (FdCliContext *context, int argc, char **argv)
{
  g_autoptr(FdSerialPort) port = NULL;
  g_autoptr(FdAtSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint n_urcs = 0;
  int status = FD_CLI_EXIT_OK;

  if (argc < 2)
    {
      fd_cli_error (_("`at` needs a port and at least one command, e.g. "
                      "fotadesk-cli at /dev/ttyUSB2 AT+CGMR"));
      return FD_CLI_EXIT_USAGE;
    }
  if (at_timeout_s < 1 || at_timeout_s > 3600)
    {
      fd_cli_error (_("--timeout must be between 1 and 3600 seconds; got %d."), at_timeout_s);
      return FD_CLI_EXIT_USAGE;
    }

  port = fd_serial_port_open (argv[0], context->baud, &error);
  if (port == NULL)
    {
      fd_cli_error ("%s", error->message);
      return g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND)
               ? FD_CLI_EXIT_NO_MODULE
               : FD_CLI_EXIT_FAILED;
    }
  session = fd_at_session_new (port);
  fd_at_session_set_urc_handler (session, on_urc, context, NULL);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) local = NULL;

      lines = fd_at_session_command (session, argv[i], at_timeout_s * 1000,
                                     context->cancellable, &local);
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FD_CLI_EXIT_INTERRUPTED;
      if (g_error_matches (local, FD_AT_ERROR, FD_AT_ERROR_INVALID_COMMAND))
        {
          fd_cli_error ("%s", local->message);
          return FD_CLI_EXIT_USAGE;
        }
      print_response (context, argv[0], argv[i], lines, local);
      if (local != NULL)
        {
          status = FD_CLI_EXIT_FAILED;
          if (local->domain == FD_SERIAL_ERROR &&
              local->code != FD_SERIAL_ERROR_TIMEOUT)
            return status; /* the port is gone: nothing more to send */
        }
    }

  /* Listen a little longer for URCs the last command set off. */
  {
    gint64 deadline = g_get_monotonic_time () + (gint64) (at_wait_s * G_USEC_PER_SEC);

    while (g_get_monotonic_time () < deadline)
      {
        gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

        if (left_ms <= 0 ||
            !fd_at_session_wait_urcs (session, left_ms, &n_urcs, context->cancellable, NULL))
          break;
      }
  }
  if (g_cancellable_is_cancelled (context->cancellable))
    return FD_CLI_EXIT_INTERRUPTED;
  return status;
}

const FdCliCommand fd_cli_command_at = {
  .name = "at",
  .parameter_string = N_("PORT COMMAND…"),
  .summary = N_("Send AT commands to a port and print the answers and URCs"),
  .description = N_("Sends exactly the commands given, one after the other, and prints each\n"
                    "response. Unsolicited result codes seen meanwhile are printed too.\n"
                    "Example: fotadesk-cli at /dev/ttyUSB2 AT+CGMR 'AT+MFWCFG=\"url\"'"),
  .entries = at_entries,
  .run = run_at,
};
