/* fd-reattach.c — find a module again after it rebooted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fd-port-probe.h"
#include "fd-reattach.h"

/* The shortest bound on a probe command near the deadline. */
#define MIN_COMMAND_TIMEOUT_MS 100

struct _FdReattach
{
  GObject           parent_instance;

  FdPortEnumerator *enumerator;
  char             *key;
  char             *title;
  gboolean          usb_identity;
  guint16           vid;
  guint16           pid;
  char             *usb_serial;
  int               at_interface; /* -1 when unknown */
  char             *old_port;
  GStrv             old_aliases;
  char             *imei;

  gboolean          confirm_imei;
  guint             command_timeout_ms;
  guint             poll_ms;
};

G_DEFINE_FINAL_TYPE (FdReattach, fd_reattach, G_TYPE_OBJECT)

static void
fd_reattach_finalize (GObject *object)
{
  FdReattach *self = FD_REATTACH (object);

  g_clear_object (&self->enumerator);
  g_free (self->key);
  g_free (self->title);
  g_free (self->usb_serial);
  g_free (self->old_port);
  g_strfreev (self->old_aliases);
  g_free (self->imei);

  G_OBJECT_CLASS (fd_reattach_parent_class)->finalize (object);
}

static void
fd_reattach_class_init (FdReattachClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_reattach_finalize;
}

static void
fd_reattach_init (FdReattach *self)
{
  self->at_interface = -1;
  self->poll_ms = FD_REATTACH_DEFAULT_POLL_MS;
}

/* A USB device that is a module itself, not a bridge with one behind. */
static gboolean
has_own_usb_identity (FdDeviceGroup *group)
{
  const FdKnownDevice *known = fd_device_group_get_known_device (group);

  return fd_device_group_get_transport (group) == FD_PORT_TRANSPORT_USB &&
         (known == NULL || known->kind != FD_KNOWN_DEVICE_BRIDGE);
}

static FdReattach *
reattach_new (FdPortEnumerator *enumerator,
              FdDeviceGroup    *group,
              FdPortInfo       *at_port,
              const char       *imei,
              const char       *title)
{
  FdReattach *self = g_object_new (FD_TYPE_REATTACH, NULL);

  self->enumerator = g_object_ref (enumerator);
  self->key = g_strdup (fd_device_group_get_key (group));
  self->title = g_strdup (title);
  self->usb_identity = has_own_usb_identity (group);
  self->vid = fd_device_group_get_vid (group);
  self->pid = fd_device_group_get_pid (group);
  self->usb_serial = g_strdup (fd_device_group_get_usb_serial (group));
  if (at_port != NULL)
    {
      self->at_interface = fd_port_info_get_interface_number (at_port);
      self->old_port = g_strdup (fd_port_info_get_path (at_port));
      self->old_aliases = g_strdupv ((char **) fd_port_info_get_aliases (at_port));
    }
  self->imei = g_strdup (imei);
  return self;
}

FdReattach *
fd_reattach_new (FdPortEnumerator *enumerator, FdModule *module)
{
  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (enumerator), NULL);
  g_return_val_if_fail (FD_IS_MODULE (module), NULL);

  return reattach_new (enumerator, fd_module_get_group (module), fd_module_get_at_port (module),
                       fd_module_get_imei (module), fd_module_get_title (module));
}

static gboolean
port_is (FdPortInfo *port, const char *path, const char *resolved)
{
  const char *const *aliases = fd_port_info_get_aliases (port);

  if (g_strcmp0 (fd_port_info_get_path (port), resolved) == 0 ||
      g_strcmp0 (fd_port_info_get_path (port), path) == 0)
    return TRUE;
  return g_strv_contains (aliases, path);
}

FdReattach *
fd_reattach_new_for_port (FdPortEnumerator *enumerator,
                          const char       *port,
                          const char       *imei,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (FD_IS_PORT_ENUMERATOR (enumerator), NULL);
  g_return_val_if_fail (port != NULL, NULL);

  groups = fd_port_enumerator_enumerate (enumerator, cancellable, error);
  if (groups == NULL)
    return NULL;
  absolute = g_canonicalize_filename (port, NULL);
  resolved = realpath (absolute, NULL);
  for (guint g = 0; g < groups->len; g++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, g);
      GPtrArray *ports = fd_device_group_get_ports (group);

      for (guint p = 0; p < ports->len; p++)
        {
          if (port_is (g_ptr_array_index (ports, p), absolute, resolved))
            return reattach_new (enumerator, group, g_ptr_array_index (ports, p), imei,
                                 fd_device_group_get_title (group));
        }
    }
  g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_NOT_FOUND,
               _("There is no serial port %s (unplugged, or it came back under another name)."),
               port);
  return NULL;
}

