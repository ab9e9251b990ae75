/* fd-sim-command.c — an AT command line as the simulated firmware reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-command.h"

#include <stdlib.h>
#include <string.h>

static void
arg_free (gpointer data)
{
  FdSimArg *arg = data;

  g_free (arg->value);
  g_free (arg);
}

void
fd_sim_command_free (FdSimCommand *self)
{
  if (self == NULL)
    return;
  g_free (self->line);
  g_free (self->name);
  g_ptr_array_unref (self->args);
  g_free (self);
}

static FdSimArg *
arg_new (const char *start, gsize len, gboolean quoted)
{
  FdSimArg *arg = g_new0 (FdSimArg, 1);

  arg->value = g_strndup (start, len);
  arg->quoted = quoted;
  if (!quoted)
    g_strstrip (arg->value);
  return arg;
}

/* One argument starting at *p; leaves *p on the ',' or the NUL after it. */
static FdSimArg *
parse_one_arg (const char **p)
{
  const char *s = *p;

  while (*s == ' ')
    s++;
  if (*s == '"')
    {
      const char *start = ++s;
      const char *end = strchr (start, '"');
      FdSimArg   *arg;

      if (end == NULL)
        return NULL;
      arg = arg_new (start, (gsize)(end - start), TRUE);
      s = end + 1;
      while (*s == ' ')
        s++;
      if (*s != ',' && *s != '\0')
        {
          arg_free (arg);
          return NULL;
        }
      *p = s;
      return arg;
    }
  {
    const char *start = s;

    while (*s != ',' && *s != '\0')
      {
        if (*s == '"')
          return NULL;
        s++;
      }
    *p = s;
    return arg_new (start, (gsize)(s - start), FALSE);
  }
}

static gboolean
parse_args (const char *text, GPtrArray *args)
{
  const char *p = text;

  for (;;)
    {
      FdSimArg *arg = parse_one_arg (&p);

      if (arg == NULL)
        return FALSE;
      g_ptr_array_add (args, arg);
      if (*p == '\0')
        return TRUE;
      p++; /* the ',' */
    }
}

/* "ATE1", "ATI", "ATZ": one letter and an optional number. */
static gboolean
parse_basic (FdSimCommand *self, const char *rest)
{
  char        letter = g_ascii_toupper (rest[0]);
  const char *num = rest + 1;

  if (!g_ascii_isalpha (letter))
    return FALSE;
  self->name = g_strdup_printf ("%c", letter);
  if (*num == '\0')
    {
      self->type = FD_SIM_COMMAND_EXEC;
      return TRUE;
    }
  if (*num == '?' && num[1] == '\0')
    {
      self->type = FD_SIM_COMMAND_READ;
      return TRUE;
    }
  for (const char *q = num; *q != '\0'; q++)
    if (!g_ascii_isdigit (*q))
      return FALSE;
  self->type = FD_SIM_COMMAND_SET;
  g_ptr_array_add (self->args, arg_new (num, strlen (num), FALSE));
  return TRUE;
}

/* "AT+NAME", "AT+NAME?", "AT+NAME=?", "AT+NAME=args" (also '&', '^', '$'). */
static gboolean
parse_extended (FdSimCommand *self, const char *rest)
{
  gsize n = 1;

  while (g_ascii_isalnum (rest[n]) || rest[n] == '_')
    n++;
  if (n == 1)
    return FALSE;
  self->name = g_ascii_strup (rest, (gssize)n);
  rest += n;
  if (*rest == '\0')
    self->type = FD_SIM_COMMAND_EXEC;
  else if (strcmp (rest, "?") == 0)
    self->type = FD_SIM_COMMAND_READ;
  else if (strcmp (rest, "=?") == 0)
    self->type = FD_SIM_COMMAND_TEST;
  else if (*rest == '=')
    {
      self->type = FD_SIM_COMMAND_SET;
      return parse_args (rest + 1, self->args);
    }
  else
    return FALSE;
  return TRUE;
}

FdSimCommand *
fd_sim_command_parse (const char *line)
{
  g_autoptr (FdSimCommand) self = NULL;
  const char *rest;
  gboolean    ok;

  g_return_val_if_fail (line != NULL, NULL);
  if (g_ascii_strncasecmp (line, "AT", 2) != 0)
    return NULL;
  self = g_new0 (FdSimCommand, 1);
  self->line = g_strdup (line);
  self->args = g_ptr_array_new_with_free_func (arg_free);
  rest = line + 2;
  if (*rest == '\0')
    {
      self->name = g_strdup ("");
      self->type = FD_SIM_COMMAND_EXEC;
      return g_steal_pointer (&self);
    }
  if (strchr ("+&^$%", *rest) != NULL)
    ok = parse_extended (self, rest);
  else
    ok = parse_basic (self, rest);
  return ok ? g_steal_pointer (&self) : NULL;
}

guint
fd_sim_command_n_args (const FdSimCommand *self)
{
  return self->args->len;
}

const FdSimArg *
fd_sim_command_arg (const FdSimCommand *self, guint index)
{
  if (index >= self->args->len)
    return NULL;
  return g_ptr_array_index (self->args, index);
}

gboolean
fd_sim_command_arg_int (const FdSimCommand *self, guint index, gint64 min, gint64 max, gint64 *out)
{
  const FdSimArg *arg = fd_sim_command_arg (self, index);
  gint64          value;

  if (arg == NULL || arg->quoted || arg->value[0] == '\0')
    return FALSE;
  if (!g_ascii_string_to_signed (arg->value, 10, min, max, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
fd_sim_command_arg_string (const FdSimCommand *self, guint index, gboolean require_quotes)
{
  const FdSimArg *arg = fd_sim_command_arg (self, index);

  if (arg == NULL || (require_quotes && !arg->quoted))
    return NULL;
  return arg->value;
}
