/* fd-identify.c — identification without side effects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fd-at-decoders.h"
#include "fd-identify.h"

/* Two commands in a row without any answer: the module went quiet
 * (rebooting, or it only answered AT by chance); stop instead of waiting
 * for every remaining command in turn. */
#define MAX_SILENT_COMMANDS 2
/* Longer values are not names or versions but noise. */
#define MAX_VALUE_BYTES 128

/* The whole vocabulary of identification. Reads, plus ATE0 and
 * AT+CMEE=1, which only last until the module restarts. */
static const char *const allowed_commands[] = {
  "AT",
  "ATE0",
  "AT+CMEE=1",
  "AT+CGMI",
  "AT+CGMM",
  "AT+CGMR",
  "AT+CGSN=1", /* 27.007 <snt>=1: "return the IMEI"; a read despite the '=' */
  "AT+CGSN",
  "ATI",
  "AT+RSFOTAMODE?",
  "AT+MFWCFG=\"url\"", /* the read form of an item: no value after the name */
  "AT+UPGRADE?",
  NULL,
};

static const struct {
  FdDialect   dialect;
  const char *probe;
  const char *prefix;
} probes[] = {
  { FD_DIALECT_RSFOTA, "AT+RSFOTAMODE?", "+RSFOTAMODE:" },
  { FD_DIALECT_MFW, "AT+MFWCFG=\"url\"", "+MFWCFG:" },
  { FD_DIALECT_LUAT, "AT+UPGRADE?", "+UPGRADE:" },
};

/* MFW's own error codes (spec: dialect B, error codes). */
#define MFW_ERROR_FIRST 850
#define MFW_ERROR_LAST  855

void
fd_identity_clear (FdIdentity *identity)
{
  g_clear_pointer (&identity->manufacturer, g_free);
  g_clear_pointer (&identity->model, g_free);
  g_clear_pointer (&identity->revision, g_free);
  g_clear_pointer (&identity->imei, g_free);
  identity->dialects = FD_DIALECT_NONE;
  identity->answered_at = FALSE;
}

void
fd_identity_copy (const FdIdentity *src, FdIdentity *dest)
{
  dest->manufacturer = g_strdup (src->manufacturer);
  dest->model = g_strdup (src->model);
  dest->revision = g_strdup (src->revision);
  dest->imei = g_strdup (src->imei);
  dest->dialects = src->dialects;
  dest->answered_at = src->answered_at;
}

char *
fd_dialects_to_string (FdDialect dialects)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      if ((dialects & probes[i].dialect) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, fd_dialect_to_string (probes[i].dialect));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *const *
fd_identify_get_allowed_commands (void)
{
  return allowed_commands;
}

/* ---- pure helpers ------------------------------------------------------- */

