/* fd-device-monitor.c — hot-plug by polling the port list
 *
 * Each poll runs in a worker thread on a snapshot of what the monitor
 * knows (the listing's fingerprint, each device's port fingerprint, the
 * devices due for a retry, the inhibited ones) and returns what changed;
 * the main context applies it and emits the signals. The thread never
 * touches the monitor's tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fd-device-monitor.h"

/* Retries of a passing problem: 2 s, 4 s, 8 s ... up to a minute. */
#define RETRY_FIRST_US (2 * G_USEC_PER_SEC)
#define RETRY_MAX_US   (60 * G_USEC_PER_SEC)
/* Something that answers but is no modem is asked again only so often. */
#define NOT_A_MODEM_MAX_RETRIES 3

/* What the monitor knows of one present device. */
typedef struct {
  FdModule *module;
  char     *ports_fp;  /* the ports' fingerprint when it was identified */
  guint     retries;
  gint64    retry_at;  /* monotonic µs; 0 = no retry planned */
} Entry;

struct _FdDeviceMonitor
{
  GObject       parent_instance;

  FdScanner    *scanner;
  guint         interval_ms;
  GMainContext *context;
  GSource      *timer;
  GCancellable *cancellable; /* of the poll in flight, NULL when none */

  char         *listing_fp;
  GHashTable   *entries;   /* key → Entry */
  GHashTable   *due;       /* keys to identify at the next poll */
  GHashTable   *inhibited; /* key → nesting count */
  gboolean      rescan_all;
};

G_DEFINE_FINAL_TYPE (FdDeviceMonitor, fd_device_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_MODULE_ADDED,
  SIGNAL_MODULE_REMOVED,
  SIGNAL_MODULE_CHANGED,
  SIGNAL_REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->module);
  g_free (entry->ports_fp);
  g_free (entry);
}

static void
fd_device_monitor_dispose (GObject *object)
{
  fd_device_monitor_stop (FD_DEVICE_MONITOR (object));

  G_OBJECT_CLASS (fd_device_monitor_parent_class)->dispose (object);
}

static void
fd_device_monitor_finalize (GObject *object)
{
  FdDeviceMonitor *self = FD_DEVICE_MONITOR (object);

  g_clear_object (&self->scanner);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->listing_fp);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->due);
  g_hash_table_unref (self->inhibited);

  G_OBJECT_CLASS (fd_device_monitor_parent_class)->finalize (object);
}

