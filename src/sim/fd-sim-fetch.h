/* fd-sim-fetch.h — a module's own download, done for real with libcurl
 *
 * Private to the simulator. The transfer runs on a worker thread; progress
 * and the result come back on @context, never after fd_sim_fetch_cancel().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FD_SIM_FETCH_OK,
  FD_SIM_FETCH_BAD_URL,   /* malformed, or a scheme other than http(s)/ftp(s) */
  FD_SIM_FETCH_CONNECT,   /* no connection: refused, name lookup, connect timeout */
  FD_SIM_FETCH_TLS,       /* handshake or certificate */
  FD_SIM_FETCH_AUTH,      /* login refused */
  FD_SIM_FETCH_NOT_FOUND, /* HTTP >= 400, or no such file on the FTP server */
  FD_SIM_FETCH_PARTIAL,   /* broke off after some bytes: resumable */
  FD_SIM_FETCH_TOO_BIG,
  FD_SIM_FETCH_OTHER,
} FdSimFetchStatus;

typedef struct
{
  FdSimFetchStatus status;
  long             response_code; /* HTTP status or FTP reply, 0 when none */
  guint64          received;      /* file offset reached (resume_from included) */
  guint64          total;         /* whole file size, 0 when unknown */
  char            *message;
} FdSimFetchResult;

typedef struct
{
  const char *url;
  const char *user;
  const char *password;
  guint64     resume_from;
  guint       connect_timeout_s;
  const char *ca_file;
  gboolean    insecure_loopback;
  guint64     max_bytes;
  gint64      cut_at;          /* break off at this file offset, -1 never */
  guint       max_bytes_per_s; /* 0: no cap */
} FdSimFetchOptions;

typedef struct _FdSimFetch FdSimFetch;

/* @received and @total are file offsets/sizes (resume_from included). */
typedef void (*FdSimFetchProgressFunc) (guint64 received, guint64 total, gpointer user_data);
/* @body holds the bytes from resume_from on (empty on failure). After
 * this call the FdSimFetch handle is gone. */
typedef void (*FdSimFetchDoneFunc) (GBytes *body, const FdSimFetchResult *result,
                                    gpointer user_data);

FdSimFetch *fd_sim_fetch_start (GMainContext *context, const FdSimFetchOptions *options,
                                FdSimFetchProgressFunc progress, FdSimFetchDoneFunc done,
                                gpointer user_data);

/* Stops the transfer; no callback runs after this returns. Call on the
 * thread of @context, and only before done has run. */
void fd_sim_fetch_cancel (FdSimFetch *self);

/* Lower-cased scheme of @url ("http", "ftps", "file"), or NULL. */
char *fd_sim_url_scheme (const char *url);

G_END_DECLS
