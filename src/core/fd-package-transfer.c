/* fd-package-transfer.c — libcurl transfers for FdPackage: pre-flight,
 * fetch, and the translation of curl's results into FdPackageError
 *
 * Each transfer is one easy handle in the calling (worker) thread.
 * Cancellation: the transfer-info callback, which curl calls several times
 * a second while data flows and about once a second while it waits,
 * returns non-zero once the GCancellable is cancelled; the body callback
 * checks it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fd-package-private.h"
#include "fd-record-util.h"

#define PROGRESS_INTERVAL_US (100 * 1000)

/* ---- helpers shared with fd-package.c --------------------------------- */

static gpointer
init_curl (gpointer data)
{
  return GINT_TO_POINTER (curl_global_init (CURL_GLOBAL_DEFAULT));
}

gboolean
fd_package_global_init (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  CURLcode rc = GPOINTER_TO_INT (g_once (&once, init_curl, NULL));

  if (rc == CURLE_OK)
    return TRUE;
  g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_FAILED,
               _("The download library could not start (%s). Reinstall libcurl."),
               curl_easy_strerror (rc));
  return FALSE;
}

void
fd_package_sums_init (FdPackageSums *sums, FdPackageChecksums which)
{
  sums->md5 = (which & FD_PACKAGE_CHECKSUM_MD5) ? g_checksum_new (G_CHECKSUM_MD5) : NULL;
  sums->sha1 = (which & FD_PACKAGE_CHECKSUM_SHA1) ? g_checksum_new (G_CHECKSUM_SHA1) : NULL;
  sums->sha256 = (which & FD_PACKAGE_CHECKSUM_SHA256) ? g_checksum_new (G_CHECKSUM_SHA256) : NULL;
}

void
fd_package_sums_update (FdPackageSums *sums, const guint8 *data, gsize len)
{
  GChecksum *all[] = { sums->md5, sums->sha1, sums->sha256 };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (all[i] != NULL)
        g_checksum_update (all[i], data, (gssize) len);
    }
}

void
fd_package_sums_finish (FdPackageSums *sums, FdPackageInfo *info)
{
  if (sums->md5 != NULL)
    info->md5 = g_strdup (g_checksum_get_string (sums->md5));
  if (sums->sha1 != NULL)
    info->sha1 = g_strdup (g_checksum_get_string (sums->sha1));
  if (sums->sha256 != NULL)
    info->sha256 = g_strdup (g_checksum_get_string (sums->sha256));
}

void
fd_package_sums_clear (FdPackageSums *sums)
{
  g_clear_pointer (&sums->md5, g_checksum_free);
  g_clear_pointer (&sums->sha1, g_checksum_free);
  g_clear_pointer (&sums->sha256, g_checksum_free);
}

void
fd_package_progress_init (FdPackageProgress    *progress,
                          FdPackageProgressFunc func,
                          gpointer              data,
                          gint64                total)
{
  memset (progress, 0, sizeof *progress);
  progress->func = func;
  progress->data = data;
  progress->total = total;
}

void
fd_package_progress_add (FdPackageProgress *progress, guint64 bytes, gboolean final)
{
  gint64 now = g_get_monotonic_time ();
  gboolean due;

  progress->received += bytes;
  if (progress->func == NULL)
    return;
  if (final)
    due = progress->reported_us == 0 || progress->reported != progress->received;
  else
    due = now - progress->reported_us >= PROGRESS_INTERVAL_US;
  if (!due)
    return;
  progress->reported = progress->received;
  progress->reported_us = now;
  progress->func (progress->received, progress->total, progress->data);
}

/* ---- one transfer ----------------------------------------------------- */

