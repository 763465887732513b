"""The base of every generated model."""

from __future__ import annotations

import msgspec


class Model(msgspec.Struct, forbid_unknown_fields=True):
    """Unknown fields raise here, so a decode notices what X added; `_lossless` then keeps it."""
