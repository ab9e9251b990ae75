/* fd-cli-upgrade.c — `fotadesk-cli upgrade rsfota|mfw|luat … TARGETS`
 *
 * Order matters: options are checked, modules identified (read-only),
 * every target's configuration validated against its model, and only
 * when all of that passed does a single job start. A refusal anywhere
 * before that exits 2 with nothing sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "fd-batch.h"
#include "fd-cli-upgrade.h"
#include "fd-reattach.h"
#include "fd-scanner.h"
#include "fd-upgrade.h"

#define O fd_cli_upgrade_options

typedef struct {
  FdDialect      dialect;
  FdRsfotaConfig rsfota;
  FdMfwConfig   *mfw;
  FdLuatConfig  *luat;
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->mfw, fd_mfw_config_free);
  g_clear_pointer (&request->luat, fd_luat_config_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

static gboolean
build_request (Request *request, GError **error)
{
  switch (request->dialect)
    {
    case FD_DIALECT_RSFOTA:
      return fd_cli_build_rsfota_config (&request->rsfota, error);
    case FD_DIALECT_MFW:
      request->mfw = fd_mfw_config_new ();
      return fd_cli_build_mfw_config (request->mfw, error);
    case FD_DIALECT_LUAT:
    default:
      request->luat = fd_luat_config_new ();
      return fd_cli_build_luat_config (request->luat, error);
    }
}

static FdJob *
new_job (const Request          *request,
         const FdUpgradeTarget  *target,
         const FdUpgradeOptions *options,
         GError                **error)
{
  switch (request->dialect)
    {
    case FD_DIALECT_RSFOTA:
      return fd_upgrade_job_new_rsfota (target, &request->rsfota, options, error);
    case FD_DIALECT_MFW:
      return fd_upgrade_job_new_mfw (target, request->mfw, options, error);
    case FD_DIALECT_LUAT:
    default:
      return fd_upgrade_job_new_luat (target, request->luat, options, error);
    }
}

static gboolean
module_has_port (FdModule *module, const char *wanted)
{
  g_autofree char *resolved = realpath (wanted, NULL);
  GPtrArray *ports = fd_device_group_get_ports (fd_module_get_group (module));

  for (guint i = 0; i < ports->len; i++)
    {
      FdPortInfo *port = g_ptr_array_index (ports, i);
      const char *const *aliases = fd_port_info_get_aliases (port);

      if (g_strcmp0 (fd_port_info_get_path (port), wanted) == 0 ||
          g_strcmp0 (fd_port_info_get_path (port), resolved) == 0)
        return TRUE;
      for (gsize a = 0; aliases != NULL && aliases[a] != NULL; a++)
        {
          if (g_strcmp0 (aliases[a], wanted) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The modules the user named, in scan order; complains about names that
 * matched nothing. */
static GPtrArray *
select_targets (GPtrArray *modules, FdDialect dialect)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < modules->len; i++)
    {
      FdModule *module = g_ptr_array_index (modules, i);
      gboolean wanted = O.all && (fd_module_get_dialects (module) & dialect) != 0 &&
                        fd_module_get_problem (module) == FD_MODULE_PROBLEM_NONE;

      for (gsize p = 0; !wanted && O.ports != NULL && O.ports[p] != NULL; p++)
        wanted = module_has_port (module, O.ports[p]);
      for (gsize m = 0; !wanted && O.imeis != NULL && O.imeis[m] != NULL; m++)
        wanted = g_strcmp0 (fd_module_get_imei (module), O.imeis[m]) == 0;
      if (wanted)
        g_ptr_array_add (targets, g_object_ref (module));
    }

  for (gsize p = 0; O.ports != NULL && O.ports[p] != NULL; p++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < modules->len && !found; i++)
        found = module_has_port (g_ptr_array_index (modules, i), O.ports[p]);
      if (!found)
        /* Translators: %s is a serial port, /dev/ttyUSB2. */
        fd_cli_error (_("No module found on %s."), O.ports[p]);
    }
  for (gsize m = 0; O.imeis != NULL && O.imeis[m] != NULL; m++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < modules->len && !found; i++)
        found = g_strcmp0 (fd_module_get_imei (g_ptr_array_index (modules, i)), O.imeis[m]) == 0;
      if (!found)
        fd_cli_error (_("No module with IMEI %s was found."), O.imeis[m]);
    }
  return targets;
}

