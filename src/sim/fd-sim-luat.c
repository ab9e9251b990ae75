/* fd-sim-luat.c — dialect C: Luat / AirM2M AT+UPGRADE firmware
 *
 * Tags KEY, AUTO, PERIOD, URL: savetoNV 0 (the default) writes NV, 1 sets
 * the value for this boot only; every boot loads NV. A run (AT+UPGRADE,
 * or the AUTO check every PERIOD seconds when a KEY or URL is set):
 *   +UPGRADEIND: 0…100 (download, in steps of 10), reboot,
 *   +UPGRADEDL: 0…100 (burning), reboot,
 *   +UPGRADEVER: "<new version>", then +UPGRADEVER: 1 (report sent) or 0.
 * A failed run prints nothing: AT+UPGRADE? answers
 * "+UPGRADE: 2,<error>,<http status>,<fota cause>".
 *
 * Choices where the manual is silent, as this firmware makes them:
 * - URL runs fetch for real over HTTP (libcurl); a non-http URL is -1000,
 *   no connection -1002, an HTTP error -1004 with its status, a transfer
 *   cut short -1001, a package over 16 MiB -1005, one that is not a
 *   valid package (fd-sim-package.h) -1003.
 * - KEY runs ask the simulated platform (fd_sim_module_set_luat_platform);
 *   with no KEY the platform answers cause 25 (invalid project).
 * - A fota cause comes with error -1004 and HTTP status 200: the platform
 *   answered, with a refusal. Cause 27 (already the latest) also comes
 *   when the package's revision is the one the module runs.
 * - The status is RAM: a reboot forgets a failure ("+UPGRADE: 0"); after
 *   a successful upgrade the last boot answers a bare "+UPGRADE: 2".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-private.h"

#include <string.h>

#include "fd-sim-package.h"

#define LUAT_URL_MAX 256
#define LUAT_KEY_MAX 64
#define LUAT_ERR_URL -1000
#define LUAT_ERR_NETWORK -1001
#define LUAT_ERR_SERVER -1002
#define LUAT_ERR_FIRMWARE -1003
#define LUAT_ERR_HTTP -1004
#define LUAT_ERR_STORE -1005
#define LUAT_ERR_OTHER -1006
#define LUAT_CAUSE_PROJECT 25
#define LUAT_CAUSE_LATEST 27

typedef enum
{
  PHASE_IDLE,
  PHASE_DOWNLOAD, /* RAM only: a power loss here abandons the run */
  PHASE_BURN,
  PHASE_REPORT,
} LuatPhase;

typedef struct
{
  char  *key;
  gint64 auto_;
  gint64 period;
  char  *url;
} LuatTags;

typedef struct
{
  FdSimModule *module;
  LuatTags     nv;  /* flash */
  LuatTags     ram; /* in force this boot */

  /* Flash: the run, across its two reboots. */
  LuatPhase phase;
  char     *new_version;
  gboolean  report_ok;

  /* RAM: status for AT+UPGRADE? */
  int      state;
  int      percent;
  gboolean has_result;
  int      error_code, http_status, cause;

  /* RAM: work in progress. */
  FdSimFetch *fetch;
  guint64     received;
  guint       auto_id;
  int         last_ind;
} FdSimLuat;

static void
tags_clear (LuatTags *t)
{
  g_clear_pointer (&t->key, g_free);
  g_clear_pointer (&t->url, g_free);
}

static void
tags_copy (LuatTags *to, const LuatTags *from)
{
  tags_clear (to);
  to->key = g_strdup (from->key);
  to->url = g_strdup (from->url);
  to->auto_ = from->auto_;
  to->period = from->period;
}

static gpointer
luat_state_new (FdSimModule *module)
{
  FdSimLuat *self = g_new0 (FdSimLuat, 1);

  self->module = module;
  self->nv.auto_ = 1; /* the manual insists: on by default */
  self->nv.period = 86400;
  tags_copy (&self->ram, &self->nv);
  return self;
}

static void
luat_state_free (gpointer data)
{
  FdSimLuat *self = data;

  g_assert (self->fetch == NULL);
  tags_clear (&self->nv);
  tags_clear (&self->ram);
  g_free (self->new_version);
  g_free (self);
}

/* --- results ------------------------------------------------------------ */

static void
finish_failed (FdSimLuat *self, int error_code, int http_status, int cause, const char *why)
{
  fd_sim_module_note (self->module, "UPGRADE failed: %s (%d,%d,%d)", why, error_code, http_status,
                      cause);
  self->phase = PHASE_IDLE;
  self->state = 2;
  self->has_result = TRUE;
  self->error_code = error_code;
  self->http_status = http_status;
  self->cause = cause;
}

