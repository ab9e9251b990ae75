/* test-ui-demo.c — the real window against simulated modules (demo
 * mode): the device list fills by scanning them, a batch of mixed
 * modules runs to the end, a module unplugged mid-batch and a cancelled
 * one show what happened, the transcript shows the conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fd-batch-confirm.h"
#include "fd-compat.h"
#include "fd-luat-form.h"
#include "fd-sim-fleet.h"
#include "fd-ui-test.h"
#include "fd-window-private.h"

#ifndef FD_DEMO_PART
#define FD_DEMO_PART 1
#endif

/* Nine modules: three M5311, M5311-E, MN316, ML307A-DSLN, Air780E,
 * Air724UG, and an ML307A-DCLN whose port another program holds. */
#define DEMO_MODULES 9

typedef struct
{
  char     *log_dir;
  FdWindow *window;
} Fixture;

static FdDemo *
demo (void)
{
  return fd_application_get_demo (fd_ui_test_get_application ());
}

static FdSimModule *
sim_module (const char *model)
{
  g_autoptr(GPtrArray) modules
      = fd_sim_fleet_list_modules (FD_SIM_FLEET (fd_demo_get_fleet (demo ())));

  for (guint i = 0; i < modules->len; i++)
    if (g_str_equal (fd_sim_module_get_model (g_ptr_array_index (modules, i)), model))
      return g_ptr_array_index (modules, i); /* the fleet keeps it */
  g_assert_not_reached ();
}

static FdDeviceItem *
item_for (Fixture *f, const char *model)
{
  FdDeviceList *list = fd_window_get_device_list (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(FdDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_strcmp0 (fd_device_item_get_model (item), model) == 0)
        return item; /* the list keeps it */
    }
  return NULL;
}

static gboolean
all_identified (gpointer data)
{
  Fixture      *f = data;
  FdDeviceList *list = fd_window_get_device_list (f->window);
  guint         n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FdDeviceItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      /* A module back from an upgrade's reboot is identified again. */
      if (fd_device_item_get_state (item) == FD_DEVICE_STATE_IDENTIFYING
          || fd_device_item_get_state (item) == FD_DEVICE_STATE_GONE
          || fd_device_item_get_busy_in_batch (item))
        return FALSE;
    }
  return n == DEMO_MODULES;
}

/* One window for every test: identifying nine modules takes seconds, and
 * each test leaves the modules as it found them. */
static FdWindow *shared_window;
static char     *shared_log_dir;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  if (shared_window == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      shared_log_dir = g_dir_make_tmp ("fd-ui-demo-XXXXXX", NULL);
      g_settings_set_string (settings, "log-dir", shared_log_dir);
      g_settings_set_uint (settings, "command-timeout", 3);
      g_settings_reset (settings, "last-configuration");
      shared_window = fd_ui_test_new_window (1100, 700);
      fd_ui_test_activate (GTK_WIDGET (shared_window), "app.start-demo", NULL);
      g_assert_nonnull (demo ());
    }
  f->window = shared_window;
  f->log_dir = shared_log_dir;
  fd_ui_test_wait_for (all_identified, f, 30000, "the demo's modules to be identified");
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.show-page", g_variant_new_string ("configure"));
}

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
fixture_tear_down (Fixture *f, gconstpointer data)
{
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.select-none", NULL);
}

static void
close_shared_window (void)
{
  if (shared_window == NULL)
    return;
  fd_ui_test_close_window (shared_window);
  remove_tree (shared_log_dir);
  g_free (shared_log_dir);
}

static void
select_only (Fixture *f, const char *const *models)
{
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.select-none", NULL);
  for (gsize i = 0; models[i] != NULL; i++)
    fd_device_item_set_selected (item_for (f, models[i]), TRUE);
}

static FdBatchSession *
start_batch (Fixture *f)
{
  GtkWidget *alert;

  g_assert_true (fd_config_panel_can_start (fd_window_get_config_panel (f->window)));
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.start-batch", NULL);
  fd_ui_test_wait_for (fd_ui_test_has_alert, f->window, 5000, "the confirmation");
  alert = fd_window_get_open_alert (f->window);
  fd_batch_confirm_set_canary (
      FD_BATCH_CONFIRM (fd_ui_test_find_child (alert, FD_TYPE_BATCH_CONFIRM)), FALSE);
  fd_compat_alert_respond (alert, "start");
  return fd_batch_panel_get_session (fd_window_get_batch_panel (f->window));
}

