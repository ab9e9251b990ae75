/* fd-errors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-errors.h"

G_DEFINE_QUARK (fd-serial-error-quark, fd_serial_error)
G_DEFINE_QUARK (fd-at-error-quark, fd_at_error)
G_DEFINE_QUARK (fd-cme-error-quark, fd_cme_error)
G_DEFINE_QUARK (fd-cms-error-quark, fd_cms_error)
G_DEFINE_QUARK (fd-cis-error-quark, fd_cis_error)
