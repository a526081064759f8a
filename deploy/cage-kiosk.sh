#!/bin/sh
# The kiosk's command line under cage (a Wayland kiosk compositor: `apt-get install cage`).
#   -d  no client-side window decorations
#   (no -s: switching virtual terminals stays disabled)
# Content comes from KIOSK_CONTENT if set (for a folder kept in sync by the clinic's tools), else the bundled file.
set -eu
home="${KIOSK_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
content="${KIOSK_CONTENT:-$home/content.yaml}"
export QT_QPA_PLATFORM=wayland
exec cage -d -- "$home/.venv/bin/python" "$home/main.py" --content "$content"
