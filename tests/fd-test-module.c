/* fd-test-module.c — a scripted module on a real pty, for the scanner tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* posix_openpt, ptsname */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "fd-identify.h"
#include "fd-test-module.h"

/* How often the thread looks at its stop flag, and sends noise. */
#define TICK_MS 20

struct _FdTestModule
{
  int                   master;
  int                   slave; /* held open so the line settings stay raw */
  char                 *path;
  GThread              *thread;
  gint                  stop; /* atomic */

  GMutex                mutex;
  GHashTable           *answers; /* upper-cased command → reply, or NULL value */
  char                 *default_answer;
  FdTestModuleBehaviour behaviour;
  guint                 delay_ms;
  guint                 sleepy;
  gboolean              echo;
  GPtrArray            *commands;
  GString              *line;
};

FdTestModule *
fd_test_module_new (void)
{
  FdTestModule *module = g_new0 (FdTestModule, 1);
  struct termios tio;

  module->master = posix_openpt (O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (module->master, >=, 0);
  g_assert_cmpint (grantpt (module->master), ==, 0);
  g_assert_cmpint (unlockpt (module->master), ==, 0);
  module->path = g_strdup (ptsname (module->master));
  /* raw from the start: the line discipline must not echo the module's
   * own output back to it while no one has the port open */
  module->slave = open (module->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (module->slave, >=, 0);
  g_assert_cmpint (tcgetattr (module->slave, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (module->slave, TCSANOW, &tio), ==, 0);

  g_mutex_init (&module->mutex);
  module->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  module->default_answer = g_strdup ("\r\nERROR\r\n");
  module->echo = TRUE;
  module->commands = g_ptr_array_new_with_free_func (g_free);
  module->line = g_string_new (NULL);
  fd_test_module_set_answer (module, "AT", "\r\nOK\r\n");
  fd_test_module_set_answer (module, "ATE0", "\r\nOK\r\n");
  fd_test_module_set_answer (module, "AT+CMEE=1", "\r\nOK\r\n");
  return module;
}

static void
stop_thread (FdTestModule *module)
{
  if (module->thread == NULL)
    return;
  g_atomic_int_set (&module->stop, 1);
  g_thread_join (g_steal_pointer (&module->thread));
}

void
fd_test_module_unplug (FdTestModule *module)
{
  stop_thread (module);
  if (module->master >= 0)
    close (module->master);
  if (module->slave >= 0)
    close (module->slave);
  module->master = -1;
  module->slave = -1;
}

void
fd_test_module_free (FdTestModule *module)
{
  if (module == NULL)
    return;
  fd_test_module_unplug (module);
  g_hash_table_unref (module->answers);
  g_free (module->default_answer);
  g_ptr_array_unref (module->commands);
  g_string_free (module->line, TRUE);
  g_mutex_clear (&module->mutex);
  g_free (module->path);
  g_free (module);
}

const char *
fd_test_module_get_path (FdTestModule *module)
{
  return module->path;
}

void
fd_test_module_set_answer (FdTestModule *module, const char *command, const char *reply)
{
  g_mutex_lock (&module->mutex);
  g_hash_table_replace (module->answers, g_ascii_strup (command, -1), g_strdup (reply));
  g_mutex_unlock (&module->mutex);
}

void
fd_test_module_set_default_answer (FdTestModule *module, const char *reply)
{
  g_mutex_lock (&module->mutex);
  g_free (module->default_answer);
  module->default_answer = g_strdup (reply);
  g_mutex_unlock (&module->mutex);
}

static void
set_info_answer (FdTestModule *module, const char *command, const char *info)
{
  g_autofree char *reply = NULL;

  if (info == NULL)
    {
      fd_test_module_set_answer (module, command, "\r\nERROR\r\n");
      return;
    }
  reply = g_strdup_printf ("\r\n%s\r\n\r\nOK\r\n", info);
  fd_test_module_set_answer (module, command, reply);
}

void
fd_test_module_set_identity (FdTestModule *module,
                             const char   *maker,
                             const char   *model,
                             const char   *revision,
                             const char   *imei,
                             FdDialect     dialects)
{
  g_autofree char *cgsn1 = imei != NULL ? g_strdup_printf ("+CGSN: %s", imei) : NULL;
  g_autofree char *ati =
    g_strdup_printf ("%s\r\n%s\r\nRevision: %s", maker ? maker : "", model ? model : "",
                     revision ? revision : "");

  set_info_answer (module, "AT+CGMI", maker);
  set_info_answer (module, "AT+CGMM", model);
  set_info_answer (module, "AT+CGMR", revision);
  set_info_answer (module, "AT+CGSN=1", cgsn1);
  set_info_answer (module, "AT+CGSN", imei);
  set_info_answer (module, "ATI", ati);
  set_info_answer (module, "AT+RSFOTAMODE?",
                   (dialects & FD_DIALECT_RSFOTA) ? "+RSFOTAMODE:1,1" : NULL);
  set_info_answer (module, "AT+MFWCFG=\"url\"",
                   (dialects & FD_DIALECT_MFW) ? "+MFWCFG: \"url\",\"\"" : NULL);
  set_info_answer (module, "AT+UPGRADE?", (dialects & FD_DIALECT_LUAT) ? "+UPGRADE: 0" : NULL);
}

void
fd_test_module_set_behaviour (FdTestModule *module, FdTestModuleBehaviour behaviour)
{
  g_mutex_lock (&module->mutex);
  module->behaviour = behaviour;
  g_mutex_unlock (&module->mutex);
}

void
fd_test_module_set_delay (FdTestModule *module, guint ms)
{
  g_mutex_lock (&module->mutex);
  module->delay_ms = ms;
  g_mutex_unlock (&module->mutex);
}

void
fd_test_module_set_sleepy (FdTestModule *module, guint n)
{
  g_mutex_lock (&module->mutex);
  module->sleepy = n;
  g_mutex_unlock (&module->mutex);
}

GStrv
fd_test_module_dup_commands (FdTestModule *module)
{
  GStrv out;

  g_mutex_lock (&module->mutex);
  out = g_new0 (char *, module->commands->len + 1);
  for (guint i = 0; i < module->commands->len; i++)
    out[i] = g_strdup (g_ptr_array_index (module->commands, i));
  g_mutex_unlock (&module->mutex);
  return out;
}

guint
fd_test_module_count_commands (FdTestModule *module)
{
  guint n;

  g_mutex_lock (&module->mutex);
  n = module->commands->len;
  g_mutex_unlock (&module->mutex);
  return n;
}

/* ---- the thread --------------------------------------------------------- */

static void
send_text (FdTestModule *module, const char *text)
{
  gsize len = strlen (text);
  gsize done = 0;

  /* a reader that went away leaves the bytes in the pty buffer; a full
   * buffer drops them, as a module's UART would */
  while (done < len)
    {
      gssize n = write (module->master, text + done, len - done);

      if (n <= 0)
        return;
      done += (gsize) n;
    }
}

/* Decides under the lock what to send for @line; NULL for nothing. */
static char *
reply_for (FdTestModule *module, const char *line, char **echo, guint *delay_ms)
{
  g_autofree char *key = g_ascii_strup (line, -1);
  gpointer reply = NULL;

  g_mutex_lock (&module->mutex);
  g_ptr_array_add (module->commands, g_strdup (line));
  *delay_ms = module->delay_ms;
  if (module->behaviour != FD_TEST_MODULE_NORMAL ||
      (module->sleepy > 0 && g_str_equal (key, "AT") && module->sleepy-- > 0))
    {
      g_mutex_unlock (&module->mutex);
      return NULL;
    }
  *echo = module->echo ? g_strconcat (line, "\r", NULL) : NULL;
  if (g_str_equal (key, "ATE0"))
    module->echo = FALSE;
  else if (g_str_equal (key, "ATE1"))
    module->echo = TRUE;
  if (!g_hash_table_lookup_extended (module->answers, key, NULL, &reply))
    reply = module->default_answer;
  reply = g_strdup (reply);
  g_mutex_unlock (&module->mutex);
  return reply;
}

static void
handle_line (FdTestModule *module, const char *line)
{
  g_autofree char *echo = NULL;
  g_autofree char *reply = NULL;
  guint delay_ms = 0;

  reply = reply_for (module, line, &echo, &delay_ms);
  if (echo != NULL)
    send_text (module, echo);
  if (reply == NULL)
    return;
  if (delay_ms > 0)
    g_usleep (delay_ms * 1000);
  send_text (module, reply);
}

static void
feed (FdTestModule *module, const char *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] != '\r' && data[i] != '\n')
        {
          g_string_append_c (module->line, data[i]);
          continue;
        }
      if (module->line->len > 0)
        handle_line (module, module->line->str);
      g_string_truncate (module->line, 0);
    }
}

