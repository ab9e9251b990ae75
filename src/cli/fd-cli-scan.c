/* fd-cli-scan.c — `fotadesk-cli scan` and `fotadesk-cli info PORT`
 *
 * Both are read-only: identification and the read forms of the FOTA
 * settings, nothing that changes a module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-cli.h"
#include "fd-identify.h"
#include "fd-modem-manager.h"
#include "fd-redact.h"
#include "fd-scanner.h"

static JsonObject *
new_object (const char *event, const char *imei, const char *port)
{
  JsonObject *object = json_object_new ();
  g_autofree char *time = fd_cli_format_time (g_get_real_time ());

  json_object_set_string_member (object, "time", time);
  json_object_set_string_member (object, "event", event);
  if (imei != NULL)
    json_object_set_string_member (object, "imei", imei);
  else
    json_object_set_null_member (object, "imei");
  if (port != NULL)
    json_object_set_string_member (object, "port", port);
  else
    json_object_set_null_member (object, "port");
  return object;
}

static void
print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  g_print ("%s\n", text);
}

static void
set_nullable (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static JsonArray *
dialects_array (FdDialect dialects)
{
  static const FdDialect all[] = { FD_DIALECT_RSFOTA, FD_DIALECT_MFW, FD_DIALECT_LUAT };
  JsonArray *array = json_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (dialects & all[i])
        json_array_add_string_element (array, fd_dialect_to_string (all[i]));
    }
  return array;
}

FdPortEnumerator *
fd_cli_new_enumerator (FdCliContext *context)
{
  FdPortEnumerator *enumerator = fd_port_enumerator_new ();

  if (context->globs != NULL)
    fd_port_enumerator_set_globs (enumerator, (const char *const *) context->globs);
  if (context->glob_only)
    fd_port_enumerator_set_list_func (enumerator, NULL, NULL, NULL);
  return enumerator;
}

/* Says once, on stderr, that ModemManager may grab the ports. */
void
fd_cli_warn_modem_manager (void)
{
  FdModemManagerState state = fd_modem_manager_get_state (500, NULL);
  g_autofree char *advice = NULL;

  if (state != FD_MODEM_MANAGER_RUNNING)
    return;
  advice = fd_modem_manager_take_advice_once (state);
  if (advice != NULL)
    fd_cli_error ("%s", advice);
}

GPtrArray *
fd_cli_scan_modules (FdCliContext *context, GError **error)
{
  g_autoptr(FdPortEnumerator) enumerator = fd_cli_new_enumerator (context);
  g_autoptr(FdScanner) scanner = fd_scanner_new (enumerator);

  fd_cli_warn_modem_manager ();
  return fd_scanner_scan (scanner, context->cancellable, error);
}

static void
print_module_json (FdModule *module)
{
  FdDeviceGroup *group = fd_module_get_group (module);
  GPtrArray *ports = fd_device_group_get_ports (group);
  g_autoptr(JsonObject) object =
    new_object ("module", fd_module_get_imei (module), fd_module_get_port_name (module));
  JsonArray *port_paths = json_array_new ();

  for (guint i = 0; i < ports->len; i++)
    json_array_add_string_element (port_paths, fd_port_info_get_path (g_ptr_array_index (ports, i)));
  json_object_set_array_member (object, "ports", port_paths);
  json_object_set_string_member (object, "key", fd_module_get_key (module));
  if (fd_device_group_get_vid (group) != 0)
    {
      JsonObject *usb = json_object_new ();
      g_autofree char *id = g_strdup_printf ("%04x:%04x", fd_device_group_get_vid (group),
                                             fd_device_group_get_pid (group));

      json_object_set_string_member (usb, "id", id);
      set_nullable (usb, "serial", fd_device_group_get_usb_serial (group));
      set_nullable (usb, "path", fd_device_group_get_usb_path (group));
      json_object_set_object_member (object, "usb", usb);
    }
  set_nullable (object, "title", fd_module_get_title (module));
  set_nullable (object, "manufacturer", fd_module_get_manufacturer (module));
  set_nullable (object, "model", fd_module_get_model (module));
  set_nullable (object, "revision", fd_module_get_revision (module));
  json_object_set_array_member (object, "dialects",
                                dialects_array (fd_module_get_dialects (module)));
  if (fd_module_get_model_row (module) != NULL)
    json_object_set_string_member (object, "model_row",
                                   fd_model_get_id (fd_module_get_model_row (module)));
  if (fd_module_get_problem (module) != FD_MODULE_PROBLEM_NONE)
    {
      JsonObject *problem = json_object_new ();

      json_object_set_string_member (problem, "name",
                                     fd_module_problem_to_string (fd_module_get_problem (module)));
      set_nullable (problem, "message", fd_module_get_problem_message (module));
      json_object_set_object_member (object, "problem", problem);
    }
  else
    json_object_set_null_member (object, "problem");
  set_nullable (object, "warning", fd_module_get_warning (module));
  print_object (object);
}

