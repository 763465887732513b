"""Typed shapes of request arguments that are objects. Generated; do not edit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from x_engagement import models


class groupingSpec(TypedDict):
    """One named grouping; a description with "quotes" and a \\backslash."""

    group_by: Sequence[models.Level]
