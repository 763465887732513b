"""How Enterprise results nest, from the spec's `x-grouping`: the decoder's map of each grouping level."""

from __future__ import annotations

from typing import Annotated, Any

from msgspec import Meta

from x_engagement import models

# group_by value -> the model of the keys at that level
KEYS: dict[str, Any] = {
    "post": models.PostId,
    "kind": models.Kind,
    "on.day": models.Day,
    "hour": models.Hour,
}
# a level that always sits directly above another one, even when not asked for
IMPLIED: dict[str, str] = {"hour": "on.day"}
# The spec's Count is a decimal string or a non-negative integer; both decode to
# int (msgspec's lax mode turns "551" into 551), which keeps decoding faster than json.loads.
LEAF: Any = Annotated[int, Meta(ge=0)]
# the levels whose keys are post ids and engagement types (x-grouping roles), by which results
# are accounted
ID_LEVEL = "post"
TYPE_LEVEL = "kind"
# every level by its x-grouping role (post, type, day, hour): what a grouping asks for a bucket size
ROLES: dict[str, str] = {"post": "post", "type": "kind", "day": "on.day", "hour": "hour"}


def nesting(group_by: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The key levels a grouping nests by, implied levels added (hours nest under a day)."""
    levels: list[str] = []
    for item in group_by:
        implied = IMPLIED.get(item)
        if implied is not None and implied not in group_by and implied not in levels:
            levels.append(implied)
        levels.append(item)
    return tuple(levels)
