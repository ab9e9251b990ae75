/* fd-sim-rsfota.c — dialect A: M5311 OneNET FOTA firmware (RSFOTA)
 *
 * AT+RSFOTAMODE and AT+RSREPMODE write flash; what is in force is loaded
 * at boot, so new settings act only after a reboot (the manual's rule).
 * AT+RSFOTA=<action> follows the in-force mode: 1 in mode 1, 2 and 3 in
 * mode 2, nothing in mode 0 (ERROR, as the manual's note says). The
 * OneNET platform is simulated per module (fd_sim_module_set_onenet):
 * a package of some size and target revision, and what happens to it.
 *
 * A flow: +RSFOTA:0,1 (check), 1,0, one "1,1,<done>/<total>,<pct>%" per
 * 512 bytes while done < total (as the manual's example, 2048/2052 is the
 * last), 1,3, then 2,0 and 2,3 and a reboot into the target revision.
 * After that reboot the report flow runs at first_rep: -1,1, or -1,0 and
 * retries every auto_rep up to max_fail. A check/download trigger that
 * arrives while a report is pending is swallowed by it: OK, then the
 * report flow's URC instead of a check (the manual's note).
 *
 * Choices where the manual is silent:
 * - AT+RSFOTAMODE? reads back the stored settings (first_check and
 *   auto_check only in mode 0); AT+RSREPMODE? is ERROR (not documented).
 * - Every refusal is a plain ERROR.
 * - "Rejected" comes right after 0,1; "failed" and "paused" halfway
 *   through the download; a paused download goes on after a while.
 * - log=0 silences every +RSFOTA URC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <string.h>

#define BLOCK 512
#define PAUSE_STEPS 10

typedef struct
{
  gint64 mode, log, first_check, auto_check;
  gint64 first_rep, auto_rep, max_fail;
} RsConfig;

typedef enum
{
  FLOW_IDLE,
  FLOW_CHECK,
  FLOW_DOWNLOAD,
  FLOW_UPGRADE,
  FLOW_REPORT,
} RsFlow;

typedef struct
{
  FdSimModule *module;
  RsConfig     stored; /* flash, as written */
  RsConfig     active; /* in force since the last boot */

  /* Flash. */
  gboolean downloaded;     /* mode 2: waiting for AT+RSFOTA=3 */
  gboolean report_pending; /* an upgrade completed before this boot */
  guint    report_tries;

  /* RAM. */
  RsFlow   flow;
  gboolean download_only; /* mode 2, action 2 */
  gsize    done;
  gboolean paused_once;
  guint    timer; /* the flow's next step */
  guint    report_timer;
  guint    check_timer; /* mode 0 */
  guint    checks_after_report;
} FdSimRsfota;

static gpointer
rs_state_new (FdSimModule *module)
{
  FdSimRsfota *self = g_new0 (FdSimRsfota, 1);

  self->module = module;
  self->stored = (RsConfig){ .mode = 1,
                             .log = 1,
                             .first_check = 60,
                             .auto_check = 86400,
                             .first_rep = 40,
                             .auto_rep = 120,
                             .max_fail = 10 };
  self->active = self->stored;
  return self;
}

static void
rs_urc (FdSimRsfota *self, const char *text)
{
  if (self->active.log == 1)
    fd_sim_module_urc (self->module, "+RSFOTA:%s", text);
}

static void
rs_after (FdSimRsfota *self, guint delay_ms, FdSimTimerFunc func)
{
  self->timer = fd_sim_module_timeout (self->module, delay_ms, func, self, NULL);
}

static gboolean
no_package (FdSimRsfota *self)
{
  const FdSimOnenet *p = &self->module->onenet;

  return p->outcome == FD_SIM_ONENET_NO_PACKAGE
         || g_strcmp0 (p->target_revision, self->module->revision) == 0;
}

/* --- the upgrade -------------------------------------------------------- */

