/* fd-sim-module.c — one simulated module: construction and public API
 *
 * The public calls marshal onto the simulator thread and wait, so that a
 * setting is in force when the call returns. The input and output paths
 * are in fd-sim-io.c, power and timers in fd-sim-power.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (FdSimModule, fd_sim_module, G_TYPE_OBJECT)

static void
fd_sim_module_finalize (GObject *object)
{
  FdSimModule *self = FD_SIM_MODULE (object);

  /* fd_sim_module_shutdown() ran on the simulator thread already. */
  g_assert (self->pty == NULL);
  if (self->dialect != NULL && self->dialect_state != NULL)
    self->dialect->state_free (self->dialect_state);
  g_clear_pointer (&self->replay, fd_sim_replay_free);
  g_clear_pointer (&self->transcript, fd_sim_transcript_writer_free);
  g_clear_pointer (&self->timers, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_string_free (self->line, TRUE);
  g_byte_array_unref (self->rec_tx);
  g_byte_array_unref (self->rec_echo);
  g_free (self->model_name);
  g_free (self->imei);
  g_free (self->revision);
  g_free (self->link_name);
  g_free (self->fs_root);
  g_free (self->faults.cme_command);
  g_free (self->onenet.target_revision);
  g_free (self->luat.target_version);
  g_free (self->snap_link_path);
  g_free (self->snap_revision);
  g_mutex_clear (&self->snap_lock);
  g_cond_clear (&self->snap_cond);
  fd_sim_runner_unref (self->runner);
  G_OBJECT_CLASS (fd_sim_module_parent_class)->finalize (object);
}

static void
fd_sim_module_class_init (FdSimModuleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_sim_module_finalize;
}

static void
fd_sim_module_init (FdSimModule *self)
{
  g_mutex_init (&self->snap_lock);
  g_cond_init (&self->snap_cond);
  self->line = g_string_new (NULL);
  self->rec_tx = g_byte_array_new ();
  self->rec_echo = g_byte_array_new ();
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_source_unref);
  self->faults.drop_port_at = -1;
  self->faults.net_cut_at = -1;
  self->state = FD_SIM_MODULE_STATE_UNPLUGGED;
  self->snap_state = FD_SIM_MODULE_STATE_UNPLUGGED;
  self->echo = TRUE;
  self->cmee = 1;
}

/* "AirM2M_780E_V1120_LTE_AT" → "AirM2M_780E_V1121_LTE_AT": the last run
 * of digits plus one, for a default "newer" firmware. */
