/* fuzz-common.h — shared by the libFuzzer targets and the corpus replay
 *
 * Each family function runs one family of decoders on a line and checks
 * the contract of their results (ranges, round trips), aborting on a
 * violation so the fuzzer reports it like a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* The libFuzzer entry point, one per target. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Not g_assert(): that one can be compiled out. */
#define FUZZ_CHECK(expr)                                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (G_UNLIKELY (!(expr)))                                                                      \
      fuzz_fail (__FILE__, __LINE__, #expr);                                                       \
  }                                                                                                \
  G_STMT_END

G_NORETURN void fuzz_fail (const char *file, int line, const char *expr);

/* The input as a C string: a line cannot hold NUL, so it ends there. */
char *fuzz_line_new (const uint8_t *data, size_t size);

void fuzz_family_rsfota (const char *line);
void fuzz_family_mfw (const char *line);
void fuzz_family_luat (const char *line);
void fuzz_family_imei (const char *line);

G_END_DECLS