static const char *
describe_module (FdModule *module)
{
  return fd_module_get_imei (module) != NULL ? fd_module_get_imei (module)
                                             : fd_module_get_port_name (module);
}

/* A target that cannot even be opened (busy, permission …): reported as a
 * failed result, since the user asked for it. */
static void
report_unusable (FdCliContext *context, FdModule *module)
{
  g_autoptr(FdJob) job = fd_job_new ("unusable", NULL, NULL, NULL);
  FdModuleProblem problem = fd_module_get_problem (module);
  FdJobEvent event = {
    .kind = FD_JOB_EVENT_RESULT,
    .wall_time_us = g_get_real_time (),
    .result = FD_RESULT_FAILED,
    .error_name = (char *) (problem == FD_MODULE_PROBLEM_BUSY                ? "busy"
                            : problem == FD_MODULE_PROBLEM_PERMISSION_DENIED ? "permission-denied"
                                                                             : fd_module_problem_to_string (problem)),
    .text = (char *) fd_module_get_problem_message (module),
    .old_revision = (char *) fd_module_get_revision (module),
  };

  fd_job_set_module (job, fd_module_get_port_name (module), fd_module_get_imei (module),
                     fd_module_get_model (module), fd_module_get_revision (module));
  fd_cli_output_job_event (context->output, job, &event);
  /* Translators: a module (its IMEI, or its port when the IMEI is not
   * known), then what is wrong with it, a sentence. */
  fd_cli_error (_("%s: %s"), describe_module (module), fd_module_get_problem_message (module));
}

static void
on_job_event (FdJob *job, FdJobEvent *event, gpointer user_data)
{
  FdCliContext *context = user_data;

  fd_cli_output_job_event (context->output, job, event);
}

typedef struct {
  gboolean done;
  gboolean all_good;
} BatchWait;

static void
batch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BatchWait *wait = user_data;

  wait->all_good = fd_batch_run_finish (FD_BATCH (source), result, NULL);
  wait->done = TRUE;
}

static gboolean
parse_bounds (FdUpgradeOptions *options, guint *concurrency, guint *job_timeout_s, GError **error)
{
  gboolean set = FALSE;
  guint64 value = 0;

  if (!fd_cli_parse_number ("--concurrency", O.concurrency, &set, &value, error))
    return FALSE;
  if (set && (value < 1 || value > 1024))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--concurrency must be between 1 and 1024; got %s."), O.concurrency);
      return FALSE;
    }
  *concurrency = set ? (guint) value : FD_BATCH_DEFAULT_CONCURRENCY;

  if (!fd_cli_parse_number ("--reattach-timeout", O.reattach_timeout, &set, &value, error))
    return FALSE;
  if (set && (value < 1 || value > 86400))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--reattach-timeout must be between 1 and 86400 seconds; got %s."),
                   O.reattach_timeout);
      return FALSE;
    }
  if (set)
    options->bounds.reattach_timeout_ms = (guint) value * 1000;

  if (!fd_cli_parse_number ("--timeout", O.timeout, &set, &value, error))
    return FALSE;
  if (set && (value < 1 || value > 7 * 86400))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout must be between 1 and 604800 seconds; got %s."), O.timeout);
      return FALSE;
    }
  *job_timeout_s = set ? (guint) value : 0;
  return TRUE;
}

/* Builds one job per usable target; FALSE (and nothing started) when any
 * target's configuration is refused. */
