/* fd-sim-common.c — the commands every simulated module answers
 *
 * V.25ter and 3GPP TS 27.007 basics: AT, ATE, ATI, ATZ, +CMEE, +CGMI,
 * +CGMM, +CGMR, +CGSN (and the +GMx aliases), +CFUN (=1,1 reboots),
 * +CPIN?, +CSQ, +CEREG?, +CIMI. Power-up defaults: echo on, CMEE=1 (so
 * the manuals' example flows, which show "+CME ERROR: 854" without any
 * AT+CMEE, come out as printed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-private.h"

#include <string.h>

typedef gboolean (*CommonFunc) (FdSimModule *self, const FdSimCommand *cmd);

static gboolean
is_exec (const FdSimCommand *cmd)
{
  return cmd->type == FD_SIM_COMMAND_EXEC;
}

static gboolean
handle_at (FdSimModule *self, const FdSimCommand *cmd)
{
  if (!is_exec (cmd))
    return FALSE;
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_echo (FdSimModule *self, const FdSimCommand *cmd)
{
  gint64 value = 0;

  if (cmd->type == FD_SIM_COMMAND_SET && !fd_sim_command_arg_int (cmd, 0, 0, 1, &value))
    return FALSE;
  if (cmd->type != FD_SIM_COMMAND_SET && !is_exec (cmd))
    return FALSE;
  self->echo = value == 1;
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_ati (FdSimModule *self, const FdSimCommand *cmd)
{
  gint64 value = 0;

  if (cmd->type == FD_SIM_COMMAND_SET && !fd_sim_command_arg_int (cmd, 0, 0, 0, &value))
    return FALSE;
  if (cmd->type != FD_SIM_COMMAND_SET && !is_exec (cmd))
    return FALSE;
  fd_sim_module_reply_line (self, "%s", self->model->manufacturer);
  fd_sim_module_reply_line (self, "%s", self->model_name);
  fd_sim_module_reply_line (self, "Revision: %s", self->revision);
  fd_sim_module_reply_line (self, "IMEI: %s", self->imei);
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_atz (FdSimModule *self, const FdSimCommand *cmd)
{
  if (!is_exec (cmd) && cmd->type != FD_SIM_COMMAND_SET)
    return FALSE;
  self->echo = TRUE;
  self->cmee = 1;
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_atv (FdSimModule *self, const FdSimCommand *cmd)
{
  gint64 value = 1;

  /* Only verbose result codes exist here. */
  if (cmd->type == FD_SIM_COMMAND_SET && !fd_sim_command_arg_int (cmd, 0, 1, 1, &value))
    return FALSE;
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_cmee (FdSimModule *self, const FdSimCommand *cmd)
{
  gint64 value;

  switch (cmd->type)
    {
    case FD_SIM_COMMAND_SET:
      if (fd_sim_command_n_args (cmd) != 1 || !fd_sim_command_arg_int (cmd, 0, 0, 2, &value))
        return FALSE;
      self->cmee = (guint)value;
      break;
    case FD_SIM_COMMAND_READ:
      fd_sim_module_reply_line (self, "+CMEE: %u", self->cmee);
      break;
    case FD_SIM_COMMAND_TEST:
      fd_sim_module_reply_line (self, "+CMEE: (0-2)");
      break;
    case FD_SIM_COMMAND_EXEC:
    default:
      return FALSE;
    }
  fd_sim_module_reply_ok (self);
  return TRUE;
}

/* +CGMI / +CGMM / +CGMR: one bare line, as 27.007 has it. */
static gboolean
reply_identity (FdSimModule *self, const FdSimCommand *cmd, const char *value)
{
  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_ok (self);
      return TRUE;
    }
  if (!is_exec (cmd))
    return FALSE;
  fd_sim_module_reply_line (self, "%s", value);
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_cgmi (FdSimModule *self, const FdSimCommand *cmd)
{
  return reply_identity (self, cmd, self->model->manufacturer);
}

static gboolean
handle_cgmm (FdSimModule *self, const FdSimCommand *cmd)
{
  return reply_identity (self, cmd, self->model_name);
}

static gboolean
handle_cgmr (FdSimModule *self, const FdSimCommand *cmd)
{
  return reply_identity (self, cmd, self->revision);
}

