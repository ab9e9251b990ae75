/* fd-sim-models.c — what each simulated firmware can do
 *
 * Dialect B rows follow the capability table of spec/at-dialects.md
 * (inferred cells included as "yes", as the spec says to treat them).
 * NB-IoT modules here have only a UART, so their reboots keep the port;
 * the LTE Cat.1 modules (ML30x, Air7xx) sit on USB and re-enumerate.
 * Revisions are invented but shaped like the vendors' strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-models.h"

#include <string.h>

#define MFW_FULL                                                                                   \
  (FD_SIM_MFW_CFG_EXTRA | FD_SIM_MFW_SSL | FD_SIM_MFW_HTTP | FD_SIM_MFW_HTTPS | FD_SIM_MFW_FTP     \
   | FD_SIM_MFW_FTPS | FD_SIM_MFW_FILE | FD_SIM_MFW_HEX_WRITE | FD_SIM_MFW_PASSTHROUGH             \
   | FD_SIM_MFW_DLOAD | FD_SIM_MFW_CHECK | FD_SIM_MFW_ERASE)
#define MFW_M5310E                                                                                 \
  (FD_SIM_MFW_CFG_EXTRA | FD_SIM_MFW_PKG_512 | FD_SIM_MFW_HTTP | FD_SIM_MFW_HEX_WRITE              \
   | FD_SIM_MFW_DLOAD | FD_SIM_MFW_ERASE)
#define MFW_MN316                                                                                  \
  (FD_SIM_MFW_CFG_EXTRA | FD_SIM_MFW_SSL | FD_SIM_MFW_HTTP | FD_SIM_MFW_HTTPS                      \
   | FD_SIM_MFW_HEX_WRITE | FD_SIM_MFW_DLOAD | FD_SIM_MFW_ERASE)
#define MFW_ML30X_NO_FTP (FD_SIM_MFW_HTTP | FD_SIM_MFW_COMBINED)
#define MFW_ML30X_FTP (FD_SIM_MFW_HTTP | FD_SIM_MFW_FTP | FD_SIM_MFW_COMBINED)

#define CMIOT "CMIOT"
#define LUAT "AirM2M"
#define A FD_SIM_DIALECT_RSFOTA
#define B FD_SIM_DIALECT_MFW
#define C FD_SIM_DIALECT_LUAT
#define UART FD_SIM_REBOOT_KEEP_PORT
#define USB FD_SIM_REBOOT_REENUMERATE

static const FdSimModel models[] = {
  { "M5311", CMIOT, A, 0, UART, "M5311_FOTA_V1.3.0" },
  { "M5311-E", CMIOT, B, MFW_FULL, UART, "M5311-E_V2.1.0" },
  { "M5310-E", CMIOT, B, MFW_M5310E, UART, "M5310-E_V2.0.4" },
  { "MN316", CMIOT, B, MFW_MN316, UART, "MN316_V1.1.2" },
  { "MN316-S", CMIOT, B, MFW_FULL, UART, "MN316-S_V1.0.1" },
  /* A bare ML302A/ML307A has no sub-model: the conservative row. */
  { "ML302A", CMIOT, B, MFW_ML30X_NO_FTP, USB, "ML302A_V1.4" },
  { "ML302A-DCLM", CMIOT, B, MFW_ML30X_NO_FTP, USB, "ML302A_V1.4" },
  { "ML302A-GCLM", CMIOT, B, MFW_ML30X_NO_FTP, USB, "ML302A_V1.4" },
  { "ML302A-DSLM", CMIOT, B, MFW_ML30X_FTP, USB, "ML302A_V1.4" },
  { "ML302A-GSLM", CMIOT, B, MFW_ML30X_FTP, USB, "ML302A_V1.4" },
  { "ML307A", CMIOT, B, MFW_ML30X_NO_FTP, USB, "ML307A_V1.2" },
  { "ML307A-DCLN", CMIOT, B, MFW_ML30X_NO_FTP, USB, "ML307A_V1.2" },
  { "ML307A-GCLN", CMIOT, B, MFW_ML30X_NO_FTP, USB, "ML307A_V1.2" },
  { "ML307A-DSLN", CMIOT, B, MFW_ML30X_FTP, USB, "ML307A_V1.2" },
  { "ML307A-GSLN", CMIOT, B, MFW_ML30X_FTP, USB, "ML307A_V1.2" },
  { "ML302S", CMIOT, B, MFW_ML30X_FTP, USB, "ML302S_V1.1" },
  { "ML307S", CMIOT, B, MFW_ML30X_FTP, USB, "ML307S_V1.0" },
  { "Air724UG", LUAT, C, 0, USB, "AirM2M_724UG_V1010_LTE_AT" },
  { "Air780E", LUAT, C, 0, USB, "AirM2M_780E_V1120_LTE_AT" },
};

const FdSimModel *
fd_sim_model_lookup (const char *model)
{
  const FdSimModel *best = NULL;
  gsize             best_len = 0;

  g_return_val_if_fail (model != NULL, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (models); i++)
    {
      gsize len = strlen (models[i].model);

      if (len > best_len && g_ascii_strncasecmp (model, models[i].model, len) == 0)
        {
          best = &models[i];
          best_len = len;
        }
    }
  return best;
}

const FdSimModel *
fd_sim_model_get_all (gsize *n_models)
{
  *n_models = G_N_ELEMENTS (models);
  return models;
}

const char *
fd_sim_dialect_to_string (FdSimDialectId dialect)
{
  switch (dialect)
    {
    case FD_SIM_DIALECT_RSFOTA:
      return "rsfota";
    case FD_SIM_DIALECT_MFW:
      return "mfw";
    case FD_SIM_DIALECT_LUAT:
      return "luat";
    default:
      return "unknown";
    }
}
