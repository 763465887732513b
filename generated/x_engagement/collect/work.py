"""The work table: the chunks of post ids a poll covers, and the cycle each was last polled in.

A chunk is claimed, then fetched outside any transaction, then its rows and its progress are
committed together in one short transaction: a crash before that commit leaves the chunk due, one
after it leaves it done. On PostgreSQL the claim is a session advisory lock, so collectors sharing
a database each take a different chunk; SQLite has one collector (see `lock.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from x_engagement.collect.schema import UtcDateTime, metadata

work = sa.Table(
    "collect_work",
    metadata,
    sa.Column("variant", sa.String(16), primary_key=True),
    sa.Column("chunk_key", sa.String(64), primary_key=True),
    sa.Column("post_ids", sa.Text(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("last_cycle", UtcDateTime(), nullable=True),
    sa.Column("last_fetched_at", UtcDateTime(), nullable=True),
    sa.Column("polls", sa.Integer(), nullable=False, server_default="0"),
)
"""One row per (variant, chunk): its ids, and the cycle and server time it was last polled."""


@dataclass(frozen=True)
class Chunk:
    """Up to 25 post ids polled in one request; `key` names the set of ids, whatever its order."""

    variant: str
    key: str
    post_ids: tuple[str, ...]
    position: int


def chunks(variant: str, post_ids: Sequence[str], size: int) -> list[Chunk]:
    """The ids in file order, `size` to a chunk."""
    result = []
    for position, start in enumerate(range(0, len(post_ids), size)):
        ids = tuple(post_ids[start : start + size])
        key = hashlib.sha256(",".join(sorted(ids)).encode()).hexdigest()[:32]
        result.append(Chunk(variant, key, ids, position))
    return result


def register(connection: Connection, planned: Sequence[Chunk]) -> None:
    """Make sure every chunk has its row (several collectors may do this at once)."""
    if not planned:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    known = {
        (variant, key)
        for variant, key in connection.execute(
            sa.select(work.c.variant, work.c.chunk_key).where(
                work.c.variant.in_(sorted({c.variant for c in planned}))
            )
        )
    }
    fresh = [c for c in planned if (c.variant, c.key) not in known]
    for start in range(0, len(fresh), 1000):
        statement = insert(work).on_conflict_do_nothing(index_elements=["variant", "chunk_key"])
        connection.execute(
            statement,
            [
                {
                    "variant": c.variant,
                    "chunk_key": c.key,
                    "post_ids": ",".join(c.post_ids),
                    "position": c.position,
                    "polls": 0,
                }
                for c in fresh[start : start + 1000]
            ],
        )


def claim(
    connection: Connection, planned: Sequence[Chunk], cycle: datetime, *, skip: frozenset[str]
) -> Chunk | None:
    """Claim and return one chunk of `planned` not yet polled in `cycle` (None when all are).

    `skip` holds keys this process already gave up on in this cycle (an API error), so a failing
    chunk does not spin. On PostgreSQL the claim is a session advisory lock: it outlives the
    claiming transaction (the request runs outside any transaction) until `release`, or until the
    connection ends, so a collector that dies leaves its chunk due for the others and the next run.
    SQLite has one collector per file (`lock.py`): the first due chunk is its own.
    """
    if not planned:
        return None
    by_key = {c.key: c for c in planned}
    query = _due(planned, cycle).order_by(
        work.c.last_fetched_at.is_not(None), work.c.last_fetched_at, work.c.position
    )
    if skip:
        query = query.where(work.c.chunk_key.not_in(sorted(skip)))
    if connection.dialect.name != "postgresql":
        key = connection.execute(query.limit(1)).scalar()
        return None if key is None else by_key[str(key)]
    for key in connection.execute(query).scalars().all():
        chunk = by_key[str(key)]
        if not connection.execute(
            sa.select(sa.func.pg_try_advisory_lock(_lock_id(chunk)))
        ).scalar():
            continue  # another collector has it
        if still_due(connection, chunk, cycle):  # not polled since the list was read
            return chunk
        release(connection, chunk)
    return None


def still_due(connection: Connection, chunk: Chunk, cycle: datetime) -> bool:
    """Whether `chunk` is still unpolled in `cycle` (read afresh)."""
    query = _due([chunk], cycle).where(work.c.chunk_key == chunk.key)
    return connection.execute(query).first() is not None


def release(connection: Connection, chunk: Chunk) -> None:
    """Give up the claim of `claim` (PostgreSQL; nothing to do on SQLite)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_unlock(_lock_id(chunk))))


def _lock_id(chunk: Chunk) -> int:
    """The chunk's advisory lock: a signed 64-bit number from its variant and key."""
    digest = hashlib.blake2b(f"x-engagement/{chunk.variant}/{chunk.key}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _due(planned: Sequence[Chunk], cycle: datetime) -> sa.Select[tuple[str]]:
    due = sa.or_(work.c.last_cycle.is_(None), work.c.last_cycle < cycle)
    # Keys of chunks no longer in the ids file stay in the table but are never claimed.
    return sa.select(work.c.chunk_key).where(
        work.c.variant == planned[0].variant,
        due,
        work.c.chunk_key.in_(sorted({c.key for c in planned})),
    )


def mark_polled(
    connection: Connection, chunk: Chunk, cycle: datetime, fetched_at: datetime
) -> None:
    """Record, in the caller's transaction (the one holding the chunk's rows), that it is done."""
    connection.execute(
        work.update()
        .where(work.c.variant == chunk.variant, work.c.chunk_key == chunk.key)
        .values(last_cycle=cycle, last_fetched_at=fetched_at, polls=work.c.polls + 1)
    )


def pending(connection: Connection, planned: Sequence[Chunk], cycle: datetime) -> int:
    """How many of `planned` are not yet polled in `cycle` (claimed by others included)."""
    if not planned:
        return 0
    due = sa.or_(work.c.last_cycle.is_(None), work.c.last_cycle < cycle)
    query = (
        sa.select(sa.func.count())
        .select_from(work)
        .where(
            work.c.variant == planned[0].variant,
            work.c.chunk_key.in_(sorted(c.key for c in planned)),
            due,
        )
    )
    return int(connection.execute(query).scalar() or 0)
