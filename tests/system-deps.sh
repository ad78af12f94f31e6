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
# Debian starts the packaged nginx and caddy as services, listening on :80 (Caddy also on :443,
# once configured). The tests run their own instances on free ports, but the port-80 tests need that
# port (on a random 127/8 address, see tests/lab/port-80.ts): a service bound to 0.0.0.0:80 takes it on
# every address. So, when systemd runs them, they are stopped and disabled, as root only.
stop_packaged_services() {
  [ "$(id -u)" -eq 0 ] && [ -d /run/systemd/system ] || return 0
  for service in nginx caddy; do
    if systemctl is-enabled --quiet "$service" 2>/dev/null || systemctl is-active --quiet "$service" 2>/dev/null; then
      echo "Stopping and disabling the packaged $service service (it listens on port 80, which the tests need)…"
      systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  stop_packaged_services
  exit 0
fi

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
stop_packaged_services
