/* fd-flow-mfw.c — the MFW dialect's upgrade flow (OneMO AT+MFW*)
 *
 * configure (AT+MFWERASE first when asked, then the AT+MFWCFG items the
 * user set) → get the package onto the module (its own download, a file
 * it has, or FotaDesk's serial write) → verify (AT+MFWCHECK against
 * FotaDesk's copy) → AT+MFWUPGRADE → reboot → AT+CGMR. ML30x modules
 * download inside AT+MFWUPGRADE instead, across several reboots.
 *
 * Every stop is named (timeout, unplugged, checksum-mismatch, the error
 * table's names for +CME ERROR 850…855, ...) and its message says where
 * the module stands: what is on it, whether anything was flashed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fd-at-decoders.h"
#include "fd-error-table.h"
#include "fd-flow-mfw-private.h"
#include "fd-package.h"
#include "fd-redact.h"

/* Every phase this flow may go through; each run narrows it down. */
const FdPhase fd_mfw_flow_phases[] = {
  FD_PHASE_CONFIGURE, FD_PHASE_DOWNLOAD, FD_PHASE_WRITE,   FD_PHASE_VERIFY,
  FD_PHASE_UPGRADE,   FD_PHASE_REBOOT,   FD_PHASE_CONFIRM,
};
const gsize fd_mfw_flow_n_phases = G_N_ELEMENTS (fd_mfw_flow_phases);

/* ---- phases and where the module stands ------------------------------ */

static gboolean
is_serial (const MfwRun *run)
{
  return run->config->source == FD_MFW_SOURCE_SERIAL_HEX
         || run->config->source == FD_MFW_SOURCE_SERIAL_PASSTHROUGH;
}

static gboolean
is_combined (const MfwRun *run)
{
  return fd_mfw_config_uses_combined_upgrade (run->config, run->model);
}

static void
set_run_phases (MfwRun *run)
{
  FdPhase phases[G_N_ELEMENTS (fd_mfw_flow_phases)];
  gsize   n = 0;

  phases[n++] = FD_PHASE_CONFIGURE;
  if (!is_combined (run))
    {
      phases[n++] = is_serial (run) ? FD_PHASE_WRITE : FD_PHASE_DOWNLOAD;
      if (run->verify != FD_MFW_VERIFY_NONE)
        phases[n++] = FD_PHASE_VERIFY;
    }
  if (!run->config->download_only)
    {
      phases[n++] = FD_PHASE_UPGRADE;
      if (!is_combined (run))
        phases[n++] = FD_PHASE_REBOOT;
    }
  phases[n++] = FD_PHASE_CONFIRM;
  fd_job_set_phases (run->job, phases, n);
}

void
mfw_enter_phase (MfwRun *run, FdPhase phase)
{
  run->phase = phase;
  run->phase_deadline = fd_flow_deadline (fd_flow_get_bounds (run->flow)->phase_timeout_ms);
  fd_job_enter_phase (run->job, phase);
}

