/* fd-identify.c — identification without side effects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fd-at-decoders.h"
#include "fd-identify.h"

#define IDENTIFY_DEFAULT_TIMEOUT_MS 2000
#define WAKE_ATTEMPTS 3

static const char *const allowed_commands[] = {
  "AT", "ATE0", "AT+CMEE=1", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN=1", "AT+CGSN", "ATI",
  "AT+RSFOTAMODE?", "AT+MFWCFG=\"url\"", "AT+UPGRADE?", NULL
};

static const struct {
  FdDialects  dialect;
  const char *name;
  const char *probe;
} dialects[] = {
  { FD_DIALECT_RSFOTA, "rsfota", "AT+RSFOTAMODE?" },
  { FD_DIALECT_MFW, "mfw", "AT+MFWCFG=\"url\"" },
  { FD_DIALECT_LUAT, "luat", "AT+UPGRADE?" },
};

void
fd_identity_clear (FdIdentity *identity)
{
  g_clear_pointer (&identity->manufacturer, g_free);
  g_clear_pointer (&identity->model, g_free);
  g_clear_pointer (&identity->revision, g_free);
  g_clear_pointer (&identity->imei, g_free);
  identity->dialects = FD_DIALECT_NONE;
}

const char *
fd_dialect_to_string (FdDialects dialect)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dialects); i++)
    {
      if (dialects[i].dialect == dialect)
        return dialects[i].name;
    }
  return NULL;
}

gboolean
fd_dialect_from_string (const char *name, FdDialects *dialect)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dialects); i++)
    {
      if (g_strcmp0 (name, dialects[i].name) == 0)
        {
          *dialect = dialects[i].dialect;
          return TRUE;
        }
    }
  return FALSE;
}

char *
fd_dialects_to_string (FdDialects set)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (dialects); i++)
    {
      if ((set & dialects[i].dialect) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, dialects[i].name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *const *
fd_identify_get_allowed_commands (void)
{
  return allowed_commands;
}

char *
fd_identify_parse_value (const char *line, const char *name)
{
  const char *p = line;
  g_autofree char *head = g_strdup_printf ("+%s:", name);
  g_autofree char *value = NULL;

  if (g_ascii_strncasecmp (p, head, strlen (head)) == 0)
    p += strlen (head);
  else if (g_ascii_strncasecmp (p, "Revision:", 9) == 0)
    p += 9;
  value = g_strstrip (g_strdup (p));
  if (value[0] == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
    {
      value[strlen (value) - 1] = '\0';
      memmove (value, value + 1, strlen (value));
    }
  if (value[0] == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

char *
fd_identify_find_imei (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *p = line;
      char *imei = NULL;

      if (fd_at_decode_imei (line, &imei))
        return imei;
      /* ATI output often says "IMEI: 86…" */
      if (g_ascii_strncasecmp (p, "IMEI", 4) == 0)
        {
          p += 4;
          while (*p == ':' || *p == ' ')
            p++;
          if (fd_at_decode_imei (p, &imei))
            return imei;
        }
    }
  return NULL;
}

/* AT until it answers: a module may still be waking up. */
static gboolean
wake (FdAtSession *session, guint timeout_ms, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) last = NULL;

  for (int attempt = 0; attempt < WAKE_ATTEMPTS; attempt++)
    {
      g_autoptr(GPtrArray) lines = NULL;

      g_clear_error (&last);
      lines = fd_at_session_command (session, "AT", timeout_ms, cancellable, &last);
      if (lines != NULL)
        return TRUE;
      if (!g_error_matches (last, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT) &&
          last->domain != FD_AT_ERROR)
        break; /* gone, cancelled: no point in trying again */
    }
  g_propagate_error (error, g_steal_pointer (&last));
  return FALSE;
}

/* A command whose failure only leaves a field empty; FALSE only when the
 * port is gone or the call cancelled. */
