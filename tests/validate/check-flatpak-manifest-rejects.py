#!/usr/bin/env python3
"""The manifest check refuses what it must: each mutation of the real
manifest below is one the check has to catch."""
import copy
import json
import os
import subprocess
import sys
import tempfile

checker, manifest_path = sys.argv[1], sys.argv[2]
with open(manifest_path, encoding="utf-8") as f:
    original = json.load(f)


def module(m, name):
    return next(x for x in m["modules"] if x["name"] == name)


def add_arg(arg):
    return lambda m: m["finish-args"].append(arg)


def drop_arg(arg):
    return lambda m: m["finish-args"].remove(arg)


MUTATIONS = {
    "notifications hole": add_arg("--talk-name=org.freedesktop.Notifications"),
    "home directory": add_arg("--filesystem=home"),
    "whole session bus": add_arg("--socket=session-bus"),
    "duplicate arg": add_arg("--device=all"),
    "no device access": drop_arg("--device=all"),
    "no ModemManager": drop_arg("--system-talk-name=org.freedesktop.ModemManager1"),
    "nightly runtime": lambda m: m.update({"runtime-version": "master"}),
    "old runtime": lambda m: m.update({"runtime-version": "44"}),
    "freedesktop runtime": lambda m: m.update({"runtime": "org.freedesktop.Platform"}),
    "unpinned tarball": lambda m: module(m, "libserialport")["sources"][0].pop("sha256"),
    "http tarball": lambda m: module(m, "libserialport")["sources"][0].update(
        {"url": "http://sigrok.org/download/source/libserialport/libserialport-0.1.1.tar.gz"}),
    "libserialport from git": lambda m: module(m, "libserialport").update(
        {"sources": [{"type": "git", "url": "https://github.com/sigrokproject/libserialport",
                      "commit": "0" * 40}]}),
    "curl built too": lambda m: m["modules"].insert(1, {"name": "curl", "sources": []}),
    "tests on": lambda m: module(m, "fotadesk")["config-opts"].remove("-Dtests=false"),
    "udev rule for the SDK's /usr": lambda m: module(m, "fotadesk")["config-opts"].remove(
        "-Dudevrulesdir=/app/lib/udev/rules.d"),
}

failures = []
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "manifest.json")
    for name, mutate in MUTATIONS.items():
        mutated = copy.deepcopy(original)
        mutate(mutated)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(mutated, f)
        result = subprocess.run([sys.executable, checker, path], capture_output=True, text=True)
        if result.returncode == 0:
            failures.append(name)
        else:
            print(f"refused, {name}: {result.stderr.strip()}")
    # And the real one passes.
    if subprocess.run([sys.executable, checker, manifest_path]).returncode != 0:
        failures.append("the real manifest")
if failures:
    sys.exit("the manifest check let through: " + ", ".join(failures))
