/* fd-validation.h — the result of checking a configuration: every
 * problem, per form field, not just the first
 *
 * The GUI shows these next to the fields as the user types; the engine
 * refuses to send a single byte while there is an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Configuration errors; the same codes label the errors of an FdValidation. */
#define FD_CONFIG_ERROR (fd_config_error_quark ())
typedef enum {
  FD_CONFIG_ERROR_MISSING,      /* a value the flow needs is not set */
  FD_CONFIG_ERROR_OUT_OF_RANGE, /* a number outside its bounds or off its step */
  FD_CONFIG_ERROR_TOO_LONG,     /* a string longer than the module accepts */
  FD_CONFIG_ERROR_UNSAFE,       /* '"', CR, LF, a byte < 0x20 or DEL: AT injection */
  FD_CONFIG_ERROR_INVALID,      /* malformed: no scheme, wrong scheme, bad preset value */
  FD_CONFIG_ERROR_CONFLICT,     /* settings that cannot go together (action vs mode) */
  FD_CONFIG_ERROR_UNSUPPORTED,  /* the model cannot do it (the manual says so) */
  FD_CONFIG_ERROR_UNCONFIRMED,  /* depends on a sub-model the module did not report */
} FdConfigError;

/* Warnings never block a job; their codes let callers tell them apart. */
typedef enum {
  FD_CONFIG_WARNING_UNKNOWN_MODEL,   /* not in the table: the most conservative row */
  FD_CONFIG_WARNING_INFERRED,        /* relies on a capability the manual does not state */
  FD_CONFIG_WARNING_NO_ROLLBACK,     /* a failed upgrade cannot be undone on this model */
  FD_CONFIG_WARNING_REBOOT_NEEDED,   /* takes effect only after the module restarts */
  FD_CONFIG_WARNING_HIDES_PROGRESS,  /* RSFOTA log=0: no URCs to follow */
  FD_CONFIG_WARNING_TIMING,          /* first_check - first_rep < 20 s */
  FD_CONFIG_WARNING_IGNORED,         /* set, but unused by this source or mode: not sent */
  FD_CONFIG_WARNING_DEFAULT_WRITTEN, /* a command needs a value the user left unset */
  FD_CONFIG_WARNING_MAY_FAIL,        /* allowed, but the module may answer an error */
  FD_CONFIG_WARNING_NO_EFFECT,       /* the job would change nothing on the module */
} FdConfigWarning;

typedef struct {
  char    *field;      /* stable form-field id ("url", "first-check", "model") */
  char    *message;    /* translated, for people; never holds a secret */
  gboolean is_warning;
  int      code;       /* FdConfigError for errors, FdConfigWarning for warnings */
} FdValidationIssue;

typedef struct _FdValidation FdValidation;

/* An empty result: no errors, no warnings. */
FdValidation *fd_validation_new (void);
void fd_validation_free (FdValidation *self);

/* Adds an error / a warning for @field; @format is a translated sentence. */
void fd_validation_add_error (FdValidation *self,
                              const char   *field,
                              FdConfigError code,
                              const char   *format,
                              ...) G_GNUC_PRINTF (4, 5);
void fd_validation_add_warning (FdValidation   *self,
                                const char     *field,
                                FdConfigWarning code,
                                const char     *format,
                                ...) G_GNUC_PRINTF (4, 5);

/* Issues in the order they were found (errors and warnings mixed). */
guint fd_validation_get_n_issues (const FdValidation *self);
const FdValidationIssue *fd_validation_get_issue (const FdValidation *self, guint index);

gboolean fd_validation_has_errors (const FdValidation *self);
guint fd_validation_get_n_errors (const FdValidation *self);
guint fd_validation_get_n_warnings (const FdValidation *self);

/* The first issue matching all given criteria: @field NULL = any field,
 * @code -1 = any code. NULL when none matches. */
const FdValidationIssue *fd_validation_find (const FdValidation *self,
                                             const char         *field,
                                             gboolean            is_warning,
                                             int                 code);

/* TRUE when there is no error; otherwise FALSE and @error in
 * FD_CONFIG_ERROR with the first error's code and every error message,
 * one per line. Warnings never fail. */
gboolean fd_validation_check (const FdValidation *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdValidation, fd_validation_free)

GQuark fd_config_error_quark (void);

G_END_DECLS
