/* fd-field-row.c — a form row with an entry and a field-level message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "fd-field-row.h"

struct _FdFieldRow
{
  AdwActionRow parent_instance;

  FdFieldKind  kind;
  GtkWidget   *entry;
};

G_DEFINE_FINAL_TYPE (FdFieldRow, fd_field_row, ADW_TYPE_ACTION_ROW)

G_DEFINE_ENUM_TYPE (FdFieldKind, fd_field_kind,
                    G_DEFINE_ENUM_VALUE (FD_FIELD_KIND_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (FD_FIELD_KIND_NUMBER, "number"),
                    G_DEFINE_ENUM_VALUE (FD_FIELD_KIND_PASSWORD, "password"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TEXT,
  PROP_PLACEHOLDER,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
on_entry_changed (GtkEditable *editable, FdFieldRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TEXT]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
make_entry (FdFieldRow *self)
{
  GtkWidget *entry;

  if (self->kind == FD_FIELD_KIND_PASSWORD)
    {
      entry = gtk_password_entry_new ();
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 16);
    }
  else
    {
      entry = gtk_entry_new ();
      if (self->kind == FD_FIELD_KIND_NUMBER)
        {
          gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
          gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
        }
      else
        {
          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 26);
        }
    }
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  self->entry = entry;
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), entry);
}

static void
sync_accessible (FdFieldRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
}

static void
on_title_changed (FdFieldRow *self, GParamSpec *pspec, gpointer data)
{
  sync_accessible (self);
}

static void
fd_field_row_constructed (GObject *object)
{
  FdFieldRow *self = FD_FIELD_ROW (object);

  G_OBJECT_CLASS (fd_field_row_parent_class)->constructed (object);
  make_entry (self);
  sync_accessible (self);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed), NULL);
}

static void
fd_field_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  FdFieldRow *self = FD_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TEXT:
      g_value_set_string (value, fd_field_row_get_text (self));
      break;
    case PROP_PLACEHOLDER:
      g_object_get_property (G_OBJECT (self->entry), "placeholder-text", value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_field_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FdFieldRow *self = FD_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TEXT:
      fd_field_row_set_text (self, g_value_get_string (value));
      break;
    case PROP_PLACEHOLDER:
      g_object_set_property (G_OBJECT (self->entry), "placeholder-text", value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_field_row_class_init (FdFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fd_field_row_constructed;
  object_class->get_property = fd_field_row_get_property;
  object_class->set_property = fd_field_row_set_property;

  props[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, FD_TYPE_FIELD_KIND,
                                        FD_FIELD_KIND_TEXT,
                                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                          G_PARAM_STATIC_STRINGS);
  props[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "",
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                            G_PARAM_STATIC_STRINGS);
  props[PROP_PLACEHOLDER] = g_param_spec_string ("placeholder", NULL, NULL, NULL,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* The text changed (typed or set). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fd_field_row_init (FdFieldRow *self)
{
}

GtkWidget *
fd_field_row_new (FdFieldKind kind)
{
  return g_object_new (FD_TYPE_FIELD_ROW, "kind", kind, NULL);
}

const char *
fd_field_row_get_text (FdFieldRow *self)
{
  g_return_val_if_fail (FD_IS_FIELD_ROW (self), "");
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
fd_field_row_set_text (FdFieldRow *self, const char *text)
{
  g_return_if_fail (FD_IS_FIELD_ROW (self));
  if (g_strcmp0 (fd_field_row_get_text (self), text != NULL ? text : "") == 0)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

GtkEditable *
fd_field_row_get_editable (FdFieldRow *self)
{
  g_return_val_if_fail (FD_IS_FIELD_ROW (self), NULL);
  return GTK_EDITABLE (self->entry);
}

gboolean
fd_field_row_get_number (FdFieldRow *self,
                         gboolean   *has,
                         guint64    *value,
                         char      **error_message)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  g_return_val_if_fail (FD_IS_FIELD_ROW (self), FALSE);

  text = g_strstrip (g_strdup (fd_field_row_get_text (self)));
  *has = FALSE;
  *value = 0;
  if (*text == '\0')
    return TRUE;
  errno = 0;
  if (g_ascii_isdigit (*text))
    *value = g_ascii_strtoull (text, &end, 10);
  if (end == NULL || *end != '\0')
    {
      *error_message = g_strdup (_("Enter a whole number, without a sign or unit."));
      return FALSE;
    }
  if (errno == ERANGE)
    {
      *error_message = g_strdup (_("This number is far too large."));
      return FALSE;
    }
  *has = TRUE;
  return TRUE;
}

void
fd_field_row_set_number (FdFieldRow *self, gboolean has, guint64 value)
{
  g_autofree char *text = has ? g_strdup_printf ("%" G_GUINT64_FORMAT, value) : NULL;

  fd_field_row_set_text (self, text);
}

void
fd_field_row_set_state (FdFieldRow *self, FdFieldState state)
{
  g_return_if_fail (FD_IS_FIELD_ROW (self));
  gtk_widget_remove_css_class (self->entry, "error");
  gtk_widget_remove_css_class (self->entry, "warning");
  if (state == FD_FIELD_STATE_ERROR)
    gtk_widget_add_css_class (self->entry, "error");
  else if (state == FD_FIELD_STATE_WARNING)
    gtk_widget_add_css_class (self->entry, "warning");
}
