/* fd-config-form.c — the base of the three dialect forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-config-form.h"
#include "fd-field-row.h"

typedef struct {
  GtkWidget *row;         /* owned by the template */
  char      *help;
  char      *unavailable; /* why a target model cannot use it, or NULL */
  char      *shown;       /* what the row shows now */
} Field;

typedef struct {
  GHashTable   *fields;  /* id → Field */
  GPtrArray    *targets; /* FdDeviceItem */
  FdValidation *validation;
  gboolean      loading;
} FdConfigFormPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FdConfigForm, fd_config_form, ADW_TYPE_PREFERENCES_PAGE)

enum {
  SIGNAL_CHANGED,
  SIGNAL_VALIDATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->help);
  g_free (field->unavailable);
  g_free (field->shown);
  g_free (field);
}

static void
fd_config_form_finalize (GObject *object)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (FD_CONFIG_FORM (object));

  g_hash_table_unref (priv->fields);
  g_ptr_array_unref (priv->targets);
  g_clear_pointer (&priv->validation, fd_validation_free);
  G_OBJECT_CLASS (fd_config_form_parent_class)->finalize (object);
}

static void
fd_config_form_class_init (FdConfigFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fd_config_form_finalize;

  /* A widget of the form changed: the configuration is not what it was. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A new validation is shown (fd_config_form_get_validation()). */
  signals[SIGNAL_VALIDATED] = g_signal_new ("validated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            0);
}

static void
fd_config_form_init (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  priv->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, field_free);
  priv->targets = g_ptr_array_new_with_free_func (g_object_unref);
  priv->validation = fd_validation_new ();
}

FdDialect
fd_config_form_get_dialect (FdConfigForm *self)
{
  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), FD_DIALECT_NONE);
  return FD_CONFIG_FORM_GET_CLASS (self)->dialect;
}

/* ---- targets and model rows ---------------------------------------------- */

void
fd_config_form_set_targets (FdConfigForm *self, GPtrArray *items)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  FdConfigFormClass *klass = FD_CONFIG_FORM_GET_CLASS (self);

  g_return_if_fail (FD_IS_CONFIG_FORM (self));
  g_ptr_array_set_size (priv->targets, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (priv->targets, g_object_ref (g_ptr_array_index (items, i)));
  if (klass->update_capabilities != NULL)
    klass->update_capabilities (self);
  fd_config_form_revalidate (self);
}

GPtrArray *
fd_config_form_get_targets (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), NULL);
  return priv->targets;
}

static guint
count_supported (const FdModel *model)
{
  guint n = 0;

  for (FdCapability cap = 0; cap < FD_CAP_LAST; cap++)
    n += fd_model_supports (model, cap) == FD_SUPPORT_YES ? 1 : 0;
  return n;
}

/* The known model of @dialect that can do the most. */
static const FdModel *
reference_row (FdDialect dialect)
{
  const FdModel *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < fd_models_get_n (); i++)
    {
      const FdModel *model = fd_models_get_nth (i);
      guint n;

      if (fd_model_is_unknown (model) || (fd_model_get_dialects (model) & dialect) == 0)
        continue;
      n = count_supported (model);
      if (best == NULL || n > best_n)
        {
          best = model;
          best_n = n;
        }
    }
  return best != NULL ? best : fd_models_get_unknown ();
}

GPtrArray *
fd_config_form_get_model_rows (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  GPtrArray *rows = g_ptr_array_new ();

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), rows);
  for (guint i = 0; i < priv->targets->len; i++)
    {
      const FdModel *row = fd_device_item_get_model_row (g_ptr_array_index (priv->targets, i));

      if (!g_ptr_array_find (rows, row, NULL))
        g_ptr_array_add (rows, (gpointer) row);
    }
  if (rows->len == 0)
    g_ptr_array_add (rows, (gpointer) reference_row (fd_config_form_get_dialect (self)));
  return rows;
}

