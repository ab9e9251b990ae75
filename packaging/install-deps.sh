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
  # the Simplified Chinese locale the translated UI and CLI are tested in
  locales
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
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# zh_CN.UTF-8 must exist for the tests (and users) to run FotaDesk in
# Chinese; Debian generates only the locales listed in /etc/locale.gen.
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
  echo "install-deps: generating the zh_CN.UTF-8 locale"
  if [ -f /etc/locale.gen ] && grep -q '^# *zh_CN.UTF-8 UTF-8' /etc/locale.gen; then
    "${sudo[@]}" sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
  elif ! grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
    echo 'zh_CN.UTF-8 UTF-8' | "${sudo[@]}" tee -a /etc/locale.gen >/dev/null
  fi
  "${sudo[@]}" locale-gen
fi
