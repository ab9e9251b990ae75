/* test-fault-matrix.c — every dialect against every fault of the simulator
 *
 * One real upgrade job per cell (fd_upgrade_job_new_* on a simulated
 * module over a real pty), all cells at once: the port drops mid-transfer,
 * the module never comes back after a restart or comes back under a new
 * name, goes silent mid-flow, prints garbage, sends its URCs late; every
 * error code the spec gives each dialect; a port held by another program;
 * a port the user may not open (a job run as nobody). Each job must end
 * within its bound with the right result, error name, code and words, and
 * its audit record must say the same. The matrix is printed (--verbose,
 * or the test log) with pass/FAIL per cell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "fd-sim-package.h"
#include "fd-test-luat.h"
#include "fd-test-matrix.h"
#include "fd-test-server.h"
#include "fd-test-util.h"

/* Short bounds; the cells' liveness bounds add generous slack on top. */
#define M_COMMAND_MS 1000
#define M_PHASE_MS 5000
#define M_REATTACH_MS 3000
#define SLACK_MS 10000
#define QUICK_BOUND (SLACK_MS)
#define TIMEOUT_BOUND (M_PHASE_MS + 2 * M_COMMAND_MS + SLACK_MS)
#define REATTACH_BOUND (M_REATTACH_MS + M_COMMAND_MS + SLACK_MS)
#define OK_BOUND 30000

#define RS_NEW_REV "M5311_FOTA_V9.0.0"
#define MFW_NEW_REV "M5311-E_V9.0.0"
#define MFW_PACKAGE (16 * 1024)

typedef struct
{
  Matrix        m;
  FdTestServer *server;
  char         *mfw_file; /* a package to write over the serial port */
  char         *mfw_url;  /* the same, for the module to download */
  char         *luat_url; /* a Luat package on the loopback server */
  Fixture       luat;     /* fd-test-luat's view of the same fleet */
} Cells;

/* ---- jobs ------------------------------------------------------------------ */

static FdUpgradeOptions
options_for (Cells *cells, MatrixCell *c)
{
  FdUpgradeOptions options;

  fd_upgrade_options_init (&options);
  options.bounds = cells->m.fx.bounds;
  options.audit_log = cells->m.fx.audit;
  options.log_dir = cells->m.fx.log_dir;
  /* Like the CLI: every job follows its own module across restarts. */
  c->reattach = mfw_new_reattach (&cells->m.fx, c->module);
  options.reattach = fd_reattach_flow_func;
  options.reattach_data = c->reattach;
  return options;
}

static void
rsfota_config (FdRsfotaConfig *config)
{
  fd_rsfota_config_init (config);
  config->has_mode = TRUE;
  config->mode = FD_RSFOTA_RUN_TRIGGERED;
  config->has_log = TRUE;
  config->log = TRUE;
  config->action = FD_RSFOTA_ACTION_CHECK_UPGRADE;
}

static void
mfw_config (Cells *cells, FdMfwConfig *config, gboolean download)
{
  fd_mfw_config_init (config);
  config->source = download ? FD_MFW_SOURCE_SERVER : FD_MFW_SOURCE_SERIAL_HEX;
  if (download)
    config->url = g_strdup (cells->mfw_url);
  else
    config->local_path = g_strdup (cells->mfw_file);
  config->resume_grace_ms = 500;
}

/* The job for @c's module. With @download, an MFW module downloads the
 * package from the loopback server (else FotaDesk writes it in hex), a Luat
 * module fetches it from there by URL (else from its platform by KEY). */
