/* fd-sim-command.h — an AT command line as the simulated firmware reads it
 *
 * Pure parsing, no I/O: "AT+MFWCFG="url","http://x"" becomes the name
 * "+MFWCFG", the type SET and two arguments, the first one quoted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FD_SIM_COMMAND_EXEC, /* AT+X, ATI, AT */
  FD_SIM_COMMAND_READ, /* AT+X? */
  FD_SIM_COMMAND_TEST, /* AT+X=? */
  FD_SIM_COMMAND_SET,  /* AT+X=a,b / ATE1 */
} FdSimCommandType;

typedef struct
{
  char    *value; /* unquoted text; surrounding spaces stripped when not quoted */
  gboolean quoted;
} FdSimArg;

typedef struct
{
  char            *line; /* the whole line as received, without the CR */
  char            *name; /* upper case: "+CGMR", "E", "I", "" for a bare AT */
  FdSimCommandType type;
  GPtrArray       *args; /* FdSimArg*, empty unless SET */
} FdSimCommand;

/* Parses @line (which starts with "AT" in any case). Returns NULL when the
 * line is not well formed (unterminated quote, text after a closing quote,
 * no command name after '+'); the firmware answers ERROR then. */
FdSimCommand *fd_sim_command_parse (const char *line);
void          fd_sim_command_free (FdSimCommand *self);

guint fd_sim_command_n_args (const FdSimCommand *self);
/* NULL when @index is past the end. */
const FdSimArg *fd_sim_command_arg (const FdSimCommand *self, guint index);

/* Reads argument @index as a decimal integer within [@min, @max]; FALSE
 * when missing, quoted, not a number or out of bounds. */
gboolean fd_sim_command_arg_int (const FdSimCommand *self, guint index, gint64 min, gint64 max,
                                 gint64 *out);
/* Argument @index as a string; @require_quotes FALSE accepts both. */
const char *fd_sim_command_arg_string (const FdSimCommand *self, guint index,
                                       gboolean require_quotes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdSimCommand, fd_sim_command_free)

G_END_DECLS
