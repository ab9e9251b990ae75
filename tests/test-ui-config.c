/* test-ui-config.c — the configuration forms: the right form for the
 * selected modules, validation as the user types, capabilities the
 * models lack, the package file and the server check, presets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fd-luat-form.h"
#include "fd-mfw-form.h"
#include "fd-rsfota-form.h"
#include "fd-ui-test.h"
#include "fd-window-private.h"

typedef struct
{
  char     *dir;
  FdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *glob = NULL;
  const char      *globs[2] = { NULL, NULL };

  f->dir = g_dir_make_tmp ("fd-ui-config-XXXXXX", NULL);
  glob = g_build_filename (f->dir, "none-*", NULL);
  globs[0] = glob;
  g_settings_set_strv (settings, "port-globs", globs);
  g_settings_set_boolean (settings, "list-system-ports", FALSE);
  g_settings_reset (settings, "presets");
  g_settings_reset (settings, "last-configuration");
  g_settings_reset (settings, "last-dialect");
  f->window = fd_ui_test_new_window (1024, 600);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  fd_ui_test_close_window (f->window);
  fd_ui_test_stop_http ();
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static FdConfigPanel *
panel (Fixture *f)
{
  return fd_window_get_config_panel (f->window);
}

static FdFieldRow *
field (FdConfigForm *form, const char *id)
{
  GtkWidget *row = fd_config_form_get_field_row (form, id);

  g_assert_true (FD_IS_FIELD_ROW (row));
  return FD_FIELD_ROW (row);
}

static gboolean
start_enabled (Fixture *f)
{
  GtkWidget *button = GTK_WIDGET (fd_ui_test_find_label (GTK_WIDGET (panel (f)), "Start"));

  /* The button follows the win.start-batch action's enabled state. */
  button = gtk_widget_get_ancestor (button, GTK_TYPE_BUTTON);
  return gtk_widget_get_sensitive (button);
}

static void
test_no_selection (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (fd_config_panel_get_status (panel (f)), ==,
                   "Select the modules to upgrade in the list");
  g_assert_false (fd_config_panel_can_start (panel (f)));
  g_assert_false (start_enabled (f));
}

/* Picking modules shows the form of the dialect they speak; the dialect
 * switch shows another. */
static void
test_dialect (Fixture *f, gconstpointer data)
{
  FdDeviceItem *luat = fd_ui_test_add_module (f->window, "tty:a", "Air780E", "861234567890121",
                                              "V1103", FD_DIALECT_LUAT, "/dev/ttyUSB0");
  FdDeviceItem *m5311 = fd_ui_test_add_module (f->window, "tty:b", "M5311", "861234567890122",
                                               "M5311_FOTA_1", FD_DIALECT_RSFOTA, "/dev/ttyUSB0");

  fd_device_item_set_selected (luat, TRUE);
  g_assert_cmpint (fd_config_panel_get_dialect (panel (f)), ==, FD_DIALECT_LUAT);
  g_assert_true (FD_IS_LUAT_FORM (fd_config_panel_get_form (panel (f))));
  g_assert_true (fd_config_panel_can_start (panel (f)));
  g_assert_true (start_enabled (f));

  fd_device_item_set_selected (luat, FALSE);
  fd_device_item_set_selected (m5311, TRUE);
  g_assert_cmpint (fd_config_panel_get_dialect (panel (f)), ==, FD_DIALECT_RSFOTA);
  g_assert_true (FD_IS_RSFOTA_FORM (fd_config_panel_get_form (panel (f))));

  /* Mixed dialects: the form cannot serve both, and says which one is out. */
  fd_device_item_set_selected (luat, TRUE);
  g_assert_false (fd_config_panel_can_start (panel (f)));
  g_assert_nonnull (strstr (fd_config_panel_get_issues (panel (f)), "Air780E"));

  fd_ui_test_activate (GTK_WIDGET (panel (f)), "config.dialect", g_variant_new_string ("mfw"));
  g_assert_true (FD_IS_MFW_FORM (fd_config_panel_get_form (panel (f))));
}

/* A number out of range, and text that is no number, are flagged on the
 * field as they are typed, and Start is blocked until they are fixed. */