/* ---- fields -------------------------------------------------------------- */

void
fd_config_form_add_field (FdConfigForm *self, const char *field, GtkWidget *row, const char *help)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  Field *info = g_hash_table_lookup (priv->fields, field);

  g_return_if_fail (FD_IS_CONFIG_FORM (self));
  if (info != NULL && info->row == row)
    {
      g_free (info->help);
      info->help = g_strdup (help);
      return;
    }
  info = g_new0 (Field, 1);
  info->row = row;
  info->help = g_strdup (help);
  g_hash_table_replace (priv->fields, g_strdup (field), info);
}

gboolean
fd_config_form_has_field (FdConfigForm *self, const char *field)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), FALSE);
  return g_hash_table_contains (priv->fields, field);
}

GtkWidget *
fd_config_form_get_field_row (FdConfigForm *self, const char *field)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  Field *info;

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), NULL);
  info = g_hash_table_lookup (priv->fields, field);
  return info != NULL ? info->row : NULL;
}

const char *
fd_config_form_get_field_message (FdConfigForm *self, const char *field)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  Field *info;

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), NULL);
  info = g_hash_table_lookup (priv->fields, field);
  return info != NULL ? info->shown : NULL;
}

static void
set_row_subtitle (GtkWidget *row, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text != NULL ? text : "", -1);

  if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), markup);
  else if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), markup);
}

static void
show_field (Field *info, const FdValidationIssue *issue)
{
  FdFieldState state = FD_FIELD_STATE_NORMAL;
  const char *text = info->help;

  /* A value not given yet is said plainly, not in red: a new form is
   * not a mistake. It still blocks the start. */
  if (issue != NULL)
    {
      text = issue->message;
      if (issue->is_warning)
        state = FD_FIELD_STATE_WARNING;
      else if (issue->code != FD_CONFIG_ERROR_MISSING)
        state = FD_FIELD_STATE_ERROR;
    }
  else if (info->unavailable != NULL)
    {
      text = info->unavailable;
    }
  g_free (info->shown);
  info->shown = g_strdup (text);
  set_row_subtitle (info->row, text);
  gtk_widget_remove_css_class (info->row, "field-error");
  gtk_widget_remove_css_class (info->row, "field-warning");
  if (state == FD_FIELD_STATE_ERROR)
    gtk_widget_add_css_class (info->row, "field-error");
  else if (state == FD_FIELD_STATE_WARNING)
    gtk_widget_add_css_class (info->row, "field-warning");
  if (FD_IS_FIELD_ROW (info->row))
    fd_field_row_set_state (FD_FIELD_ROW (info->row), state);
}

/* Errors first: a field shows its first error, else its first warning. */
static const FdValidationIssue *
issue_for (const FdValidation *v, const char *field)
{
  const FdValidationIssue *issue = fd_validation_find (v, field, FALSE, -1);

  return issue != NULL ? issue : fd_validation_find (v, field, TRUE, -1);
}

static void
show_all_fields (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, priv->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    show_field (value, issue_for (priv->validation, key));
}

/* ---- capabilities -------------------------------------------------------- */

static Field *
field_for_widget (FdConfigForm *self, GtkWidget *widget)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, priv->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Field *) value)->row == widget)
      return value;
  return NULL;
}

/* Why @model cannot do @cap, for people. */
static char *
unavailable_reason (const FdModel *model, FdCapability cap)
{
  const char *reason = fd_model_get_capability_reason (model, cap);

  if (reason != NULL)
    return g_strdup (reason);
  /* Translators: a capability label, then a model name */
  return g_strdup_printf (_("%s: not available on %s."), fd_capability_get_label (cap),
                          fd_model_get_name (model));
}

