/* fd-cli-output.c — what fotadesk-cli prints
 *
 * JSON is built with json-glib, never by hand, so a value can never break
 * the line a script parses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-cli-output.h"

#include <unistd.h>

struct _FdCliOutput
{
  FILE    *out;
  gboolean json;
  gboolean terminal;      /* progress redraws one line instead of adding lines */
  gboolean progress_open; /* the last thing printed was a progress line */
};

FdCliOutput *
fd_cli_output_new (FILE *out, gboolean json)
{
  FdCliOutput *self = g_new0 (FdCliOutput, 1);

  self->out = out;
  self->json = json;
  self->terminal = isatty (fileno (out));
  return self;
}

void
fd_cli_output_free (FdCliOutput *self)
{
  g_free (self);
}

char *
fd_cli_format_time (gint64 wall_time_us)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_local (wall_time_us / G_USEC_PER_SEC);
  g_autofree char *head = g_date_time_format (seconds, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *zone = g_date_time_format (seconds, "%:z");

  return g_strdup_printf ("%s.%03d%s", head, (int) (wall_time_us % G_USEC_PER_SEC / 1000), zone);
}

static const char *
event_name (FdJobEventKind kind)
{
  switch (kind)
    {
    case FD_JOB_EVENT_PHASE:
      return "phase";
    case FD_JOB_EVENT_PROGRESS:
      return "progress";
    case FD_JOB_EVENT_URC:
      return "urc";
    case FD_JOB_EVENT_WARNING:
      return "warning";
    case FD_JOB_EVENT_MESSAGE:
      return "message";
    case FD_JOB_EVENT_RESULT:
    default:
      return "result";
    }
}

/* JSON must be UTF-8 whatever a module sent. */
static void
set_nullable_string (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      json_object_set_string_member (object, member, valid);
    }
  else if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
add_result_members (JsonObject *object, const FdJobEvent *event)
{
  json_object_set_string_member (object, "result", fd_result_to_string (event->result));
  set_nullable_string (object, "old_revision", event->old_revision);
  set_nullable_string (object, "new_revision", event->new_revision);
  json_object_set_boolean_member (object, "revision_changed", event->revision_changed);
  if (event->error_name != NULL)
    {
      JsonObject *error = json_object_new ();

      if (event->module_code != 0)
        json_object_set_int_member (error, "code", event->module_code);
      else
        json_object_set_null_member (error, "code");
      json_object_set_string_member (error, "name", event->error_name);
      set_nullable_string (error, "message", event->text);
      json_object_set_object_member (object, "error", error);
    }
}

JsonObject *
fd_cli_event_to_json (FdJob *job, const FdJobEvent *event)
{
  JsonObject *object = json_object_new ();
  g_autofree char *time = fd_cli_format_time (event->wall_time_us);

  json_object_set_string_member (object, "time", time);
  json_object_set_string_member (object, "event", event_name (event->kind));
  set_nullable_string (object, "imei", fd_job_get_imei (job));
  set_nullable_string (object, "port", fd_job_get_port (job));
  json_object_set_string_member (object, "phase", fd_phase_to_string (event->phase));

  switch (event->kind)
    {
    case FD_JOB_EVENT_PROGRESS:
      if (event->bytes > 0 || event->total > 0)
        json_object_set_int_member (object, "bytes", (gint64) event->bytes);
      if (event->total > 0)
        json_object_set_int_member (object, "total", (gint64) event->total);
      if (event->percent >= 0)
        json_object_set_int_member (object, "percent", event->percent);
      json_object_set_int_member (object, "overall", event->overall);
      break;
    case FD_JOB_EVENT_URC:
      set_nullable_string (object, "line", event->text);
      break;
    case FD_JOB_EVENT_WARNING:
    case FD_JOB_EVENT_MESSAGE:
      set_nullable_string (object, "message", event->text);
      break;
    case FD_JOB_EVENT_RESULT:
      add_result_members (object, event);
      break;
    case FD_JOB_EVENT_PHASE:
    default:
      break;
    }
  return object;
}

static void
print_json (FdCliOutput *self, JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  fprintf (self->out, "%s\n", text);
  fflush (self->out);
}

