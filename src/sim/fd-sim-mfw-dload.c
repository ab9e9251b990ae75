/* fd-sim-mfw-dload.c — dialect B: AT+MFWDLOAD in all its forms
 *
 * See fd-sim-mfw.h for the choices made where the manual is silent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-mfw.h"

#include <string.h>

char *
fd_sim_mfw_dload_line (int state, guint64 total, guint64 dlength)
{
  if (total == 0)
    return g_strdup_printf ("+MFWDLOAD: %d,,%" G_GUINT64_FORMAT, state, dlength);
  return g_strdup_printf ("+MFWDLOAD: %d,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT, state, total,
                          dlength);
}

static void
dload_urc (FdSimMfw *self, int state, guint64 total, guint64 dlength)
{
  g_autofree char *line = fd_sim_mfw_dload_line (state, total, dlength);

  fd_sim_module_urc (self->module, "%s", line);
}

void
fd_sim_mfw_store (FdSimMfw *self, gsize offset, const guint8 *data, gsize len)
{
  if (offset + len > self->pkg->len)
    g_byte_array_set_size (self->pkg, (guint)(offset + len));
  memcpy (self->pkg->data + offset, data, len);
}

/* --- download by the module (AT+MFWDLOAD) ----------------------------- */

static void
dload_progress (guint64 received, guint64 total, gpointer user_data)
{
  FdSimMfw *self = user_data;

  guint64 delta = received - MIN (received, self->received);

  self->total = total;
  self->received = received;
  if (!fd_sim_module_transfer_progress (self->module, (gsize)delta))
    return; /* the port dropped (fault): the power-off stopped us */
  if (self->progind == 0)
    return;
  /* One URC each time another progind bytes have arrived. */
  while (received >= self->next_ind && (total == 0 || self->next_ind < total))
    {
      dload_urc (self, 1, total, self->next_ind);
      self->next_ind += self->progind;
    }
}

static void
interrupted_urc (FdSimModule *module, gpointer data)
{
  FdSimMfw *self = data;

  dload_urc (self, 0, self->total, self->pkg->len);
}

static void
dload_done (GBytes *body, const FdSimFetchResult *result, gpointer user_data)
{
  FdSimMfw     *self = user_data;
  gsize         len;
  const guint8 *bytes = g_bytes_get_data (body, &len);
  guint64       start = result->received - len;

  self->fetch = NULL;
  if (len > 0)
    fd_sim_mfw_store (self, (gsize)start, bytes, len);
  g_byte_array_set_size (self->pkg, (guint)result->received);
  if (result->total != 0)
    self->total = result->total;
  fd_sim_module_note (self->module, "MFWDLOAD %s: %s", self->url, result->message);
  switch (result->status)
    {
    case FD_SIM_FETCH_OK:
      self->dl = MFW_DL_DONE;
      self->total = self->pkg->len;
      dload_urc (self, 2, self->total, self->pkg->len);
      break;
    case FD_SIM_FETCH_PARTIAL:
      /* Broken off: resumable, "3" then "0" a moment later. */
      self->dl = MFW_DL_RESUMABLE;
      dload_urc (self, 3, self->total, self->pkg->len);
      fd_sim_module_timeout (self->module, self->module->timing.check_ms, interrupted_urc, self,
                             NULL);
      break;
    default:
      self->dl = MFW_DL_FAILED;
      dload_urc (self, 3, self->total, self->pkg->len);
      break;
    }
}

static char *
file_path (FdSimMfw *self)
{
  const char *path = self->url + strlen ("file://");
  g_auto (GStrv) parts = NULL;

  while (*path == '/')
    path++;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return NULL;
  if (self->module->fs_root == NULL || *path == '\0')
    return NULL;
  return g_build_filename (self->module->fs_root, path, NULL);
}

static void
dload_file (FdSimMfw *self)
{
  g_autofree char *path = file_path (self);
  g_autofree char *contents = NULL;
  gsize            len = 0;

  if (path == NULL || !g_file_get_contents (path, &contents, &len, NULL)
      || len > FD_SIM_MFW_STORE_MAX)
    {
      fd_sim_module_reply_cme (self->module, 855);
      return;
    }
  g_byte_array_set_size (self->pkg, 0);
  g_byte_array_append (self->pkg, (const guint8 *)contents, (guint)len);
  self->source = MFW_SRC_FILE;
  self->dl = MFW_DL_DONE;
  self->total = len;
  fd_sim_module_reply_ok (self->module);
}

