"""Kiosk operations with no screen attached: idle time-out, staff PIN, hidden staff gesture.

Pure Python (no Qt), so the rules that protect patients' privacy and the staff panel can be
tested with a fake clock in milliseconds and audited without running the app. The Qt shell
only feeds these objects events and schedules timers from their deadlines.
"""
