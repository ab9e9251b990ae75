#!/usr/bin/env bash
# Install everything FotaDesk needs to build, run and test on Debian 12 /
# Ubuntu. Idempotent: packages already present are left as they are.
# Works as root or through sudo.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libserialport-dev libcurl4-openssl-dev libjson-glib-dev
  # validation of what ships
  desktop-file-utils appstream
  # tests: display, unprivileged opens, loopback servers, fonts
  xvfb xauth util-linux python3 python3-pyftpdlib python3-openssl openssl
  adwaita-icon-theme fonts-noto-cjk dbus
)

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
else
  sudo=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
