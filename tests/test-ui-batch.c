/* test-ui-batch.c — starting a batch from the window: confirmation with
 * the module list and canary first, one row per module with its result,
 * the summary, the report, cancelling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fd-batch-confirm.h"
#include "fd-compat.h"
#include "fd-mfw-form.h"
#include "fd-ui-test.h"
#include "fd-window-private.h"

typedef struct
{
  char     *dir;
  FdWindow *window;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *glob = NULL;
  const char      *globs[2] = { NULL, NULL };

  f->dir = g_dir_make_tmp ("fd-ui-batch-XXXXXX", NULL);
  glob = g_build_filename (f->dir, "none-*", NULL);
  globs[0] = glob;
  g_settings_set_strv (settings, "port-globs", globs);
  g_settings_set_boolean (settings, "list-system-ports", FALSE);
  g_settings_set_string (settings, "log-dir", f->dir);
  g_settings_reset (settings, "last-configuration");
  f->window = fd_ui_test_new_window (1024, 600);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  fd_ui_test_close_window (f->window);
  remove_tree (f->dir);
  g_free (f->dir);
}

static FdConfigForm *
mfw_form (Fixture *f)
{
  FdConfigPanel *panel = fd_window_get_config_panel (f->window);

  fd_config_panel_set_dialect (panel, FD_DIALECT_MFW);
  return fd_config_panel_get_form (panel);
}

static void
set_field (FdConfigForm *form, const char *id, const char *text)
{
  fd_field_row_set_text (FD_FIELD_ROW (fd_config_form_get_field_row (form, id)), text);
}

/* Start as the button does, and answer the confirmation. */
static void
start_and_confirm (Fixture *f, gboolean canary, const char *screenshot)
{
  GtkWidget *alert;
  GtkWidget *confirm;

  fd_ui_test_activate (GTK_WIDGET (f->window), "win.start-batch", NULL);
  fd_ui_test_wait_for (fd_ui_test_has_alert, f->window, 5000, "the confirmation");
  alert = fd_window_get_open_alert (f->window);
  g_assert_true (fd_compat_is_alert (alert));
  confirm = fd_ui_test_find_child (alert, FD_TYPE_BATCH_CONFIRM);
  g_assert_nonnull (confirm);
  fd_batch_confirm_set_canary (FD_BATCH_CONFIRM (confirm), canary);
  if (screenshot != NULL)
    g_free (fd_ui_test_screenshot (alert, screenshot));
  fd_compat_alert_respond (alert, "start");
}

static FdJobItem *
job_item (FdBatchSession *session, guint i)
{
  g_autoptr(FdJobItem) item = g_list_model_get_item (fd_batch_session_get_items (session), i);

  return item;
}

static gboolean
notified (gpointer text)
{
  GPtrArray *sent = fd_ui_test_get_notifications ();

  for (guint i = 0; i < sent->len; i++)
    if (g_str_equal (g_ptr_array_index (sent, i), text))
      return TRUE;
  return FALSE;
}

/* Modules whose ports are gone fail each with the reason, the batch ends,
 * the report lists each module, and Start works again. */
