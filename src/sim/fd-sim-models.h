/* fd-sim-models.h — what each simulated firmware can do
 *
 * The simulator's own reading of spec/at-dialects.md, written down
 * independently of the application's model table on purpose: the tests
 * then cross-check one against the other instead of trusting one copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FD_SIM_DIALECT_RSFOTA, /* A: M5311 OneNET */
  FD_SIM_DIALECT_MFW,    /* B: OneMO */
  FD_SIM_DIALECT_LUAT,   /* C: Luat AT+UPGRADE */
} FdSimDialectId;

/* How a reboot looks from the PC. */
typedef enum
{
  FD_SIM_REBOOT_KEEP_PORT,   /* UART bridge: the tty stays, boot noise appears */
  FD_SIM_REBOOT_REENUMERATE, /* USB: the tty vanishes and comes back */
} FdSimRebootStyle;

/* Dialect B capabilities, one bit per row of the spec's table. */
typedef enum
{
  FD_SIM_MFW_CFG_EXTRA = 1 << 0, /* timeout, mode, progind, ssl, pkgsize */
  FD_SIM_MFW_SSL = 1 << 1,       /* the "ssl" item */
  FD_SIM_MFW_PKG_512 = 1 << 2,   /* pkgsize 512 only */
  FD_SIM_MFW_HTTP = 1 << 3,
  FD_SIM_MFW_HTTPS = 1 << 4,
  FD_SIM_MFW_FTP = 1 << 5,
  FD_SIM_MFW_FTPS = 1 << 6,
  FD_SIM_MFW_FILE = 1 << 7,
  FD_SIM_MFW_HEX_WRITE = 1 << 8,
  FD_SIM_MFW_PASSTHROUGH = 1 << 9,
  FD_SIM_MFW_DLOAD = 1 << 10, /* AT+MFWDLOAD download step */
  FD_SIM_MFW_CHECK = 1 << 11,
  FD_SIM_MFW_ERASE = 1 << 12,
  FD_SIM_MFW_COMBINED = 1 << 13, /* ML30x: MFWUPGRADE downloads, flashes, reboots */
} FdSimMfwCaps;

typedef struct
{
  const char      *model;        /* as AT+CGMM answers; matched by longest prefix */
  const char      *manufacturer; /* AT+CGMI */
  FdSimDialectId   dialect;
  FdSimMfwCaps     mfw_caps; /* dialect B only */
  FdSimRebootStyle reboot_style;
  const char      *revision; /* factory firmware revision */
} FdSimModel;

/* Longest-prefix match, case-insensitive; NULL when nothing matches. */
const FdSimModel *fd_sim_model_lookup (const char *model);

/* Every entry, for --help and tests. */
const FdSimModel *fd_sim_model_get_all (gsize *n_models);

const char *fd_sim_dialect_to_string (FdSimDialectId dialect);

G_END_DECLS