static void
fd_device_monitor_class_init (FdDeviceMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fd_device_monitor_dispose;
  object_class->finalize = fd_device_monitor_finalize;

  signals[SIGNAL_MODULE_ADDED] =
    g_signal_new ("module-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, FD_TYPE_MODULE);
  signals[SIGNAL_MODULE_REMOVED] =
    g_signal_new ("module-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, FD_TYPE_MODULE);
  signals[SIGNAL_MODULE_CHANGED] =
    g_signal_new ("module-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, FD_TYPE_MODULE, FD_TYPE_MODULE);
  signals[SIGNAL_REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fd_device_monitor_init (FdDeviceMonitor *self)
{
  self->interval_ms = FD_DEVICE_MONITOR_MIN_INTERVAL_MS;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->inhibited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FdDeviceMonitor *
fd_device_monitor_new (FdScanner *scanner)
{
  FdDeviceMonitor *self;

  g_return_val_if_fail (FD_IS_SCANNER (scanner), NULL);

  self = g_object_new (FD_TYPE_DEVICE_MONITOR, NULL);
  self->scanner = g_object_ref (scanner);
  return self;
}

FdScanner *
fd_device_monitor_get_scanner (FdDeviceMonitor *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_MONITOR (self), NULL);
  return self->scanner;
}

/* ---- the poll, in a worker thread ---------------------------------------- */

typedef struct {
  char       *listing_fp;
  GHashTable *ports_fps; /* key → ports fingerprint, of the known devices */
  GHashTable *due;       /* keys */
  GHashTable *inhibited; /* keys */
  gboolean    rescan_all;
} Snapshot;

typedef struct {
  char      *listing_fp;
  gboolean   looked;     /* enumerated: @present is meaningful */
  GHashTable *present;   /* keys of every device listed */
  GPtrArray *identified; /* FdModule */
  GPtrArray *ports_fps;  /* the fingerprint of each identified module's ports */
} Outcome;

static void
snapshot_free (Snapshot *snapshot)
{
  g_free (snapshot->listing_fp);
  g_hash_table_unref (snapshot->ports_fps);
  g_hash_table_unref (snapshot->due);
  g_hash_table_unref (snapshot->inhibited);
  g_free (snapshot);
}

static void
outcome_free (Outcome *outcome)
{
  g_free (outcome->listing_fp);
  g_clear_pointer (&outcome->present, g_hash_table_unref);
  g_clear_pointer (&outcome->identified, g_ptr_array_unref);
  g_clear_pointer (&outcome->ports_fps, g_ptr_array_unref);
  g_free (outcome);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Outcome, outcome_free)

static GHashTable *
key_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GHashTable *
key_set_copy (GHashTable *table)
{
  GHashTable *copy = key_set_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy, g_strdup (key));
  return copy;
}

/* The device's ports as they are now: a port re-created under the same
 * name (a module that rebooted between two polls) changes it. */
static char *
ports_fingerprint (FdDeviceGroup *group)
{
  GPtrArray *ports = fd_device_group_get_ports (group);
  g_autoptr(GString) out = g_string_new (fd_device_group_get_key (group));

  for (guint i = 0; i < ports->len; i++)
    {
      FdPortInfo *port = g_ptr_array_index (ports, i);
      const char *const *aliases = fd_port_info_get_aliases (port);
      struct stat st = { 0 };

      if (stat (fd_port_info_get_path (port), &st) != 0)
        st.st_ino = 0;
      g_string_append_printf (out, "|%s %u:%u %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT ".%ld",
                              fd_port_info_get_path (port), major (st.st_rdev),
                              minor (st.st_rdev), (guint64) st.st_ino,
                              (gint64) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
      for (gsize a = 0; aliases[a] != NULL; a++)
        g_string_append_printf (out, " %s", aliases[a]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
needs_identifying (Snapshot *snapshot, const char *key, const char *ports_fp)
{
  if (g_hash_table_contains (snapshot->inhibited, key))
    return FALSE;
  return snapshot->rescan_all || g_hash_table_contains (snapshot->due, key) ||
         g_strcmp0 (g_hash_table_lookup (snapshot->ports_fps, key), ports_fp) != 0;
}

/* Enumerates and identifies what is new or changed. */
static gboolean
look (FdScanner *scanner, Snapshot *snapshot, Outcome *outcome, GCancellable *cancellable,
      GError **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  groups = fd_port_enumerator_enumerate (fd_scanner_get_enumerator (scanner), cancellable, error);
  if (groups == NULL)
    return FALSE;
  outcome->looked = TRUE;
  outcome->present = key_set_new ();
  outcome->ports_fps = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < groups->len; i++)
    {
      FdDeviceGroup *group = g_ptr_array_index (groups, i);
      const char *key = fd_device_group_get_key (group);
      g_autofree char *ports_fp = ports_fingerprint (group);

      g_hash_table_add (outcome->present, g_strdup (key));
      if (!needs_identifying (snapshot, key, ports_fp))
        continue;
      g_ptr_array_add (changed, group);
      g_ptr_array_add (outcome->ports_fps, g_steal_pointer (&ports_fp));
    }
  outcome->identified = fd_scanner_identify_groups (scanner, changed, cancellable, error);
  return outcome->identified != NULL;
}

static void
poll_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  FdDeviceMonitor *self = source_object;
  Snapshot *snapshot = task_data;
  g_autoptr(Outcome) outcome = g_new0 (Outcome, 1);
  GError *error = NULL;
  FdPortEnumerator *enumerator = fd_scanner_get_enumerator (self->scanner);

  outcome->listing_fp = fd_port_enumerator_fingerprint (enumerator, cancellable, &error);
  if (outcome->listing_fp == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (snapshot->rescan_all || g_hash_table_size (snapshot->due) > 0 ||
      g_strcmp0 (outcome->listing_fp, snapshot->listing_fp) != 0)
    {
      if (!look (self->scanner, snapshot, outcome, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&outcome), (GDestroyNotify) outcome_free);
}

/* ---- applying an outcome, on the main context ------------------------------- */

static gboolean
is_passing (FdModuleProblem problem)
{
  switch (problem)
    {
    case FD_MODULE_PROBLEM_BUSY:
    case FD_MODULE_PROBLEM_NOT_A_MODEM:
    case FD_MODULE_PROBLEM_NO_AT_ANSWER:
    case FD_MODULE_PROBLEM_GONE:
    case FD_MODULE_PROBLEM_IO:
      return TRUE;
    case FD_MODULE_PROBLEM_NONE:
    case FD_MODULE_PROBLEM_PERMISSION_DENIED: /* fixed by chmod or a new login: both show */
    case FD_MODULE_PROBLEM_DOWNLOAD_MODE:     /* leaving it re-enumerates the device */
    default:
      return FALSE;
    }
}

static void
plan_retry (Entry *entry, guint previous_retries)
{
  FdModuleProblem problem = fd_module_get_problem (entry->module);
  gint64 pause;

  entry->retries = 0;
  entry->retry_at = 0;
  if (!is_passing (problem))
    return;
  if (problem == FD_MODULE_PROBLEM_NOT_A_MODEM && previous_retries >= NOT_A_MODEM_MAX_RETRIES)
    return;
  entry->retries = previous_retries + 1;
  pause = RETRY_FIRST_US << MIN (previous_retries, 5);
  entry->retry_at = g_get_monotonic_time () + MIN (pause, RETRY_MAX_US);
}

static void
remove_gone (FdDeviceMonitor *self, GHashTable *present)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *entry = value;

      if (g_hash_table_contains (present, key))
        continue;
      g_ptr_array_add (gone, g_object_ref (entry->module));
      g_hash_table_iter_remove (&iter);
    }
  for (guint i = 0; i < gone->len; i++)
    {
      FdModule *module = g_ptr_array_index (gone, i);

      fd_module_mark_gone (module);
      g_signal_emit (self, signals[SIGNAL_MODULE_REMOVED], 0, module);
    }
}

static void
add_identified (FdDeviceMonitor *self, FdModule *module, const char *ports_fp)
{
  const char *key = fd_module_get_key (module);
  Entry *old = g_hash_table_lookup (self->entries, key);
  g_autoptr(FdModule) old_module = old != NULL ? g_object_ref (old->module) : NULL;
  guint retries = old != NULL && g_strcmp0 (old->ports_fp, ports_fp) == 0 ? old->retries : 0;
  Entry *entry = g_new0 (Entry, 1);

  entry->module = g_object_ref (module);
  entry->ports_fp = g_strdup (ports_fp);
  plan_retry (entry, retries);
  g_hash_table_replace (self->entries, g_strdup (key), entry);
  g_hash_table_remove (self->due, key);

  if (old_module != NULL)
    g_signal_emit (self, signals[SIGNAL_MODULE_CHANGED], 0, old_module, module);
  else
    g_signal_emit (self, signals[SIGNAL_MODULE_ADDED], 0, module);
}

/* A due device that left is new when it comes back; an inhibited one is
 * due again when uninhibited. Neither should make every poll enumerate. */
static void
drop_stale_due (FdDeviceMonitor *self, GHashTable *present)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->due);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (present, key) || g_hash_table_contains (self->inhibited, key))
        g_hash_table_iter_remove (&iter);
    }
}

static void
apply (FdDeviceMonitor *self, Outcome *outcome)
{
  g_free (self->listing_fp);
  self->listing_fp = g_strdup (outcome->listing_fp);
  if (!outcome->looked)
    return;

  remove_gone (self, outcome->present);
  drop_stale_due (self, outcome->present);
  for (guint i = 0; i < outcome->identified->len; i++)
    add_identified (self, g_ptr_array_index (outcome->identified, i),
                    g_ptr_array_index (outcome->ports_fps, i));
  g_signal_emit (self, signals[SIGNAL_REFRESHED], 0);
}

static void
on_polled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FdDeviceMonitor *self = FD_DEVICE_MONITOR (source);
  g_autoptr(Outcome) outcome = NULL;
  g_autoptr(GError) error = NULL;

  outcome = g_task_propagate_pointer (G_TASK (result), &error);
  /* a poll that was stopped (maybe restarted since) is not ours any more */
  if (self->cancellable == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  if (outcome == NULL)
    {
      g_warning ("Device poll failed: %s", error->message);
      return;
    }
  apply (self, outcome);
}

/* The devices whose retry is due, plus those asked for. */
static GHashTable *
collect_due (FdDeviceMonitor *self)
{
  GHashTable *due = key_set_copy (self->due);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *entry = value;

      if (entry->retry_at != 0 && entry->retry_at <= now &&
          !g_hash_table_contains (self->inhibited, key))
        g_hash_table_add (due, g_strdup (key));
    }
  return due;
}

static Snapshot *
take_snapshot (FdDeviceMonitor *self)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  GHashTableIter iter;
  gpointer key, value;

  snapshot->listing_fp = g_strdup (self->listing_fp);
  snapshot->ports_fps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (snapshot->ports_fps, g_strdup (key),
                         g_strdup (((Entry *) value)->ports_fp));
  snapshot->due = collect_due (self);
  snapshot->inhibited = key_set_copy (self->inhibited);
  snapshot->rescan_all = self->rescan_all;
  self->rescan_all = FALSE; /* taken; a rescan asked for meanwhile waits for the next poll */
  return snapshot;
}

