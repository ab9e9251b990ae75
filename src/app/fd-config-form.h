/* fd-config-form.h — the base of the three dialect forms: fields with
 * their help and their problems, validation as the user types against
 * every selected model, capabilities the models lack made insensitive
 * with the reason, presets, and building the upgrade jobs
 *
 * Validation, capabilities and commands all come from the core; a form
 * only reads its widgets into the dialect's configuration and shows what
 * the core says about it, next to the field it concerns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fd-device-item.h"
#include "fd-field-row.h"
#include "fd-upgrade.h"
#include "fd-validation.h"

G_BEGIN_DECLS

#define FD_TYPE_CONFIG_FORM (fd_config_form_get_type ())
G_DECLARE_DERIVABLE_TYPE (FdConfigForm, fd_config_form, FD, CONFIG_FORM, AdwPreferencesPage)

struct _FdConfigFormClass
{
  AdwPreferencesPageClass parent_class;

  FdDialect dialect;

  /* Reads the widgets into the form's configuration. Text that is not a
   * value at all (letters in a number) is added to @input as an error
   * of its field. */
  void (*read) (FdConfigForm *self, FdValidation *input);
  /* The core's validation of the configuration read last, for @model. */
  FdValidation *(*validate) (FdConfigForm *self, const FdModel *model);
  /* Makes what the target models cannot do insensitive, with the reason
   * (fd_config_form_apply_capability()). */
  void (*update_capabilities) (FdConfigForm *self);
  void (*save) (FdConfigForm *self, GKeyFile *keyfile, const char *group);
  gboolean (*load) (FdConfigForm *self, GKeyFile *keyfile, const char *group, GError **error);
  FdJob *(*create_job) (FdConfigForm           *self,
                        const FdUpgradeTarget  *target,
                        const FdUpgradeOptions *options,
                        GError                **error);
  /* One or two sentences on what a job will do, for the confirmation. */
  char *(*describe) (FdConfigForm *self);
};

FdDialect fd_config_form_get_dialect (FdConfigForm *self);

/* The modules the configuration is for (FdDeviceItem); NULL or empty:
 * none picked yet, so only what the dialect allows at all is checked. */
void fd_config_form_set_targets (FdConfigForm *self, GPtrArray *items);
GPtrArray *fd_config_form_get_targets (FdConfigForm *self);
/* The distinct model rows of the targets; with no targets, the row of
 * the dialect that can do the most (so nothing is refused for a model
 * nobody picked). */
GPtrArray *fd_config_form_get_model_rows (FdConfigForm *self);

/* Reads, validates for every target model, shows each problem next to
 * its field, and emits ::validated. */
void fd_config_form_revalidate (FdConfigForm *self);
/* The last validation: input errors and the core's issues for every
 * target model, without duplicates. */
const FdValidation *fd_config_form_get_validation (FdConfigForm *self);
gboolean fd_config_form_is_valid (FdConfigForm *self);
/* TRUE when @field has a row in the form (other issues are shown by the
 * panel, above the Start button). */
gboolean fd_config_form_has_field (FdConfigForm *self, const char *field);
/* The row of @field, for tests and focus; NULL when there is none. */
GtkWidget *fd_config_form_get_field_row (FdConfigForm *self, const char *field);
/* What the row of @field shows under its title now: help, problem or
 * the reason it is unavailable. */
const char *fd_config_form_get_field_message (FdConfigForm *self, const char *field);

void fd_config_form_save (FdConfigForm *self, GKeyFile *keyfile, const char *group);
gboolean fd_config_form_load (FdConfigForm *self,
                              GKeyFile     *keyfile,
                              const char   *group,
                              GError      **error);
FdJob *fd_config_form_create_job (FdConfigForm           *self,
                                  const FdUpgradeTarget  *target,
                                  const FdUpgradeOptions *options,
                                  GError                **error);
char *fd_config_form_describe (FdConfigForm *self);
/* Whether a batch should start with one canary module by default: some
 * target model cannot roll back a failed upgrade. */
gboolean fd_config_form_get_canary_default (FdConfigForm *self);

/* ---- for subclasses ---- */

/* Registers the row showing @field (a form-field id of the core's
 * validation) with its help line. */
void fd_config_form_add_field (FdConfigForm *self,
                               const char   *field,
                               GtkWidget    *row,
                               const char   *help);
/* Call on every change of a widget: revalidates and emits ::changed. */
void fd_config_form_changed (FdConfigForm *self);
/* Makes @widget insensitive when a target model cannot do @cap, with the
 * reason as tooltip (and as the row's message when it is a field row);
 * returns whether the capability is there. Inferred capabilities stay
 * sensitive with a tooltip that says so. */
gboolean fd_config_form_apply_capability (FdConfigForm *self,
                                          GtkWidget    *widget,
                                          FdCapability  cap);
/* The number in @row, when the row is sensitive (an insensitive row is
 * not sent): *@has FALSE when empty; text that is not a number is an
 * error of @field in @input (which may be NULL). */
gboolean fd_config_form_read_number (FdConfigForm *self,
                                     FdFieldRow   *row,
                                     const char   *field,
                                     FdValidation *input,
                                     gboolean     *has,
                                     guint64      *value);
/* The text of a sensitive @row, or NULL when empty or insensitive. */
char *fd_config_form_read_text (FdConfigForm *self, FdFieldRow *row);
/* TRUE while the form sets its own widgets (load): changes are not the
 * user's. */
gboolean fd_config_form_is_loading (FdConfigForm *self);
void fd_config_form_set_loading (FdConfigForm *self, gboolean loading);

G_END_DECLS
