/* fd-test-mfw-job.h — real MFW upgrade jobs against simulated modules:
 * a fixture (simulator fleet, served folder, audit log, transcripts,
 * port enumerator for reattach) and a runner that keeps every event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-audit-log.h"
#include "fd-batch.h"
#include "fd-port-enumerator.h"
#include "fd-reattach.h"
#include "fd-sim-fleet.h"
#include "fd-upgrade.h"

G_BEGIN_DECLS

/* Liveness only: a job that does not end within this is a hang. */
#define FD_TEST_JOB_BOUND_MS 60000

typedef struct
{
  char             *dir;     /* everything below is inside */
  char             *sim_dir; /* the simulator's links */
  char             *www;     /* what the loopback servers serve */
  char             *log_dir; /* audit log and transcripts */
  FdSimFleet       *fleet;
  FdAuditLog       *audit;
  FdPortEnumerator *enumerator; /* globs over sim_dir */
  FdFlowBounds      bounds;     /* short, for tests */
} MfwFixture;

void mfw_fixture_setup (MfwFixture *fx, gconstpointer data);
void mfw_fixture_teardown (MfwFixture *fx, gconstpointer data);

FdSimModule *mfw_add_module (MfwFixture *fx, const char *model);
/* A valid simulated package for @revision in www/@name; returned. */
GBytes *mfw_publish (MfwFixture *fx, const char *name, const char *revision, gsize payload,
                     guint32 seed);
/* Writes @bytes to DIR/@name (a local package or copy); returns the path. */
char *mfw_write_file (MfwFixture *fx, const char *name, GBytes *bytes);

/* The target as a scan would have found @module (its link now). */
typedef struct
{
  FdUpgradeTarget target;
  char           *port;
  char           *revision;
} MfwTarget;
void mfw_target_init (MfwTarget *t, FdSimModule *module);
void mfw_target_clear (MfwTarget *t);

/* A job on @module; @reattach (nullable) follows it by IMEI. Asserts
 * that the constructor accepted the configuration. */
FdJob *mfw_new_job (MfwFixture *fx, FdSimModule *module, const FdMfwConfig *config,
                    FdReattach *reattach);
/* An FdReattach for @module on the fixture's enumerator, polling fast. */
FdReattach *mfw_new_reattach (MfwFixture *fx, FdSimModule *module);

/* One job run on the main loop, every event kept. */
typedef struct _MfwRunWatch MfwRunWatch;
typedef void (*MfwEventHook) (MfwRunWatch *watch, const FdJobEvent *event, gpointer data);
struct _MfwRunWatch
{
  FdJob       *job;
  GPtrArray   *events; /* FdJobEvent copies */
  gboolean     done;
  FdResult     result;
  gint64       elapsed_ms;
  gint64       started_us; /* monotonic, set by mfw_start() */
  MfwEventHook hook;
  gpointer     hook_data;
};

void mfw_watch_init (MfwRunWatch *watch, FdJob *job);
void mfw_watch_clear (MfwRunWatch *watch);
/* Starts the job and iterates the main context until it ends. */
void mfw_run (MfwRunWatch *watch);
/* Starts the job and returns: @watch->done is set (and elapsed_ms) once it
 * ended, while the caller iterates the main context (several at once). */
void mfw_start (MfwRunWatch *watch);
/* Iterates the main context until @flag is set (bounded). */
void mfw_iterate_until (gboolean *flag);

/* The first event message/warning text containing @needle, or NULL. */
const char *mfw_find_text (MfwRunWatch *watch, FdJobEventKind kind, const char *needle);
/* The number of URC events that start with @prefix. */
guint mfw_count_urcs (MfwRunWatch *watch, const char *prefix);
/* The elapsed ms of the first PHASE event for @phase, or -1. */
gint64 mfw_phase_entered_ms (MfwRunWatch *watch, FdPhase phase);

/* The audit log's summary of @job (asserts it is there). */
FdAuditJobSummary *mfw_audit_summary (MfwFixture *fx, FdJob *job);
/* Asserts the job's final audit record: @result, @error_name (NULL for
 * none), @error_code (FD_AUDIT_NO_CODE for none), @last_phase. */
void mfw_assert_audit (MfwFixture *fx, FdJob *job, FdAuditResult result, const char *error_name,
                       gint64 error_code, const char *last_phase);

/* Every byte the job sent (@tx) or received, from its transcript file. */
GString *mfw_transcript_bytes (FdJob *job, gboolean tx);
/* How often @needle occurs in @haystack (binary-safe). */
guint mfw_count (const GString *haystack, const char *needle);

/* Whole files, for grepping. */
char *mfw_read_file (const char *path);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MfwTarget, mfw_target_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MfwRunWatch, mfw_watch_clear)

G_END_DECLS