static void
test_failures (Fixture *f, gconstpointer data)
{
  FdConfigForm    *form = mfw_form (f);
  FdBatchSession  *session;
  g_autofree char *report = g_build_filename (f->dir, "report.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (report);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  const char      *imeis[] = { "861234567890201", "861234567890202", "861234567890203" };

  for (guint i = 0; i < G_N_ELEMENTS (imeis); i++)
    {
      g_autofree char *key = g_strdup_printf ("tty:gone%u", i);
      g_autofree char *port = g_strdup_printf ("%s/ttyGONE%u", f->dir, i);

      fd_device_item_set_selected (fd_ui_test_add_module (f->window, key, "MN316", imeis[i],
                                                          "MN316_1.0", FD_DIALECT_MFW, port),
                                   TRUE);
    }
  set_field (form, "url", "http://127.0.0.1:9/mn316.bin");
  g_assert_true (fd_config_panel_can_start (fd_window_get_config_panel (f->window)));

  start_and_confirm (f, FALSE, NULL);
  g_assert_cmpstr (fd_window_get_visible_page (f->window), ==, "progress");
  fd_ui_test_wait_for (fd_ui_test_window_batch_finished, f->window, 30000, "the batch to end");

  session = fd_batch_panel_get_session (fd_window_get_batch_panel (f->window));
  for (guint i = 0; i < G_N_ELEMENTS (imeis); i++)
    {
      FdJobItem *item = job_item (session, i);

      g_assert_cmpint (fd_job_item_get_state (item), ==, FD_JOB_STATE_FAILED);
      g_assert_cmpstr (fd_job_item_get_result_text (item), ==, "Failed: port not found");
      g_assert_nonnull (fd_job_item_get_detail_text (item));
      g_assert_cmpstr (fd_job_item_get_error_name (item), ==, "not-found");
    }
  g_assert_cmpstr (fd_batch_panel_get_summary (fd_window_get_batch_panel (f->window)), ==,
                   "3 of 3 done · 3 failed");
  fd_ui_test_wait_for (notified, "Batch finished\n3 of 3 done · 3 failed", 5000,
                       "the desktop notification");

  g_assert_true (fd_batch_panel_export_to (fd_window_get_batch_panel (f->window), file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (report, &csv, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (imeis); i++)
    g_assert_nonnull (strstr (csv, imeis[i]));
  g_assert_nonnull (strstr (csv, "failed"));

  /* The modules are free again, and a new batch can start. */
  g_assert_false (
      fd_device_item_get_busy_in_batch (fd_job_item_get_device (job_item (session, 0))));
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.new-batch", NULL);
  g_assert_cmpstr (fd_window_get_visible_page (f->window), ==, "configure");
}

/* Canary first: the first module fails, so the others never start. */
static void
test_canary (Fixture *f, gconstpointer data)
{
  FdConfigForm   *form = mfw_form (f);
  FdBatchSession *session;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("tty:ml%u", i);
      g_autofree char *imei = g_strdup_printf ("86123456789030%u", i);
      g_autofree char *port = g_strdup_printf ("%s/ttyML%u", f->dir, i);

      fd_device_item_set_selected (fd_ui_test_add_module (f->window, key, "ML307A-DSLN", imei,
                                                          "ML307A_1.0", FD_DIALECT_MFW, port),
                                   TRUE);
    }
  set_field (form, "url", "http://127.0.0.1:9/system_patch.bin_1");
  /* ML30x cannot roll back: the confirmation offers canary first, on. */
  g_assert_true (fd_config_form_get_canary_default (form));
  start_and_confirm (f, TRUE, "confirm");
  fd_ui_test_wait_for (fd_ui_test_window_batch_finished, f->window, 30000, "the batch to end");

  session = fd_batch_panel_get_session (fd_window_get_batch_panel (f->window));
  g_assert_cmpint (fd_job_item_get_state (job_item (session, 0)), ==, FD_JOB_STATE_FAILED);
  for (guint i = 1; i < 3; i++)
    {
      FdJobItem *item = job_item (session, i);

      g_assert_cmpint (fd_job_item_get_state (item), ==, FD_JOB_STATE_CANCELLED);
      g_assert_cmpstr (fd_job_item_get_result_text (item), ==, "Not started");
      g_assert_nonnull (strstr (fd_job_item_get_detail_text (item), "canary"));
    }
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "batch-canary"));
}

int
main (int argc, char **argv)
{
  fd_ui_test_init (&argc, &argv);
  g_test_add ("/ui/batch/failures", Fixture, NULL, fixture_set_up, test_failures,
              fixture_tear_down);
  g_test_add ("/ui/batch/canary", Fixture, NULL, fixture_set_up, test_canary, fixture_tear_down);
  return fd_ui_test_run ();
}
