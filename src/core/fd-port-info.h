/* fd-port-info.h — what is known about one tty before it is opened
 *
 * One FdPortInfo per serial device node, after symlinks are resolved and
 * duplicates merged: its path, the other names it was listed under, and,
 * for USB ports, the identity sysfs gives (VID:PID, serial, strings,
 * physical path, interface). Immutable once built, so it can cross
 * threads. The enumerator (fd-port-enumerator.h) makes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  FD_PORT_TRANSPORT_VIRTUAL, /* nothing behind it in sysfs: a pty, a simulator link */
  FD_PORT_TRANSPORT_NATIVE,  /* a UART the kernel knows that is not on USB (ttyS, ttyAMA, ...) */
  FD_PORT_TRANSPORT_USB,     /* a tty of a USB interface */
} FdPortTransport;

/* Why a port is, or is not, a likely AT port; see fd_device_group_build(). */
typedef enum {
  FD_AT_HINT_NO_AT,           /* the device is in download mode: never probe it */
  FD_AT_HINT_NAMED_OTHER,     /* the interface string names something else (diag, NMEA ...) */
  FD_AT_HINT_NONE,            /* nothing is known: probe it */
  FD_AT_HINT_KNOWN_INTERFACE, /* the known-device table puts AT on this interface */
  FD_AT_HINT_NAMED_AT,        /* the interface string names AT */
} FdAtHint;

#define FD_TYPE_PORT_INFO (fd_port_info_get_type ())
G_DECLARE_FINAL_TYPE (FdPortInfo, fd_port_info, FD, PORT_INFO, GObject)

/* A port with no sysfs identity (a pty or a simulator link), at the
 * resolved device node @path. */
FdPortInfo *fd_port_info_new_virtual (const char *path);

/* The device node, symlinks resolved: what to open (e.g. /dev/ttyUSB2). */
const char *fd_port_info_get_path (FdPortInfo *self);
/* The name to open it by: a virtual port's first link (the simulator's
 * ttyUSB3, socat's link), which follows the pty behind it when that is
 * re-created; else the device node. Opening the node of a virtual port
 * found earlier could reach whatever port got that pty number since. */
const char *fd_port_info_get_open_path (FdPortInfo *self);
/* The other names it was listed under (by-id links, simulator links),
 * sorted; never NULL, maybe empty. */
const char *const *fd_port_info_get_aliases (FdPortInfo *self);
/* The kernel's name for the tty (e.g. "ttyUSB2"), NULL for a virtual port. */
const char *fd_port_info_get_tty_name (FdPortInfo *self);
/* How the tty is attached: USB, a native UART, or virtual. */
FdPortTransport fd_port_info_get_transport (FdPortInfo *self);
/* The kernel driver: the USB interface driver for USB ports (option,
 * cdc_acm, ch341 ...), the device's driver otherwise; NULL if unknown. */
const char *fd_port_info_get_driver (FdPortInfo *self);
/* The tty's directory in sysfs (for diagnostics), NULL for virtual ports. */
const char *fd_port_info_get_sysfs_path (FdPortInfo *self);

/* USB identity; 0 / NULL / -1 when the port is not on USB or sysfs does
 * not say. Strings are valid UTF-8 without control characters. */
guint16 fd_port_info_get_vid (FdPortInfo *self);
guint16 fd_port_info_get_pid (FdPortInfo *self);
const char *fd_port_info_get_usb_serial (FdPortInfo *self);
const char *fd_port_info_get_manufacturer (FdPortInfo *self);
const char *fd_port_info_get_product (FdPortInfo *self);
/* The physical path of the USB device, bus and ports: "1-2.3". */
const char *fd_port_info_get_usb_path (FdPortInfo *self);
/* bInterfaceNumber of the interface the tty belongs to, -1 if none. */
int fd_port_info_get_interface_number (FdPortInfo *self);
/* The interface's own string descriptor (sysfs "interface"), often NULL. */
const char *fd_port_info_get_interface_name (FdPortInfo *self);

/* How likely this is the AT port of its device; set when it is grouped
 * (FD_AT_HINT_NONE before). */
FdAtHint fd_port_info_get_at_hint (FdPortInfo *self);

G_END_DECLS
