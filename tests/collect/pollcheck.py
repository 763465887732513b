"""Reading back what a collector stored, and checking it against the mock's ground truth."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from contracts.mock import truth
from x_engagement.collect import connect, observations, open_engine, revisions

Key = tuple[str, str, str, str, datetime]


def stored(url: str) -> tuple[dict[Key, tuple[Any, ...]], list[tuple[Any, ...]]]:
    """{key: (source_metric, value, first_seen, last_seen)} and the sorted revisions (no ids)."""
    engine = open_engine(url)
    try:
        with connect(engine) as connection:
            o = observations.c
            rows = {
                (r.variant, r.post_id, r.metric, r.granularity, r.bucket_start): (
                    r.source_metric,
                    r.value,
                    r.first_seen,
                    r.last_seen,
                )
                for r in connection.execute(sa.select(observations))
            }
            assert all(isinstance(key[4], datetime) for key in rows) and o is not None
            revs = sorted(tuple(r)[1:] for r in connection.execute(sa.select(revisions)))
    finally:
        engine.dispose()
    return rows, revs


def check_against_truth(
    url: str, post_ids: Iterable[str], poll_times: Iterable[datetime], variants: Iterable[str]
) -> int:
    """Every hour visible at any poll time is stored, with the value the mock served at the last
    poll that saw it; every revision's values are the truth at its two fetch times. Returns the
    number of revisions."""
    rows, revs = stored(url)
    ids = list(post_ids)
    times = sorted(poll_times)
    seen_hours: set[datetime] = set()
    for moment in times:
        seen_hours.update(truth.window(moment))
    for variant in variants:
        for post_id in ids:
            hours = {key[4] for key in rows if key[0] == variant and key[1] == post_id}
            assert hours == seen_hours, f"{variant} {post_id}: hours lost or extra"
    for key, (source_metric, value, _first, last) in rows.items():
        assert value == truth.value(key[1], source_metric, key[4], last), key
    source = {key[:4]: value[0] for key, value in rows.items()}
    for variant, post_id, metric, granularity, start, old, new, old_at, new_at in revs:
        name = source[(variant, post_id, metric, granularity)]
        assert truth.value(post_id, name, start, old_at) == old
        assert truth.value(post_id, name, start, new_at) == new
        assert old != new and old_at < new_at
    keys = [(r[0], r[1], r[2], r[3], r[4], r[7]) for r in revs]
    assert len(keys) == len(set(keys)), "a revision recorded twice"
    return len(revs)
