/* fd-job-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-job-event.h"

G_DEFINE_BOXED_TYPE (FdJobEvent, fd_job_event, fd_job_event_copy, fd_job_event_free)

FdJobEvent *
fd_job_event_copy (const FdJobEvent *event)
{
  FdJobEvent *copy = g_memdup2 (event, sizeof *event);

  copy->text = g_strdup (event->text);
  copy->error_name = g_strdup (event->error_name);
  copy->old_revision = g_strdup (event->old_revision);
  copy->new_revision = g_strdup (event->new_revision);
  return copy;
}

void
fd_job_event_free (FdJobEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->text);
  g_free (event->error_name);
  g_free (event->old_revision);
  g_free (event->new_revision);
  g_free (event);
}

static const struct {
  const char *name;
  const char *description;
  guint       weight; /* the long phases dominate, so a bar moves with them */
} phases[FD_PHASE_LAST] = {
  [FD_PHASE_CONFIGURE] = { "configure", N_("Configuring"), 2 },
  [FD_PHASE_DOWNLOAD] = { "download", N_("Downloading"), 40 },
  [FD_PHASE_WRITE] = { "write", N_("Writing the package"), 40 },
  [FD_PHASE_VERIFY] = { "verify", N_("Verifying"), 3 },
  [FD_PHASE_UPGRADE] = { "upgrade", N_("Flashing — do not unplug"), 35 },
  [FD_PHASE_REBOOT] = { "reboot", N_("Rebooting — do not unplug"), 10 },
  [FD_PHASE_CONFIRM] = { "confirm", N_("Confirming the new firmware"), 3 },
  [FD_PHASE_REPORT] = { "report", N_("Reporting the result"), 7 },
};

static const struct {
  const char *name;
  const char *description;
} results[] = {
  [FD_RESULT_NONE] = { "none", N_("Not finished") },
  [FD_RESULT_SUCCESS] = { "success", N_("Upgraded") },
  [FD_RESULT_UP_TO_DATE] = { "up-to-date", N_("Already up to date") },
  [FD_RESULT_FAILED] = { "failed", N_("Failed") },
  [FD_RESULT_CANCELLED] = { "cancelled", N_("Cancelled") },
  [FD_RESULT_INTERRUPTED] = { "interrupted", N_("Interrupted: FotaDesk stopped during the job") },
};

const char *
fd_phase_to_string (FdPhase phase)
{
  g_return_val_if_fail (phase < FD_PHASE_LAST, NULL);
  return phases[phase].name;
}

const char *
fd_phase_describe (FdPhase phase)
{
  g_return_val_if_fail (phase < FD_PHASE_LAST, NULL);
  return _(phases[phase].description);
}

guint
fd_phase_weight (FdPhase phase)
{
  g_return_val_if_fail (phase < FD_PHASE_LAST, 0);
  return phases[phase].weight;
}

gboolean
fd_phase_from_string (const char *name, FdPhase *phase)
{
  for (guint i = 0; i < FD_PHASE_LAST; i++)
    {
      if (g_strcmp0 (name, phases[i].name) == 0)
        {
          *phase = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
fd_result_to_string (FdResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (results), NULL);
  return results[result].name;
}

const char *
fd_result_describe (FdResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (results), NULL);
  return _(results[result].description);
}

gboolean
fd_result_from_string (const char *name, FdResult *result)
{
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      if (g_strcmp0 (name, results[i].name) == 0)
        {
          *result = i;
          return TRUE;
        }
    }
  return FALSE;
}