static void
test_validation (Fixture *f, gconstpointer data)
{
  FdDeviceItem *mn316 = fd_ui_test_add_module (f->window, "tty:c", "MN316", "861234567890123",
                                               "MN316_1.2", FD_DIALECT_MFW, "/dev/ttyUSB0");
  FdConfigForm *form;
  const char   *message;

  fd_device_item_set_selected (mn316, TRUE);
  form = fd_config_panel_get_form (panel (f));
  g_assert_true (FD_IS_MFW_FORM (form));

  /* An empty URL is an error of its own. */
  g_assert_false (fd_config_panel_can_start (panel (f)));
  fd_field_row_set_text (field (form, "url"), "http://192.168.1.10/fw/mn316.bin");
  g_assert_true (fd_config_panel_can_start (panel (f)));
  g_assert_true (start_enabled (f));

  fd_field_row_set_text (field (form, "timeout"), "500");
  message = fd_config_form_get_field_message (form, "timeout");
  g_assert_nonnull (strstr (message, "between 30 and 180"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (field (form, "timeout")), "field-error"));
  g_assert_false (fd_config_panel_can_start (panel (f)));
  g_assert_false (start_enabled (f));
  g_assert_cmpstr (fd_config_panel_get_status (panel (f)), ==,
                   "Fix 1 problem in the form to start");

  fd_field_row_set_text (field (form, "pkgsize"), "1k");
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "pkgsize"), "whole number"));
  g_assert_cmpstr (fd_config_panel_get_status (panel (f)), ==,
                   "Fix 2 problems in the form to start");

  /* https on MN316 relies on an inferred capability: a warning, no block. */
  fd_field_row_set_text (field (form, "timeout"), "90");
  fd_field_row_set_text (field (form, "pkgsize"), "1024");
  fd_field_row_set_text (field (form, "url"), "ftp2://192.168.1.10/x.bin");
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "url"), "ftp2"));
  g_assert_false (start_enabled (f));
  fd_ui_test_scroll_to (GTK_WIDGET (field (form, "url")));
  g_free (fd_ui_test_screenshot (GTK_WIDGET (f->window), "form-error"));

  fd_field_row_set_text (field (form, "url"), "http://192.168.1.10/fw/mn316.bin");
  g_assert_true (fd_config_panel_can_start (panel (f)));
  g_assert_true (start_enabled (f));
}

/* What a model cannot do is insensitive, with the manual's reason. */
static void
test_capabilities (Fixture *f, gconstpointer data)
{
  FdDeviceItem *ml307 = fd_ui_test_add_module (f->window, "tty:d", "ML307A-DCLN", "861234567890124",
                                               "ML307A_1.0", FD_DIALECT_MFW, "/dev/ttyUSB0");
  FdConfigForm *form;
  GtkWidget    *timeout;

  fd_device_item_set_selected (ml307, TRUE);
  form = fd_config_panel_get_form (panel (f));
  timeout = GTK_WIDGET (field (form, "timeout"));
  g_assert_false (gtk_widget_get_sensitive (timeout));
  g_assert_nonnull (
      strstr (gtk_widget_get_tooltip_text (timeout), "cannot set the server timeout"));
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "timeout"), "cannot"));

  /* FTP is refused on -DCLN, with the reason on the URL. */
  fd_field_row_set_text (field (form, "url"), "ftp://192.168.1.10/system_patch.bin_1");
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "url"), "FTP"));
  g_assert_false (fd_config_panel_can_start (panel (f)));

  /* No rollback on ML30x: said above the Start button, and canary first. */
  fd_field_row_set_text (field (form, "url"), "http://192.168.1.10/system_patch.bin_1");
  g_assert_true (fd_config_panel_can_start (panel (f)));
  g_assert_nonnull (strstr (fd_config_panel_get_issues (panel (f)), "cannot be restored"));
  g_assert_true (fd_config_form_get_canary_default (form));
}

/* An ML307A that did not report its variant: FTP is refused as unknown
 * until the user confirms the exact model from its label. */
static void
test_confirm_model (Fixture *f, gconstpointer data)
{
  FdDeviceItem *ml307 = fd_ui_test_add_module (f->window, "tty:g", "ML307A", "861234567890127",
                                               "ML307A_1.0", FD_DIALECT_MFW, "/dev/ttyUSB0");
  g_autoptr(GError) error = NULL;
  FdConfigForm *form;

  g_assert_true (fd_device_item_needs_confirmation (ml307));
  fd_device_item_set_selected (ml307, TRUE);
  form = fd_config_panel_get_form (panel (f));
  fd_field_row_set_text (field (form, "url"), "ftp://192.168.1.10/system_patch.bin_1");
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "url"), "not known"));
  g_assert_false (fd_config_panel_can_start (panel (f)));

  /* A model that is not a variant of what the module said is refused. */
  g_assert_false (fd_device_item_confirm_model (ml307, "MN316", &error));
  g_assert_error (error, FD_CONFIG_ERROR, FD_CONFIG_ERROR_INVALID);
  g_assert_nonnull (error->message);

  g_assert_true (fd_device_item_confirm_model (ml307, "ML307A-DSLN", NULL));
  g_assert_cmpstr (fd_device_item_get_confirmed_model (ml307), ==, "ML307A-DSLN");
  g_assert_false (fd_device_item_needs_confirmation (ml307));
  g_assert_true (fd_config_panel_can_start (panel (f)));
  g_assert_nonnull (fd_ui_test_find_label (GTK_WIDGET (f->window), "confirmed ML307A-DSLN"));
}

