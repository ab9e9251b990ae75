/* fd-upgrade-private.h — what the dialect flows implement
 *
 * Each runs the whole flow of its dialect on the job's thread, through
 * @flow (already open on the module's port), and ends with
 * fd_job_set_outcome() on success or FALSE + GError (after
 * fd_job_set_failure() when the failure has a documented name).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-upgrade.h"

G_BEGIN_DECLS

gboolean fd_rsfota_flow_run (FdFlow               *flow,
                             const FdRsfotaConfig *config,
                             const FdModel        *model,
                             GCancellable         *cancellable,
                             GError              **error);
gboolean fd_mfw_flow_run (FdFlow            *flow,
                          const FdMfwConfig *config,
                          const FdModel     *model,
                          GCancellable      *cancellable,
                          GError           **error);
gboolean fd_luat_flow_run (FdFlow             *flow,
                           const FdLuatConfig *config,
                           const FdModel      *model,
                           GCancellable       *cancellable,
                           GError            **error);

/* The phases of each flow, for weighted progress. */
extern const FdPhase fd_rsfota_flow_phases[];
extern const gsize fd_rsfota_flow_n_phases;
extern const FdPhase fd_mfw_flow_phases[];
extern const gsize fd_mfw_flow_n_phases;
extern const FdPhase fd_luat_flow_phases[];
extern const gsize fd_luat_flow_n_phases;

G_END_DECLS