static void
poll_now (FdDeviceMonitor *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    return; /* the previous poll is still identifying: no overlap */
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_polled, NULL);
  g_task_set_source_tag (task, poll_now);
  g_task_set_task_data (task, take_snapshot (self), (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, poll_thread);
}

static gboolean
on_timer (gpointer user_data)
{
  poll_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
arm_timer (FdDeviceMonitor *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_source_unref (self->timer);
    }
  self->timer = g_timeout_source_new (self->interval_ms);
  g_source_set_name (self->timer, "[fotadesk] device monitor");
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* ---- public ----------------------------------------------------------------- */

void
fd_device_monitor_set_interval (FdDeviceMonitor *self, guint interval_ms)
{
  g_return_if_fail (FD_IS_DEVICE_MONITOR (self));

  self->interval_ms = MAX (interval_ms, FD_DEVICE_MONITOR_MIN_INTERVAL_MS);
  if (self->timer != NULL)
    arm_timer (self);
}

guint
fd_device_monitor_get_interval (FdDeviceMonitor *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_MONITOR (self), 0);
  return self->interval_ms;
}

void
fd_device_monitor_start (FdDeviceMonitor *self)
{
  g_return_if_fail (FD_IS_DEVICE_MONITOR (self));

  if (self->timer != NULL)
    return;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  arm_timer (self);
  poll_now (self);
}

