/* fd-cli-main.c — fotadesk-cli: global options and command dispatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fd-cli-upgrade.h"
#include "fd-i18n.h"

static const FdCliCommand *const commands[] = {
  &fd_cli_command_scan,
  &fd_cli_command_info,
  &fd_cli_command_upgrade,
  &fd_cli_command_at,
  &fd_cli_command_report,
};

void
fd_cli_error (const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("fotadesk-cli: %s\n", text);
}

/* Signals are watched on a thread of their own, so Ctrl-C cancels even
 * while the main thread blocks in a serial read. */
static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer user_data)
{
  GMainContext *context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  const int signals[] = { SIGINT, SIGTERM };

  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      GSource *source = g_unix_signal_source_new (signals[i]);

      g_source_set_callback (source, on_signal, user_data, NULL);
      g_source_attach (source, context);
      g_source_unref (source);
    }
  g_main_loop_run (loop);
  return NULL;
}

static char *
commands_help (void)
{
  /* Translators: heads the list of commands in `fotadesk-cli --help`. */
  g_autoptr(GString) text = g_string_new (_("Commands:\n"));

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i]->name, _(commands[i]->summary));
  g_string_append (text, _("\nRun “fotadesk-cli COMMAND --help” for a command's options.\n"
                           "Exit status: 0 all modules succeeded or were up to date; 1 at least "
                           "one failed\nor was cancelled; 2 usage or validation error (nothing "
                           "was sent); 3 no module\nmatched; 130 interrupted."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Global options whose value may be the next word. */
static gboolean
takes_value (const char *arg)
{
  static const char *const with_value[] = { "--glob", "--baud", "--log-dir" };

  for (gsize i = 0; i < G_N_ELEMENTS (with_value); i++)
    {
      if (strcmp (arg, with_value[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static const FdCliCommand *
find_command (int argc, char **argv, int *index)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      if (takes_value (argv[i]))
        {
          i++; /* skip the value: it is not the command */
          continue;
        }
      for (gsize c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          if (strcmp (argv[i], commands[c]->name) == 0)
            {
              *index = i;
              return commands[c];
            }
        }
      if (argv[i][0] != '-')
        break; /* an unknown word where the command should be */
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  FdCliContext context = { .baud = 115200 };
  gboolean version = FALSE;
  GOptionEntry global_entries[] = {
    { "glob", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &context.globs,
      N_("Extra ports to consider, e.g. '/dev/serial/by-id/*' (repeatable)"), N_("PATTERN") },
    { "glob-only", 0, 0, G_OPTION_ARG_NONE, &context.glob_only,
      N_("Consider only the --glob ports, not the ports the system lists"), NULL },
    { "baud", 0, 0, G_OPTION_ARG_INT, &context.baud, N_("Baud rate (default 115200)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &context.json, N_("Print JSON lines on stdout"), NULL },
    { "log-dir", 0, 0, G_OPTION_ARG_FILENAME, &context.log_dir,
      N_("Where the audit log and transcripts go (default: $XDG_STATE_HOME/fotadesk)"),
      N_("DIR") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &context.verbose, N_("Say more"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *help = NULL;
  const FdCliCommand *command;
  int index = 0;
  int status;

  fd_i18n_init ();

  command = find_command (argc, argv, &index);
  if (command != NULL)
    {
      /* Not gettext (""): that is the catalogue's header. */
      g_autofree char *parameters =
        command->parameter_string[0] != '\0'
          ? g_strdup_printf ("%s %s", command->name, _(command->parameter_string))
          : g_strdup (command->name);
      options = g_option_context_new (parameters);
      g_option_context_set_summary (options, _(command->summary));
      if (command->description != NULL)
        g_option_context_set_description (options, _(command->description));
      if (command->entries != NULL)
        g_option_context_add_main_entries (options, command->entries, GETTEXT_PACKAGE);
      {
        GOptionGroup *global = g_option_group_new ("global", _("Global options:"),
                                                   _("Show the global options"), NULL, NULL);
        g_option_group_add_entries (global, global_entries);
        g_option_group_set_translation_domain (global, GETTEXT_PACKAGE);
        g_option_context_add_group (options, global);
      }
    }
  else
    {
      options = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
      g_option_context_set_summary (options,
                                    _("Upgrade the firmware of cellular IoT modules over their "
                                      "AT port."));
      help = commands_help ();
      g_option_context_set_description (options, help);
      g_option_context_add_main_entries (options, global_entries, GETTEXT_PACKAGE);
    }

  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      fd_cli_error ("%s", error->message);
      return FD_CLI_EXIT_USAGE;
    }
  if (version)
    {
      g_print ("fotadesk-cli %s\n", PACKAGE_VERSION);
      return FD_CLI_EXIT_OK;
    }
  if (command == NULL)
    {
      if (argc > 1)
        /* Translators: %s is the word typed where a command should be. */
        fd_cli_error (_("unknown command “%s”; see fotadesk-cli --help"), argv[1]);
      else
        fd_cli_error (_("no command given; see fotadesk-cli --help"));
      return FD_CLI_EXIT_USAGE;
    }
  if (context.baud < 300 || context.baud > 4000000)
    {
      fd_cli_error (_("--baud must be between 300 and 4000000; got %d."), context.baud);
      return FD_CLI_EXIT_USAGE;
    }

  /* --verbose: the core's debug messages (probes, retries, reattach). */
  if (context.verbose)
    g_log_set_debug_enabled (TRUE);

  context.cancellable = cancellable;
  context.output = fd_cli_output_new (stdout, context.json);
  g_thread_unref (g_thread_new ("signals", signal_thread, cancellable));

  /* argv[1] is the command (parsing removed the options). */
  status = command->run (&context, argc - 2, argv + 2);
  fd_cli_upgrade_options_clear ();
  fflush (stdout);

  fd_cli_output_free (context.output);
  g_strfreev (context.globs);
  g_free (context.log_dir);
  return status;
}
