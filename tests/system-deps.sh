#!/usr/bin/env bash
# Makes sure the programs the browser tests drive are on this machine: Debian's Chromium (Playwright
# must never download its own browser), Firefox ESR (driven over WebDriver BiDi), Xvfb and xdotool (the
# release-build tests run Chromium headful and click the browser's own permission prompt), nginx and
# Caddy (the real reverse proxies of the failure lab), and openssl (the lab's self-signed certificate). Installs them when run as root; otherwise stops with
# the exact command to run.
set -euo pipefail

declare -A needed=(
  [/usr/bin/chromium]=chromium
  [/usr/sbin/nginx]=nginx
  [/usr/bin/caddy]=caddy
  [/usr/bin/openssl]=openssl
  [/usr/bin/firefox-esr]=firefox-esr
  [/usr/bin/Xvfb]=xvfb
  [/usr/bin/xdotool]=xdotool
)
missing=()
for program in "${!needed[@]}"; do
  [ -x "$program" ] || missing+=("${needed[$program]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "The browser tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run the tests again:" >&2
  echo "  sudo sh -c '$command_line'" >&2
  exit 1
fi
echo "Installing ${missing[*]} for the browser tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the packaged nginx and caddy as services; the tests run their own instances on other
# ports, so the packaged ones are left alone.