static void
upgrade_end (FdSimModule *module, gpointer data)
{
  FdSimRsfota *self = data;

  self->flow = FLOW_IDLE;
  self->downloaded = FALSE;
  if (module->onenet.outcome == FD_SIM_ONENET_UPGRADE_FAILED)
    {
      rs_urc (self, "2,4");
      return;
    }
  rs_urc (self, "2,3");
  fd_sim_module_set_revision_internal (module, module->onenet.target_revision);
  self->report_pending = TRUE;
  self->report_tries = 0;
  /* Rebooting to apply is implied by the manual; the report follows. */
  fd_sim_module_do_reboot (module);
}

static void
upgrade_start (FdSimRsfota *self)
{
  self->flow = FLOW_UPGRADE;
  rs_urc (self, "2,0");
  rs_after (self, self->module->timing.flash_ms, upgrade_end);
}

/* --- the download ------------------------------------------------------- */

static void
download_step (FdSimModule *module, gpointer data)
{
  FdSimRsfota       *self = data;
  gsize              total = module->onenet.package_size;
  gsize              next = MIN (self->done + BLOCK, total);
  FdSimOnenetOutcome outcome = module->onenet.outcome;
  g_autofree char   *line = NULL;

  /* Halfway: a pause (then it goes on) or a failure, if so configured. */
  if (next * 2 >= total && outcome == FD_SIM_ONENET_DOWNLOAD_PAUSED && !self->paused_once)
    {
      self->paused_once = TRUE;
      rs_urc (self, "1,2");
      rs_after (self, module->timing.step_ms * PAUSE_STEPS, download_step);
      return;
    }
  self->done = next;
  if (!fd_sim_module_transfer_progress (module, BLOCK))
    return; /* the port dropped (fault): the power-off stopped us */
  if (self->done * 2 >= total && outcome == FD_SIM_ONENET_DOWNLOAD_FAILED)
    {
      rs_urc (self, "1,4");
      self->flow = FLOW_IDLE;
      return;
    }
  if (self->done < total)
    {
      line = g_strdup_printf ("1,1,%zu/%zu,%zu%%", self->done, total, self->done * 100 / total);
      rs_urc (self, line);
      rs_after (self, module->timing.step_ms, download_step);
      return;
    }
  rs_urc (self, "1,3");
  if (self->download_only)
    {
      self->downloaded = TRUE;
      self->flow = FLOW_IDLE;
      return;
    }
  upgrade_start (self);
}

static void
download_start (FdSimRsfota *self)
{
  if (self->module->onenet.outcome == FD_SIM_ONENET_REJECTED)
    {
      rs_urc (self, "1,5");
      self->flow = FLOW_IDLE;
      return;
    }
  self->flow = FLOW_DOWNLOAD;
  self->done = 0;
  self->paused_once = FALSE;
  self->module->transfer_bytes = 0;
  rs_urc (self, "1,0");
  rs_after (self, self->module->timing.step_ms, download_step);
}

/* --- the check ---------------------------------------------------------- */

static void
check_answer (FdSimModule *module, gpointer data)
{
  FdSimRsfota *self = data;

  if (self->downloaded)
    {
      rs_urc (self, "0,2");
      if (self->download_only)
        self->flow = FLOW_IDLE;
      else
        upgrade_start (self);
      return;
    }
  if (no_package (self))
    {
      rs_urc (self, "0,0");
      self->flow = FLOW_IDLE;
      return;
    }
  rs_urc (self, "0,1");
  download_start (self);
}

static void
check_start (FdSimRsfota *self, gboolean download_only)
{
  self->flow = FLOW_CHECK;
  self->download_only = download_only;
  rs_after (self, self->module->timing.check_ms, check_answer);
}

/* --- mode 0: automatic checks ------------------------------------------- */

static void schedule_check (FdSimRsfota *self, gint64 seconds);

