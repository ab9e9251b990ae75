/* fd-sim-main.c — fotadesk-sim: simulated modules on pseudo-terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "fd-sim-fleet.h"
#include "fd-sim-package.h"

#define SUMMARY                                                                                    \
  "Runs virtual cellular modules, each on its own pseudo-terminal, behind a stable link\n"         \
  "(DIR/ttyUSB0, …) that FotaDesk opens like real hardware. They speak the three FOTA\n"         \
  "dialects (M5311 RSFOTA, OneMO MFW, Luat AT+UPGRADE) and can misbehave on purpose.\n"            \
  "Prints one line per module (link, model, IMEI, revision, dialect), then one line per\n"         \
  "change (a reboot, a new name, a new revision); stops on Ctrl+C or SIGTERM and removes\n"        \
  "its links. Needs no root, no kernel module, no network beyond what the modules fetch."

#define DESCRIPTION                                                                                \
  "Faults and quirks (--fault [INDEX@]SPEC, INDEX counts modules from 0, default all):\n"          \
  "  silence            stop answering            never-return   a reboot never ends\n"            \
  "  garbage=PCT        junk bytes before lines   busy           hold the port (flock)\n"          \
  "  urc-delay=MS       late URCs                 urc-loss=PCT   missing URCs\n"                   \
  "  slow-flash=MS      per KiB stored            drop-port=N    port drops after N bytes\n"       \
  "  cme=CMD[:PCT[:CODE]]  +CME ERROR on a command  net-cut=N    download breaks at N\n"           \
  "  pt-max=N           passthrough limit         pt-ok          OK instead of '>'\n"              \
  "  upgrade-ok         OK before +MFWUPGRADE\n"                                                   \
  "\n"                                                                                             \
  "Platforms: --onenet [INDEX@]SIZE:REVISION[:OUTCOME] with OUTCOME success, no-package,\n"        \
  "rejected, download-failed, download-paused or upgrade-failed; --luat-platform\n"                \
  "[INDEX@]VERSION[:CAUSE] (CAUSE 3, 17, 25, 26, 27 refuses with that fota cause).\n"              \
  "\n"                                                                                             \
  "A fleet file (--config) is a keyfile: a [fleet] group (dir, baud, realistic, ca-file,\n"        \
  "insecure-loopback, fs-root, rename) and one [module NAME] group per module (model, imei,\n"     \
  "revision, faults as SPEC;SPEC, record, onenet, luat-platform), or [replay NAME] (file,\n"       \
  "speed). NAME is the link's name.\n"                                                             \
  "\n"                                                                                             \
  "Packages: --make-package REVISION --size BYTES --output FILE [--corrupt] writes a\n"            \
  "simulated firmware package (see src/sim/fd-sim-package.h) and exits.\n"                         \
  "\n"                                                                                             \
  "Example:\n"                                                                                     \
  "  fotadesk-sim --dir /tmp/sim --module ML307A-DSLN --module M5311:869999001234567 \\\n"         \
  "      --module Air780E --fault 1@garbage=5 --baud 115200"

typedef struct
{
  char   **modules;
  char   **replays;
  char   **faults;
  char   **onenet;
  char   **luat;
  char    *config;
  char    *dir;
  int      baud;
  gboolean realistic;
  char    *record;
  double   replay_speed;
  char    *fs_root;
  char    *ca_file;
  gboolean insecure_loopback;
  gboolean rename;
  gboolean list_models;
  gboolean version;
  char    *make_package;
  gint64   size;
  char    *output;
  gboolean corrupt;
  int      seed;
} Options;

typedef struct
{
  FdSimModule     *module;
  char            *link;
  char            *revision;
  FdSimModuleState state;
} Watched;

typedef struct
{
  GMainLoop *loop;
  GPtrArray *watched;
} App;

/* --- small parsers ------------------------------------------------------ */

