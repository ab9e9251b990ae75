/* fd-job-item.c — one module's job in the batch view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fd-error-table.h"
#include "fd-job-item.h"

struct _FdJobItem
{
  GObject parent_instance;

  FdJob        *job;
  FdDeviceItem *device;
  gulong        event_id;
  gulong        device_id;

  FdJobState state;
  FdPhase    phase;
  gint64     started_us;
  gint64     ended_us;
  double     fraction;
  int        module_code;
  char      *error_name;

  char *title;
  char *subtitle;
  char *phase_text;
  char *progress_text;
  char *elapsed_text;
  char *result_text;
  char *detail_text;
};

G_DEFINE_FINAL_TYPE (FdJobItem, fd_job_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_PHASE_TEXT,
  PROP_PROGRESS_TEXT,
  PROP_FRACTION,
  PROP_ELAPSED_TEXT,
  PROP_RESULT_TEXT,
  PROP_DETAIL_TEXT,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void
set_text (FdJobItem *self, char **field, const char *text, guint prop)
{
  if (g_strcmp0 (*field, text) == 0)
    return;
  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
set_state (FdJobItem *self, FdJobState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
set_fraction (FdJobItem *self, double fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FRACTION]);
}

/* ---- module codes -------------------------------------------------------- */

char *
fd_job_describe_module_code (const char *dialect, int code)
{
  FdErrorSource       source;
  const FdErrorEntry *entry;

  if (g_strcmp0 (dialect, "mfw") == 0)
    source = FD_ERROR_SOURCE_CME;
  else if (g_strcmp0 (dialect, "rsfota") == 0)
    source = FD_ERROR_SOURCE_RSFOTA;
  else if (g_strcmp0 (dialect, "luat") == 0)
    source = code <= -1000 ? FD_ERROR_SOURCE_LUAT : FD_ERROR_SOURCE_FOTA_CAUSE;
  else
    return NULL;
  entry = fd_error_table_lookup (source, code);
  return entry != NULL ? fd_error_table_describe (source, code) : NULL;
}

/* ---- events -------------------------------------------------------------- */

static char *
format_progress (const FdJobEvent *event)
{
  g_autofree char *bytes = g_format_size (event->bytes);
  g_autofree char *total = event->total > 0 ? g_format_size (event->total) : NULL;

  if (total != NULL && event->percent >= 0)
    /* Translators: bytes done, package size, percent — "512 bytes of 2.1 kB · 24 %" */
    return g_strdup_printf (_("%s of %s · %d %%"), bytes, total, event->percent);
  if (event->bytes > 0)
    return g_strdup (bytes);
  if (event->percent >= 0)
    /* Translators: a percentage of the current phase, "24 %" */
    return g_strdup_printf (_("%d %%"), event->percent);
  return g_strdup ("");
}

static void
on_phase (FdJobItem *self, const FdJobEvent *event)
{
  self->phase = event->phase;
  set_state (self, event->phase == FD_PHASE_UPGRADE || event->phase == FD_PHASE_REBOOT
                       ? FD_JOB_STATE_FLASHING
                       : FD_JOB_STATE_RUNNING);
  set_text (self, &self->phase_text, fd_phase_describe (event->phase), PROP_PHASE_TEXT);
  set_text (self, &self->progress_text, "", PROP_PROGRESS_TEXT);
  set_fraction (self, event->overall / 100.0);
}

static void
on_progress (FdJobItem *self, const FdJobEvent *event)
{
  g_autofree char *text = format_progress (event);

  set_text (self, &self->progress_text, text, PROP_PROGRESS_TEXT);
  set_fraction (self, event->percent >= 0 ? event->percent / 100.0 : event->overall / 100.0);
}

