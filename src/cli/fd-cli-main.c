/* fd-cli-main.c — fotadesk-cli entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("COMMAND");
  g_option_context_set_summary (context,
                                "Upgrade the firmware of cellular IoT modules over their AT port.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fotadesk-cli: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("fotadesk-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_printerr ("fotadesk-cli: no command given; see --help\n");
  return 2;
}
