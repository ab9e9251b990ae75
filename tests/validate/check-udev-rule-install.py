#!/usr/bin/env python3
"""`meson install` puts the udev rule where udev reads rules (its own
directories, whatever the prefix), or, with -Dudevrulesdir=no, nowhere."""
import json
import os
import sys

UDEV_RULE_DIRS = ("/etc/udev/rules.d", "/run/udev/rules.d", "/usr/local/lib/udev/rules.d",
                  "/usr/lib/udev/rules.d", "/lib/udev/rules.d")

build = sys.argv[1]
with open(os.path.join(build, "meson-info", "intro-installed.json"), encoding="utf-8") as f:
    installed = json.load(f)
with open(os.path.join(build, "meson-info", "intro-buildoptions.json"), encoding="utf-8") as f:
    option = next(o["value"] for o in json.load(f) if o["name"] == "udevrulesdir")

targets = [dest for src, dest in installed.items() if os.path.basename(src) == "60-fotadesk.rules"]
if option == "no":
    if targets:
        sys.exit(f"udevrulesdir=no, yet the rule goes to {targets}")
    print("udev rule: not installed (udevrulesdir=no)")
    sys.exit(0)
if len(targets) != 1:
    sys.exit(f"the rule is installed {len(targets)} times: {targets}")
directory = os.path.dirname(targets[0])
if option == "" and directory not in UDEV_RULE_DIRS:
    sys.exit(f"the rule goes to {directory}, where udev does not read rules")
if option not in ("", directory):
    sys.exit(f"udevrulesdir={option}, yet the rule goes to {directory}")
print(f"udev rule: {targets[0]}")
