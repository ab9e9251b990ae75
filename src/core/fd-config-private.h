/* fd-config-private.h — checks and preset helpers shared by the three
 * dialect configurations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fd-models.h"
#include "fd-validation.h"

G_BEGIN_DECLS

/* Integers the spec leaves unbounded above still travel as 32-bit
 * numbers on the modules; larger ones are refused. */
#define FD_CONFIG_U32_MAX G_GUINT64_CONSTANT (4294967295)

typedef enum {
  FD_UNIT_NONE,
  FD_UNIT_SECONDS,
  FD_UNIT_BYTES,
} FdUnit;

/* Adds "@name must be between @min and @max <unit>; got @value." */
gboolean fd_config_check_range (FdValidation *v,
                                const char   *field,
                                const char   *name,
                                guint64       value,
                                guint64       min,
                                guint64       max,
                                FdUnit        unit);

/* A value for a quoted AT string parameter: required (not NULL, not
 * empty) when @required, at most @max_bytes bytes (0 = no limit), and no
 * byte that would end the command. The message never repeats @value. */
gboolean fd_config_check_string (FdValidation *v,
                                 const char   *field,
                                 const char   *name,
                                 const char   *value,
                                 gsize         max_bytes,
                                 gboolean      required);

/* The model speaks @dialect (error otherwise); warns for an unknown model. */
gboolean fd_config_check_dialect (FdValidation  *v,
                                  const FdModel *model,
                                  FdDialect      dialect);

/* TRUE when the model can do @cap; an error naming the reason when it
 * cannot (UNSUPPORTED) or it is not known (UNCONFIRMED); a warning for
 * @field when the cell is inferred (once per field). */
gboolean fd_config_check_capability (FdValidation  *v,
                                     const FdModel *model,
                                     FdCapability   cap,
                                     const char    *field);

/* The scheme of "<scheme>://rest", lower-cased, or NULL when there is
 * none or nothing follows "://". */
char *fd_config_url_scheme (const char *url);

/* A string counts as set when it is neither NULL nor empty. */
gboolean fd_config_str_is_set (const char *s);
/* Equal as settings: NULL and "" are the same (not set). */
gboolean fd_config_str_equal (const char *a, const char *b);
/* Overwrites a secret before freeing it, so it does not linger in freed memory. */
void fd_config_free_secret (char *secret);

/* An optional value: same presence, and the same value when present. */
#define FD_CONFIG_SAME_OPT(a, b, has, field) \
  ((a)->has == (b)->has && (!(a)->has || (a)->field == (b)->field))

/* Turns an array of owned strings into a NULL-terminated GStrv. */
GStrv fd_config_lines_end (GPtrArray *lines);

/* Preset helpers: a missing key leaves *@has FALSE and is not an error;
 * a present key must parse. Errors name the group and key. */
gboolean fd_config_keyfile_get_u64 (GKeyFile   *kf,
                                    const char *group,
                                    const char *key,
                                    gboolean   *has,
                                    guint64    *value,
                                    GError    **error);
gboolean fd_config_keyfile_get_bool (GKeyFile   *kf,
                                     const char *group,
                                     const char *key,
                                     gboolean   *has,
                                     gboolean   *value,
                                     GError    **error);
/* A string key; *@value is replaced only when the key is present. */
gboolean fd_config_keyfile_get_string (GKeyFile   *kf,
                                       const char *group,
                                       const char *key,
                                       char      **value,
                                       GError    **error);
/* A key whose value is one of @names (NULL-terminated); *@value is its index. */
gboolean fd_config_keyfile_get_enum (GKeyFile         *kf,
                                     const char       *group,
                                     const char       *key,
                                     const char *const *names,
                                     int              *value,
                                     GError          **error);
void fd_config_keyfile_set_u64 (GKeyFile   *kf,
                                const char *group,
                                const char *key,
                                gboolean    has,
                                guint64     value);

G_END_DECLS
