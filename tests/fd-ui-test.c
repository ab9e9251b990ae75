/* fd-ui-test.c — common helpers of the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fd-ui-test.h"
#include "fd-window-private.h"

static GTestDBus     *test_bus;
static FdApplication *application;
static GPtrArray     *notifications;

/* ---- a notification service on the test bus ------------------------------ */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strdup_printf ("%s\n%s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "fd-ui-test", "FotaDesk",
                                                            "1", "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static void
start_notification_service (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  GDBusConnection *bus;
  GVariant *reply;

  g_assert_no_error (error);
  notifications = g_ptr_array_new_with_free_func (g_free);
  /* A connection of its own: the application's must look like a client. */
  bus = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications",
                                                      4 /* do not queue */),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);
  /* Kept for the life of the process, like the bus itself. */
  (void) bus;
}

GPtrArray *
fd_ui_test_get_notifications (void)
{
  return notifications;
}

void
fd_ui_test_init (int *argc, char ***argv)
{
  g_autofree char *display = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  /* The GL renderer under Xvfb is software at best; cairo is exact. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);

  /* g_test_dbus_up() unsets DISPLAY: the tests need Xvfb's. */
  display = g_strdup (g_getenv ("DISPLAY"));
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* The ModemManager check asks the system bus: make it this one too. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (test_bus), TRUE);
  start_notification_service ();

  gtk_test_init (argc, argv, NULL);
}

int
fd_ui_test_run (void)
{
  return fd_ui_test_finish (g_test_run ());
}

int
fd_ui_test_finish (int status)
{
  /* The application never ran, so its shutdown will not clean up. */
  if (application != NULL && fd_application_get_demo (application) != NULL)
    fd_demo_shutdown (fd_application_get_demo (application));
  g_clear_object (&application);
  /* Not g_test_dbus_down(): libadwaita's style manager keeps the bus
   * connection for the life of the process, which down() would wait for. */
  g_test_dbus_stop (test_bus);
  return status;
}

FdApplication *
fd_ui_test_get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;
  application = fd_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  return application;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

FdWindow *
fd_ui_test_new_window (int width, int height)
{
  FdWindow *window = fd_window_new (fd_ui_test_get_application ());

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  fd_ui_test_wait_for (is_mapped, window, 5000, "the window to appear");
  fd_ui_test_spin (200);
  return window;
}

void
fd_ui_test_close_window (FdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  fd_ui_test_spin (50);
}

typedef struct
{
  gboolean timed_out;
} WaitData;

static gboolean
on_timeout (gpointer user_data)
{
  ((WaitData *)user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
fd_ui_test_wait_for (FdUiTestCondition condition, gpointer user_data, guint timeout_ms,
                     const char *what)
{
  WaitData data = { FALSE };
  guint    id = g_timeout_add (timeout_ms, on_timeout, &data);

  while (!condition (user_data) && !data.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (data.timed_out)
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
  g_source_remove (id);
}

gboolean
fd_ui_test_has_alert (gpointer window)
{
  return fd_window_get_open_alert (window) != NULL;
}

gboolean
fd_ui_test_scanned_once (gpointer window)
{
  return fd_device_source_get_n_scans (fd_window_get_device_source (window)) > 0;
}

gboolean
fd_ui_test_session_finished (gpointer session)
{
  return fd_batch_session_is_finished (session);
}

gboolean
fd_ui_test_any_flashing (gpointer session)
{
  return fd_batch_session_any_flashing (session);
}

gboolean
fd_ui_test_window_batch_finished (gpointer window)
{
  FdBatchSession *session = fd_batch_panel_get_session (fd_window_get_batch_panel (window));

  return session != NULL && fd_batch_session_is_finished (session);
}

FdDeviceItem *
fd_ui_test_item_on_port (FdWindow *window, const char *port)
{
  FdDeviceList *list = fd_window_get_device_list (window);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(FdDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = fd_device_item_dup_port_name (item);

      if (g_strcmp0 (name, port) == 0)
        return item; /* the list keeps it */
    }
  return NULL;
}

void
fd_ui_test_spin (guint ms)
{
  WaitData data = { FALSE };

  g_timeout_add (ms, on_timeout, &data);
  while (!data.timed_out)
    g_main_context_iteration (NULL, TRUE);
}

char *
fd_ui_test_screenshot (GtkWidget *widget, const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  g_autofree char *folder = NULL;
  int width, height;

  /* Let the widget appear, and layout and animations finish. */
  fd_ui_test_wait_for (is_mapped, widget, 5000, "the widget to be shown");
  fd_ui_test_spin (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  folder = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  paintable = gtk_widget_paintable_new (widget);
  /* The paintable draws the widget's last frame; right after a change of
   * layout there may be none until the next frame: try a few. */
  for (guint attempt = 0; node == NULL && attempt < 30; attempt++)
    {
      if (attempt > 0)
        fd_ui_test_spin (100);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* Names and terms a translation keeps as they are. */
static const char *const untranslated_terms[] = {
  "FotaDesk", "OneNET", "OneMO", "Luat", "ModemManager", "brltty", "udev", "udevadm",
  "Flatpak", "dialout", "sudo", "usermod", "tee", "GNOME", "GTK", "GLib", "libadwaita",
  "libcurl", "libserialport", "json", "glib", "http", "https", "ftp", "ftps", "file",
  "tty", "Ctrl", "Shift", "Alt", NULL
};

static gboolean
has_chinese (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff))
        return TRUE;
    }
  return FALSE;
}

/* A word of English: three letters or more, some lower case, in a chunk
 * of text that is no identifier (digits, '_', '/', '.', '@', ':' or '-'
 * inside make it a model, port, version, path, URL or option). */
static gboolean
has_english_words (const char *text)
{
  g_auto(GStrv) chunks = g_strsplit_set (text, " \t\n\u00a0", -1);

  for (guint i = 0; chunks[i] != NULL; i++)
    {
      g_autofree char *word = NULL;
      const char *chunk = chunks[i];
      gsize start = 0, end = strlen (chunk);
      gboolean lower = FALSE;

      /* Punctuation around a word is not part of it. */
      while (start < end && !g_ascii_isalnum (chunk[start]))
        start++;
      while (end > start && !g_ascii_isalnum (chunk[end - 1]))
        end--;
      if (end - start < 3)
        continue;
      word = g_strndup (chunk + start, end - start);
      for (const char *p = word; *p != '\0'; p++)
        {
          if (!g_ascii_isalpha (*p) && *p != '\'')
            {
              g_clear_pointer (&word, g_free);
              break;
            }
          lower = lower || g_ascii_islower (*p);
        }
      if (word == NULL || !lower || g_strv_contains (untranslated_terms, word))
        continue;
      return TRUE;
    }
  return FALSE;
}

static void
collect_untranslated (GtkWidget *root, GType skip_type, GString *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child) || gtk_widget_get_width (child) == 0
          || (skip_type != G_TYPE_INVALID && G_TYPE_CHECK_INSTANCE_TYPE (child, skip_type)))
        continue;
      if (GTK_IS_LABEL (child))
        {
          const char *text = gtk_label_get_text (GTK_LABEL (child));

          if (has_english_words (text) && !has_chinese (text))
            g_string_append_printf (found, "%s\n", text);
        }
      collect_untranslated (child, skip_type, found);
    }
}

