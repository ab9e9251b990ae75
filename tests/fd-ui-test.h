/* fd-ui-test.h — what every UI test needs: a display, a private session
 * bus, the application registered without running, waiting on the main
 * loop with a bound, and screenshots
 *
 * GTK 4 has no synthetic input: tests drive the window through its
 * actions and the widgets' own API, the same paths a click takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-application.h"
#include "fd-device-item.h"
#include "fd-window.h"

G_BEGIN_DECLS

/* Call first: environment (memory settings, cairo renderer, no a11y
 * bus), a private session bus, gtk_test_init(). */
void fd_ui_test_init (int *argc, char ***argv);
/* Runs the tests, then fd_ui_test_finish(). */
int fd_ui_test_run (void);
/* Ends demo mode if it ran and stops the private bus; returns @status. */
int fd_ui_test_finish (int status);

/* The application, registered (its startup ran) but not running. */
FdApplication *fd_ui_test_get_application (void);
/* A new main window at @width x @height, presented and drawn once. */
FdWindow *fd_ui_test_new_window (int width, int height);
/* Closes @window and lets the main loop settle. */
void fd_ui_test_close_window (FdWindow *window);

typedef gboolean (*FdUiTestCondition) (gpointer user_data);
/* Iterates the default main context until @condition holds or
 * @timeout_ms passes; fails the test (naming @what) on timeout. */
void fd_ui_test_wait_for (FdUiTestCondition condition, gpointer user_data, guint timeout_ms,
                          const char *what);
/* Conditions for fd_ui_test_wait_for(): @window (an FdWindow) shows an
 * alert dialog / has scanned its ports once; @session (an
 * FdBatchSession) has finished / has a module flashing. */
gboolean fd_ui_test_has_alert (gpointer window);
gboolean fd_ui_test_scanned_once (gpointer window);
gboolean fd_ui_test_session_finished (gpointer session);
gboolean fd_ui_test_any_flashing (gpointer session);
/* @window's batch (if it has one) has finished. */
gboolean fd_ui_test_window_batch_finished (gpointer window);
/* The device list's item on the port known as @port ("ttyUSB3"), or NULL. */
FdDeviceItem *fd_ui_test_item_on_port (FdWindow *window, const char *port);

/* Iterates the main context for @ms (for animations to settle). */
void fd_ui_test_spin (guint ms);

/* Renders @widget to <build dir>/screenshots/@name.png; returns the path.
 * @name may hold a folder ("zh_CN/devices"). */
char *fd_ui_test_screenshot (GtkWidget *widget, const char *name);

/* Adds an identified, ready module to @window's device list, as a scan
 * would, and returns it (owned by the list). Stops the window's port
 * polling, which would drop a module that is on no real port. */
FdDeviceItem *fd_ui_test_add_module (FdWindow   *window,
                                     const char *key,
                                     const char *model,
                                     const char *imei,
                                     const char *revision,
                                     FdDialect   dialects,
                                     const char *port);

/* A loopback HTTP server (tests/servers/httpd.py) serving @root; returns
 * its port. Stopped by fd_ui_test_stop_http(). */
int fd_ui_test_start_http (const char *root);
void fd_ui_test_stop_http (void);

/* Desktop notifications the application sent, as "summary\nbody" (a
 * small org.freedesktop.Notifications service on the test bus). */
GPtrArray *fd_ui_test_get_notifications (void);

/* Owns @name on the test bus, which is also the system bus the
 * application asks (a stand-in for a running ModemManager). */
void fd_ui_test_own_name (const char *name);

/* The first descendant of @root of @type (depth first), or NULL. */
GtkWidget *fd_ui_test_find_child (GtkWidget *root, GType type);
/* The first descendant that is a GtkLabel containing @text, or NULL. */
GtkLabel *fd_ui_test_find_label (GtkWidget *root, const char *text);
/* The texts of the labels shown in @root (mapped, with a size) that have
 * English words but no Chinese character, one per line, or NULL when
 * there is none: what a translation left out. Labels inside a widget of
 * @skip_type (may be G_TYPE_INVALID) are not looked at. Identifiers —
 * model names, ports, versions, URLs, acronyms, product names — are not
 * words here. */
char *fd_ui_test_dup_untranslated (GtkWidget *root, GType skip_type);
/* Scrolls @widget's scrolled window so that @widget is near its top. */
void fd_ui_test_scroll_to (GtkWidget *widget);
/* Activates @action (with @parameter, may be NULL) from @widget, as its
 * button or menu item would; fails if it is missing or disabled. */
void fd_ui_test_activate (GtkWidget *widget, const char *action, GVariant *parameter);

G_END_DECLS
