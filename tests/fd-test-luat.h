/* fd-test-luat.h — running Luat upgrade jobs against the simulator, and
 * reading back what they left: events, the audit log, the transcript
 *
 * Shared by test-flow-luat.c and test-flow-luat-faults.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-audit-log.h"
#include "fd-reattach.h"
#include "fd-sim-fleet.h"
#include "fd-test-server.h"
#include "fd-upgrade.h"

G_BEGIN_DECLS

/* Liveness bounds only: the machine is shared and noisy. */
#define JOB_BOUND_S 30
#define COMMAND_MS 1000
#define PHASE_MS 8000
#define REATTACH_MS 8000

#define MODEL "Air780E"
#define OLD_REV "AirM2M_780E_V1120_LTE_AT"
#define NEW_REV "AirM2M_780E_V1121_LTE_AT"
#define KEY "PK-7f3a9c1e-SecretProductKey"
#define OTHER_KEY "PK-0b5d-AnotherProductsSecret"

typedef enum
{
  STYLE_UART,       /* the port stays; boot noise on a reboot */
  STYLE_USB,        /* the port vanishes and comes back, same name */
  STYLE_USB_RENAME, /* ... under a new name */
} Style;

typedef struct
{
  char             *dir;
  char             *www;
  char             *log_dir;
  FdSimFleet       *fleet;
  FdAuditLog       *audit;
  FdPortEnumerator *enumerator;
  FdTestServer     *server;
} Fixture;

typedef struct _JobRun JobRun;
typedef void (*JobAction) (JobRun *run);

struct _JobRun
{
  Fixture     *fx;
  FdSimModule *module;
  FdJob       *job;
  FdReattach  *reattach;
  GPtrArray   *events; /* FdJobEvent copies, in order */
  gboolean     done;
  FdResult     result;
  gint64       elapsed_us;
  /* Done once, on the main loop, when a URC starting with this arrives. */
  const char *act_on;
  JobAction   action;
  gboolean    acted;
  /* The module's link each time the job found it again. */
  GPtrArray *links_back;
};

typedef struct
{
  int         error_code;
  int         http_status;
  int         cause;
  const char *name;
  gint64      code;
} FailureCase;

/* A fleet, a loopback HTTP server on demand, an audit log, and a port
 * enumerator that sees only the simulator's links. */
void fd_test_luat_fixture_setup (Fixture *fx, gconstpointer data);
void fd_test_luat_fixture_teardown (Fixture *fx, gconstpointer data);

/* An Air780E running OLD_REV, booted, whose platform offers NEW_REV. */
FdSimModule *fd_test_luat_add_module (Fixture *fx, Style style);
void         fd_test_luat_slow_download (FdSimModule *m, guint step_ms);
/* Straight to the module, as another tool would (before a job). */
void  fd_test_luat_module_command (FdSimModule *m, const char *command);
char *fd_test_luat_module_query (FdSimModule *m, const char *command);
/* A simulated package of @revision on the loopback server; its URL. */
char *fd_test_luat_publish (Fixture *fx, const char *name, const char *revision);

/* KEY or URL, with the trigger. */
void fd_test_luat_config_key (FdLuatConfig *config, const char *key);
void fd_test_luat_config_url (FdLuatConfig *config, const char *url);

/* A real job for @config (the tests' bounds unless @bounds), reattached
 * by IMEI, run to its end on this thread's main loop (bounded). */
void fd_test_luat_job_run_init (JobRun *run, Fixture *fx, FdSimModule *m);
void fd_test_luat_job_run_clear (JobRun *run);
void fd_test_luat_job_run (JobRun *run, const FdLuatConfig *config, const FdFlowBounds *bounds);

/* What the job said. */
const FdJobEvent *fd_test_luat_result_event (JobRun *run);
guint             fd_test_luat_count_events (JobRun *run, FdJobEventKind kind, const char *needle);
guint             fd_test_luat_count_phase (JobRun *run, FdPhase phase);
char             *fd_test_luat_phase_path (JobRun *run);

/* What the audit log kept. */
FdAuditJobSummary *fd_test_luat_audit_summary (JobRun *run);
gboolean           fd_test_luat_audit_has_message (JobRun *run, const char *needle);
void fd_test_luat_assert_audit (JobRun *run, FdAuditResult result, const char *error_name,
                                gint64 error_code, const char *last_phase);

/* What the transcript kept. */
void  fd_test_luat_load_transcript (JobRun *run, char **tx, char **rx);
guint fd_test_luat_count_lines (const char *text, const char *line);
/* @secret in none of the audit log, the transcript, the events. */
void fd_test_luat_assert_secret_absent (JobRun *run, const char *secret);

/* Upgraded to NEW_REV across both restarts, and recorded so. */
void fd_test_luat_assert_upgraded (JobRun *run);
/* Runs a job that must fail as @c says, with the table's meaning. */
void fd_test_luat_run_failure (Fixture *fx, FdSimModule *m, const FdLuatConfig *config,
                               const FailureCase *c);

G_END_DECLS
