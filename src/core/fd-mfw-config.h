/* fd-mfw-config.h — dialect B (OneMO AT+MFW*): where the package comes
 * from and how the module is configured for it
 *
 * A boxed value type with owned strings: fd_mfw_config_copy() for a deep
 * copy, fd_mfw_config_clear() for one on the stack. Numbers are only
 * written when set (has_*), and are 64-bit so that a value typed past a
 * bound can still be checked and named.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-models.h"
#include "fd-validation.h"

G_BEGIN_DECLS

typedef enum {
  FD_MFW_SOURCE_SERVER,             /* the module downloads @url: http, https, ftp, ftps */
  FD_MFW_SOURCE_MODULE_FILE,        /* @url is file://… on the module's file system */
  FD_MFW_SOURCE_SERIAL_HEX,         /* FotaDesk writes @local_path in hex chunks */
  FD_MFW_SOURCE_SERIAL_PASSTHROUGH, /* FotaDesk writes @local_path as raw bytes */
} FdMfwSource;

/* AT+MFWCFG="mode" values. */
#define FD_MFW_PACKAGE_DIFF 0
#define FD_MFW_PACKAGE_FULL 1

typedef enum {
  FD_MFW_VERIFY_AUTO,   /* SHA-256 for serial writes where AT+MFWCHECK exists, else none */
  FD_MFW_VERIFY_NONE,
  FD_MFW_VERIFY_MD5,    /* AT+MFWCHECK=0 */
  FD_MFW_VERIFY_SHA1,   /* AT+MFWCHECK=1 */
  FD_MFW_VERIFY_SHA256, /* AT+MFWCHECK=2 */
} FdMfwVerify;

typedef struct {
  FdMfwSource source;
  char       *url;         /* SERVER, MODULE_FILE; <= 256 bytes */
  char       *local_path;  /* the package to write (serial), or a copy to verify against */
  char       *user;        /* AT+MFWCFG="auth": each <= 48 bytes; NULL = not set */
  char       *password;
  gboolean    has_timeout;
  guint64     timeout;     /* s, 30…180 (server downloads) */
  gboolean    has_package_mode;
  guint64     package_mode; /* FD_MFW_PACKAGE_DIFF or _FULL */
  gboolean    has_progind;
  guint64     progind;     /* bytes, multiple of 1024; 0 = final report only */
  gboolean    has_ssl_id;
  guint64     ssl_id;      /* 0…4 */
  gboolean    has_pkgsize;
  guint64     pkgsize;     /* bytes per HTTP request, 512…3072, multiple of 512 */
  FdMfwVerify verify;
  gboolean    erase_first;   /* AT+MFWERASE before getting the package */
  gboolean    download_only; /* stop before AT+MFWUPGRADE */
  /* How long a "+MFWDLOAD: 3" waits for the "+MFWDLOAD: 0" that makes it
   * resumable before it counts as "3 alone" (the spec: a few seconds, a
   * setting); ms, 0 = FD_MFW_RESUME_GRACE_DEFAULT_MS. */
  guint       resume_grace_ms;
} FdMfwConfig;

#define FD_MFW_RESUME_GRACE_DEFAULT_MS 3000
#define FD_MFW_RESUME_GRACE_MAX_MS     60000

#define FD_TYPE_MFW_CONFIG (fd_mfw_config_get_type ())
GType fd_mfw_config_get_type (void);

/* A server source with nothing set; verify AUTO. */
void fd_mfw_config_init (FdMfwConfig *config);
/* Frees the strings (and wipes the password) and re-inits. */
void fd_mfw_config_clear (FdMfwConfig *config);
FdMfwConfig *fd_mfw_config_new (void);
FdMfwConfig *fd_mfw_config_copy (const FdMfwConfig *config);
void fd_mfw_config_free (FdMfwConfig *config);
/* TRUE when both describe the same job (NULL and "" strings are equal). */
gboolean fd_mfw_config_equal (const FdMfwConfig *a, const FdMfwConfig *b);

/* Every problem of @config for @model (NULL = the unknown row): bounds,
 * AT-injection-safe strings, what the model can do; warnings for
 * inferred capabilities, no rollback, ignored settings. */
FdValidation *fd_mfw_config_validate (const FdMfwConfig *config, const FdModel *model);

/* The configure phase's AT+MFWCFG lines (no "\r"), in order: only items
 * the user set and the source uses; refused with the validation's error
 * when @config has one. */
GStrv fd_mfw_config_build_commands (const FdMfwConfig *config,
                                    const FdModel     *model,
                                    GError           **error);

/* TRUE when the model downloads inside AT+MFWUPGRADE (ML30x), FALSE when
 * a server package is fetched with AT+MFWDLOAD first. */
gboolean fd_mfw_config_uses_combined_upgrade (const FdMfwConfig *config, const FdModel *model);
/* AUTO resolved for @model: never returns FD_MFW_VERIFY_AUTO. */
FdMfwVerify fd_mfw_config_get_effective_verify (const FdMfwConfig *config, const FdModel *model);

/* "AT+MFWCHECK=<0|1|2>", or NULL for NONE/AUTO. */
char *fd_mfw_check_command (FdMfwVerify verify);
/* The GChecksum type to compare with; FALSE for NONE/AUTO. */
gboolean fd_mfw_verify_get_checksum_type (FdMfwVerify verify, GChecksumType *type);
/* AT+MFWDLOAD=<offset>,<len>,"<HEX>" (unquoted when @quoted is FALSE);
 * @len must be 1…512. */
char *fd_mfw_hex_write_command (guint64 offset, const guint8 *data, gsize len, gboolean quoted);
/* AT+MFWDLOAD=<offset>,<len>: the passthrough write's command. */
char *fd_mfw_passthrough_command (guint64 offset, guint64 len);

/* Presets: keys "source", "url", "local-path", "user", "password",
 * "timeout", "package-mode", "progind", "ssl-id", "pkgsize", "verify",
 * "erase-first", "download-only", "resume-grace-ms". The password is written only when
 * @with_secrets (a preset file is not a keyring). Load starts from
 * fd_mfw_config_init(); @config must be initialised (or zeroed) and is
 * left unchanged on error. */
void fd_mfw_config_save (const FdMfwConfig *config,
                         GKeyFile          *keyfile,
                         const char        *group,
                         gboolean           with_secrets);
gboolean fd_mfw_config_load (FdMfwConfig *config,
                             GKeyFile    *keyfile,
                             const char  *group,
                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FdMfwConfig, fd_mfw_config_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FdMfwConfig, fd_mfw_config_clear)

G_END_DECLS
