/* fd-error-table.c — what every error code of the spec means, for the
 * person holding the module
 *
 * The messages are written for a field engineer: what happened, in the
 * module's own terms (with its code, so it can be matched against a
 * transcript), and what to try next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fd-error-table.h"

#include <glib/gi18n-lib.h>

static const FdErrorEntry error_table[] = {
  /* OneMO MFW: +CME ERROR 850…855 */
  { FD_ERROR_SOURCE_CME, 850, "module-error",
    /* Translators: what an error code of a module means, shown to the field
     * engineer when an upgrade fails. Keep the codes as written (CME 850,
     * error -1000, cause 3, +RSFOTA:1,4): they are matched against the
     * transcript. */
    N_ ("The module reported an unspecified error (CME 850). Check the upgrade settings and that "
        "the module is registered on the network, then try again; if it keeps failing, "
        "power-cycle the module.") },
  { FD_ERROR_SOURCE_CME, 851, "config-error",
    N_ ("The module rejected the upgrade configuration (CME 851). Check the URL, user name, "
        "password and the other settings against what this model supports, then try again.") },
  { FD_ERROR_SOURCE_CME, 852, "url-error",
    N_ ("The module does not accept this kind of URL (CME 852). Use a scheme this model "
        "supports (http://, https://, ftp:// or file://, depending on the model) and try "
        "again.") },
  { FD_ERROR_SOURCE_CME, 853, "write-error",
    N_ ("The module could not store the package (CME 853). Erase the stored package, check "
        "that the package fits the module, and write it again.") },
  { FD_ERROR_SOURCE_CME, 854, "upgrade-failed",
    N_ ("The module could not apply the firmware (CME 854). Check that the package is made "
        "for this model and its current firmware, erase it, download it again and retry "
        "the upgrade.") },
  { FD_ERROR_SOURCE_CME, 855, "download-failed",
    N_ ("The module could not download the package (CME 855). Check that the URL is "
        "reachable from the module's network and try again.") },

  /* Luat: +UPGRADE: 2,<error code>,… */
  { FD_ERROR_SOURCE_LUAT, -1000, "url-error",
    N_ ("The module rejected the upgrade URL (error -1000). Check that it is a complete "
        "http:// address and try again.") },
  { FD_ERROR_SOURCE_LUAT, -1001, "network-error",
    N_ ("The module had no working network connection during the upgrade (error -1001). "
        "Check the SIM card, the antenna and the signal, then try again.") },
  { FD_ERROR_SOURCE_LUAT, -1002, "server-error",
    N_ ("The module could not connect to the upgrade server (error -1002). Check that the "
        "server is running and reachable from the module's network, then try again.") },
  { FD_ERROR_SOURCE_LUAT, -1003, "invalid-firmware",
    N_ ("The module refused the firmware it received (error -1003). Check that the package "
        "is made for this model and its current firmware version.") },
  { FD_ERROR_SOURCE_LUAT, -1004, "http-error",
    N_ ("The upgrade server answered with an HTTP error (error -1004; the HTTP status is "
        "given with it). Check that the package exists at that address on the server.") },
  { FD_ERROR_SOURCE_LUAT, -1005, "storage-error",
    N_ ("The module could not store the firmware (error -1005). Power-cycle the module and "
        "try again; if it keeps failing, the module's flash may be full or faulty.") },
  { FD_ERROR_SOURCE_LUAT, -1006, "module-error",
    N_ ("The module reported an unspecified upgrade error (error -1006). Check the transcript "
        "for earlier messages, power-cycle the module and try again.") },

  /* Luat: the platform's <fota cause> */
  { FD_ERROR_SOURCE_FOTA_CAUSE, 3, "invalid-device",
    N_ ("The upgrade platform does not know this module (cause 3). Add the module's IMEI "
        "to the product on the platform and try again.") },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 17, "no-permission",
    N_ ("The upgrade platform refused this module (cause 17: no permission). Check that the "
        "module belongs to the product and that the product's upgrade is allowed for it.") },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 25, "invalid-project",
    N_ ("The upgrade platform does not know the product (cause 25). Check the product key "
        "(KEY) set on the module.") },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 26, "invalid-firmware",
    N_ ("The upgrade platform has no valid firmware for this module (cause 26). Check the "
        "firmware uploaded for the product and that it matches the module's model.") },
  { FD_ERROR_SOURCE_FOTA_CAUSE, 27, "up-to-date",
    N_ ("The upgrade platform offered no new firmware (cause 27). Usually the module is "
        "already up to date; the module cannot tell this apart from two other cases: the "
        "upgrade switch is off for the product on the platform, or the module's IMEI has "
        "not been added on the platform. Check both if you expected an upgrade.") },

  /* M5311 OneNET: +RSFOTA:<state>,<event>, code = state * 10 + event */
  { FD_ERROR_SOURCE_RSFOTA, 0, "up-to-date",
    N_ ("The OneNET platform has no package for this module (+RSFOTA:0,0): it is up to date. "
        "If you expected an upgrade, check the package and its target devices on the "
        "platform.") },
  { FD_ERROR_SOURCE_RSFOTA, 12, "paused",
    N_ ("The module paused the download (+RSFOTA:1,2). It resumes by itself when it can; "
        "keep the module powered and check its signal.") },
  { FD_ERROR_SOURCE_RSFOTA, 14, "download-failed",
    N_ ("The module could not download the package from the OneNET platform (+RSFOTA:1,4). "
        "Check the module's signal and network registration, then trigger the upgrade "
        "again.") },
  { FD_ERROR_SOURCE_RSFOTA, 15, "rejected",
    N_ ("The module rejected the package from the OneNET platform (+RSFOTA:1,5). Check that "
        "the package was made for this model and its current firmware version.") },
  { FD_ERROR_SOURCE_RSFOTA, 24, "upgrade-failed",
    N_ ("The module could not apply the package (+RSFOTA:2,4). Check its firmware version "
        "with the platform's package, then trigger the upgrade again.") },
  { FD_ERROR_SOURCE_RSFOTA, -10, "report-failed",
    N_ ("The module could not report the upgrade result to the OneNET platform "
        "(+RSFOTA:-1,0). The upgrade itself is not affected; the module retries the report "
        "by itself.") },
};

