/* fd-package.c — the FdPackage object, its blocking operations and their
 * GTask wrappers. The libcurl transfer itself is in fd-package-transfer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fd-package.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd-package-private.h"

G_DEFINE_QUARK (fd-package-error-quark, fd_package_error)

struct _FdPackage
{
  GObject         parent_instance;
  FdPackageConfig config;
};

G_DEFINE_FINAL_TYPE (FdPackage, fd_package, G_TYPE_OBJECT)

/* ---- FdPackageInfo ---------------------------------------------------- */

void
fd_package_info_free (FdPackageInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->url);
  g_free (info->path);
  g_free (info->md5);
  g_free (info->sha1);
  g_free (info->sha256);
  g_free (info);
}

const char *
fd_package_info_get_checksum (const FdPackageInfo *info, GChecksumType type)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (type)
    {
    case G_CHECKSUM_MD5: return info->md5;
    case G_CHECKSUM_SHA1: return info->sha1;
    case G_CHECKSUM_SHA256: return info->sha256;
    default: return NULL;
    }
}

gboolean
fd_package_checksum_equal (const char *a, const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  x = g_strstrip (g_strdup (a));
  y = g_strstrip (g_strdup (b));
  return *x != '\0' && g_ascii_strcasecmp (x, y) == 0;
}

/* ---- configuration ---------------------------------------------------- */

void
fd_package_config_clear (FdPackageConfig *config)
{
  g_free (config->curl_url);
  g_free (config->display_url);
  g_free (config->scheme);
  g_free (config->username);
  if (config->password != NULL)
    {
      /* Do not leave the password lying around in freed memory. */
      memset (config->password, 0, strlen (config->password));
      g_free (config->password);
    }
  g_free (config->ca_file);
  memset (config, 0, sizeof *config);
}

FdPackageConfig *
fd_package_config_copy (const FdPackageConfig *config)
{
  FdPackageConfig *copy = g_new0 (FdPackageConfig, 1);

  *copy = *config;
  copy->curl_url = g_strdup (config->curl_url);
  copy->display_url = g_strdup (config->display_url);
  copy->scheme = g_strdup (config->scheme);
  copy->username = g_strdup (config->username);
  copy->password = g_strdup (config->password);
  copy->ca_file = g_strdup (config->ca_file);
  return copy;
}

void
fd_package_config_free (FdPackageConfig *config)
{
  fd_package_config_clear (config);
  g_free (config);
}

static void
fd_package_finalize (GObject *object)
{
  FdPackage *self = FD_PACKAGE (object);

  fd_package_config_clear (&self->config);
  G_OBJECT_CLASS (fd_package_parent_class)->finalize (object);
}

static void
fd_package_class_init (FdPackageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fd_package_finalize;
}

static void
fd_package_init (FdPackage *self)
{
  self->config.connect_timeout_s = FD_PACKAGE_DEFAULT_CONNECT_TIMEOUT_S;
  self->config.low_speed_time_s = FD_PACKAGE_DEFAULT_LOW_SPEED_TIME_S;
  self->config.max_size = FD_PACKAGE_DEFAULT_MAX_SIZE;
}

static char *
url_get (CURLU *url, CURLUPart part, unsigned int flags)
{
  char *value = NULL;
  char *copy;

  if (curl_url_get (url, part, &value, flags) != CURLUE_OK)
    return NULL;
  copy = g_strdup (value);
  curl_free (value);
  return copy;
}

static gboolean
invalid_url (GError **error, const char *why)
{
  g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_INVALID_URL,
               /* Translators: %s is one of the reasons below ("it cannot be parsed") */
               _("The package URL is not valid: %s. Give a full URL such as "
                 "http://server/path/package.bin."),
               why);
  return FALSE;
}

/* Splits @text into the URL curl fetches (no user info), the one shown
 * to people (no user info, query or fragment) and the credentials. */
