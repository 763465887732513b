"""What the JUnit files of `run` and `replay` say beyond pass and fail: warnings, and why a run
judged nothing. CI systems read these files; a run that wrote none looks like a run that never was."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from contracts.ledger import Ledger


def _suite_of(root: ElementTree.Element) -> ElementTree.Element:
    return root if root.tag == "testsuite" else root.find("testsuite") or ElementTree.SubElement(root, "testsuite")


def _bump(suite: ElementTree.Element, attribute: str, by: int) -> None:
    suite.set(attribute, str(int(suite.get(attribute, "0")) + by))


def add_warnings(path: Path, ledger: Ledger, strict: bool) -> None:
    """One test case per operation and check that warned, its messages in system-out; under
    `strict` each is a failure, as it is in the exit code."""
    rows = [(key, tally) for key, tally in sorted(ledger.tallies.items()) if tally.warned]
    if not rows:
        return
    tree = ElementTree.parse(path)
    suite = _suite_of(tree.getroot())
    for (operation, check), tally in rows:
        case = ElementTree.SubElement(suite, "testcase", classname=f"warnings.{operation}", name=check)
        text = "\n".join(tally.warnings)
        if strict:
            failure = ElementTree.SubElement(case, "failure", message=f"{tally.warned} warnings (--strict)")
            failure.text = text
        out = ElementTree.SubElement(case, "system-out")
        out.text = f"warning ({tally.warned}):\n{text}"
        _bump(suite, "tests", 1)
        if strict:
            _bump(suite, "failures", 1)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def write_not_judged(path: Path, name: str, message: str) -> None:
    """A JUnit file with one error case saying why nothing was judged (an unreachable target,
    credentials every request was refused with)."""
    suite = ElementTree.Element("testsuite", name="contracts", tests="1", errors="1", failures="0")
    case = ElementTree.SubElement(suite, "testcase", classname="contracts.target", name=name)
    error = ElementTree.SubElement(case, "error", message=message)
    error.text = message
    path.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
