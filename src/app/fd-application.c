/* fd-application.c — the GtkApplication: actions, windows, command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <curl/curl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <libserialport.h>

#include "fd-application.h"
#include "fd-demo.h"
#include "fd-first-frame.h"
#include "fd-window.h"

struct _FdApplication
{
  AdwApplication parent_instance;

  gboolean       want_demo; /* --demo */
  guint          demo_modules; /* --demo-modules */
  FdDemo        *demo;
};

G_DEFINE_FINAL_TYPE (FdApplication, fd_application, ADW_TYPE_APPLICATION)

/* Starts the simulated modules once; every window then shows them. */
static gboolean
ensure_demo (FdApplication *self, GtkWindow *window)
{
  g_autoptr(GError) error = NULL;

  if (self->demo == NULL)
    self->demo = fd_demo_new_sized (self->demo_modules, &error);
  if (self->demo == NULL)
    {
      /* Translators: the reason demo mode could not start */
      g_autofree char *message = g_strdup_printf (_("Demo mode could not start: %s"),
                                                  error->message);

      g_warning ("%s", message);
      if (window != NULL)
        fd_window_toast (FD_WINDOW (window), message);
      return FALSE;
    }
  if (window != NULL)
    fd_window_set_demo (FD_WINDOW (window), self->demo);
  return TRUE;
}

static void
fd_application_activate (GApplication *app)
{
  FdApplication *self = FD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (fd_window_new (self));
      if (self->want_demo || self->demo != NULL)
        ensure_demo (self, window);
      fd_first_frame_watch (window);
    }
  gtk_window_present (window);
}

static void
fd_application_start_demo_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  FdApplication *self = FD_APPLICATION (user_data);

  ensure_demo (self, gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static int
fd_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  FdApplication *self = FD_APPLICATION (app);
  const char *n_modules = NULL;
  guint64 n;

  if (g_variant_dict_contains (options, "demo"))
    self->want_demo = TRUE;
  if (g_variant_dict_lookup (options, "demo-modules", "&s", &n_modules))
    {
      if (!g_ascii_string_to_unsigned (n_modules, 10, 1, FD_DEMO_MAX_MODULES, &n, NULL))
        {
          /* Translators: --demo-modules is the option's name; keep it */
          g_printerr (_("--demo-modules takes a number from 1 to %d\n"), FD_DEMO_MAX_MODULES);
          return 2;
        }
      self->want_demo = TRUE;
      self->demo_modules = (guint) n;
    }
  return -1;
}

/* Ctrl+C or a polite kill ends the application as its Quit does, so that
 * demo mode's simulated modules and folders are cleaned up. */
static gboolean
on_terminate (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
fd_application_shutdown (GApplication *app)
{
  FdApplication *self = FD_APPLICATION (app);

  if (self->demo != NULL)
    fd_demo_shutdown (self->demo);
  g_clear_object (&self->demo);
  G_APPLICATION_CLASS (fd_application_parent_class)->shutdown (app);
}

void
fd_application_set_demo_modules (FdApplication *self, guint n_modules)
{
  g_return_if_fail (FD_IS_APPLICATION (self));
  g_return_if_fail (n_modules <= FD_DEMO_MAX_MODULES);
  self->demo_modules = n_modules > 0 ? n_modules : FD_DEMO_DEFAULT_MODULES;
}

FdDemo *
fd_application_get_demo (FdApplication *self)
{
  g_return_val_if_fail (FD_IS_APPLICATION (self), NULL);
  return self->demo;
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
  adw_about_window_set_copyright (about, _("© 2026 The FotaDesk developers"));
  /* Translators: your names, one per line, for About's credits (About
   * shows nothing while this is untranslated) */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
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
  { "start-demo", fd_application_start_demo_action },
};

static void
fd_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fd_application_parent_class)->startup (app);
  g_unix_signal_add (SIGINT, on_terminate, app);
  g_unix_signal_add (SIGTERM, on_terminate, app);
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
  app_class->shutdown = fd_application_shutdown;
  app_class->handle_local_options = fd_application_handle_local_options;
}

static void
fd_application_init (FdApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start simulated modules of every kind, to try FotaDesk without hardware"), NULL },
    /* Translators: N in the option's placeholder is the number of modules */
    { "demo-modules", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Demo mode with N simulated modules: the usual nine, then more M5311-E, MN316 and "
         "ML307A-DSLN (at most 64)"),
      N_("N") },
    { NULL },
  };

  self->demo_modules = FD_DEMO_DEFAULT_MODULES;
  g_application_add_main_option_entries (G_APPLICATION (self), options);
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
