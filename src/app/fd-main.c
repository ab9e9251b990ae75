/* fd-main.c — fotadesk entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-application.h"
#include "fd-i18n.h"

int
main (int argc, char **argv)
{
  g_autoptr(FdApplication) app = NULL;

  fd_i18n_init ();

  app = fd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