typedef struct {
  const FdPackageConfig *config;
  CURL                  *curl;
  GCancellable          *cancellable;
  FdPackageSums          sums;
  FdPackageProgress      progress;
  int                    fd;              /* where the body goes; -1: dropped */
  const char            *dest_path;       /* for messages */
  gboolean               headers_only;    /* HEAD: curl's FTP pseudo-headers come
                                           * through the body callback; drop them */
  gboolean               stop_at_body;    /* HEAD fallback: headers only */
  gboolean               stopped_at_body;
  gboolean               too_large;
  GError                *write_error;
  char                   errbuf[CURL_ERROR_SIZE];
} Transfer;

static gint64
content_length (Transfer *t)
{
  curl_off_t length = -1;

  if (curl_easy_getinfo (t->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) != CURLE_OK)
    return -1;
  return length;
}

static size_t
on_body (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nmemb;

  if (t->headers_only)
    return len;
  if (t->stop_at_body)
    {
      t->stopped_at_body = TRUE;
      return 0;
    }
  if (g_cancellable_is_cancelled (t->cancellable))
    return 0;
  if (t->progress.total < 0)
    t->progress.total = content_length (t);
  /* Content-Length is checked by CURLOPT_MAXFILESIZE before the body;
   * this catches bodies of unannounced length. */
  if (t->config->max_size > 0 && t->progress.received + len > t->config->max_size)
    {
      t->too_large = TRUE;
      return 0;
    }
  fd_package_sums_update (&t->sums, (const guint8 *) ptr, len);
  if (t->fd >= 0 && !fd_write_all (t->fd, ptr, len, &t->write_error))
    return 0;
  fd_package_progress_add (&t->progress, len, FALSE);
  return len;
}

static int
on_xferinfo (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
             curl_off_t ulnow)
{
  Transfer *t = user_data;

  return g_cancellable_is_cancelled (t->cancellable) ? 1 : 0;
}

static gboolean
is_http (const FdPackageConfig *config)
{
  return g_str_has_prefix (config->scheme, "http");
}

/* Explicit FTPS is an ftp:// connection that must switch to TLS. */
static char *
effective_url (const FdPackageConfig *config)
{
  if (g_str_equal (config->scheme, "ftps") && !config->ftps_implicit &&
      g_str_has_prefix (config->curl_url, "ftps://"))
    return g_strconcat ("ftp://", config->curl_url + strlen ("ftps://"), NULL);
  return g_strdup (config->curl_url);
}

static void
set_tls_options (Transfer *t)
{
  const FdPackageConfig *config = t->config;

  if (config->ca_file != NULL)
    curl_easy_setopt (t->curl, CURLOPT_CAINFO, config->ca_file);
  if (g_str_equal (config->scheme, "ftps") && !config->ftps_implicit)
    curl_easy_setopt (t->curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  /* Verification stays on: CURLOPT_SSL_VERIFYPEER and VERIFYHOST keep
   * their defaults (on) on purpose. */
}

static void
set_options (Transfer *t, const char *url)
{
  const FdPackageConfig *config = t->config;
  CURL *curl = t->curl;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https,ftp,ftps");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "FotaDesk/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) config->connect_timeout_s);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) config->low_speed_time_s);
  if (config->max_size > 0)
    curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) config->max_size);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, t);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, t);
  if (config->username != NULL)
    curl_easy_setopt (curl, CURLOPT_USERNAME, config->username);
  if (config->password != NULL)
    curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password);
  set_tls_options (t);
}

static gboolean
transfer_init (Transfer *t, const FdPackageConfig *config, GCancellable *cancellable,
               GError **error)
{
  g_autofree char *url = effective_url (config);

  memset (t, 0, sizeof *t);
  t->config = config;
  t->cancellable = cancellable;
  t->fd = -1;
  fd_package_progress_init (&t->progress, NULL, NULL, -1);
  if (!fd_package_global_init (error))
    return FALSE;
  t->curl = curl_easy_init ();
  if (t->curl == NULL)
    {
      g_set_error_literal (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_FAILED,
                           _("The download library could not start a transfer. Try again."));
      return FALSE;
    }
  set_options (t, url);
  return TRUE;
}

