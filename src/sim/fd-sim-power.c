/* fd-sim-power.c — a module's power, boots, reboots and timers
 *
 * Power-off wipes RAM: every timer made with fd_sim_module_timeout(), the
 * line being typed, a passthrough in progress, the dialect's RAM state.
 * Power-on prints the boot lines; the dialect's boot hook then resumes
 * whatever its flash says is pending.
 *
 * A reboot either keeps the port (UART bridge: silence, boot noise, boot
 * lines) or re-enumerates (USB: the link and the pty vanish and come back
 * after timing.boot_ms, under a new name when asked).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <string.h>

#define DRAIN_POLL_MS 5
#define DRAIN_MAX_MS 1000
#define MAX_PACKAGE_BYTES (16 * 1024 * 1024)

/* --- timers ------------------------------------------------------------ */

typedef struct
{
  FdSimModule   *module;
  FdSimTimerFunc func;
  gpointer       data;
  GDestroyNotify destroy;
  guint          id;
} Timer;

static void
timer_free (gpointer p)
{
  Timer *t = p;

  if (t->destroy != NULL)
    t->destroy (t->data);
  g_free (t);
}

static gboolean
timer_fire (gpointer p)
{
  Timer *t = p;

  g_hash_table_remove (t->module->timers, GUINT_TO_POINTER (t->id));
  t->func (t->module, t->data);
  return G_SOURCE_REMOVE;
}

guint
fd_sim_module_timeout (FdSimModule *self, guint delay_ms, FdSimTimerFunc func, gpointer data,
                       GDestroyNotify destroy)
{
  GSource *source = g_timeout_source_new (delay_ms);
  Timer   *t = g_new0 (Timer, 1);

  t->module = self;
  t->func = func;
  t->data = data;
  t->destroy = destroy;
  g_source_set_callback (source, timer_fire, t, timer_free);
  t->id = g_source_attach (source, self->context);
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (t->id), source);
  return t->id;
}

void
fd_sim_module_cancel_timer (FdSimModule *self, guint id)
{
  GSource *source;

  if (id == 0)
    return;
  source = g_hash_table_lookup (self->timers, GUINT_TO_POINTER (id));
  if (source == NULL)
    return;
  g_source_destroy (source);
  g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
}

static void
cancel_all_timers (FdSimModule *self)
{
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, self->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_source_destroy (value);
  g_hash_table_remove_all (self->timers);
}

guint
fd_sim_module_sim_seconds (FdSimModule *self, double seconds)
{
  double ms = seconds * self->timing.ms_per_second;

  return ms >= (double)G_MAXUINT ? G_MAXUINT : (guint)ms;
}

gboolean
fd_sim_module_chance (FdSimModule *self, guint percent)
{
  if (percent == 0)
    return FALSE;
  if (percent >= 100)
    return TRUE;
  return (guint)g_rand_int_range (self->rand, 0, 100) < percent;
}

/* Power timers live outside the RAM timers: a power-off must not cancel
 * the power-on that follows it. */
static void
cancel_power_timer (FdSimModule *self)
{
  if (self->power_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->power_id);
      if (source != NULL)
        g_source_destroy (source);
      self->power_id = 0;
    }
}

static guint
power_timer (FdSimModule *self, guint delay_ms, GSourceFunc func)
{
  GSource *source = g_timeout_source_new (delay_ms);
  guint    id;

  g_source_set_callback (source, func, self, NULL);
  id = g_source_attach (source, self->context);
  g_source_unref (source);
  return id;
}

/* --- boot -------------------------------------------------------------- */

static void
publish_boot (FdSimModule *self)
{
  g_mutex_lock (&self->snap_lock);
  self->snap_boots++;
  g_mutex_unlock (&self->snap_lock);
  fd_sim_module_publish (self);
}

/* Registered on the network: the boot is complete. Flows that wait for
 * the network (a report, the next phase of an upgrade) start now. */
static void
boot_cereg (FdSimModule *self, gpointer data)
{
  fd_sim_module_boot_line (self, "+CEREG: 1");
  publish_boot (self);
  self->dialect->boot (self, self->dialect_state);
}

static void
boot_cpin (FdSimModule *self, gpointer data)
{
  fd_sim_module_boot_line (self, "+CPIN: READY");
  fd_sim_module_timeout (self, self->timing.banner_ms * 4, boot_cereg, NULL, NULL);
}

/* AT is answered from RDY on; the boot count moves at +CEREG, so a test
 * that waits for a boot then opens the port finds it quiet. */
static void
boot_ready (FdSimModule *self, gpointer data)
{
  fd_sim_module_boot_line (self, "RDY");
  self->state = FD_SIM_MODULE_STATE_READY;
  fd_sim_module_publish (self);
  fd_sim_module_timeout (self, self->timing.banner_ms, boot_cpin, NULL, NULL);
}

