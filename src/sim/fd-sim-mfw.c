/* fd-sim-mfw.c — dialect B: OneMO MFW firmware
 *
 * What each model can do comes from its row in fd-sim-models.c; see
 * fd-sim-mfw.h for the choices made where the manual is silent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-mfw.h"

#include <string.h>

#include "fd-sim-package.h"

static gpointer
mfw_state_new (FdSimModule *module)
{
  FdSimMfw *self = g_new0 (FdSimMfw, 1);

  self->module = module;
  self->caps = module->model->mfw_caps;
  self->timeout_s = 60;
  self->pkgsize = 512;
  self->pkg = g_byte_array_new ();
  return self;
}

static void
mfw_state_free (gpointer data)
{
  FdSimMfw *self = data;

  g_assert (self->fetch == NULL);
  g_free (self->url);
  g_free (self->user);
  g_free (self->password);
  g_free (self->ml_revision);
  g_byte_array_unref (self->pkg);
  g_free (self);
}

gboolean
fd_sim_mfw_scheme_allowed (FdSimMfw *self, const char *url)
{
  static const struct
  {
    const char  *scheme;
    FdSimMfwCaps cap;
  } schemes[] = {
    { "http", FD_SIM_MFW_HTTP }, { "https", FD_SIM_MFW_HTTPS }, { "ftp", FD_SIM_MFW_FTP },
    { "ftps", FD_SIM_MFW_FTPS }, { "file", FD_SIM_MFW_FILE },
  };
  g_autofree char *scheme = fd_sim_url_scheme (url);

  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_strcmp0 (scheme, schemes[i].scheme) == 0)
      return (self->caps & schemes[i].cap) != 0;
  return FALSE;
}

/* --- AT+MFWCFG --------------------------------------------------------- */

typedef struct
{
  const char  *item;
  FdSimMfwCaps needs; /* 0: every model */
} CfgItem;

static const CfgItem cfg_items[] = {
  { "url", 0 },
  { "auth", 0 },
  { "timeout", FD_SIM_MFW_CFG_EXTRA },
  { "mode", FD_SIM_MFW_CFG_EXTRA },
  { "progind", FD_SIM_MFW_CFG_EXTRA },
  { "ssl", FD_SIM_MFW_CFG_EXTRA | FD_SIM_MFW_SSL },
  { "pkgsize", FD_SIM_MFW_CFG_EXTRA },
};

static void
cfg_read (FdSimMfw *self, const char *item)
{
  FdSimModule *m = self->module;

  if (strcmp (item, "url") == 0)
    fd_sim_module_reply_line (m, "+MFWCFG: \"url\",\"%s\"", self->url != NULL ? self->url : "");
  else if (strcmp (item, "auth") == 0)
    {
      g_autofree char *line = g_strdup_printf ("+MFWCFG: \"auth\",\"%s\",\"%s\"",
                                               self->user != NULL ? self->user : "",
                                               self->password != NULL ? self->password : "");
      fd_sim_module_reply_secret (m, line);
    }
  else if (strcmp (item, "timeout") == 0)
    fd_sim_module_reply_line (m, "+MFWCFG: \"timeout\",%u", self->timeout_s);
  else if (strcmp (item, "mode") == 0)
    fd_sim_module_reply_line (m, "+MFWCFG: \"mode\",%u", self->mode);
  else if (strcmp (item, "progind") == 0)
    fd_sim_module_reply_line (m, "+MFWCFG: \"progind\",%u", self->progind);
  else if (strcmp (item, "ssl") == 0)
    fd_sim_module_reply_line (m, "+MFWCFG: \"ssl\",%u", self->ssl_id);
  else
    fd_sim_module_reply_line (m, "+MFWCFG: \"pkgsize\",%u", self->pkgsize);
  fd_sim_module_reply_ok (m);
}