/* What failed, in two or three words, from the job's stable error name. */
static const char *
failure_title (const char *error_name)
{
  static const struct {
    const char *name;
    const char *title;
  } titles[] = {
    { "unplugged", N_("Failed: unplugged") },
    { "timeout", N_("Failed: no answer in time") },
    { "busy", N_("Failed: port busy") },
    { "permission-denied", N_("Failed: no permission") },
    { "not-found", N_("Failed: port not found") },
    { "module-error", N_("Failed: the module refused") },
    { "not-implemented", N_("Failed: not supported yet") },
    { "upgrade-failed", N_("Failed: the upgrade did not apply") },
    { "download-failed", N_("Failed: the download failed") },
    { "rejected", N_("Failed: the package was rejected") },
    { "invalid-firmware", N_("Failed: invalid firmware") },
    { "write-error", N_("Failed: writing the package failed") },
    { "url-error", N_("Failed: the URL was refused") },
    { "network-error", N_("Failed: network error") },
    { "server-error", N_("Failed: the server could not be reached") },
    { "http-error", N_("Failed: the server answered an error") },
    { "config-error", N_("Failed: the module refused a setting") },
    { "storage-error", N_("Failed: the module could not store the package") },
    { "invalid-device", N_("Failed: unknown to the platform") },
    { "invalid-project", N_("Failed: wrong product on the platform") },
    { "no-permission", N_("Failed: no permission on the platform") },
    { "report-failed", N_("Failed: the result report failed") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (error_name, titles[i].name) == 0)
      return _(titles[i].title);
  return fd_result_describe (FD_RESULT_FAILED);
}

static char *
result_title (const FdJobEvent *event)
{
  if (event->result == FD_RESULT_SUCCESS && event->revision_changed && event->new_revision)
    /* Translators: the firmware revision a module was upgraded to */
    return g_strdup_printf (_("Upgraded to %s"), event->new_revision);
  if (event->result == FD_RESULT_SUCCESS && event->new_revision != NULL)
    /* Translators: a job succeeded but the module reports the same revision */
    return g_strdup_printf (_("Done; the module still reports %s"), event->new_revision);
  if (event->result == FD_RESULT_FAILED)
    return g_strdup (failure_title (event->error_name));
  return g_strdup (fd_result_describe (event->result));
}

static char *
result_detail (FdJobItem *self, const FdJobEvent *event)
{
  g_autofree char *meaning = NULL;

  if (event->module_code == 0)
    return g_strdup (event->text);
  meaning = fd_job_describe_module_code (fd_job_get_dialect (self->job), event->module_code);
  if (meaning != NULL && event->text != NULL && strstr (event->text, meaning) == NULL)
    /* Translators: what failed, then the module's code and what it means */
    return g_strdup_printf (_("%s\nModule code %d: %s"), event->text, event->module_code, meaning);
  if (event->text != NULL)
    return g_strdup_printf (_("%s (module code %d)"), event->text, event->module_code);
  return g_strdup_printf (_("Module code %d: %s"), event->module_code,
                          meaning != NULL ? meaning : _("not in the error table"));
}

static FdJobState
state_for_result (FdResult result)
{
  switch (result)
    {
    case FD_RESULT_SUCCESS:
      return FD_JOB_STATE_SUCCESS;
    case FD_RESULT_UP_TO_DATE:
      return FD_JOB_STATE_UP_TO_DATE;
    case FD_RESULT_CANCELLED:
      return FD_JOB_STATE_CANCELLED;
    case FD_RESULT_FAILED:
    case FD_RESULT_INTERRUPTED:
    case FD_RESULT_NONE:
    default:
      return FD_JOB_STATE_FAILED;
    }
}

static void
on_result (FdJobItem *self, const FdJobEvent *event)
{
  g_autofree char *title = self->started_us == 0 && event->result == FD_RESULT_CANCELLED
                               ? g_strdup (_("Not started"))
                               : result_title (event);
  g_autofree char *detail = result_detail (self, event);

  self->ended_us = g_get_monotonic_time ();
  if (self->started_us == 0)
    self->started_us = self->ended_us;
  self->module_code = event->module_code;
  g_free (self->error_name);
  self->error_name = g_strdup (event->error_name);
  if (event->result == FD_RESULT_SUCCESS || event->result == FD_RESULT_UP_TO_DATE)
    set_fraction (self, 1.0);
  set_text (self, &self->progress_text, "", PROP_PROGRESS_TEXT);
  set_text (self, &self->result_text, title, PROP_RESULT_TEXT);
  set_text (self, &self->detail_text, detail, PROP_DETAIL_TEXT);
  fd_job_item_tick (self);
  set_state (self, state_for_result (event->result));
}

static void
on_event (FdJob *job, const FdJobEvent *event, FdJobItem *self)
{
  switch (event->kind)
    {
    case FD_JOB_EVENT_PHASE:
      on_phase (self, event);
      break;
    case FD_JOB_EVENT_PROGRESS:
      on_progress (self, event);
      break;
    case FD_JOB_EVENT_MESSAGE:
    case FD_JOB_EVENT_WARNING:
      set_text (self, &self->detail_text, event->text, PROP_DETAIL_TEXT);
      break;
    case FD_JOB_EVENT_RESULT:
      on_result (self, event);
      break;
    case FD_JOB_EVENT_URC:
    default:
      break;
    }
}

/* A module that leaves while flashing is rebooting, as expected; at any
 * other time it was unplugged, and the job will say so when it gives up. */
static void
on_device_state (FdDeviceItem *device, GParamSpec *pspec, FdJobItem *self)
{
  if (fd_job_item_is_finished (self) || self->state == FD_JOB_STATE_WAITING)
    return;
  if (fd_device_item_get_state (device) == FD_DEVICE_STATE_GONE)
    set_text (self, &self->detail_text,
              self->state == FD_JOB_STATE_FLASHING
                  ? _("The port went away: the module is restarting. Do not unplug it.")
                  : _("The port went away: the module was unplugged or lost power."),
              PROP_DETAIL_TEXT);
}

/* ---- object -------------------------------------------------------------- */

static void
fd_job_item_dispose (GObject *object)
{
  FdJobItem *self = FD_JOB_ITEM (object);

  g_clear_signal_handler (&self->event_id, self->job);
  g_clear_signal_handler (&self->device_id, self->device);
  g_clear_object (&self->job);
  g_clear_object (&self->device);
  G_OBJECT_CLASS (fd_job_item_parent_class)->dispose (object);
}

static void
fd_job_item_finalize (GObject *object)
{
  FdJobItem *self = FD_JOB_ITEM (object);

  g_free (self->error_name);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->phase_text);
  g_free (self->progress_text);
  g_free (self->elapsed_text);
  g_free (self->result_text);
  g_free (self->detail_text);
  G_OBJECT_CLASS (fd_job_item_parent_class)->finalize (object);
}