static gboolean
optional_command (FdAtSession  *session,
                  const char   *command,
                  guint         timeout_ms,
                  GPtrArray   **lines,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr(GError) local = NULL;

  *lines = fd_at_session_command (session, command, timeout_ms, cancellable, &local);
  if (*lines != NULL)
    return TRUE;
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_GONE) ||
      g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_debug ("%s: %s", command, local->message);
  return TRUE;
}

static gboolean
read_value (FdAtSession  *session,
            const char   *command,
            const char   *name,
            guint         timeout_ms,
            char        **value,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(GPtrArray) lines = NULL;

  if (!optional_command (session, command, timeout_ms, &lines, cancellable, error))
    return FALSE;
  if (lines != NULL && lines->len > 0)
    *value = fd_identify_parse_value (g_ptr_array_index (lines, 0), name);
  return TRUE;
}

char *
fd_identify_model_from_ati (GPtrArray *lines, const char *manufacturer)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (line[0] == '+' || g_ascii_strncasecmp (line, "Revision", 8) == 0 ||
          g_ascii_strncasecmp (line, "IMEI", 4) == 0 ||
          g_strcmp0 (line, manufacturer) == 0 || g_ascii_isdigit (line[0]))
        continue;
      if (i == 0 && lines->len > 1 && manufacturer == NULL)
        continue; /* ATI starts with the maker */
      return g_strdup (line);
    }
  return NULL;
}

/* IMEI by AT+CGSN=1, then AT+CGSN; ATI for whatever is still missing. */
static gboolean
read_imei_and_fallbacks (FdAtSession  *session,
                         guint         timeout_ms,
                         FdIdentity   *identity,
                         GCancellable *cancellable,
                         GError      **error)
{
  static const char *const commands[] = { "AT+CGSN=1", "AT+CGSN" };
  g_autoptr(GPtrArray) ati = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (commands) && identity->imei == NULL; i++)
    {
      g_autoptr(GPtrArray) lines = NULL;

      if (!optional_command (session, commands[i], timeout_ms, &lines, cancellable, error))
        return FALSE;
      if (lines != NULL)
        identity->imei = fd_identify_find_imei (lines);
    }
  if (identity->imei != NULL && identity->model != NULL)
    return TRUE;

  if (!optional_command (session, "ATI", timeout_ms, &ati, cancellable, error))
    return FALSE;
  if (ati == NULL)
    return TRUE;
  if (identity->imei == NULL)
    identity->imei = fd_identify_find_imei (ati);
  if (identity->model == NULL)
    identity->model = fd_identify_model_from_ati (ati, identity->manufacturer);
  return TRUE;
}

gboolean
fd_identify (FdAtSession  *session,
             guint         command_timeout_ms,
             FdIdentity   *identity,
             GCancellable *cancellable,
             GError      **error)
{
  guint timeout = command_timeout_ms > 0 ? command_timeout_ms : IDENTIFY_DEFAULT_TIMEOUT_MS;
  g_autoptr(GPtrArray) unused = NULL;

  g_return_val_if_fail (identity != NULL, FALSE);

  if (!wake (session, timeout, cancellable, error))
    return FALSE;
  if (!fd_at_session_echo_off (session, cancellable, error))
    return FALSE;
  if (!optional_command (session, "AT+CMEE=1", timeout, &unused, cancellable, error))
    return FALSE;
  if (!read_value (session, "AT+CGMI", "CGMI", timeout, &identity->manufacturer, cancellable,
                   error) ||
      !read_value (session, "AT+CGMM", "CGMM", timeout, &identity->model, cancellable, error) ||
      !read_value (session, "AT+CGMR", "CGMR", timeout, &identity->revision, cancellable,
                   error) ||
      !read_imei_and_fallbacks (session, timeout, identity, cancellable, error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (dialects); i++)
    {
      g_autoptr(GPtrArray) lines = NULL;

      if (!optional_command (session, dialects[i].probe, timeout, &lines, cancellable, error))
        return FALSE;
      if (lines != NULL)
        identity->dialects |= dialects[i].dialect;
    }
  return TRUE;
}