static gboolean
has_prefix_ci (const char *s, const char *prefix)
{
  return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

/* Valid UTF-8, no control bytes, bounded, trimmed, unquoted; NULL if empty. */
static char *
clean_value (const char *raw)
{
  g_autofree char *valid = g_utf8_make_valid (raw, MIN (strlen (raw), MAX_VALUE_BYTES));
  gsize len;

  for (char *p = valid; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
  g_strstrip (valid);
  len = strlen (valid);
  if (len >= 2 && valid[0] == '"' && valid[len - 1] == '"')
    {
      valid[len - 1] = '\0';
      memmove (valid, valid + 1, len - 1);
      g_strstrip (valid);
    }
  if (valid[0] == '\0')
    return NULL;
  return g_steal_pointer (&valid);
}

/* "Manufacturer:", "Model:", "Revision:" as ATI and some CGMx answers
 * label their values. */
static const char *
label_for (const char *name)
{
  if (g_ascii_strcasecmp (name, "CGMI") == 0)
    return "Manufacturer:";
  if (g_ascii_strcasecmp (name, "CGMM") == 0)
    return "Model:";
  if (g_ascii_strcasecmp (name, "CGMR") == 0)
    return "Revision:";
  return NULL;
}

/* The text after "Label:" when @line starts with it (any case). */
static const char *
after_label (const char *line, const char *label)
{
  if (label == NULL || !has_prefix_ci (line, label))
    return NULL;
  return line + strlen (label);
}

char *
fd_identify_parse_value (const char *line, const char *name)
{
  g_autofree char *head = NULL;
  const char *value;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  head = g_strdup_printf ("+%s:", name);
  if (has_prefix_ci (line, head))
    value = line + strlen (head);
  else if ((value = after_label (line, label_for (name))) == NULL)
    value = line;
  return clean_value (value);
}

/* Printable text: valid UTF-8 without control bytes. */
static gboolean
reads_as_text (const char *line)
{
  if (!g_utf8_validate (line, -1, NULL))
    return FALSE;
  for (const guchar *p = (const guchar *) line; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_tagged_line (const char *line, const char *name)
{
  g_autofree char *head = g_strdup_printf ("+%s:", name);
  const char *label = label_for (name);

  return has_prefix_ci (line, head) || (label != NULL && has_prefix_ci (line, label));
}

char *
fd_identify_pick_value (GPtrArray *lines, const char *name)
{
  g_return_val_if_fail (lines != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (is_tagged_line (line, name))
        return fd_identify_parse_value (line, name);
    }
  for (guint i = lines->len; i > 0; i--)
    {
      const char *line = g_ptr_array_index (lines, i - 1);

      if (reads_as_text (line))
        {
          char *value = fd_identify_parse_value (line, name);

          if (value != NULL)
            return value;
        }
    }
  return NULL;
}

static gboolean
decode_imei_after_label (const char *line, char **imei)
{
  const char *p = after_label (line, "IMEI");

  if (p == NULL)
    return FALSE;
  while (*p == ':' || *p == ' ')
    p++;
  return fd_at_decode_imei (p, imei);
}

char *
fd_identify_find_imei (GPtrArray *lines)
{
  g_return_val_if_fail (lines != NULL, NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      char *imei = NULL;

      if (fd_at_decode_imei (line, &imei) || decode_imei_after_label (line, &imei))
        return imei;
    }
  return NULL;
}

/* The value of the first line labelled @label, cleaned. */
static char *
find_labelled (GPtrArray *lines, const char *label)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *value = after_label (g_ptr_array_index (lines, i), label);

      if (value != NULL)
        return clean_value (value);
    }
  return NULL;
}

static gboolean
is_all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    {
      if (!g_ascii_isdigit (*s))
        return FALSE;
    }
  return TRUE;
}

/* A line of ATI output that may be a bare maker or model: text, not a
 * labelled or "+NAME:" line, not an IMEI or another number. */
static gboolean
is_bare_ati_line (const char *line)
{
  g_autofree char *clean = reads_as_text (line) ? clean_value (line) : NULL;

  return clean != NULL && clean[0] != '+' && strchr (clean, ':') == NULL &&
         !is_all_digits (clean) && !g_str_equal (clean, "OK");
}

/* The @nth bare line of ATI output (0-based), cleaned, or NULL. */
static char *
nth_bare_line (GPtrArray *lines, guint nth, const char *skip)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *clean = NULL;

      if (!is_bare_ati_line (line))
        continue;
      clean = clean_value (line);
      if (skip != NULL && g_ascii_strcasecmp (clean, skip) == 0)
        continue;
      if (nth-- == 0)
        return g_steal_pointer (&clean);
    }
  return NULL;
}

static guint
count_bare_lines (GPtrArray *lines)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      if (is_bare_ati_line (g_ptr_array_index (lines, i)))
        n++;
    }
  return n;
}

char *
fd_identify_manufacturer_from_ati (GPtrArray *lines)
{
  char *labelled;

  g_return_val_if_fail (lines != NULL, NULL);

  labelled = find_labelled (lines, "Manufacturer:");
  if (labelled != NULL)
    return labelled;
  /* a lone bare line is the model, not the maker */
  if (count_bare_lines (lines) < 2)
    return NULL;
  return nth_bare_line (lines, 0, NULL);
}

char *
fd_identify_model_from_ati (GPtrArray *lines, const char *manufacturer)
{
  char *labelled;

  g_return_val_if_fail (lines != NULL, NULL);

  labelled = find_labelled (lines, "Model:");
  if (labelled != NULL)
    return labelled;
  if (manufacturer != NULL)
    return nth_bare_line (lines, 0, manufacturer);
  /* maker first, then model; a single bare line is the model */
  return nth_bare_line (lines, count_bare_lines (lines) >= 2 ? 1 : 0, NULL);
}

