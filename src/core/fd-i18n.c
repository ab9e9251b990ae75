/* fd-i18n.c — the locale and the message catalogue, for every program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

void
fd_i18n_init (void)
{
  const char *localedir = g_getenv ("FOTADESK_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
