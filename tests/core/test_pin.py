"""The staff PIN: a salted PBKDF2 hash, checked in constant time, never raising, behind a lockout.

Real 600,000-iteration hashes take about half a second, so only the end-to-end tests at the top
use them; the rest build cheap hashes with ``weak_hash_pin`` (same code, lower count).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable

import pytest

from kiosk.core import pin as pin_module
from kiosk.core.pin import (
    DEFAULT_PIN,
    MIN_ITERATIONS,
    AttemptResult,
    PinLock,
    hash_pin,
    hash_problem,
    is_default,
    valid_pin,
    verify_pin,
    weak_hash_pin,
)
from tests.core.fakeclock import FakeClock

SCHEMA = re.compile(r"^pbkdf2_sha256\$[0-9]+\$[0-9a-f]+\$[0-9a-f]+$")  # as in kiosk/content/spec.py
CHEAP = 1_000
STAFF_PIN = "8015"
STORED = weak_hash_pin(STAFF_PIN, CHEAP)


@pytest.fixture(scope="module")
def real_default_hash() -> str:
    """One real, full-strength hash of the default PIN, shared so the suite stays fast."""
    return hash_pin(DEFAULT_PIN)


# --- hashing at full strength, end to end ----------------------------------------------------


def test_the_real_default_hash_has_600000_iterations_and_the_schema_shape(real_default_hash: str) -> None:
    algorithm, iterations, salt_hex, hash_hex = real_default_hash.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert int(iterations) == MIN_ITERATIONS == 600_000
    assert len(bytes.fromhex(salt_hex)) == 16
    assert len(bytes.fromhex(hash_hex)) == 32
    assert SCHEMA.match(real_default_hash)


def test_the_real_default_hash_round_trips(real_default_hash: str) -> None:
    assert verify_pin(DEFAULT_PIN, real_default_hash)
    assert is_default(real_default_hash)


def test_hash_pin_is_pbkdf2_hmac_sha256_as_documented() -> None:
    """Checked against hashlib directly, so the format is interoperable, not just self-consistent."""
    salt = bytes(range(16))
    _, iterations, salt_hex, hash_hex = weak_hash_pin("1234", CHEAP, salt).split("$")
    assert (int(iterations), salt_hex) == (CHEAP, salt.hex())
    assert hash_hex == hashlib.pbkdf2_hmac("sha256", b"1234", salt, CHEAP).hex()


# --- hashing: refusals ------------------------------------------------------------------------


@pytest.mark.parametrize("iterations", [599_999, 1, 0, -600_000, 600_000.0, True, 10_000_001])
def test_hash_pin_refuses_iteration_counts_out_of_range(iterations: int) -> None:
    with pytest.raises(ValueError):
        hash_pin(DEFAULT_PIN, iterations=iterations)


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "", " 1234", "١٢٣٤"])
def test_hash_pin_refuses_pins_the_pad_cannot_type(bad: str) -> None:
    with pytest.raises(ValueError):
        hash_pin(bad)


@pytest.mark.parametrize("salt", [b"", b"short", bytes(15), "0123456789abcdef"])
def test_hash_pin_refuses_short_or_non_bytes_salt(salt: bytes) -> None:
    with pytest.raises(ValueError):
        hash_pin(DEFAULT_PIN, salt=salt)


def test_salts_are_random_so_equal_pins_hash_differently() -> None:
    first, second = weak_hash_pin(DEFAULT_PIN, CHEAP), weak_hash_pin(DEFAULT_PIN, CHEAP)
    assert first.split("$")[2] != second.split("$")[2]
    assert first != second
    assert verify_pin(DEFAULT_PIN, first) and verify_pin(DEFAULT_PIN, second)


def test_a_given_salt_makes_the_hash_reproducible() -> None:
    salt = bytes(16)
    assert weak_hash_pin("1234", CHEAP, salt) == weak_hash_pin("1234", CHEAP, salt)


# --- verifying --------------------------------------------------------------------------------


def test_the_right_pin_verifies_and_a_wrong_one_does_not() -> None:
    assert verify_pin(STAFF_PIN, STORED)
    assert not verify_pin("8016", STORED)
    assert not verify_pin(STAFF_PIN + "0", STORED)
    assert not is_default(STORED)


def test_is_default_recognises_a_cheap_default_hash_too() -> None:
    assert is_default(weak_hash_pin(DEFAULT_PIN, CHEAP))


def test_the_comparison_is_hmac_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """The verdict must come from the constant-time compare, not from ``==``."""
    calls: list[tuple[bytes, bytes]] = []

    def liar(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return True

    monkeypatch.setattr(hmac, "compare_digest", liar)
    assert verify_pin("9999", STORED)  # wrong PIN, yet the (fake) compare said yes
    assert len(calls) == 1
    assert all(isinstance(side, bytes) and len(side) == 32 for side in calls[0])


MALFORMED = [
    "",
    "pbkdf2_sha256",
    "pbkdf2_sha256$1000$abcd",
    STORED + "$00",
    STORED.replace("pbkdf2_sha256", "pbkdf2_sha1"),
    STORED.replace("pbkdf2_sha256", "PBKDF2_SHA256"),
    STORED.replace("$1000$", "$$"),
    STORED.replace("$1000$", "$0$"),
    STORED.replace("$1000$", "$1_000$"),
    STORED.replace("$1000$", "$+1000$"),
    STORED.replace("$1000$", "$١٠٠٠$"),
    STORED.replace("$1000$", "$10000001$"),
    STORED.replace("$1000$", "$" + "9" * 400 + "$"),
    STORED.upper(),
    STORED[:-2],  # hash too short
    STORED + "00",  # hash too long
    STORED.replace("$", "$0", 2).replace("$0", "$", 1),  # odd-length salt
    STORED + "\n",
    " " + STORED,
    STORED.replace("$", " $"),
    None,
    b"pbkdf2_sha256$1000$00$00",
    1234,
]


@pytest.mark.parametrize("encoded", MALFORMED)
def test_malformed_hashes_are_no_match_and_cost_no_hashing(monkeypatch: pytest.MonkeyPatch, encoded: object) -> None:
    def must_not_run(*args: object) -> bytes:
        raise AssertionError("hashed a PIN against a malformed hash")

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", must_not_run)
    assert verify_pin(STAFF_PIN, encoded) is False  # type: ignore[arg-type]
    assert is_default(encoded) is False  # type: ignore[arg-type]
    assert hash_problem(encoded)  # type: ignore[arg-type]


def test_hash_problem_accepts_what_verify_can_use(real_default_hash: str) -> None:
    assert hash_problem(STORED) is None
    assert hash_problem(real_default_hash) is None


@pytest.mark.parametrize("pin", [None, 2468, "", "246", "2468 ", "２４６８", "\ud800\ud800\ud800\ud800"])
def test_odd_pins_are_no_match_and_never_raise(pin: object) -> None:
    assert verify_pin(pin, weak_hash_pin(DEFAULT_PIN, CHEAP)) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(("pin", "ok"), [
    ("1234", True), ("123456789012", True), ("0000", True),
    ("123", False), ("1234567890123", False), ("12a4", False), ("12.4", False), ("-1234", False),
    ("1234\n", False), (" 1234", False), ("١٢٣٤", False), ("²²²²", False), ("", False), (None, False), (1234, False),
])
def test_valid_pin_is_4_to_12_ascii_digits(pin: object, ok: bool) -> None:
    assert valid_pin(pin) is ok


# --- the lockout ------------------------------------------------------------------------------


@pytest.fixture
def lock(clock: FakeClock) -> PinLock:
    return PinLock(clock=clock)


def fail(lock: PinLock, times: int) -> list[AttemptResult]:
    return [lock.attempt("0000", STORED) for _ in range(times)]


def test_five_wrong_pins_lock_the_pad(lock: PinLock) -> None:
    assert lock.tries_left == 5
    assert fail(lock, 4) == [AttemptResult.WRONG] * 4
    assert not lock.locked() and lock.tries_left == 1
    assert fail(lock, 1) == [AttemptResult.WRONG]
    assert lock.locked()
    assert lock.tries_left == 0
    assert lock.seconds_left() == 60


def test_while_locked_even_the_right_pin_is_refused_unchecked(lock: PinLock, monkeypatch: pytest.MonkeyPatch) -> None:
    fail(lock, 5)
    checked: list[str] = []
    monkeypatch.setattr(pin_module, "verify_pin", lambda pin, encoded: checked.append(pin) or True)
    assert lock.attempt(STAFF_PIN, STORED) is AttemptResult.LOCKED
    assert checked == []


def test_the_lock_expires_after_60_seconds(lock: PinLock, clock: FakeClock) -> None:
    fail(lock, 5)
    clock.advance(59.5)
    assert lock.locked() and lock.seconds_left() == 1
    assert lock.attempt(STAFF_PIN, STORED) is AttemptResult.LOCKED
    clock.advance(0.5)
    assert not lock.locked() and lock.seconds_left() == 0
    assert lock.tries_left == 5
    assert lock.attempt(STAFF_PIN, STORED) is AttemptResult.OK


def lockout_lengths(lock: PinLock, clock: FakeClock, rounds: int) -> list[int]:
    lengths = []
    for _ in range(rounds):
        fail(lock, 5)
        lengths.append(lock.seconds_left())
        clock.advance(lock.seconds_left())
        assert not lock.locked()
    return lengths


def test_each_further_lockout_doubles_up_to_an_hour(lock: PinLock, clock: FakeClock) -> None:
    assert lockout_lengths(lock, clock, 9) == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_a_right_pin_resets_the_doubling(lock: PinLock, clock: FakeClock) -> None:
    assert lockout_lengths(lock, clock, 2) == [60, 120]
    assert lock.attempt(STAFF_PIN, STORED) is AttemptResult.OK
    assert lockout_lengths(lock, clock, 1) == [60]


def test_a_right_pin_resets_the_tries(lock: PinLock) -> None:
    fail(lock, 4)
    assert lock.attempt(STAFF_PIN, STORED) is AttemptResult.OK
    assert lock.tries_left == 5
    fail(lock, 4)
    assert not lock.locked()


def test_without_a_stored_hash_every_pin_is_wrong_and_counts(lock: PinLock) -> None:
    results = [lock.attempt(DEFAULT_PIN, None) for _ in range(5)]
    assert results == [AttemptResult.WRONG] * 5
    assert lock.locked()


def test_custom_limits(clock: FakeClock) -> None:
    lock = PinLock(clock=clock, max_tries=3, lock_s=10, max_lock_s=25)
    lengths = []
    for _ in range(3):
        assert lock.tries_left == 3
        fail(lock, 3)
        lengths.append(lock.seconds_left())
        clock.advance(lengths[-1])
    assert lengths == [10, 20, 25]


@pytest.mark.parametrize("make", [
    lambda c: PinLock(clock=c, max_tries=0),
    lambda c: PinLock(clock=c, lock_s=0),
    lambda c: PinLock(clock=c, lock_s=7200, max_lock_s=3600),
])
def test_nonsense_limits_are_refused(clock: FakeClock, make: Callable[[FakeClock], PinLock]) -> None:
    with pytest.raises(ValueError):
        make(clock)