static gboolean
create_port (FdSimModule *self, GError **error)
{
  g_autofree char *path = NULL;

  if (self->fleet == NULL)
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_SHUT_DOWN,
                           "the simulator has stopped");
      return FALSE;
    }
  path = g_build_filename (fd_sim_fleet_get_dir (self->fleet), self->link_name, NULL);
  self->pty = fd_sim_pty_new (path, self->context, fd_sim_module_input, self, error);
  if (self->pty == NULL)
    return FALSE;
  fd_sim_pty_set_baud (self->pty, self->baud);
  if (self->faults.busy)
    fd_sim_pty_set_busy (self->pty, TRUE, NULL);
  fd_sim_module_note (self, "port %s", path);
  return TRUE;
}

/* Power is back: RAM defaults, then the boot lines. @noise: a UART that
 * stayed connected sees the bootloader's bytes at a foreign baud rate. */
static gboolean
power_on (FdSimModule *self, gboolean noise, GError **error)
{
  if (self->pty == NULL && !create_port (self, error))
    return FALSE;
  self->state = FD_SIM_MODULE_STATE_BOOTING;
  self->echo = TRUE;
  self->cmee = 1;
  self->cfun_off = FALSE;
  fd_sim_module_reset_input (self);
  fd_sim_module_publish (self);
  if (noise)
    {
      static const guint8 junk[] = { 0x00, 0xf8, 0x80, 0xfe, 0x1c, 0xe0, 0x00, 0xff };
      fd_sim_module_write_raw (self, junk, sizeof junk);
    }
  if (self->replay != NULL)
    {
      self->state = FD_SIM_MODULE_STATE_READY;
      publish_boot (self);
      fd_sim_replay_start (self->replay, self);
      return TRUE;
    }
  fd_sim_module_timeout (self, self->timing.banner_ms, boot_ready, NULL, NULL);
  return TRUE;
}

static gboolean
power_on_cb (gpointer data)
{
  FdSimModule *self = data;
  g_autoptr (GError) error = NULL;
  gboolean noise = self->pty != NULL;

  self->power_id = 0;
  if (self->rename_on_reboot && self->pty == NULL && self->fleet != NULL)
    {
      char *name = fd_sim_fleet_alloc_link_name (self->fleet);
      fd_sim_fleet_release_link_name (self->fleet, self->link_name);
      g_free (self->link_name);
      self->link_name = name;
    }
  if (!power_on (self, noise, &error))
    {
      g_warning ("%s: cannot come back: %s", self->link_name, error->message);
      self->state = FD_SIM_MODULE_STATE_UNPLUGGED;
      fd_sim_module_publish (self);
    }
  return G_SOURCE_REMOVE;
}

/* --- power off --------------------------------------------------------- */

static void
power_off (FdSimModule *self, gboolean remove_port, FdSimModuleState state)
{
  self->generation++;
  cancel_all_timers (self);
  if (self->replay == NULL)
    self->dialect->power_off (self, self->dialect_state);
  fd_sim_module_reset_input (self);
  if (remove_port && self->pty != NULL)
    {
      fd_sim_module_note (self, "port gone");
      g_clear_pointer (&self->pty, fd_sim_pty_free);
    }
  self->state = state;
  fd_sim_module_publish (self);
}

/* Power cycle now: off, then on after boot_ms (unless it never returns). */
static void
cycle_now (FdSimModule *self, gboolean reenumerate)
{
  cancel_power_timer (self);
  if (self->faults.never_return)
    {
      power_off (self, reenumerate,
                 reenumerate ? FD_SIM_MODULE_STATE_UNPLUGGED : FD_SIM_MODULE_STATE_BOOTING);
      fd_sim_module_note (self, "never-return fault: the module stays off");
      return;
    }
  power_off (self, reenumerate,
             reenumerate ? FD_SIM_MODULE_STATE_OFFLINE : FD_SIM_MODULE_STATE_BOOTING);
  self->power_id = power_timer (self, self->timing.boot_ms, power_on_cb);
}

static gboolean
drain_poll_cb (gpointer data)
{
  FdSimModule *self = data;

  if (self->pty != NULL && !fd_sim_pty_is_drained (self->pty)
      && g_get_monotonic_time () < self->drain_deadline)
    return G_SOURCE_CONTINUE;
  self->power_id = 0;
  cycle_now (self, TRUE);
  return G_SOURCE_REMOVE;
}

void
fd_sim_module_do_reboot (FdSimModule *self)
{
  if (self->reboot_style == FD_SIM_REBOOT_KEEP_PORT || self->pty == NULL)
    {
      cycle_now (self, FALSE);
      return;
    }
  /* Lines already "on the wire" reach the tool before the USB goes: wait
   * (bounded) until the client has read them. Input is ignored meanwhile. */
  cancel_power_timer (self);
  self->state = FD_SIM_MODULE_STATE_BOOTING;
  fd_sim_module_publish (self);
  self->drain_deadline = g_get_monotonic_time () + DRAIN_MAX_MS * G_TIME_SPAN_MILLISECOND;
  self->power_id = power_timer (self, DRAIN_POLL_MS, drain_poll_cb);
}