static FdJob *
new_job (Cells *cells, MatrixCell *c, const FdUpgradeTarget *target, gboolean download,
         GError **error)
{
  FdUpgradeOptions options = options_for (cells, c);

  if (g_str_equal (c->column, "rsfota"))
    {
      FdRsfotaConfig config;

      rsfota_config (&config);
      return fd_upgrade_job_new_rsfota (target, &config, &options, error);
    }
  if (g_str_equal (c->column, "mfw"))
    {
      g_auto (FdMfwConfig) config = { 0 };

      mfw_config (cells, &config, download);
      return fd_upgrade_job_new_mfw (target, &config, &options, error);
    }
  {
    g_auto (FdLuatConfig) config = { 0 };

    if (download)
      fd_test_luat_config_url (&config, cells->luat_url);
    else
      fd_test_luat_config_key (&config, KEY);
    return fd_upgrade_job_new_luat (target, &config, &options, error);
  }
}

static void
start_job (Cells *cells, MatrixCell *c, gboolean download)
{
  g_auto (MfwTarget) t = { 0 };
  g_autoptr (GError) error = NULL;
  FdJob *job;

  mfw_target_init (&t, c->module);
  job = new_job (cells, c, &t.target, download, &error);
  g_assert_no_error (error);
  matrix_set_job (c, job);
}

/* ---- modules --------------------------------------------------------------- */

typedef enum
{
  PORT_STAYS,  /* a UART bridge: boot noise on a restart */
  PORT_RENEWS, /* USB: the port goes and comes back */
} PortStyle;

static FdSimModule *
add_module (Cells *cells, const char *column, PortStyle style)
{
  FdSimModule *m;

  if (g_str_equal (column, "luat"))
    return fd_test_luat_add_module (&cells->luat, style == PORT_STAYS ? STYLE_UART : STYLE_USB);
  m = mfw_add_module (&cells->m.fx, g_str_equal (column, "rsfota") ? "M5311" : "M5311-E");
  if (g_str_equal (column, "rsfota"))
    fd_sim_module_set_onenet (m, 8192, RS_NEW_REV, FD_SIM_ONENET_SUCCESS);
  else
    fd_sim_module_set_upgrade_sends_ok (m, TRUE);
  fd_sim_module_set_reboot_style (m, style == PORT_STAYS ? FD_SIM_REBOOT_KEEP_PORT
                                                         : FD_SIM_REBOOT_REENUMERATE);
  return m;
}

static MatrixCell *
cell (Cells *cells, const char *row, const char *column, PortStyle style, FdResult result,
      const char *error_name, gint64 code, const char *text, guint bound_ms)
{
  MatrixCell *c = matrix_add (&cells->m, row, column, result, error_name, code, text, bound_ms);

  c->module = add_module (cells, column, style);
  return c;
}

/* ---- actions mid-flow -------------------------------------------------------- */

/* Silent from the first sign of a transfer: progress, or (Luat) the
 * first download URC. */
static void
go_silent (MatrixCell *c, const FdJobEvent *event)
{
  if (c->acted)
    return;
  if (event->kind == FD_JOB_EVENT_PROGRESS
      || (event->kind == FD_JOB_EVENT_URC && g_str_has_prefix (event->text, "+UPGRADEIND")))
    {
      c->acted = TRUE;
      fd_sim_module_set_silent (c->module, TRUE);
    }
}

/* ---- the common faults, for every dialect --------------------------------------- */

/* What each dialect's message must say of a port gone mid-transfer and
 * of a silent module. */
static const struct
{
  const char *column;
  const char *dropped;
  const char *silent;
} common_texts[] = {
  { "rsfota", "port went away", "did not end within 5 seconds" },
  { "mfw", "port went away", "gave no answer to AT+MFWDLOAD=" },
  { "luat", "restarted or was unplugged", "did not finish within 5 s" },
};

