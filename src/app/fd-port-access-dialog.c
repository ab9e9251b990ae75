/* fd-port-access-dialog.c — how to fix port access on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fd-banner.h"
#include "fd-command-box.h"
#include "fd-port-access-dialog.h"

#define RULE_RESOURCE "/io/github/fotadesk/FotaDesk/" FD_UDEV_RULE_NAME

struct _FdPortAccessDialog
{
  AdwWindow parent_instance;

  FdHostFixes      *fixes;
  FdPortAccessTopic topic;

  AdwWindowTitle      *window_title;
  FdBanner            *flatpak_banner;
  AdwPreferencesGroup *intro_group;
  AdwPreferencesGroup *rule_group;
  GtkLabel            *rule_status;
  FdCommandBox        *rule_command;
  FdCommandBox        *rule_text;
  AdwPreferencesGroup *group_group;
  FdCommandBox        *group_command;
  AdwPreferencesGroup *modem_manager_group;
  FdCommandBox        *stop_command;
  FdCommandBox        *mask_command;
  AdwPreferencesGroup *brltty_group;
  FdCommandBox        *brltty_command;
};

G_DEFINE_FINAL_TYPE (FdPortAccessDialog, fd_port_access_dialog, ADW_TYPE_WINDOW)

static const char *const topic_names[] = { "all", "permission", "busy" };

FdPortAccessTopic
fd_port_access_topic_from_string (const char *topic)
{
  for (gsize i = 0; i < G_N_ELEMENTS (topic_names); i++)
    if (g_strcmp0 (topic, topic_names[i]) == 0)
      return (FdPortAccessTopic)i;
  return FD_PORT_ACCESS_ALL;
}

const char *
fd_port_access_topic_to_string (FdPortAccessTopic topic)
{
  g_return_val_if_fail (topic < G_N_ELEMENTS (topic_names), NULL);
  return topic_names[topic];
}

char *
fd_port_access_dup_rule_text (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_resources_lookup_data (RULE_RESOURCE, 0, &error);

  /* Compiled in: missing is a build error, not the user's. */
  if (bytes == NULL)
    g_error ("The udev rule is missing from the resources: %s", error->message);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* What the rule command does, given what FotaDesk can see of the rule. */
static char *
describe_rule (FdHostFixes *fixes)
{
  const char *path = fd_host_fixes_get_rule_path (fixes);

  switch (fd_host_fixes_get_rule_state (fixes))
    {
    case FD_HOST_RULE_INSTALLED:
      /* Translators: %s is where the rule is, e.g. /usr/lib/udev/rules.d/60-fotadesk.rules */
      return g_strdup_printf (_ ("The rule is installed (%s). This command makes udev apply it to "
                                 "the modules plugged in now:"),
                              path);
    case FD_HOST_RULE_DIFFERENT:
      /* Translators: the first %s is the installed rule's path, the second where the
       * command writes this one (/etc/udev/rules.d/60-fotadesk.rules) */
      return g_strdup_printf (_ ("Another version of the rule is installed (%s). This command "
                                 "writes this version to %s, where it takes precedence, and makes "
                                 "udev apply it:"),
                              path, FD_UDEV_RULE_INSTALL_PATH);
    case FD_HOST_RULE_UNKNOWN:
      /* Translators: %s is /etc/udev/rules.d/60-fotadesk.rules */
      return g_strdup_printf (_ ("From inside Flatpak, FotaDesk cannot see whether the rule is "
                                 "installed on the host. This command writes it to %s and makes "
                                 "udev apply it; running it again does no harm:"),
                              FD_UDEV_RULE_INSTALL_PATH);
    case FD_HOST_RULE_MISSING:
    default:
      /* Translators: %s is /etc/udev/rules.d/60-fotadesk.rules */
      return g_strdup_printf (_ ("The rule is not installed. This command writes it to %s and "
                                 "makes udev apply it:"),
                              FD_UDEV_RULE_INSTALL_PATH);
    }
}

static void
fill_rule (FdPortAccessDialog *self)
{
  g_autofree char *status = describe_rule (self->fixes);
  g_autofree char *command = fd_host_fixes_dup_rule_command (self->fixes);

  gtk_label_set_text (self->rule_status, status);
  fd_command_box_set_text (self->rule_command, command);
  fd_command_box_set_text (self->rule_text, fd_host_fixes_get_rule_text (self->fixes));
}