void
fd_sim_module_do_reenumerate (FdSimModule *self)
{
  cycle_now (self, TRUE);
}

void
fd_sim_module_do_unplug (FdSimModule *self)
{
  cancel_power_timer (self);
  power_off (self, TRUE, FD_SIM_MODULE_STATE_UNPLUGGED);
}

gboolean
fd_sim_module_do_plug (FdSimModule *self, GError **error)
{
  if (self->state != FD_SIM_MODULE_STATE_UNPLUGGED)
    return TRUE;
  return power_on (self, FALSE, error);
}

gboolean
fd_sim_module_start (FdSimModule *self, GError **error)
{
  return power_on (self, FALSE, error);
}

void
fd_sim_module_shutdown (FdSimModule *self)
{
  cancel_power_timer (self);
  fd_sim_module_clear_late_urcs (self);
  power_off (self, TRUE, FD_SIM_MODULE_STATE_UNPLUGGED);
  fd_sim_module_flush_record (self);
  g_clear_pointer (&self->transcript, fd_sim_transcript_writer_free);
  self->fleet = NULL;
  g_atomic_int_set (&self->shut_down, TRUE);
}

void
fd_sim_module_replay_unplug (FdSimModule *self)
{
  if (self->pty == NULL)
    return;
  fd_sim_module_note (self, "port gone");
  g_clear_pointer (&self->pty, fd_sim_pty_free);
  self->state = FD_SIM_MODULE_STATE_OFFLINE;
  fd_sim_module_publish (self);
}

void
fd_sim_module_replay_replug (FdSimModule *self, const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr (GError) error = NULL;

  if (self->pty != NULL || self->fleet == NULL)
    return;
  if (g_strcmp0 (name, self->link_name) != 0 && fd_sim_fleet_claim_link_name (self->fleet, name))
    {
      fd_sim_fleet_release_link_name (self->fleet, self->link_name);
      g_free (self->link_name);
      self->link_name = g_steal_pointer (&name);
    }
  if (!create_port (self, &error))
    {
      g_warning ("%s: replay cannot re-create the port: %s", self->link_name, error->message);
      return;
    }
  self->state = FD_SIM_MODULE_STATE_READY;
  publish_boot (self);
}

void
fd_sim_module_set_revision_internal (FdSimModule *self, const char *revision)
{
  g_free (self->revision);
  self->revision = g_strdup (revision);
  fd_sim_module_publish (self);
}

/* --- transfers --------------------------------------------------------- */

gboolean
fd_sim_module_transfer_progress (FdSimModule *self, gsize bytes)
{
  self->transfer_bytes += (gint64)bytes;
  if (self->faults.drop_port_at < 0 || self->transfer_bytes < self->faults.drop_port_at)
    return TRUE;
  self->faults.drop_port_at = -1;
  fd_sim_module_note (self, "drop-port fault after %" G_GINT64_FORMAT " bytes",
                      self->transfer_bytes);
  cycle_now (self, TRUE);
  return FALSE;
}

static void
flash_resume (FdSimModule *self, gpointer data)
{
  if (self->pty != NULL)
    fd_sim_pty_set_read_paused (self->pty, FALSE);
}

void
fd_sim_module_flash_pause (FdSimModule *self, gsize bytes)
{
  guint ms;

  if (self->faults.flash_ms_per_kib == 0 || self->pty == NULL)
    return;
  ms = (guint)((guint64)bytes * self->faults.flash_ms_per_kib / 1024);
  if (ms == 0)
    return;
  fd_sim_pty_set_read_paused (self->pty, TRUE);
  fd_sim_module_timeout (self, ms, flash_resume, NULL, NULL);
}

FdSimFetch *
fd_sim_module_fetch (FdSimModule *self, const char *url, const char *user, const char *password,
                     guint64 resume_from, guint connect_timeout_s, FdSimFetchProgressFunc progress,
                     FdSimFetchDoneFunc done, gpointer user_data)
{
  g_autofree char  *ca_file = NULL;
  gboolean          insecure = FALSE;
  FdSimFetchOptions options = {
    .url = url,
    .user = user,
    .password = password,
    .resume_from = resume_from,
    .connect_timeout_s = connect_timeout_s,
    .max_bytes = MAX_PACKAGE_BYTES,
    .cut_at = self->faults.net_cut_at,
    .max_bytes_per_s = self->timing.net_bytes_per_s,
  };

  if (self->fleet != NULL)
    fd_sim_fleet_get_tls (self->fleet, &ca_file, &insecure);
  options.ca_file = ca_file;
  options.insecure_loopback = insecure;
  self->faults.net_cut_at = -1; /* one-shot */
  return fd_sim_fetch_start (self->context, &options, progress, done, user_data);
}