static void
add_common (Cells *cells, guint column)
{
  const char *col = common_texts[column].column;
  gboolean    luat = g_str_equal (col, "luat");
  gboolean    rsfota = g_str_equal (col, "rsfota");
  MatrixCell *c;

  c = cell (cells, "drop mid-transfer (drop-port)", col, PORT_STAYS, FD_RESULT_FAILED, "unplugged",
            FD_AUDIT_NO_CODE, common_texts[column].dropped, QUICK_BOUND);
  if (rsfota)
    fd_sim_module_set_onenet (c->module, 32768, RS_NEW_REV, FD_SIM_ONENET_SUCCESS);
  /* the transfer: FotaDesk's hex write (MFW), the module's own download
   * from the platform (RSFOTA) or by URL (Luat) */
  fd_sim_module_set_drop_port_at (c->module, luat ? 20000 : 8192);
  start_job (cells, c, luat);

  c = cell (cells, "never returns after a restart", col, PORT_RENEWS, FD_RESULT_FAILED,
            "reattach-timeout", FD_AUDIT_NO_CODE, "did not come back within 3 s", REATTACH_BOUND);
  fd_sim_module_set_never_return (c->module, TRUE);
  start_job (cells, c, FALSE);

  c = cell (cells, "returns under a new name", col, PORT_RENEWS, FD_RESULT_SUCCESS, NULL,
            FD_AUDIT_NO_CODE, "came back on", OK_BOUND);
  fd_sim_module_set_rename_on_reboot (c->module, TRUE);
  start_job (cells, c, FALSE);

  c = cell (cells, "silence mid-transfer", col, PORT_STAYS, FD_RESULT_FAILED, "timeout",
            FD_AUDIT_NO_CODE, common_texts[column].silent, TIMEOUT_BOUND);
  /* slow enough that the transfer is still going when the first sign of
   * it reaches the main loop, however busy the machine */
  if (rsfota)
    {
      fd_sim_module_set_onenet (c->module, 32768, RS_NEW_REV, FD_SIM_ONENET_SUCCESS);
      fd_test_luat_slow_download (c->module, 200); /* 64 blocks of 512 bytes */
    }
  else if (luat)
    fd_test_luat_slow_download (c->module, 1000);
  else
    fd_sim_module_set_baud (c->module, 115200); /* 3 s of hex writing */
  c->action = go_silent;
  start_job (cells, c, FALSE);

  c = cell (cells, "garbage before lines (20 %)", col, PORT_STAYS, FD_RESULT_SUCCESS, NULL,
            FD_AUDIT_NO_CODE, NULL, OK_BOUND);
  fd_sim_module_set_garbage (c->module, 20);
  start_job (cells, c, FALSE);

  c = cell (cells, "late URCs (300 ms)", col, PORT_STAYS, FD_RESULT_SUCCESS, NULL, FD_AUDIT_NO_CODE,
            NULL, OK_BOUND);
  fd_sim_module_set_urc_delay (c->module, 300);
  start_job (cells, c, FALSE);

  c = cell (cells, "busy port (flock + TIOCEXCL)", col, PORT_STAYS, FD_RESULT_FAILED, "busy",
            FD_AUDIT_NO_CODE, "in use by another program", QUICK_BOUND);
  g_assert_true (fd_sim_module_set_busy (c->module, TRUE, NULL));
  start_job (cells, c, FALSE);

  c = cell (cells, "permission denied (as nobody)", col, PORT_STAYS, FD_RESULT_FAILED,
            "permission-denied", FD_AUDIT_NO_CODE, "No permission", QUICK_BOUND);
  c->child = TRUE;
  c->child_log_dir = matrix_lock_port (&cells->m, c->module);
}

/* ---- what each dialect's module reports ------------------------------------------ */

