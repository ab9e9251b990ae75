/* fd-test-matrix.h — a matrix of real upgrade jobs, one per (fault,
 * dialect) cell, run at the same time and checked against what each cell
 * must end with: result, error name, module code, words of the message,
 * a time bound, and the audit log's final record saying the same.
 *
 * The jobs and modules come from fd-test-mfw-job (MfwFixture: a
 * simulator fleet, an audit log, a port enumerator for reattach); any
 * dialect's job fits in an MfwRunWatch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-test-mfw-job.h"

G_BEGIN_DECLS

typedef struct _MatrixCell MatrixCell;
/* Called for every event of the cell's job, on the main context. */
typedef void (*MatrixAction) (MatrixCell *cell, const FdJobEvent *event);

struct _MatrixCell
{
  /* what the table says */
  char       *row;    /* the fault */
  const char *column; /* the dialect: "rsfota", "mfw", "luat" */
  FdResult    result;
  const char *error_name; /* NULL: none */
  gint64      code;       /* the module's code; FD_AUDIT_NO_CODE: none */
  const char *text;       /* in the failure's message, or (success) in an event */
  guint       bound_ms;   /* the job ends within this */

  /* set up by the dialect's builder */
  FdSimModule *module;
  FdReattach  *reattach;
  MatrixAction action;
  gboolean     acted;
  MfwRunWatch  watch; /* holds the job */

  /* a cell whose job runs in another process (permission denied) */
  gboolean child;
  char    *child_log_dir; /* its audit log */
  FdResult child_result;
  char    *child_error_name;
  char    *child_message;
  char    *child_job_id;
  gint64   child_elapsed_ms;

  char *verdict; /* NULL: pass */
};

typedef struct
{
  MfwFixture fx;
  GPtrArray *cells; /* MatrixCell */
} Matrix;

void matrix_init (Matrix *m);
void matrix_clear (Matrix *m);

/* A new cell (owned by @m) expecting @result / @error_name / @code; the
 * builder adds module, job and action. */
MatrixCell *matrix_add (Matrix *m, const char *row, const char *column, FdResult result,
                        const char *error_name, gint64 code, const char *text, guint bound_ms);
/* The cell's job: watched, hooked to the cell's action. */
void matrix_set_job (MatrixCell *cell, FdJob *job);

/* Runs every cell's job at once (those in a child process one after the
 * other, through @child_argv_func), checks each cell, prints the table
 * with g_test_message() and returns the number of failed cells. */
typedef char **(*MatrixChildArgv) (MatrixCell *cell, gpointer data);
guint matrix_run (Matrix *m, MatrixChildArgv child_argv, gpointer data);

/* ---- permission denied: a job run as nobody ----------------------------- */

/* For the child: prints "RESULT|ERROR-NAME|JOB-ID|ELAPSED-MS|MESSAGE" of
 * @job run to its end. */
void matrix_child_report (FdJob *job);
/* Makes @module's port readable by root alone and the directories on the
 * way to it searchable by all; returns a log directory anyone may write. */
char *matrix_lock_port (Matrix *m, FdSimModule *module);
/* argv that runs @self_argv as nobody (through setpriv when root). */
char **matrix_as_nobody (const char *const *self_argv);

G_END_DECLS