static void
start_burning (FdSimLuat *self, const char *version)
{
  g_free (self->new_version);
  self->new_version = g_strdup (version);
  self->report_ok = self->module->luat.report_ok;
  self->phase = PHASE_BURN;
  fd_sim_module_do_reboot (self->module);
}

/* Progress of the download: "+UPGRADEIND: <p>" every 10 %. */
static void
download_percent (FdSimLuat *self, int percent)
{
  self->percent = percent;
  while (self->last_ind + 10 <= percent)
    {
      self->last_ind += 10;
      fd_sim_module_urc (self->module, "+UPGRADEIND: %d", self->last_ind);
    }
}

/* --- URL: a real HTTP download ----------------------------------------- */

static void
url_progress (guint64 received, guint64 total, gpointer user_data)
{
  FdSimLuat *self = user_data;
  guint64    delta = received - MIN (received, self->received);

  self->received = received;
  if (!fd_sim_module_transfer_progress (self->module, (gsize)delta))
    return; /* the port dropped (fault): the power-off stopped us */
  if (total > 0)
    download_percent (self, (int)(received * 100 / total));
}

static int
fetch_error_code (const FdSimFetchResult *result)
{
  switch (result->status)
    {
    case FD_SIM_FETCH_BAD_URL:
      return LUAT_ERR_URL;
    case FD_SIM_FETCH_CONNECT:
    case FD_SIM_FETCH_TLS:
      return LUAT_ERR_SERVER;
    case FD_SIM_FETCH_NOT_FOUND:
    case FD_SIM_FETCH_AUTH:
      return LUAT_ERR_HTTP;
    case FD_SIM_FETCH_PARTIAL:
      return LUAT_ERR_NETWORK;
    case FD_SIM_FETCH_TOO_BIG:
      return LUAT_ERR_STORE;
    case FD_SIM_FETCH_OK:
    case FD_SIM_FETCH_OTHER:
    default:
      return LUAT_ERR_OTHER;
    }
}

static void
url_done (GBytes *body, const FdSimFetchResult *result, gpointer user_data)
{
  FdSimLuat       *self = user_data;
  g_autofree char *version = NULL;
  gsize            len;
  const guint8    *data = g_bytes_get_data (body, &len);

  self->fetch = NULL;
  if (result->status != FD_SIM_FETCH_OK)
    {
      finish_failed (self, fetch_error_code (result), (int)result->response_code, 0,
                     result->message);
      return;
    }
  if (fd_sim_package_check (data, len, &version) != FD_SIM_PACKAGE_VALID)
    {
      finish_failed (self, LUAT_ERR_FIRMWARE, (int)result->response_code, 0, "invalid firmware");
      return;
    }
  if (g_strcmp0 (version, self->module->revision) == 0)
    {
      finish_failed (self, LUAT_ERR_HTTP, 200, LUAT_CAUSE_LATEST, "already the latest");
      return;
    }
  download_percent (self, 100);
  start_burning (self, version);
}

static void
run_url (FdSimLuat *self)
{
  g_autofree char *scheme = fd_sim_url_scheme (self->ram.url);

  /* HTTP only, says the manual. */
  if (g_strcmp0 (scheme, "http") != 0)
    {
      finish_failed (self, LUAT_ERR_URL, 0, 0, "not an http:// URL");
      return;
    }
  self->module->transfer_bytes = 0;
  self->received = 0;
  self->fetch = fd_sim_module_fetch (self->module, self->ram.url, NULL, NULL, 0, 60, url_progress,
                                     url_done, self);
}

/* --- KEY: the simulated platform --------------------------------------- */

static void
platform_step (FdSimModule *module, gpointer data)
{
  FdSimLuat *self = data;

  if (self->percent >= 100)
    {
      start_burning (self, module->luat.target_version);
      return;
    }
  download_percent (self, self->percent + 10);
  fd_sim_module_timeout (module, module->timing.step_ms, platform_step, self, NULL);
}

static void
platform_answer (FdSimModule *module, gpointer data)
{
  FdSimLuat               *self = data;
  const FdSimLuatPlatform *p = &module->luat;

  if (self->ram.key == NULL || self->ram.key[0] == '\0')
    finish_failed (self, LUAT_ERR_HTTP, 200, LUAT_CAUSE_PROJECT, "no product KEY");
  else if (p->error_code != 0 || p->fota_cause != 0)
    finish_failed (self, p->error_code, p->http_status, p->fota_cause, "the platform says so");
  else if (g_strcmp0 (p->target_version, module->revision) == 0)
    finish_failed (self, LUAT_ERR_HTTP, 200, LUAT_CAUSE_LATEST, "already the latest");
  else
    platform_step (module, self);
}