char *
fd_ui_test_dup_untranslated (GtkWidget *root, GType skip_type)
{
  g_autoptr(GString) found = g_string_new (NULL);

  collect_untranslated (root, skip_type, found);
  return found->len > 0 ? g_strdup (found->str) : NULL;
}

GtkWidget *
fd_ui_test_find_child (GtkWidget *root, GType type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      found = fd_ui_test_find_child (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkLabel *
fd_ui_test_find_label (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return GTK_LABEL (child);
      found = fd_ui_test_find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
fd_ui_test_activate (GtkWidget *widget, const char *action, GVariant *parameter)
{
  g_autoptr(GVariant) sunk = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;

  if (!gtk_widget_activate_action_variant (widget, action, sunk))
    g_error ("Action %s is missing or disabled", action);
}

FdDeviceItem *
fd_ui_test_add_module (FdWindow   *window,
                       const char *key,
                       const char *model,
                       const char *imei,
                       const char *revision,
                       FdDialect   dialects,
                       const char *port)
{
  FdDeviceList *list = fd_window_get_device_list (window);
  g_autoptr(FdDeviceItem) item = fd_device_item_new (key);

  /* These modules are not on real ports: a rescan would drop them. */
  fd_device_source_stop (fd_window_get_device_source (window));
  fd_device_item_set_identity (item, "CMIOT", model, revision, imei, dialects);
  fd_device_item_set_title (item, model);
  fd_device_item_set_port (item, port);
  fd_device_item_set_state (item, FD_DEVICE_STATE_READY);
  fd_device_list_add (list, item);
  return fd_device_list_lookup (list, key);
}

/* ---- the loopback HTTP server -------------------------------------------- */

static GPid http_pid;
static int  http_stdin = -1;

/* In the child: its own process group, and death with the test. */
static void
server_child_setup (gpointer data)
{
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static int
read_port (int fd)
{
  char line[64] = { 0 };
  gsize used = 0;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (used < sizeof line - 1 && strchr (line, '\n') == NULL)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int wait_ms = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      gssize n;

      if (wait_ms <= 0 || poll (&pfd, 1, wait_ms) <= 0)
        return -1;
      n = read (fd, line + used, sizeof line - 1 - used);
      if (n <= 0)
        return -1;
      used += (gsize) n;
    }
  return g_str_has_prefix (line, "PORT ") ? atoi (line + 5) : -1;
}

int
fd_ui_test_start_http (const char *root)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "servers", "httpd.py", NULL);
  const char *python = g_getenv ("FD_TEST_PYTHON") != NULL ? g_getenv ("FD_TEST_PYTHON")
                                                           : "python3";
  const char *argv[] = { python, script, "--root", root, NULL };
  g_autoptr(GError) error = NULL;
  int stdout_fd = -1;
  int port;

  g_assert_cmpint (http_pid, ==, 0);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, server_child_setup,
                            NULL, &http_pid, &http_stdin, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  port = read_port (stdout_fd);
  close (stdout_fd);
  g_assert_cmpint (port, >, 0);
  return port;
}

void
fd_ui_test_stop_http (void)
{
  if (http_pid <= 0)
    return;
  kill (-http_pid, SIGKILL);
  kill (http_pid, SIGKILL);
  waitpid (http_pid, NULL, 0);
  g_spawn_close_pid (http_pid);
  close (http_stdin);
  http_pid = 0;
}

void
fd_ui_test_scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child;
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_nonnull (scrolled);
  child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_point (widget, child, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, MAX (point.y - 24, 0));
  fd_ui_test_spin (100);
}

void
fd_ui_test_own_name (const char *name)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus =
    g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);
  GVariant *reply;

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 4), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_unref (reply);
  /* The connection keeps the name for the rest of the process. */
}
