/* fd-cli-report.c — `fotadesk-cli report [FILE] [--csv]`: what happened to
 * every module, from the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "fd-audit-log.h"
#include "fd-cli.h"

static gboolean report_csv = FALSE;

static GOptionEntry report_entries[] = {
  { "csv", 0, 0, G_OPTION_ARG_NONE, &report_csv,
    N_("Print CSV (one row per job, for a spreadsheet or a customer)"), NULL },
  { NULL }
};

static void
set_string_or_null (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
print_json_summary (const FdAuditJobSummary *job)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (object, "event", "job");
  set_string_or_null (object, "job_id", job->job_id);
  set_string_or_null (object, "imei", job->imei);
  set_string_or_null (object, "model", job->model);
  set_string_or_null (object, "port", job->port);
  set_string_or_null (object, "dialect", job->dialect);
  set_string_or_null (object, "started", job->started);
  set_string_or_null (object, "ended", job->ended);
  json_object_set_string_member (object, "result", fd_audit_result_to_string (job->result));
  set_string_or_null (object, "last_phase", job->last_phase);
  set_string_or_null (object, "old_revision", job->old_revision);
  set_string_or_null (object, "new_revision", job->new_revision);
  json_object_set_boolean_member (object, "revision_changed", job->revision_changed);
  if (job->error_name != NULL)
    {
      JsonObject *error = json_object_new ();

      if (job->error_code != FD_AUDIT_NO_CODE)
        json_object_set_int_member (error, "code", job->error_code);
      else
        json_object_set_null_member (error, "code");
      json_object_set_string_member (error, "name", job->error_name);
      set_string_or_null (error, "message", job->error_message);
      json_object_set_object_member (object, "error", error);
    }
  json_object_set_int_member (object, "duration_ms", job->duration_ms);
  node = json_node_init_object (json_node_alloc (), object);
  text = json_to_string (node, FALSE);
  g_print ("%s\n", text);
}

/* The log stores machine words ("up-to-date", "download"); a person reads
 * them in their language. */
static const char *
describe_result (FdAuditResult result)
{
  FdResult job_result;

  if (result == FD_AUDIT_RESULT_INTERRUPTED)
    /* Translators: a job's result in `fotadesk-cli report`: FotaDesk was
     * killed while the job ran. */
    return _("Interrupted");
  if (fd_result_from_string (fd_audit_result_to_string (result), &job_result))
    return fd_result_describe (job_result);
  return fd_audit_result_to_string (result);
}

static const char *
describe_phase (const char *name)
{
  FdPhase phase;

  if (name == NULL)
    return "?";
  if (fd_phase_from_string (name, &phase))
    return fd_phase_describe (phase);
  return name;
}

static void
print_text_summary (const FdAuditJobSummary *job)
{
  g_print ("%s  %s  %s  %s  %s",
           job->started ? job->started : "?", job->imei ? job->imei : "?",
           job->model ? job->model : "?", job->dialect ? job->dialect : "?",
           describe_result (job->result));
  if (job->result == FD_AUDIT_RESULT_SUCCESS || job->result == FD_AUDIT_RESULT_UP_TO_DATE)
    g_print ("  %s → %s", job->old_revision ? job->old_revision : "?",
             job->new_revision ? job->new_revision : "?");
  else if (job->result == FD_AUDIT_RESULT_INTERRUPTED)
    /* Translators: after "Interrupted" in a report line; %s is the phase
     * the job was in ("Flashing — do not unplug", "Downloading"). */
    g_print (_("  (FotaDesk stopped during “%s”; check the module)"),
             describe_phase (job->last_phase));
  else if (job->error_message != NULL)
    g_print ("  %s", job->error_message);
  g_print ("\n");
}

static int
run_report (FdCliContext *context, int argc, char **argv)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  if (argc > 1)
    {
      fd_cli_error (_("`report` takes at most one file"));
      return FD_CLI_EXIT_USAGE;
    }
  if (argc == 1)
    path = g_strdup (argv[0]);
  else
    {
      default_dir = context->log_dir != NULL ? g_strdup (context->log_dir)
                                             : fd_audit_default_dir ();
      path = g_build_filename (default_dir, FD_AUDIT_LOG_FILENAME, NULL);
    }

  records = fd_audit_log_read_records (path, &n_skipped, &error);
  if (records == NULL && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* Translators: %s is a file name. */
      fd_cli_error (_("No upgrades recorded yet: there is no audit log at %s."), path);
      return FD_CLI_EXIT_OK;
    }
  if (records == NULL)
    {
      /* Translators: the file name, then why (a sentence). */
      fd_cli_error (_("Could not read the audit log %s: %s"), path, error->message);
      return FD_CLI_EXIT_FAILED;
    }
  if (n_skipped > 0)
    /* Translators: %u is a number of lines, %s the audit log's file name. */
    fd_cli_error (g_dngettext (GETTEXT_PACKAGE,
                               "%u damaged line in %s was skipped (a process was killed "
                               "while writing)",
                               "%u damaged lines in %s were skipped (a process was killed "
                               "while writing)", n_skipped),
                  n_skipped, path);
  jobs = fd_audit_log_summarize (records);

  if (report_csv)
    {
      g_autofree char *csv = fd_audit_export_csv (jobs, FD_AUDIT_CSV_NONE);

      fputs (csv, stdout);
      return FD_CLI_EXIT_OK;
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      const FdAuditJobSummary *job = g_ptr_array_index (jobs, i);

      if (context->json)
        print_json_summary (job);
      else
        print_text_summary (job);
    }
  return FD_CLI_EXIT_OK;
}

const FdCliCommand fd_cli_command_report = {
  .name = "report",
  .parameter_string = N_("[FILE]"),
  .summary = N_("Print the audit log: what happened to every module"),
  .description = N_("Reads the audit log (by default the one under --log-dir) and prints one\n"
                    "line per job, or CSV with --csv. A job whose process died shows as\n"
                    "“interrupted”."),
  .entries = report_entries,
  .run = run_report,
};
