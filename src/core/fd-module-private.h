/* fd-module-private.h — making FdModules, for the scanner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-module.h"

G_BEGIN_DECLS

/* A module of @group. @at_port (a port of @group) and @identity are what
 * the chosen port answered, NULL when none answered; @identity is copied.
 * @problem_message is required unless @problem is _NONE. The model row,
 * title and warning follow from the identity. */
FdModule *fd_module_new (FdDeviceGroup    *group,
                         FdPortInfo       *at_port,
                         const FdIdentity *identity,
                         FdModuleProblem   problem,
                         const char       *problem_message);

G_END_DECLS