static void
dload_exec (FdSimMfw *self)
{
  g_autofree char *scheme = NULL;
  guint64          resume = 0;

  if (self->dl == MFW_DL_RUNNING)
    {
      fd_sim_module_reply_cme (self->module, 850);
      return;
    }
  if (self->dl == MFW_DL_FAILED)
    {
      fd_sim_module_reply_cme (self->module, 855);
      return;
    }
  if (self->url == NULL)
    {
      fd_sim_module_reply_cme (self->module, 851);
      return;
    }
  if (!fd_sim_mfw_scheme_allowed (self, self->url))
    {
      fd_sim_module_reply_cme (self->module, 852);
      return;
    }
  scheme = fd_sim_url_scheme (self->url);
  if (g_strcmp0 (scheme, "file") == 0)
    {
      dload_file (self);
      return;
    }
  if (self->dl == MFW_DL_RESUMABLE && self->source == MFW_SRC_NETWORK)
    resume = self->pkg->len;
  else
    {
      g_byte_array_set_size (self->pkg, 0);
      self->total = 0;
    }
  self->source = MFW_SRC_NETWORK;
  self->dl = MFW_DL_RUNNING;
  self->module->transfer_bytes = 0;
  self->received = resume;
  self->next_ind = self->progind > 0 ? (resume / self->progind + 1) * self->progind : 0;
  fd_sim_module_reply_ok (self->module);
  self->fetch = fd_sim_module_fetch (self->module, self->url, self->user, self->password, resume,
                                     self->timeout_s, dload_progress, dload_done, self);
}

static void
dload_query (FdSimMfw *self)
{
  g_autofree char *line = NULL;
  int              state;

  switch (self->source == MFW_SRC_NETWORK ? self->dl : MFW_DL_IDLE)
    {
    case MFW_DL_RUNNING:
      state = 1;
      break;
    case MFW_DL_DONE:
      state = 2;
      break;
    case MFW_DL_RESUMABLE:
      state = 0;
      break;
    case MFW_DL_FAILED:
      state = 3;
      break;
    case MFW_DL_IDLE:
    default:
      /* The query is for HTTP/FTP downloads only. */
      fd_sim_module_reply_cme (self->module, 850);
      return;
    }
  line = fd_sim_mfw_dload_line (state, self->total, self->pkg->len);
  fd_sim_module_reply_line (self->module, "%s", line);
  fd_sim_module_reply_ok (self->module);
}

/* --- writes over the serial port --------------------------------------- */

/* Common checks of a write at @offset of @len bytes; replies on failure. */
static gboolean
write_allowed (FdSimMfw *self, gint64 offset, gint64 len)
{
  guint code = 0;

  if (self->dl == MFW_DL_RUNNING)
    code = 850;
  else if (self->dl == MFW_DL_FAILED)
    code = 855;
  else if (self->source == MFW_SRC_SERIAL ? offset > (gint64)self->pkg->len : offset != 0)
    code = 853; /* a gap in the package, or a new package not at 0 */
  else if (offset + len > FD_SIM_MFW_STORE_MAX)
    code = 853;
  if (code != 0)
    {
      fd_sim_module_reply_cme (self->module, code);
      return FALSE;
    }
  if (self->source != MFW_SRC_SERIAL)
    {
      g_byte_array_set_size (self->pkg, 0);
      self->source = MFW_SRC_SERIAL;
      self->dl = MFW_DL_IDLE;
    }
  return TRUE;
}

static gboolean
decode_hex (const char *hex, gsize len, guint8 *out)
{
  if (strlen (hex) != 2 * len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8)(hi << 4 | lo);
    }
  return TRUE;
}

static void
hex_write_ok (FdSimModule *module, gpointer data)
{
  fd_sim_module_reply_ok (module);
}