static gboolean
cfg_set_text (FdSimMfw *self, const char *item, const FdSimCommand *cmd)
{
  if (strcmp (item, "url") == 0)
    {
      const char *url = fd_sim_command_arg_string (cmd, 1, FALSE);

      if (fd_sim_command_n_args (cmd) != 2 || strlen (url) > FD_SIM_MFW_URL_MAX)
        return FALSE;
      if (!fd_sim_mfw_scheme_allowed (self, url))
        {
          fd_sim_module_reply_cme (self->module, 852);
          return TRUE;
        }
      g_free (self->url);
      self->url = g_strdup (url);
    }
  else
    {
      const char *user = fd_sim_command_arg_string (cmd, 1, FALSE);
      const char *pass = fd_sim_command_arg_string (cmd, 2, FALSE);

      if (fd_sim_command_n_args (cmd) != 3 || strlen (user) > FD_SIM_MFW_AUTH_MAX
          || strlen (pass) > FD_SIM_MFW_AUTH_MAX)
        return FALSE;
      g_free (self->user);
      g_free (self->password);
      self->user = g_strdup (user);
      self->password = g_strdup (pass);
    }
  fd_sim_module_reply_ok (self->module);
  return TRUE;
}

/* Number items with their bounds; FALSE for a bad value. */
static gboolean
cfg_set_number (FdSimMfw *self, const char *item, const FdSimCommand *cmd)
{
  gint64 v;

  if (fd_sim_command_n_args (cmd) != 2)
    return FALSE;
  if (strcmp (item, "timeout") == 0 && fd_sim_command_arg_int (cmd, 1, 30, 180, &v))
    self->timeout_s = (guint)v;
  else if (strcmp (item, "mode") == 0 && fd_sim_command_arg_int (cmd, 1, 0, 1, &v))
    self->mode = (guint)v;
  else if (strcmp (item, "progind") == 0 && fd_sim_command_arg_int (cmd, 1, 0, G_MAXINT32, &v)
           && v % 1024 == 0)
    self->progind = (guint)v;
  else if (strcmp (item, "ssl") == 0 && fd_sim_command_arg_int (cmd, 1, 0, 4, &v))
    self->ssl_id = (guint)v;
  else if (strcmp (item, "pkgsize") == 0 && fd_sim_command_arg_int (cmd, 1, 512, 3072, &v)
           && v % 512 == 0 && (v == 512 || !(self->caps & FD_SIM_MFW_PKG_512)))
    self->pkgsize = (guint)v;
  else
    return FALSE;
  fd_sim_module_reply_ok (self->module);
  return TRUE;
}

static gboolean
handle_cfg (FdSimMfw *self, const FdSimCommand *cmd)
{
  const FdSimArg  *arg0 = fd_sim_command_arg (cmd, 0);
  g_autofree char *item = NULL;
  const CfgItem   *found = NULL;
  gboolean         ok;

  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_ok (self->module);
      return TRUE;
    }
  if (cmd->type != FD_SIM_COMMAND_SET || arg0 == NULL)
    return FALSE;
  item = g_ascii_strdown (arg0->value, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (cfg_items); i++)
    if (strcmp (item, cfg_items[i].item) == 0)
      found = &cfg_items[i];
  if (found == NULL || (found->needs & self->caps) != found->needs)
    {
      fd_sim_module_reply_cme (self->module, 851);
      return TRUE;
    }
  if (fd_sim_command_n_args (cmd) == 1)
    {
      cfg_read (self, found->item);
      return TRUE;
    }
  if (strcmp (item, "url") == 0 || strcmp (item, "auth") == 0)
    ok = cfg_set_text (self, item, cmd);
  else
    ok = cfg_set_number (self, item, cmd);
  if (!ok)
    fd_sim_module_reply_cme (self->module, 851);
  return TRUE;
}

/* --- AT+MFWCHECK, AT+MFWERASE ------------------------------------------ */

static gboolean
handle_check (FdSimMfw *self, const FdSimCommand *cmd)
{
  static const GChecksumType types[] = { G_CHECKSUM_MD5, G_CHECKSUM_SHA1, G_CHECKSUM_SHA256 };
  g_autoptr (GChecksum) sum = NULL;
  g_autofree char *hex = NULL;
  gint64           alg;

  if (!(self->caps & FD_SIM_MFW_CHECK))
    return FALSE;
  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_line (self->module, "+MFWCHECK: (0-2)");
      fd_sim_module_reply_ok (self->module);
      return TRUE;
    }
  if (cmd->type != FD_SIM_COMMAND_SET || fd_sim_command_n_args (cmd) != 1
      || !fd_sim_command_arg_int (cmd, 0, 0, 2, &alg))
    {
      fd_sim_module_reply_cme (self->module, 851);
      return TRUE;
    }
  if (self->pkg->len == 0 || self->dl == MFW_DL_RUNNING)
    {
      fd_sim_module_reply_cme (self->module, 850);
      return TRUE;
    }
  sum = g_checksum_new (types[alg]);
  g_checksum_update (sum, self->pkg->data, self->pkg->len);
  /* Upper case, as the manual's example. */
  hex = g_ascii_strup (g_checksum_get_string (sum), -1);
  fd_sim_module_reply_line (self->module, "+MFWCHECK: %s", hex);
  fd_sim_module_reply_ok (self->module);
  return TRUE;
}

