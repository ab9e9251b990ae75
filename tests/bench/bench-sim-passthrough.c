/* bench-sim-passthrough.c — paced line rate of the simulator, measured
 *
 * A 64 KiB passthrough write (AT+MFWDLOAD=0,65536, '>', the bytes, OK) to
 * a module paced at 115200 baud must take 65536 / 11520 s (8N1: ten bit
 * times per byte), within 5 %. Prints the measured time and the ratio;
 * fails outside the 5 % band. A meson benchmark(), never part of the
 * normal test suite: timing on a shared machine is not a unit test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "fd-sim-fleet.h"
#include "fd-test-util.h"

#define BAUD 115200
#define SIZE (64 * 1024)

int
main (int argc, char **argv)
{
  g_autofree char *dir = fd_test_mkdtemp ();
  g_autoptr (GError) error = NULL;
  g_autoptr (FdSimFleet) fleet = fd_sim_fleet_new (dir, &error);
  g_autoptr (FdTestPort) port = NULL;
  g_autofree guint8 *data = g_malloc (SIZE);
  g_autofree char   *cmd = g_strdup_printf ("AT+MFWDLOAD=0,%d", SIZE);
  FdSimModule       *m;
  gint64             t0, t_data, t1;
  double             expected = (double)SIZE / (BAUD / 10.0);
  double             elapsed, data_phase, ratio;

  g_assert_no_error (error);
  m = fd_sim_fleet_add_module (fleet, "M5311-E", NULL, NULL, &error);
  g_assert_no_error (error);
  fd_sim_module_set_baud (m, BAUD);
  port = fd_test_open_module (m);
  for (gsize i = 0; i < SIZE; i++)
    data[i] = (guint8)(i * 131 + 7);

  t0 = g_get_monotonic_time ();
  fd_test_port_send (port, cmd);
  g_assert_true (fd_test_port_wait_prompt (port, 10000));
  t_data = g_get_monotonic_time ();
  fd_test_port_write (port, data, SIZE);
  fd_test_port_expect (port, (const char *const[]){ "OK", NULL }, 60000);
  t1 = g_get_monotonic_time ();

  elapsed = (double)(t1 - t0) / G_USEC_PER_SEC;
  data_phase = (double)(t1 - t_data) / G_USEC_PER_SEC;
  ratio = elapsed / expected;
  printf ("passthrough %d bytes at %d baud: %.3f s (data %.3f s), expected %.3f s "
          "(%d / %.0f B/s), ratio %.4f\n",
          SIZE, BAUD, elapsed, data_phase, expected, SIZE, BAUD / 10.0, ratio);
  g_clear_pointer (&port, fd_test_port_close);
  g_clear_object (&fleet);
  fd_test_rm_rf (dir);
  return ratio > 0.95 && ratio < 1.05 ? 0 : 1;
}
