#!/usr/bin/env sh
# Installs headless Chromium (Debian package) for the HTML report render test, if it is missing.
# Usage: bash scripts/ci-setup-chromium.sh (.ci/run runs every scripts/ci-setup-*.sh)   (needs root or sudo; prints the binary path on success)
set -eu

find_chromium() {
  for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: not root and no sudo; install the 'chromium' package yourself" >&2
    exit 1
  fi
fi

if command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
else
  echo "install-chromium: no apt-get here; install Chromium with your package manager" >&2
  exit 1
fi

if path=$(find_chromium); then
  echo "$path"
else
  echo "install-chromium: the chromium package installed but no binary was found on PATH" >&2
  exit 1
fi
