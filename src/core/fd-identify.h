/* fd-identify.h — who is on this port: maker, model, revision, IMEI and
 * the FOTA dialects it answers, found without changing anything
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-at-session.h"

G_BEGIN_DECLS

typedef enum {
  FD_DIALECT_NONE = 0,
  FD_DIALECT_RSFOTA = 1 << 0, /* M5311 OneNET: AT+RSFOTAMODE? */
  FD_DIALECT_MFW = 1 << 1,    /* OneMO: AT+MFWCFG="url" */
  FD_DIALECT_LUAT = 1 << 2,   /* Luat: AT+UPGRADE? */
} FdDialects;

typedef struct {
  char      *manufacturer;
  char      *model;
  char      *revision;
  char      *imei;
  FdDialects dialects;
} FdIdentity;

void fd_identity_clear (FdIdentity *identity);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdIdentity, fd_identity_clear)

/* "rsfota", "mfw", "luat" — the names the CLI and logs use. */
const char *fd_dialect_to_string (FdDialects dialect);
gboolean fd_dialect_from_string (const char *name, FdDialects *dialect);
/* "rsfota,mfw" for a set, "" for none. */
char *fd_dialects_to_string (FdDialects dialects);

/* Runs the identification sequence: AT (retried while the module wakes),
 * ATE0, AT+CMEE=1, AT+CGMI, AT+CGMM, AT+CGMR, the IMEI (AT+CGSN=1, then
 * AT+CGSN, then ATI), and the read-only dialect probes. Only volatile
 * session settings are changed (echo, error format). Fails only when the
 * port does not answer AT at all (FD_SERIAL_ERROR_TIMEOUT: "no AT
 * answer"), is gone, or the call is cancelled; a missing field is left
 * NULL. @command_timeout_ms bounds each command (0 = a short default). */
gboolean fd_identify (FdAtSession  *session,
                      guint         command_timeout_ms,
                      FdIdentity   *identity,
                      GCancellable *cancellable,
                      GError      **error);

/* Every command fd_identify() may send, NULL-terminated: the contract
 * that a probe never changes a module is tested against this list. */
const char *const *fd_identify_get_allowed_commands (void);

/* Pure helpers, tested by tables: the value of a "+CGMM: X" / "X" /
 * "Revision: X" line, and the IMEI in ATI output. */
char *fd_identify_parse_value (const char *line, const char *name);
char *fd_identify_find_imei (GPtrArray *lines);
/* The model line of ATI output (the maker, revision and IMEI skipped). */
char *fd_identify_model_from_ati (GPtrArray *lines, const char *manufacturer);

G_END_DECLS
