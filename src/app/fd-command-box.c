/* fd-command-box.c — a command to copy, shown exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-command-box.h"

struct _FdCommandBox
{
  AdwBin parent_instance;

  GtkLabel          *caption_label;
  GtkScrolledWindow *scrolled;
  GtkLabel          *text_label;
  GtkButton         *copy_button;
};

/* Taller texts scroll (the rule is some thirty lines). */
#define MAX_HEIGHT 260

G_DEFINE_FINAL_TYPE (FdCommandBox, fd_command_box, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TEXT,
  PROP_CAPTION,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void
copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  FdCommandBox *self = FD_COMMAND_BOX (widget);
  GtkWidget    *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), fd_command_box_get_text (self));
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_ ("Copied")));
}

static void
fd_command_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdCommandBox *self = FD_COMMAND_BOX (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, fd_command_box_get_text (self));
      break;
    case PROP_CAPTION:
      g_value_set_string (value, fd_command_box_get_caption (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_command_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  FdCommandBox *self = FD_COMMAND_BOX (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      fd_command_box_set_text (self, g_value_get_string (value));
      break;
    case PROP_CAPTION:
      fd_command_box_set_caption (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_command_box_class_init (FdCommandBoxClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_command_box_get_property;
  object_class->set_property = fd_command_box_set_property;

  props[PROP_TEXT]
      = g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_CAPTION] = g_param_spec_string ("caption", NULL, NULL, NULL,
                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-command-box.ui");
  gtk_widget_class_bind_template_child (widget_class, FdCommandBox, caption_label);
  gtk_widget_class_bind_template_child (widget_class, FdCommandBox, scrolled);
  gtk_widget_class_bind_template_child (widget_class, FdCommandBox, text_label);
  gtk_widget_class_bind_template_child (widget_class, FdCommandBox, copy_button);
  gtk_widget_class_install_action (widget_class, "command.copy", NULL, copy_action);
}

static void
fd_command_box_init (FdCommandBox *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_command_box_new (void)
{
  return g_object_new (FD_TYPE_COMMAND_BOX, NULL);
}

void
fd_command_box_set_text (FdCommandBox *self, const char *text)
{
  int natural = 0;

  g_return_if_fail (FD_IS_COMMAND_BOX (self));
  gtk_label_set_text (self->text_label, text != NULL ? text : "");
  /* The scrolled window alone would give a long text a few lines. */
  gtk_widget_measure (GTK_WIDGET (self->text_label), GTK_ORIENTATION_VERTICAL, -1, NULL, &natural,
                      NULL, NULL);
  gtk_scrolled_window_set_min_content_height (self->scrolled, MIN (natural, MAX_HEIGHT));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TEXT]);
}

const char *
fd_command_box_get_text (FdCommandBox *self)
{
  g_return_val_if_fail (FD_IS_COMMAND_BOX (self), NULL);
  return gtk_label_get_text (self->text_label);
}

void
fd_command_box_set_caption (FdCommandBox *self, const char *caption)
{
  gboolean shown = caption != NULL && *caption != '\0';

  g_return_if_fail (FD_IS_COMMAND_BOX (self));
  gtk_label_set_text (self->caption_label, shown ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), shown);
  if (shown)
    {
      /* Translators: accessible name of a Copy button; %s says what it copies */
      g_autofree char *copy = g_strdup_printf (_ ("Copy: %s"), caption);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, copy, -1);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAPTION]);
}

const char *
fd_command_box_get_caption (FdCommandBox *self)
{
  g_return_val_if_fail (FD_IS_COMMAND_BOX (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->caption_label))
             ? gtk_label_get_text (self->caption_label)
             : NULL;
}

void
fd_command_box_focus_copy (FdCommandBox *self)
{
  g_return_if_fail (FD_IS_COMMAND_BOX (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->copy_button));
}
