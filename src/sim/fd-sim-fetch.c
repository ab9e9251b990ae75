/* fd-sim-fetch.c — a module's own download, done for real with libcurl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fd-sim"

#include "fd-sim-fetch.h"

#include <curl/curl.h>
#include <string.h>

struct _FdSimFetch
{
  gint                   ref_count;
  gint                   cancelled; /* atomic: the worker polls it */
  GMainContext          *context;
  FdSimFetchProgressFunc progress;
  FdSimFetchDoneFunc     done;
  gpointer               user_data;

  /* Worker thread only. */
  char              *url;
  char              *user;
  char              *password;
  char              *ca_file;
  gboolean           insecure_loopback;
  gboolean           ftps;
  guint64            resume_from;
  guint              connect_timeout_s;
  guint64            max_bytes;
  gint64             cut_at;
  guint              max_bytes_per_s;
  GByteArray        *body;
  guint64            skip; /* a server that ignored our range: drop this many */
  gboolean           first_write;
  guint64            total;
  gboolean           cut;
  gboolean           too_big;
  CURL              *curl;
  struct curl_slist *headers;
};

static FdSimFetch *
fetch_ref (FdSimFetch *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

static void
fetch_unref (FdSimFetch *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_main_context_unref (self->context);
  g_free (self->url);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->ca_file);
  g_byte_array_unref (self->body);
  g_free (self);
}