const char *
fd_reattach_get_key (FdReattach *self)
{
  g_return_val_if_fail (FD_IS_REATTACH (self), NULL);
  return self->key;
}

const char *
fd_reattach_get_imei (FdReattach *self)
{
  g_return_val_if_fail (FD_IS_REATTACH (self), NULL);
  return self->imei;
}

void
fd_reattach_set_imei (FdReattach *self, const char *imei)
{
  g_return_if_fail (FD_IS_REATTACH (self));
  g_free (self->imei);
  self->imei = g_strdup (imei);
}

gboolean
fd_reattach_uses_usb_identity (FdReattach *self)
{
  g_return_val_if_fail (FD_IS_REATTACH (self), FALSE);
  return self->usb_identity;
}

void
fd_reattach_set_confirm_imei (FdReattach *self, gboolean confirm)
{
  g_return_if_fail (FD_IS_REATTACH (self));
  self->confirm_imei = confirm;
}

void
fd_reattach_set_command_timeout (FdReattach *self, guint timeout_ms)
{
  g_return_if_fail (FD_IS_REATTACH (self));
  self->command_timeout_ms = timeout_ms;
}

void
fd_reattach_set_poll_interval (FdReattach *self, guint interval_ms)
{
  g_return_if_fail (FD_IS_REATTACH (self));
  self->poll_ms = interval_ms > 0 ? interval_ms : FD_REATTACH_DEFAULT_POLL_MS;
}

/* ---- one look at the listing ----------------------------------------------- */

/* One wait: its deadline, the ports that told another IMEI, and the
 * device's ports at the last look while its AT interface was missing. */
typedef struct {
  gint64      deadline;
  GHashTable *others; /* node identity → IMEI it answered */
  char       *ports_without_at;
} Wait;

static guint
probe_timeout (FdReattach *self, const Wait *wait)
{
  guint bound = self->command_timeout_ms > 0 ? self->command_timeout_ms
                                             : FD_IDENTIFY_DEFAULT_TIMEOUT_MS;
  gint64 left_ms = (wait->deadline - g_get_monotonic_time ()) / 1000;

  /* the wake-up attempts of a probe should end near the deadline */
  left_ms /= FD_IDENTIFY_WAKE_ATTEMPTS;
  return (guint) CLAMP (left_ms, MIN_COMMAND_TIMEOUT_MS, (gint64) bound);
}

/* The node behind @path as it is now: a port re-created under the same
 * name is another node. */
static char *
node_identity (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%s %u:%u %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT ".%ld", path,
                          major (st.st_rdev), minor (st.st_rdev), (guint64) st.st_ino,
                          (gint64) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static FdDeviceGroup *
find_usb_group (FdReattach *self, GPtrArray *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);

      if (g_str_equal (fd_device_group_get_key (group), self->key))
        return group;
    }
  /* moved to another socket: the same device by VID:PID and serial */
  for (guint i = 0; self->usb_serial != NULL && i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);

      if (has_own_usb_identity (group) && fd_device_group_get_vid (group) == self->vid &&
          fd_device_group_get_pid (group) == self->pid &&
          g_strcmp0 (fd_device_group_get_usb_serial (group), self->usb_serial) == 0)
        return group;
    }
  return NULL;
}

static char *
describe_ports (FdDeviceGroup *group)
{
  GPtrArray *ports = fd_device_group_get_ports (group);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ports->len; i++)
    g_string_append_printf (out, "%s;", fd_port_info_get_path (g_ptr_array_index (ports, i)));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The port on the interface the AT port had. While that interface is
 * missing the device may still be appearing (its ttys come one by one):
 * only once two looks in a row saw the same ports without it (the new
 * firmware laid its interfaces out anew) is the best candidate taken. */
static FdPortInfo *
pick_port (FdReattach *self, Wait *wait, FdDeviceGroup *group)
{
  GPtrArray *candidates = fd_device_group_get_at_candidates (group);
  g_autofree char *ports = NULL;

  for (guint i = 0; self->at_interface >= 0 && i < candidates->len; i++)
    {
      FdPortInfo *port = g_ptr_array_index (candidates, i);

      if (fd_port_info_get_interface_number (port) == self->at_interface)
        return port;
    }
  if (candidates->len == 0)
    return NULL;
  ports = describe_ports (group);
  if (self->at_interface >= 0 && g_strcmp0 (ports, wait->ports_without_at) != 0)
    {
      g_free (wait->ports_without_at);
      wait->ports_without_at = g_steal_pointer (&ports);
      return NULL;
    }
  return g_ptr_array_index (candidates, 0);
}