static char *
format_u64 (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

static char *
describe_download (MfwRun *run)
{
  g_autofree char *done = format_u64 (run->done_bytes);
  g_autofree char *total = format_u64 (run->total_bytes);

  if (run->total_bytes > 0)
    return g_strdup_printf (_ ("The module had %s of %s bytes of the package; nothing was "
                               "flashed: it still runs its old firmware. Starting again resumes "
                               "the download or starts it over."),
                            done, total);
  return g_strdup_printf (_ ("The module had %s bytes of the package; nothing was flashed: it "
                             "still runs its old firmware. Starting again resumes the download "
                             "or starts it over."),
                          done);
}

/* Adds @sentence after the sentences in @text. */
static void
append_sentence (GString *text, const char *sentence)
{
  g_autofree char *joined = NULL;

  if (text->len == 0)
    {
      g_string_assign (text, sentence);
      return;
    }
  /* Translators: two sentences shown one after the other; Chinese needs
   * no space */
  joined = g_strdup_printf (C_("sentences", "%s %s"), text->str, sentence);
  g_string_assign (text, joined);
}

static char *
describe_write (MfwRun *run)
{
  g_autofree char *done = format_u64 (run->done_bytes);
  g_autofree char *total = format_u64 (run->total_bytes);
  g_autofree char *sent = format_u64 (run->sent_bytes);
  g_autofree char *written = NULL;
  g_autofree char *unconfirmed = NULL;
  GString         *text = g_string_new (NULL);

  written = g_strdup_printf (_ ("%s of %s bytes of the package were written to the module and "
                                "confirmed."),
                             done, total);
  append_sentence (text, written);
  if (run->sent_bytes > 0)
    {
      /* Translators: %s is a number of bytes */
      unconfirmed = g_strdup_printf (_ ("%s more were sent without a confirmation."), sent);
      append_sentence (text, unconfirmed);
    }
  append_sentence (text, _ ("Nothing was flashed: the module still runs its old firmware. The "
                            "incomplete package stays on the module: write it again with “erase "
                            "first”."));
  if (run->in_passthrough)
    append_sentence (text, _ ("The module may still be waiting for the rest of a passthrough "
                              "write: wait a few seconds, or power-cycle it, before using the "
                              "port again."));
  return g_string_free (text, FALSE);
}

/* Where the module stands when the flow stops in run->phase. */
static char *
describe_state (MfwRun *run)
{
  switch (run->phase)
    {
    case FD_PHASE_DOWNLOAD:
      return describe_download (run);
    case FD_PHASE_WRITE:
      return describe_write (run);
    case FD_PHASE_VERIFY:
      return g_strdup (_ ("The whole package is on the module but was not applied: it still "
                          "runs its old firmware."));
    case FD_PHASE_UPGRADE:
      if (is_combined (run))
        return g_strdup (_ ("The module was downloading and applying the firmware by itself "
                            "and cannot go back to its old firmware: do not power it off; let "
                            "it finish, then check its firmware revision."));
      return g_strdup (_ ("The module was applying the firmware: do not power it off; let it "
                          "finish and restart, then check its firmware revision."));
    case FD_PHASE_REBOOT:
      if (run->upgrade_reported)
        return g_strdup (_ ("The module reported the firmware applied and was restarting: check "
                            "its firmware revision once it is back."));
      return g_strdup (_ ("The module was applying the firmware and restarting without a report: "
                          "do not power it off; check its firmware revision once it is back."));
    case FD_PHASE_CONFIRM:
      return g_strdup (_ ("The firmware was applied, but FotaDesk could not read the new "
                          "revision: check it once the module answers again."));
    case FD_PHASE_CONFIGURE:
    default:
      return g_strdup (_ ("Nothing was downloaded or flashed: the module still runs its old "
                          "firmware."));
    }
}

/* ---- failures ---------------------------------------------------------- */

static const char *
serial_error_name (int code)
{
  switch (code)
    {
    case FD_SERIAL_ERROR_TIMEOUT:
      return "timeout";
    case FD_SERIAL_ERROR_GONE:
      return "unplugged";
    case FD_SERIAL_ERROR_BUSY:
      return "busy";
    case FD_SERIAL_ERROR_PERMISSION_DENIED:
      return "permission-denied";
    default:
      return NULL; /* the job derives one */
    }
}

static gboolean
fail_module_code (MfwRun *run, GError **error, int code, const char *doing, const char *state)
{
  const FdErrorEntry *entry = fd_error_table_lookup (FD_ERROR_SOURCE_CME, code);
  g_autofree char    *meaning = fd_error_table_describe (FD_ERROR_SOURCE_CME, code);

  fd_job_set_failure (run->job, entry != NULL ? entry->name : "module-error", code);
  /* Translators: +CME ERROR code, what FotaDesk was doing, the code's
   * meaning, then where the module stands */
  g_set_error (error, FD_CME_ERROR, code, _ ("The module answered +CME ERROR: %d while %s. %s %s"),
               code, doing, meaning, state);
  return FALSE;
}

gboolean
mfw_fail (MfwRun *run, GError **error, GError *cause, const char *doing)
{
  g_autoptr (GError) owned = cause;
  g_autofree char *state = describe_state (run);
  /* A session message may quote the command, and the auth command
   * holds the password. */
  g_autofree char *why = fd_redact_secrets (cause->message);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: what FotaDesk was doing, then where the module
       * stands (sentences) */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Cancelled while %s. %s"), doing,
                   state);
      return FALSE;
    }
  if (cause->domain == FD_CME_ERROR)
    return fail_module_code (run, error, cause->code, doing, state);
  if (g_error_matches (cause, FD_AT_ERROR, FD_AT_ERROR_ERROR))
    {
      fd_job_set_failure (run->job, "rejected", 0);
      g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_ERROR,
                   /* Translators: what FotaDesk was doing, then where the module
                    * stands (sentences) */
                   _ ("The module answered ERROR while %s: it does not accept this command or "
                      "setting. %s"),
                   doing, state);
      return FALSE;
    }
  if (g_error_matches (cause, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE))
    {
      fd_job_set_failure (run->job, "unplugged", 0);
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE,
                   /* Translators: what FotaDesk was doing, then where the module
                    * stands (sentences) */
                   _ ("The module's port went away while %s. %s Plug it back in and check it "
                      "before starting again."),
                   doing, state);
      return FALSE;
    }

  if (cause->domain == FD_SERIAL_ERROR)
    fd_job_set_failure (run->job, serial_error_name (cause->code), 0);
  else if (cause->domain == FD_AT_ERROR)
    fd_job_set_failure (run->job, "module-error", 0);
  else if (cause->domain == FD_PACKAGE_ERROR)
    fd_job_set_failure (run->job, "download-failed", 0);
  else
    fd_job_set_failure (run->job, NULL, 0);
  /* Translators: what went wrong, what FotaDesk was doing, where the
   * module stands */
  g_set_error (error, cause->domain, cause->code, _ ("%s (while %s). %s"), why, doing, state);
  return FALSE;
}

