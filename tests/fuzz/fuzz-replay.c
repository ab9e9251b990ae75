/* fuzz-replay.c — runs a fuzz target's LLVMFuzzerTestOneInput() on every
 * file of its corpus, without libFuzzer
 *
 * Linked with one target, this makes the seed corpus and every crashing
 * input ever found a regression suite of the normal test run (and of the
 * ASan run). Arguments are corpus directories or single files; an empty
 * corpus is a failure, so a mistyped path cannot pass silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <stdio.h>
#include <string.h>

static gboolean
replay_file (const char *path, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize            len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *)data, len);
  (*count)++;
  return TRUE;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Files in name order, so a failure names the same input every run. */
static gboolean
replay_dir (const char *dir_path, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      const char *path = g_ptr_array_index (names, i);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && !replay_file (path, count))
        return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  guint count = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR-OR-FILE...\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      gboolean ok = g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? replay_dir (argv[i], &count)
                                                              : replay_file (argv[i], &count);
      if (!ok)
        return 1;
    }
  if (count == 0)
    {
      fprintf (stderr, "no corpus input found\n");
      return 1;
    }
  printf ("replayed %u inputs\n", count);
  return 0;
}
