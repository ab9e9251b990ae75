/* fd-package.h — an upgrade package behind a URL: check it, fetch it,
 * checksum it (libcurl, GChecksum)
 *
 * An FdPackage is one URL (http, https, ftp, ftps) plus how to reach it:
 * credentials, a CA file, timeouts, a size limit. Configure it first, then
 * run operations; the setters are not meant to be called while one runs.
 *
 * The blocking calls are for worker threads; each has an _async/_finish
 * pair that runs it in a GTask thread and delivers progress, in order, on
 * the thread-default main context of the caller, all before the callback.
 *
 * Passwords never appear in errors or logs: a password written in the URL
 * (ftp://user:pass@host/…) is taken out of it and handled like one given
 * to fd_package_set_credentials(); messages name the URL without it.
 *
 * TLS: certificates are always verified. For a server with a self-signed
 * or private certificate, give its CA certificate (PEM) with
 * fd_package_set_ca_file() (`--ca-file` in the CLI); it is used instead of
 * libcurl's default CA bundle.
 *
 * ftps:// means FTP with explicit TLS (AUTH TLS, required for both control
 * and data, port 21 unless the URL names one), which is what FTP servers
 * commonly offer; fd_package_set_ftps_implicit() selects implicit TLS
 * (port 990) instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FD_PACKAGE_ERROR (fd_package_error_quark ())
typedef enum {
  FD_PACKAGE_ERROR_INVALID_URL, /* malformed, or not http/https/ftp/ftps */
  FD_PACKAGE_ERROR_UNREACHABLE, /* name not resolved, connection refused */
  FD_PACKAGE_ERROR_HTTP_STATUS, /* the server answered an HTTP error status */
  FD_PACKAGE_ERROR_AUTH,        /* user name or password refused */
  FD_PACKAGE_ERROR_REMOTE_FILE, /* FTP: no such file, or access denied */
  FD_PACKAGE_ERROR_TLS,         /* handshake or certificate verification */
  FD_PACKAGE_ERROR_TIMEOUT,     /* no connection, or no data, in time */
  FD_PACKAGE_ERROR_TOO_LARGE,   /* bigger than the size limit */
  FD_PACKAGE_ERROR_LOCAL_IO,    /* reading or writing a local file */
  FD_PACKAGE_ERROR_FAILED,      /* anything else (transfer cut short, …) */
} FdPackageError;
/* Cancellation is G_IO_ERROR_CANCELLED. */

GQuark fd_package_error_quark (void);

typedef enum {
  FD_PACKAGE_CHECKSUM_NONE   = 0,
  FD_PACKAGE_CHECKSUM_MD5    = 1 << 0,
  FD_PACKAGE_CHECKSUM_SHA1   = 1 << 1,
  FD_PACKAGE_CHECKSUM_SHA256 = 1 << 2,
  FD_PACKAGE_CHECKSUM_ALL    = 0x7,
} FdPackageChecksums;

/* What an operation found out. */
typedef struct {
  char   *url;         /* the URL without user name or password */
  long    status;      /* last HTTP status or FTP reply code, 0 if none */
  gint64  size;        /* announced size (Content-Length, FTP SIZE), or
                        * the bytes received when that was unknown; -1
                        * when unknown and nothing was fetched */
  guint64 received;    /* bytes received (fetch, or check with checksums) */
  char   *path;        /* fetch: the file written; checksum_file: the file */
  char   *md5;         /* lower-case hex, NULL when not asked for */
  char   *sha1;
  char   *sha256;
} FdPackageInfo;

void fd_package_info_free (FdPackageInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdPackageInfo, fd_package_info_free)

/* The checksum of @type held by @info, or NULL. */
const char *fd_package_info_get_checksum (const FdPackageInfo *info, GChecksumType type);

/* Whether two hex checksums are the same, ignoring case and surrounding
 * white space (modules answer MFWCHECK in upper case). */
gboolean fd_package_checksum_equal (const char *a, const char *b);

/* @received bytes so far; @total is -1 when the size is not known. */
typedef void (*FdPackageProgressFunc) (guint64  received,
                                       gint64   total,
                                       gpointer user_data);

#define FD_TYPE_PACKAGE (fd_package_get_type ())
G_DECLARE_FINAL_TYPE (FdPackage, fd_package, FD, PACKAGE, GObject)