static char *
describe_event (const FdJobEvent *event)
{
  switch (event->kind)
    {
    case FD_JOB_EVENT_PHASE:
      return g_strdup (fd_phase_describe (event->phase));
    case FD_JOB_EVENT_PROGRESS:
      if (event->total > 0)
        /* Translators: a progress line; %s is the phase ("Downloading"),
         * then the percentage, the bytes done and the package size. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %d%% (%llu of %llu byte)",
                                             "%s: %d%% (%llu of %llu bytes)",
                                             (gulong) MIN (event->total, G_MAXULONG)),
                                fd_phase_describe (event->phase), event->percent,
                                (unsigned long long) event->bytes,
                                (unsigned long long) event->total);
      if (event->percent >= 0)
        /* Translators: a progress line; %s is the phase ("Downloading"). */
        return g_strdup_printf (_("%s: %d%%"), fd_phase_describe (event->phase), event->percent);
      /* Translators: a progress line when the size is not known; %s is the
       * phase ("Downloading"), %llu the bytes done so far. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %llu byte", "%s: %llu bytes",
                                           (gulong) MIN (event->bytes, G_MAXULONG)),
                              fd_phase_describe (event->phase), (unsigned long long) event->bytes);
    case FD_JOB_EVENT_URC:
      return g_strdup_printf ("<- %s", event->text);
    case FD_JOB_EVENT_WARNING:
      /* Translators: %s is the warning itself, a sentence. */
      return g_strdup_printf (_("Warning: %s"), event->text);
    case FD_JOB_EVENT_MESSAGE:
      return g_strdup (event->text);
    case FD_JOB_EVENT_RESULT:
    default:
      if (event->error_name != NULL && event->text != NULL)
        return g_strdup_printf ("%s — %s", fd_result_describe (event->result), event->text);
      if (event->new_revision != NULL)
        /* Translators: the last line of a job: %s is the result ("Upgraded",
         * "Already up to date"), then the firmware revision it runs now. */
        return g_strdup_printf (_("%s — firmware %s"), fd_result_describe (event->result),
                                event->new_revision);
      return g_strdup (fd_result_describe (event->result));
    }
}

void
fd_cli_output_job_event (FdCliOutput *self, FdJob *job, const FdJobEvent *event)
{
  g_autofree char *text = NULL;

  if (self->json)
    {
      g_autoptr(JsonObject) object = fd_cli_event_to_json (job, event);
      print_json (self, object);
      return;
    }
  text = describe_event (event);
  /* On a terminal, progress updates one line in place (cleared to the end
   * with ESC[K); anything else ends that line first. */
  if (self->terminal && event->kind == FD_JOB_EVENT_PROGRESS)
    {
      fprintf (self->out, "\r[%s] %s\033[K", fd_job_get_imei (job) ? fd_job_get_imei (job) : "?",
               text);
      self->progress_open = TRUE;
      fflush (self->out);
      return;
    }
  if (self->progress_open)
    fputc ('\n', self->out);
  self->progress_open = FALSE;
  fprintf (self->out, "[%s %s] %s\n",
           fd_job_get_imei (job) ? fd_job_get_imei (job) : "?",
           fd_job_get_port (job) ? fd_job_get_port (job) : "?", text);
  fflush (self->out);
}

void
fd_cli_output_summary (FdCliOutput *self, FdBatch *batch, guint n_unusable)
{
  static const FdResult counted[] = { FD_RESULT_SUCCESS, FD_RESULT_UP_TO_DATE,
                                      FD_RESULT_FAILED, FD_RESULT_CANCELLED };

  if (self->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autofree char *time = fd_cli_format_time (g_get_real_time ());
      JsonObject *counts = json_object_new ();

      json_object_set_string_member (object, "time", time);
      json_object_set_string_member (object, "event", "summary");
      for (gsize i = 0; i < G_N_ELEMENTS (counted); i++)
        json_object_set_int_member (counts, fd_result_to_string (counted[i]),
                                    fd_batch_count_result (batch, counted[i])
                                        + (counted[i] == FD_RESULT_FAILED ? n_unusable : 0));
      json_object_set_object_member (object, "counts", counts);
      json_object_set_int_member (object, "modules", fd_batch_get_jobs (batch)->len + n_unusable);
      print_json (self, object);
      return;
    }
  if (self->progress_open)
    fputc ('\n', self->out);
  self->progress_open = FALSE;
  /* Translators: the closing line of `fotadesk-cli upgrade`, counts of
   * modules per result. */
  fprintf (self->out, _("Done: %u upgraded, %u already up to date, %u failed, %u cancelled.\n"),
           fd_batch_count_result (batch, FD_RESULT_SUCCESS),
           fd_batch_count_result (batch, FD_RESULT_UP_TO_DATE),
           fd_batch_count_result (batch, FD_RESULT_FAILED) + n_unusable,
           fd_batch_count_result (batch, FD_RESULT_CANCELLED));
  fflush (self->out);
}