static FdJobItem *
job_on (FdBatchSession *session, const char *port)
{
  GListModel *items = fd_batch_session_get_items (session);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (items, i);
      g_autofree char *name = fd_device_item_dup_port_name (fd_job_item_get_device (item));

      if (g_strcmp0 (name, port) == 0)
        return item; /* the session keeps it */
    }
  g_assert_not_reached ();
}

static FdJobItem *
job_for (FdBatchSession *session, const char *model)
{
  GListModel *items = fd_batch_session_get_items (session);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FdJobItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (fd_job_item_get_title (item), model) == 0)
        return item; /* the session keeps it */
    }
  g_assert_not_reached ();
}

/* The scan finds every simulated module with what it reported, and says
 * what keeps the busy one from being used. */
static void
test_devices (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *model;
    FdDialect   dialect;
  } expected[] = {
    { "M5311", FD_DIALECT_RSFOTA },    { "M5311-E", FD_DIALECT_MFW },  { "MN316", FD_DIALECT_MFW },
    { "ML307A-DSLN", FD_DIALECT_MFW }, { "Air780E", FD_DIALECT_LUAT },
  };
  FdDeviceItem *busy;

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      FdDeviceItem *item = item_for (f, expected[i].model);

      g_assert_nonnull (item);
      g_assert_cmpint (fd_device_item_get_state (item), ==, FD_DEVICE_STATE_READY);
      g_assert_cmpstr (fd_device_item_get_imei (item), ==,
                       fd_sim_module_get_imei (sim_module (expected[i].model)));
      g_assert_true (fd_device_item_get_dialects (item) & expected[i].dialect);
    }
  busy = NULL;
  for (guint i = 0; i < DEMO_MODULES && busy == NULL; i++)
    {
      g_autoptr(FdDeviceItem) item
          = g_list_model_get_item (G_LIST_MODEL (fd_window_get_device_list (f->window)), i);

      if (fd_device_item_get_state (item) == FD_DEVICE_STATE_PROBLEM)
        busy = item;
    }
  g_assert_nonnull (busy);
  g_assert_cmpstr (fd_device_item_get_problem_title (busy), ==, "Port busy");
  g_assert_nonnull (fd_device_item_get_problem_message (busy));
  /* The picture: three modules picked, and the busy one's explanation. */
  fd_device_item_set_selected (item_for (f, "M5311-E"), TRUE);
  fd_device_item_set_selected (item_for (f, "MN316"), TRUE);
  fd_device_item_set_selected (item_for (f, "ML307A-DSLN"), TRUE);
  fd_ui_test_spin (300);
  {
    GtkWidget *list = fd_ui_test_find_child (GTK_WIDGET (fd_window_get_device_panel (f->window)),
                                             GTK_TYPE_LIST_VIEW);
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "devices"));
}

/* A batch of three MFW models, with the demo's package server, runs to
 * the end; every row has its own result and the transcript shows the
 * conversation. */
static void
test_batch (Fixture *f, gconstpointer data)
{
  const char       *models[] = { "M5311-E", "MN316", "ML307A-DSLN", NULL };
  FdBatchSession   *session;
  FdTranscriptView *view;

  select_only (f, models);
  g_assert_cmpint (fd_config_panel_get_dialect (fd_window_get_config_panel (f->window)), ==,
                   FD_DIALECT_MFW);
  session = start_batch (f);
  fd_ui_test_wait_for (fd_ui_test_session_finished, session, 60000, "the batch to end");

  /* M5311-E and MN316 fetch with AT+MFWDLOAD then upgrade; the ML307A
   * downloads inside AT+MFWUPGRADE and reboots: all take the package. */
  for (gsize i = 0; models[i] != NULL; i++)
    {
      FdJobItem *job = job_for (session, models[i]);

      g_test_message ("%s: %s / %s", models[i], fd_job_item_get_result_text (job),
                      fd_job_item_get_detail_text (job));
      g_assert_cmpint (fd_job_item_get_state (job), ==, FD_JOB_STATE_SUCCESS);
      g_assert_cmpstr (fd_job_item_get_result_text (job), ==, "Upgraded to ONEMO_DEMO_V2.0");
    }
  g_assert_cmpstr (fd_batch_panel_get_summary (fd_window_get_batch_panel (f->window)), ==,
                   "3 of 3 done · 3 upgraded");
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.show-transcript",
                       g_variant_new_string (fd_job_item_get_id (job_for (session, "MN316"))));
  g_assert_cmpstr (fd_window_get_visible_page (f->window), ==, "transcript");
  view = fd_window_get_transcript_view (f->window);
  while (!fd_transcript_view_is_complete (view))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fd_transcript_view_count_lines (view, FD_LINE_TX), >=, 1);
  g_assert_cmpuint (fd_transcript_view_count_lines (view, FD_LINE_RX), >=, 1);
  {
    g_autofree char *text = fd_transcript_view_dup_text (view);

    g_assert_nonnull (strstr (text, "→  ATE0"));
    g_assert_nonnull (strstr (text, "←  OK"));
  }
}

