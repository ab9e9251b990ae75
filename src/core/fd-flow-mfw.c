/* fd-flow-mfw.c — the MFW dialect's upgrade flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-upgrade-private.h"

const FdPhase fd_mfw_flow_phases[] = {
  FD_PHASE_CONFIGURE, FD_PHASE_UPGRADE, FD_PHASE_REBOOT, FD_PHASE_CONFIRM,
};
const gsize fd_mfw_flow_n_phases = G_N_ELEMENTS (fd_mfw_flow_phases);

/* Not written yet: refuses honestly instead of pretending. */
gboolean
fd_mfw_flow_run (FdFlow               *flow,
                    const FdMfwConfig *config,
                    const FdModel        *model,
                    GCancellable         *cancellable,
                    GError              **error)
{
  fd_job_set_failure (fd_flow_get_job (flow), "not-implemented", 0);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "The MFW upgrade flow is not implemented yet");
  return FALSE;
}