/* Whether @path can be opened now: right after a reboot udev may not have
 * given the node its permissions yet, or ModemManager may be probing it. */
static gboolean
can_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FdSerialPort) port = fd_serial_port_open (path, FD_SERIAL_PORT_DEFAULT_BAUD, &error);

  if (port == NULL)
    {
      g_debug ("%s is back but cannot be opened yet: %s", path, error->message);
      return FALSE;
    }
  fd_serial_port_close (port);
  return TRUE;
}

typedef struct {
  const char *imei;
  int         match; /* probe index, or -1 */
} Search;

static void
on_imei_probed (FdProbeSet *set, guint index, gpointer user_data)
{
  Search *search = user_data;
  FdProbeResult *result = fd_probe_set_get_result (set, index);

  if (search->match >= 0 || g_strcmp0 (result->identity.imei, search->imei) != 0)
    return;
  search->match = (int) index;
  for (guint i = 0; i < fd_probe_set_get_n (set); i++)
    {
      if (i != index)
        fd_probe_set_cancel (set, i);
    }
}

/* Asks every port of @paths for its IMEI, in parallel; returns the one
 * that has ours, and remembers those that told another. */
static char *
search_imei (FdReattach *self, Wait *wait, GPtrArray *paths, GCancellable *cancellable)
{
  g_autoptr(FdProbeSet) set = fd_probe_set_new (FD_PROBE_MODE_IMEI, probe_timeout (self, wait),
                                                0);
  Search search = { self->imei, -1 };

  for (guint i = 0; i < paths->len; i++)
    fd_probe_set_add (set, g_ptr_array_index (paths, i));
  fd_probe_set_run (set, on_imei_probed, &search, cancellable);

  for (guint i = 0; i < paths->len; i++)
    {
      FdProbeResult *result = fd_probe_set_get_result (set, i);
      char *node;

      if ((int) i == search.match || result->cancelled || result->identity.imei == NULL)
        continue;
      node = node_identity (g_ptr_array_index (paths, i));
      if (node != NULL)
        g_hash_table_replace (wait->others, node, g_strdup (result->identity.imei));
    }
  if (search.match < 0)
    return NULL;
  return g_strdup (g_ptr_array_index (paths, (guint) search.match));
}

static gboolean
is_old_port (FdReattach *self, FdPortInfo *port)
{
  const char *const *aliases = fd_port_info_get_aliases (port);

  if (g_strcmp0 (fd_port_info_get_path (port), self->old_port) == 0)
    return TRUE;
  for (gsize i = 0; self->old_aliases != NULL && self->old_aliases[i] != NULL; i++)
    {
      if (g_strv_contains (aliases, self->old_aliases[i]))
        return TRUE;
    }
  return FALSE;
}

/* Every AT candidate not known to hold another module, the old port first. */
static GPtrArray *
imei_candidates (FdReattach *self, Wait *wait, GPtrArray *groups)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *candidates = fd_device_group_get_at_candidates (g_ptr_array_index (groups, g));

      for (guint c = 0; c < candidates->len; c++)
        {
          FdPortInfo *port = g_ptr_array_index (candidates, c);
          const char *path = fd_port_info_get_open_path (port);
          g_autofree char *node = node_identity (path);

          /* A port this process holds is another job's module: passed
           * over without opening it (which would fail as busy, then walk
           * /proc to name the holder — for each port, each round). */
          if (node == NULL || g_hash_table_contains (wait->others, node)
              || fd_serial_port_is_open_here (path))
            continue;
          if (is_old_port (self, port))
            g_ptr_array_insert (paths, 0, g_strdup (path));
          else
            g_ptr_array_add (paths, g_strdup (path));
        }
    }
  return paths;
}

static char *
look_usb (FdReattach *self, Wait *wait, GPtrArray *groups, GCancellable *cancellable)
{
  FdDeviceGroup *group = find_usb_group (self, groups);
  FdPortInfo *port = group != NULL ? pick_port (self, wait, group) : NULL;
  g_autoptr(GPtrArray) one = NULL;

  if (port == NULL)
    return NULL;
  if (!self->confirm_imei || self->imei == NULL)
    return can_open (fd_port_info_get_open_path (port))
               ? g_strdup (fd_port_info_get_open_path (port))
               : NULL;
  one = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (one, g_strdup (fd_port_info_get_open_path (port)));
  return search_imei (self, wait, one, cancellable);
}

