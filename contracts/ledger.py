"""Every check outcome of a run, by operation and check, for the console summary and the verdicts."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

MAX_KEPT_FAILURES = 3
SERVER_ERROR = 500
ERROR, WARNING, NOT_CHECKABLE = "error", "warning", "not checkable"


class Finding(NamedTuple):
    """A check's finding with its severity: an error (something asked for is missing or wrong, a
    client would break) fails the run; a warning (surplus data, an echo left out, a cosmetic
    deviation) fails only under --strict; "not checkable" says the check lacked what it needs."""

    message: str
    severity: str = ERROR


# what a check returns: None (passed), a message (an error) or a Finding
Outcome = str | Finding | None


def finding(outcome: Outcome) -> Finding | None:
    if outcome is None or isinstance(outcome, Finding):
        return outcome
    return Finding(outcome)


def framed(outcome: Outcome, prefix: str = "", suffix: str = "") -> Outcome:
    """The same outcome with its message given context (where, how to reproduce)."""
    found = finding(outcome)
    return None if found is None else Finding(f"{prefix}{found.message}{suffix}", found.severity)


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    server_errors: int = 0  # outcomes on a 5xx that found nothing wrong: not a pass, nothing was judged
    failures: list[str] = field(default_factory=list)  # the first few messages, secrets already masked
    warned: int = 0
    warnings: list[str] = field(default_factory=list)
    unchecked: int = 0  # the check applied but lacked what it needs (a recording without a Date)

    @property
    def verdict(self) -> str:
        """FAIL on any failure, warn on a warning; ok only when some response other than a 5xx
        passed the check."""
        if self.failed:
            return "FAIL"
        if self.warned:
            return "warn"
        if self.passed:
            return "ok"
        return "not checkable" if self.unchecked else "5xx only"


@dataclass
class Ledger:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    frozen: bool = False  # once the target is gone, what its absence causes is not a finding
    _checkpoint: dict[tuple[str, str], Tally] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, operation: str, check: str, failure: Outcome, status: int | None = None) -> None:
        """One outcome; `status` is the response's, when the check judged one (a 5xx passes nothing)."""
        found = finding(failure)
        with self._lock:
            if self.frozen:
                return
            tally = self.tallies.setdefault((operation, check), Tally())
            if found is None:
                if status is not None and status >= SERVER_ERROR:
                    tally.server_errors += 1
                else:
                    tally.passed += 1
                return
            if found.severity == NOT_CHECKABLE:
                tally.unchecked += 1
                return
            if found.severity == WARNING:
                tally.warned += 1
                if len(tally.warnings) < MAX_KEPT_FAILURES:
                    tally.warnings.append(found.message)
                return
            tally.failed += 1
            if len(tally.failures) < MAX_KEPT_FAILURES:
                tally.failures.append(found.message)

    def checkpoint(self) -> None:
        """Remember the tallies as they are (a target may be going silent: see `freeze`)."""
        with self._lock:
            self._checkpoint = copy.deepcopy(self.tallies)

    def freeze(self, rewind: bool = False) -> None:
        """Ignore every later outcome and, with `rewind`, those since the checkpoint: what the
        target's absence caused is not a finding, so the partial table holds only real answers."""
        with self._lock:
            self.frozen = True
            if rewind:  # no checkpoint: the target was silent since before the first outcome
                self.tallies = self._checkpoint if self._checkpoint is not None else {}

    def failed_count(self) -> int:
        return sum(t.failed for t in self.tallies.values())

    def warning_count(self) -> int:
        return sum(t.warned for t in self.tallies.values())

    def warning_report(self) -> list[str]:
        """Every kept warning once, `operation: check: message`, and how many more each row had."""
        lines: list[str] = []
        for (op, check), tally in sorted(self.tallies.items()):
            lines += [f"{op}: {check}: {message}" for message in tally.warnings]
            if tally.warned > len(tally.warnings):
                lines.append(f"  ... and {tally.warned - len(tally.warnings)} more {op}: {check} warnings")
        return lines

    def passes(self, strict: bool = False) -> bool:
        """No error; under `strict` no warning either."""
        return self.ok and not (strict and self.warning_count())

    def failure_report(self) -> list[str]:
        """Every kept failure once, `operation: check: message`, and how many more each row had."""
        lines: list[str] = []
        for (op, check), tally in sorted(self.tallies.items()):
            lines += [f"{op}: {check}: {message}" for message in tally.failures]
            if tally.failed > len(tally.failures):
                lines.append(f"  ... and {tally.failed - len(tally.failures)} more {op}: {check} failures")
        return lines

    @property
    def ok(self) -> bool:
        return all(t.failed == 0 for t in self.tallies.values())

    def summary(self) -> str:
        """A table: one line per operation and check."""
        if not self.tallies:
            return "no checks ran"
        width_op = max(len(op) for op, _ in self.tallies)
        width_check = max(len(check) for _, check in self.tallies)
        head = f"{'operation':<{width_op}}  {'check':<{width_check}}  {'passed':>6}  {'failed':>6}  {'warned':>6}  {'5xx':>6}"
        lines = [f"{head}  verdict"]
        for (op, check), t in sorted(self.tallies.items()):
            counts = f"{t.passed:>6}  {t.failed:>6}  {t.warned:>6}  {t.server_errors:>6}"
            lines.append(f"{op:<{width_op}}  {check:<{width_check}}  {counts}  {t.verdict}")
        return "\n".join(lines)


@dataclass
class Verdicts:
    """The one recorder: each check's verdict goes to the ledger under the operation's label, and
    the failures are kept for the one assertion (or list) the caller reports them with."""

    ledger: Ledger
    label: str
    status: int | None = None  # the response's status, when the verdicts are about one response
    failures: list[str] = field(default_factory=list)  # errors only: warnings are in the ledger

    def record(self, check: str, failure: Outcome) -> None:
        self.ledger.record(self.label, check, failure, status=self.status)
        found = finding(failure)
        if found is not None and found.severity == ERROR:
            self.failures.append(f"{self.label}: {check}: {found.message}")

    def assert_clean(self) -> None:
        assert not self.failures, "\n".join(self.failures)
