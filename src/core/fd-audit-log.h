/* fd-audit-log.h — the append-only record of every upgrade job
 *
 * One JSON object per line in <dir>/audit.jsonl, <dir> being
 * $XDG_STATE_HOME/fotadesk unless overridden (tests, `--log-dir`).
 * Two kinds of record, every key always present (null when unknown):
 *
 *   {"record":"state","time":…,"job":…,"imei":…,"model":…,"port":…,
 *    "dialect":…,"phase":…,"code":…,"message":…}
 *   {"record":"final", same identity keys, "old_revision":…,
 *    "new_revision":…,"result":…,"revision_changed":…,"error_name":…,
 *    "error_code":…,"error_message":…,"duration_ms":…}
 *
 * Each append is a single write() of one whole line on an O_APPEND
 * descriptor, then fsync(), before the call returns: once an append
 * returned TRUE the record survives a crash of the tool, so the caller may
 * show the outcome. Several threads (and processes) may append to one log.
 * Every string is redacted (known secrets → "***") before it is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FD_TYPE_AUDIT_LOG (fd_audit_log_get_type ())
G_DECLARE_FINAL_TYPE (FdAuditLog, fd_audit_log, FD, AUDIT_LOG, GObject)

#define FD_AUDIT_LOG_FILENAME "audit.jsonl"

/* A record's "code" / "error_code" when there is none (written as null). */
#define FD_AUDIT_NO_CODE G_MININT64

typedef enum {
  FD_AUDIT_RESULT_SUCCESS,
  FD_AUDIT_RESULT_UP_TO_DATE,
  FD_AUDIT_RESULT_FAILED,
  FD_AUDIT_RESULT_CANCELLED,
  FD_AUDIT_RESULT_INTERRUPTED, /* only from the reader: no final record */
} FdAuditResult;

/* Who a record is about; repeated in every record of the job. Strings may
 * be NULL when not known yet. */
typedef struct {
  const char *job_id; /* required; fd_audit_new_job_id() makes one */
  const char *imei;
  const char *model;
  const char *port;
  const char *dialect; /* "rsfota", "mfw", "luat" */
} FdAuditJob;

/* How a job ended. */
typedef struct {
  FdAuditResult result; /* never INTERRUPTED */
  gboolean      revision_changed;
  const char   *old_revision;
  const char   *new_revision;
  const char   *error_name;    /* stable machine name, NULL on success */
  gint64        error_code;    /* the module's own code, or FD_AUDIT_NO_CODE */
  const char   *error_message; /* in words, NULL on success */
  gint64        duration_ms;   /* < 0: measured by the log since the job's
                                * first record in this process */
} FdAuditOutcome;

/* Extra redaction, run on every string after the known secrets were
 * replaced; returns a new string. Called with the log's lock held, from
 * whichever thread appends: keep it pure. */
typedef char *(*FdAuditRedactFunc) (const char *text, gpointer user_data);

/* Opens (creating it and @dir, mode 0700, if needed) the log in @dir, or
 * in fd_audit_default_dir() when @dir is NULL. */
FdAuditLog *fd_audit_log_new (const char *dir, GError **error);

/* The full path of the log file. */
const char *fd_audit_log_get_path (FdAuditLog *self);

/* Adds a string that must never be written (a password, a Luat KEY).
 * Thread-safe; empty strings are ignored. */
void fd_audit_log_add_secret (FdAuditLog *self, const char *secret);

/* Sets an extra redaction hook (see FdAuditRedactFunc); NULL removes it. */
void fd_audit_log_set_redact_func (FdAuditLog       *self,
                                   FdAuditRedactFunc func,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy);

/* Appends a state-change record: the job entered @phase ("configure",
 * "download", …), with the module's state @code (or FD_AUDIT_NO_CODE) and
 * a @message for people. Returns once the line is on disk. */
gboolean fd_audit_log_append_state (FdAuditLog       *self,
                                    const FdAuditJob *job,
                                    const char       *phase,
                                    gint64            code,
                                    const char       *message,
                                    GError          **error);

/* Appends the final record of a job. Returns once the line is on disk:
 * only then may the outcome be shown. */
gboolean fd_audit_log_append_final (FdAuditLog           *self,
                                    const FdAuditJob     *job,
                                    const FdAuditOutcome *outcome,
                                    GError              **error);

/* $XDG_STATE_HOME/fotadesk (g_get_user_state_dir()). */
char *fd_audit_default_dir (void);

/* A new random job id (a UUID). */
char *fd_audit_new_job_id (void);

/* "success", "up-to-date", "failed", "cancelled", "interrupted". */
const char *fd_audit_result_to_string (FdAuditResult result);

/* The reverse of fd_audit_result_to_string(); FALSE for an unknown word. */
gboolean fd_audit_result_from_string (const char *text, FdAuditResult *result);

/* ---- reading ---------------------------------------------------------- */

/* Every valid record of the log at @path, in file order, as JsonObjects.
 * Lines that are not a whole record (the torn last line of a killed
 * process, or such a line followed by later appends) are skipped and
 * counted in @n_skipped. */
GPtrArray *fd_audit_log_read_records (const char *path,
                                      guint      *n_skipped,
                                      GError    **error);

/* One job as the log tells it. */
typedef struct {
  char         *job_id;
  char         *imei;
  char         *model;
  char         *port;
  char         *dialect;
  char         *started;    /* time of the job's first record */
  char         *ended;      /* time of its last record */
  char         *last_phase; /* the last phase a state record named */
  char         *last_message;
  FdAuditResult result;     /* INTERRUPTED when the last record is not final */
  gboolean      revision_changed;
  char         *old_revision;
  char         *new_revision;
  char         *error_name;
  gint64        error_code; /* or FD_AUDIT_NO_CODE */
  char         *error_message;
  gint64        duration_ms; /* from the final record, else ended − started */
  guint         n_records;
} FdAuditJobSummary;

void fd_audit_job_summary_free (FdAuditJobSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdAuditJobSummary, fd_audit_job_summary_free)

/* Groups @records (from fd_audit_log_read_records()) by job, in the order
 * jobs first appear. Returns FdAuditJobSummary elements. */
GPtrArray *fd_audit_log_summarize (GPtrArray *records);

typedef enum {
  FD_AUDIT_CSV_NONE = 0,
  FD_AUDIT_CSV_BOM  = 1 << 0, /* start with a UTF-8 BOM so that spreadsheet
                               * programs read Chinese text right */
} FdAuditCsvFlags;

/* One CSV row per job (RFC 4180: CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled), after a header row. */
char *fd_audit_export_csv (GPtrArray *summaries, FdAuditCsvFlags flags);

G_END_DECLS
