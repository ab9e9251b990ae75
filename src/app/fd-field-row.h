/* fd-field-row.h — a form row with a text, number or password entry, a
 * line of help under its title, and room to say what is wrong with it
 *
 * AdwEntryRow has no subtitle, and a field-level error needs one: the
 * message, with the allowed range, appears where the help was, in the
 * error colour, as the user types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum {
  FD_FIELD_KIND_TEXT,
  FD_FIELD_KIND_NUMBER,
  FD_FIELD_KIND_PASSWORD,
} FdFieldKind;

#define FD_TYPE_FIELD_KIND (fd_field_kind_get_type ())
GType fd_field_kind_get_type (void);

typedef enum {
  FD_FIELD_STATE_NORMAL,
  FD_FIELD_STATE_WARNING,
  FD_FIELD_STATE_ERROR,
} FdFieldState;

#define FD_TYPE_FIELD_ROW (fd_field_row_get_type ())
G_DECLARE_FINAL_TYPE (FdFieldRow, fd_field_row, FD, FIELD_ROW, AdwActionRow)

GtkWidget *fd_field_row_new (FdFieldKind kind);

/* What the user typed (never NULL), and setting it as if typed. */
const char *fd_field_row_get_text (FdFieldRow *self);
void fd_field_row_set_text (FdFieldRow *self, const char *text);
/* The entry, for tests and for focus. */
GtkEditable *fd_field_row_get_editable (FdFieldRow *self);

/* Marks the entry itself (its outline) as in error or warning. */
void fd_field_row_set_state (FdFieldRow *self, FdFieldState state);

/* A NUMBER field: FALSE with @error_message (translated, new) when the
 * text is not a whole number; TRUE with *@has FALSE when it is empty. */
gboolean fd_field_row_get_number (FdFieldRow *self,
                                  gboolean   *has,
                                  guint64    *value,
                                  char      **error_message);
/* Shows @value (or empty when !@has). */
void fd_field_row_set_number (FdFieldRow *self, gboolean has, guint64 value);

G_END_DECLS
