"""SHA-256 from the interpreter's own implementation, as the standard library's random module does.

``hashlib`` would load OpenSSL (~4 MiB and ~5 ms) at every start-up for a hash or two; only the staff
PIN check, which needs PBKDF2, loads it.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:  # Python 3.11
    try:
        from _sha256 import sha256  # type: ignore[no-redef]
    except ImportError:  # an interpreter built without it
        from hashlib import sha256  # type: ignore[no-redef]

__all__ = ["sha256"]