static void
send_noise (FdTestModule *module)
{
  static const char noise[] = "$GPGSV,3,1,11,\x01\x9c\xff\x02 garble\r\n\xfe\x80~~{}||\x7f\x10 #%&";

  send_text (module, noise);
}

static gpointer
module_thread (gpointer data)
{
  FdTestModule *module = data;

  while (!g_atomic_int_get (&module->stop))
    {
      struct pollfd pfd = { .fd = module->master, .events = POLLIN };
      char buf[1024];
      gssize n;
      FdTestModuleBehaviour behaviour;

      g_mutex_lock (&module->mutex);
      behaviour = module->behaviour;
      g_mutex_unlock (&module->mutex);
      if (behaviour == FD_TEST_MODULE_GARBAGE)
        send_noise (module);
      if (poll (&pfd, 1, TICK_MS) <= 0 || (pfd.revents & POLLIN) == 0)
        continue;
      n = read (module->master, buf, sizeof buf);
      if (n > 0)
        feed (module, buf, (gsize) n);
    }
  return NULL;
}

void
fd_test_module_start (FdTestModule *module)
{
  g_assert_null (module->thread);
  module->thread = g_thread_new ("test-module", module_thread, module);
}

void
fd_test_assert_only_allowed (const char *const *commands)
{
  const char *const *allowed = fd_identify_get_allowed_commands ();

  for (gsize i = 0; commands[i] != NULL; i++)
    {
      if (!g_strv_contains (allowed, commands[i]))
        g_error ("a probe sent \"%s\", which is not in the allowed list", commands[i]);
    }
}

