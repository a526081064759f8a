"""The staff PIN: stored only as a slow salted hash, checked in constant time, guarded by a lockout.

The kiosk stands unattended in a public waiting room, and ``content.yaml`` may be readable by
anyone with a USB stick, so the PIN is never stored in clear. PBKDF2-HMAC-SHA256 from the
standard library keeps the kiosk free of native crypto dependencies; 600,000 iterations follows
the OWASP recommendation so a four-digit PIN cannot be brute-forced from the file in seconds.
A short PIN is still guessable at the pad itself, which is why :class:`PinLock` exists.
"""

from __future__ import annotations

import enum
import re
import time

from kiosk.core.clock import Clock, whole_seconds_left

ALGORITHM = "pbkdf2_sha256"
MIN_ITERATIONS = 600_000
"""OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; :func:`hash_pin` refuses anything lower."""
MAX_ITERATIONS = 10_000_000
"""A stored hash claiming more is treated as malformed: a typo in ``content.yaml`` must not freeze the pad."""
SALT_BYTES = 16
HASH_BYTES = 32  # SHA-256 output

DEFAULT_PIN = "2468"
"""The PIN the bundled ``content.yaml`` ships with, so a fresh install can reach the staff panel.

It is published in this source code, so it protects nothing: staff must change it, and the staff
panel shows a warning for as long as :func:`is_default` is true.
"""

_PIN = re.compile(r"[0-9]{4,12}")
_ENCODED = re.compile(r"pbkdf2_sha256\$([0-9]+)\$([0-9a-f]+)\$([0-9a-f]+)")  # same as the content schema


def valid_pin(pin: object) -> bool:
    """4 to 12 ASCII digits: what the on-screen number pad can type.

    ASCII only, because ``str.isdigit`` would also accept "²" or Arabic-Indic digits that the pad
    cannot produce, and a PIN that cannot be typed locks staff out.
    """
    return isinstance(pin, str) and _PIN.fullmatch(pin) is not None


def hash_pin(pin: str, *, iterations: int = MIN_ITERATIONS, salt: bytes | None = None) -> str:
    """``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`` for *pin*, ready for ``content.yaml``.

    A fresh 16-byte salt from :mod:`secrets` is used unless *salt* is given (for reproducible
    output only). Raises ValueError for an invalid PIN, fewer than 600,000 iterations or a salt
    shorter than 16 bytes, rather than silently producing a weak or unusable hash.
    """
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < MIN_ITERATIONS:
        raise ValueError(f"iterations must be an integer of at least {MIN_ITERATIONS:,}, not {iterations!r}")
    if iterations > MAX_ITERATIONS:
        raise ValueError(f"iterations above {MAX_ITERATIONS:,} would be rejected by verify_pin")
    return weak_hash_pin(pin, iterations, salt)


def weak_hash_pin(pin: str, iterations: int, salt: bytes | None = None) -> str:
    """:func:`hash_pin` without the iteration floor, so tests and tools (the monkey, the fuzzer) build hashes
    that check in microseconds. Never for a kiosk's own ``content.yaml``: that is what :func:`hash_pin` is for."""
    if not valid_pin(pin):
        raise ValueError("a PIN is 4 to 12 digits")
    if salt is None:
        import secrets  # here, not at start-up: with hashlib it loads OpenSSL (~4 MiB), needed only for the PIN

        salt = secrets.token_bytes(SALT_BYTES)
    elif not isinstance(salt, bytes) or len(salt) < SALT_BYTES:
        raise ValueError(f"salt must be at least {SALT_BYTES} bytes")
    import hashlib

    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def _parse(encoded: object) -> tuple[int, bytes, bytes] | str:
    """(iterations, salt, hash), or the reason *encoded* is not a hash :func:`verify_pin` accepts."""
    if not isinstance(encoded, str):
        return "the PIN hash is not text"
    match = _ENCODED.fullmatch(encoded)
    if match is None:
        return "the PIN hash is not of the form pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>"
    iterations_text, salt_hex, hash_hex = match.groups()
    # Compare lengths before converting, so an absurdly long number is never even parsed.
    if len(iterations_text) > len(str(MAX_ITERATIONS)) or not 1 <= int(iterations_text) <= MAX_ITERATIONS:
        return f"the PIN hash's iteration count must be between 1 and {MAX_ITERATIONS:,}"
    if len(salt_hex) % 2:
        return "the PIN hash's salt has an odd number of hex digits"
    if len(hash_hex) != 2 * HASH_BYTES:
        return f"the PIN hash's final part must be {2 * HASH_BYTES} hex digits"
    return int(iterations_text), bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)


