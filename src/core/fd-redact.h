/* fd-redact.h — secrets out of everything people and files see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FD_REDACTED "***"

/* Returns @text with every secret replaced by "***", line endings and
 * everything else kept. Recognises, case-insensitively and in commands,
 * echoes, replies and error messages that quote them:
 *   AT+MFWCFG="auth","user","pass"     -> AT+MFWCFG="auth","user","***"
 *   +MFWCFG: "auth",user,pass          -> +MFWCFG: "auth",user,***
 *   AT+UPGRADE="KEY","k",0             -> AT+UPGRADE="KEY","***",0
 *   +UPGRADE:"KEY",k                   -> +UPGRADE:"KEY",***
 *   ftp://user:pass@host/p             -> ftp://user:***@host/p
 * An unquoted secret runs to the end of its line, so a value that
 * contains a comma is never half shown. @text may hold several lines;
 * a secret split across two calls is not recognised, so feed whole lines. */
char *fd_redact_secrets (const char *text);

/* TRUE when fd_redact_secrets() would change @text. */
gboolean fd_redact_has_secrets (const char *text);

G_END_DECLS
