/* fd-sim-fleet.h — a set of simulated modules run by one simulator thread
 *
 * The fleet owns a thread with its own GMainContext; every module lives
 * there. A test in the same process can therefore block on a serial
 * session while the modules keep answering. All calls are thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-sim-module.h"

G_BEGIN_DECLS

#define FD_TYPE_SIM_FLEET (fd_sim_fleet_get_type ())
G_DECLARE_FINAL_TYPE (FdSimFleet, fd_sim_fleet, FD, SIM_FLEET, GObject)

/* Links are created in @dir (created if missing). */
FdSimFleet *fd_sim_fleet_new (const char *dir, GError **error);

const char *fd_sim_fleet_get_dir (FdSimFleet *self);

/* Defaults for modules added afterwards. */
void fd_sim_fleet_set_baud (FdSimFleet *self, guint baud);
void fd_sim_fleet_set_realistic (FdSimFleet *self, gboolean realistic);

/* TLS for the modules' own downloads: trust @ca_file (PEM) in addition to
 * the system store, and/or skip verification for 127.0.0.1, ::1 and
 * localhost only. Both explicit: nothing is ever skipped silently. */
void fd_sim_fleet_set_tls_ca_file (FdSimFleet *self, const char *ca_file);
void fd_sim_fleet_set_tls_insecure_loopback (FdSimFleet *self, gboolean insecure);

/* Adds a module of @model (longest-prefix match in the simulator's model
 * table), powered on. @imei NULL: a valid, unique one is generated;
 * @revision NULL: the model's factory revision; @link_name NULL: the next
 * free ttyUSB<N>. */
FdSimModule *fd_sim_fleet_add_module (FdSimFleet *self, const char *model, const char *imei,
                                      const char *revision, GError **error);
FdSimModule *fd_sim_fleet_add_module_full (FdSimFleet *self, const char *model, const char *imei,
                                           const char *revision, const char *link_name,
                                           GError **error);

/* A module that plays back the module side of a transcript
 * (docs/transcript-format.md): it answers each command the tool sends
 * with what the module answered in the recording, with the same delays. */
FdSimModule *fd_sim_fleet_add_replay (FdSimFleet *self, const char *transcript_path,
                                      const char *link_name, GError **error);

/* The modules, in the order they were added; free with g_ptr_array_unref. */
GPtrArray *fd_sim_fleet_list_modules (FdSimFleet *self);

/* Powers every module off, removes every link and stops the thread. Also
 * done by the last unref. */
void fd_sim_fleet_shutdown (FdSimFleet *self);

G_END_DECLS
