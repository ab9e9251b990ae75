/* fd-command-box.h — a command (or a file's text) to copy, shown exactly
 *
 * Monospace, selectable, never wrapped (a wrapped command reads as two),
 * scrolled when long or wide, with a Copy button that puts the exact
 * text on the clipboard and says so in the nearest toast overlay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FD_TYPE_COMMAND_BOX (fd_command_box_get_type ())
G_DECLARE_FINAL_TYPE (FdCommandBox, fd_command_box, FD, COMMAND_BOX, AdwBin)

GtkWidget  *fd_command_box_new (void);
void        fd_command_box_set_text (FdCommandBox *self, const char *text);
const char *fd_command_box_get_text (FdCommandBox *self);
/* A line above the text ("Stop it until the computer restarts:"); NULL
 * for none. It also names the box for screen readers. */
void        fd_command_box_set_caption (FdCommandBox *self, const char *caption);
const char *fd_command_box_get_caption (FdCommandBox *self);
/* Focuses the Copy button (a focused label would show all selected). */
void fd_command_box_focus_copy (FdCommandBox *self);

G_END_DECLS
