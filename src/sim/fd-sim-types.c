/* fd-sim-types.c — small shared definitions of the simulator's API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-types.h"

G_DEFINE_QUARK (fd - sim - error - quark, fd_sim_error)

const char *
fd_sim_module_state_to_string (FdSimModuleState state)
{
  switch (state)
    {
    case FD_SIM_MODULE_STATE_READY:
      return "ready";
    case FD_SIM_MODULE_STATE_BOOTING:
      return "booting";
    case FD_SIM_MODULE_STATE_OFFLINE:
      return "offline";
    case FD_SIM_MODULE_STATE_UNPLUGGED:
      return "unplugged";
    default:
      return "unknown";
    }
}

/* Tests: a whole upgrade in well under a second. One simulated second is
 * 5 ms, so the spec's minimum timers (first_rep 10 s, first_check 60 s,
 * PERIOD 60 s) become 50–300 ms. */
void
fd_sim_timing_init_quick (FdSimTiming *timing)
{
  timing->ms_per_second = 5.0;
  timing->step_ms = 2;
  timing->boot_ms = 150;
  timing->banner_ms = 5;
  timing->check_ms = 20;
  timing->flash_ms = 50;
  timing->net_bytes_per_s = 0;
  timing->passthrough_idle_ms = 2000;
}

/* What a bench sees: NB-IoT-ish download speed, seconds-long flashing,
 * a few seconds of reboot, the spec's timers in real seconds. */
void
fd_sim_timing_init_realistic (FdSimTiming *timing)
{
  timing->ms_per_second = 1000.0;
  timing->step_ms = 400;
  timing->boot_ms = 3000;
  timing->banner_ms = 100;
  timing->check_ms = 1500;
  timing->flash_ms = 8000;
  timing->net_bytes_per_s = 16 * 1024;
  timing->passthrough_idle_ms = 10000;
}
