/* fd-sim-rsfota.c — placeholder until the dialect lands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-private.h"

static gpointer
state_new (FdSimModule *module)
{
  return g_new0 (int, 1);
}

static void
nothing (FdSimModule *module, gpointer state)
{
}

static gboolean
handle (FdSimModule *module, gpointer state, const FdSimCommand *cmd)
{
  return FALSE;
}

const FdSimDialect fd_sim_dialect_rsfota = {
  .name = "rsfota",
  .state_new = state_new,
  .state_free = g_free,
  .boot = nothing,
  .power_off = nothing,
  .handle = handle,
};
