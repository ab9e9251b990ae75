/* fd-job-audit.h — makes a job's events durable in the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-audit-log.h"
#include "fd-job.h"

G_BEGIN_DECLS

/* Installs a recorder on @job that appends every phase change, URC,
 * message, warning and the final outcome to @log (fsync'd, on the job's
 * thread, before the event reaches the UI). Progress events are not
 * written: the URCs that caused them are. */
void fd_job_audit_attach (FdJob *job, FdAuditLog *log);

FdAuditResult fd_job_audit_result (FdResult result);

G_END_DECLS