static void
on_text (GObject *source, GAsyncResult *result, gpointer data)
{
  char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  *(char **)data = text != NULL ? text : g_strdup ("");
}

/* Three M5311 on the OneNET platform: one upgrades, one has nothing
 * new, one fails to flash; each row says so, with the module's code. */
static void
test_rsfota_batch (Fixture *f, gconstpointer data)
{
  FdBatchSession   *session;
  FdJobItem        *ok, *same, *bad;
  FdTranscriptView *view;

  fd_ui_test_activate (GTK_WIDGET (f->window), "win.select-none", NULL);
  fd_device_item_set_selected (fd_ui_test_item_on_port (f->window, "ttyUSB0"), TRUE);
  fd_device_item_set_selected (fd_ui_test_item_on_port (f->window, "ttyUSB1"), TRUE);
  fd_device_item_set_selected (fd_ui_test_item_on_port (f->window, "ttyUSB2"), TRUE);
  g_assert_cmpint (fd_config_panel_get_dialect (fd_window_get_config_panel (f->window)), ==,
                   FD_DIALECT_RSFOTA);
  session = start_batch (f);
  fd_ui_test_wait_for (fd_ui_test_any_flashing, session, 30000, "a module to flash");
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "batch-running"));

  /* Cancelling a module while it flashes asks first; keeping it going
   * leaves the job alone. */
  {
    FdBatchPanel *batch_panel = fd_window_get_batch_panel (f->window);
    FdJobItem    *flashing = fd_job_item_is_flashing (job_on (session, "ttyUSB0"))
                                 ? job_on (session, "ttyUSB0")
                                 : job_on (session, "ttyUSB2");
    GtkWidget    *alert;

    g_assert_true (fd_job_item_is_flashing (flashing));
    fd_ui_test_activate (GTK_WIDGET (batch_panel), "batch.cancel-job",
                         g_variant_new_string (fd_job_item_get_id (flashing)));
    alert = fd_batch_panel_get_open_alert (batch_panel);
    g_assert_nonnull (alert);
    fd_compat_alert_respond (alert, "keep");
    fd_ui_test_spin (100);
    g_assert_cmpint (fd_job_item_get_state (flashing), !=, FD_JOB_STATE_CANCELLED);
  }
  fd_ui_test_wait_for (fd_ui_test_session_finished, session, 50000, "the RSFOTA batch to end");
  ok = job_on (session, "ttyUSB0");
  same = job_on (session, "ttyUSB1");
  bad = job_on (session, "ttyUSB2");
  g_test_message ("ttyUSB0: %s / %s", fd_job_item_get_result_text (ok),
                  fd_job_item_get_detail_text (ok));
  g_test_message ("ttyUSB1: %s / %s", fd_job_item_get_result_text (same),
                  fd_job_item_get_detail_text (same));
  g_test_message ("ttyUSB2: %s / %s", fd_job_item_get_result_text (bad),
                  fd_job_item_get_detail_text (bad));
  g_assert_cmpint (fd_job_item_get_state (ok), ==, FD_JOB_STATE_SUCCESS);
  g_assert_cmpstr (fd_job_item_get_result_text (ok), ==, "Upgraded to M5311_FOTA_V1.4.0");
  g_assert_cmpint (fd_job_item_get_state (same), ==, FD_JOB_STATE_UP_TO_DATE);
  g_assert_cmpint (fd_job_item_get_state (bad), ==, FD_JOB_STATE_FAILED);
  g_assert_cmpint (fd_job_item_get_module_code (bad), !=, 0);
  g_assert_cmpstr (fd_batch_panel_get_summary (fd_window_get_batch_panel (f->window)), ==,
                   "3 of 3 done · 1 upgraded · 1 up to date · 1 failed");
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "batch-done"));

  /* The upgraded module's conversation: its +RSFOTA reports stand out. */
  fd_ui_test_activate (GTK_WIDGET (f->window), "win.show-transcript",
                       g_variant_new_string (fd_job_item_get_id (ok)));
  view = fd_window_get_transcript_view (f->window);
  while (!fd_transcript_view_is_complete (view))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fd_transcript_view_count_lines (view, FD_LINE_URC), >=, 3);
  {
    g_autofree char *text = fd_transcript_view_dup_text (view);

    g_assert_nonnull (strstr (text, "⇐  +RSFOTA:2,3"));
  }
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "transcript"));

  /* Save and Copy give the conversation as shown. */
  {
    g_autofree char *path = g_build_filename (f->log_dir, "saved.txt", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autofree char *saved = NULL;
    g_autofree char *copied = NULL;
    GdkClipboard    *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));

    g_assert_true (fd_transcript_view_save_to (view, file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
    g_assert_nonnull (strstr (saved, "+RSFOTA:2,3"));
    fd_ui_test_activate (GTK_WIDGET (view), "transcript.copy", NULL);
    gdk_clipboard_read_text_async (clipboard, NULL, on_text, &copied);
    while (copied == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (strstr (copied, "→  AT+RSFOTA=1"));
  }
}

/* Two Luat modules asking the vendor's platform by product key: one
 * upgrades (restarting twice on the way), the other runs the latest. */
static void
test_luat_batch (Fixture *f, gconstpointer data)
{
  FdConfigPanel  *panel = fd_window_get_config_panel (f->window);
  FdConfigForm   *form;
  FdBatchSession *session;
  FdJobItem      *air780, *air724;

  fd_ui_test_activate (GTK_WIDGET (f->window), "win.select-none", NULL);
  fd_device_item_set_selected (item_for (f, "Air780E"), TRUE);
  fd_device_item_set_selected (item_for (f, "Air724UG"), TRUE);
  g_assert_cmpint (fd_config_panel_get_dialect (panel), ==, FD_DIALECT_LUAT);
  form = fd_config_panel_get_form (panel);
  fd_luat_form_set_server (FD_LUAT_FORM (form), FD_LUAT_SERVER_KEY);
  g_assert_false (fd_config_panel_can_start (panel));
  fd_field_row_set_text (FD_FIELD_ROW (fd_config_form_get_field_row (form, "key")),
                         "demo-product-key");
  session = start_batch (f);
  fd_ui_test_wait_for (fd_ui_test_session_finished, session, 50000, "the Luat batch to end");
  air780 = job_for (session, "Air780E");
  air724 = job_for (session, "Air724UG");
  g_test_message ("Air780E: %s / %s", fd_job_item_get_result_text (air780),
                  fd_job_item_get_detail_text (air780));
  g_test_message ("Air724UG: %s / %s", fd_job_item_get_result_text (air724),
                  fd_job_item_get_detail_text (air724));
  g_assert_cmpint (fd_job_item_get_state (air780), ==, FD_JOB_STATE_SUCCESS);
  g_assert_cmpstr (fd_job_item_get_result_text (air780), ==,
                   "Upgraded to AirM2M_780E_V1121_LTE_AT");
  g_assert_cmpint (fd_job_item_get_state (air724), ==, FD_JOB_STATE_UP_TO_DATE);
}

/* The job has the port open: its first command is in its transcript. */
static gboolean
job_sent_something (gpointer data)
{
  const char *path = fd_upgrade_job_get_transcript_path (fd_job_item_get_job (data));
  g_autoptr(GPtrArray) chunks = NULL;

  if (path == NULL || !fd_transcript_load (path, NULL, &chunks, NULL))
    return FALSE;
  for (guint i = 0; i < chunks->len; i++)
    if (((FdTranscriptChunk *)g_ptr_array_index (chunks, i))->direction == FD_AT_DIRECTION_TX)
      return TRUE;
  return FALSE;
}

/* A module that stops answering holds its job until the user cancels it;
 * cancelling one leaves the others to run, Cancel All stops the rest. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  const char     *models[] = { "MN316", "M5311-E", "Air780E", NULL };
  FdBatchSession *session;
  FdJobItem      *mn316, *m5311e;

  select_only (f, models);
  /* Mixed dialects cannot share a form: Luat is refused with the reason. */
  g_assert_false (fd_config_panel_can_start (fd_window_get_config_panel (f->window)));
  fd_device_item_set_selected (item_for (f, "Air780E"), FALSE);

  fd_sim_module_set_silent (sim_module ("MN316"), TRUE);
  fd_sim_module_set_silent (sim_module ("M5311-E"), TRUE);
  session = start_batch (f);
  mn316 = job_for (session, "MN316");
  m5311e = job_for (session, "M5311-E");
  fd_ui_test_wait_for (job_sent_something, mn316, 10000, "the MN316 job to open its port");
  fd_ui_test_wait_for (job_sent_something, m5311e, 10000, "the M5311-E job to open its port");
  g_assert_true (fd_batch_session_is_running (session));

  fd_ui_test_activate (GTK_WIDGET (fd_window_get_batch_panel (f->window)), "batch.cancel-job",
                       g_variant_new_string (fd_job_item_get_id (mn316)));
  while (!fd_job_item_is_finished (mn316))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (fd_job_item_get_state (mn316), ==, FD_JOB_STATE_CANCELLED);
  g_assert_false (fd_job_item_is_finished (m5311e));

  fd_ui_test_activate (GTK_WIDGET (fd_window_get_batch_panel (f->window)), "batch.cancel-all",
                       NULL);
  fd_ui_test_wait_for (fd_ui_test_session_finished, session, 10000, "the cancelled batch to end");
  fd_sim_module_set_silent (sim_module ("MN316"), FALSE);
  fd_sim_module_set_silent (sim_module ("M5311-E"), FALSE);
  g_assert_cmpint (fd_job_item_get_state (m5311e), ==, FD_JOB_STATE_CANCELLED);
  g_assert_cmpstr (fd_job_item_get_result_text (mn316), ==, "Cancelled");
  g_assert_cmpstr (fd_batch_panel_get_summary (fd_window_get_batch_panel (f->window)), ==,
                   "2 of 2 done · 2 cancelled");
}