static void
hex_write (FdSimMfw *self, const FdSimCommand *cmd)
{
  guint8 bytes[FD_SIM_MFW_HEX_MAX];
  gint64 offset, len;
  guint  delay;

  if (!fd_sim_command_arg_int (cmd, 0, 0, G_MAXINT32, &offset)
      || !fd_sim_command_arg_int (cmd, 1, 0, G_MAXINT32, &len))
    {
      fd_sim_module_reply_error (self->module);
      return;
    }
  /* Quoted (footnote 8) or not (the example in §4): both are accepted. */
  if (len == 0 || len > FD_SIM_MFW_HEX_MAX
      || !decode_hex (fd_sim_command_arg (cmd, 2)->value, (gsize)len, bytes))
    {
      fd_sim_module_reply_cme (self->module, 853);
      return;
    }
  if (!write_allowed (self, offset, len))
    return;
  if (offset == 0)
    self->module->transfer_bytes = 0;
  fd_sim_mfw_store (self, (gsize)offset, bytes, (gsize)len);
  if (!fd_sim_module_transfer_progress (self->module, (gsize)len))
    return;
  delay = (guint)(len * self->module->faults.flash_ms_per_kib / 1024);
  if (delay == 0)
    {
      fd_sim_module_reply_ok (self->module);
      return;
    }
  fd_sim_module_flash_pause (self->module, (gsize)len);
  fd_sim_module_timeout (self->module, delay, hex_write_ok, NULL, NULL);
}

static void
pt_data (FdSimModule *module, const guint8 *data, gsize len, gpointer user_data)
{
  FdSimMfw *self = user_data;

  fd_sim_mfw_store (self, self->pt_offset, data, len);
  self->pt_offset += len;
  if (!fd_sim_module_transfer_progress (module, len))
    return;
  fd_sim_module_flash_pause (module, len);
}

static void
pt_done (FdSimModule *module, gboolean complete, gpointer user_data)
{
  if (complete)
    fd_sim_module_reply_ok (module);
  else
    fd_sim_module_reply_cme (module, 853);
}

static void
passthrough_write (FdSimMfw *self, const FdSimCommand *cmd)
{
  gint64 offset, len;
  gsize  max = self->module->faults.passthrough_max;

  if (!fd_sim_command_arg_int (cmd, 0, 0, G_MAXINT32, &offset)
      || !fd_sim_command_arg_int (cmd, 1, 1, G_MAXINT32, &len))
    {
      fd_sim_module_reply_error (self->module);
      return;
    }
  if (max > 0 && (gsize)len > max)
    {
      fd_sim_module_reply_cme (self->module, 853);
      return;
    }
  if (!write_allowed (self, offset, len))
    return;
  if (offset == 0)
    self->module->transfer_bytes = 0;
  self->pt_offset = (gsize)offset;
  /* The manual: "OK or > OK". */
  if (self->module->faults.passthrough_ok)
    fd_sim_module_reply_ok (self->module);
  else
    fd_sim_module_write_raw (self->module, (const guint8 *)"\r\n> ", 4);
  fd_sim_module_begin_passthrough (self->module, (gsize)len, pt_data, pt_done, self);
}

gboolean
fd_sim_mfw_dload (FdSimMfw *self, const FdSimCommand *cmd)
{
  if (!(self->caps & (FD_SIM_MFW_DLOAD | FD_SIM_MFW_HEX_WRITE | FD_SIM_MFW_PASSTHROUGH)))
    return FALSE;
  switch (cmd->type)
    {
    case FD_SIM_COMMAND_EXEC:
      if (!(self->caps & FD_SIM_MFW_DLOAD))
        return FALSE;
      dload_exec (self);
      return TRUE;
    case FD_SIM_COMMAND_READ:
      if (!(self->caps & FD_SIM_MFW_DLOAD))
        return FALSE;
      dload_query (self);
      return TRUE;
    case FD_SIM_COMMAND_TEST:
      fd_sim_module_reply_ok (self->module);
      return TRUE;
    case FD_SIM_COMMAND_SET:
    default:
      break;
    }
  if (fd_sim_command_n_args (cmd) == 3 && (self->caps & FD_SIM_MFW_HEX_WRITE))
    hex_write (self, cmd);
  else if (fd_sim_command_n_args (cmd) == 2 && (self->caps & FD_SIM_MFW_PASSTHROUGH))
    passthrough_write (self, cmd);
  else
    fd_sim_module_reply_error (self->module);
  return TRUE;
}

void
fd_sim_mfw_dload_power_off (FdSimMfw *self)
{
  if (self->fetch != NULL)
    {
      fd_sim_fetch_cancel (self->fetch);
      self->fetch = NULL;
    }
  /* Power lost mid-download: what arrived stays, and it resumes. */
  if (self->dl == MFW_DL_RUNNING)
    self->dl = MFW_DL_RESUMABLE;
}