def hash_problem(encoded: str) -> str | None:
    """Why :func:`verify_pin` could never accept *encoded*, or None if it is usable.

    The content schema only checks the rough shape of the line, so ``--check`` can use this to
    tell staff up front, instead of them finding out at the pad that no PIN works.
    """
    parsed = _parse(encoded)
    return parsed if isinstance(parsed, str) else None


def verify_pin(pin: str, encoded: str) -> bool:
    """True if *pin* matches *encoded*. Never raises: a malformed hash or PIN is simply no match.

    The final comparison uses :func:`hmac.compare_digest`, whose time does not depend on where
    the bytes first differ, so response timing leaks nothing about the stored hash. Hashes with
    fewer iterations than :func:`hash_pin` produces are still accepted (``--check`` is the place
    to warn about them); more than ``MAX_ITERATIONS`` is refused so it cannot hang the pad.
    """
    parsed = _parse(encoded)
    if isinstance(parsed, str) or not valid_pin(pin):
        return False
    iterations, salt, expected = parsed
    import hashlib
    import hmac

    actual = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    return hmac.compare_digest(actual, expected)


def is_default(encoded: str) -> bool:
    """True while the stored hash still belongs to :data:`DEFAULT_PIN`, so the staff panel can warn."""
    return verify_pin(DEFAULT_PIN, encoded)


class AttemptResult(enum.Enum):
    """What the pad should show after a PIN is entered."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


class PinLock:
    """Slows down guessing at the pad: ``max_tries`` wrong PINs lock it for ``lock_s`` seconds.

    Each further lockout doubles (60, 120, 240 … seconds), capped at ``max_lock_s`` (an hour), so
    a patient idly poking at the pad costs staff at most an hour while a 4-digit PIN would take
    months to guess. A right PIN resets everything. The counters live in memory only.
    """

    def __init__(self, clock: Clock = time.monotonic, max_tries: int = 5, lock_s: float = 60,
                 max_lock_s: float = 3600) -> None:
        if max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        if not 0 < lock_s <= max_lock_s:
            raise ValueError("need 0 < lock_s <= max_lock_s")
        self._clock = clock
        self._max_tries = max_tries
        self._first_lock_s = float(lock_s)
        self._max_lock_s = float(max_lock_s)
        self._failures = 0
        self._next_lock_s = self._first_lock_s
        self._locked_until: float | None = None

    def locked(self) -> bool:
        """True while the pad refuses PINs."""
        return self._locked_until is not None and self._clock() < self._locked_until

    def seconds_left(self) -> int:
        """Whole seconds until the pad accepts PINs again, rounded up; 0 when not locked."""
        if self._locked_until is None:
            return 0
        return whole_seconds_left(self._locked_until, self._clock())

    @property
    def tries_left(self) -> int:
        """Wrong PINs still allowed before the next lockout (0 while locked)."""
        return 0 if self.locked() else self._max_tries - self._failures

    def attempt(self, pin: str, encoded: str | None) -> AttemptResult:
        """Check *pin* against the stored hash *encoded*, honouring and updating the lockout.

        While locked the PIN is not even checked (LOCKED), so guessing during a lockout is
        useless and costs no hashing time. ``encoded=None`` means no PIN is configured and staff
        mode is disabled: every attempt is WRONG and counts towards the lockout like any other,
        so the pad behaves the same whether or not staff mode exists.
        """
        if self.locked():
            return AttemptResult.LOCKED
        if encoded is not None and verify_pin(pin, encoded):
            self._failures = 0
            self._next_lock_s = self._first_lock_s
            self._locked_until = None
            return AttemptResult.OK
        self._failures += 1
        if self._failures >= self._max_tries:
            self._locked_until = self._clock() + self._next_lock_s
            self._next_lock_s = min(self._next_lock_s * 2, self._max_lock_s)
            self._failures = 0
        return AttemptResult.WRONG