static void
print_module_text (FdModule *module)
{
  g_autofree char *dialects = fd_dialects_to_string (fd_module_get_dialects (module));
  const char *port = fd_module_get_port_name (module);

  g_print ("%s  %s  IMEI %s  %s  [%s]\n",
           port != NULL ? port : "-",
           fd_module_get_model (module) ? fd_module_get_model (module)
                                        : fd_module_get_title (module),
           fd_module_get_imei (module) ? fd_module_get_imei (module) : "?",
           fd_module_get_revision (module) ? fd_module_get_revision (module) : "?",
           dialects[0] != '\0' ? dialects : _("no FOTA dialect"));
  if (fd_module_get_problem (module) != FD_MODULE_PROBLEM_NONE)
    g_print ("    %s\n", fd_module_get_problem_message (module));
  if (fd_module_get_warning (module) != NULL)
    g_print ("    %s\n", fd_module_get_warning (module));
}

static int
run_scan (FdCliContext *context, int argc, char **argv)
{
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 0)
    {
      fd_cli_error (_("`scan` takes no arguments; use --glob to add ports"));
      return FD_CLI_EXIT_USAGE;
    }
  modules = fd_cli_scan_modules (context, &error);
  if (modules == NULL)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? FD_CLI_EXIT_INTERRUPTED
                                                                      : FD_CLI_EXIT_FAILED;
  for (guint i = 0; i < modules->len; i++)
    {
      if (context->json)
        print_module_json (g_ptr_array_index (modules, i));
      else
        print_module_text (g_ptr_array_index (modules, i));
    }
  if (modules->len == 0)
    {
      fd_cli_error (_("No serial ports found. Plug a module in, or name its port with --glob."));
      return FD_CLI_EXIT_NO_MODULE;
    }
  return FD_CLI_EXIT_OK;
}

const FdCliCommand fd_cli_command_scan = {
  .name = "scan",
  .parameter_string = "",
  .summary = N_("List every module: port, model, IMEI, firmware, dialects, problems"),
  .description = N_("Identifies every serial port (plus --glob patterns) with read-only\n"
                    "commands. Nothing is changed on any module."),
  .run = run_scan,
};

/* --- info ------------------------------------------------------------ */

/* The read forms of each dialect's settings: nothing here changes a
 * module. Answers that carry a secret are shown redacted. */
static const struct {
  FdDialect   dialect;
  const char *command;
} settings_reads[] = {
  { FD_DIALECT_RSFOTA, "AT+RSFOTAMODE?" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"url\"" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"auth\"" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"timeout\"" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"mode\"" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"progind\"" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"ssl\"" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"pkgsize\"" },
  { FD_DIALECT_MFW, "AT+MFWDLOAD?" },
  { FD_DIALECT_LUAT, "AT+UPGRADE?" },
  { FD_DIALECT_LUAT, "AT+UPGRADE=\"KEY\"" },
  { FD_DIALECT_LUAT, "AT+UPGRADE=\"AUTO\"" },
  { FD_DIALECT_LUAT, "AT+UPGRADE=\"PERIOD\"" },
  { FD_DIALECT_LUAT, "AT+UPGRADE=\"URL\"" },
};

