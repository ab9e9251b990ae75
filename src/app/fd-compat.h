/* fd-compat.h — the few widgets whose API changed after GTK 4.8 and
 * libadwaita 1.2, behind one call each
 *
 * FotaDesk builds against GTK 4.8 and libadwaita 1.2 (Debian 12). Their
 * file chooser, URI launcher and message dialog are deprecated later
 * (GtkFileDialog and GtkUriLauncher in 4.10, AdwAlertDialog in 1.5);
 * when the minimum versions are raised, only this file changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @file is NULL when the user cancelled. */
typedef void (*FdFileChosenFunc) (GFile *file, gpointer user_data);

/* Asks for a file to open (@save FALSE) or to save to (@save TRUE, with
 * @initial_name suggested). */
void fd_compat_choose_file (GtkWidget       *parent,
                            const char      *title,
                            gboolean         save,
                            const char      *initial_name,
                            FdFileChosenFunc func,
                            gpointer         user_data);

/* Opens @uri (a folder, a web page) with the user's default program. */
void fd_compat_show_uri (GtkWidget *parent, const char *uri);

typedef enum {
  FD_ALERT_DEFAULT,
  FD_ALERT_SUGGESTED,
  FD_ALERT_DESTRUCTIVE,
} FdAlertAppearance;

/* @response is the id of the chosen response (the close response when
 * the dialog was dismissed). */
typedef void (*FdAlertFunc) (GtkWidget *alert, const char *response, gpointer user_data);

/* A question with a heading, a body and buttons. */
GtkWidget *fd_compat_alert_new (const char *heading, const char *body);
void fd_compat_alert_add_response (GtkWidget        *alert,
                                   const char       *id,
                                   const char       *label,
                                   FdAlertAppearance appearance);
/* The response of Escape and the default one (Enter). */
void fd_compat_alert_set_close_response (GtkWidget *alert, const char *id);
void fd_compat_alert_set_default_response (GtkWidget *alert, const char *id);
void fd_compat_alert_set_extra_child (GtkWidget *alert, GtkWidget *child);
/* Shows @alert over @parent; @func runs once, with the response. */
void fd_compat_alert_present (GtkWidget  *alert,
                              GtkWidget  *parent,
                              FdAlertFunc func,
                              gpointer    user_data);
/* Answers @alert as a click on @id would (tests, keyboard paths). */
void fd_compat_alert_respond (GtkWidget *alert, const char *id);
gboolean fd_compat_is_alert (GtkWidget *widget);

G_END_DECLS
