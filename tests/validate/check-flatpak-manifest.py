#!/usr/bin/env python3
"""Checks the Flatpak manifest: it parses, pins every downloaded source by
sha256, builds only libserialport besides FotaDesk (json-glib and curl
come from the runtime), and asks for exactly the sandbox holes FotaDesk
needs."""
import json
import re
import sys

EXPECTED_FINISH_ARGS = {
    "--device=all",                 # the only way to reach /dev/tty*
    "--share=network",              # URL pre-flight and package fetch
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--system-talk-name=org.freedesktop.ModemManager1",  # is ModemManager running?
}
# Not --talk-name=org.freedesktop.Notifications: in Flatpak GLib sends
# GNotification through the notification portal, which needs no hole.

# What the fotadesk module must be configured with in the sandbox.
EXPECTED_CONFIG_OPTS = {
    "-Dtests=false",                # the test tools are not in the SDK
    # udev's own directory (the SDK's /usr) is read-only and not the
    # host's: the rule stays inside the app, where the README's
    # `flatpak info --show-location` command finds it.
    "-Dudevrulesdir=/app/lib/udev/rules.d",
}

def fail(message):
    print(f"flatpak manifest: {message}", file=sys.stderr)
    sys.exit(1)

with open(sys.argv[1], encoding="utf-8") as f:
    manifest = json.load(f)

if manifest.get("id") != "io.github.fotadesk.FotaDesk":
    fail(f"id is {manifest.get('id')!r}")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    fail("runtime and sdk must be the GNOME ones")
# A numbered, stable GNOME release, not master; the floor only keeps out
# runtimes long past their support.
version = manifest.get("runtime-version", "")
if not re.fullmatch(r"[0-9]+", version) or int(version) < 47:
    fail(f"runtime-version {version!r} is not a stable GNOME release (47 or later)")
if manifest.get("command") != "fotadesk":
    fail("command must be fotadesk")

args = manifest.get("finish-args", [])
if len(args) != len(set(args)):
    fail("finish-args has duplicates")
if set(args) != EXPECTED_FINISH_ARGS:
    fail(f"finish-args differ: extra {sorted(set(args) - EXPECTED_FINISH_ARGS)}, "
         f"missing {sorted(EXPECTED_FINISH_ARGS - set(args))}")

names = [m.get("name") for m in manifest.get("modules", [])]
if names != ["libserialport", "fotadesk"]:
    fail(f"modules are {names}: libserialport, then fotadesk (the runtime has the rest)")
for module in manifest["modules"]:
    for source in module.get("sources", []):
        if source.get("type") in ("archive", "file"):
            if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                fail(f"module {module['name']}: {source.get('url')} has no sha256")
            if not source.get("url", "").startswith("https://"):
                fail(f"module {module['name']}: {source.get('url')} is not https")
        elif source.get("type") == "git":
            if not source.get("commit"):
                fail(f"module {module['name']}: git source without a commit")
        elif source.get("type") != "dir":
            fail(f"module {module['name']}: unexpected source type {source.get('type')}")

libserialport = manifest["modules"][0]
sources = libserialport.get("sources", [])
if len(sources) != 1 or sources[0].get("type") != "archive" or not re.fullmatch(
        r"https://sigrok\.org/download/source/libserialport/libserialport-[0-9.]+\.tar\.gz",
        sources[0].get("url", "")):
    fail("libserialport must be built from its release tarball on sigrok.org")

fotadesk = manifest["modules"][1]
if fotadesk.get("buildsystem") != "meson":
    fail("fotadesk is built with meson")
missing = EXPECTED_CONFIG_OPTS - set(fotadesk.get("config-opts", []))
if missing:
    fail(f"fotadesk's config-opts lack {sorted(missing)}")
print(f"flatpak manifest: {len(names)} modules, {len(args)} finish-args, "
      f"GNOME {version}: ok")