/* RSFOTA settings take effect after a restart, and log=0 hides the
 * progress FotaDesk follows: both said on their rows, neither blocks. */
static void
test_rsfota_warnings (Fixture *f, gconstpointer data)
{
  FdDeviceItem *m5311 = fd_ui_test_add_module (f->window, "tty:f", "M5311", "861234567890126",
                                               "M5311_FOTA_1", FD_DIALECT_RSFOTA, "/dev/ttyUSB0");
  FdConfigForm *form;
  GtkWidget    *log_switch;

  fd_device_item_set_selected (m5311, TRUE);
  form = fd_config_panel_get_form (panel (f));
  g_assert_true (FD_IS_RSFOTA_FORM (form));
  adw_expander_row_set_enable_expansion (
      ADW_EXPANDER_ROW (fd_config_form_get_field_row (form, "mode")), TRUE);
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "mode"), "restarts"));
  log_switch = fd_ui_test_find_child (fd_config_form_get_field_row (form, "log"), GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (log_switch), FALSE);
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "log"), "log=0"));
  g_assert_true (
      gtk_widget_has_css_class (fd_config_form_get_field_row (form, "log"), "field-warning"));
  g_assert_true (fd_config_panel_can_start (panel (f)));

  /* first_check counts only in mode 0, which makes it editable. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (field (form, "first-check"))));
  adw_combo_row_set_selected (ADW_COMBO_ROW (fd_ui_test_find_child (
                                  fd_config_form_get_field_row (form, "mode"), ADW_TYPE_COMBO_ROW)),
                              0);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (field (form, "first-check"))));
  fd_field_row_set_text (field (form, "first-check"), "30");
  g_assert_nonnull (strstr (fd_config_form_get_field_message (form, "first-check"), "60"));
  g_assert_false (fd_config_panel_can_start (panel (f)));
}

/* The package file's size and checksum are shown; the server check says
 * whether the package is there and how big it is. */