static void
add_rsfota_outcomes (Cells *cells)
{
  static const struct
  {
    const char        *row;
    FdSimOnenetOutcome outcome;
    FdResult           result;
    const char        *name;
    gint64             code;
    const char        *text;
  } outcomes[] = {
    { "+RSFOTA:0,0 no package", FD_SIM_ONENET_NO_PACKAGE, FD_RESULT_UP_TO_DATE, NULL,
      FD_AUDIT_NO_CODE, "(+RSFOTA:0,0)" },
    { "+RSFOTA:1,2 download paused", FD_SIM_ONENET_DOWNLOAD_PAUSED, FD_RESULT_SUCCESS, NULL,
      FD_AUDIT_NO_CODE, "+RSFOTA:1,2" },
    { "+RSFOTA:1,4 download failed", FD_SIM_ONENET_DOWNLOAD_FAILED, FD_RESULT_FAILED,
      "download-failed", 14, "+RSFOTA:1,4" },
    { "+RSFOTA:1,5 package rejected", FD_SIM_ONENET_REJECTED, FD_RESULT_FAILED, "rejected", 15,
      "+RSFOTA:1,5" },
    { "+RSFOTA:2,4 upgrade failed", FD_SIM_ONENET_UPGRADE_FAILED, FD_RESULT_FAILED,
      "upgrade-failed", 24, "+RSFOTA:2,4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      MatrixCell *c = cell (cells, outcomes[i].row, "rsfota", PORT_STAYS, outcomes[i].result,
                            outcomes[i].name, outcomes[i].code, outcomes[i].text, OK_BOUND);

      fd_sim_module_set_onenet (c->module, 8192, RS_NEW_REV, outcomes[i].outcome);
      start_job (cells, c, FALSE);
    }
}

static void
add_mfw_codes (Cells *cells)
{
  static const struct
  {
    guint       code;
    const char *command;
    gboolean    download;
    const char *name;
    const char *row;
  } codes[] = {
    { 850, "+MFWUPGRADE", FALSE, "module-error", "CME 850 unknown error" },
    { 851, "+MFWCFG", TRUE, "config-error", "CME 851 configuration error" },
    { 852, "+MFWCFG", TRUE, "url-error", "CME 852 URL type error" },
    { 853, "+MFWDLOAD", FALSE, "write-error", "CME 853 package write error" },
    { 854, "+MFWUPGRADE", FALSE, "upgrade-failed", "CME 854 firmware upgrade error" },
    { 855, "+MFWDLOAD", TRUE, "download-failed", "CME 855 package download failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *text = g_strdup_printf ("CME %u", codes[i].code);
      MatrixCell *c = cell (cells, codes[i].row, "mfw", PORT_STAYS, FD_RESULT_FAILED, codes[i].name,
                            codes[i].code, g_intern_string (text), QUICK_BOUND);

      fd_sim_module_set_cme_fault (c->module, codes[i].command, 100, codes[i].code);
      start_job (cells, c, codes[i].download);
    }
}

static void
add_luat_codes (Cells *cells)
{
  static const struct
  {
    int         error_code;
    int         http;
    int         cause;
    const char *name;
    gint64      code;
    const char *text;
    const char *row;
  } codes[] = {
    { -1000, 0, 0, "url-error", -1000, "-1000", "Luat -1000 invalid URL" },
    { -1001, 0, 0, "network-error", -1001, "-1001", "Luat -1001 network error" },
    { -1002, 0, 0, "server-error", -1002, "-1002", "Luat -1002 server connection error" },
    { -1003, 200, 0, "invalid-firmware", -1003, "-1003", "Luat -1003 invalid firmware" },
    { -1004, 404, 0, "http-error", -1004, "-1004", "Luat -1004 HTTP response error" },
    { -1005, 200, 0, "storage-error", -1005, "-1005", "Luat -1005 storing failed" },
    { -1006, 0, 0, "module-error", -1006, "-1006", "Luat -1006 other error" },
    { -1004, 200, 3, "invalid-device", 3, "cause 3", "Luat fota cause 3 invalid device" },
    { -1004, 200, 17, "no-permission", 17, "cause 17", "Luat fota cause 17 no permission" },
    { -1004, 200, 25, "invalid-project", 25, "cause 25", "Luat fota cause 25 invalid project" },
    { -1004, 200, 26, "invalid-firmware", 26, "cause 26", "Luat fota cause 26 invalid firmware" },
  };
  MatrixCell *c;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      c = cell (cells, codes[i].row, "luat", PORT_STAYS, FD_RESULT_FAILED, codes[i].name,
                codes[i].code, codes[i].text, QUICK_BOUND);
      fd_sim_module_set_luat_platform (c->module, NEW_REV, 1000, codes[i].error_code, codes[i].http,
                                       codes[i].cause, TRUE);
      start_job (cells, c, FALSE);
    }
  /* The platform's firmware is the one the module runs: cause 27. */
  c = cell (cells, "Luat fota cause 27 already the latest", "luat", PORT_STAYS,
            FD_RESULT_UP_TO_DATE, NULL, FD_AUDIT_NO_CODE, "cause 27", OK_BOUND);
  fd_sim_module_set_luat_platform (c->module, OLD_REV, 1000, 0, 200, 0, TRUE);
  start_job (cells, c, FALSE);
}

