/* fd-package-private.h — shared between fd-package.c (object, async
 * wrappers) and fd-package-transfer.c (libcurl transfers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-package.h"

G_BEGIN_DECLS

/* Everything a transfer needs, copied for worker threads. */
typedef struct {
  char    *curl_url;    /* no user info */
  char    *display_url; /* no user info, query or fragment */
  char    *scheme;      /* lower case */
  char    *username;
  char    *password;
  char    *ca_file;
  gboolean ftps_implicit;
  guint    connect_timeout_s;
  guint    low_speed_time_s;
  guint64  max_size; /* 0: no limit */
} FdPackageConfig;

void             fd_package_config_clear (FdPackageConfig *config);
FdPackageConfig *fd_package_config_copy (const FdPackageConfig *config);
void             fd_package_config_free (FdPackageConfig *config);

/* The requested GChecksums, fed together. */
typedef struct {
  GChecksum *md5;
  GChecksum *sha1;
  GChecksum *sha256;
} FdPackageSums;

void fd_package_sums_init (FdPackageSums *sums, FdPackageChecksums which);
void fd_package_sums_update (FdPackageSums *sums, const guint8 *data, gsize len);
/* Stores the hex digests in @info. */
void fd_package_sums_finish (FdPackageSums *sums, FdPackageInfo *info);
void fd_package_sums_clear (FdPackageSums *sums);

/* Rate-limited progress reports (a GUI needs no more than ~10 a second);
 * the last one is always delivered. */
typedef struct {
  FdPackageProgressFunc func;
  gpointer              data;
  guint64               received;
  gint64                total;
  guint64               reported;
  gint64                reported_us;
} FdPackageProgress;

void fd_package_progress_init (FdPackageProgress    *progress,
                               FdPackageProgressFunc func,
                               gpointer              data,
                               gint64                total);
/* Adds @bytes; reports if enough time passed, or when @final. */
void fd_package_progress_add (FdPackageProgress *progress, guint64 bytes, gboolean final);

/* curl_global_init(), once per process. */
gboolean fd_package_global_init (GError **error);

FdPackageInfo *fd_package_run_check (const FdPackageConfig *config,
                                     FdPackageChecksums     checksums,
                                     GCancellable          *cancellable,
                                     GError               **error);

FdPackageInfo *fd_package_run_fetch (const FdPackageConfig *config,
                                     const char            *dest_path,
                                     FdPackageChecksums     checksums,
                                     FdPackageProgressFunc  progress,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     GError               **error);

G_END_DECLS