static void
test_package (Fixture *f, gconstpointer data)
{
  FdDeviceItem    *m5311e = fd_ui_test_add_module (f->window, "tty:e", "M5311-E", "861234567890125",
                                                   "M5311E_1.0", FD_DIALECT_MFW, "/dev/ttyUSB0");
  g_autofree char *path = g_build_filename (f->dir, "package.bin", NULL);
  g_autofree char *url = NULL;
  FdMfwForm       *form;
  int              port;

  g_assert_true (g_file_set_contents (path, "hello", 5, NULL));
  fd_device_item_set_selected (m5311e, TRUE);
  form = FD_MFW_FORM (fd_config_panel_get_form (panel (f)));

  fd_mfw_form_set_source (form, FD_MFW_SOURCE_SERIAL_PASSTHROUGH);
  g_assert_false (fd_config_panel_can_start (panel (f)));
  fd_mfw_form_set_local_path (form, path);
  while (fd_mfw_form_get_file_info (form) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (fd_mfw_form_get_file_info (form), "5 bytes"));
  g_assert_nonnull (strstr (fd_mfw_form_get_file_info (form),
                            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
  g_assert_true (fd_config_panel_can_start (panel (f)));

  fd_mfw_form_set_source (form, FD_MFW_SOURCE_SERVER);
  port = fd_ui_test_start_http (f->dir);
  url = g_strdup_printf ("http://127.0.0.1:%d/package.bin", port);
  fd_field_row_set_text (FD_FIELD_ROW (fd_config_form_get_field_row (FD_CONFIG_FORM (form), "url")),
                         url);
  fd_ui_test_activate (GTK_WIDGET (form), "mfw.check-url", NULL);
  while (fd_mfw_form_get_preflight_result (form) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (fd_mfw_form_get_preflight_ok (form));
  g_assert_nonnull (strstr (fd_mfw_form_get_preflight_result (form), "5 bytes"));

  g_free (url);
  url = g_strdup_printf ("http://127.0.0.1:%d/status/404", port);
  fd_field_row_set_text (FD_FIELD_ROW (fd_config_form_get_field_row (FD_CONFIG_FORM (form), "url")),
                         url);
  fd_ui_test_activate (GTK_WIDGET (form), "mfw.check-url", NULL);
  while (fd_mfw_form_get_preflight_result (form) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fd_mfw_form_get_preflight_ok (form));
  g_assert_nonnull (strstr (fd_mfw_form_get_preflight_result (form), "404"));
}

/* A preset saved under a name comes back after the form changed. */
static void
test_presets (Fixture *f, gconstpointer data)
{
  FdConfigForm *form = fd_config_panel_get_form_for (panel (f), FD_DIALECT_MFW);
  GtkEditable  *name;
  GtkWidget    *popover_entry;

  fd_config_panel_set_dialect (panel (f), FD_DIALECT_MFW);
  fd_field_row_set_text (field (form, "url"), "http://10.0.0.1/a.bin");
  fd_field_row_set_text (field (form, "timeout"), "120");
  fd_field_row_set_text (field (form, "auth-password"), "s3cret");

  popover_entry = fd_ui_test_find_child (GTK_WIDGET (panel (f)), GTK_TYPE_POPOVER);
  g_assert_nonnull (popover_entry);
  name = GTK_EDITABLE (fd_ui_test_find_child (popover_entry, GTK_TYPE_ENTRY));
  gtk_editable_set_text (name, "Lab server");
  fd_ui_test_activate (GTK_WIDGET (panel (f)), "config.save-preset", NULL);

  fd_field_row_set_text (field (form, "url"), "http://10.0.0.2/b.bin");
  fd_field_row_set_text (field (form, "timeout"), "");
  fd_ui_test_activate (GTK_WIDGET (panel (f)), "config.load-preset",
                       g_variant_new_string ("Lab server"));
  g_assert_cmpstr (fd_field_row_get_text (field (form, "url")), ==, "http://10.0.0.1/a.bin");
  g_assert_cmpstr (fd_field_row_get_text (field (form, "timeout")), ==, "120");
  /* The password never went into the preset. */
  g_assert_cmpstr (fd_field_row_get_text (field (form, "auth-password")), ==, "");
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *stored = g_settings_get_string (settings, "presets");

    g_assert_null (strstr (stored, "s3cret"));
    g_assert_nonnull (strstr (stored, "Lab server"));
  }

  fd_ui_test_activate (GTK_WIDGET (panel (f)), "config.delete-preset",
                       g_variant_new_string ("Lab server"));
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *stored = g_settings_get_string (settings, "presets");

    g_assert_null (strstr (stored, "Lab server"));
  }
}

/* The forms come back as they were when the window closed. */
static void
test_last_used (Fixture *f, gconstpointer data)
{
  FdConfigForm *form = fd_config_panel_get_form_for (panel (f), FD_DIALECT_LUAT);
  FdWindow     *second;

  fd_config_panel_set_dialect (panel (f), FD_DIALECT_LUAT);
  fd_luat_form_set_server (FD_LUAT_FORM (form), FD_LUAT_SERVER_URL);
  fd_field_row_set_text (field (form, "url"), "http://10.0.0.3/luat/");
  gtk_window_close (GTK_WINDOW (f->window));
  fd_ui_test_spin (50);

  second = fd_ui_test_new_window (1024, 600);
  f->window = second;
  g_assert_cmpint (fd_config_panel_get_dialect (panel (f)), ==, FD_DIALECT_LUAT);
  form = fd_config_panel_get_form (panel (f));
  g_assert_cmpstr (fd_field_row_get_text (field (form, "url")), ==, "http://10.0.0.3/luat/");
}

int
main (int argc, char **argv)
{
  fd_ui_test_init (&argc, &argv);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/config/no-selection", test_no_selection);
  ADD ("/ui/config/dialect", test_dialect);
  ADD ("/ui/config/validation", test_validation);
  ADD ("/ui/config/capabilities", test_capabilities);
  ADD ("/ui/config/rsfota-warnings", test_rsfota_warnings);
  ADD ("/ui/config/confirm-model", test_confirm_model);
  ADD ("/ui/config/package", test_package);
  ADD ("/ui/config/presets", test_presets);
  ADD ("/ui/config/last-used", test_last_used);
#undef ADD
  return fd_ui_test_run ();
}
