/* fd-test-mfw.h — helpers of the dialect B tests: a fleet with a
 * directory the loopback servers serve, packages in it, MFW steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-sim-fleet.h"
#include "fd-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  char       *dir;
  char       *www; /* what the servers serve */
  FdSimFleet *fleet;
} FdTestMfw;

void         fd_test_mfw_setup (FdTestMfw *fx, gconstpointer data);
void         fd_test_mfw_teardown (FdTestMfw *fx, gconstpointer data);
FdSimModule *fd_test_mfw_add (FdTestMfw *fx, const char *model);
/* A simulated package in the served directory; returned too. */
GBytes *fd_test_mfw_publish (FdTestMfw *fx, const char *name, const char *revision, gsize size,
                             guint32 seed);
void    fd_test_mfw_publish_bytes (FdTestMfw *fx, const char *name, GBytes *bytes);
void    fd_test_mfw_set_url (FdTestPort *port, const char *url);
/* AT+MFWCHECK=0/1/2 answer the MD5/SHA1/SHA256 of @data. */
void fd_test_mfw_expect_checksums (FdTestPort *port, GBytes *data);
/* AT+MFWUPGRADE succeeds, the module reboots into @revision. */
void fd_test_mfw_upgrade_ok (FdTestPort *port, FdSimModule *m, const char *revision);

G_END_DECLS
