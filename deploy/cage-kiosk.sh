#!/bin/sh
# The kiosk's command line under cage (a Wayland kiosk compositor: `apt-get install cage`).
#   -d  no client-side window decorations
#   (no -s: switching virtual terminals stays disabled)
# Content comes from KIOSK_CONTENT if set (for a folder kept in sync by the clinic's tools), else the bundled file.
set -eu
home="${KIOSK_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
content="${KIOSK_CONTENT:-$home/content.yaml}"
export QT_QPA_PLATFORM=wayland
# systemd's watchdog (deploy/kiosk.service) is pinged by the kiosk, cage's child: WATCHDOG_PID would
# name cage (this shell's PID, once exec'd) and tell the kiosk the watchdog is someone else's.
unset WATCHDOG_PID
exec cage -d -- "$home/.venv/bin/python" "$home/main.py" --content "$content"
