/* fd-sim-package.c — the simulated firmware package format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-sim-package.h"

#include <string.h>

#include "fd-sim-types.h"

#define MAGIC_LEN 8
#define DIGEST_LEN 32

static gboolean
revision_ok (const guint8 *rev, gsize len)
{
  if (len == 0 || len > FD_SIM_PACKAGE_REVISION_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (rev[i] < 0x21 || rev[i] > 0x7e || rev[i] == '"' || rev[i] == ',')
      return FALSE;
  return TRUE;
}

static void
put_le32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

  g_byte_array_append (out, b, 4);
}

static guint32
get_le32 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static void
sha256 (const guint8 *data, gsize len, guint8 out[DIGEST_LEN])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_len = DIGEST_LEN;

  g_checksum_update (sum, data, (gssize)len);
  g_checksum_get_digest (sum, out, &out_len);
}

GBytes *
fd_sim_package_build (const char *revision, gsize payload_size, guint32 seed)
{
  g_autoptr (GByteArray) out = NULL;
  g_autoptr (GRand) rand = NULL;
  gsize  rlen = revision != NULL ? strlen (revision) : 0;
  guint8 digest[DIGEST_LEN];

  if (!revision_ok ((const guint8 *)revision, rlen) || payload_size > G_MAXUINT32)
    return NULL;
  out = g_byte_array_sized_new ((guint)(14 + rlen + payload_size + DIGEST_LEN));
  g_byte_array_append (out, (const guint8 *)FD_SIM_PACKAGE_MAGIC, MAGIC_LEN);
  g_byte_array_append (out, (const guint8[]){ 1, (guint8)rlen }, 2);
  g_byte_array_append (out, (const guint8 *)revision, (guint)rlen);
  put_le32 (out, (guint32)payload_size);
  rand = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < payload_size; i++)
    {
      guint8 b = (guint8)g_rand_int_range (rand, 0, 256);
      g_byte_array_append (out, &b, 1);
    }
  sha256 (out->data, out->len, digest);
  g_byte_array_append (out, digest, DIGEST_LEN);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

FdSimPackageStatus
fd_sim_package_check (const guint8 *data, gsize len, char **revision)
{
  gsize  rlen, plen, body;
  guint8 digest[DIGEST_LEN];

  if (len < 10 || memcmp (data, FD_SIM_PACKAGE_MAGIC, MAGIC_LEN) != 0 || data[8] != 1)
    return FD_SIM_PACKAGE_INVALID;
  rlen = data[9];
  if (len < 14 + rlen || !revision_ok (data + 10, rlen))
    return FD_SIM_PACKAGE_INVALID;
  if (revision != NULL)
    *revision = g_strndup ((const char *)data + 10, rlen);
  plen = get_le32 (data + 10 + rlen);
  body = 14 + rlen + plen;
  if (len != body + DIGEST_LEN)
    return FD_SIM_PACKAGE_DAMAGED;
  sha256 (data, body, digest);
  if (memcmp (digest, data + body, DIGEST_LEN) != 0)
    return FD_SIM_PACKAGE_DAMAGED;
  return FD_SIM_PACKAGE_VALID;
}

gboolean
fd_sim_package_write (const char *path, const char *revision, gsize payload_size, guint32 seed,
                      GError **error)
{
  g_autoptr (GBytes) pkg = fd_sim_package_build (revision, payload_size, seed);

  if (pkg == NULL)
    {
      g_set_error (error, FD_SIM_ERROR, FD_SIM_ERROR_INVALID_ARGUMENT,
                   "revision “%s” must be 1 to %d printable characters without spaces, "
                   "quotes or commas",
                   revision != NULL ? revision : "", FD_SIM_PACKAGE_REVISION_MAX);
      return FALSE;
    }
  return g_file_set_contents (path, g_bytes_get_data (pkg, NULL), (gssize)g_bytes_get_size (pkg),
                              error);
}
