/* fd-compat.c — widgets whose API changed after GTK 4.8 / libadwaita 1.2
 *
 * Only the 4.8 / 1.2 branches are compiled today (the build pins both);
 * the newer branches are written for the day the minimum is raised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-compat.h"

/* The version macros of newer releases do not exist in older headers. */
#if defined(GDK_VERSION_4_10) && GDK_VERSION_MIN_REQUIRED >= GDK_VERSION_4_10
#define FD_NEW_GTK 1
#else
#define FD_NEW_GTK 0
#endif
#if defined(ADW_VERSION_1_5) && ADW_VERSION_MIN_REQUIRED >= ADW_VERSION_1_5
#define FD_NEW_ADW 1
#else
#define FD_NEW_ADW 0
#endif

/* ---- files --------------------------------------------------------------- */

typedef struct {
  FdFileChosenFunc func;
  gpointer         user_data;
} Chooser;

#if FD_NEW_GTK
static void
file_dialog_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Chooser *chooser = data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GFile) file = NULL;

  if (g_object_get_data (source, "fd-save") != NULL)
    file = gtk_file_dialog_save_finish (dialog, result, NULL);
  else
    file = gtk_file_dialog_open_finish (dialog, result, NULL);
  chooser->func (file, chooser->user_data);
  g_free (chooser);
}

void
fd_compat_choose_file (GtkWidget       *parent,
                       const char      *title,
                       gboolean         save,
                       const char      *initial_name,
                       FdFileChosenFunc func,
                       gpointer         user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (parent));
  Chooser *chooser = g_new0 (Chooser, 1);

  chooser->func = func;
  chooser->user_data = user_data;
  gtk_file_dialog_set_title (dialog, title);
  if (save)
    {
      g_object_set_data (G_OBJECT (dialog), "fd-save", GINT_TO_POINTER (1));
      gtk_file_dialog_set_initial_name (dialog, initial_name);
      gtk_file_dialog_save (dialog, window, NULL, file_dialog_done, chooser);
    }
  else
    {
      gtk_file_dialog_open (dialog, window, NULL, file_dialog_done, chooser);
    }
}
#else
static void
native_response (GtkNativeDialog *native, int response, gpointer data)
{
  Chooser *chooser = data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  chooser->func (file, chooser->user_data);
  g_free (chooser);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
fd_compat_choose_file (GtkWidget       *parent,
                       const char      *title,
                       gboolean         save,
                       const char      *initial_name,
                       FdFileChosenFunc func,
                       gpointer         user_data)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (parent));
  GtkFileChooserAction action = save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                     : GTK_FILE_CHOOSER_ACTION_OPEN;
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (title, window, action, save ? _("_Save") : _("_Open"),
                                 _("_Cancel"));
  Chooser *chooser = g_new0 (Chooser, 1);

  chooser->func = func;
  chooser->user_data = user_data;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (save && initial_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  g_signal_connect (native, "response", G_CALLBACK (native_response), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

void
fd_compat_show_uri (GtkWidget *parent, const char *uri)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (parent));

#if FD_NEW_GTK
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, window, NULL, NULL, NULL);
#else
  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
#endif
}

/* ---- alerts -------------------------------------------------------------- */

typedef struct {
  FdAlertFunc func;
  gpointer    user_data;
} Alert;

static void
on_alert_response (GtkWidget *alert, const char *response, gpointer data)
{
  Alert *info = data;

  if (info->func != NULL)
    info->func (alert, response, info->user_data);
  info->func = NULL;
}

#if FD_NEW_ADW
#define ALERT(w) ADW_ALERT_DIALOG (w)

GtkWidget *
fd_compat_alert_new (const char *heading, const char *body)
{
  return adw_alert_dialog_new (heading, body);
}

void
fd_compat_alert_add_response (GtkWidget        *alert,
                              const char       *id,
                              const char       *label,
                              FdAlertAppearance appearance)
{
  adw_alert_dialog_add_response (ALERT (alert), id, label);
  adw_alert_dialog_set_response_appearance (ALERT (alert), id, (AdwResponseAppearance) appearance);
}

void
fd_compat_alert_set_close_response (GtkWidget *alert, const char *id)
{
  adw_alert_dialog_set_close_response (ALERT (alert), id);
}

void
fd_compat_alert_set_default_response (GtkWidget *alert, const char *id)
{
  adw_alert_dialog_set_default_response (ALERT (alert), id);
}

void
fd_compat_alert_set_extra_child (GtkWidget *alert, GtkWidget *child)
{
  adw_alert_dialog_set_extra_child (ALERT (alert), child);
}

void
fd_compat_alert_present (GtkWidget *alert, GtkWidget *parent, FdAlertFunc func, gpointer user_data)
{
  Alert *info = g_new0 (Alert, 1);

  info->func = func;
  info->user_data = user_data;
  g_signal_connect_data (alert, "response", G_CALLBACK (on_alert_response), info,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_dialog_present (ADW_DIALOG (alert), parent);
}

void
fd_compat_alert_respond (GtkWidget *alert, const char *id)
{
  adw_alert_dialog_set_close_response (ALERT (alert), id);
  adw_dialog_close (ADW_DIALOG (alert));
}

gboolean
fd_compat_is_alert (GtkWidget *widget)
{
  return ADW_IS_ALERT_DIALOG (widget);
}
#else
#define ALERT(w) ADW_MESSAGE_DIALOG (w)

GtkWidget *
fd_compat_alert_new (const char *heading, const char *body)
{
  return adw_message_dialog_new (NULL, heading, body);
}

void
fd_compat_alert_add_response (GtkWidget        *alert,
                              const char       *id,
                              const char       *label,
                              FdAlertAppearance appearance)
{
  adw_message_dialog_add_response (ALERT (alert), id, label);
  adw_message_dialog_set_response_appearance (ALERT (alert), id,
                                              (AdwResponseAppearance) appearance);
}

void
fd_compat_alert_set_close_response (GtkWidget *alert, const char *id)
{
  adw_message_dialog_set_close_response (ALERT (alert), id);
}

void
fd_compat_alert_set_default_response (GtkWidget *alert, const char *id)
{
  adw_message_dialog_set_default_response (ALERT (alert), id);
}

void
fd_compat_alert_set_extra_child (GtkWidget *alert, GtkWidget *child)
{
  adw_message_dialog_set_extra_child (ALERT (alert), child);
}

void
fd_compat_alert_present (GtkWidget *alert, GtkWidget *parent, FdAlertFunc func, gpointer user_data)
{
  Alert *info = g_new0 (Alert, 1);

  info->func = func;
  info->user_data = user_data;
  g_signal_connect_data (alert, "response", G_CALLBACK (on_alert_response), info,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_set_transient_for (GTK_WINDOW (alert), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_modal (GTK_WINDOW (alert), TRUE);
  gtk_window_present (GTK_WINDOW (alert));
}

void
fd_compat_alert_respond (GtkWidget *alert, const char *id)
{
  adw_message_dialog_response (ALERT (alert), id);
}

gboolean
fd_compat_is_alert (GtkWidget *widget)
{
  return ADW_IS_MESSAGE_DIALOG (widget);
}
#endif
