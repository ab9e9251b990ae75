/* fd-sim-mfw.h — dialect B (OneMO MFW) state, shared by its two files
 *
 * fd-sim-mfw.c: AT+MFWCFG, AT+MFWCHECK, AT+MFWERASE, AT+MFWUPGRADE and
 * the ML30x combined download+upgrade. fd-sim-mfw-dload.c: every form of
 * AT+MFWDLOAD (network download, file://, hex writes, passthrough).
 *
 * Choices where the manual is silent, as this firmware makes them:
 * - errors: a command the model lacks is unknown (ERROR); a bad value or
 *   an item the model lacks is 851; a scheme the model lacks is 852 (at
 *   AT+MFWCFG="url" already); a bad write (offset gap, len > 512, hex that
 *   does not match len) is 853; MFWDLOAD after an unrecoverable failure is
 *   855 until AT+MFWERASE; anything else unexpected is 850.
 * - an unknown total size is an empty field: "+MFWDLOAD: 1,,2048".
 * - file:// gives no URC (as the manual's example); a missing file is 855.
 * - a download that breaks after some bytes is resumable ("3" then "0");
 *   one that fails before or otherwise (404, refused, login, TLS) is
 *   unrecoverable ("3" alone). A server that ignores Range is handled by
 *   skipping what the module already has.
 * - AT+MFWUPGRADE: no OK by default (the manual's examples show none; the
 *   "upgrade-ok" quirk adds it). An invalid package (fd-sim-package.h) is
 *   "+CME ERROR: 854" at once; a damaged one is "+MFWUPGRADE: 3" after the
 *   flash time; a valid one is "+MFWUPGRADE: 2", then the module reboots
 *   into the new revision.
 * - ML30x: AT+MFWUPGRADE answers nothing, reboots into a FOTA mode,
 *   downloads ("+MFWUPGRADE: 1,0…50"), reboots, flashes ("1,55…100"),
 *   reboots again and reports "+MFWUPGRADE: 2" with the new revision.
 *   A damaged package fails mid-flash with "+MFWUPGRADE: 3" and, as the
 *   manual warns, nothing is rolled back (the old revision stays here).
 * - Configuration and the stored package survive reboots; a download cut
 *   by a power loss is resumable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-sim-private.h"

G_BEGIN_DECLS

#define FD_SIM_MFW_URL_MAX 256
#define FD_SIM_MFW_AUTH_MAX 48
#define FD_SIM_MFW_HEX_MAX 512
#define FD_SIM_MFW_STORE_MAX (16 * 1024 * 1024)

typedef enum
{
  MFW_SRC_NONE,
  MFW_SRC_SERIAL,
  MFW_SRC_NETWORK,
  MFW_SRC_FILE,
} MfwSource;

typedef enum
{
  MFW_DL_IDLE,
  MFW_DL_RUNNING,
  MFW_DL_DONE,
  MFW_DL_RESUMABLE, /* "3" then "0" */
  MFW_DL_FAILED,    /* "3" alone: erase first */
} MfwDlState;

typedef enum
{
  ML_IDLE,
  ML_DOWNLOAD,
  ML_FLASH,
  ML_REPORT,
} MlPhase;

typedef struct
{
  FdSimModule *module;
  FdSimMfwCaps caps;

  /* Flash: configuration. */
  char *url;
  char *user;
  char *password;
  guint timeout_s;
  guint mode;
  guint progind;
  guint ssl_id;
  guint pkgsize;

  /* Flash: the stored package and how it got there. */
  GByteArray *pkg;
  MfwSource   source;
  MfwDlState  dl;
  guint64     total; /* 0: unknown */

  /* Flash: the ML30x upgrade, across its reboots. */
  MlPhase  ml_phase;
  char    *ml_revision;
  gboolean ml_damaged;

  /* RAM. */
  FdSimFetch *fetch;
  guint64     received;
  guint64     next_ind;
  int         last_percent;
  gsize       pt_offset;
  guint       step_id;
  int         flash_percent;
} FdSimMfw;

gboolean fd_sim_mfw_scheme_allowed (FdSimMfw *self, const char *url);

/* AT+MFWDLOAD in all its forms; FALSE when the model lacks it. */
gboolean fd_sim_mfw_dload (FdSimMfw *self, const FdSimCommand *cmd);
void     fd_sim_mfw_dload_power_off (FdSimMfw *self);
/* Writes @len bytes at @offset of the store (growing it). */
void fd_sim_mfw_store (FdSimMfw *self, gsize offset, const guint8 *data, gsize len);

/* "+MFWDLOAD: 1,<total>,<dlength>" with an empty total when unknown. */
char *fd_sim_mfw_dload_line (int state, guint64 total, guint64 dlength);

G_END_DECLS
