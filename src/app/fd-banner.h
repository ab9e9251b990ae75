/* fd-banner.h — a message across the top of a pane, with an optional
 * button
 *
 * AdwBanner arrived in libadwaita 1.3; FotaDesk builds against 1.2, and
 * its banners carry a second line of advice that AdwBanner has no room
 * for, so this small widget stands in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FD_TYPE_BANNER (fd_banner_get_type ())
G_DECLARE_FINAL_TYPE (FdBanner, fd_banner, FD, BANNER, AdwBin)

GtkWidget  *fd_banner_new (void);
void        fd_banner_set_title (FdBanner *self, const char *title);
const char *fd_banner_get_title (FdBanner *self);
/* A second, smaller line; NULL for none. */
void        fd_banner_set_message (FdBanner *self, const char *message);
const char *fd_banner_get_message (FdBanner *self);
/* A button activating @action_name, a detailed name ("win.x('y')")
 * when the action takes a parameter; NULL label hides it. */
void     fd_banner_set_button (FdBanner *self, const char *label, const char *action_name);
void     fd_banner_set_icon_name (FdBanner *self, const char *icon_name);
void     fd_banner_set_revealed (FdBanner *self, gboolean revealed);
gboolean fd_banner_get_revealed (FdBanner *self);

G_END_DECLS
