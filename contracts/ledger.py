"""Every check outcome of a run, by operation and check, for the console summary and the verdicts."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

MAX_KEPT_FAILURES = 3


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)  # the first few messages, secrets already masked


@dataclass
class Ledger:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, operation: str, check: str, failure: str | None) -> None:
        with self._lock:
            tally = self.tallies.setdefault((operation, check), Tally())
            if failure is None:
                tally.passed += 1
                return
            tally.failed += 1
            if len(tally.failures) < MAX_KEPT_FAILURES:
                tally.failures.append(failure)

    def failures_of(self, operation: str, checks: set[str] | None = None) -> list[str]:
        """`operation: check: message` lines, ready for an assertion message."""
        return [
            f"{op}: {check}: {message}"
            for (op, check), tally in sorted(self.tallies.items())
            if op == operation and (checks is None or check in checks)
            for message in tally.failures
        ]

    @property
    def ok(self) -> bool:
        return all(t.failed == 0 for t in self.tallies.values())

    def summary(self) -> str:
        """A table: one line per operation and check."""
        if not self.tallies:
            return "no checks ran"
        width_op = max(len(op) for op, _ in self.tallies)
        width_check = max(len(check) for _, check in self.tallies)
        lines = [f"{'operation':<{width_op}}  {'check':<{width_check}}  {'passed':>6}  {'failed':>6}  verdict"]
        for (op, check), tally in sorted(self.tallies.items()):
            verdict = "ok" if tally.failed == 0 else "FAIL"
            lines.append(f"{op:<{width_op}}  {check:<{width_check}}  {tally.passed:>6}  {tally.failed:>6}  {verdict}")
        return "\n".join(lines)