static gboolean
build_jobs (FdCliContext           *context,
            const Request          *request,
            GPtrArray              *targets,
            const FdUpgradeOptions *options,
            FdBatch                *batch,
            guint                   job_timeout_s,
            FdPortEnumerator       *enumerator,
            GPtrArray              *keep_alive,
            guint                  *n_unusable,
            gboolean               *canary_default)
{
  gboolean refused = FALSE;

  for (guint i = 0; i < targets->len; i++)
    {
      FdModule *module = g_ptr_array_index (targets, i);
      const FdModel *row = fd_module_get_model_row (module);
      g_autoptr(FdJob) job = NULL;
      g_autoptr(GError) error = NULL;
      FdUpgradeTarget target = {
        .port = fd_module_get_port_name (module),
        .imei = fd_module_get_imei (module),
        .model = fd_module_get_model (module),
        .revision = fd_module_get_revision (module),
      };

      if (fd_module_get_problem (module) != FD_MODULE_PROBLEM_NONE)
        {
          report_unusable (context, module);
          (*n_unusable)++;
          continue;
        }
      if ((fd_module_get_dialects (module) & request->dialect) == 0)
        {
          /* Translators: the module's IMEI (or port), its model, then a
           * dialect (rsfota, mfw, luat). `fotadesk-cli scan` is a command. */
          fd_cli_error (_("%s (%s) does not speak %s: it did not answer that dialect's read-only "
                          "probe. Pick the dialect `fotadesk-cli scan` shows for it."),
                        describe_module (module), target.model ? target.model : "?",
                        fd_dialect_to_string (request->dialect));
          refused = TRUE;
          continue;
        }
      if (O.confirm_model != NULL)
        {
          row = fd_models_confirm_sub_model (row, O.confirm_model, &error);
          if (row == NULL)
            {
              /* Translators: the module's IMEI (or port), then why the
               * model given with --confirm-model was refused. */
              fd_cli_error (_("%s: --confirm-model: %s"), describe_module (module), error->message);
              refused = TRUE;
              continue;
            }
        }
      target.row = row;
      {
        /* Each job follows its own module across reboots. */
        FdUpgradeOptions own = *options;
        FdReattach *reattach = fd_reattach_new (enumerator, module);

        g_ptr_array_add (keep_alive, reattach);
        own.reattach = fd_reattach_flow_func;
        own.reattach_data = reattach;
        job = new_job (request, &target, &own, &error);
      }
      if (job == NULL)
        {
          fd_cli_error ("%s", error->message);
          refused = TRUE;
          continue;
        }
      if (row != NULL && fd_model_get_canary_default (row))
        *canary_default = TRUE;
      if (job_timeout_s > 0)
        fd_job_set_timeout (job, job_timeout_s * 1000);
      g_signal_connect (job, "event", G_CALLBACK (on_job_event), context);
      fd_batch_add_job (batch, job);
    }
  return !refused;
}

/* After Ctrl-C: modules that were flashing go on by themselves. */
static void
warn_flashing (FdBatch *batch)
{
  GPtrArray *jobs = fd_batch_get_jobs (batch);

  for (guint i = 0; i < jobs->len; i++)
    {
      FdJob *job = g_ptr_array_index (jobs, i);
      FdPhase phase = fd_job_get_phase (job);

      if (fd_job_get_result (job) == FD_RESULT_CANCELLED &&
          (phase == FD_PHASE_UPGRADE || phase == FD_PHASE_REBOOT))
        /* Translators: the module's IMEI (or port), then its port for
         * the `fotadesk-cli info PORT` command to type. */
        fd_cli_error (_("%s was flashing when you stopped: it goes on by itself. Keep it powered "
                        "until it has restarted, then check it with `fotadesk-cli info %s`."),
                      fd_job_get_imei (job) ? fd_job_get_imei (job) : fd_job_get_port (job),
                      fd_job_get_port (job));
    }
}

