/* fd-upgrade.h — the engine's front door: one job for one module and one
 * validated configuration of its dialect
 *
 * The CLI and the GUI build jobs here and run them one by one or in an
 * FdBatch; everything else (the flows, transcripts, the audit log) hangs
 * off the job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-audit-log.h"
#include "fd-flow.h"
#include "fd-job.h"
#include "fd-luat-config.h"
#include "fd-mfw-config.h"
#include "fd-models.h"
#include "fd-rsfota-config.h"

G_BEGIN_DECLS

/* Which module: as identified by a scan. */
typedef struct {
  const char    *port;
  const char    *imei;
  const char    *model;     /* as the module reports it (AT+CGMM) */
  const char    *revision;  /* before the upgrade (AT+CGMR) */
  const FdModel *row;       /* its capability row; NULL = fd_models_lookup (model) */
} FdUpgradeTarget;

typedef struct {
  FdFlowBounds       bounds;
  FdAuditLog        *audit_log;   /* nullable: no audit record */
  const char        *log_dir;     /* transcripts under LOG_DIR/transcripts; NULL = none */
  FdFlowReattachFunc reattach;    /* nullable: wait on the same path */
  gpointer           reattach_data;
} FdUpgradeOptions;

void fd_upgrade_options_init (FdUpgradeOptions *options);

/* Each validates @config against the target's model first and returns
 * NULL with FD_CONFIG_ERROR (every error, one per line) when the job
 * must not start: nothing is sent to the module. The configuration is
 * copied. Warnings are emitted as the job's first events. */
FdJob *fd_upgrade_job_new_rsfota (const FdUpgradeTarget  *target,
                                  const FdRsfotaConfig   *config,
                                  const FdUpgradeOptions *options,
                                  GError                **error);
FdJob *fd_upgrade_job_new_mfw (const FdUpgradeTarget  *target,
                               const FdMfwConfig      *config,
                               const FdUpgradeOptions *options,
                               GError                **error);
FdJob *fd_upgrade_job_new_luat (const FdUpgradeTarget  *target,
                                const FdLuatConfig     *config,
                                const FdUpgradeOptions *options,
                                GError                **error);

/* Where the job's transcript is being written, once it runs; or NULL. */
const char *fd_upgrade_job_get_transcript_path (FdJob *job);

G_END_DECLS