/* Defaults for the limits below. */
#define FD_PACKAGE_DEFAULT_CONNECT_TIMEOUT_S 30
#define FD_PACKAGE_DEFAULT_LOW_SPEED_TIME_S  60
#define FD_PACKAGE_DEFAULT_MAX_SIZE          (G_GUINT64_CONSTANT (256) * 1024 * 1024)

/* A package at @url; FD_PACKAGE_ERROR_INVALID_URL if it is malformed or
 * its scheme is not http, https, ftp or ftps (any case). */
FdPackage *fd_package_new (const char *url, GError **error);

/* The URL without user name, password, query or fragment: safe to show. */
const char *fd_package_get_display_url (FdPackage *self);

/* The URL's scheme in lower case: "http", "https", "ftp" or "ftps". */
const char *fd_package_get_scheme (FdPackage *self);

/* User name and password (either may be NULL), replacing any in the URL. */
void fd_package_set_credentials (FdPackage  *self,
                                 const char *username,
                                 const char *password);

/* A PEM file of CA certificates to trust for https/ftps; NULL: default. */
void fd_package_set_ca_file (FdPackage *self, const char *path);

/* ftps:// with implicit TLS (port 990) instead of explicit AUTH TLS. */
void fd_package_set_ftps_implicit (FdPackage *self, gboolean implicit);

/* Give up when no connection is made within @seconds (0: default). */
void fd_package_set_connect_timeout (FdPackage *self, guint seconds);

/* Give up when the transfer stalls: less than one byte a second for
 * @seconds (0: default). libcurl averages the speed over a window of a
 * few seconds, so a stall after fast data is noticed up to ~5 s later. */
void fd_package_set_low_speed_time (FdPackage *self, guint seconds);

/* Refuse packages bigger than @max_bytes (0: no limit). */
void fd_package_set_max_size (FdPackage *self, guint64 max_bytes);

/* Pre-flight: reaches the server and asks for the file's status and size
 * without fetching it (HTTP HEAD, FTP SIZE). With @checksums, fetches the
 * body too (not kept) and computes them. Blocking. */
FdPackageInfo *fd_package_check (FdPackage         *self,
                                 FdPackageChecksums checksums,
                                 GCancellable      *cancellable,
                                 GError           **error);

/* Fetches the package to @dest_path (written to a temporary name beside
 * it and renamed when complete), or to a new temporary file when
 * @dest_path is NULL (info->path names it; the caller deletes it). The
 * @checksums are computed while the bytes stream in. A failed or
 * cancelled fetch leaves no file behind. Blocking; @progress is called in
 * the calling thread. */
FdPackageInfo *fd_package_fetch (FdPackage            *self,
                                 const char           *dest_path,
                                 FdPackageChecksums    checksums,
                                 FdPackageProgressFunc progress,
                                 gpointer              progress_data,
                                 GCancellable         *cancellable,
                                 GError              **error);

/* Size and checksums of a local file (a package written over the serial
 * port). Blocking. */
FdPackageInfo *fd_package_checksum_file (const char           *path,
                                         FdPackageChecksums    checksums,
                                         FdPackageProgressFunc progress,
                                         gpointer              progress_data,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* fd_package_check() in a worker thread. */
void fd_package_check_async (FdPackage          *self,
                             FdPackageChecksums  checksums,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);
FdPackageInfo *fd_package_check_finish (FdPackage    *self,
                                        GAsyncResult *result,
                                        GError      **error);

/* fd_package_fetch() in a worker thread; @progress runs on the caller's
 * thread-default main context, and @progress_data must stay valid until
 * @callback runs. */
void fd_package_fetch_async (FdPackage            *self,
                             const char           *dest_path,
                             FdPackageChecksums    checksums,
                             FdPackageProgressFunc progress,
                             gpointer              progress_data,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);
FdPackageInfo *fd_package_fetch_finish (FdPackage    *self,
                                        GAsyncResult *result,
                                        GError      **error);

/* fd_package_checksum_file() in a worker thread, progress as above. */
void fd_package_checksum_file_async (const char           *path,
                                     FdPackageChecksums    checksums,
                                     FdPackageProgressFunc progress,
                                     gpointer              progress_data,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
FdPackageInfo *fd_package_checksum_file_finish (GAsyncResult *result,
                                                GError      **error);

G_END_DECLS
