/* fd-identify.h — who is on this port: maker, model, revision, IMEI and
 * the FOTA dialects it answers, found without changing anything
 *
 * Only the commands of fd_identify_get_allowed_commands() are ever sent:
 * reads, and two volatile session settings (echo off, numeric errors)
 * that a module forgets when it restarts. Nothing is written to the
 * module's flash, no FOTA setting changes, nothing is triggered or erased.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-at-session.h"
#include "fd-models.h"

G_BEGIN_DECLS

/* Bound on each command when the caller passes 0. Modules answer these
 * reads in tens of milliseconds; the margin is for a busy machine. */
#define FD_IDENTIFY_DEFAULT_TIMEOUT_MS 2000
/* "AT" is tried this many times: a module may still be starting. */
#define FD_IDENTIFY_WAKE_ATTEMPTS 3

typedef struct {
  char     *manufacturer; /* AT+CGMI, or ATI */
  char     *model;        /* AT+CGMM, or ATI */
  char     *revision;     /* AT+CGMR, or ATI */
  char     *imei;         /* AT+CGSN=1, AT+CGSN, or ATI */
  FdDialect dialects;     /* the dialect probes the module answered */
  gboolean  answered_at;  /* "AT" got OK: something speaks AT on the port */
} FdIdentity;

void fd_identity_clear (FdIdentity *identity);
void fd_identity_copy (const FdIdentity *src, FdIdentity *dest);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdIdentity, fd_identity_clear)

/* "rsfota,mfw" for a set, in the order RSFOTA, MFW, Luat; "" for none. */
char *fd_dialects_to_string (FdDialect dialects);

/* Runs the identification sequence on an open session: AT (up to
 * FD_IDENTIFY_WAKE_ATTEMPTS times), ATE0, AT+CMEE=1, AT+CGMI, AT+CGMM,
 * AT+CGMR, the IMEI (AT+CGSN=1, then AT+CGSN), ATI when the IMEI, model,
 * maker or revision is still missing, then the dialect probes
 * AT+RSFOTAMODE?, AT+MFWCFG="url", AT+UPGRADE?. A command the module
 * refuses leaves its field NULL. Fails with:
 * - FD_SERIAL_ERROR_TIMEOUT when the port gives no answer to AT ("no AT
 *   answer"), or answered AT and then stopped answering;
 * - FD_AT_ERROR_UNEXPECTED_RESPONSE when every AT got an error result;
 * - FD_SERIAL_ERROR_GONE, G_IO_ERROR_CANCELLED, or another port error.
 * @command_timeout_ms bounds each command (0 = FD_IDENTIFY_DEFAULT_TIMEOUT_MS).
 * On failure @identity keeps what was read before it. */
gboolean fd_identify (FdAtSession  *session,
                      guint         command_timeout_ms,
                      FdIdentity   *identity,
                      GCancellable *cancellable,
                      GError      **error);

/* The short form for finding a module again: AT (retried), ATE0 and the
 * IMEI commands only (ATI when AT+CGSN gives none); fills only
 * @identity's imei and answered_at. The IMEI stays NULL when the module
 * answered but told none. Fails as fd_identify(). */
gboolean fd_identify_imei (FdAtSession  *session,
                           guint         command_timeout_ms,
                           FdIdentity   *identity,
                           GCancellable *cancellable,
                           GError      **error);

/* Every command fd_identify() and fd_identify_imei() may send,
 * NULL-terminated: the contract that a probe never changes a module is
 * tested against this list. */
const char *const *fd_identify_get_allowed_commands (void);

/* ---- pure helpers, tested by tables ------------------------------------- */

/* The value of one answer line to AT+@name (name without "AT+": "CGMI",
 * "CGMM", "CGMR"): "+CGMM: X", "+CGMM:\"X\"", a labelled "Model: X"
 * ("Manufacturer:" for CGMI, "Model:" for CGMM, "Revision:" for CGMR) or
 * a bare "X". Quotes and blanks around the value are removed, control
 * bytes become spaces, invalid UTF-8 is replaced, at most 128 bytes are
 * kept. NULL when nothing is left. */
char *fd_identify_parse_value (const char *line, const char *name);

/* The value of AT+@name's answer lines: the "+NAME:" or labelled line if
 * there is one, else the last line that reads as text (valid UTF-8, no
 * control bytes). The last, because line noise and junk that arrives
 * before an answer ends up as lines of its own ahead of it. */
char *fd_identify_pick_value (GPtrArray *lines, const char *name);

/* The first IMEI in @lines: "+CGSN: <digits>", a bare line of 14-17
 * digits, or "IMEI: <digits>" as ATI prints it. NULL when there is none. */
char *fd_identify_find_imei (GPtrArray *lines);

/* The maker, model and revision in ATI output. ATI has no standard form:
 * either labelled lines ("Manufacturer: X", "Model: Y", "Revision: Z") or
 * bare lines, maker first, then model, then "Revision: Z". @manufacturer,
 * when known (from AT+CGMI), is skipped when looking for the model.
 * Each returns NULL when ATI does not say. */
char *fd_identify_manufacturer_from_ati (GPtrArray *lines);
char *fd_identify_model_from_ati (GPtrArray *lines, const char *manufacturer);
char *fd_identify_revision_from_ati (GPtrArray *lines);

/* Whether the answer to a dialect's probe means the module speaks it.
 * @lines are the information lines when the probe got OK (NULL when it
 * failed with @error). RSFOTA and Luat: OK with their "+RSFOTAMODE:" /
 * "+UPGRADE:" line. MFW: OK with a "+MFWCFG:" line or no line at all (a
 * module with no URL set may say nothing), or one of MFW's own errors
 * +CME ERROR: 850-855, which only a module that knows MFWCFG gives. */
gboolean fd_identify_probe_answered (FdDialect     dialect,
                                     GPtrArray    *lines,
                                     const GError *error);

G_END_DECLS
