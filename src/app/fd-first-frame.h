/* fd-first-frame.h — when did the first window first paint? (benchmarks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With FOTADESK_FIRST_FRAME_FD=N in the environment only: once @window
 * has rendered its first frame, writes "first-frame USEC CPU_NS WAIT_NS
 * SLICES\n" (the g_get_monotonic_time() at the end of that frame's paint
 * phase, then the main thread's /proc/thread-self/schedstat) to file
 * descriptor N and closes it. Otherwise does nothing. */
void fd_first_frame_watch (GtkWindow *window);

G_END_DECLS
