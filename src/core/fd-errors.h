/* fd-errors.h — the error domains of the FotaDesk core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Transport errors: what happened to the serial port itself. Cancellation
 * is always reported as G_IO_ERROR / G_IO_ERROR_CANCELLED. */
#define FD_SERIAL_ERROR (fd_serial_error_quark ())
typedef enum {
  FD_SERIAL_ERROR_NOT_FOUND,         /* no such port */
  FD_SERIAL_ERROR_PERMISSION_DENIED, /* not in the dialout group, or uaccess missing */
  FD_SERIAL_ERROR_BUSY,              /* another process holds the port */
  FD_SERIAL_ERROR_GONE,              /* unplugged or the module rebooted (POLLHUP/EIO) */
  FD_SERIAL_ERROR_TIMEOUT,           /* nothing arrived within the bound */
  FD_SERIAL_ERROR_IO,                /* any other I/O failure */
} FdSerialError;

/* AT-level errors that are not a module's numbered error. */
#define FD_AT_ERROR (fd_at_error_quark ())
typedef enum {
  FD_AT_ERROR_ERROR,           /* the module answered a plain ERROR */
  FD_AT_ERROR_MODULE_TEXT,     /* +CME/+CMS/+CIS ERROR with a text, not a number */
  FD_AT_ERROR_LINE_TOO_LONG,   /* a line overflowed the bounded line buffer */
  FD_AT_ERROR_INVALID_COMMAND, /* a command we refused to send (AT injection) */
  FD_AT_ERROR_NO_PROMPT,       /* no go-ahead for a passthrough write */
  FD_AT_ERROR_UNEXPECTED_RESPONSE, /* an answer without the expected line, or a
                                    * passthrough the module ended early */
} FdAtError;

/* A module's numbered error: the GError code IS the module's code, as
 * ModemManager does for +CME ERROR. One domain per result code family. */
#define FD_CME_ERROR (fd_cme_error_quark ())
#define FD_CMS_ERROR (fd_cms_error_quark ())
#define FD_CIS_ERROR (fd_cis_error_quark ())

GQuark fd_serial_error_quark (void);
GQuark fd_at_error_quark (void);
GQuark fd_cme_error_quark (void);
GQuark fd_cms_error_quark (void);
GQuark fd_cis_error_quark (void);

G_END_DECLS