/* ---- permission denied: the job in a child, as nobody ---------------------------- */

static char **
child_argv (MatrixCell *c, gpointer data)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *port = fd_sim_module_dup_link_path (c->module);
  g_autofree char *revision = fd_sim_module_dup_revision (c->module);
  const char      *argv[] = { self,
                              "--matrix-child",
                              c->column,
                              port,
                              fd_sim_module_get_imei (c->module),
                              fd_sim_module_get_model (c->module),
                              revision,
                              c->child_log_dir,
                              NULL };

  return matrix_as_nobody (argv);
}

/* In the child: one job on a port it may not open, reported on stdout. */
static int
child_main (char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdAuditLog) audit = fd_audit_log_new (argv[7], &error);
  FdUpgradeTarget  target = { argv[3], argv[4], argv[5], argv[6], NULL };
  FdUpgradeOptions options;
  FdJob           *job = NULL;

  g_assert_no_error (error);
  fd_upgrade_options_init (&options);
  options.bounds.command_timeout_ms = M_COMMAND_MS;
  options.audit_log = audit;
  if (g_str_equal (argv[2], "rsfota"))
    {
      FdRsfotaConfig config;

      rsfota_config (&config);
      job = fd_upgrade_job_new_rsfota (&target, &config, &options, &error);
    }
  else if (g_str_equal (argv[2], "mfw"))
    {
      g_auto (FdMfwConfig) config = { 0 };

      fd_mfw_config_init (&config);
      config.url = g_strdup ("http://127.0.0.1:9/fw.bin"); /* never reached */
      job = fd_upgrade_job_new_mfw (&target, &config, &options, &error);
    }
  else
    {
      g_auto (FdLuatConfig) config = { 0 };

      fd_test_luat_config_key (&config, KEY);
      job = fd_upgrade_job_new_luat (&target, &config, &options, &error);
    }
  g_assert_no_error (error);
  fd_job_set_timeout (job, 30000);
  matrix_child_report (job);
  g_object_unref (job);
  return 0;
}

/* ---- a port busy for a moment after a restart --------------------------------------- */

/* What the matrix once caught: as a batch's modules restart, one job's
 * reattach asks a port that just came back for its IMEI while that
 * port's own job opens it. Here the holder is deterministic: the module
 * is found, then held for 300 ms before its job may open it. */
typedef struct
{
  FdReattach *reattach;
  guint       n_held;
} Holder;

static gpointer
release_later (gpointer port)
{
  g_usleep (300 * 1000);
  g_object_unref (port);
  return NULL;
}

static char *
find_then_hold (const char *old_port, const char *imei, guint timeout_ms, gpointer data,
                GCancellable *cancellable, GError **error)
{
  Holder *h = data;
  char *port = fd_reattach_flow_func (old_port, imei, timeout_ms, h->reattach, cancellable, error);
  FdSerialPort *held;

  if (port == NULL)
    return NULL;
  held = fd_serial_port_open (port, 0, NULL);
  g_assert_nonnull (held);
  h->n_held++;
  g_thread_unref (g_thread_new ("holder", release_later, held));
  return port;
}