/* A Luat KEY answer carries the module's current key: never shown. */
static char *
shown_line (const char *command, const char *line)
{
  if (g_str_has_suffix (command, "\"KEY\""))
    return g_strdup ("+UPGRADE: \"KEY\",***");
  return fd_redact_secrets (line);
}

static int
run_info (FdCliContext *context, int argc, char **argv)
{
  g_autoptr(FdSerialPort) port = NULL;
  g_autoptr(FdAtSession) session = NULL;
  g_auto(FdIdentity) identity = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonObject *settings = json_object_new ();

  if (argc != 1)
    {
      fd_cli_error (_("`info` needs exactly one port, e.g. fotadesk-cli info /dev/ttyUSB2"));
      json_object_unref (settings);
      return FD_CLI_EXIT_USAGE;
    }
  port = fd_serial_port_open (argv[0], context->baud, &error);
  if (port == NULL)
    {
      fd_cli_error ("%s", error->message);
      json_object_unref (settings);
      return g_error_matches (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND)
               ? FD_CLI_EXIT_NO_MODULE
               : FD_CLI_EXIT_FAILED;
    }
  session = fd_at_session_new (port);
  if (!fd_identify (session, 0, &identity, context->cancellable, &error))
    {
      /* Translators: a serial port (/dev/ttyUSB2), then why, a sentence. */
      fd_cli_error (_("%s does not answer as a module: %s"), argv[0], error->message);
      json_object_unref (settings);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? FD_CLI_EXIT_INTERRUPTED
                                                                        : FD_CLI_EXIT_FAILED;
    }

  object = new_object ("info", identity.imei, argv[0]);
  if (!context->json)
    {
      g_autofree char *dialects = fd_dialects_to_string (identity.dialects);

      g_print ("%s  %s %s  IMEI %s  %s  [%s]\n", argv[0],
               identity.manufacturer ? identity.manufacturer : "?",
               identity.model ? identity.model : "?", identity.imei ? identity.imei : "?",
               identity.revision ? identity.revision : "?",
               dialects[0] != '\0' ? dialects : _("no FOTA dialect"));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (settings_reads); i++)
    {
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) local = NULL;
      JsonArray *shown = NULL;

      if ((identity.dialects & settings_reads[i].dialect) == 0)
        continue;
      lines = fd_at_session_command (session, settings_reads[i].command, 0,
                                     context->cancellable, &local);
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FD_CLI_EXIT_INTERRUPTED;
      shown = json_array_new ();
      for (guint l = 0; lines != NULL && l < lines->len; l++)
        {
          g_autofree char *text = shown_line (settings_reads[i].command,
                                              g_ptr_array_index (lines, l));

          json_array_add_string_element (shown, text);
          if (!context->json)
            g_print ("  %-24s %s\n", settings_reads[i].command, text);
        }
      if (local != NULL && !context->json)
        g_print ("  %-24s (%s)\n", settings_reads[i].command, local->message);
      json_object_set_array_member (settings, settings_reads[i].command, shown);
    }

  if (context->json)
    {
      set_nullable (object, "manufacturer", identity.manufacturer);
      set_nullable (object, "model", identity.model);
      set_nullable (object, "revision", identity.revision);
      json_object_set_array_member (object, "dialects", dialects_array (identity.dialects));
      json_object_set_object_member (object, "settings", settings);
      print_object (object);
    }
  else
    json_object_unref (settings);
  return FD_CLI_EXIT_OK;
}

const FdCliCommand fd_cli_command_info = {
  .name = "info",
  .parameter_string = N_("PORT"),
  .summary = N_("Show one module and its current FOTA settings (read-only)"),
  .description = N_("Identifies the module on PORT and reads its FOTA settings with the read\n"
                    "forms of its dialects (AT+RSFOTAMODE?, each AT+MFWCFG item, each\n"
                    "AT+UPGRADE tag and AT+UPGRADE?). Passwords and keys are shown as ***."),
  .run = run_info,
};