/* --- a run -------------------------------------------------------------- */

static gboolean
busy (FdSimLuat *self)
{
  return self->phase != PHASE_IDLE;
}

static void
run_start (FdSimLuat *self)
{
  self->phase = PHASE_DOWNLOAD;
  self->state = 1;
  self->percent = 0;
  self->has_result = FALSE;
  self->last_ind = 0;
  fd_sim_module_urc (self->module, "+UPGRADEIND: 0");
  if (self->ram.url != NULL && self->ram.url[0] != '\0')
    run_url (self);
  else
    fd_sim_module_timeout (self->module, self->module->timing.check_ms, platform_answer, self,
                           NULL);
}

static void auto_schedule (FdSimLuat *self);

static void
auto_check (FdSimModule *module, gpointer data)
{
  FdSimLuat *self = data;

  self->auto_id = 0;
  if (!busy (self))
    {
      fd_sim_module_note (module, "UPGRADE: automatic check");
      run_start (self);
    }
  auto_schedule (self);
}

/* The automatic check talks to the server only with somewhere to ask. */
static void
auto_schedule (FdSimLuat *self)
{
  fd_sim_module_cancel_timer (self->module, self->auto_id);
  self->auto_id = 0;
  if (self->ram.auto_ != 1 || (self->ram.key == NULL && self->ram.url == NULL))
    return;
  self->auto_id = fd_sim_module_timeout (
      self->module, fd_sim_module_sim_seconds (self->module, (double)self->ram.period), auto_check,
      self, NULL);
}

/* --- commands ----------------------------------------------------------- */

static void
reply_tag (FdSimLuat *self, const char *tag)
{
  FdSimModule *m = self->module;

  if (strcmp (tag, "KEY") == 0)
    {
      g_autofree char *line
          = g_strdup_printf ("+UPGRADE:\"KEY\",\"%s\"", self->ram.key != NULL ? self->ram.key : "");
      fd_sim_module_reply_secret (m, line);
    }
  else if (strcmp (tag, "AUTO") == 0)
    fd_sim_module_reply_line (m, "+UPGRADE:\"AUTO\",%" G_GINT64_FORMAT, self->ram.auto_);
  else if (strcmp (tag, "PERIOD") == 0)
    fd_sim_module_reply_line (m, "+UPGRADE:\"PERIOD\",%" G_GINT64_FORMAT, self->ram.period);
  else
    fd_sim_module_reply_line (m, "+UPGRADE:\"URL\",\"%s\"",
                              self->ram.url != NULL ? self->ram.url : "");
  fd_sim_module_reply_ok (m);
}

/* Sets @tag in @t from argument 1; FALSE for a bad value. */
static gboolean
set_tag (LuatTags *t, const char *tag, const FdSimCommand *cmd)
{
  const char *text = fd_sim_command_arg_string (cmd, 1, TRUE);
  gint64      v;

  if (strcmp (tag, "KEY") == 0 || strcmp (tag, "URL") == 0)
    {
      gsize  max = tag[0] == 'K' ? LUAT_KEY_MAX : LUAT_URL_MAX;
      char **slot = tag[0] == 'K' ? &t->key : &t->url;

      if (text == NULL || strlen (text) > max)
        return FALSE;
      g_free (*slot);
      *slot = g_strdup (text);
      return TRUE;
    }
  if (strcmp (tag, "AUTO") == 0 && fd_sim_command_arg_int (cmd, 1, 0, 1, &v))
    t->auto_ = v;
  else if (strcmp (tag, "PERIOD") == 0 && fd_sim_command_arg_int (cmd, 1, 60, G_MAXUINT32, &v))
    t->period = v;
  else
    return FALSE;
  return TRUE;
}