char *
fd_sim_url_scheme (const char *url)
{
  const char *colon = url != NULL ? strstr (url, "://") : NULL;

  if (colon == NULL || colon == url)
    return NULL;
  for (const char *p = url; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return NULL;
  return g_ascii_strdown (url, colon - url);
}

/* --- posting back to the simulator thread ---------------------------- */

typedef struct
{
  FdSimFetch      *fetch;
  guint64          received;
  guint64          total;
  gboolean         finished;
  GBytes          *body;
  FdSimFetchResult result;
} FetchEvent;

static void
event_free (gpointer data)
{
  FetchEvent *ev = data;

  fetch_unref (ev->fetch);
  g_clear_pointer (&ev->body, g_bytes_unref);
  g_free (ev->result.message);
  g_free (ev);
}

static gboolean
event_dispatch (gpointer data)
{
  FetchEvent *ev = data;
  FdSimFetch *self = ev->fetch;

  /* Cancel happens on this same thread, so this check cannot race. */
  if (g_atomic_int_get (&self->cancelled))
    return G_SOURCE_REMOVE;
  if (!ev->finished)
    {
      if (self->progress != NULL)
        self->progress (ev->received, ev->total, self->user_data);
      return G_SOURCE_REMOVE;
    }
  g_atomic_int_set (&self->cancelled, TRUE); /* nothing after done */
  self->done (ev->body, &ev->result, self->user_data);
  fetch_unref (self); /* the caller's handle */
  return G_SOURCE_REMOVE;
}

static void
post_event (FdSimFetch *self, FetchEvent *ev)
{
  GSource *source = g_idle_source_new ();

  ev->fetch = fetch_ref (self);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, event_dispatch, ev, event_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* --- the transfer (worker thread) ------------------------------------ */

static void
fetch_first_write (FdSimFetch *self)
{
  long       code = 0;
  curl_off_t length = -1;
  gboolean   http = g_str_has_prefix (self->url, "http");

  self->first_write = FALSE;
  curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo (self->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (http && self->resume_from > 0 && code == 200)
    {
      /* python's http.server ignores Range: take the whole file and skip
       * what we already have, as a module continuing would. */
      self->skip = self->resume_from;
      self->total = length >= 0 ? (guint64)length : 0;
      return;
    }
  self->total = length >= 0 ? self->resume_from + (guint64)length : 0;
}

static size_t
fetch_write_cb (char *ptr, size_t size, size_t nmemb, void *userdata)
{
  FdSimFetch *self = userdata;
  gsize       len = size * nmemb;
  FetchEvent *ev;
  guint64     offset;

  if (self->first_write)
    fetch_first_write (self);
  if (self->skip > 0)
    {
      gsize drop = (gsize)MIN (self->skip, (guint64)len);
      self->skip -= drop;
      ptr += drop;
      len -= drop;
    }
  offset = self->resume_from + self->body->len;
  if (self->cut_at >= 0 && offset + len >= (guint64)self->cut_at)
    {
      len = (gsize)((guint64)self->cut_at - MIN (offset, (guint64)self->cut_at));
      self->cut = TRUE;
    }
  if (offset + len > self->max_bytes)
    {
      self->too_big = TRUE;
      return 0;
    }
  g_byte_array_append (self->body, (const guint8 *)ptr, (guint)len);
  ev = g_new0 (FetchEvent, 1);
  ev->received = self->resume_from + self->body->len;
  ev->total = self->total;
  post_event (self, ev);
  return self->cut ? 0 : size * nmemb;
}

static int
fetch_xferinfo_cb (void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                   curl_off_t ulnow)
{
  FdSimFetch *self = clientp;

  return g_atomic_int_get (&self->cancelled) ? 1 : 0;
}

static gboolean
host_is_loopback (const char *url)
{
  g_autofree char *host = NULL;
  CURLU           *u = curl_url ();
  gboolean         loopback = FALSE;
  char            *h = NULL;

  if (curl_url_set (u, CURLUPART_URL, url, 0) == CURLUE_OK
      && curl_url_get (u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
    {
      loopback = g_ascii_strcasecmp (h, "127.0.0.1") == 0 || g_strcmp0 (h, "[::1]") == 0
                 || g_ascii_strcasecmp (h, "localhost") == 0;
      curl_free (h);
    }
  curl_url_cleanup (u);
  return loopback;
}

static void
fetch_setup (FdSimFetch *self, CURL *curl)
{
  curl_easy_setopt (curl, CURLOPT_URL, self->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https,ftp");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "fotadesk-sim module");
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long)self->connect_timeout_s);
  /* A stall as long as the connection timeout counts as a broken link. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long)self->connect_timeout_s);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, fetch_write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, self);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, fetch_xferinfo_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, self);
  if (self->resume_from > 0 && g_str_has_prefix (self->url, "http"))
    {
      /* Our own Range header: with RESUME_FROM or RANGE, curl itself fails
       * when the server ignores the range; we skip what we have instead. */
      g_autofree char *range
          = g_strdup_printf ("Range: bytes=%" G_GUINT64_FORMAT "-", self->resume_from);
      self->headers = curl_slist_append (NULL, range);
      curl_easy_setopt (curl, CURLOPT_HTTPHEADER, self->headers);
    }
  else if (self->resume_from > 0)
    curl_easy_setopt (curl, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)self->resume_from);
  if (self->user != NULL)
    curl_easy_setopt (curl, CURLOPT_USERNAME, self->user);
  if (self->password != NULL)
    curl_easy_setopt (curl, CURLOPT_PASSWORD, self->password);
  if (self->ftps)
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
  if (self->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, self->ca_file);
  if (self->insecure_loopback && host_is_loopback (self->url))
    {
      curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
  if (self->max_bytes_per_s > 0)
    curl_easy_setopt (curl, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)self->max_bytes_per_s);
}

static FdSimFetchStatus
classify (FdSimFetch *self, CURLcode code)
{
  if (code == CURLE_OK)
    return FD_SIM_FETCH_OK;
  if (self->too_big)
    return FD_SIM_FETCH_TOO_BIG;
  if (self->cut)
    return FD_SIM_FETCH_PARTIAL;
  switch (code)
    {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return FD_SIM_FETCH_BAD_URL;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return FD_SIM_FETCH_CONNECT;
    case CURLE_LOGIN_DENIED:
      return FD_SIM_FETCH_AUTH;
    case CURLE_HTTP_RETURNED_ERROR:
    case CURLE_REMOTE_FILE_NOT_FOUND:
      return FD_SIM_FETCH_NOT_FOUND;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_USE_SSL_FAILED:
      return FD_SIM_FETCH_TLS;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
      return self->body->len > 0 ? FD_SIM_FETCH_PARTIAL : FD_SIM_FETCH_CONNECT;
    default:
      return FD_SIM_FETCH_OTHER;
    }
}

static gpointer
fetch_thread (gpointer data)
{
  FdSimFetch *self = data;
  FetchEvent *ev = g_new0 (FetchEvent, 1);
  CURLcode    code;

  self->curl = curl_easy_init ();
  fetch_setup (self, self->curl);
  code = curl_easy_perform (self->curl);
  if (self->first_write)
    {
      /* No body byte came, but the size may be known (FTP SIZE, an HTTP
       * Content-Length before the connection broke; not an error page's). */
      curl_off_t length = -1;
      long       status = 0;

      curl_easy_getinfo (self->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &status);
      if (length > 0 && (!g_str_has_prefix (self->url, "http") || status < 400))
        self->total = self->resume_from + (guint64)length;
    }
  ev->finished = TRUE;
  ev->result.status = classify (self, code);
  curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &ev->result.response_code);
  ev->result.received = self->resume_from + self->body->len;
  ev->result.total = self->total;
  ev->result.message
      = g_strdup (self->cut ? "connection cut (net-cut fault)" : curl_easy_strerror (code));
  ev->body = g_bytes_new (self->body->data, self->body->len);
  curl_easy_cleanup (self->curl);
  self->curl = NULL;
  g_clear_pointer (&self->headers, curl_slist_free_all);
  g_debug ("fetch %s: %s, %" G_GUINT64_FORMAT " bytes", self->url, ev->result.message,
           ev->result.received);
  post_event (self, ev);
  fetch_unref (self); /* the worker's reference */
  return NULL;
}

static gpointer
curl_init_once (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

FdSimFetch *
fd_sim_fetch_start (GMainContext *context, const FdSimFetchOptions *options,
                    FdSimFetchProgressFunc progress, FdSimFetchDoneFunc done, gpointer user_data)
{
  static GOnce     once = G_ONCE_INIT;
  FdSimFetch      *self = g_new0 (FdSimFetch, 1);
  g_autofree char *scheme = fd_sim_url_scheme (options->url);

  g_once (&once, curl_init_once, NULL);
  self->ref_count = 2; /* the caller's handle and the worker */
  self->context = g_main_context_ref (context);
  self->progress = progress;
  self->done = done;
  self->user_data = user_data;
  /* "ftps://" is FTP with explicit TLS (AUTH TLS), as the spec reads it. */
  self->ftps = g_strcmp0 (scheme, "ftps") == 0;
  self->url = self->ftps ? g_strconcat ("ftp", options->url + 4, NULL) : g_strdup (options->url);
  self->user = g_strdup (options->user);
  self->password = g_strdup (options->password);
  self->ca_file = g_strdup (options->ca_file);
  self->insecure_loopback = options->insecure_loopback;
  self->resume_from = options->resume_from;
  self->connect_timeout_s = MAX (options->connect_timeout_s, 1);
  self->max_bytes = options->max_bytes > 0 ? options->max_bytes : G_MAXUINT64;
  self->cut_at = options->cut_at;
  self->max_bytes_per_s = options->max_bytes_per_s;
  self->body = g_byte_array_new ();
  self->first_write = TRUE;
  g_thread_unref (g_thread_new ("fd-sim-fetch", fetch_thread, self));
  return self;
}

void
fd_sim_fetch_cancel (FdSimFetch *self)
{
  if (self == NULL)
    return;
  g_atomic_int_set (&self->cancelled, TRUE);
  fetch_unref (self);
}
