"""``python -m tools.fuzz``: a Hypothesis campaign over valid and damaged content, or one case replayed."""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tools.fuzz.judge import CHECK_SAMPLES, check_bytes, run_check
from tools.fuzz.mutators import mutate
from tools.fuzz.source import MARKER, bundled_bytes
from tools.fuzz.strategies import cases


def _write_failure(folder: Path, index: int, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"case-{index:05d}.yaml"
    path.write_bytes(data)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=2000, help="how many cases Hypothesis generates (default 2000)")
    p.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: derandomized, repeatable)")
    p.add_argument("--check-files", type=int, default=len(CHECK_SAMPLES),
                   help="how many mutated files to give to main.py --check in a child process")
    p.add_argument("--replay", metavar="SOURCE:MUTATOR:SEED", help="run one bundled mutant, e.g. bundled:numbers:0")
    p.add_argument("--save", type=Path, default=Path(tempfile.gettempdir()) / "kiosk-fuzz-failures",
                   help="folder for the bytes of failing cases")
    args = p.parse_args(argv)
    if MARKER.exists():
        print(f"note: removing a stale {MARKER} left by an earlier run", file=sys.stderr)
        MARKER.unlink()
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-") as tmp:
        folder = Path(tmp)
        if args.replay:
            return _replay(args.replay, folder)
        return _campaign(args, folder)


def _replay(spec: str, folder: Path) -> int:
    source, name, seed = spec.split(":")
    if source != "bundled":
        print("only bundled mutants replay from a spec; generated ones are saved as files", file=sys.stderr)
        return 2
    data = mutate(bundled_bytes(), name, int(seed))
    result = check_bytes(data, folder)
    print(f"{spec}: {len(data)} bytes → {result.outcome}")
    print(result.detail)
    return 0 if result.ok else 1


def _campaign(args: argparse.Namespace, folder: Path) -> int:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    counts: dict[str, collections.Counter[str]] = {"valid": collections.Counter(), "mutant": collections.Counter()}
    failures: list[str] = []
    beyond: list[str] = []
    started = time.perf_counter()
    index = 0

    @settings(max_examples=args.cases, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=args.seed is None)
    @given(case=cases())
    def run(case: tuple[str, bytes, str]) -> None:
        nonlocal index
        index += 1
        source, data, how = case
        result = check_bytes(data, folder)
        counts[source][result.outcome] += 1
        ok = result.ok and not (source == "valid" and result.outcome != "loaded")
        if result.beyond_end:
            beyond.append(f"{how}: {result.detail.splitlines()[0]}")
        if not ok:
            saved = _write_failure(args.save, index, data)
            failures.append(f"case {index} ({how}, saved to {saved}): {result.outcome}\n{result.detail}")
            print(f"FAIL case {index}: {how} → {result.outcome} (saved to {saved})", file=sys.stderr, flush=True)
        if index % 250 == 0:
            print(f"  … {index} cases, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    if args.seed is not None:
        run = hypothesis_seed(args.seed)(run)
    run()
    elapsed = time.perf_counter() - started

    check_codes: collections.Counter[int] = collections.Counter()
    tracebacks = []
    for name, seed in CHECK_SAMPLES[: args.check_files]:
        path = folder / f"check-{name}-{seed}.yaml"
        path.write_bytes(mutate(bundled_bytes(), name, seed))
        code, output = run_check(path)
        check_codes[code] += 1
        if code not in (0, 1, 2) or "Traceback" in output:
            tracebacks.append(f"bundled:{name}:{seed} → exit {code}\n{output[-3000:]}")

    total = sum(sum(c.values()) for c in counts.values())
    print(f"tools.fuzz: {total} cases in {elapsed:.1f} s ({total / elapsed:.0f} cases/s), "
          f"seed: {'derandomized' if args.seed is None else args.seed}")
    for source, label in (("valid", "generated valid content"), ("mutant", "mutated content")):
        print(f"  {label}: {sum(counts[source].values())}")
        for outcome, n in sorted(counts[source].items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"    {outcome:<40} {n:>6}")
    print(f"  problems placed past the end of the file: {len(beyond)}")
    for line in beyond[:5]:
        print(f"    {line}")
    executed = MARKER.exists()
    print(f"  unsafe tags executed: {'YES — ' + str(MARKER) + ' exists' if executed else 'no'}")
    print(f"  main.py --check on {sum(check_codes.values())} mutated files: exit codes "
          f"{json.dumps(dict(sorted(check_codes.items())))}, tracebacks or odd exit codes: {len(tracebacks)}")
    for failure in failures[:20]:
        print("\n" + failure)
    for failure in tracebacks:
        print("\n" + failure)
    bad = len(failures) + len(tracebacks) + int(executed)
    print(f"\nunexpected: {bad}")
    return 1 if bad else 0