static void
transfer_clear (Transfer *t)
{
  g_clear_pointer (&t->curl, curl_easy_cleanup);
  fd_package_sums_clear (&t->sums);
  g_clear_error (&t->write_error);
}

/* ---- errors ----------------------------------------------------------- */

/* curl's own words about the failure, without any password. */
static char *
curl_detail (Transfer *t, CURLcode rc)
{
  const char *secrets[] = { t->config->password, NULL };
  const char *text = t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror (rc);

  if (t->config->password == NULL || t->config->password[0] == '\0')
    return g_strdup (text);
  return fd_redact_string (text, secrets);
}

static const char *
http_reason (long status)
{
  switch (status)
    {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 407: return "Proxy Authentication Required";
    case 410: return "Gone";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return NULL;
    }
}

static gboolean
http_status_error (Transfer *t, long status, GError **error)
{
  const char *reason = http_reason (status);
  g_autofree char *code = reason != NULL ? g_strdup_printf ("%ld (%s)", status, reason)
                                         : g_strdup_printf ("%ld", status);
  const char *url = t->config->display_url;

  if (status == 401 || status == 407)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_AUTH,
                 /* Translators: the HTTP status as the server gives it, e.g.
                  * "401 (Unauthorized)", then the package URL; the same in the
                  * three messages below */
                 _("The server answered HTTP %s for %s: it wants a valid user name and "
                   "password. Check the credentials."),
                 code, url);
  else if (status == 404 || status == 410)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_HTTP_STATUS,
                 _("The server answered HTTP %s for %s: there is no package at this "
                   "address. Check the path in the URL."),
                 code, url);
  else if (status >= 500)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_HTTP_STATUS,
                 _("The server answered HTTP %s for %s: it has a problem of its own. "
                   "Try again later, or ask the server’s administrator."),
                 code, url);
  else
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_HTTP_STATUS,
                 _("The server answered HTTP %s for %s. Check the URL and whether you "
                   "may download this file."),
                 code, url);
  return FALSE;
}

static gboolean
timeout_error (Transfer *t, GError **error)
{
  curl_off_t connect_us = 0;

  curl_easy_getinfo (t->curl, CURLINFO_CONNECT_TIME_T, &connect_us);
  if (connect_us == 0)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TIMEOUT,
                 /* Translators: the package URL, then a number of seconds */
                 _("No connection to the server of %s within %u s. Check the network, "
                   "the host and port in the URL, and any firewall."),
                 t->config->display_url, t->config->connect_timeout_s);
  else
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TIMEOUT,
                 _("The transfer of %s stalled: no data for %u s. Check the network and "
                   "try again."),
                 t->config->display_url, t->config->low_speed_time_s);
  return FALSE;
}

static gboolean
tls_error (Transfer *t, CURLcode rc, GError **error)
{
  g_autofree char *detail = curl_detail (t, rc);
  const char *url = t->config->display_url;

  if (rc == CURLE_PEER_FAILED_VERIFICATION)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TLS,
                 /* Translators: the package URL, then libcurl's own words (English) */
                 _("The certificate of the server of %s could not be verified (%s). If the "
                   "server uses a self-signed or private certificate, give its CA "
                   "certificate file (--ca-file)."),
                 url, detail);
  else if (rc == CURLE_SSL_CACERT_BADFILE)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TLS,
                 _("Could not read the CA certificate file “%s” (%s). Check the path; the "
                   "file must hold PEM certificates."),
                 t->config->ca_file ? t->config->ca_file : "", detail);
  else if (rc == CURLE_USE_SSL_FAILED)
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TLS,
                 _("The server of %s does not offer TLS (AUTH TLS). Use ftp:// if plain "
                   "FTP is meant, or check the server."),
                 url);
  else
    g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TLS,
                 _("The secure connection to the server of %s failed (%s). Check that "
                   "the server offers TLS on this port."),
                 url, detail);
  return FALSE;
}