gboolean
mfw_fail_named (MfwRun *run, GError **error, const char *name, int code, const char *format, ...)
{
  va_list          args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fd_job_set_failure (run->job, name, code);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, text);
  return FALSE;
}

/* ---- commands and URCs -------------------------------------------------- */

gboolean
mfw_command (MfwRun *run, const char *command, const char *doing, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) lines
      = fd_flow_command (run->flow, command, 0, run->cancellable, &local_error);

  if (lines == NULL)
    return mfw_fail (run, error, g_steal_pointer (&local_error), doing);
  return TRUE;
}

gboolean
mfw_erase (MfwRun *run, const char *why, GError **error)
{
  fd_job_message (run->job, "%s", why);
  /* Translators: what FotaDesk was doing, shown after “while” */
  return mfw_command (run, "AT+MFWERASE", _ ("erasing the stored package (AT+MFWERASE)"), error);
}

/* What setting an AT+MFWCFG line makes, for messages. */
static char *
describe_config_line (const char *line)
{
  const char      *start = strchr (line, '"');
  const char      *end = start != NULL ? strchr (start + 1, '"') : NULL;
  g_autofree char *item = NULL;

  if (end == NULL)
    /* Translators: what FotaDesk was doing, shown after “while” */
    return g_strdup (_ ("configuring the upgrade"));
  item = g_strndup (start + 1, (gsize)(end - start - 1));
  if (g_str_equal (item, "mode"))
    /* Translators: what FotaDesk was doing, shown after “while” */
    return g_strdup (_ ("setting the package mode (diff or full), which only some modules "
                        "offer: clear this setting if the module refuses it"));
  if (g_str_equal (item, "auth"))
    /* Translators: what FotaDesk was doing, shown after “while” */
    return g_strdup (_ ("setting the server login (AT+MFWCFG=\"auth\")"));
  /* Translators: what FotaDesk was doing, shown after “while” */
  return g_strdup_printf (_ ("setting “%s” (AT+MFWCFG)"), item);
}