static void
auto_check (FdSimModule *module, gpointer data)
{
  FdSimRsfota *self = data;
  gint64       next = self->active.auto_check;

  self->check_timer = 0;
  /* After a report: one more check auto_rep later, then the usual period. */
  if (self->checks_after_report > 0 && --self->checks_after_report > 0)
    next = self->active.auto_rep;
  if (self->flow == FLOW_IDLE)
    check_start (self, FALSE);
  schedule_check (self, next);
}

static void
schedule_check (FdSimRsfota *self, gint64 seconds)
{
  fd_sim_module_cancel_timer (self->module, self->check_timer);
  self->check_timer = fd_sim_module_timeout (
      self->module, fd_sim_module_sim_seconds (self->module, (double)seconds), auto_check, self,
      NULL);
}

/* --- the report flow ---------------------------------------------------- */

static void schedule_report (FdSimRsfota *self, gint64 seconds);

static void
report_end (FdSimRsfota *self)
{
  self->report_pending = FALSE;
  self->flow = FLOW_IDLE;
  if (self->active.mode == 0)
    {
      /* The manual: after the report, a check now and one auto_rep later. */
      self->checks_after_report = 2;
      schedule_check (self, 0);
    }
}

static void
report_answer (FdSimModule *module, gpointer data)
{
  FdSimRsfota *self = data;

  if (self->report_tries < module->onenet.report_failures)
    {
      self->report_tries++;
      rs_urc (self, "-1,0");
      self->flow = FLOW_IDLE;
      if ((gint64)self->report_tries >= self->active.max_fail)
        report_end (self);
      else
        schedule_report (self, self->active.auto_rep);
      return;
    }
  rs_urc (self, "-1,1");
  report_end (self);
}

static void
report_run (FdSimModule *module, gpointer data)
{
  FdSimRsfota *self = data;

  self->report_timer = 0;
  self->flow = FLOW_REPORT;
  rs_after (self, module->timing.check_ms, report_answer);
}

static void
schedule_report (FdSimRsfota *self, gint64 seconds)
{
  fd_sim_module_cancel_timer (self->module, self->report_timer);
  self->report_timer = fd_sim_module_timeout (
      self->module, fd_sim_module_sim_seconds (self->module, (double)seconds), report_run, self,
      NULL);
}

/* --- commands ----------------------------------------------------------- */