gboolean
fd_config_form_apply_capability (FdConfigForm *self, GtkWidget *widget, FdCapability cap)
{
  g_autoptr(GPtrArray) rows = fd_config_form_get_model_rows (self);
  g_autofree char *missing = NULL;
  g_autofree char *inferred = NULL;
  Field *field = field_for_widget (self, widget);

  for (guint i = 0; i < rows->len && missing == NULL; i++)
    {
      const FdModel *model = g_ptr_array_index (rows, i);
      const FdCapabilityInfo *info = fd_model_get_capability (model, cap);

      if (info->support != FD_SUPPORT_YES)
        missing = unavailable_reason (model, cap);
      else if (info->inferred && inferred == NULL)
        /* Translators: a model name, then the reason the capability is inferred */
        inferred = g_strdup_printf (_("Inferred for %s: the manual does not say. %s"),
                                    fd_model_get_name (model),
                                    info->reason != NULL
                                      ? fd_model_get_capability_reason (model, cap)
                                      : "");
    }
  gtk_widget_set_sensitive (widget, missing == NULL);
  gtk_widget_set_tooltip_text (widget, missing != NULL ? missing : inferred);
  if (field != NULL)
    {
      g_free (field->unavailable);
      field->unavailable = g_steal_pointer (&missing);
      return field->unavailable == NULL;
    }
  return missing == NULL;
}

/* ---- validation ---------------------------------------------------------- */

static gboolean
has_same_issue (const FdValidation *v, const FdValidationIssue *issue)
{
  for (guint i = 0; i < fd_validation_get_n_issues (v); i++)
    {
      const FdValidationIssue *other = fd_validation_get_issue (v, i);

      if (other->is_warning == issue->is_warning && g_strcmp0 (other->field, issue->field) == 0 &&
          g_strcmp0 (other->message, issue->message) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Warnings about a particular model mean nothing before one is picked. */
static gboolean
is_model_specific (const FdValidationIssue *issue)
{
  return issue->is_warning &&
         (issue->code == FD_CONFIG_WARNING_UNKNOWN_MODEL ||
          issue->code == FD_CONFIG_WARNING_INFERRED ||
          issue->code == FD_CONFIG_WARNING_NO_ROLLBACK);
}

static void
merge (FdValidation *into, const FdValidation *from, gboolean targets)
{
  for (guint i = 0; i < fd_validation_get_n_issues (from); i++)
    {
      const FdValidationIssue *issue = fd_validation_get_issue (from, i);

      if ((!targets && is_model_specific (issue)) || has_same_issue (into, issue))
        continue;
      if (issue->is_warning)
        fd_validation_add_warning (into, issue->field, issue->code, "%s", issue->message);
      else
        fd_validation_add_error (into, issue->field, issue->code, "%s", issue->message);
    }
}

/* A module must have answered this dialect's probe (when the scan
 * probed it at all). */
static void
check_target_dialects (FdConfigForm *self, FdValidation *v)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  FdDialect dialect = fd_config_form_get_dialect (self);

  for (guint i = 0; i < priv->targets->len; i++)
    {
      FdDeviceItem *item = g_ptr_array_index (priv->targets, i);
      FdDialect dialects = fd_device_item_get_dialects (item);
      const char *imei = fd_device_item_get_imei (item);

      if (dialects == FD_DIALECT_NONE || (dialects & dialect) != 0)
        continue;
      fd_validation_add_error (v, "model", FD_CONFIG_ERROR_UNSUPPORTED,
                               /* Translators: module title, its IMEI (or port), then a
                                * dialect name */
                               _("%s (%s) did not answer as %s: pick the form of a dialect it "
                                 "speaks, or leave it out of this batch."),
                               fd_device_item_get_title (item),
                               imei != NULL ? imei : fd_device_item_get_port (item),
                               fd_dialect_get_label (dialect));
    }
}

void
fd_config_form_revalidate (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  FdConfigFormClass *klass = FD_CONFIG_FORM_GET_CLASS (self);
  g_autoptr(GPtrArray) rows = NULL;
  FdValidation *v;

  g_return_if_fail (FD_IS_CONFIG_FORM (self));
  if (priv->loading)
    return;
  v = fd_validation_new ();
  klass->read (self, v);
  rows = fd_config_form_get_model_rows (self);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(FdValidation) one = klass->validate (self, g_ptr_array_index (rows, i));

      merge (v, one, priv->targets->len > 0);
    }
  check_target_dialects (self, v);
  g_clear_pointer (&priv->validation, fd_validation_free);
  priv->validation = v;
  show_all_fields (self);
  g_signal_emit (self, signals[SIGNAL_VALIDATED], 0);
}

const FdValidation *
fd_config_form_get_validation (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), NULL);
  return priv->validation;
}