static void
erase (FdSimMfw *self)
{
  fd_sim_mfw_dload_power_off (self);
  g_byte_array_set_size (self->pkg, 0);
  self->source = MFW_SRC_NONE;
  self->dl = MFW_DL_IDLE;
  self->total = 0;
}

static gboolean
handle_erase (FdSimMfw *self, const FdSimCommand *cmd)
{
  if (!(self->caps & FD_SIM_MFW_ERASE))
    return FALSE;
  if (cmd->type != FD_SIM_COMMAND_EXEC)
    {
      fd_sim_module_reply_error (self->module);
      return TRUE;
    }
  erase (self);
  fd_sim_module_reply_ok (self->module);
  return TRUE;
}

/* --- AT+MFWUPGRADE (download done before) ------------------------------ */

static void
upgrade_finish (FdSimModule *module, gpointer data)
{
  FdSimMfw        *self = data;
  g_autofree char *revision = NULL;

  if (fd_sim_package_check (self->pkg->data, self->pkg->len, &revision) != FD_SIM_PACKAGE_VALID)
    {
      fd_sim_module_note (module, "MFWUPGRADE: the package is damaged");
      fd_sim_module_urc (module, "+MFWUPGRADE: 3");
      return;
    }
  fd_sim_module_urc (module, "+MFWUPGRADE: 2");
  fd_sim_module_set_revision_internal (module, revision);
  erase (self);
  fd_sim_module_do_reboot (module);
}

static void
upgrade_stored (FdSimMfw *self)
{
  gboolean ready = self->pkg->len > 0 && self->dl != MFW_DL_RUNNING
                   && (self->source == MFW_SRC_SERIAL || self->dl == MFW_DL_DONE);

  if (!ready
      || fd_sim_package_check (self->pkg->data, self->pkg->len, NULL) == FD_SIM_PACKAGE_INVALID)
    {
      fd_sim_module_reply_cme (self->module, 854);
      return;
    }
  if (self->module->faults.upgrade_ok)
    fd_sim_module_reply_ok (self->module);
  fd_sim_module_timeout (self->module, self->module->timing.flash_ms, upgrade_finish, self, NULL);
}

/* --- ML30x: AT+MFWUPGRADE downloads, flashes and reboots --------------- */

static void
ml_fail (FdSimMfw *self, const char *why)
{
  fd_sim_module_note (self->module, "MFWUPGRADE failed: %s", why);
  fd_sim_module_urc (self->module, "+MFWUPGRADE: 3");
  self->ml_phase = ML_IDLE;
  g_clear_pointer (&self->ml_revision, g_free);
}

static void
ml_progress (guint64 received, guint64 total, gpointer user_data)
{
  FdSimMfw *self = user_data;
  guint64   delta = received - MIN (received, self->received);
  int       percent;

  self->received = received;
  if (!fd_sim_module_transfer_progress (self->module, (gsize)delta) || total == 0)
    return;
  percent = (int)(received * 50 / total);
  if (percent > self->last_percent)
    {
      self->last_percent = percent;
      fd_sim_module_urc (self->module, "+MFWUPGRADE: 1,%d", percent);
    }
}

static void
ml_downloaded (GBytes *body, const FdSimFetchResult *result, gpointer user_data)
{
  FdSimMfw          *self = user_data;
  gsize              len;
  const guint8      *data = g_bytes_get_data (body, &len);
  FdSimPackageStatus status;

  self->fetch = NULL;
  if (result->status != FD_SIM_FETCH_OK)
    {
      ml_fail (self, result->message);
      return;
    }
  g_clear_pointer (&self->ml_revision, g_free);
  status = fd_sim_package_check (data, len, &self->ml_revision);
  if (status == FD_SIM_PACKAGE_INVALID)
    {
      ml_fail (self, "not a firmware package");
      return;
    }
  self->ml_damaged = status == FD_SIM_PACKAGE_DAMAGED;
  self->ml_phase = ML_FLASH;
  fd_sim_module_do_reboot (self->module);
}

