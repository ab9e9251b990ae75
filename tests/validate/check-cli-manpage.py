#!/usr/bin/env python3
"""Every option fotadesk-cli's --help shows, for every command, is in the
man page; and every command the man page documents exists."""
import os
import re
import subprocess
import sys

cli, manpage = sys.argv[1], sys.argv[2]
with open(manpage, encoding="utf-8") as f:
    man = f.read().replace("\\-", "-")

# The man page is English: compare it with the untranslated --help, whatever
# the caller's locale (LANGUAGE outranks LC_ALL=C.UTF-8 in gettext).
env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
env.pop("LANGUAGE", None)
env.pop("FOTADESK_LOCALEDIR", None)

def help_text(*args):
    return subprocess.run([cli, *args], capture_output=True, text=True, check=True,
                          env=env).stdout

top = help_text("--help")
commands = re.findall(r"^  (\w+)\s{2,}", top.split("Commands:")[1], re.M)
missing = []
for command in commands:
    if not re.search(r"^\.(B|TP)?\s*.*\b" + command + r"\b", man, re.M):
        missing.append(f"command {command}")
    for option in set(re.findall(r"(--[a-z][a-z0-9-]+)", help_text(command, "--help-all"))):
        if option in ("--help", "--help-all", "--help-global", "--version"):
            continue
        if option not in man:
            missing.append(f"{command}: {option}")
for documented in ("scan", "info", "at", "upgrade", "report"):
    if documented not in commands:
        missing.append(f"the man page documents `{documented}`, which --help does not list")
if missing:
    print("man page out of date:\n  " + "\n  ".join(sorted(missing)), file=sys.stderr)
    sys.exit(1)
print(f"man page: {len(commands)} commands, all options documented")
