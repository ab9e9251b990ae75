/* fd-cli.h — what the commands of fotadesk-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fd-cli-output.h"
#include "fd-port-enumerator.h"

G_BEGIN_DECLS

/* Exit statuses: the CLI's contract with scripts. */
enum {
  FD_CLI_EXIT_OK = 0,          /* every targeted module succeeded or was up to date */
  FD_CLI_EXIT_FAILED = 1,      /* at least one failed or was cancelled */
  FD_CLI_EXIT_USAGE = 2,       /* usage or validation error: nothing was sent */
  FD_CLI_EXIT_NO_MODULE = 3,   /* no module matched the targets */
  FD_CLI_EXIT_INTERRUPTED = 130,
};

typedef struct {
  char        **globs;     /* --glob, repeatable */
  gboolean      glob_only; /* --glob-only: no system port listing */
  int           baud;      /* --baud */
  gboolean      json;      /* --json */
  char         *log_dir;   /* --log-dir */
  gboolean      verbose;   /* --verbose */
  FdCliOutput  *output;
  GCancellable *cancellable; /* cancelled by SIGINT/SIGTERM */
} FdCliContext;

typedef struct {
  const char   *name;
  const char   *parameter_string; /* e.g. "PORT COMMAND…" */
  const char   *summary;
  const char   *description;      /* long help, after the options */
  GOptionEntry *entries;          /* the command's own options, or NULL */
  /* @argv holds the positional arguments after the command name. */
  int         (*run) (FdCliContext *context, int argc, char **argv);
} FdCliCommand;

extern const FdCliCommand fd_cli_command_at;
extern const FdCliCommand fd_cli_command_report;
extern const FdCliCommand fd_cli_command_scan;
extern const FdCliCommand fd_cli_command_info;
extern const FdCliCommand fd_cli_command_upgrade;

/* Shared by the commands that find modules (fd-cli-scan.c). */
FdPortEnumerator *fd_cli_new_enumerator (FdCliContext *context);
void fd_cli_warn_modem_manager (void);
GPtrArray *fd_cli_scan_modules (FdCliContext *context, GError **error);

/* One sentence on stderr: "fotadesk-cli: …". */
void fd_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
