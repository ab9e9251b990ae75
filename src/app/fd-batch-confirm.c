/* fd-batch-confirm.c — the body of the "Start?" question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-batch-confirm.h"
#include "fd-device-item.h"

struct _FdBatchConfirm
{
  AdwBin parent_instance;

  GtkLabel       *plan_label;
  GtkLabel       *modules_label;
  GtkLabel       *warning_label;
  GtkCheckButton *canary_check;
  GtkCheckButton *stop_check;
  GtkWidget      *concurrency_box;
  GtkSpinButton  *concurrency_spin;
};

G_DEFINE_FINAL_TYPE (FdBatchConfirm, fd_batch_confirm, ADW_TYPE_BIN)

static void
fd_batch_confirm_class_init (FdBatchConfirmClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fotadesk/FotaDesk/fd-batch-confirm.ui");
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, plan_label);
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, modules_label);
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, warning_label);
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, canary_check);
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, stop_check);
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, concurrency_box);
  gtk_widget_class_bind_template_child (widget_class, FdBatchConfirm, concurrency_spin);
}

static void
fd_batch_confirm_init (FdBatchConfirm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* One line per module: model, IMEI, revision, port. */
static char *
module_lines (GPtrArray *devices)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < devices->len; i++)
    {
      FdDeviceItem    *device = g_ptr_array_index (devices, i);
      g_autofree char *port_name = fd_device_item_dup_port_name (device);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (
          text, "%s  ·  %s  ·  %s  ·  %s", fd_device_item_get_title (device),
          fd_device_item_get_imei (device) ? fd_device_item_get_imei (device) : "—",
          fd_device_item_get_revision (device) ? fd_device_item_get_revision (device) : "—",
          port_name != NULL ? port_name : "—");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GtkWidget *
fd_batch_confirm_new (GPtrArray *devices, const char *plan, const char *warnings, gboolean canary)
{
  FdBatchConfirm  *self = g_object_new (FD_TYPE_BATCH_CONFIRM, NULL);
  g_autofree char *lines = module_lines (devices);

  gtk_label_set_text (self->plan_label, plan);
  gtk_label_set_text (self->modules_label, lines);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->modules_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Modules in the batch"), -1);
  gtk_label_set_text (self->warning_label, warnings != NULL ? warnings : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warnings != NULL);
  gtk_check_button_set_active (self->canary_check, canary && devices->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->canary_check), devices->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_check), devices->len > 1);
  gtk_widget_set_visible (self->concurrency_box, devices->len > 1);
  return GTK_WIDGET (self);
}

gboolean
fd_batch_confirm_get_canary (FdBatchConfirm *self)
{
  g_return_val_if_fail (FD_IS_BATCH_CONFIRM (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->canary_check))
         && gtk_check_button_get_active (self->canary_check);
}

void
fd_batch_confirm_set_canary (FdBatchConfirm *self, gboolean canary)
{
  g_return_if_fail (FD_IS_BATCH_CONFIRM (self));
  gtk_check_button_set_active (self->canary_check, canary);
}

void
fd_batch_confirm_set_options (FdBatchConfirm *self, guint concurrency, gboolean stop)
{
  g_return_if_fail (FD_IS_BATCH_CONFIRM (self));
  gtk_spin_button_set_value (self->concurrency_spin, concurrency);
  gtk_check_button_set_active (self->stop_check, stop);
}

guint
fd_batch_confirm_get_concurrency (FdBatchConfirm *self)
{
  g_return_val_if_fail (FD_IS_BATCH_CONFIRM (self), 1);
  return (guint) gtk_spin_button_get_value_as_int (self->concurrency_spin);
}

gboolean
fd_batch_confirm_get_stop_on_failure (FdBatchConfirm *self)
{
  g_return_val_if_fail (FD_IS_BATCH_CONFIRM (self), FALSE);
  return gtk_check_button_get_active (self->stop_check);
}