void
fd_device_monitor_stop (FdDeviceMonitor *self)
{
  g_return_if_fail (FD_IS_DEVICE_MONITOR (self));

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

gboolean
fd_device_monitor_is_running (FdDeviceMonitor *self)
{
  g_return_val_if_fail (FD_IS_DEVICE_MONITOR (self), FALSE);
  return self->timer != NULL;
}

static int
compare_modules (gconstpointer a, gconstpointer b)
{
  FdModule *ma = *(FdModule *const *) a;
  FdModule *mb = *(FdModule *const *) b;

  return fd_natural_compare (fd_module_get_key (ma), fd_module_get_key (mb));
}

GPtrArray *
fd_device_monitor_dup_modules (FdDeviceMonitor *self)
{
  GPtrArray *modules = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FD_IS_DEVICE_MONITOR (self), modules);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (modules, g_object_ref (((Entry *) value)->module));
  g_ptr_array_sort (modules, compare_modules);
  return modules;
}

FdModule *
fd_device_monitor_lookup (FdDeviceMonitor *self, const char *key)
{
  Entry *entry;

  g_return_val_if_fail (FD_IS_DEVICE_MONITOR (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, key);
  return entry != NULL ? entry->module : NULL;
}

void
fd_device_monitor_rescan (FdDeviceMonitor *self)
{
  g_return_if_fail (FD_IS_DEVICE_MONITOR (self));
  self->rescan_all = TRUE;
}

void
fd_device_monitor_inhibit (FdDeviceMonitor *self, const char *key)
{
  guint count;

  g_return_if_fail (FD_IS_DEVICE_MONITOR (self));
  g_return_if_fail (key != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->inhibited, key));
  g_hash_table_replace (self->inhibited, g_strdup (key), GUINT_TO_POINTER (count + 1));
}

void
fd_device_monitor_uninhibit (FdDeviceMonitor *self, const char *key)
{
  guint count;

  g_return_if_fail (FD_IS_DEVICE_MONITOR (self));
  g_return_if_fail (key != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->inhibited, key));
  g_return_if_fail (count > 0);
  if (count > 1)
    {
      g_hash_table_replace (self->inhibited, g_strdup (key), GUINT_TO_POINTER (count - 1));
      return;
    }
  g_hash_table_remove (self->inhibited, key);
  g_hash_table_add (self->due, g_strdup (key));
}