/* ---- sysfs --------------------------------------------------------------- */

static void
run_or_die (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

char *
fd_test_make_tmpdir (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template_name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  return dir;
}

char *
fd_test_make_link (const char *dir, const char *name, const char *target)
{
  char *link = g_build_filename (dir, name, NULL);

  g_assert_cmpint (symlink (target, link), ==, 0);
  return link;
}

char *
fd_test_sysfs_copy (const char *fixture)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "sysfs", fixture,
                                                   NULL);
  g_autofree char *tmp = fd_test_make_tmpdir ("fd-sysfs-XXXXXX");
  char *root = g_build_filename (tmp, "sys", NULL);
  const char *argv[] = { "cp", "-a", "--", source, root, NULL };

  run_or_die (argv);
  return root;
}

void
fd_test_sysfs_remove (const char *root)
{
  g_autofree char *parent = g_path_get_dirname (root);
  g_autofree char *base = g_path_get_basename (root);
  /* a copy lives in a directory of its own: remove that */
  const char *target = g_str_equal (base, "sys") ? parent : root;
  const char *argv[] = { "rm", "-rf", "--", target, NULL };

  run_or_die (argv);
}

void
fd_test_sysfs_map (const char *root, const char *tty_name, const char *pty_path)
{
  g_autofree char *dev = g_build_filename (root, "class", "tty", tty_name, "dev", NULL);
  g_autofree char *devnum = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_cmpint (stat (pty_path, &st), ==, 0);
  devnum = g_strdup_printf ("%u:%u\n", major (st.st_rdev), minor (st.st_rdev));
  g_file_set_contents (dev, devnum, -1, &error);
  g_assert_no_error (error);
}

void
fd_test_sysfs_unmap (const char *root, const char *tty_name)
{
  g_autofree char *dev = g_build_filename (root, "class", "tty", tty_name, "dev", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (dev, "0:0\n", -1, &error);
  g_assert_no_error (error);
}
