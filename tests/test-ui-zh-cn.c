/* test-ui-zh-cn.c — the real window in Simplified Chinese: the README's
 * screenshots taken again under LANG=zh_CN.UTF-8 (into
 * screenshots/zh_CN/), and in each of those states every label shown
 * must be Chinese where the English has words — what a catalogue that
 * is complete on paper can still miss (a string never marked, a label
 * built from untranslated pieces).
 *
 * meson.build runs it with LANG=zh_CN.UTF-8 and FOTADESK_LOCALEDIR at
 * the build's po/ folder; fonts come from fonts-noto-cjk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-batch-confirm.h"
#include "fd-compat.h"
#include "fd-i18n.h"
#include "fd-transcript-view.h"
#include "fd-ui-test.h"
#include "fd-window-private.h"

/* The demo's modules (see test-ui-demo.c). */
#define DEMO_MODULES 9

static FdWindow *
new_window (int width, int height)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *globs[] = { "/nonexistent/fd-ui-zh-cn-*", NULL };

  g_settings_set_strv (settings, "port-globs", globs);
  g_settings_set_boolean (settings, "list-system-ports", FALSE);
  g_settings_reset (settings, "last-configuration");
  g_settings_reset (settings, "last-dialect");
  return fd_ui_test_new_window (width, height);
}

/* Takes the screenshot zh_CN/@name of @widget and fails, listing them,
 * if labels with English words are shown in it. The transcript's lines
 * are the module's own words and stay as they are. */
static void
shoot (GtkWidget *widget, const char *name)
{
  g_autofree char *path = g_strconcat ("zh_CN/", name, NULL);
  g_autofree char *untranslated = NULL;

  g_free (fd_ui_test_screenshot (widget, path));
  untranslated = fd_ui_test_dup_untranslated (widget, GTK_TYPE_TEXT_VIEW);
  if (untranslated != NULL)
    g_error ("%s: labels shown in English:\n%s", name, untranslated);
}

static void
test_empty (void)
{
  FdWindow *window = new_window (1100, 700);

  fd_ui_test_wait_for (fd_ui_test_scanned_once, window, 10000, "the first scan");
  g_assert_cmpstr (fd_device_panel_get_visible_page (fd_window_get_device_panel (window)), ==,
                   "empty");
  shoot (GTK_WIDGET (window), "empty");
  fd_ui_test_close_window (window);
}

static void
test_form_error (void)
{
  FdWindow      *window = new_window (1024, 600);
  FdConfigPanel *panel = fd_window_get_config_panel (window);
  FdDeviceItem  *mn316 = fd_ui_test_add_module (window, "tty:c", "MN316", "861234567890123",
                                                "MN316_1.2", FD_DIALECT_MFW, "/dev/ttyUSB0");
  FdConfigForm  *form;
  GtkWidget     *url;

  fd_device_item_set_selected (mn316, TRUE);
  form = fd_config_panel_get_form (panel);
  fd_field_row_set_text (FD_FIELD_ROW (fd_config_form_get_field_row (form, "timeout")), "500");
  fd_field_row_set_text (FD_FIELD_ROW (fd_config_form_get_field_row (form, "pkgsize")), "1k");
  url = fd_config_form_get_field_row (form, "url");
  fd_field_row_set_text (FD_FIELD_ROW (url), "ftp2://192.168.1.10/x.bin");
  g_assert_false (fd_config_panel_can_start (panel));
  fd_ui_test_scroll_to (url);
  shoot (GTK_WIDGET (window), "form-error");
  fd_ui_test_close_window (window);
}

static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  FdWindow        *window = new_window (1024, 600);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  fd_ui_test_add_module (window, "tty:a", "Air780E", "861234567890402", "V1103", FD_DIALECT_LUAT,
                         "/dev/ttyUSB0");
  fd_device_item_set_selected (fd_device_list_lookup (fd_window_get_device_list (window), "tty:a"),
                               TRUE);
  shoot (GTK_WIDGET (window), "dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  fd_ui_test_close_window (window);
}