/* "[INDEX@]REST" → @index (-1: every module) and REST. */
static const char *
split_index (const char *spec, gint64 *index, GError **error)
{
  const char      *at = strchr (spec, '@');
  g_autofree char *head = NULL;

  *index = -1;
  if (at == NULL)
    return spec;
  head = g_strndup (spec, at - spec);
  if (!g_ascii_string_to_signed (head, 10, 0, G_MAXINT, index, error))
    return NULL;
  return at + 1;
}

static gboolean
parse_outcome (const char *name, FdSimOnenetOutcome *outcome, GError **error)
{
  static const char *const names[] = { "success",         "no-package",      "rejected",
                                       "download-failed", "download-paused", "upgrade-failed" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *outcome = (FdSimOnenetOutcome)i;
        return TRUE;
      }
  g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT, "unknown OneNET outcome “%s”",
               name);
  return FALSE;
}

static gboolean
apply_onenet (FdSimModule *m, const char *spec, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, ":", 3);
  FdSimOnenetOutcome outcome = FD_SIM_ONENET_SUCCESS;
  gint64             size;

  if (g_strv_length (parts) < 2
      || !g_ascii_string_to_signed (parts[0], 10, 1, G_MAXINT32, &size, error)
      || (parts[2] != NULL && !parse_outcome (parts[2], &outcome, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                     "--onenet wants SIZE:REVISION[:OUTCOME], not “%s”", spec);
      return FALSE;
    }
  fd_sim_module_set_onenet (m, (gsize)size, parts[1], outcome);
  return TRUE;
}

static gboolean
apply_luat (FdSimModule *m, const char *spec, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, ":", 2);
  gint64 cause = 0;

  if (parts[0] == NULL || parts[0][0] == '\0'
      || (parts[1] != NULL && !g_ascii_string_to_signed (parts[1], 10, 0, 255, &cause, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                     "--luat-platform wants VERSION[:CAUSE], not “%s”", spec);
      return FALSE;
    }
  fd_sim_module_set_luat_platform (m, parts[0], 180 * 1024, cause != 0 ? -1004 : 0, 200, (int)cause,
                                   TRUE);
  return TRUE;
}

typedef gboolean (*ApplyFunc) (FdSimModule *m, const char *spec, GError **error);

/* Applies "[INDEX@]SPEC" options to the modules they name. */
static gboolean
apply_indexed (GPtrArray *modules, char **specs, ApplyFunc func, const char *what, GError **error)
{
  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      gint64      index;
      const char *rest = split_index (specs[i], &index, error);

      if (rest == NULL)
        return FALSE;
      if (index >= (gint64)modules->len)
        {
          g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                       "%s “%s”: there is no module %" G_GINT64_FORMAT, what, specs[i], index);
          return FALSE;
        }
      for (guint k = 0; k < modules->len; k++)
        if ((index < 0 || (guint)index == k) && !func (g_ptr_array_index (modules, k), rest, error))
          {
            g_prefix_error (error, "%s: ", what);
            return FALSE;
          }
    }
  return TRUE;
}

/* --- building the fleet -------------------------------------------------- */

static FdSimModule *
add_from_spec (FdSimFleet *fleet, const char *spec, const char *link_name, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, ":", 3);

  if (parts[0] == NULL || parts[0][0] == '\0')
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "--module wants MODEL[:IMEI[:REVISION]], not “%s”", spec);
      return NULL;
    }
  return fd_sim_fleet_add_module_full (
      fleet, parts[0], parts[1] != NULL && parts[1][0] != '\0' ? parts[1] : NULL,
      parts[1] != NULL && parts[2] != NULL && parts[2][0] != '\0' ? parts[2] : NULL, link_name,
      error);
}

