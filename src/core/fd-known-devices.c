/* fd-known-devices.c — the USB devices FotaDesk knows, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fd-known-devices.h"

/* Keep in step with data/60-fotadesk.rules (tests/test-known-devices.c
 * checks it). Only what is known goes here: an AT interface is named only
 * where it is documented; everything else is found by probing. */
static const FdKnownDevice known_devices[] = {
  /* Air724UG family: option ttys, AT on interface 2. */
  { 0x1782, 0x4e00, FD_KNOWN_DEVICE_MODULE, "Luat", "Air72x", "option", 2 },
  /* Air780E family: three cdc_acm ttys, AT found by probing. */
  { 0x19d1, 0x0001, FD_KNOWN_DEVICE_MODULE, "Luat", "Air780E", "cdc_acm",
    FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  /* The Air780E boot loader (download mode): it never answers AT. */
  { 0x17d1, 0x0001, FD_KNOWN_DEVICE_DOWNLOAD_MODE, "Luat", "Air780E", NULL,
    FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  { 0x1782, 0x4d11, FD_KNOWN_DEVICE_MODULE, "China Mobile", "ML302", NULL,
    FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  { 0x2ecc, 0x3012, FD_KNOWN_DEVICE_MODULE, "China Mobile", "ML307A", NULL,
    FD_KNOWN_DEVICE_AT_INTERFACE_ANY },
  /* Bridges: UART-only NB-IoT modules (M5311, MN316, ...) sit behind them. */
  { 0x1a86, 0x7523, FD_KNOWN_DEVICE_BRIDGE, "WCH", "CH340", "ch341", 0 },
  { 0x10c4, 0xea60, FD_KNOWN_DEVICE_BRIDGE, "Silicon Labs", "CP210x", "cp210x", 0 },
};

const FdKnownDevice *
fd_known_device_lookup (guint16 vid, guint16 pid)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_devices); i++)
    {
      if (known_devices[i].vid == vid && known_devices[i].pid == pid)
        return &known_devices[i];
    }
  return NULL;
}

const FdKnownDevice *
fd_known_devices_get_all (gsize *n_devices)
{
  g_return_val_if_fail (n_devices != NULL, NULL);

  *n_devices = G_N_ELEMENTS (known_devices);
  return known_devices;
}

char *
fd_known_device_get_title (const FdKnownDevice *device)
{
  g_return_val_if_fail (device != NULL, NULL);

  switch (device->kind)
    {
    case FD_KNOWN_DEVICE_BRIDGE:
      /* TRANSLATORS: vendor and chip, e.g. "WCH CH340 USB-serial bridge" */
      return g_strdup_printf (_("%s %s USB-serial bridge"), device->vendor, device->name);
    case FD_KNOWN_DEVICE_DOWNLOAD_MODE:
      /* TRANSLATORS: vendor and model, e.g. "Luat Air780E in download mode" */
      return g_strdup_printf (_("%s %s in download mode"), device->vendor, device->name);
    case FD_KNOWN_DEVICE_MODULE:
    default:
      return g_strdup_printf ("%s %s", device->vendor, device->name);
    }
}

gboolean
fd_known_device_has_at (const FdKnownDevice *device)
{
  g_return_val_if_fail (device != NULL, FALSE);

  return device->kind != FD_KNOWN_DEVICE_DOWNLOAD_MODE;
}
