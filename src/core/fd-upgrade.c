/* fd-upgrade.c — building upgrade jobs: validate, record, transcribe, run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-job-audit.h"
#include "fd-transcript.h"
#include "fd-upgrade-private.h"

#define TRANSCRIPT_KEY "fd-upgrade-transcript"

typedef struct {
  FdDialect          dialect;
  FdRsfotaConfig     rsfota;
  FdMfwConfig       *mfw;
  FdLuatConfig      *luat;
  const FdModel     *model;
  char              *port;
  FdFlowBounds       bounds;
  FdFlowReattachFunc reattach;
  gpointer           reattach_data;
  GPtrArray         *warnings; /* shown as the job's first events */
} UpgradeData;

static void
upgrade_data_free (gpointer data)
{
  UpgradeData *self = data;

  g_clear_pointer (&self->mfw, fd_mfw_config_free);
  g_clear_pointer (&self->luat, fd_luat_config_free);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self->port);
  g_free (self);
}

void
fd_upgrade_options_init (FdUpgradeOptions *options)
{
  *options = (FdUpgradeOptions) { 0 };
  fd_flow_bounds_init (&options->bounds);
}

static gboolean
run_dialect (UpgradeData *data, FdFlow *flow, GCancellable *cancellable, GError **error)
{
  switch (data->dialect)
    {
    case FD_DIALECT_RSFOTA:
      return fd_rsfota_flow_run (flow, &data->rsfota, data->model, cancellable, error);
    case FD_DIALECT_MFW:
      return fd_mfw_flow_run (flow, data->mfw, data->model, cancellable, error);
    case FD_DIALECT_LUAT:
      return fd_luat_flow_run (flow, data->luat, data->model, cancellable, error);
    default:
      g_assert_not_reached ();
    }
}

/* The job's thread: open the module, run its dialect's flow, close. */
static gboolean
upgrade_flow (FdJob *job, gpointer flow_data, GCancellable *cancellable, GError **error)
{
  UpgradeData *data = flow_data;
  FdTranscript *transcript = g_object_get_data (G_OBJECT (job), TRANSCRIPT_KEY);
  g_autoptr(FdFlow) flow = fd_flow_new (job, data->port, &data->bounds);
  gboolean ok;

  for (guint i = 0; i < data->warnings->len; i++)
    fd_job_warning (job, "%s", (const char *) g_ptr_array_index (data->warnings, i));
  if (transcript != NULL)
    fd_flow_set_transcript_func (flow, fd_transcript_at_handler, transcript);
  if (data->reattach != NULL)
    fd_flow_set_reattach_func (flow, data->reattach, data->reattach_data);

  fd_job_enter_phase (job, FD_PHASE_CONFIGURE);
  ok = fd_flow_open (flow, cancellable, error) &&
       run_dialect (data, flow, cancellable, error);
  fd_flow_close (flow);
  if (transcript != NULL)
    fd_transcript_close (transcript, NULL);
  return ok;
}

/* Common part of the three constructors, once the configuration passed. */
static FdJob *
new_job (const FdUpgradeTarget  *target,
         UpgradeData            *data,
         FdValidation           *validation,
         const char *const      *secrets,
         const FdUpgradeOptions *options,
         GError                **error)
{
  g_autofree char *id = fd_audit_new_job_id ();
  g_autoptr(FdJob) job = NULL;
  FdUpgradeOptions defaults;

  if (options == NULL)
    {
      fd_upgrade_options_init (&defaults);
      options = &defaults;
    }
  data->port = g_strdup (target->port);
  data->bounds = options->bounds;
  data->reattach = options->reattach;
  data->reattach_data = options->reattach_data;
  data->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < fd_validation_get_n_issues (validation); i++)
    {
      const FdValidationIssue *issue = fd_validation_get_issue (validation, i);

      if (issue->is_warning)
        g_ptr_array_add (data->warnings, g_strdup (issue->message));
    }

  job = fd_job_new (id, upgrade_flow, data, upgrade_data_free);
  fd_job_set_module (job, target->port, target->imei, target->model, target->revision);
  fd_job_set_dialect (job, fd_dialect_to_string (data->dialect));
  switch (data->dialect)
    {
    case FD_DIALECT_RSFOTA:
      fd_job_set_phases (job, fd_rsfota_flow_phases, fd_rsfota_flow_n_phases);
      break;
    case FD_DIALECT_MFW:
      fd_job_set_phases (job, fd_mfw_flow_phases, fd_mfw_flow_n_phases);
      break;
    case FD_DIALECT_LUAT:
    default:
      fd_job_set_phases (job, fd_luat_flow_phases, fd_luat_flow_n_phases);
      break;
    }
  if (options->audit_log != NULL)
    {
      for (gsize i = 0; secrets != NULL && secrets[i] != NULL; i++)
        fd_audit_log_add_secret (options->audit_log, secrets[i]);
      fd_job_audit_attach (job, options->audit_log);
    }
  if (options->log_dir != NULL)
    {
      g_autoptr(FdTranscriptHeader) header =
        fd_transcript_header_new (target->model, target->imei, target->revision, target->port);
      FdTranscript *transcript =
        fd_transcript_new_for_job (options->log_dir, id, header, secrets, error);

      if (transcript == NULL)
        {
          g_prefix_error (error, _("Could not start the transcript: "));
          return NULL;
        }
      g_object_set_data_full (G_OBJECT (job), TRANSCRIPT_KEY, transcript, g_object_unref);
    }
  return g_steal_pointer (&job);
}