static gboolean
all_identified (gpointer data)
{
  FdDeviceList *list = fd_window_get_device_list (data);
  guint         n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (fd_device_item_get_state (item) == FD_DEVICE_STATE_IDENTIFYING)
        return FALSE;
    }
  return n == DEMO_MODULES;
}

/* Demo mode: the modules found, a batch of three M5311 confirmed (canary
 * first), running, done (one upgraded, one up to date, one failed), and
 * the upgraded one's conversation. */
static void
test_demo (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *log_dir = g_dir_make_tmp ("fd-ui-zh-cn-XXXXXX", NULL);
  FdWindow       *window;
  FdBatchSession *session;
  GtkWidget      *alert;
  FdTranscriptView *view;

  g_settings_set_string (settings, "log-dir", log_dir);
  g_settings_set_uint (settings, "command-timeout", 3);
  window = new_window (1100, 700);
  fd_ui_test_activate (GTK_WIDGET (window), "app.start-demo", NULL);
  fd_ui_test_wait_for (all_identified, window, 30000, "the demo's modules to be identified");
  fd_ui_test_activate (GTK_WIDGET (window), "win.show-page", g_variant_new_string ("configure"));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *port = g_strdup_printf ("ttyUSB%u", i);

      fd_device_item_set_selected (fd_ui_test_item_on_port (window, port), TRUE);
    }
  fd_ui_test_spin (300);
  shoot (GTK_WIDGET (window), "devices");

  fd_ui_test_activate (GTK_WIDGET (window), "win.start-batch", NULL);
  fd_ui_test_wait_for (fd_ui_test_has_alert, window, 5000, "the confirmation");
  alert = fd_window_get_open_alert (window);
  fd_batch_confirm_set_canary (
      FD_BATCH_CONFIRM (fd_ui_test_find_child (alert, FD_TYPE_BATCH_CONFIRM)), FALSE);
  shoot (alert, "confirm");
  fd_compat_alert_respond (alert, "start");
  session = fd_batch_panel_get_session (fd_window_get_batch_panel (window));

  fd_ui_test_wait_for (fd_ui_test_any_flashing, session, 30000, "a module to flash");
  shoot (GTK_WIDGET (window), "batch-running");
  fd_ui_test_wait_for (fd_ui_test_session_finished, session, 50000, "the batch to end");
  shoot (GTK_WIDGET (window), "batch-done");

  {
    GListModel *items = fd_batch_session_get_items (session);
    g_autoptr(FdJobItem) first = g_list_model_get_item (items, 0);

    fd_ui_test_activate (GTK_WIDGET (window), "win.show-transcript",
                         g_variant_new_string (fd_job_item_get_id (first)));
  }
  view = fd_window_get_transcript_view (window);
  while (!fd_transcript_view_is_complete (view))
    g_main_context_iteration (NULL, TRUE);
  shoot (GTK_WIDGET (window), "transcript");
  fd_ui_test_close_window (window);
}

int
main (int argc, char **argv)
{
  fd_ui_test_init (&argc, &argv);
  fd_i18n_init ();
  /* Without the locale or the catalogue everything would be English and
   * each test would fail on its first screenshot: say why up front. */
  if (g_strcmp0 (_("No Modules Connected"), "No Modules Connected") == 0)
    g_error ("The zh_CN catalogue is not in use (LANG=%s, FOTADESK_LOCALEDIR=%s): is the "
             "zh_CN.UTF-8 locale generated (packaging/install-deps.sh does it)?",
             g_getenv ("LANG"), g_getenv ("FOTADESK_LOCALEDIR"));
  g_test_add_func ("/ui/zh-cn/empty", test_empty);
  g_test_add_func ("/ui/zh-cn/form-error", test_form_error);
  g_test_add_func ("/ui/zh-cn/dark", test_dark);
  g_test_add_func ("/ui/zh-cn/demo", test_demo);
  return fd_ui_test_run ();
}