static void
fd_job_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdJobItem *self = FD_JOB_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PHASE_TEXT:
      g_value_set_string (value, self->phase_text);
      break;
    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_ELAPSED_TEXT:
      g_value_set_string (value, self->elapsed_text);
      break;
    case PROP_RESULT_TEXT:
      g_value_set_string (value, self->result_text);
      break;
    case PROP_DETAIL_TEXT:
      g_value_set_string (value, self->detail_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
fd_job_item_class_init (FdJobItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_job_item_dispose;
  object_class->finalize = fd_job_item_finalize;
  object_class->get_property = fd_job_item_get_property;

  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, FD_JOB_STATE_CANCELLED, 0,
                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_PHASE_TEXT] = string_prop ("phase-text");
  props[PROP_PROGRESS_TEXT] = string_prop ("progress-text");
  props[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_ELAPSED_TEXT] = string_prop ("elapsed-text");
  props[PROP_RESULT_TEXT] = string_prop ("result-text");
  props[PROP_DETAIL_TEXT] = string_prop ("detail-text");
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
fd_job_item_init (FdJobItem *self)
{
  self->phase_text = g_strdup (_("Waiting to start"));
  self->progress_text = g_strdup ("");
  self->elapsed_text = g_strdup ("0:00");
}

static char *
make_subtitle (FdJob *job, FdDeviceItem *device)
{
  g_autofree char *port = device != NULL ? fd_device_item_dup_port_name (device)
                          : fd_job_get_port (job) != NULL
                            ? g_path_get_basename (fd_job_get_port (job))
                            : NULL;

  if (fd_job_get_imei (job) != NULL)
    /* Translators: IMEI, then the port name, under a module in the batch */
    return g_strdup_printf (_("IMEI %s · %s"), fd_job_get_imei (job), port ? port : "");
  return g_strdup (port);
}

FdJobItem *
fd_job_item_new (FdJob *job, FdDeviceItem *device)
{
  FdJobItem *self = g_object_new (FD_TYPE_JOB_ITEM, NULL);

  self->job = g_object_ref (job);
  self->device = device != NULL ? g_object_ref (device) : NULL;
  self->title
      = g_strdup (fd_job_get_model (job) != NULL ? fd_job_get_model (job) : fd_job_get_port (job));
  self->subtitle = make_subtitle (job, device);
  self->event_id = g_signal_connect (job, "event", G_CALLBACK (on_event), self);
  if (device != NULL)
    self->device_id
        = g_signal_connect (device, "notify::state", G_CALLBACK (on_device_state), self);
  return self;
}

FdJob *
fd_job_item_get_job (FdJobItem *self)
{
  return self->job;
}

FdDeviceItem *
fd_job_item_get_device (FdJobItem *self)
{
  return self->device;
}

const char *
fd_job_item_get_id (FdJobItem *self)
{
  return fd_job_get_id (self->job);
}

void
fd_job_item_mark_started (FdJobItem *self)
{
  self->started_us = g_get_monotonic_time ();
  if (self->state == FD_JOB_STATE_WAITING)
    {
      set_text (self, &self->phase_text, _("Starting"), PROP_PHASE_TEXT);
      set_state (self, FD_JOB_STATE_RUNNING);
    }
}

void
fd_job_item_tick (FdJobItem *self)
{
  gint64           end = self->ended_us != 0 ? self->ended_us : g_get_monotonic_time ();
  gint64           seconds = self->started_us != 0 ? (end - self->started_us) / G_USEC_PER_SEC : 0;
  g_autofree char *text = NULL;

  if (seconds >= 3600)
    text = g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int)(seconds / 60 % 60), (int)(seconds % 60));
  else
    text = g_strdup_printf ("%d:%02d", (int)(seconds / 60), (int)(seconds % 60));
  set_text (self, &self->elapsed_text, text, PROP_ELAPSED_TEXT);
}