static char *
bump_revision (const char *revision)
{
  const char      *end = NULL, *start;
  g_autofree char *head = NULL;
  guint64          value;

  for (const char *p = revision; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      end = p + 1;
  if (end == NULL)
    return g_strconcat (revision, "_1", NULL);
  start = end;
  while (start > revision && g_ascii_isdigit (start[-1]))
    start--;
  value = g_ascii_strtoull (start, NULL, 10);
  head = g_strndup (revision, start - revision);
  return g_strdup_printf ("%s%0*" G_GUINT64_FORMAT "%s", head, (int)(end - start), value + 1, end);
}

static void
module_init_platforms (FdSimModule *self)
{
  self->onenet.package_size = 2052; /* the manual's example */
  self->onenet.target_revision = bump_revision (self->revision);
  self->onenet.outcome = FD_SIM_ONENET_SUCCESS;
  self->luat.target_version = bump_revision (self->revision);
  self->luat.package_size = 180 * 1024;
  self->luat.http_status = 200;
  self->luat.report_ok = TRUE;
}

FdSimModule *
fd_sim_module_new (FdSimFleet *fleet, FdSimRunner *runner, const FdSimModel *model,
                   const char *model_name, const char *imei, const char *revision,
                   const char *link_name, guint index, guint baud, gboolean realistic)
{
  FdSimModule *self = g_object_new (FD_TYPE_SIM_MODULE, NULL);

  self->fleet = fleet;
  self->runner = fd_sim_runner_ref (runner);
  self->context = fd_sim_runner_get_context (runner);
  self->model = model;
  self->model_name = g_strdup (model_name);
  self->imei = g_strdup (imei);
  self->revision = g_strdup (revision != NULL ? revision : model->revision);
  self->link_name = g_strdup (link_name);
  self->index = index;
  self->baud = baud;
  self->reboot_style = model->reboot_style;
  if (realistic)
    fd_sim_timing_init_realistic (&self->timing);
  else
    fd_sim_timing_init_quick (&self->timing);
  self->rand = g_rand_new_with_seed (g_str_hash (imei));
  module_init_platforms (self);
  switch (model->dialect)
    {
    case FD_SIM_DIALECT_RSFOTA:
      self->dialect = &fd_sim_dialect_rsfota;
      break;
    case FD_SIM_DIALECT_MFW:
      self->dialect = &fd_sim_dialect_mfw;
      break;
    case FD_SIM_DIALECT_LUAT:
    default:
      self->dialect = &fd_sim_dialect_luat;
      break;
    }
  self->dialect_state = self->dialect->state_new (self);
  fd_sim_module_publish (self);
  return self;
}

void
fd_sim_module_attach_replay (FdSimModule *self, FdSimReplay *replay)
{
  self->replay = replay;
}

/* --- snapshot ---------------------------------------------------------- */

void
fd_sim_module_publish (FdSimModule *self)
{
  const char *link = self->pty != NULL ? fd_sim_pty_get_link_path (self->pty) : NULL;

  g_mutex_lock (&self->snap_lock);
  g_free (self->snap_link_path);
  self->snap_link_path = g_strdup (link);
  g_free (self->snap_revision);
  self->snap_revision = g_strdup (self->revision);
  if (self->snap_state != self->state)
    g_debug ("%s: %s", self->link_name, fd_sim_module_state_to_string (self->state));
  self->snap_state = self->state;
  g_cond_broadcast (&self->snap_cond);
  g_mutex_unlock (&self->snap_lock);
}

const char *
fd_sim_module_get_model (FdSimModule *self)
{
  return self->model_name;
}

const char *
fd_sim_module_get_imei (FdSimModule *self)
{
  return self->imei;
}

FdSimDialectId
fd_sim_module_get_dialect (FdSimModule *self)
{
  return self->model->dialect;
}

guint
fd_sim_module_get_index (FdSimModule *self)
{
  return self->index;
}

char *
fd_sim_module_dup_link_path (FdSimModule *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->snap_lock);

  return g_strdup (self->snap_link_path);
}

char *
fd_sim_module_dup_revision (FdSimModule *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->snap_lock);

  return g_strdup (self->snap_revision);
}

FdSimModuleState
fd_sim_module_get_state (FdSimModule *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->snap_lock);

  return self->snap_state;
}

guint
fd_sim_module_get_boot_count (FdSimModule *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->snap_lock);

  return self->snap_boots;
}

typedef gboolean (*SnapPredicate) (FdSimModule *self, guint arg);