static gboolean
parse_url (FdPackageConfig *config, const char *text, GError **error)
{
  CURLU *url = curl_url ();
  g_autofree char *raw_scheme = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  gboolean ok = FALSE;

  if (curl_url_set (url, CURLUPART_URL, text, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    {
      /* Translators: the reason in "The package URL is not valid: %s." */
      ok = invalid_url (error, _("it cannot be parsed"));
      goto out;
    }
  raw_scheme = url_get (url, CURLUPART_SCHEME, 0);
  scheme = g_ascii_strdown (raw_scheme != NULL ? raw_scheme : "", -1);
  if (!g_strv_contains ((const char *const[]){ "http", "https", "ftp", "ftps", NULL }, scheme))
    {
      /* Translators: the reason in "The package URL is not valid: %s." */
      ok = invalid_url (error, _("only http, https, ftp and ftps are supported"));
      goto out;
    }
  host = url_get (url, CURLUPART_HOST, 0);
  if (host == NULL || *host == '\0')
    {
      /* Translators: the reason in "The package URL is not valid: %s." */
      ok = invalid_url (error, _("it names no server"));
      goto out;
    }
  config->scheme = g_steal_pointer (&scheme);
  config->username = url_get (url, CURLUPART_USER, CURLU_URLDECODE);
  config->password = url_get (url, CURLUPART_PASSWORD, CURLU_URLDECODE);
  curl_url_set (url, CURLUPART_USER, NULL, 0);
  curl_url_set (url, CURLUPART_PASSWORD, NULL, 0);
  config->curl_url = url_get (url, CURLUPART_URL, 0);
  curl_url_set (url, CURLUPART_QUERY, NULL, 0);
  curl_url_set (url, CURLUPART_FRAGMENT, NULL, 0);
  config->display_url = url_get (url, CURLUPART_URL, 0);
  ok = config->curl_url != NULL && config->display_url != NULL;
  if (!ok)
    invalid_url (error, _("it cannot be parsed"));
out:
  curl_url_cleanup (url);
  return ok;
}

FdPackage *
fd_package_new (const char *url, GError **error)
{
  g_autoptr(FdPackage) self = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  if (!fd_package_global_init (error))
    return NULL;
  self = g_object_new (FD_TYPE_PACKAGE, NULL);
  if (!parse_url (&self->config, url, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fd_package_get_display_url (FdPackage *self)
{
  g_return_val_if_fail (FD_IS_PACKAGE (self), NULL);
  return self->config.display_url;
}

const char *
fd_package_get_scheme (FdPackage *self)
{
  g_return_val_if_fail (FD_IS_PACKAGE (self), NULL);
  return self->config.scheme;
}

void
fd_package_set_credentials (FdPackage *self, const char *username, const char *password)
{
  g_return_if_fail (FD_IS_PACKAGE (self));

  g_free (self->config.username);
  self->config.username = g_strdup (username);
  if (self->config.password != NULL)
    memset (self->config.password, 0, strlen (self->config.password));
  g_free (self->config.password);
  self->config.password = g_strdup (password);
}

void
fd_package_set_ca_file (FdPackage *self, const char *path)
{
  g_return_if_fail (FD_IS_PACKAGE (self));

  g_free (self->config.ca_file);
  self->config.ca_file = g_strdup (path);
}

void
fd_package_set_ftps_implicit (FdPackage *self, gboolean implicit)
{
  g_return_if_fail (FD_IS_PACKAGE (self));
  self->config.ftps_implicit = implicit;
}

void
fd_package_set_connect_timeout (FdPackage *self, guint seconds)
{
  g_return_if_fail (FD_IS_PACKAGE (self));
  self->config.connect_timeout_s = seconds > 0 ? seconds : FD_PACKAGE_DEFAULT_CONNECT_TIMEOUT_S;
}

void
fd_package_set_low_speed_time (FdPackage *self, guint seconds)
{
  g_return_if_fail (FD_IS_PACKAGE (self));
  self->config.low_speed_time_s = seconds > 0 ? seconds : FD_PACKAGE_DEFAULT_LOW_SPEED_TIME_S;
}

void
fd_package_set_max_size (FdPackage *self, guint64 max_bytes)
{
  g_return_if_fail (FD_IS_PACKAGE (self));
  self->config.max_size = max_bytes;
}

/* ---- blocking operations ---------------------------------------------- */

FdPackageInfo *
fd_package_check (FdPackage         *self,
                  FdPackageChecksums checksums,
                  GCancellable      *cancellable,
                  GError           **error)
{
  g_return_val_if_fail (FD_IS_PACKAGE (self), NULL);
  return fd_package_run_check (&self->config, checksums, cancellable, error);
}

FdPackageInfo *
fd_package_fetch (FdPackage            *self,
                  const char           *dest_path,
                  FdPackageChecksums    checksums,
                  FdPackageProgressFunc progress,
                  gpointer              progress_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_return_val_if_fail (FD_IS_PACKAGE (self), NULL);
  return fd_package_run_fetch (&self->config, dest_path, checksums, progress, progress_data,
                               cancellable, error);
}

static gboolean
local_read_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, FD_PACKAGE_ERROR, FD_PACKAGE_ERROR_LOCAL_IO,
               _("Could not read the package “%s”: %s. Check that the file exists and "
                 "that you may read it."),
               path, g_strerror (saved_errno));
  return FALSE;
}

/* Reads @fd to its end into @sums, reporting progress. */
static gboolean
checksum_fd (int fd, const char *path, FdPackageSums *sums, FdPackageProgress *progress,
             GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buf = g_malloc (64 * 1024);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = read (fd, buf, 64 * 1024);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return local_read_error (error, path, errno);
      if (n == 0)
        return TRUE;
      fd_package_sums_update (sums, buf, (gsize) n);
      fd_package_progress_add (progress, (guint64) n, FALSE);
    }
}

FdPackageInfo *
fd_package_checksum_file (const char           *path,
                          FdPackageChecksums    checksums,
                          FdPackageProgressFunc progress_func,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr(FdPackageInfo) info = g_new0 (FdPackageInfo, 1);
  FdPackageSums sums = { 0 };
  FdPackageProgress progress = { 0 };
  struct stat st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      local_read_error (error, path, saved);
      return NULL;
    }
  fd_package_sums_init (&sums, checksums);
  fd_package_progress_init (&progress, progress_func, progress_data, st.st_size);
  ok = checksum_fd (fd, path, &sums, &progress, cancellable, error);
  close (fd);
  if (ok)
    {
      fd_package_progress_add (&progress, 0, TRUE);
      info->path = g_strdup (path);
      info->received = progress.received;
      info->size = (gint64) progress.received;
      info->status = 0;
      fd_package_sums_finish (&sums, info);
    }
  fd_package_sums_clear (&sums);
  return ok ? g_steal_pointer (&info) : NULL;
}

/* ---- asynchronous wrappers -------------------------------------------- */

typedef struct {
  FdPackageConfig      *config; /* a snapshot: setters may run meanwhile */
  char                 *path;
  FdPackageChecksums    checksums;
  FdPackageProgressFunc progress;
  gpointer              progress_data;
  GMainContext         *context; /* where progress is delivered */
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  if (data->config != NULL)
    fd_package_config_free (data->config);
  g_free (data->path);
  if (data->context != NULL)
    g_main_context_unref (data->context);
  g_free (data);
}

typedef struct {
  FdPackageProgressFunc func;
  gpointer              data;
  guint64               received;
  gint64                total;
} ProgressMessage;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressMessage *message = user_data;

  message->func (message->received, message->total, message->data);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker: hands the numbers to the caller's main context.
 * Sources of one priority run in the order they were attached, and the
 * task's completion is attached after them, so the order is kept. Not
 * g_main_context_invoke(): when the caller's context is the global default
 * and nobody iterates it at this instant, that would run the callback
 * right here, in the worker thread. */
static void
relay_progress (guint64 received, gint64 total, gpointer user_data)
{
  AsyncData *data = user_data;
  ProgressMessage *message = g_new (ProgressMessage, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  message->func = data->progress;
  message->data = data->progress_data;
  message->received = received;
  message->total = total;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, message, g_free);
  g_source_set_static_name (source, "[fotadesk] package progress");
  g_source_attach (source, data->context);
}

static GTask *
new_task (gpointer source, FdPackageConfig *config, const char *path,
          FdPackageChecksums checksums, FdPackageProgressFunc progress, gpointer progress_data,
          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
          gpointer tag)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);
  AsyncData *data = g_new0 (AsyncData, 1);

  g_task_set_source_tag (task, tag);
  data->config = config;
  data->path = g_strdup (path);
  data->checksums = checksums;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  return task;
}

