"""The contract suite's configuration: defaults and the stash keys the suite and its runner share.

A plain module, so the CLI and the runner read it without importing a conftest (which pytest
wants to import itself, rewriting its assertions).
"""

from __future__ import annotations

import pytest

from contracts.ledger import Ledger
from contracts.watchdog import Limits, Watchdog

LEDGER = pytest.StashKey[Ledger]()
WATCHDOG = pytest.StashKey[Watchdog]()  # the runner may put its own (the one its probe used) here first
DEFAULT_MAX_EXAMPLES = 25
LIVE_MAX_EXAMPLES = 3
DEFAULT_LIMITS = Limits()
