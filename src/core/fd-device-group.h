/* fd-device-group.h — the ttys of one physical device, and its AT candidates
 *
 * A USB module shows several ttys (AT, diag, modem, NMEA ...); they form
 * one FdDeviceGroup, keyed by where the device is plugged in so the key
 * survives a re-enumeration (the reattach code matches on it). A tty that
 * is not on USB (a UART, a pty, a simulator link) is a group of its own.
 * Immutable once built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "fd-known-devices.h"
#include "fd-port-info.h"

G_BEGIN_DECLS

#define FD_TYPE_DEVICE_GROUP (fd_device_group_get_type ())
G_DECLARE_FINAL_TYPE (FdDeviceGroup, fd_device_group, FD, DEVICE_GROUP, GObject)

/* Groups @ports (FdPortInfo) by physical device, ranks each group's AT
 * candidates and sets every port's FdAtHint. Returns the groups in a
 * stable, human order: USB devices by physical path ("1-2" < "1-2.3" <
 * "1-10"), then other ports by path, numbers compared as numbers. The
 * new array owns its groups; the groups take references on the ports. */
GPtrArray *fd_device_group_build (GPtrArray *ports);

/* A key that survives re-enumeration: "usb:<physical path>" plus
 * "#<USB serial>" when the device has one (e.g. "usb:1-2.3#0123"), or
 * "tty:<path>" for other ports, using the first alias when there is one
 * (a simulator link outlives the pty behind it). Opaque: compare whole. */
const char *fd_device_group_get_key (FdDeviceGroup *self);

/* USB for a USB device; NATIVE or VIRTUAL for a tty of its own. */
FdPortTransport fd_device_group_get_transport (FdDeviceGroup *self);
/* A translated title for people before the module is identified, e.g.
 * "Luat Air72x", "Quectel EC25", "USB device 1234:5678", "Serial port
 * ttyS0", "Virtual serial port m1". */
const char *fd_device_group_get_title (FdDeviceGroup *self);
/* The table entry for the device's VID:PID, NULL when unknown or not USB. */
const FdKnownDevice *fd_device_group_get_known_device (FdDeviceGroup *self);

/* USB identity of the device; 0 / NULL when not on USB. */
guint16 fd_device_group_get_vid (FdDeviceGroup *self);
guint16 fd_device_group_get_pid (FdDeviceGroup *self);
const char *fd_device_group_get_usb_serial (FdDeviceGroup *self);
const char *fd_device_group_get_usb_path (FdDeviceGroup *self);

/* Every tty of the device (FdPortInfo), by interface number then name;
 * owned by the group. */
GPtrArray *fd_device_group_get_ports (FdDeviceGroup *self);

/* The ttys to probe for AT, best first: interface string naming AT, then
 * the known-device table's interface, then the rest by interface, ports
 * whose interface string names something else (diag, NMEA ...) last.
 * Empty for a device in download mode. Owned by the group. */
GPtrArray *fd_device_group_get_at_candidates (FdDeviceGroup *self);

/* TRUE for a boot loader in download mode: it has no AT port. */
gboolean fd_device_group_is_download_mode (FdDeviceGroup *self);

/* A translated note on the device's state for people, e.g. "In download
 * mode (boot loader): no AT port", or NULL when there is nothing to say. */
const char *fd_device_group_get_note (FdDeviceGroup *self);

/* What an interface string (sysfs "interface") says of a port, as a hint:
 * FD_AT_HINT_NAMED_AT when a word of it is "AT" (any case: "AT",
 * "Modem AT Port", "AT_CMD" — not "Data"), FD_AT_HINT_NAMED_OTHER when a
 * word names a port that is not for AT (DIAG, NMEA, GPS, LOG, ...),
 * FD_AT_HINT_NONE otherwise (NULL too). */
FdAtHint fd_at_hint_from_interface_name (const char *interface_name);

/* Compares two strings with runs of digits compared as numbers
 * ("1-2.10" after "1-2.9", "ttyUSB10" after "ttyUSB2"); NULL first. */
int fd_natural_compare (const char *a, const char *b);

G_END_DECLS
