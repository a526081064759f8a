#!/usr/bin/env bash
# Sets up everything the kiosk needs on a Debian machine, once: the Debian libraries Qt loads,
# a virtual environment in .venv and the Python packages. Sourced by run-kiosk and run-tests.
# Usage: bootstrap.sh run|test
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
purpose="${1:-run}"

# What Qt needs even headless, then what a real screen (X11 or Wayland under cage), speech and tests add.
qt_libs=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core)
screen_libs=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0
             libxcb-image0 libwayland-client0 libwayland-cursor0 libwayland-egl1)
speech_libs=(libpulse0 speech-dispatcher speech-dispatcher-espeak-ng)
# The real-audio tests (tests/services/test_real_audio.py, and the chime in test_chime.py): a private
# PulseAudio null sink (tests/services/audio_stack.py), parecord, espeak-ng.
audio_test=(pulseaudio pulseaudio-utils espeak-ng)
case "$purpose" in
  run) wanted=("${qt_libs[@]}" "${screen_libs[@]}" "${speech_libs[@]}") ;;
  test) wanted=("${qt_libs[@]}" "${speech_libs[@]}" "${audio_test[@]}") ;;
  *) echo "bootstrap.sh: say run or test" >&2; exit 2 ;;
esac
python="${PYTHON:-python3}"
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  wanted+=(python3-venv)
fi

missing=()
if command -v dpkg-query >/dev/null; then
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "These Debian packages are missing. Install them, then run this again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "Creating the virtual environment in .venv"
  "$python" -m venv "$venv"
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp="$venv/.installed-$purpose"
digest="$(sha256sum "$here/pyproject.toml" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "Installing Python packages into .venv"
  extra=""
  [ "$purpose" = test ] && extra="[test]"
  # pip's own chatter (setuptools' "Editable installation" banner, WARNING lines about scripts not on
  # PATH or the root user) is not for a first-time user: it goes to a log, shown only if pip fails.
  pip_log="$venv/pip-install.log"
  : > "$pip_log"
  if ! { "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip &&
         "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$here$extra"; } >> "$pip_log" 2>&1
  then
    cat "$pip_log" >&2
    echo "bootstrap.sh: installing the Python packages failed (the full output is in $pip_log)" >&2
    exit 1
  fi
  echo "$digest" > "$stamp"
fi
# Compile the kiosk's own code now, as a package manager would: a start-up that compiles it from source
# costs ~0.1 s more (measured by python -m tools.bench), and an install the kiosk user cannot write to
# would pay that at every start. Files already up to date are skipped.
"$venv/bin/python" -m compileall -q "$here/kiosk" > /dev/null