char *
fd_identify_revision_from_ati (GPtrArray *lines)
{
  g_return_val_if_fail (lines != NULL, NULL);
  return find_labelled (lines, "Revision:");
}

static gboolean
has_line_with_prefix (GPtrArray *lines, const char *prefix)
{
  for (guint i = 0; i < lines->len; i++)
    {
      if (has_prefix_ci (g_ptr_array_index (lines, i), prefix))
        return TRUE;
    }
  return FALSE;
}

gboolean
fd_identify_probe_answered (FdDialect dialect, GPtrArray *lines, const GError *error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      if (probes[i].dialect != dialect)
        continue;
      if (lines == NULL)
        return dialect == FD_DIALECT_MFW && error != NULL && error->domain == FD_CME_ERROR &&
               error->code >= MFW_ERROR_FIRST && error->code <= MFW_ERROR_LAST;
      if (has_line_with_prefix (lines, probes[i].prefix))
        return TRUE;
      return dialect == FD_DIALECT_MFW && lines->len == 0;
    }
  g_return_val_if_reached (FALSE);
}

/* ---- the sequence ------------------------------------------------------- */

typedef struct {
  FdAtSession  *session;
  guint         timeout_ms;
  guint         n_silent; /* commands in a row that got no answer at all */
  GCancellable *cancellable;
} Identify;

static gboolean
is_module_answer (const GError *error)
{
  return error->domain == FD_AT_ERROR || error->domain == FD_CME_ERROR ||
         error->domain == FD_CMS_ERROR || error->domain == FD_CIS_ERROR;
}

/* AT until it answers: a module may still be starting. Every attempt
 * that timed out or got an error result is tried again. */
static gboolean
wake (Identify *id, FdIdentity *identity, GError **error)
{
  g_autoptr(GError) last = NULL;
  gboolean any_answer = FALSE;

  for (guint attempt = 0; attempt < FD_IDENTIFY_WAKE_ATTEMPTS; attempt++)
    {
      g_autoptr(GPtrArray) lines = NULL;

      g_clear_error (&last);
      lines = fd_at_session_command (id->session, "AT", id->timeout_ms, id->cancellable, &last);
      if (lines != NULL)
        {
          identity->answered_at = TRUE;
          return TRUE;
        }
      if (is_module_answer (last))
        any_answer = TRUE;
      else if (!g_error_matches (last, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
        {
          g_propagate_error (error, g_steal_pointer (&last));
          return FALSE; /* gone, cancelled: no point in trying again */
        }
    }
  if (any_answer)
    g_set_error (error, FD_AT_ERROR, FD_AT_ERROR_UNEXPECTED_RESPONSE,
                 _("The port answers AT with an error (%s)"), last->message);
  else
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                 /* Translators: how many tries, then the seconds each one waited */
                 _("No answer to AT (%u tries of %.1f s)"), FD_IDENTIFY_WAKE_ATTEMPTS,
                 id->timeout_ms / 1000.0);
  return FALSE;
}

/* A command whose failure only leaves a field empty. Returns FALSE when
 * the port is gone, the call cancelled, or the module stopped answering;
 * otherwise TRUE with *@lines NULL when the module refused (*@refusal
 * then holds why, if asked for). */
static gboolean
optional_command (Identify    *id,
                  const char  *command,
                  GPtrArray  **lines,
                  GError     **refusal,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;

  *lines = fd_at_session_command (id->session, command, id->timeout_ms, id->cancellable, &local);
  if (*lines != NULL || is_module_answer (local))
    {
      id->n_silent = 0;
      if (local != NULL)
        {
          g_debug ("%s: %s", command, local->message);
          if (refusal != NULL)
            *refusal = g_steal_pointer (&local);
        }
      return TRUE;
    }
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT) &&
      ++id->n_silent < MAX_SILENT_COMMANDS)
    {
      g_debug ("%s: %s", command, local->message);
      return TRUE;
    }
  if (g_error_matches (local, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT))
    {
      g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                   _("The module answered AT, then stopped answering (last: %s)"), command);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Reads one value into *@value (left alone when the module refuses). */
static gboolean
read_value (Identify *id, const char *command, char **value, GError **error)
{
  g_autoptr(GPtrArray) lines = NULL;

  if (!optional_command (id, command, &lines, NULL, error))
    return FALSE;
  if (lines != NULL)
    *value = fd_identify_pick_value (lines, command + 3);
  return TRUE;
}