static char *
record_path (const char *record, guint index, guint count)
{
  const char *dot;

  if (count <= 1)
    return g_strdup (record);
  dot = strrchr (record, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return g_strdup_printf ("%s-%u", record, index);
  return g_strdup_printf ("%.*s-%u%s", (int)(dot - record), record, index, dot);
}

static gboolean
module_from_group (FdSimFleet *fleet, GKeyFile *kf, const char *group, GPtrArray *modules,
                   GError **error)
{
  const char      *name = strchr (group, ' ') + 1;
  g_autofree char *model = g_key_file_get_string (kf, group, "model", error);
  g_autofree char *imei = g_key_file_get_string (kf, group, "imei", NULL);
  g_autofree char *revision = g_key_file_get_string (kf, group, "revision", NULL);
  g_autofree char *faults = g_key_file_get_string (kf, group, "faults", NULL);
  g_autofree char *record = g_key_file_get_string (kf, group, "record", NULL);
  g_autofree char *onenet = g_key_file_get_string (kf, group, "onenet", NULL);
  g_autofree char *luat = g_key_file_get_string (kf, group, "luat-platform", NULL);
  g_auto (GStrv) fault_list = NULL;
  FdSimModule *m;

  if (model == NULL)
    return FALSE;
  m = fd_sim_fleet_add_module_full (fleet, model, imei, revision, name, error);
  if (m == NULL)
    return FALSE;
  g_ptr_array_add (modules, g_object_ref (m));
  fault_list = faults != NULL ? g_strsplit (faults, ";", -1) : NULL;
  for (guint i = 0; fault_list != NULL && fault_list[i] != NULL; i++)
    if (*g_strstrip (fault_list[i]) != '\0'
        && !fd_sim_module_apply_fault_spec (m, fault_list[i], error))
      return FALSE;
  return (record == NULL || fd_sim_module_set_transcript_path (m, record, error))
         && (onenet == NULL || apply_onenet (m, onenet, error))
         && (luat == NULL || apply_luat (m, luat, error));
}

static gboolean
replay_from_group (FdSimFleet *fleet, GKeyFile *kf, const char *group, GPtrArray *modules,
                   GError **error)
{
  g_autofree char *file = g_key_file_get_string (kf, group, "file", error);
  g_autoptr (GError) local = NULL;
  double       speed = g_key_file_get_double (kf, group, "speed", &local);
  FdSimModule *m;

  if (file == NULL)
    return FALSE;
  m = fd_sim_fleet_add_replay (fleet, file, strchr (group, ' ') + 1, error);
  if (m == NULL)
    return FALSE;
  if (local == NULL)
    fd_sim_module_set_replay_speed (m, speed);
  g_ptr_array_add (modules, g_object_ref (m));
  return TRUE;
}

static gboolean
load_groups (FdSimFleet *fleet, GKeyFile *kf, GPtrArray *modules, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      gboolean ok = TRUE;

      if (g_str_has_prefix (groups[i], "module "))
        ok = module_from_group (fleet, kf, groups[i], modules, error);
      else if (g_str_has_prefix (groups[i], "replay "))
        ok = replay_from_group (fleet, kf, groups[i], modules, error);
      else if (g_strcmp0 (groups[i], "fleet") != 0)
        {
          g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                       "unknown group [%s] (fleet, module NAME, replay NAME)", groups[i]);
          ok = FALSE;
        }
      if (!ok)
        {
          g_prefix_error (error, "[%s]: ", groups[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Command-line values win over the fleet file's [fleet] group. */
static void
merge_fleet_group (Options *o, GKeyFile *kf)
{
  g_autoptr (GError) error = NULL;
  int baud;

  if (o->dir == NULL)
    o->dir = g_key_file_get_string (kf, "fleet", "dir", NULL);
  if (o->ca_file == NULL)
    o->ca_file = g_key_file_get_string (kf, "fleet", "ca-file", NULL);
  if (o->fs_root == NULL)
    o->fs_root = g_key_file_get_string (kf, "fleet", "fs-root", NULL);
  o->realistic |= g_key_file_get_boolean (kf, "fleet", "realistic", NULL);
  o->insecure_loopback |= g_key_file_get_boolean (kf, "fleet", "insecure-loopback", NULL);
  o->rename |= g_key_file_get_boolean (kf, "fleet", "rename", NULL);
  baud = g_key_file_get_integer (kf, "fleet", "baud", &error);
  if (o->baud < 0 && error == NULL)
    o->baud = baud;
}

static gboolean
add_modules (FdSimFleet *fleet, Options *o, GKeyFile *kf, GPtrArray *modules, GError **error)
{
  if (kf != NULL && !load_groups (fleet, kf, modules, error))
    return FALSE;
  for (guint i = 0; o->modules != NULL && o->modules[i] != NULL; i++)
    {
      FdSimModule *m = add_from_spec (fleet, o->modules[i], NULL, error);
      if (m == NULL)
        return FALSE;
      g_ptr_array_add (modules, g_object_ref (m));
    }
  for (guint i = 0; o->replays != NULL && o->replays[i] != NULL; i++)
    {
      FdSimModule *m = fd_sim_fleet_add_replay (fleet, o->replays[i], NULL, error);
      if (m == NULL)
        return FALSE;
      fd_sim_module_set_replay_speed (m, o->replay_speed);
      g_ptr_array_add (modules, g_object_ref (m));
    }
  if (modules->len == 0)
    {
      g_set_error_literal (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                           "no module: give --module, --replay or --config (see --help)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
configure_modules (Options *o, GPtrArray *modules, GError **error)
{
  for (guint i = 0; i < modules->len; i++)
    {
      FdSimModule *m = g_ptr_array_index (modules, i);

      if (o->fs_root != NULL)
        fd_sim_module_set_fs_root (m, o->fs_root);
      if (o->rename)
        fd_sim_module_set_rename_on_reboot (m, TRUE);
      if (o->record != NULL)
        {
          g_autofree char *path = record_path (o->record, i, modules->len);
          if (!fd_sim_module_set_transcript_path (m, path, error))
            return FALSE;
        }
    }
  return apply_indexed (modules, o->faults, fd_sim_module_apply_fault_spec, "--fault", error)
         && apply_indexed (modules, o->onenet, apply_onenet, "--onenet", error)
         && apply_indexed (modules, o->luat, apply_luat, "--luat-platform", error);
}

/* --- running ------------------------------------------------------------ */

static void
print_module (Watched *w)
{
  FdSimModule *m = w->module;

  g_print ("%s\t%s\t%s\t%s\t%s\n", w->link != NULL ? w->link : "-", fd_sim_module_get_model (m),
           fd_sim_module_get_imei (m), w->revision,
           fd_sim_dialect_to_string (fd_sim_module_get_dialect (m)));
}

static void
watched_free (gpointer data)
{
  Watched *w = data;

  g_object_unref (w->module);
  g_free (w->link);
  g_free (w->revision);
  g_free (w);
}

/* Reports what changed since the last look: reboots, names, revisions. */
static gboolean
poll_changes (gpointer data)
{
  App *app = data;

  for (guint i = 0; i < app->watched->len; i++)
    {
      Watched         *w = g_ptr_array_index (app->watched, i);
      g_autofree char *link = fd_sim_module_dup_link_path (w->module);
      g_autofree char *revision = fd_sim_module_dup_revision (w->module);
      FdSimModuleState state = fd_sim_module_get_state (w->module);

      if (state == w->state && g_strcmp0 (link, w->link) == 0
          && g_strcmp0 (revision, w->revision) == 0)
        continue;
      g_print ("%s\t%s\tstate=%s\tlink=%s\trevision=%s\n", fd_sim_module_get_imei (w->module),
               fd_sim_module_get_model (w->module), fd_sim_module_state_to_string (state),
               link != NULL ? link : "-", revision);
      w->state = state;
      g_free (w->link);
      w->link = g_steal_pointer (&link);
      g_free (w->revision);
      w->revision = g_steal_pointer (&revision);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
run (Options *o, GKeyFile *kf)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (FdSimFleet) fleet = NULL;
  g_autoptr (GPtrArray) modules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  App              app = { loop, g_ptr_array_new_with_free_func (watched_free) };
  g_autofree char *dir = o->dir != NULL
                             ? g_strdup (o->dir)
                             : g_build_filename (g_get_user_runtime_dir (), "fotadesk-sim", NULL);

  /* From the start: a signal while modules boot must still clean up. */
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  fleet = fd_sim_fleet_new (dir, &error);
  if (fleet == NULL)
    goto fail;
  fd_sim_fleet_set_baud (fleet, o->baud < 0 ? 115200 : (guint)o->baud);
  fd_sim_fleet_set_realistic (fleet, o->realistic);
  fd_sim_fleet_set_tls_ca_file (fleet, o->ca_file);
  fd_sim_fleet_set_tls_insecure_loopback (fleet, o->insecure_loopback);
  if (!add_modules (fleet, o, kf, modules, &error) || !configure_modules (o, modules, &error))
    goto fail;
  /* The links are printed once they answer (replays answer at once). */
  for (guint i = 0; i < modules->len; i++)
    if (!fd_sim_module_wait_ready (g_ptr_array_index (modules, i), 1, 30000, &error))
      goto fail;
  for (guint i = 0; i < modules->len; i++)
    {
      Watched *w = g_new0 (Watched, 1);
      w->module = g_object_ref (g_ptr_array_index (modules, i));
      w->link = fd_sim_module_dup_link_path (w->module);
      w->revision = fd_sim_module_dup_revision (w->module);
      w->state = fd_sim_module_get_state (w->module);
      g_ptr_array_add (app.watched, w);
      print_module (w);
    }
  g_printerr ("fotadesk-sim: %u module%s in %s; Ctrl+C stops\n", modules->len,
              modules->len == 1 ? "" : "s", dir);
  fflush (stdout);
  g_timeout_add (200, poll_changes, &app);
  g_main_loop_run (loop);
  fd_sim_fleet_shutdown (fleet);
  g_ptr_array_unref (app.watched);
  return 0;

fail:
  g_printerr ("fotadesk-sim: %s\n", error->message);
  if (fleet != NULL)
    fd_sim_fleet_shutdown (fleet);
  g_ptr_array_unref (app.watched);
  return 1;
}

static int
make_package (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pkg = NULL;
  g_autoptr (GByteArray) bytes = NULL;

  if (o->output == NULL || o->size < 0)
    {
      g_printerr ("fotadesk-sim: --make-package needs --size BYTES and --output FILE\n");
      return 2;
    }
  pkg = fd_sim_package_build (o->make_package, (gsize)o->size, (guint32)o->seed);
  if (pkg == NULL)
    {
      g_printerr ("fotadesk-sim: “%s” is not a usable revision (1 to %d printable characters, "
                  "no spaces, quotes or commas)\n",
                  o->make_package, FD_SIM_PACKAGE_REVISION_MAX);
      return 2;
    }
  bytes = g_bytes_unref_to_array (g_steal_pointer (&pkg));
  if (o->corrupt)
    bytes->data[bytes->len / 2] ^= 0x5a; /* a damaged package */
  if (!g_file_set_contents (o->output, (const char *)bytes->data, bytes->len, &error))
    {
      g_printerr ("fotadesk-sim: %s\n", error->message);
      return 1;
    }
  g_print ("%s\t%u bytes\t%s%s\n", o->output, bytes->len, o->make_package,
           o->corrupt ? "\tdamaged" : "");
  return 0;
}

static void
list_models (void)
{
  gsize             n;
  const FdSimModel *models = fd_sim_model_get_all (&n);

  for (gsize i = 0; i < n; i++)
    g_print ("%-12s %-7s %-6s %-10s %s\n", models[i].model, models[i].manufacturer,
             fd_sim_dialect_to_string (models[i].dialect),
             models[i].reboot_style == FD_SIM_REBOOT_KEEP_PORT ? "uart" : "usb",
             models[i].revision);
}

int
main (int argc, char **argv)
{
  Options      o = { .baud = -1, .replay_speed = 1.0, .size = -1 };
  GOptionEntry entries[]
      = { { "module", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &o.modules,
            "Add a module (repeatable; see --list-models)", "MODEL[:IMEI[:REVISION]]" },
          { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o.config, "Add the fleet described in FILE",
            "FILE" },
          { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &o.dir,
            "Create the links in DIR (default $XDG_RUNTIME_DIR/fotadesk-sim)", "DIR" },
          { "baud", 'b', 0, G_OPTION_ARG_INT, &o.baud,
            "Pace both directions at N/10 bytes per second; 0 = unpaced (default 115200)", "N" },
          { "realistic", 0, 0, G_OPTION_ARG_NONE, &o.realistic,
            "Realistic timings: seconds-long reboots and flashing, the manuals' timers in seconds",
            NULL },
          { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &o.faults,
            "Switch a fault or quirk on (repeatable; below)", "[INDEX@]SPEC" },
          { "onenet", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.onenet,
            "RSFOTA modules: the simulated OneNET platform", "[INDEX@]SIZE:REVISION[:OUTCOME]" },
          { "luat-platform", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.luat,
            "Luat modules: the simulated platform behind KEY", "[INDEX@]VERSION[:CAUSE]" },
          { "fs-root", 0, 0, G_OPTION_ARG_FILENAME, &o.fs_root,
            "MFW modules: file://PATH reads DIR/PATH", "DIR" },
          { "rename", 0, 0, G_OPTION_ARG_NONE, &o.rename,
            "USB reboots come back under a new name (ttyUSB2 → ttyUSB5)", NULL },
          { "record", 0, 0, G_OPTION_ARG_FILENAME, &o.record,
            "Write each module's transcript (several modules: FILE-INDEX)", "FILE" },
          { "replay", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.replays,
            "Add a module that replays the module side of a transcript", "FILE" },
          { "replay-speed", 0, 0, G_OPTION_ARG_DOUBLE, &o.replay_speed,
            "Replay X times faster than recorded", "X" },
          { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &o.ca_file,
            "Modules' HTTPS/FTPS downloads also trust this CA", "FILE" },
          { "insecure-loopback", 0, 0, G_OPTION_ARG_NONE, &o.insecure_loopback,
            "Skip TLS verification for 127.0.0.1, ::1 and localhost only", NULL },
          { "list-models", 0, 0, G_OPTION_ARG_NONE, &o.list_models, "List the simulated models",
            NULL },
          { "make-package", 0, 0, G_OPTION_ARG_STRING, &o.make_package,
            "Write a simulated firmware package and exit", "REVISION" },
          { "size", 0, 0, G_OPTION_ARG_INT64, &o.size, "Payload size for --make-package", "BYTES" },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "File for --make-package", "FILE" },
          { "seed", 0, 0, G_OPTION_ARG_INT, &o.seed, "Payload seed for --make-package", "N" },
          { "corrupt", 0, 0, G_OPTION_ARG_NONE, &o.corrupt, "Make the package damaged", NULL },
          { "version", 0, 0, G_OPTION_ARG_NONE, &o.version, "Print the version and exit", NULL },
          { NULL } };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) kf = NULL;

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, SUMMARY);
  g_option_context_set_description (context, DESCRIPTION);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fotadesk-sim: %s\n", error->message);
      return 2;
    }
  if (o.version)
    {
      g_print ("fotadesk-sim %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (o.list_models)
    {
      list_models ();
      return 0;
    }
  if (o.make_package != NULL)
    return make_package (&o);
  if (o.config != NULL)
    {
      kf = g_key_file_new ();
      if (!g_key_file_load_from_file (kf, o.config, G_KEY_FILE_NONE, &error))
        {
          g_printerr ("fotadesk-sim: %s: %s\n", o.config, error->message);
          return 2;
        }
      merge_fleet_group (&o, kf);
    }
  return run (&o, kf);
}