static void
ml_download (FdSimMfw *self)
{
  self->received = 0;
  self->last_percent = -1;
  self->module->transfer_bytes = 0;
  fd_sim_module_urc (self->module, "+MFWUPGRADE: 1,0");
  self->last_percent = 0;
  self->fetch = fd_sim_module_fetch (self->module, self->url, self->user, self->password, 0,
                                     self->timeout_s, ml_progress, ml_downloaded, self);
}

static void
ml_flash_step (FdSimModule *module, gpointer data)
{
  FdSimMfw *self = data;

  self->step_id = 0;
  self->flash_percent += 5;
  if (self->ml_damaged && self->flash_percent >= 75)
    {
      /* No rollback on these models: the manual's warning. */
      ml_fail (self, "the package is damaged (no rollback)");
      return;
    }
  fd_sim_module_urc (module, "+MFWUPGRADE: 1,%d", self->flash_percent);
  if (self->flash_percent < 100)
    {
      self->step_id = fd_sim_module_timeout (module, MAX (module->timing.flash_ms / 10, 1),
                                             ml_flash_step, self, NULL);
      return;
    }
  fd_sim_module_set_revision_internal (module, self->ml_revision);
  self->ml_phase = ML_REPORT;
  fd_sim_module_do_reboot (module);
}

static void
ml_start (FdSimMfw *self)
{
  if (self->url == NULL)
    {
      fd_sim_module_reply_cme (self->module, 851);
      return;
    }
  if (self->ml_phase != ML_IDLE)
    {
      fd_sim_module_reply_cme (self->module, 850);
      return;
    }
  /* No OK: the module goes straight into its FOTA mode. */
  fd_sim_module_note (self->module, "MFWUPGRADE: rebooting into FOTA mode");
  self->ml_phase = ML_DOWNLOAD;
  fd_sim_module_do_reboot (self->module);
}

static gboolean
handle_upgrade (FdSimMfw *self, const FdSimCommand *cmd)
{
  if (cmd->type == FD_SIM_COMMAND_TEST)
    {
      fd_sim_module_reply_ok (self->module);
      return TRUE;
    }
  if (cmd->type != FD_SIM_COMMAND_EXEC)
    {
      fd_sim_module_reply_error (self->module);
      return TRUE;
    }
  if (self->caps & FD_SIM_MFW_COMBINED)
    ml_start (self);
  else
    upgrade_stored (self);
  return TRUE;
}

/* --- dialect interface -------------------------------------------------- */

static void
mfw_boot (FdSimModule *module, gpointer state)
{
  FdSimMfw *self = state;

  switch (self->ml_phase)
    {
    case ML_DOWNLOAD:
      ml_download (self);
      break;
    case ML_FLASH:
      self->flash_percent = 50;
      ml_flash_step (module, self);
      break;
    case ML_REPORT:
      self->ml_phase = ML_IDLE;
      g_clear_pointer (&self->ml_revision, g_free);
      fd_sim_module_urc (module, "+MFWUPGRADE: 2");
      break;
    case ML_IDLE:
    default:
      break;
    }
}

static void
mfw_power_off (FdSimModule *module, gpointer state)
{
  FdSimMfw *self = state;

  fd_sim_mfw_dload_power_off (self);
  self->step_id = 0;
}

static gboolean
mfw_handle (FdSimModule *module, gpointer state, const FdSimCommand *cmd)
{
  FdSimMfw *self = state;

  if (strcmp (cmd->name, "+MFWCFG") == 0)
    return handle_cfg (self, cmd);
  if (strcmp (cmd->name, "+MFWDLOAD") == 0)
    return fd_sim_mfw_dload (self, cmd);
  if (strcmp (cmd->name, "+MFWCHECK") == 0)
    return handle_check (self, cmd);
  if (strcmp (cmd->name, "+MFWERASE") == 0)
    return handle_erase (self, cmd);
  if (strcmp (cmd->name, "+MFWUPGRADE") == 0)
    return handle_upgrade (self, cmd);
  return FALSE;
}

const FdSimDialect fd_sim_dialect_mfw = {
  .name = "mfw",
  .state_new = mfw_state_new,
  .state_free = mfw_state_free,
  .boot = mfw_boot,
  .power_off = mfw_power_off,
  .handle = mfw_handle,
};
