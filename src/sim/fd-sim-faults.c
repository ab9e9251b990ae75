/* fd-sim-faults.c — fault and quirk specs, as the command line writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-private.h"

/* --- fault specs ------------------------------------------------------- */

static gboolean
spec_number (const char *name, const char *value, gint64 min, gint64 max, gint64 *out,
             GError **error)
{
  g_autoptr (GError) local = NULL;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, min, max, out, &local))
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "fault “%s” needs a number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, name,
                   min, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_cme_spec (FdSimModule *self, const char *value, GError **error)
{
  g_auto (GStrv) parts = value != NULL ? g_strsplit (value, ":", 3) : NULL;
  gint64 percent = 100, code = 100;

  if (parts == NULL || parts[0] == NULL || parts[0][0] == '\0'
      || (parts[1] != NULL && !spec_number ("cme", parts[1], 0, 100, &percent, error))
      || (parts[1] != NULL && parts[2] != NULL
          && !spec_number ("cme", parts[2], 0, 65535, &code, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                             "fault “cme” is cme=COMMAND[:PERCENT[:CODE]]");
      return FALSE;
    }
  fd_sim_module_set_cme_fault (self, parts[0], (guint)percent, (guint)code);
  return TRUE;
}

typedef struct
{
  const char *name;
  FdSimOption option;
  gboolean    takes_value;
  gint64      min, max;
} FaultSpec;

static const FaultSpec fault_specs[] = {
  { "silence", OPT_SILENT, FALSE, 0, 0 },
  { "never-return", OPT_NEVER_RETURN, FALSE, 0, 0 },
  { "garbage", OPT_GARBAGE, TRUE, 0, 100 },
  { "urc-delay", OPT_URC_DELAY, TRUE, 0, 3600000 },
  { "urc-loss", OPT_URC_LOSS, TRUE, 0, 100 },
  { "slow-flash", OPT_FLASH_DELAY, TRUE, 0, 600000 },
  { "drop-port", OPT_DROP_PORT, TRUE, 0, G_MAXINT64 },
  { "net-cut", OPT_NET_CUT, TRUE, 0, G_MAXINT64 },
  { "pt-max", OPT_PT_MAX, TRUE, 1, G_MAXINT32 },
  { "pt-ok", OPT_PT_OK, FALSE, 0, 0 },
  { "upgrade-ok", OPT_UPGRADE_OK, FALSE, 0, 0 },
};

gboolean
fd_sim_module_apply_fault_spec (FdSimModule *self, const char *spec, GError **error)
{
  g_auto (GStrv) kv = g_strsplit (spec, "=", 2);
  const char *name = kv[0] != NULL ? kv[0] : "";
  const char *value = kv[0] != NULL ? kv[1] : NULL;

  if (g_strcmp0 (name, "cme") == 0)
    return apply_cme_spec (self, value, error);
  if (g_strcmp0 (name, "busy") == 0)
    return fd_sim_module_set_busy (self, TRUE, error);
  for (gsize i = 0; i < G_N_ELEMENTS (fault_specs); i++)
    {
      const FaultSpec *f = &fault_specs[i];
      gint64           number = 1;

      if (g_strcmp0 (name, f->name) != 0)
        continue;
      if (f->takes_value && !spec_number (name, value, f->min, f->max, &number, error))
        return FALSE;
      if (!f->takes_value && value != NULL)
        {
          g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                       "fault “%s” takes no value", name);
          return FALSE;
        }
      fd_sim_module_set_option (self, f->option, number);
      return TRUE;
    }
  g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
               "unknown fault “%s” (silence, never-return, garbage=PCT, urc-delay=MS, "
               "urc-loss=PCT, slow-flash=MS_PER_KIB, cme=COMMAND[:PCT[:CODE]], drop-port=BYTES, "
               "net-cut=BYTES, busy, pt-max=BYTES, pt-ok, upgrade-ok)",
               name);
  return FALSE;
}
