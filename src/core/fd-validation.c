/* fd-validation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-validation.h"

G_DEFINE_QUARK (fd-config-error-quark, fd_config_error)

struct _FdValidation {
  GPtrArray *issues; /* of FdValidationIssue */
  guint      n_errors;
};

static void
issue_free (gpointer data)
{
  FdValidationIssue *issue = data;

  g_free (issue->field);
  g_free (issue->message);
  g_free (issue);
}

FdValidation *
fd_validation_new (void)
{
  FdValidation *self = g_new0 (FdValidation, 1);

  self->issues = g_ptr_array_new_with_free_func (issue_free);
  return self;
}

void
fd_validation_free (FdValidation *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->issues);
  g_free (self);
}

static void
add_issue (FdValidation *self, const char *field, gboolean is_warning, int code, char *message)
{
  FdValidationIssue *issue = g_new0 (FdValidationIssue, 1);

  issue->field = g_strdup (field != NULL ? field : "");
  issue->message = message;
  issue->is_warning = is_warning;
  issue->code = code;
  g_ptr_array_add (self->issues, issue);
  if (!is_warning)
    self->n_errors++;
}

void
fd_validation_add_error (FdValidation *self,
                         const char   *field,
                         FdConfigError code,
                         const char   *format,
                         ...)
{
  va_list args;

  g_return_if_fail (self != NULL);
  va_start (args, format);
  add_issue (self, field, FALSE, code, g_strdup_vprintf (format, args));
  va_end (args);
}

void
fd_validation_add_warning (FdValidation   *self,
                           const char     *field,
                           FdConfigWarning code,
                           const char     *format,
                           ...)
{
  va_list args;

  g_return_if_fail (self != NULL);
  va_start (args, format);
  add_issue (self, field, TRUE, code, g_strdup_vprintf (format, args));
  va_end (args);
}

guint
fd_validation_get_n_issues (const FdValidation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->issues->len;
}

const FdValidationIssue *
fd_validation_get_issue (const FdValidation *self, guint index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->issues->len, NULL);
  return g_ptr_array_index (self->issues, index);
}

gboolean
fd_validation_has_errors (const FdValidation *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->n_errors > 0;
}

guint
fd_validation_get_n_errors (const FdValidation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_errors;
}

guint
fd_validation_get_n_warnings (const FdValidation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->issues->len - self->n_errors;
}

const FdValidationIssue *
fd_validation_find (const FdValidation *self,
                    const char         *field,
                    gboolean            is_warning,
                    int                 code)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->issues->len; i++)
    {
      const FdValidationIssue *issue = g_ptr_array_index (self->issues, i);

      if (!issue->is_warning != !is_warning)
        continue;
      if (field != NULL && g_strcmp0 (issue->field, field) != 0)
        continue;
      if (code >= 0 && issue->code != code)
        continue;
      return issue;
    }
  return NULL;
}

gboolean
fd_validation_check (const FdValidation *self, GError **error)
{
  g_autoptr(GString) text = NULL;
  int first_code = -1;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->n_errors == 0)
    return TRUE;

  text = g_string_new (NULL);
  for (guint i = 0; i < self->issues->len; i++)
    {
      const FdValidationIssue *issue = g_ptr_array_index (self->issues, i);

      if (issue->is_warning)
        continue;
      if (first_code < 0)
        first_code = issue->code;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, issue->message);
    }
  g_set_error_literal (error, FD_CONFIG_ERROR, first_code, text->str);
  return FALSE;
}