static gboolean
handle_mode (FdSimRsfota *self, const FdSimCommand *cmd)
{
  RsConfig c = self->stored;
  guint    n = fd_sim_command_n_args (cmd);

  if (cmd->type == FD_SIM_COMMAND_READ)
    {
      const RsConfig *s = &self->stored;

      if (s->mode == 0)
        fd_sim_module_reply_line (self->module,
                                  "+RSFOTAMODE:%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                  ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                  s->mode, s->log, s->first_check, s->auto_check);
      else
        fd_sim_module_reply_line (
            self->module, "+RSFOTAMODE:%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, s->mode, s->log);
      return TRUE;
    }
  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_line (self->module, "+RSFOTAMODE:(0-2),(0-1),(60-4294967295),"
                                              "(600-4294967295)");
      return TRUE;
    }
  if (cmd->type != FD_SIM_COMMAND_SET || (n != 1 && n != 2 && n != 4))
    return FALSE;
  if (!fd_sim_command_arg_int (cmd, 0, 0, 2, &c.mode)
      || (n >= 2 && !fd_sim_command_arg_int (cmd, 1, 0, 1, &c.log))
      || (n == 4
          && (!fd_sim_command_arg_int (cmd, 2, 60, G_MAXUINT32, &c.first_check)
              || !fd_sim_command_arg_int (cmd, 3, 600, G_MAXUINT32, &c.auto_check))))
    return FALSE;
  /* Written to flash; in force after the next reboot. */
  self->stored = c;
  return TRUE;
}

static gboolean
handle_repmode (FdSimRsfota *self, const FdSimCommand *cmd)
{
  RsConfig c = self->stored;

  if (cmd->type != FD_SIM_COMMAND_SET || fd_sim_command_n_args (cmd) != 3
      || !fd_sim_command_arg_int (cmd, 0, 10, G_MAXUINT32, &c.first_rep)
      || !fd_sim_command_arg_int (cmd, 1, 120, G_MAXUINT32, &c.auto_rep)
      || !fd_sim_command_arg_int (cmd, 2, 1, G_MAXUINT32, &c.max_fail))
    return FALSE;
  self->stored = c;
  return TRUE;
}

/* A check trigger while a report is due: the report flow takes it. */
static void
swallow (FdSimRsfota *self)
{
  fd_sim_module_note (self->module, "RSFOTA: the report flow swallows the trigger");
  if (self->flow != FLOW_REPORT)
    {
      fd_sim_module_cancel_timer (self->module, self->report_timer);
      report_run (self->module, self);
    }
}

static gboolean
handle_trigger (FdSimRsfota *self, const FdSimCommand *cmd)
{
  gint64 action;
  gint64 mode = self->active.mode;

  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_line (self->module, "+RSFOTA:(1-3)");
      return TRUE;
    }
  if (cmd->type != FD_SIM_COMMAND_SET || fd_sim_command_n_args (cmd) != 1
      || !fd_sim_command_arg_int (cmd, 0, 1, 3, &action))
    return FALSE;
  /* Mode 0 takes no manual trigger; 1 wants action 1; 2 wants 2 or 3. */
  if (mode == 0 || (mode == 1 && action != 1) || (mode == 2 && action == 1))
    return FALSE;
  if (action == 3)
    {
      if (self->flow != FLOW_IDLE || !self->downloaded)
        return FALSE;
      fd_sim_module_reply_ok (self->module);
      upgrade_start (self);
      return TRUE;
    }
  if (self->report_pending)
    {
      fd_sim_module_reply_ok (self->module);
      swallow (self);
      return TRUE;
    }
  if (self->flow != FLOW_IDLE)
    return FALSE;
  fd_sim_module_reply_ok (self->module);
  check_start (self, action == 2);
  return TRUE;
}

static gboolean
rs_handle (FdSimModule *module, gpointer state, const FdSimCommand *cmd)
{
  FdSimRsfota *self = state;
  gboolean     ok;

  if (strcmp (cmd->name, "+RSFOTA") == 0)
    {
      if (!handle_trigger (self, cmd))
        fd_sim_module_reply_error (module);
      return TRUE;
    }
  if (strcmp (cmd->name, "+RSFOTAMODE") == 0)
    ok = handle_mode (self, cmd);
  else if (strcmp (cmd->name, "+RSREPMODE") == 0)
    ok = handle_repmode (self, cmd);
  else
    return FALSE;
  if (ok)
    fd_sim_module_reply_ok (module);
  else
    fd_sim_module_reply_error (module);
  return TRUE;
}

/* --- power -------------------------------------------------------------- */

static void
rs_boot (FdSimModule *module, gpointer state)
{
  FdSimRsfota *self = state;

  self->active = self->stored;
  self->flow = FLOW_IDLE;
  self->checks_after_report = 0;
  if (self->report_pending)
    schedule_report (self, self->active.first_rep);
  else if (self->active.mode == 0)
    schedule_check (self, self->active.first_check);
}

static void
rs_power_off (FdSimModule *module, gpointer state)
{
  FdSimRsfota *self = state;

  /* RAM timers are gone with the power. */
  self->timer = self->report_timer = self->check_timer = 0;
  self->flow = FLOW_IDLE;
}

const FdSimDialect fd_sim_dialect_rsfota = {
  .name = "rsfota",
  .state_new = rs_state_new,
  .state_free = g_free,
  .boot = rs_boot,
  .power_off = rs_power_off,
  .handle = rs_handle,
};