static gboolean
network_error (Transfer *t, CURLcode rc, GError **error)
{
  g_autofree char *detail = curl_detail (t, rc);
  const char *url = t->config->display_url;

  switch (rc)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_UNREACHABLE,
                   _("The server name of %s could not be resolved (%s). Check the URL "
                     "and the network connection."),
                   url, detail);
      break;
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_UNREACHABLE,
                   _("Could not connect to the server of %s (%s). Check that the server "
                     "is running, the host and port in the URL, and any firewall."),
                   url, detail);
      break;
    case CURLE_LOGIN_DENIED:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_AUTH,
                   _("The server of %s refused the user name or password. Check the "
                     "credentials."),
                   url);
      break;
    case CURLE_REMOTE_FILE_NOT_FOUND:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_REMOTE_FILE,
                   _("The server has no file at %s. Check the path in the URL."), url);
      break;
    case CURLE_REMOTE_ACCESS_DENIED:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_REMOTE_FILE,
                   _("The server refused access to %s (%s). Check the path and the "
                     "user’s rights on the server."),
                   url, detail);
      break;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_FAILED,
                   _("The transfer of %s broke off (%s). Try again; if it keeps "
                     "happening, check the network and the server."),
                   url, detail);
      break;
    default:
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_FAILED,
                   _("Could not fetch %s: %s."), url, detail);
    }
  return FALSE;
}

static gboolean
is_tls_failure (CURLcode rc)
{
  switch (rc)
    {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Turns the outcome of curl_easy_perform() into TRUE or a GError. */
static gboolean
check_result (Transfer *t, CURLcode rc, GError **error)
{
  long status = 0;

  curl_easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &status);
  if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
    return FALSE;
  if (t->write_error != NULL)
    {
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO,
                   _("Could not write the package to “%s”: %s. Check the free disk space "
                     "and the folder’s permissions."),
                   t->dest_path, t->write_error->message);
      return FALSE;
    }
  if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED)
    {
      g_autofree char *limit = g_format_size (t->config->max_size);
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_TOO_LARGE,
                   /* Translators: the package URL, then a size such as "64.0 MB" */
                   _("The file at %s is larger than the limit of %s. Check that the URL "
                     "names the package, or raise the size limit."),
                   t->config->display_url, limit);
      return FALSE;
    }
  if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && t->stopped_at_body))
    {
      /* FAILONERROR can let 401/407 through. */
      if (is_http (t->config) && status >= 400)
        return http_status_error (t, status, error);
      return TRUE;
    }
  if (rc == CURLE_HTTP_RETURNED_ERROR)
    return http_status_error (t, status, error);
  if (rc == CURLE_OPERATION_TIMEDOUT)
    return timeout_error (t, error);
  if (is_tls_failure (rc))
    return tls_error (t, rc, error);
  return network_error (t, rc, error);
}

static FdPackageInfo *
new_info (Transfer *t)
{
  FdPackageInfo *info = g_new0 (FdPackageInfo, 1);
  long status = 0;

  curl_easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &status);
  info->url = g_strdup (t->config->display_url);
  info->status = status;
  info->size = content_length (t);
  info->received = t->progress.received;
  return info;
}

/* ---- pre-flight ------------------------------------------------------- */

/* Some HTTP servers refuse HEAD: ask with GET and stop at the body. */
static CURLcode
perform_head (Transfer *t)
{
  CURLcode rc;
  long status = 0;

  curl_easy_setopt (t->curl, CURLOPT_NOBODY, 1L);
  t->headers_only = TRUE;
  rc = curl_easy_perform (t->curl);
  t->headers_only = FALSE;
  if (!is_http (t->config) || rc != CURLE_HTTP_RETURNED_ERROR)
    return rc;
  curl_easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &status);
  if (status != 405 && status != 501)
    return rc;
  curl_easy_setopt (t->curl, CURLOPT_NOBODY, 0L);
  curl_easy_setopt (t->curl, CURLOPT_HTTPGET, 1L);
  t->stop_at_body = TRUE;
  return curl_easy_perform (t->curl);
}

