/* fd-application.c — the GtkApplication: actions, windows, command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <libserialport.h>

#include "fd-application.h"
#include "fd-window.h"

struct _FdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FdApplication, fd_application, ADW_TYPE_APPLICATION)

static void
fd_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fd_window_new (FD_APPLICATION (app)));
  gtk_window_present (window);
}

char *
fd_application_dup_versions (void)
{
  const curl_version_info_data *curl = curl_version_info (CURLVERSION_NOW);

  return g_strdup_printf ("FotaDesk %s\n"
                          "GTK %u.%u.%u (built with %d.%d.%d)\n"
                          "libadwaita %u.%u.%u (built with %d.%d.%d)\n"
                          "GLib %u.%u.%u\n"
                          "libserialport %s\n"
                          "libcurl %s (%s)\n",
                          PACKAGE_VERSION, gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (), GTK_MAJOR_VERSION, GTK_MINOR_VERSION,
                          GTK_MICRO_VERSION, adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version (), ADW_MAJOR_VERSION, ADW_MINOR_VERSION,
                          ADW_MICRO_VERSION, glib_major_version, glib_minor_version,
                          glib_micro_version, sp_get_package_version_string (), curl->version,
                          curl->ssl_version != NULL ? curl->ssl_version : "no TLS");
}

static void
fd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
fd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  adw_about_window_set_application_name (about, "FotaDesk");
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, "https://github.com/fotadesk/fotadesk");
  adw_about_window_set_developer_name (about, _("The FotaDesk developers"));
  adw_about_window_set_comments (about, _("Upgrade the firmware of cellular IoT modules through "
                                          "their AT-command ports, one module or a whole tray."));
  adw_about_window_set_issue_url (about, "https://github.com/fotadesk/fotadesk/issues");
  adw_about_window_set_copyright (about, "© 2026 The FotaDesk developers");
  {
    g_autofree char *versions = fd_application_dup_versions ();

    adw_about_window_set_debug_info (about, versions);
    adw_about_window_set_debug_info_filename (about, "fotadesk-versions.txt");
  }
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", fd_application_quit_action },
  { "about", fd_application_about_action },
};

static void
fd_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fd_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
fd_application_class_init (FdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = fd_application_activate;
  app_class->startup = fd_application_startup;
}

static void
fd_application_init (FdApplication *self)
{
}

FdApplication *
fd_application_new (void)
{
  return g_object_new (FD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/fotadesk/FotaDesk",
                       NULL);
}