static gboolean
handle_cgsn (FdSimModule *self, const FdSimCommand *cmd)
{
  gint64 snt = 0;

  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_line (self, "+CGSN: (0-1)");
      fd_sim_module_reply_ok (self);
      return TRUE;
    }
  if (cmd->type == FD_SIM_COMMAND_SET
      && (fd_sim_command_n_args (cmd) != 1 || !fd_sim_command_arg_int (cmd, 0, 0, 1, &snt)))
    return FALSE;
  if (cmd->type != FD_SIM_COMMAND_SET && !is_exec (cmd))
    return FALSE;
  if (snt == 1)
    fd_sim_module_reply_line (self, "+CGSN: %s", self->imei);
  else
    fd_sim_module_reply_line (self, "%s", self->imei);
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_cfun (FdSimModule *self, const FdSimCommand *cmd)
{
  gint64 fun, rst = 0;

  switch (cmd->type)
    {
    case FD_SIM_COMMAND_READ:
      fd_sim_module_reply_line (self, "+CFUN: %d", self->cfun_off ? 0 : 1);
      fd_sim_module_reply_ok (self);
      return TRUE;
    case FD_SIM_COMMAND_TEST:
      fd_sim_module_reply_line (self, "+CFUN: (0,1,4),(0,1)");
      fd_sim_module_reply_ok (self);
      return TRUE;
    case FD_SIM_COMMAND_SET:
      break;
    case FD_SIM_COMMAND_EXEC:
    default:
      return FALSE;
    }
  if (fd_sim_command_n_args (cmd) > 2 || !fd_sim_command_arg_int (cmd, 0, 0, 4, &fun) || fun == 2
      || fun == 3
      || (fd_sim_command_n_args (cmd) == 2 && !fd_sim_command_arg_int (cmd, 1, 0, 1, &rst)))
    return FALSE;
  if (rst == 1 && fun != 1)
    return FALSE;
  self->cfun_off = fun != 1;
  fd_sim_module_reply_ok (self);
  if (rst == 1)
    fd_sim_module_do_reboot (self);
  return TRUE;
}

static gboolean
handle_cpin (FdSimModule *self, const FdSimCommand *cmd)
{
  if (cmd->type != FD_SIM_COMMAND_READ)
    return FALSE;
  fd_sim_module_reply_line (self, "+CPIN: READY");
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_csq (FdSimModule *self, const FdSimCommand *cmd)
{
  if (!is_exec (cmd))
    return FALSE;
  fd_sim_module_reply_line (self, "+CSQ: %d,99", self->cfun_off ? 99 : 24);
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_cereg (FdSimModule *self, const FdSimCommand *cmd)
{
  if (cmd->type != FD_SIM_COMMAND_READ)
    return FALSE;
  fd_sim_module_reply_line (self, "+CEREG: 0,%d", self->cfun_off ? 0 : 1);
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static gboolean
handle_cimi (FdSimModule *self, const FdSimCommand *cmd)
{
  if (!is_exec (cmd))
    return FALSE;
  /* A China Mobile IMSI derived from the IMEI, stable per module. */
  fd_sim_module_reply_line (self, "46004%s", self->imei + strlen (self->imei) - 10);
  fd_sim_module_reply_ok (self);
  return TRUE;
}

static const struct
{
  const char *name;
  CommonFunc  func;
} common_commands[] = {
  { "", handle_at },        { "E", handle_echo },     { "I", handle_ati },
  { "Z", handle_atz },      { "V", handle_atv },      { "+CMEE", handle_cmee },
  { "+CGMI", handle_cgmi }, { "+GMI", handle_cgmi },  { "+CGMM", handle_cgmm },
  { "+GMM", handle_cgmm },  { "+CGMR", handle_cgmr }, { "+GMR", handle_cgmr },
  { "+CGSN", handle_cgsn }, { "+GSN", handle_cgsn },  { "+CFUN", handle_cfun },
  { "+CPIN", handle_cpin }, { "+CSQ", handle_csq },   { "+CEREG", handle_cereg },
  { "+CIMI", handle_cimi },
};

gboolean
fd_sim_common_handle (FdSimModule *self, const FdSimCommand *cmd)
{
  for (gsize i = 0; i < G_N_ELEMENTS (common_commands); i++)
    {
      if (strcmp (cmd->name, common_commands[i].name) != 0)
        continue;
      /* A known command with a wrong form is this module's ERROR too. */
      if (!common_commands[i].func (self, cmd))
        fd_sim_module_reply_error (self);
      return TRUE;
    }
  return FALSE;
}