FdPackageInfo *
fd_package_run_check (const FdPackageConfig *config,
                      FdPackageChecksums     checksums,
                      GCancellable          *cancellable,
                      GError               **error)
{
  Transfer t;
  FdPackageInfo *info = NULL;
  CURLcode rc;

  if (!transfer_init (&t, config, cancellable, error))
    goto out;
  fd_package_sums_init (&t.sums, checksums);
  if (checksums == FD_PACKAGE_CHECKSUM_NONE)
    rc = perform_head (&t);
  else
    rc = curl_easy_perform (t.curl);
  if (!check_result (&t, rc, error))
    goto out;
  info = new_info (&t);
  if (checksums != FD_PACKAGE_CHECKSUM_NONE)
    {
      fd_package_sums_finish (&t.sums, info);
      if (info->size < 0)
        info->size = (gint64) info->received;
    }
out:
  transfer_clear (&t);
  return info;
}

/* ---- fetch ------------------------------------------------------------ */

/* A temporary file beside @dest_path, or in the temporary folder. */
static int
open_destination (const char *dest_path, char **tmp_path, GError **error)
{
  int fd;

  if (dest_path == NULL)
    {
      g_autoptr(GError) local = NULL;
      fd = g_file_open_tmp ("fotadesk-package-XXXXXX", tmp_path, &local);
      if (fd < 0)
        g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO,
                     _("Could not create a temporary file for the package: %s. Check the "
                       "free space in the temporary folder."),
                     local->message);
      return fd;
    }
  *tmp_path = g_strconcat (dest_path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (*tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO,
                   _("Could not create “%s”: %s. Check the folder’s permissions and free "
                     "space."),
                   *tmp_path, g_strerror (saved));
      g_clear_pointer (tmp_path, g_free);
    }
  return fd;
}

/* Makes the finished file durable, then gives it its final name. */
static gboolean
commit_destination (int fd, const char *tmp_path, const char *dest_path, GError **error)
{
  int saved = 0;

  if (dest_path == NULL)
    return TRUE;
  if (fsync (fd) != 0 || g_rename (tmp_path, dest_path) != 0)
    saved = errno;
  if (saved == 0)
    return TRUE;
  g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO,
               _("Could not save the package as “%s”: %s. Check the folder’s permissions "
                 "and free space."),
               dest_path, g_strerror (saved));
  return FALSE;
}

FdPackageInfo *
fd_package_run_fetch (const FdPackageConfig *config,
                      const char            *dest_path,
                      FdPackageChecksums     checksums,
                      FdPackageProgressFunc  progress,
                      gpointer               progress_data,
                      GCancellable          *cancellable,
                      GError               **error)
{
  g_autofree char *tmp_path = NULL;
  FdPackageInfo *info = NULL;
  Transfer t;
  gboolean ok;

  if (!transfer_init (&t, config, cancellable, error))
    {
      transfer_clear (&t);
      return NULL;
    }
  t.fd = open_destination (dest_path, &tmp_path, error);
  if (t.fd < 0)
    {
      transfer_clear (&t);
      return NULL;
    }
  t.dest_path = dest_path != NULL ? dest_path : tmp_path;
  fd_package_sums_init (&t.sums, checksums);
  fd_package_progress_init (&t.progress, progress, progress_data, -1);
  ok = check_result (&t, curl_easy_perform (t.curl), error) &&
       commit_destination (t.fd, tmp_path, dest_path, error);
  close (t.fd);
  if (ok)
    {
      fd_package_progress_add (&t.progress, 0, TRUE);
      info = new_info (&t);
      info->path = g_strdup (t.dest_path);
      if (info->size < 0)
        info->size = (gint64) info->received;
      fd_package_sums_finish (&t.sums, info);
    }
  else
    g_unlink (tmp_path);
  transfer_clear (&t);
  return info;
}