FdJobState
fd_job_item_get_state (FdJobItem *self)
{
  return self->state;
}

gboolean
fd_job_item_is_finished (FdJobItem *self)
{
  return self->state >= FD_JOB_STATE_SUCCESS;
}

gboolean
fd_job_item_is_flashing (FdJobItem *self)
{
  return self->state == FD_JOB_STATE_FLASHING;
}

const char *
fd_job_item_get_title (FdJobItem *self)
{
  return self->title;
}

const char *
fd_job_item_get_subtitle (FdJobItem *self)
{
  return self->subtitle;
}

const char *
fd_job_item_get_phase_text (FdJobItem *self)
{
  return self->phase_text;
}

const char *
fd_job_item_get_progress_text (FdJobItem *self)
{
  return self->progress_text;
}

double
fd_job_item_get_fraction (FdJobItem *self)
{
  return self->fraction;
}

const char *
fd_job_item_get_elapsed_text (FdJobItem *self)
{
  return self->elapsed_text;
}

const char *
fd_job_item_get_result_text (FdJobItem *self)
{
  return self->result_text;
}

const char *
fd_job_item_get_detail_text (FdJobItem *self)
{
  return self->detail_text;
}

int
fd_job_item_get_module_code (FdJobItem *self)
{
  return self->module_code;
}

const char *
fd_job_item_get_error_name (FdJobItem *self)
{
  return self->error_name;
}
