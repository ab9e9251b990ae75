/* fd-banner.c — a message across the top of a pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-banner.h"

struct _FdBanner
{
  AdwBin parent_instance;

  GtkRevealer *revealer;
  GtkImage    *icon;
  GtkLabel    *title_label;
  GtkLabel    *message_label;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (FdBanner, fd_banner, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_MESSAGE,
  PROP_REVEALED,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void
fd_banner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdBanner *self = FD_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, fd_banner_get_title (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, fd_banner_get_message (self));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, fd_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_banner_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  FdBanner *self = FD_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      fd_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_MESSAGE:
      fd_banner_set_message (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      fd_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_banner_class_init (FdBannerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fd_banner_get_property;
  object_class->set_property = fd_banner_set_property;

  props[PROP_TITLE]
      = g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  props[PROP_REVEALED] = g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, FdBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, FdBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, FdBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, FdBanner, message_label);
  gtk_widget_class_bind_template_child (widget_class, FdBanner, button);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fd_banner_init (FdBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fd_banner_new (void)
{
  return g_object_new (FD_TYPE_BANNER, NULL);
}

void
fd_banner_set_title (FdBanner *self, const char *title)
{
  g_return_if_fail (FD_IS_BANNER (self));
  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

const char *
fd_banner_get_title (FdBanner *self)
{
  g_return_val_if_fail (FD_IS_BANNER (self), NULL);
  return gtk_label_get_text (self->title_label);
}

void
fd_banner_set_message (FdBanner *self, const char *message)
{
  g_return_if_fail (FD_IS_BANNER (self));
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MESSAGE]);
}

const char *
fd_banner_get_message (FdBanner *self)
{
  g_return_val_if_fail (FD_IS_BANNER (self), NULL);
  return gtk_label_get_text (self->message_label);
}

void
fd_banner_set_button (FdBanner *self, const char *label, const char *action_name)
{
  g_return_if_fail (FD_IS_BANNER (self));
  gtk_button_set_label (self->button, label != NULL ? label : "");
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (self->button), action_name);
  gtk_widget_set_visible (GTK_WIDGET (self->button), label != NULL);
}

void
fd_banner_set_icon_name (FdBanner *self, const char *icon_name)
{
  g_return_if_fail (FD_IS_BANNER (self));
  gtk_image_set_from_icon_name (self->icon, icon_name);
}

void
fd_banner_set_revealed (FdBanner *self, gboolean revealed)
{
  g_return_if_fail (FD_IS_BANNER (self));
  if (gtk_revealer_get_reveal_child (self->revealer) == !!revealed)
    return;
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REVEALED]);
}

gboolean
fd_banner_get_revealed (FdBanner *self)
{
  g_return_val_if_fail (FD_IS_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}