static gboolean
handle_set (FdSimLuat *self, const FdSimCommand *cmd)
{
  const char      *raw = fd_sim_command_arg_string (cmd, 0, TRUE);
  g_autofree char *tag = raw != NULL ? g_ascii_strup (raw, -1) : NULL;
  gint64           save = 0;
  guint            n = fd_sim_command_n_args (cmd);

  if (tag == NULL
      || (strcmp (tag, "KEY") != 0 && strcmp (tag, "AUTO") != 0 && strcmp (tag, "PERIOD") != 0
          && strcmp (tag, "URL") != 0))
    return FALSE;
  if (n == 1)
    {
      reply_tag (self, tag);
      return TRUE;
    }
  /* savetoNV: 0 = save (the default), 1 = this boot only. */
  if (n > 3 || (n == 3 && !fd_sim_command_arg_int (cmd, 2, 0, 1, &save)))
    return FALSE;
  if (!set_tag (&self->ram, tag, cmd))
    return FALSE;
  if (save == 0)
    set_tag (&self->nv, tag, cmd);
  auto_schedule (self);
  fd_sim_module_reply_ok (self->module);
  return TRUE;
}

static void
reply_status (FdSimLuat *self)
{
  FdSimModule *m = self->module;

  if (self->state == 1)
    fd_sim_module_reply_line (m, "+UPGRADE: 1,%d", CLAMP (self->percent, 1, 100));
  else if (self->state == 2 && self->has_result)
    fd_sim_module_reply_line (m, "+UPGRADE: 2,%d,%d,%d", self->error_code, self->http_status,
                              self->cause);
  else
    fd_sim_module_reply_line (m, "+UPGRADE: %d", self->state);
  fd_sim_module_reply_ok (m);
}

static gboolean
luat_handle (FdSimModule *module, gpointer state, const FdSimCommand *cmd)
{
  FdSimLuat *self = state;

  if (strcmp (cmd->name, "+UPGRADE") != 0)
    return FALSE;
  switch (cmd->type)
    {
    case FD_SIM_COMMAND_READ:
      reply_status (self);
      return TRUE;
    case FD_SIM_COMMAND_TEST:
      fd_sim_module_reply_line (module, "+UPGRADE: (\"KEY\",\"AUTO\",\"PERIOD\",\"URL\")");
      fd_sim_module_reply_ok (module);
      return TRUE;
    case FD_SIM_COMMAND_EXEC:
      if (busy (self))
        fd_sim_module_reply_error (module);
      else
        {
          fd_sim_module_reply_ok (module);
          run_start (self);
        }
      return TRUE;
    case FD_SIM_COMMAND_SET:
    default:
      if (!handle_set (self, cmd))
        fd_sim_module_reply_error (module);
      return TRUE;
    }
}

/* --- power -------------------------------------------------------------- */

static void
burn_step (FdSimModule *module, gpointer data)
{
  FdSimLuat *self = data;

  fd_sim_module_urc (module, "+UPGRADEDL: %d", self->percent);
  if (self->percent < 100)
    {
      self->percent += 10;
      fd_sim_module_timeout (module, MAX (module->timing.flash_ms / 10, 1), burn_step, self, NULL);
      return;
    }
  fd_sim_module_set_revision_internal (module, self->new_version);
  self->phase = PHASE_REPORT;
  fd_sim_module_do_reboot (module);
}

static void
report_sent (FdSimModule *module, gpointer data)
{
  FdSimLuat *self = data;

  fd_sim_module_urc (module, "+UPGRADEVER: %d", self->report_ok ? 1 : 0);
}

static void
luat_boot (FdSimModule *module, gpointer state)
{
  FdSimLuat *self = state;

  tags_copy (&self->ram, &self->nv);
  self->state = 0;
  self->has_result = FALSE;
  switch (self->phase)
    {
    case PHASE_BURN:
      self->state = 1;
      self->percent = 0;
      burn_step (module, self);
      break;
    case PHASE_REPORT:
      self->phase = PHASE_IDLE;
      self->state = 2;
      fd_sim_module_urc (module, "+UPGRADEVER: \"%s\"", self->new_version);
      fd_sim_module_timeout (module, module->timing.check_ms, report_sent, self, NULL);
      break;
    case PHASE_DOWNLOAD:
    case PHASE_IDLE:
    default:
      self->phase = PHASE_IDLE;
      break;
    }
  auto_schedule (self);
}

static void
luat_power_off (FdSimModule *module, gpointer state)
{
  FdSimLuat *self = state;

  if (self->fetch != NULL)
    {
      fd_sim_fetch_cancel (self->fetch);
      self->fetch = NULL;
    }
  self->auto_id = 0; /* RAM timers are gone */
}

const FdSimDialect fd_sim_dialect_luat = {
  .name = "luat",
  .state_new = luat_state_new,
  .state_free = luat_state_free,
  .boot = luat_boot,
  .power_off = luat_power_off,
  .handle = luat_handle,
};