static void
fill_group (FdPortAccessDialog *self, const char *port)
{
  g_autofree char *group = port != NULL ? fd_host_dup_port_group (port) : NULL;
  g_autofree char *command = fd_host_dup_join_group_command (group);
  g_autofree char *description = NULL;

  /* Translators: %s is a group name such as dialout */
  description = g_strdup_printf (_ ("Serial ports belong to the “%s” group. Join it once; it "
                                    "applies from your next login. The udev rule above lets you "
                                    "open the ports of the modules it knows without this."),
                                 group != NULL ? group : "dialout");
  adw_preferences_group_set_description (self->group_group, description);
  fd_command_box_set_text (self->group_command, command);
}

static void
fill_flatpak (FdPortAccessDialog *self)
{
  gboolean flatpak = fd_host_fixes_get_flatpak (self->fixes);

  fd_banner_set_message (self->flatpak_banner,
                         _ ("FotaDesk runs in Flatpak, so it can neither see nor change the "
                            "computer outside its sandbox. Copy each command into a terminal on "
                            "the host, such as Terminal or Console, and run it there."));
  fd_banner_set_icon_name (self->flatpak_banner, "utilities-terminal-symbolic");
  fd_banner_set_revealed (self->flatpak_banner, flatpak);
  gtk_widget_set_visible (GTK_WIDGET (self->intro_group), !flatpak);
}

static void
show_topic (FdPortAccessDialog *self)
{
  gboolean all = self->topic == FD_PORT_ACCESS_ALL;

  gtk_widget_set_visible (GTK_WIDGET (self->group_group),
                          all || self->topic == FD_PORT_ACCESS_PERMISSION);
  gtk_widget_set_visible (GTK_WIDGET (self->modem_manager_group),
                          all || self->topic == FD_PORT_ACCESS_BUSY);
  gtk_widget_set_visible (GTK_WIDGET (self->brltty_group),
                          all || self->topic == FD_PORT_ACCESS_BUSY);
}

/* The first thing to do is copy the rule's command. */
static void
fd_port_access_dialog_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fd_port_access_dialog_parent_class)->map (widget);
  fd_command_box_focus_copy (FD_PORT_ACCESS_DIALOG (widget)->rule_command);
}

static void
fd_port_access_dialog_dispose (GObject *object)
{
  FdPortAccessDialog *self = FD_PORT_ACCESS_DIALOG (object);

  g_clear_object (&self->fixes);
  G_OBJECT_CLASS (fd_port_access_dialog_parent_class)->dispose (object);
}

static void
fd_port_access_dialog_class_init (FdPortAccessDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fd_port_access_dialog_dispose;
  widget_class->map = fd_port_access_dialog_map;

  g_type_ensure (FD_TYPE_BANNER);
  g_type_ensure (FD_TYPE_COMMAND_BOX);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/fotadesk/FotaDesk/fd-port-access-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, flatpak_banner);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, intro_group);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, rule_group);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, rule_status);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, rule_command);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, rule_text);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, group_group);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, group_command);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, modem_manager_group);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, stop_command);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, mask_command);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, brltty_group);
  gtk_widget_class_bind_template_child (widget_class, FdPortAccessDialog, brltty_command);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fd_port_access_dialog_init (FdPortAccessDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fd_command_box_set_text (self->stop_command, FD_HOST_STOP_MODEM_MANAGER_COMMAND);
  fd_command_box_set_text (self->mask_command, FD_HOST_MASK_MODEM_MANAGER_COMMAND);
}

GtkWidget *
fd_port_access_dialog_new (FdHostFixes *fixes, FdPortAccessTopic topic, const char *port)
{
  FdPortAccessDialog *self;

  g_return_val_if_fail (FD_IS_HOST_FIXES (fixes), NULL);

  self = g_object_new (FD_TYPE_PORT_ACCESS_DIALOG, NULL);
  self->fixes = g_object_ref (fixes);
  self->topic = topic;
  adw_window_title_set_subtitle (self->window_title, port);
  fill_flatpak (self);
  fill_rule (self);
  fill_group (self, port);
  fd_command_box_set_text (self->brltty_command, fd_host_fixes_get_remove_brltty_command (fixes));
  show_topic (self);
  return GTK_WIDGET (self);
}

FdHostFixes *
fd_port_access_dialog_get_fixes (FdPortAccessDialog *self)
{
  g_return_val_if_fail (FD_IS_PORT_ACCESS_DIALOG (self), NULL);
  return self->fixes;
}

FdPortAccessTopic
fd_port_access_dialog_get_topic (FdPortAccessDialog *self)
{
  g_return_val_if_fail (FD_IS_PORT_ACCESS_DIALOG (self), FD_PORT_ACCESS_ALL);
  return self->topic;
}
