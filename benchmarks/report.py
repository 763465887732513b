"""The one table `make bench` prints, with the machine and the versions it was measured with."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata

from benchmarks.harness import Result

PACKAGES = (
    "x-engagement",
    "msgspec",
    "httpx",
    "jsonschema-rs",
    "datamodel-code-generator",
    "ruff",
    "starlette",
    "uvicorn",
    "openapi-python-client",
    "openapi-generator-cli",
)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def java_version() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    lines = (done.stderr or done.stdout).splitlines()
    return lines[0] if lines else "unknown"


def versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def header() -> str:
    return "\n".join(
        [
            f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}",
            "load average at start: {:.2f} {:.2f} {:.2f} (other work on the machine skews figures)".format(
                *os.getloadavg()
            ),
            f"python: {platform.python_implementation()} {platform.python_version()}; java: {java_version()}",
            f"packages: {versions()}",
        ]
    )


def _amount(value: float | None, scale: str) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} {scale}" if value >= 10 else f"{value:.2f} {scale}"


def _figure(result: Result) -> str:
    if result.ratio is None:
        return "n/a"
    if result.unit == "x":
        return f"{result.ratio:.2f}x"
    return f"{result.ratio:.1f} {result.unit}"


def _target(result: Result) -> str:
    if result.target is None:
        return "report"
    return f"<= {result.target:.1f}{'x' if result.unit == 'x' else ' ' + result.unit}"


def table(results: Sequence[Result]) -> str:
    """A Markdown table (it goes into benchmarks/README.md as printed), then the notes."""
    rows = [
        "| benchmark | baseline | candidate | baseline | figure | target | result |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    notes = []
    for number, result in enumerate(results, start=1):
        rows.append(
            f"| {number}. {result.name} | {result.baseline} "
            f"| {_amount(result.candidate_median, result.scale)} "
            f"| {_amount(result.baseline_median, result.scale)} "
            f"| {_figure(result)} | {_target(result)} | {result.status} |"
        )
        if result.note:
            notes.append(f"{number}. {result.note}")
    return "\n".join([*rows, "", *notes])