static char *
look_key (FdReattach *self, GPtrArray *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);
      GPtrArray *candidates = fd_device_group_get_at_candidates (group);

      if (g_str_equal (fd_device_group_get_key (group), self->key) && candidates->len > 0)
        return g_strdup (fd_port_info_get_path (g_ptr_array_index (candidates, 0)));
    }
  return NULL;
}

/* One look: FALSE only when cancelled; *@found stays NULL while the
 * module is not back. */
static gboolean
look (FdReattach *self, Wait *wait, char **found, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) groups = NULL;

  groups = fd_port_enumerator_enumerate (self->enumerator, cancellable, error);
  if (groups == NULL)
    return FALSE;
  if (self->usb_identity)
    *found = look_usb (self, wait, groups, cancellable);
  else if (self->imei != NULL)
    {
      g_autoptr(GPtrArray) paths = imei_candidates (self, wait, groups);

      *found = paths->len > 0 ? search_imei (self, wait, paths, cancellable) : NULL;
    }
  else
    *found = look_key (self, groups);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* ---- waiting ----------------------------------------------------------------- */

static gboolean
sleep_cancellable (guint ms, GCancellable *cancellable, GError **error)
{
  GPollFD pfd;

  if (cancellable == NULL || !g_cancellable_make_pollfd (cancellable, &pfd))
    {
      g_usleep ((gulong) ms * 1000);
      return TRUE;
    }
  g_poll (&pfd, 1, (int) ms);
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static void
set_timeout_error (FdReattach *self, guint timeout_ms, GError **error)
{
  if (self->imei != NULL)
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                 _("%s (IMEI %s) did not come back within %u s after its restart. Check its "
                   "cable and power supply; a module that is still upgrading may need longer."),
                 self->title, self->imei, timeout_ms / 1000);
  else
    g_set_error (error, FD_SERIAL_ERROR, FD_SERIAL_ERROR_TIMEOUT,
                 _("%s did not come back within %u s after its restart. Check its cable and "
                   "power supply; a module that is still upgrading may need longer."),
                 self->title, timeout_ms / 1000);
}

/* Looks, then sleeps until the next look, until found or the deadline. */
static gboolean
wait_loop (FdReattach   *self,
           Wait         *wait,
           char        **new_port,
           GCancellable *cancellable,
           GError      **error)
{
  for (;;)
    {
      gint64 left_us;

      if (!look (self, wait, new_port, cancellable, error))
        return FALSE;
      if (*new_port != NULL)
        return TRUE;
      left_us = wait->deadline - g_get_monotonic_time ();
      if (left_us <= 0)
        return TRUE;
      if (!sleep_cancellable ((guint) MIN ((gint64) self->poll_ms, (left_us + 999) / 1000),
                              cancellable, error))
        return FALSE;
    }
}

gboolean
fd_reattach_wait (FdReattach   *self,
                  guint         timeout_ms,
                  GCancellable *cancellable,
                  char        **new_port,
                  GError      **error)
{
  g_autoptr(GHashTable) others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Wait wait = { g_get_monotonic_time () + (gint64) timeout_ms * 1000, others, NULL };
  gboolean ok;

  g_return_val_if_fail (FD_IS_REATTACH (self), FALSE);
  g_return_val_if_fail (new_port != NULL && *new_port == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = wait_loop (self, &wait, new_port, cancellable, error);
  g_free (wait.ports_without_at);
  if (!ok)
    return FALSE;
  if (*new_port == NULL)
    {
      set_timeout_error (self, timeout_ms, error);
      return FALSE;
    }
  return TRUE;
}

char *
fd_reattach_flow_func (const char   *old_port,
                       const char   *imei,
                       guint         timeout_ms,
                       gpointer      user_data,
                       GCancellable *cancellable,
                       GError      **error)
{
  FdReattach *self = user_data;
  char *new_port = NULL;

  g_return_val_if_fail (FD_IS_REATTACH (self), NULL);

  if (self->imei == NULL && imei != NULL)
    fd_reattach_set_imei (self, imei);
  if (!fd_reattach_wait (self, timeout_ms, cancellable, &new_port, error))
    return NULL;
  return new_port;
}