static void
test_busy_after_restart (void)
{
  MfwFixture fx = { 0 };
  g_auto (MfwTarget) t = { 0 };
  g_auto (MfwRunWatch) watch = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (FdJob) job = NULL;
  FdUpgradeOptions options;
  FdRsfotaConfig   config;
  FdSimModule     *m;
  Holder           h = { 0 };

  mfw_fixture_setup (&fx, NULL);
  /* the report URC comes while the port is held, and is lost with the
   * holder's input: the report phase waits its bound, then lets it be */
  fx.bounds.phase_timeout_ms = 2000;
  m = mfw_add_module (&fx, "M5311");
  fd_sim_module_set_onenet (m, 8192, RS_NEW_REV, FD_SIM_ONENET_SUCCESS);
  fd_sim_module_set_reboot_style (m, FD_SIM_REBOOT_REENUMERATE);
  fd_sim_module_set_rename_on_reboot (m, TRUE);
  h.reattach = mfw_new_reattach (&fx, m);
  mfw_target_init (&t, m);
  fd_upgrade_options_init (&options);
  options.bounds = fx.bounds;
  options.audit_log = fx.audit;
  options.reattach = find_then_hold;
  options.reattach_data = &h;
  rsfota_config (&config);
  job = fd_upgrade_job_new_rsfota (&t.target, &config, &options, &error);
  g_assert_no_error (error);
  mfw_watch_init (&watch, job);
  mfw_run (&watch);

  g_assert_cmpuint (h.n_held, >=, 1);
  g_assert_cmpint (watch.result, ==, FD_RESULT_SUCCESS);
  g_assert_nonnull (mfw_find_text (&watch, FD_JOB_EVENT_MESSAGE, "came back on"));
  mfw_watch_clear (&watch);
  g_clear_object (&h.reattach);
  g_usleep (400 * 1000); /* the last holder let go */
  mfw_fixture_teardown (&fx, NULL);
}

/* ---- the test ---------------------------------------------------------------------- */

static void
test_matrix (void)
{
  Cells cells = { 0 };
  g_autoptr (GBytes) package = NULL;
  guint failed;

  matrix_init (&cells.m);
  cells.m.fx.bounds.command_timeout_ms = M_COMMAND_MS;
  cells.m.fx.bounds.phase_timeout_ms = M_PHASE_MS;
  cells.m.fx.bounds.reattach_timeout_ms = M_REATTACH_MS;
  cells.luat = (Fixture){ .dir = cells.m.fx.dir,
                          .www = cells.m.fx.www,
                          .log_dir = cells.m.fx.log_dir,
                          .fleet = cells.m.fx.fleet,
                          .audit = cells.m.fx.audit,
                          .enumerator = cells.m.fx.enumerator };
  package = mfw_publish (&cells.m.fx, "fw.bin", MFW_NEW_REV,
                         MFW_PACKAGE - (8 + 1 + 1 + strlen (MFW_NEW_REV) + 4 + 32), 3);
  cells.mfw_file = mfw_write_file (&cells.m.fx, "local.bin", package);
  cells.server = fd_test_server_start ("http", cells.m.fx.www, NULL);
  cells.mfw_url = fd_test_server_url (cells.server, "fw.bin");
  cells.luat.server = cells.server;
  cells.luat_url = fd_test_luat_publish (&cells.luat, "luat.bin", NEW_REV);

  for (guint i = 0; i < G_N_ELEMENTS (common_texts); i++)
    add_common (&cells, i);
  add_rsfota_outcomes (&cells);
  add_mfw_codes (&cells);
  add_luat_codes (&cells);
  failed = matrix_run (&cells.m, child_argv, &cells);

  g_clear_pointer (&cells.server, fd_test_server_stop);
  g_free (cells.mfw_file);
  g_free (cells.mfw_url);
  g_free (cells.luat_url);
  matrix_clear (&cells.m);
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int argc, char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "--matrix-child"))
    {
      if (argc != 8)
        g_error ("--matrix-child COLUMN PORT IMEI MODEL REVISION LOG-DIR");
      return child_main (argv);
    }
  setlocale (LC_ALL, ""); /* the messages' quotes, printed as they are */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reliability/fault-matrix", test_matrix);
  g_test_add_func ("/reliability/reattach/busy-after-restart", test_busy_after_restart);
  return g_test_run ();
}
