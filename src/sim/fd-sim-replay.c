/* fd-sim-replay.c — placeholder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-private.h"

struct _FdSimReplay
{
  FdSimTranscript *transcript;
};

FdSimReplay *
fd_sim_replay_new (FdSimTranscript *transcript)
{
  FdSimReplay *self = g_new0 (FdSimReplay, 1);
  self->transcript = transcript;
  return self;
}

void
fd_sim_replay_free (FdSimReplay *self)
{
  fd_sim_transcript_free (self->transcript);
  g_free (self);
}

void
fd_sim_replay_start (FdSimReplay *self, FdSimModule *module)
{
}

void
fd_sim_replay_input (FdSimReplay *self, FdSimModule *module, const guint8 *data, gsize len)
{
}
