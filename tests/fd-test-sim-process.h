/* fd-test-sim-process.h — fotadesk-sim as a separate process
 *
 * For what must not share a process with the simulator: CPU and memory
 * figures of the code under test, a CLI killed with SIGKILL, a run under
 * valgrind. The simulator's stdout goes to a file (a pipe nobody drains
 * could stop it); its first lines name the modules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One module as fotadesk-sim announced it. */
typedef struct
{
  char *link;
  char *model;
  char *imei;
  char *revision;
  char *dialect;
} FdTestSimEntry;

typedef struct _FdTestSimProcess FdTestSimProcess;

/* Runs $FD_SIM_BINARY --dir @dir @args… and waits (bounded) until it has
 * announced @n_modules modules. */
FdTestSimProcess *fd_test_sim_process_start (const char *dir, const char *const *args,
                                             guint n_modules);
/* FdTestSimEntry, in the order the modules were given. */
GPtrArray *fd_test_sim_process_get_modules (FdTestSimProcess *self);
/* "DIR/tty*": a glob that finds every module. */
const char *fd_test_sim_process_get_glob (FdTestSimProcess *self);
/* SIGTERM, then waits (bounded) until it has removed its links. */
void fd_test_sim_process_stop (FdTestSimProcess *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTestSimProcess, fd_test_sim_process_stop)

G_END_DECLS
