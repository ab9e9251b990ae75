/* fd-bench-display.h — a display for the GUI benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keeps $DISPLAY when it is set (inside xvfb-run, or a desktop); else
 * starts Xvfb on a free display number and sets $DISPLAY to it, so that
 * `meson test --benchmark` works from a plain shell. Also sets
 * GDK_BACKEND=x11 unless set. Returns what it did, for the output. */
const char *fd_bench_display_ensure (void);

/* Stops the Xvfb that fd_bench_display_ensure() started, if any. */
void fd_bench_display_stop (void);

G_END_DECLS
