/* fd-sim-package.h — the simulated firmware package format
 *
 * Real packages are opaque vendor blobs; the simulated firmware needs to
 * tell a good one from a corrupt one and learn the revision it installs.
 * A simulated package is (integers little-endian):
 *
 *   offset  size  field
 *        0     8  magic "FDSIMPKG"
 *        8     1  format version, 1
 *        9     1  revision length R, 1…64
 *       10     R  target revision: printable ASCII, no space, '"' or ','
 *     10+R     4  payload length P
 *     14+R     P  payload (any bytes)
 *   14+R+P    32  SHA-256 of every byte before it
 *
 * A package whose header does not parse (wrong magic or version, bad R,
 * a revision with forbidden bytes, shorter than its header) is INVALID:
 * a module refuses it when the upgrade starts (MFW: +CME ERROR: 854; Luat:
 * error -1003). A package whose header parses but whose length or digest
 * is wrong is DAMAGED: the module only notices while flashing (MFW:
 * +MFWUPGRADE: 3). A VALID package, once flashed, makes AT+CGMR answer
 * its revision after the upgrade reboot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FD_SIM_PACKAGE_MAGIC "FDSIMPKG"
#define FD_SIM_PACKAGE_REVISION_MAX 64

typedef enum
{
  FD_SIM_PACKAGE_VALID,
  FD_SIM_PACKAGE_INVALID, /* the header does not parse */
  FD_SIM_PACKAGE_DAMAGED, /* the header parses; length or digest is wrong */
} FdSimPackageStatus;

/* A valid package for @revision with @payload_size bytes of payload that
 * are a pure function of @seed (so a test can build the same one twice).
 * NULL when @revision is not acceptable. */
GBytes *fd_sim_package_build (const char *revision, gsize payload_size, guint32 seed);

/* Checks @data; on VALID and DAMAGED sets @revision (may be NULL). */
FdSimPackageStatus fd_sim_package_check (const guint8 *data, gsize len, char **revision);

/* Writes fd_sim_package_build() to @path. */
gboolean fd_sim_package_write (const char *path, const char *revision, gsize payload_size,
                               guint32 seed, GError **error);

G_END_DECLS
