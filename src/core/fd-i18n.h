/* fd-i18n.h — the locale and the message catalogue, for every program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Follows the user's locale and binds the "fotadesk" catalogue, UTF-8.
 * The catalogue is read from the install's locale directory, or from
 * $FOTADESK_LOCALEDIR when set: the build tree's po/ folder is a locale
 * directory, so tests and uninstalled runs can show the translations. */
void fd_i18n_init (void);

G_END_DECLS