const FdErrorEntry *
fd_error_table_lookup (FdErrorSource source, int code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      if (error_table[i].source == source && error_table[i].code == code)
        return &error_table[i];
    }
  return NULL;
}

/* +RSFOTA codes are state * 10 + event with state ≥ -1 and event 0…9:
 * floor division gets both back, also for negative states. */
static void
rsfota_code_split (int code, int *state, int *event)
{
  gint64 c = code;
  gint64 s = c >= 0 ? c / 10 : -((-c + 9) / 10);

  *state = (int)s;
  *event = (int)(c - s * 10);
}

static char *
describe_unknown (FdErrorSource source, int code)
{
  int state, event;

  switch (source)
    {
    case FD_ERROR_SOURCE_CME:
      return g_strdup_printf (_ ("The module answered with error %d (CME), which is not one of "
                                 "the documented upgrade errors. Look the code up in the "
                                 "module's AT manual and check the transcript."),
                              code);
    case FD_ERROR_SOURCE_LUAT:
      return g_strdup_printf (_ ("The module reported upgrade error %d, which is not documented. "
                                 "Check the transcript, power-cycle the module and try again."),
                              code);
    case FD_ERROR_SOURCE_FOTA_CAUSE:
      return g_strdup_printf (_ ("The upgrade platform answered with cause %d, which is not "
                                 "documented. Check the product and the device on the "
                                 "platform."),
                              code);
    case FD_ERROR_SOURCE_RSFOTA:
      rsfota_code_split (code, &state, &event);
      return g_strdup_printf (_ ("The module reported an unexpected upgrade state "
                                 "(+RSFOTA:%d,%d). Check the transcript and the module's "
                                 "FOTA firmware."),
                              state, event);
    default:
      return g_strdup_printf (_ ("Unknown error %d."), code);
    }
}

char *
fd_error_table_describe (FdErrorSource source, int code)
{
  const FdErrorEntry *entry = fd_error_table_lookup (source, code);

  if (entry == NULL)
    return describe_unknown (source, code);
  return g_strdup (_ (entry->message));
}

const FdErrorEntry *
fd_error_table_get_all (gsize *n_entries)
{
  if (n_entries != NULL)
    *n_entries = G_N_ELEMENTS (error_table);
  return error_table;
}