static void
check_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  FdPackageInfo *info = fd_package_run_check (data->config, data->checksums, cancellable, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) fd_package_info_free);
}

void
fd_package_check_async (FdPackage          *self,
                        FdPackageChecksums  checksums,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FD_IS_PACKAGE (self));

  task = new_task (self, fd_package_config_copy (&self->config), NULL, checksums, NULL, NULL,
                   cancellable, callback, user_data, fd_package_check_async);
  g_task_run_in_thread (task, check_thread);
}

FdPackageInfo *
fd_package_check_finish (FdPackage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fd_package_check_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  FdPackageInfo *info;

  info = fd_package_run_fetch (data->config, data->path, data->checksums,
                               data->progress != NULL ? relay_progress : NULL, data, cancellable,
                               &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) fd_package_info_free);
}

void
fd_package_fetch_async (FdPackage            *self,
                        const char           *dest_path,
                        FdPackageChecksums    checksums,
                        FdPackageProgressFunc progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FD_IS_PACKAGE (self));

  task = new_task (self, fd_package_config_copy (&self->config), dest_path, checksums, progress,
                   progress_data, cancellable, callback, user_data, fd_package_fetch_async);
  g_task_run_in_thread (task, fetch_thread);
}

FdPackageInfo *
fd_package_fetch_finish (FdPackage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fd_package_fetch_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
checksum_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  FdPackageInfo *info;

  info = fd_package_checksum_file (data->path, data->checksums,
                                   data->progress != NULL ? relay_progress : NULL, data,
                                   cancellable, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) fd_package_info_free);
}

void
fd_package_checksum_file_async (const char           *path,
                                FdPackageChecksums    checksums,
                                FdPackageProgressFunc progress,
                                gpointer              progress_data,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = new_task (NULL, NULL, path, checksums, progress, progress_data, cancellable, callback,
                   user_data, fd_package_checksum_file_async);
  g_task_run_in_thread (task, checksum_thread);
}

FdPackageInfo *
fd_package_checksum_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fd_package_checksum_file_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
