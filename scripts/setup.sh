#!/usr/bin/env bash
# Installs what this machine lacks for SecureExec. Sourced by run.sh and test.sh; safe to run again.
#   scripts/setup.sh run    what the server needs
#   scripts/setup.sh test   that, plus what the test suites need
set -euo pipefail

mode="${1:-run}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages, one list per purpose: scripts/packages-run.txt, scripts/packages-test.txt.
packages=()
read_list() { grep -vE '^\s*(#|$)' "$1" | awk '{print $1}'; }
mapfile -t packages < <(read_list "$here/scripts/packages-run.txt")
if [ "$mode" = "test" ]; then
  mapfile -t -O "${#packages[@]}" packages < <(read_list "$here/scripts/packages-test.txt")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root to install: ${missing[*]}"; exit 1; }
    sudo="sudo"
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  say "the .NET SDK 10 is missing: install the 'dotnet-sdk-10.0' package (packages.microsoft.com) and run again"
  exit 1
fi
sdk_major="$(dotnet --version 2>/dev/null | cut -d. -f1)"
if [ "${sdk_major:-0}" -lt 10 ]; then
  say "the .NET SDK is $(dotnet --version); SecureExec needs 10 or newer (global.json)"
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The unprivileged host user bubblewrap runs as when the server is root (SecureExec:Sandbox:SandboxUser).
if [ "$(id -u)" -eq 0 ] && ! id -u secureexec-sandbox >/dev/null 2>&1; then
  say "creating the sandbox user secureexec-sandbox"
  useradd --system --no-create-home --shell /usr/sbin/nologin secureexec-sandbox
fi

# slirp4netns (egress for templates that allow network) opens /dev/net/tun as the sandbox user. 0666 is udev's
# default; creating a tap device still needs CAP_NET_ADMIN in the sandbox's own network namespace.
if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
  say "making /dev/net/tun usable by unprivileged users (mode 0666, the udev default)"
  chmod 0666 /dev/net/tun
fi