static gboolean
read_imei (Identify *id, char **imei, GError **error)
{
  static const char *const commands[] = { "AT+CGSN=1", "AT+CGSN" };

  for (gsize i = 0; i < G_N_ELEMENTS (commands) && *imei == NULL; i++)
    {
      g_autoptr(GPtrArray) lines = NULL;

      if (!optional_command (id, commands[i], &lines, NULL, error))
        return FALSE;
      if (lines != NULL)
        *imei = fd_identify_find_imei (lines);
    }
  return TRUE;
}

static void
take_if_missing (char **field, char *value)
{
  if (*field == NULL)
    *field = value;
  else
    g_free (value);
}

/* ATI for whatever the standard commands did not tell. */
static gboolean
read_ati (Identify *id, FdIdentity *identity, GError **error)
{
  g_autoptr(GPtrArray) ati = NULL;

  if (identity->imei != NULL && identity->model != NULL && identity->manufacturer != NULL &&
      identity->revision != NULL)
    return TRUE;
  if (!optional_command (id, "ATI", &ati, NULL, error))
    return FALSE;
  if (ati == NULL)
    return TRUE;
  take_if_missing (&identity->imei, fd_identify_find_imei (ati));
  take_if_missing (&identity->model, fd_identify_model_from_ati (ati, identity->manufacturer));
  take_if_missing (&identity->manufacturer, fd_identify_manufacturer_from_ati (ati));
  take_if_missing (&identity->revision, fd_identify_revision_from_ati (ati));
  return TRUE;
}

static gboolean
probe_dialects (Identify *id, FdIdentity *identity, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) refusal = NULL;

      if (!optional_command (id, probes[i].probe, &lines, &refusal, error))
        return FALSE;
      if (fd_identify_probe_answered (probes[i].dialect, lines, refusal))
        identity->dialects |= probes[i].dialect;
    }
  return TRUE;
}

/* AT, then the volatile session settings every later command relies on. */
static gboolean
open_conversation (Identify *id, FdIdentity *identity, GError **error)
{
  g_autoptr(GPtrArray) unused = NULL;
  g_autoptr(GPtrArray) unused2 = NULL;

  return wake (id, identity, error) && optional_command (id, "ATE0", &unused, NULL, error) &&
         optional_command (id, "AT+CMEE=1", &unused2, NULL, error);
}

gboolean
fd_identify (FdAtSession  *session,
             guint         command_timeout_ms,
             FdIdentity   *identity,
             GCancellable *cancellable,
             GError      **error)
{
  Identify id = {
    .session = session,
    .timeout_ms = command_timeout_ms > 0 ? command_timeout_ms : FD_IDENTIFY_DEFAULT_TIMEOUT_MS,
    .cancellable = cancellable,
  };

  g_return_val_if_fail (FD_IS_AT_SESSION (session), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return open_conversation (&id, identity, error) &&
         read_value (&id, "AT+CGMI", &identity->manufacturer, error) &&
         read_value (&id, "AT+CGMM", &identity->model, error) &&
         read_value (&id, "AT+CGMR", &identity->revision, error) &&
         read_imei (&id, &identity->imei, error) && read_ati (&id, identity, error) &&
         probe_dialects (&id, identity, error);
}

gboolean
fd_identify_imei (FdAtSession  *session,
                  guint         command_timeout_ms,
                  FdIdentity   *identity,
                  GCancellable *cancellable,
                  GError      **error)
{
  Identify id = {
    .session = session,
    .timeout_ms = command_timeout_ms > 0 ? command_timeout_ms : FD_IDENTIFY_DEFAULT_TIMEOUT_MS,
    .cancellable = cancellable,
  };
  g_autoptr(GPtrArray) unused = NULL;
  g_autoptr(GPtrArray) ati = NULL;

  g_return_val_if_fail (FD_IS_AT_SESSION (session), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!wake (&id, identity, error) || !optional_command (&id, "ATE0", &unused, NULL, error) ||
      !read_imei (&id, &identity->imei, error))
    return FALSE;
  if (identity->imei != NULL)
    return TRUE;
  if (!optional_command (&id, "ATI", &ati, NULL, error))
    return FALSE;
  if (ati != NULL)
    identity->imei = fd_identify_find_imei (ati);
  return TRUE;
}
