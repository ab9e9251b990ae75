/* fd-test-module.h — a scripted module on a real pty, for the scanner tests
 *
 * Not a mock of our code: a thread on the pty master that reads what the
 * code under test really wrote, records every command line, and answers
 * from a table as a module would (echo until ATE0, CR LF framing, ERROR
 * for what it does not know). Behaviours cover the failures the scanner
 * must report: silence, garbage, unplugging.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fd-models.h"

G_BEGIN_DECLS

typedef enum {
  FD_TEST_MODULE_NORMAL,  /* answers from its table */
  FD_TEST_MODULE_SILENT,  /* reads everything, answers nothing */
  FD_TEST_MODULE_GARBAGE, /* answers nothing, streams noise all the time */
} FdTestModuleBehaviour;

typedef struct _FdTestModule FdTestModule;

/* A module on a new pty, echo on, no answers yet; not started. */
FdTestModule *fd_test_module_new (void);
void fd_test_module_free (FdTestModule *module);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdTestModule, fd_test_module_free)

/* Fills the answer table as a module with this identity would answer:
 * AT+CGMI, AT+CGMM, AT+CGMR, AT+CGSN=1, AT+CGSN, ATI, and the probe of
 * each dialect in @dialects (the others answer ERROR). NULL fields answer
 * ERROR. */
void fd_test_module_set_identity (FdTestModule *module,
                                  const char   *maker,
                                  const char   *model,
                                  const char   *revision,
                                  const char   *imei,
                                  FdDialect     dialects);
/* The raw bytes sent after @command (the echo comes first while echo is
 * on); NULL: never answer @command. */
void fd_test_module_set_answer (FdTestModule *module,
                                const char   *command,
                                const char   *reply);
/* Sent for commands not in the table (default "\r\nERROR\r\n"). */
void fd_test_module_set_default_answer (FdTestModule *module, const char *reply);
void fd_test_module_set_behaviour (FdTestModule *module, FdTestModuleBehaviour behaviour);
/* Wait this long before answering each command. */
void fd_test_module_set_delay (FdTestModule *module, guint ms);
/* Fail the first @n "AT" commands with silence (a module still waking). */
void fd_test_module_set_sleepy (FdTestModule *module, guint n);

void fd_test_module_start (FdTestModule *module);
/* The slave side, what the scanner opens (e.g. /dev/pts/7). */
const char *fd_test_module_get_path (FdTestModule *module);
/* Every command line received so far, in order. */
GStrv fd_test_module_dup_commands (FdTestModule *module);
guint fd_test_module_count_commands (FdTestModule *module);
/* Closes the master: the port is gone (POLLHUP/EIO for whoever has it
 * open). The thread stops. */
void fd_test_module_unplug (FdTestModule *module);

/* ---- a sysfs that puts ptys on USB ------------------------------------ */

/* A private copy of tests/fixtures/sysfs/@fixture in a new temporary
 * directory; returns its root (free with fd_test_sysfs_remove()). */
char *fd_test_sysfs_copy (const char *fixture);
void fd_test_sysfs_remove (const char *root);
/* Makes sysfs tty @tty_name ("ttyUSB12") stand for the pty at @pty_path:
 * its "dev" file gets the pty's major:minor, so the enumerator sees the
 * pty as that USB interface's tty. */
void fd_test_sysfs_map (const char *root, const char *tty_name, const char *pty_path);
/* Makes sysfs tty @tty_name name no device (its pty is gone). */
void fd_test_sysfs_unmap (const char *root, const char *tty_name);

/* ---- small helpers ------------------------------------------------------ */

/* A new temporary directory readable by everyone (for unprivileged
 * children); remove with fd_test_sysfs_remove(). */
char *fd_test_make_tmpdir (const char *template_name);
/* A symlink @dir/@name → @target. */
char *fd_test_make_link (const char *dir, const char *name, const char *target);

/* Fails the test unless every command in @commands is one of
 * fd_identify_get_allowed_commands(). */
void fd_test_assert_only_allowed (const char *const *commands);

G_END_DECLS
