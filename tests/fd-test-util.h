/* fd-test-util.h — small helpers shared by the simulator tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-sim-fleet.h"
#include "fd-test-port.h"

G_BEGIN_DECLS

/* Generous bounds: the machine is shared and noisy. Liveness only. */
#define FD_TEST_TIMEOUT_MS 10000

/* A fresh directory under $TMPDIR, removed (with its contents) by
 * fd_test_rm_rf(). */
char *fd_test_mkdtemp (void);
void  fd_test_rm_rf (const char *path);

/* Opens the module's current link (waiting until it exists) and turns
 * echo off. */
FdTestPort *fd_test_open_module (FdSimModule *module);

/* Asserts @lines (from fd_test_port_command) are exactly @expected. */
void fd_test_assert_lines (GPtrArray *lines, const char *const *expected);

/* fd_test_port_command() that must succeed with exactly @expected. */
void fd_test_command_expect (FdTestPort *port, const char *command, const char *const *expected);

/* The single info line of a command answered with "<line>, OK". */
char *fd_test_query (FdTestPort *port, const char *command);

G_END_DECLS

G_BEGIN_DECLS

/* Follows @module like a tool across reboots: opens its link whenever it
 * exists (no flush), reads lines, reopens after the port goes, until a
 * line equals one of @finals (included) or @timeout_ms passes (NULL then).
 * @n_opens: how many times the port was opened. */
GPtrArray *fd_test_follow (FdSimModule *module, const char *const *finals, guint timeout_ms,
                           guint *n_opens);
/* The same, reading @port (taken) first: lines it already buffered are
 * not lost. */
GPtrArray *fd_test_follow_port (FdSimModule *module, FdTestPort *port, const char *const *finals,
                                guint timeout_ms, guint *n_opens);

/* The lines of @lines that start with @prefix, in order. */
GPtrArray *fd_test_filter (GPtrArray *lines, const char *prefix);

G_END_DECLS
