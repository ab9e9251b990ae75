/* fuzz-mfw.c — +MFWCFG, +MFWDLOAD, +MFWCHECK and +MFWUPGRADE decoders
 * on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *line = fuzz_line_new (data, size);

  fuzz_family_mfw (line);
  return 0;
}