static gboolean
snap_wait (FdSimModule *self, SnapPredicate pred, guint arg, guint timeout_ms, const char *what,
           GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->snap_lock);

  while (!pred (self, arg))
    {
      if (!g_cond_wait_until (&self->snap_cond, &self->snap_lock, deadline) && !pred (self, arg))
        {
          g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_TIMEOUT,
                       "%s (%s) not %s after %u ms (state %s, %u boots)", self->model_name,
                       self->imei, what, timeout_ms,
                       fd_sim_module_state_to_string (self->snap_state), self->snap_boots);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
pred_ready (FdSimModule *self, guint min_boots)
{
  return self->snap_state == FD_SIM_MODULE_STATE_READY && self->snap_boots >= min_boots;
}

static gboolean
pred_offline (FdSimModule *self, guint unused)
{
  return self->snap_link_path == NULL;
}

gboolean
fd_sim_module_wait_ready (FdSimModule *self, guint min_boot_count, guint timeout_ms, GError **error)
{
  return snap_wait (self, pred_ready, min_boot_count, timeout_ms, "ready", error);
}

gboolean
fd_sim_module_wait_offline (FdSimModule *self, guint timeout_ms, GError **error)
{
  return snap_wait (self, pred_offline, 0, timeout_ms, "offline", error);
}

/* --- marshalled setters ------------------------------------------------ */

typedef struct
{
  FdSimModule *self;
  FdSimOption  option;
  gint64       value;
} SetOption;

static void
apply_option (FdSimModule *self, FdSimOption option, gint64 value)
{
  switch (option)
    {
    case OPT_BAUD:
      self->baud = (guint)value;
      if (self->pty != NULL)
        fd_sim_pty_set_baud (self->pty, self->baud);
      break;
    case OPT_REALISTIC:
      if (value)
        fd_sim_timing_init_realistic (&self->timing);
      else
        fd_sim_timing_init_quick (&self->timing);
      break;
    case OPT_REBOOT_STYLE:
      self->reboot_style = (FdSimRebootStyle)value;
      break;
    case OPT_RENAME:
      self->rename_on_reboot = value != 0;
      break;
    case OPT_SILENT:
      self->faults.silent = value != 0;
      break;
    case OPT_NEVER_RETURN:
      self->faults.never_return = value != 0;
      break;
    case OPT_GARBAGE:
      self->faults.garbage_percent = (guint)value;
      break;
    case OPT_URC_DELAY:
      self->faults.urc_delay_ms = (guint)value;
      break;
    case OPT_URC_LOSS:
      self->faults.urc_loss_percent = (guint)value;
      break;
    case OPT_FLASH_DELAY:
      self->faults.flash_ms_per_kib = (guint)value;
      break;
    case OPT_DROP_PORT:
      self->faults.drop_port_at = value;
      break;
    case OPT_NET_CUT:
      self->faults.net_cut_at = value;
      break;
    case OPT_PT_MAX:
      self->faults.passthrough_max = (gsize)value;
      break;
    case OPT_PT_OK:
      self->faults.passthrough_ok = value != 0;
      break;
    case OPT_UPGRADE_OK:
      self->faults.upgrade_ok = value != 0;
      break;
    case OPT_REPORT_FAILURES:
      self->onenet.report_failures = (guint)value;
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
set_option_cb (gpointer data)
{
  SetOption *s = data;

  apply_option (s->self, s->option, s->value);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_option (FdSimModule *self, FdSimOption option, gint64 value)
{
  SetOption s = { self, option, value };

  fd_sim_runner_call (self->runner, set_option_cb, &s);
}

void
fd_sim_module_set_baud (FdSimModule *self, guint baud)
{
  fd_sim_module_set_option (self, OPT_BAUD, baud);
}

void
fd_sim_module_set_realistic (FdSimModule *self, gboolean realistic)
{
  fd_sim_module_set_option (self, OPT_REALISTIC, realistic);
}

void
fd_sim_module_set_reboot_style (FdSimModule *self, FdSimRebootStyle style)
{
  fd_sim_module_set_option (self, OPT_REBOOT_STYLE, style);
}

void
fd_sim_module_set_rename_on_reboot (FdSimModule *self, gboolean rename)
{
  fd_sim_module_set_option (self, OPT_RENAME, rename);
}

void
fd_sim_module_set_silent (FdSimModule *self, gboolean silent)
{
  fd_sim_module_set_option (self, OPT_SILENT, silent);
}

void
fd_sim_module_set_never_return (FdSimModule *self, gboolean never_return)
{
  fd_sim_module_set_option (self, OPT_NEVER_RETURN, never_return);
}

void
fd_sim_module_set_garbage (FdSimModule *self, guint percent)
{
  fd_sim_module_set_option (self, OPT_GARBAGE, MIN (percent, 100));
}

void
fd_sim_module_set_urc_delay (FdSimModule *self, guint delay_ms)
{
  fd_sim_module_set_option (self, OPT_URC_DELAY, delay_ms);
}

void
fd_sim_module_set_urc_loss (FdSimModule *self, guint percent)
{
  fd_sim_module_set_option (self, OPT_URC_LOSS, MIN (percent, 100));
}

void
fd_sim_module_set_flash_delay (FdSimModule *self, guint ms_per_kib)
{
  fd_sim_module_set_option (self, OPT_FLASH_DELAY, ms_per_kib);
}

void
fd_sim_module_set_drop_port_at (FdSimModule *self, gint64 bytes)
{
  fd_sim_module_set_option (self, OPT_DROP_PORT, bytes);
}

void
fd_sim_module_set_net_cut_at (FdSimModule *self, gint64 bytes)
{
  fd_sim_module_set_option (self, OPT_NET_CUT, bytes);
}

void
fd_sim_module_set_passthrough_max (FdSimModule *self, gsize max_len)
{
  fd_sim_module_set_option (self, OPT_PT_MAX, (gint64)max_len);
}

void
fd_sim_module_set_passthrough_ok_go_ahead (FdSimModule *self, gboolean ok)
{
  fd_sim_module_set_option (self, OPT_PT_OK, ok);
}

void
fd_sim_module_set_upgrade_sends_ok (FdSimModule *self, gboolean ok)
{
  fd_sim_module_set_option (self, OPT_UPGRADE_OK, ok);
}

void
fd_sim_module_set_onenet_report_failures (FdSimModule *self, guint report_failures)
{
  fd_sim_module_set_option (self, OPT_REPORT_FAILURES, report_failures);
}

/* Calls with more than one value: a small closure each. */

typedef struct
{
  FdSimModule *self;
  gpointer     a;
  gint64       v[6];
  GError     **error;
  gboolean     ok;
} Call;

static gboolean
timing_cb (gpointer data)
{
  Call *c = data;

  c->self->timing = *(const FdSimTiming *)c->a;
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_timing (FdSimModule *self, const FdSimTiming *timing)
{
  Call c = { self, (gpointer)timing };

  fd_sim_runner_call (self->runner, timing_cb, &c);
}

static gboolean
get_timing_cb (gpointer data)
{
  Call *c = data;

  *(FdSimTiming *)c->a = c->self->timing;
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_get_timing (FdSimModule *self, FdSimTiming *timing)
{
  Call c = { self, timing };

  fd_sim_runner_call (self->runner, get_timing_cb, &c);
}

static gboolean
cme_fault_cb (gpointer data)
{
  Call        *c = data;
  FdSimFaults *f = &c->self->faults;
  const char  *command = c->a;

  g_clear_pointer (&f->cme_command, g_free);
  if (command != NULL)
    {
      if (g_ascii_strncasecmp (command, "AT", 2) == 0)
        command += 2;
      f->cme_command = g_ascii_strup (command, -1);
    }
  f->cme_percent = (guint)c->v[0];
  f->cme_code = (guint)c->v[1];
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_cme_fault (FdSimModule *self, const char *command, guint percent, guint code)
{
  Call c = { self, (gpointer)command, { MIN (percent, 100), code } };

  fd_sim_runner_call (self->runner, cme_fault_cb, &c);
}

static gboolean
busy_cb (gpointer data)
{
  Call *c = data;

  c->self->faults.busy = c->v[0] != 0;
  c->ok = c->self->pty == NULL || fd_sim_pty_set_busy (c->self->pty, c->v[0] != 0, c->error);
  return G_SOURCE_REMOVE;
}

gboolean
fd_sim_module_set_busy (FdSimModule *self, gboolean busy, GError **error)
{
  Call c = { self, NULL, { busy }, error, FALSE };

  if (!fd_sim_runner_call (self->runner, busy_cb, &c))
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_SHUT_DOWN,
                           "the simulator has stopped");
      return FALSE;
    }
  return c.ok;
}

static gboolean
onenet_cb (gpointer data)
{
  Call        *c = data;
  FdSimOnenet *o = &c->self->onenet;

  o->package_size = (gsize)c->v[0];
  o->outcome = (FdSimOnenetOutcome)c->v[1];
  if (c->a != NULL)
    {
      g_free (o->target_revision);
      o->target_revision = g_strdup (c->a);
    }
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_onenet (FdSimModule *self, gsize package_size, const char *target_revision,
                          FdSimOnenetOutcome outcome)
{
  Call c = { self, (gpointer)target_revision, { (gint64)package_size, outcome } };

  fd_sim_runner_call (self->runner, onenet_cb, &c);
}

static gboolean
luat_cb (gpointer data)
{
  Call              *c = data;
  FdSimLuatPlatform *l = &c->self->luat;

  if (c->a != NULL)
    {
      g_free (l->target_version);
      l->target_version = g_strdup (c->a);
    }
  l->package_size = (gsize)c->v[0];
  l->error_code = (int)c->v[1];
  l->http_status = (int)c->v[2];
  l->fota_cause = (int)c->v[3];
  l->report_ok = c->v[4] != 0;
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_luat_platform (FdSimModule *self, const char *target_version, gsize package_size,
                                 int error_code, int http_status, int fota_cause,
                                 gboolean report_ok)
{
  Call c = { self,
             (gpointer)target_version,
             { (gint64)package_size, error_code, http_status, fota_cause, report_ok } };

  fd_sim_runner_call (self->runner, luat_cb, &c);
}

static gboolean
fs_root_cb (gpointer data)
{
  Call *c = data;

  g_free (c->self->fs_root);
  c->self->fs_root = g_strdup (c->a);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_fs_root (FdSimModule *self, const char *dir)
{
  Call c = { self, (gpointer)dir };

  fd_sim_runner_call (self->runner, fs_root_cb, &c);
}

static gboolean
replay_speed_cb (gpointer data)
{
  Call *c = data;

  if (c->self->replay != NULL)
    fd_sim_replay_set_speed (c->self->replay, *(double *)c->a);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_set_replay_speed (FdSimModule *self, double speed)
{
  Call c = { self, &speed };

  fd_sim_runner_call (self->runner, replay_speed_cb, &c);
}

static gboolean
transcript_cb (gpointer data)
{
  Call        *c = data;
  FdSimModule *self = c->self;
  const char  *path = c->a;
  const char  *port = self->pty != NULL ? fd_sim_pty_get_link_path (self->pty) : NULL;

  fd_sim_module_flush_record (self);
  g_clear_pointer (&self->transcript, fd_sim_transcript_writer_free);
  c->ok = TRUE;
  if (path == NULL)
    return G_SOURCE_REMOVE;
  self->transcript = fd_sim_transcript_writer_new (path, self->model_name, self->imei,
                                                   self->revision, port, c->error);
  c->ok = self->transcript != NULL;
  return G_SOURCE_REMOVE;
}

gboolean
fd_sim_module_set_transcript_path (FdSimModule *self, const char *path, GError **error)
{
  Call c = { self, (gpointer)path, { 0 }, error, FALSE };

  if (!fd_sim_runner_call (self->runner, transcript_cb, &c))
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_SHUT_DOWN,
                           "the simulator has stopped");
      return FALSE;
    }
  return c.ok;
}

static gboolean
reboot_cb (gpointer data)
{
  Call *c = data;

  if (c->self->state == FD_SIM_MODULE_STATE_READY)
    fd_sim_module_do_reboot (c->self);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_reboot (FdSimModule *self)
{
  Call c = { self };

  fd_sim_runner_call (self->runner, reboot_cb, &c);
}

static gboolean
unplug_cb (gpointer data)
{
  Call *c = data;

  fd_sim_module_do_unplug (c->self);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_unplug (FdSimModule *self)
{
  Call c = { self };

  fd_sim_runner_call (self->runner, unplug_cb, &c);
}

static gboolean
plug_cb (gpointer data)
{
  Call *c = data;

  c->ok = fd_sim_module_do_plug (c->self, c->error);
  return G_SOURCE_REMOVE;
}

gboolean
fd_sim_module_plug (FdSimModule *self, GError **error)
{
  Call c = { self, NULL, { 0 }, error, FALSE };

  if (!fd_sim_runner_call (self->runner, plug_cb, &c))
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_SHUT_DOWN,
                           "the simulator has stopped");
      return FALSE;
    }
  return c.ok;
}
