/* fd-sim-types.h — enums and small structs of the simulator's public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FD_SIM_ERROR (fd_sim_error_quark ())
typedef enum
{
  FD_SIM_ERROR_INVALID_ARGUMENT, /* a bad model, IMEI, option or spec string */
  FD_SIM_ERROR_TIMEOUT,          /* a bounded wait ran out */
  FD_SIM_ERROR_SHUT_DOWN,        /* the fleet is gone */
  FD_SIM_ERROR_FORMAT,           /* a transcript or package that does not parse */
} FdSimError;

GQuark fd_sim_error_quark (void);

typedef enum
{
  FD_SIM_MODULE_STATE_READY,     /* link present, answering AT */
  FD_SIM_MODULE_STATE_BOOTING,   /* link present, rebooting (UART bridge) */
  FD_SIM_MODULE_STATE_OFFLINE,   /* link gone, will come back by itself (USB) */
  FD_SIM_MODULE_STATE_UNPLUGGED, /* link gone until fd_sim_module_plug() */
} FdSimModuleState;

const char *fd_sim_module_state_to_string (FdSimModuleState state);

/* How long things take. "Quick" defaults keep tests fast; "realistic"
 * ones are what a field engineer would see (demo mode, benchmarks). */
typedef struct
{
  double ms_per_second;      /* spec timers (first_rep, first_check, PERIOD…):
                              * real milliseconds per simulated second */
  guint step_ms;             /* between two progress URCs of a simulated transfer */
  guint boot_ms;             /* from reset to the first boot line (or to the link
                              * coming back on USB) */
  guint banner_ms;           /* between boot lines */
  guint check_ms;            /* one round-trip to a simulated platform */
  guint flash_ms;            /* applying an upgrade, per flashing phase */
  guint net_bytes_per_s;     /* cap on real downloads (libcurl); 0 = none */
  guint passthrough_idle_ms; /* a passthrough write gives up after this silence */
} FdSimTiming;

void fd_sim_timing_init_quick (FdSimTiming *timing);
void fd_sim_timing_init_realistic (FdSimTiming *timing);

/* Dialect A: what the simulated OneNET platform does on a check. */
typedef enum
{
  FD_SIM_ONENET_SUCCESS,         /* package found, downloaded, upgraded */
  FD_SIM_ONENET_NO_PACKAGE,      /* +RSFOTA:0,0 */
  FD_SIM_ONENET_REJECTED,        /* +RSFOTA:1,5 */
  FD_SIM_ONENET_DOWNLOAD_FAILED, /* +RSFOTA:1,4 halfway */
  FD_SIM_ONENET_DOWNLOAD_PAUSED, /* +RSFOTA:1,2 halfway, then it goes on */
  FD_SIM_ONENET_UPGRADE_FAILED,  /* +RSFOTA:2,4 */
} FdSimOnenetOutcome;

G_END_DECLS
