/* fd-test-rsfota.h — running real RSFOTA upgrade jobs in tests and
 * reading back what they left: events, the audit log, the transcript
 *
 * A job runs on its own thread against a module on a real pty (the
 * simulator's, or a scripted one); the test thread runs a main loop,
 * collects every event and may act on them through a hook (power-cycle
 * the module when asked, cancel, …).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-audit-log.h"
#include "fd-reattach.h"
#include "fd-upgrade.h"

G_BEGIN_DECLS

/* A job that does not end within this is a hang: the test fails. */
#define FD_TEST_RSFOTA_GUARD_MS 60000

typedef struct _FdTestRsfota FdTestRsfota;
typedef void (*FdTestRsfotaHook) (FdTestRsfota *self, const FdJobEvent *event, gpointer data);

struct _FdTestRsfota
{
  char             *dir;     /* removed at the end */
  char             *log_dir; /* audit log and transcripts */
  FdAuditLog       *audit;
  FdFlowBounds      bounds;     /* short, for tests; change before a job */
  FdPortEnumerator *enumerator; /* NULL: reattach on the same path */
  FdReattach       *reattach;

  /* The last job. */
  FdJob           *job;
  GPtrArray       *events; /* FdJobEvent copies */
  gboolean         done;
  FdResult         result;
  GError          *error;
  gint64           started_us;
  gint64           ended_us;
  FdTestRsfotaHook hook;
  gpointer         hook_data;
};

/* @port_glob: where a rebooted module may come back (NULL: same path). */
FdTestRsfota *fd_test_rsfota_new (const char *dir, const char *port_glob);
void          fd_test_rsfota_free (FdTestRsfota *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTestRsfota, fd_test_rsfota_free)

/* Builds (must validate) and runs one job to its end. */
void fd_test_rsfota_run (FdTestRsfota *self, const char *port, const char *imei,
                         const char *revision, const FdRsfotaConfig *config);

/* The job's elapsed time, start to result. */
gint64 fd_test_rsfota_elapsed_ms (FdTestRsfota *self);

/* Events. */
gboolean fd_test_rsfota_has_text (FdTestRsfota *self, FdJobEventKind kind, const char *needle);
/* The phases entered, "configure,download,…". */
char *fd_test_rsfota_phases (FdTestRsfota *self);
/* Asserts that download progress only went forward and ended at @total;
 * returns how many progress events there were (the job merges those
 * that queue up: not a count of the module's progress lines). */
guint             fd_test_rsfota_assert_progress (FdTestRsfota *self, guint64 total);
const FdJobEvent *fd_test_rsfota_result_event (FdTestRsfota *self);

/* The job's record in the audit log (the last job), checked: @result
 * ("success", …), @error_name (NULL: none), @code (FD_AUDIT_NO_CODE:
 * none), @last_phase. Returns the error message recorded (or NULL). */
char *fd_test_rsfota_assert_audit (FdTestRsfota *self, const char *result, const char *error_name,
                                   gint64 code, const char *last_phase);

/* Every command line the job sent, from its transcript, in order. */
GStrv fd_test_rsfota_sent (FdTestRsfota *self);
guint fd_test_rsfota_count_sent (FdTestRsfota *self, const char *command);

G_END_DECLS
