"""The rate budget, kept in the database so that every collector sharing it spends one allowance.

Each request first takes one unit of the budget (a row lock makes the take atomic across
processes); each response then writes back what the server says is left (`x-rate-limit-remaining`)
and when the window resets (`x-rate-limit-reset`, Unix seconds). When nothing is left, the
collector waits until the reset. Every time here is the server's (its `Date` header), never the
local clock, so a skewed clock cannot make a collector send early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from x_engagement.collect.schema import UtcDateTime, metadata

rate_budget = sa.Table(
    "collect_rate_budget",
    metadata,
    sa.Column("budget_key", sa.String(64), primary_key=True),
    sa.Column("limit", sa.Integer(), nullable=True),
    sa.Column("remaining", sa.Integer(), nullable=True),
    sa.Column("reset_at", UtcDateTime(), nullable=True),
    sa.Column("observed_at", UtcDateTime(), nullable=True),
)
"""One row per budget (one per variant): what the server last said is left, and until when."""

# A Date header has whole seconds and the reset is a whole second: one more second of waiting
# makes sure the server's window has really turned over.
MARGIN = timedelta(seconds=1)
# Nothing left and no reset known (a new window began but no answer has told its length yet):
# look again after this long.
UNKNOWN_RESET_RETRY = timedelta(seconds=1)
# A request sent while nothing was known whose answer was never recorded (its collector died)
# stops holding the others back after this long.
STALE = timedelta(seconds=30)


@dataclass(frozen=True)
class Wait:
    """No request may go before `until` (server time); `seconds` from the server's `now`."""

    until: datetime
    seconds: float
    limit: int | None


def take(connection: Connection, key: str, server_now: datetime) -> Wait | None:
    """Spend one request of budget `key` (commit the caller's transaction right after), or say how
    long to wait: None means go."""
    _ensure(connection, key)
    query = sa.select(rate_budget).where(rate_budget.c.budget_key == key)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).one()
    limit, remaining, reset_at, marked = row.limit, row.remaining, row.reset_at, row.observed_at
    if reset_at is not None and server_now >= reset_at:
        # The window has turned over: a full allowance, until an answer tells the new reset.
        remaining, reset_at = limit, None
    if remaining is None:
        # Nothing known yet: go; the answer tells the budget. (Before that first answer each
        # collector sends at most one request, so a budget smaller than the number of collectors
        # starting together on a fresh database is the one case that can be exceeded.)
        return None
    if remaining <= 0 and reset_at is None and (marked is None or server_now - marked > STALE):
        remaining = 1  # the answer that would have told the new window never came back
    if remaining <= 0:
        until = server_now + UNKNOWN_RESET_RETRY if reset_at is None else reset_at + MARGIN
        return Wait(until, (until - server_now).total_seconds(), limit)
    values: dict[str, object] = {"remaining": remaining - 1, "reset_at": reset_at}
    if reset_at is None:
        values["observed_at"] = server_now
    connection.execute(rate_budget.update().where(rate_budget.c.budget_key == key).values(**values))
    return None


def record(
    connection: Connection,
    key: str,
    *,
    limit: int | None,
    remaining: int | None,
    reset_at: datetime | None,
    observed_at: datetime,
) -> None:
    """What an answer said about the budget: a later window replaces the stored one; within the
    same window the smaller `remaining` wins (answers of several collectors arrive in any order,
    and requests in flight have already been taken)."""
    if remaining is None:
        return
    _ensure(connection, key)
    query = sa.select(rate_budget).where(rate_budget.c.budget_key == key)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).one()
    stored_reset, stored_remaining = row.reset_at, row.remaining
    if (
        stored_remaining is None
        or stored_reset is None
        or reset_at is None
        or reset_at > stored_reset
    ):
        new_remaining = remaining
        turned_over = stored_reset is None and row.limit is not None  # takes counted since
        if turned_over and stored_remaining is not None and reset_at is not None:
            new_remaining = min(remaining, stored_remaining)
    elif reset_at < stored_reset:  # an answer from an older window: nothing new
        return
    else:
        new_remaining = min(remaining, stored_remaining)
    connection.execute(
        rate_budget.update()
        .where(rate_budget.c.budget_key == key)
        .values(
            limit=limit if limit is not None else row.limit,
            remaining=new_remaining,
            reset_at=reset_at,
            observed_at=observed_at,
        )
    )


def give_back(connection: Connection, key: str, server_now: datetime) -> None:
    """Return a request taken but not sent (nothing was left to poll) to the current window."""
    row = connection.execute(
        sa.select(rate_budget).where(rate_budget.c.budget_key == key)
    ).one_or_none()
    if row is None or row.remaining is None:
        return
    if row.reset_at is not None and server_now >= row.reset_at:
        return  # that window is over; the next answer tells the new one
    if row.limit is not None and row.remaining >= row.limit:
        return
    connection.execute(
        rate_budget.update()
        .where(
            rate_budget.c.budget_key == key,
            rate_budget.c.reset_at.is_not_distinct_from(row.reset_at),
        )
        .values(remaining=rate_budget.c.remaining + 1)
    )


def _ensure(connection: Connection, key: str) -> None:
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    connection.execute(
        insert(rate_budget)
        .values(budget_key=key, limit=None, remaining=None, reset_at=None, observed_at=None)
        .on_conflict_do_nothing(index_elements=["budget_key"])
    )