static int
run_upgrade (FdCliContext *context, int argc, char **argv)
{
  g_auto(Request) request = { 0 };
  g_autoptr(GPtrArray) modules = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(FdAuditLog) audit_log = NULL;
  g_autoptr(FdPortEnumerator) enumerator = NULL;
  g_autoptr(FdBatch) batch = fd_batch_new ();
  g_autoptr(GPtrArray) reattachers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *log_dir = NULL;
  FdUpgradeOptions options;
  BatchWait wait = { 0 };
  guint concurrency = 0, job_timeout_s = 0, n_unusable = 0;
  gboolean canary_default = FALSE;

  fd_upgrade_options_init (&options);
  if (argc != 1 || !fd_dialect_from_string (argv[0], &request.dialect))
    {
      fd_cli_error (_("`upgrade` needs one dialect: rsfota, mfw or luat; see "
                      "fotadesk-cli upgrade --help"));
      return FD_CLI_EXIT_USAGE;
    }
  if (O.ports == NULL && O.imeis == NULL && !O.all)
    {
      fd_cli_error (_("Say which modules: --port PATH, --imei IMEI (both repeatable) or --all."));
      return FD_CLI_EXIT_USAGE;
    }
  if (O.canary && O.no_canary)
    {
      fd_cli_error (_("--canary and --no-canary contradict each other."));
      return FD_CLI_EXIT_USAGE;
    }
  if (!build_request (&request, &error) || !parse_bounds (&options, &concurrency, &job_timeout_s, &error))
    {
      fd_cli_error ("%s", error->message);
      return FD_CLI_EXIT_USAGE;
    }

  modules = fd_cli_scan_modules (context, &error);
  if (modules == NULL)
    return FD_CLI_EXIT_INTERRUPTED;
  targets = select_targets (modules, request.dialect);
  if (targets->len == 0)
    {
      fd_cli_error (_("No module matched; nothing was sent. `fotadesk-cli scan` lists what is "
                      "connected."));
      return FD_CLI_EXIT_NO_MODULE;
    }

  /* The record comes first: no audit log, no upgrade. */
  log_dir = context->log_dir != NULL ? g_strdup (context->log_dir) : fd_audit_default_dir ();
  audit_log = fd_audit_log_new (log_dir, &error);
  if (audit_log == NULL)
    {
      /* Translators: a folder, then why it cannot be written. */
      fd_cli_error (_("Cannot write the audit log in %s, so nothing was started: %s"), log_dir,
                    error->message);
      return FD_CLI_EXIT_FAILED;
    }
  enumerator = fd_cli_new_enumerator (context);
  options.bounds.baud = context->baud;
  options.audit_log = audit_log;
  options.log_dir = log_dir;

  if (!build_jobs (context, &request, targets, &options, batch, job_timeout_s, enumerator,
                   reattachers, &n_unusable, &canary_default))
    {
      fd_cli_error (_("Nothing was sent to any module. Fix the settings above and try again."));
      return FD_CLI_EXIT_USAGE;
    }

  fd_batch_set_concurrency (batch, concurrency);
  fd_batch_set_canary (batch, O.canary || (canary_default && !O.no_canary));
  fd_batch_set_stop_on_failure (batch, O.stop_on_failure);
  if (fd_batch_get_canary (batch) && fd_batch_get_jobs (batch)->len > 1 && !context->json)
    /* Translators: said before a batch starts with a canary, the first
     * module alone (先行模组 in the glossary). */
    g_print (_("Canary first: one module is upgraded alone; the others start only if it "
               "succeeds.\n"));

  fd_batch_run_async (batch, context->cancellable, batch_done, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  fd_cli_output_summary (context->output, batch, n_unusable);
  if (g_cancellable_is_cancelled (context->cancellable))
    {
      warn_flashing (batch);
      return FD_CLI_EXIT_INTERRUPTED;
    }
  return wait.all_good && n_unusable == 0 ? FD_CLI_EXIT_OK : FD_CLI_EXIT_FAILED;
}

const FdCliCommand fd_cli_command_upgrade = {
  .name = "upgrade",
  .parameter_string = N_("rsfota|mfw|luat [OPTIONS] --port PATH|--imei IMEI|--all"),
  .summary = N_("Upgrade one module or a batch"),
  .description = N_("Identifies the modules (read-only), validates the settings against each\n"
                    "module's model, and only then starts. A canary module goes first by default\n"
                    "where a failed upgrade cannot be rolled back (ML30x). Every step is written\n"
                    "to the audit log before it is shown; transcripts go beside it.\n"
                    "Examples:\n"
                    "  fotadesk-cli upgrade mfw --url http://10.0.0.2/pkg.bin --all\n"
                    "  fotadesk-cli upgrade mfw --file pkg.bin --write passthrough --port /dev/ttyUSB2\n"
                    "  fotadesk-cli upgrade luat --key key.txt --imei 869999001234567\n"
                    "  fotadesk-cli upgrade rsfota --mode 1 --action 1 --all"),
  .entries = fd_cli_upgrade_entries,
  .run = run_upgrade,
};