gboolean
mfw_send_config (MfwRun *run, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) lines = fd_mfw_config_build_commands (run->config, run->model, &local_error);

  if (lines == NULL)
    return mfw_fail (run, error, g_steal_pointer (&local_error), _ ("configuring the upgrade"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *doing = describe_config_line (lines[i]);

      if (!mfw_command (run, lines[i], doing, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mfw_next_urc (MfwRun *run, gint64 deadline_us, char **line, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  *line = NULL;
  if (fd_flow_next_urc (run->flow, deadline_us, line, run->cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
mfw_pause (MfwRun *run, gint64 deadline_us, GError **error)
{
  for (;;)
    {
      g_autofree char *line = NULL;

      if (!mfw_next_urc (run, deadline_us, &line, error))
        return FALSE;
      if (line == NULL)
        return TRUE;
    }
}

gboolean
mfw_check_stored (MfwRun *run, FdMfwVerify verify, const char *expected, gboolean *same,
                  char **reported, GError **error)
{
  g_autofree char *command = fd_mfw_check_command (verify);
  g_autofree char *line = fd_flow_query (run->flow, command, "+MFWCHECK:", run->cancellable, error);
  g_autofree char *hex = NULL;

  if (line == NULL)
    return FALSE;
  if (!fd_at_decode_mfwcheck (line, &hex))
    {
      g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE,
                   _ ("The module answered %s with a checksum FotaDesk cannot read"), command);
      return FALSE;
    }
  *same = fd_package_checksum_equal (hex, expected);
  if (reported != NULL)
    *reported = g_steal_pointer (&hex);
  return TRUE;
}

const char *
mfw_verify_label (FdMfwVerify verify)
{
  switch (verify)
    {
    case FD_MFW_VERIFY_MD5:
      return "MD5";
    case FD_MFW_VERIFY_SHA1:
      return "SHA-1";
    case FD_MFW_VERIFY_SHA256:
    default:
      return "SHA-256";
    }
}

char *
mfw_package_checksum (MfwRun *run, FdMfwVerify verify, gsize length)
{
  GChecksumType type = G_CHECKSUM_SHA256;
  g_autoptr (GChecksum) sum = NULL;
  gsize         size;
  const guint8 *data = g_bytes_get_data (run->package, &size);

  fd_mfw_verify_get_checksum_type (verify, &type);
  sum = g_checksum_new (type);
  g_checksum_update (sum, data, (gssize)MIN (length, size));
  return g_strdup (g_checksum_get_string (sum));
}

/* ---- the package FotaDesk holds --------------------------------------- */

static void
on_fetch_progress (guint64 received, gint64 total, gpointer user_data)
{
  MfwRun *run = user_data;

  fd_job_progress (run->job, received, total > 0 ? (guint64)total : 0);
}

static FdPackageChecksums
package_checksum_flag (FdMfwVerify verify)
{
  switch (verify)
    {
    case FD_MFW_VERIFY_MD5:
      return FD_PACKAGE_CHECKSUM_MD5;
    case FD_MFW_VERIFY_SHA1:
      return FD_PACKAGE_CHECKSUM_SHA1;
    case FD_MFW_VERIFY_SHA256:
      return FD_PACKAGE_CHECKSUM_SHA256;
    default:
      return FD_PACKAGE_CHECKSUM_NONE;
    }
}

/* A package behind a URL, fetched by FotaDesk (libcurl) into memory. */
static gboolean
fetch_package (MfwRun *run, const char *url, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (FdPackage) package = fd_package_new (url, &local_error);
  g_autoptr (FdPackageInfo) info = NULL;
  g_autoptr (GMappedFile) file = NULL;

  if (package == NULL)
    /* Translators: what FotaDesk was doing, shown after “while” */
    return mfw_fail (run, error, g_steal_pointer (&local_error), _ ("reading the package's URL"));
  run->display_source = g_strdup (fd_package_get_display_url (package));
  fd_job_message (run->job, _ ("Fetching the package from %s"), run->display_source);
  info = fd_package_fetch (package, NULL, FD_PACKAGE_CHECKSUM_NONE, on_fetch_progress, run,
                           run->cancellable, &local_error);
  if (info == NULL)
    /* Translators: what FotaDesk was doing, shown after “while” */
    return mfw_fail (run, error, g_steal_pointer (&local_error), _ ("fetching the package"));
  file = g_mapped_file_new (info->path, FALSE, &local_error);
  if (file != NULL)
    run->package = g_mapped_file_get_bytes (file);
  g_unlink (info->path);
  if (run->package == NULL)
    /* Translators: what FotaDesk was doing, shown after “while” */
    return mfw_fail (run, error, g_steal_pointer (&local_error), _ ("reading the fetched package"));
  return TRUE;
}

static gboolean
read_package_file (MfwRun *run, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, &local_error);

  if (file == NULL)
    /* Translators: what FotaDesk was doing, shown after “while” */
    return mfw_fail (run, error, g_steal_pointer (&local_error), _ ("reading the package file"));
  run->package = g_mapped_file_get_bytes (file);
  run->display_source = g_filename_display_name (path);
  return TRUE;
}

static gboolean
read_package (MfwRun *run, const char *source, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (source);
  g_autofree char *path = NULL;

  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    {
      path = g_filename_from_uri (source, NULL, NULL);
      if (path != NULL)
        return read_package_file (run, path, error);
    }
  else if (scheme != NULL && strlen (scheme) > 1) /* not a drive letter */
    return fetch_package (run, source, error);
  return read_package_file (run, source, error);
}

/* config->local_path — a file, a file:// URI, or a URL FotaDesk fetches —
 * when something needs it: a serial write, or a checksum to compare. */
static gboolean
load_package (MfwRun *run, GError **error)
{
  const char *source = run->config->local_path;

  if (source == NULL || source[0] == '\0'
      || (!is_serial (run) && run->verify == FD_MFW_VERIFY_NONE))
    return TRUE;
  if (!read_package (run, source, error))
    return FALSE;
  if (g_bytes_get_size (run->package) == 0)
    return mfw_fail_named (run, error, NULL, 0,
                           _ ("The package %s is empty: choose the firmware package."),
                           run->display_source);
  return TRUE;
}

/* ---- verify ------------------------------------------------------------- */

/* The checksum the stored package must have, as FotaDesk computes it. */
static char *
expected_checksum (MfwRun *run, GError **error)
{
  g_autoptr (FdPackage) package = NULL;
  g_autoptr (FdPackageInfo) info = NULL;
  GChecksumType type = G_CHECKSUM_SHA256;

  if (run->package != NULL)
    return mfw_package_checksum (run, run->verify, G_MAXSIZE);
  /* A server package and no local copy: FotaDesk fetches it too. */
  package = fd_package_new (run->config->url, error);
  if (package == NULL)
    return NULL;
  fd_package_set_credentials (package, run->config->user, run->config->password);
  fd_job_message (run->job, _ ("Fetching %s to compute its checksum"),
                  fd_package_get_display_url (package));
  info = fd_package_check (package, package_checksum_flag (run->verify), run->cancellable, error);
  if (info == NULL)
    return NULL;
  fd_mfw_verify_get_checksum_type (run->verify, &type);
  return g_strdup (fd_package_info_get_checksum (info, type));
}

static gboolean
verify_stored (MfwRun *run, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *origin = run->display_source != NULL ? g_strdup (run->display_source)
                                                        : fd_redact_secrets (run->config->url);
  const char      *label = mfw_verify_label (run->verify);
  gboolean         same = FALSE;

  if (run->verify == FD_MFW_VERIFY_NONE)
    {
      if (is_serial (run) && fd_model_supports (run->model, FD_CAP_MFWCHECK) != FD_SUPPORT_YES)
        fd_job_message (run->job,
                        /* Translators: %s is a module model, such as ML307A */
                        _ ("%s cannot report the stored package's checksum (no "
                           "AT+MFWCHECK): the module checks the package itself when "
                           "the upgrade starts."),
                        fd_model_get_name (run->model));
      return TRUE;
    }
  mfw_enter_phase (run, FD_PHASE_VERIFY);
  expected = expected_checksum (run, &local_error);
  if (expected == NULL)
    return mfw_fail (run, error, g_steal_pointer (&local_error),
                     /* Translators: what FotaDesk was doing, shown after “while” */
                     _ ("computing the package's checksum"));
  if (!mfw_check_stored (run, run->verify, expected, &same, &reported, &local_error))
    return mfw_fail (run, error, g_steal_pointer (&local_error),
                     /* Translators: what FotaDesk was doing, shown after “while” */
                     _ ("reading the stored package's checksum (AT+MFWCHECK)"));
  if (!same)
    return mfw_fail_named (run, error, "checksum-mismatch", 0,
                           /* Translators: the package's origin, the algorithm, the module's
                            * checksum, then FotaDesk's */
                           _ ("The package stored on the module does not match %s: the module "
                              "reports %s %s, FotaDesk computed %s. It was not applied: the "
                              "module still runs its old firmware. Erase the stored package and "
                              "get it onto the module again (turn on “erase first”)."),
                           origin, label, reported, expected);
  /* Translators: a checksum algorithm (MD5, SHA-1, SHA-256), then
   * the checksum */
  fd_job_message (run->job, _ ("The module's %s of the stored package matches: %s"), label,
                  expected);
  return TRUE;
}

/* ---- the run --------------------------------------------------------- */

static gboolean
get_package_onto_module (MfwRun *run, GError **error)
{
  switch (run->config->source)
    {
    case FD_MFW_SOURCE_SERVER:
      return mfw_download_from_server (run, error);
    case FD_MFW_SOURCE_MODULE_FILE:
      return mfw_take_module_file (run, error);
    case FD_MFW_SOURCE_SERIAL_HEX:
      return mfw_write_hex (run, error);
    case FD_MFW_SOURCE_SERIAL_PASSTHROUGH:
    default:
      return mfw_write_passthrough (run, error);
    }
}

static gboolean
finish_download_only (MfwRun *run, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *revision = NULL;

  mfw_enter_phase (run, FD_PHASE_CONFIRM);
  revision = fd_flow_read_revision (run->flow, run->cancellable, &local_error);
  if (revision == NULL)
    return mfw_fail (run, error, g_steal_pointer (&local_error),
                     /* Translators: what FotaDesk was doing, shown after “while” */
                     _ ("reading the firmware revision (AT+CGMR)"));
  fd_job_message (run->job,
                  _ ("The package is on the module and was not applied, as asked: the "
                     "module still runs %s. Start an upgrade without “download only” "
                     "to apply it."),
                  revision);
  fd_job_set_outcome (run->job, FD_RESULT_SUCCESS, revision);
  return TRUE;
}

static gboolean
run_steps (MfwRun *run, GError **error)
{
  if (!load_package (run, error))
    return FALSE;
  if (run->config->erase_first
      && !mfw_erase (run, _ ("Erasing the module's stored package first, as asked."), error))
    return FALSE;
  if (!mfw_send_config (run, error))
    return FALSE;
  if (is_combined (run))
    return mfw_upgrade_combined (run, error) && mfw_confirm (run, error);

  if (!get_package_onto_module (run, error) || !verify_stored (run, error))
    return FALSE;
  if (run->config->download_only)
    return finish_download_only (run, error);
  return mfw_upgrade_stored (run, error) && mfw_confirm (run, error);
}

gboolean
fd_mfw_flow_run (FdFlow *flow, const FdMfwConfig *config, const FdModel *model,
                 GCancellable *cancellable, GError **error)
{
  MfwRun run = {
    .flow = flow,
    .job = fd_flow_get_job (flow),
    .config = config,
    .model = model != NULL ? model : fd_models_get_unknown (),
    .cancellable = cancellable,
    .command_ms = fd_flow_get_bounds (flow)->command_timeout_ms,
    .phase = FD_PHASE_CONFIGURE,
  };
  gboolean ok;

  run.verify = fd_mfw_config_get_effective_verify (config, run.model);
  set_run_phases (&run);
  ok = run_steps (&run, error);
  g_clear_pointer (&run.package, g_bytes_unref);
  g_free (run.display_source);
  return ok;
}