static const FdModel *
target_row (const FdUpgradeTarget *target)
{
  return target->row != NULL ? target->row : fd_models_lookup (target->model);
}

static gboolean
check_validation (FdValidation *validation, const FdUpgradeTarget *target, GError **error)
{
  if (fd_validation_check (validation, error))
    return TRUE;
  /* Translators: %s is a module's IMEI or port; the reason follows */
  g_prefix_error (error, _("Not started on %s: "), target->imei ? target->imei : target->port);
  return FALSE;
}

FdJob *
fd_upgrade_job_new_rsfota (const FdUpgradeTarget  *target,
                           const FdRsfotaConfig   *config,
                           const FdUpgradeOptions *options,
                           GError                **error)
{
  const FdModel *row = target_row (target);
  g_autoptr(FdValidation) validation = fd_rsfota_config_validate (config, row);
  UpgradeData *data;

  if (!check_validation (validation, target, error))
    return NULL;
  data = g_new0 (UpgradeData, 1);
  data->dialect = FD_DIALECT_RSFOTA;
  data->rsfota = *config;
  data->model = row;
  return new_job (target, data, validation, NULL, options, error);
}

FdJob *
fd_upgrade_job_new_mfw (const FdUpgradeTarget  *target,
                        const FdMfwConfig      *config,
                        const FdUpgradeOptions *options,
                        GError                **error)
{
  const FdModel *row = target_row (target);
  g_autoptr(FdValidation) validation = fd_mfw_config_validate (config, row);
  const char *secrets[] = { config->password, NULL };
  UpgradeData *data;

  if (!check_validation (validation, target, error))
    return NULL;
  data = g_new0 (UpgradeData, 1);
  data->dialect = FD_DIALECT_MFW;
  data->mfw = fd_mfw_config_copy (config);
  data->model = row;
  return new_job (target, data, validation,
                  config->password != NULL && config->password[0] != '\0' ? secrets : NULL,
                  options, error);
}

FdJob *
fd_upgrade_job_new_luat (const FdUpgradeTarget  *target,
                         const FdLuatConfig     *config,
                         const FdUpgradeOptions *options,
                         GError                **error)
{
  const FdModel *row = target_row (target);
  g_autoptr(FdValidation) validation = fd_luat_config_validate (config, row);
  const char *secrets[] = { config->key, NULL };
  UpgradeData *data;

  if (!check_validation (validation, target, error))
    return NULL;
  data = g_new0 (UpgradeData, 1);
  data->dialect = FD_DIALECT_LUAT;
  data->luat = fd_luat_config_copy (config);
  data->model = row;
  return new_job (target, data, validation,
                  config->key != NULL && config->key[0] != '\0' ? secrets : NULL,
                  options, error);
}

const char *
fd_upgrade_job_get_transcript_path (FdJob *job)
{
  FdTranscript *transcript = g_object_get_data (G_OBJECT (job), TRANSCRIPT_KEY);

  return transcript != NULL ? fd_transcript_get_path (transcript) : NULL;
}