/* Gone from the list, or still listed (a batch holds it) as gone. */
static gboolean
device_gone (gpointer data)
{
  Fixture      *f = data;
  FdDeviceItem *item = item_for (f, "M5311-E");

  return item == NULL || fd_device_item_get_state (item) == FD_DEVICE_STATE_GONE;
}

/* A module unplugged while its job waits on it: the row of the device
 * says it went, and the job ends saying why. */
static void
test_unplug (Fixture *f, gconstpointer data)
{
  const char     *models[] = { "M5311-E", NULL };
  FdBatchSession *session;
  FdJobItem      *job;
  g_autoptr(GError) error = NULL;

  select_only (f, models);
  fd_sim_module_set_silent (sim_module ("M5311-E"), TRUE);
  session = start_batch (f);
  job = job_for (session, "M5311-E");
  fd_ui_test_wait_for (job_sent_something, job, 10000, "the job to open the port");
  fd_sim_module_unplug (sim_module ("M5311-E"));
  fd_ui_test_wait_for (fd_ui_test_session_finished, session, 15000, "the batch to end");
  g_assert_cmpint (fd_job_item_get_state (job), ==, FD_JOB_STATE_FAILED);
  g_assert_cmpstr (fd_job_item_get_error_name (job), ==, "unplugged");
  g_test_message ("unplugged job says: %s", fd_job_item_get_detail_text (job));
  g_assert_nonnull (fd_job_item_get_detail_text (job));
  fd_ui_test_wait_for (device_gone, f, 10000, "the device list to see it go");
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "unplugged"));

  fd_sim_module_set_silent (sim_module ("M5311-E"), FALSE);
  g_assert_true (fd_sim_module_plug (sim_module ("M5311-E"), &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  int status;

  fd_ui_test_init (&argc, &argv);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  /* Two executables (meson.build), so that each stays well under a
   * minute: the demo's modules take seconds to start and identify. */
  if (FD_DEMO_PART == 1)
    {
      ADD ("/ui/demo/devices", test_devices);
      ADD ("/ui/demo/batch", test_batch);
      ADD ("/ui/demo/luat-batch", test_luat_batch);
      ADD ("/ui/demo/cancel", test_cancel);
      ADD ("/ui/demo/unplug", test_unplug);
    }
  else
    {
      ADD ("/ui/demo/rsfota-batch", test_rsfota_batch);
    }
#undef ADD
  status = g_test_run ();
  close_shared_window ();
  return fd_ui_test_finish (status);
}