gboolean
fd_config_form_is_valid (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), FALSE);
  return !fd_validation_has_errors (priv->validation);
}

void
fd_config_form_changed (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  g_return_if_fail (FD_IS_CONFIG_FORM (self));
  if (priv->loading)
    return;
  fd_config_form_revalidate (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
fd_config_form_is_loading (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  return priv->loading;
}

void
fd_config_form_set_loading (FdConfigForm *self, gboolean loading)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  priv->loading = loading;
}

/* ---- presets and jobs ---------------------------------------------------- */

void
fd_config_form_save (FdConfigForm *self, GKeyFile *keyfile, const char *group)
{
  g_return_if_fail (FD_IS_CONFIG_FORM (self));
  FD_CONFIG_FORM_GET_CLASS (self)->read (self, NULL);
  FD_CONFIG_FORM_GET_CLASS (self)->save (self, keyfile, group);
}

gboolean
fd_config_form_load (FdConfigForm *self, GKeyFile *keyfile, const char *group, GError **error)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);
  gboolean ok;

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), FALSE);
  priv->loading = TRUE;
  ok = FD_CONFIG_FORM_GET_CLASS (self)->load (self, keyfile, group, error);
  priv->loading = FALSE;
  fd_config_form_changed (self);
  return ok;
}

FdJob *
fd_config_form_create_job (FdConfigForm           *self,
                           const FdUpgradeTarget  *target,
                           const FdUpgradeOptions *options,
                           GError                **error)
{
  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), NULL);
  FD_CONFIG_FORM_GET_CLASS (self)->read (self, NULL);
  return FD_CONFIG_FORM_GET_CLASS (self)->create_job (self, target, options, error);
}

char *
fd_config_form_describe (FdConfigForm *self)
{
  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), NULL);
  FD_CONFIG_FORM_GET_CLASS (self)->read (self, NULL);
  return FD_CONFIG_FORM_GET_CLASS (self)->describe (self);
}

gboolean
fd_config_form_get_canary_default (FdConfigForm *self)
{
  FdConfigFormPrivate *priv = fd_config_form_get_instance_private (self);

  g_return_val_if_fail (FD_IS_CONFIG_FORM (self), FALSE);
  for (guint i = 0; i < priv->targets->len; i++)
    if (fd_model_get_canary_default (
          fd_device_item_get_model_row (g_ptr_array_index (priv->targets, i))))
      return TRUE;
  return FALSE;
}

gboolean
fd_config_form_read_number (FdConfigForm *self,
                            FdFieldRow   *row,
                            const char   *field,
                            FdValidation *input,
                            gboolean     *has,
                            guint64      *value)
{
  g_autofree char *message = NULL;

  *has = FALSE;
  *value = 0;
  if (!gtk_widget_get_sensitive (GTK_WIDGET (row)))
    return TRUE;
  if (fd_field_row_get_number (row, has, value, &message))
    return TRUE;
  if (input != NULL)
    fd_validation_add_error (input, field, FD_CONFIG_ERROR_INVALID, "%s", message);
  return FALSE;
}

char *
fd_config_form_read_text (FdConfigForm *self, FdFieldRow *row)
{
  const char *text;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (row)))
    return NULL;
  text = fd_field_row_get_text (row);
  return *text != '\0' ? g_strdup (text) : NULL;
}
