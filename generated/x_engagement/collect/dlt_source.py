"""The poll's rows as a dlt source (extra `dlt`): for teams whose warehouse is elsewhere.

    import dlt
    from x_engagement.collect.dlt_source import engagement_source

    pipeline = dlt.pipeline("x_engagement", destination="duckdb", dataset_name="engagement")
    pipeline.run(engagement_source(ids, variant="both", bearer_token="..."))   # e.g. hourly

Each run polls the 28-hour window of every post (chunk by chunk) and yields the one table's rows
(`x_engagement.table.Row`, hourly buckets; totals left out) plus `fetched_at`, the server time of
the answer. The resource merges on the row's key (variant, post_id, metric, granularity, start),
so a re-run is a no-op and a late revision overwrites the value it revises; dlt keeps its state in
the destination. The revision history and the shared rate budget of `collect()` are not part of
this source: the client's own 429 handling paces it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import Any

from x_engagement._auth import BearerToken, OAuth1
from x_engagement._window import VARIANTS
from x_engagement.collect.credentials import resolved
from x_engagement.collect.fetch import BATCH_SIZE, Fetcher, chosen_variants, require_credentials
from x_engagement.collect.ids import checked_ids
from x_engagement.collect.work import chunks
from x_engagement.table import to_records

try:  # typed as Any: the package type-checks without the extra installed
    dlt: Any = importlib.import_module("dlt")
except ImportError as exc:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "x_engagement.collect.dlt_source needs the 'dlt' extra: pip install 'x-engagement[collect,dlt]'"
    ) from exc

KEY = ["variant", "post_id", "metric", "granularity", "start"]
COLUMNS: dict[str, dict[str, Any]] = {
    "post_id": {"data_type": "text", "nullable": False},
    "metric": {"data_type": "text", "nullable": False},
    "source_metric": {"data_type": "text", "nullable": False},
    "variant": {"data_type": "text", "nullable": False},
    "start": {"data_type": "timestamp", "nullable": False},
    "end": {"data_type": "timestamp", "nullable": False},
    "granularity": {"data_type": "text", "nullable": False},
    "value": {"data_type": "bigint", "nullable": False},
    "fetched_at": {"data_type": "timestamp", "nullable": False},
}


def engagement_source(
    ids: Sequence[str],
    *,
    variant: str = "v2",
    bearer_token: str | BearerToken | None = None,
    oauth1: OAuth1 | None = None,
    base_url: str | None = None,
    chunk_size: int = BATCH_SIZE,
) -> Any:
    """A dlt source with one resource, `engagement`: the rows of one poll, merged on their key."""
    post_ids = checked_ids(ids)
    variants = chosen_variants(variant)
    assert set(variants) <= set(VARIANTS)
    bearer_token, oauth1, base_url = resolved(bearer_token, oauth1, base_url)  # as from_env()
    require_credentials(variants, bearer_token, oauth1)  # before dlt runs anything

    def engagement() -> Iterator[list[dict[str, object]]]:
        fetcher = Fetcher(bearer_token=bearer_token, oauth1=oauth1, base_url=base_url)
        try:
            for name in variants:
                for chunk in chunks(name, post_ids, chunk_size):
                    answer = fetcher.fetch(name, chunk.post_ids)
                    yield [
                        {**record, "fetched_at": answer.fetched_at}
                        for record in to_records(answer.rows)
                        if record["start"] is not None
                    ]
        finally:
            fetcher.close()

    resource = dlt.resource(
        engagement(),  # a generator: nothing is fetched until dlt extracts it
        name="engagement",
        primary_key=KEY,
        write_disposition="merge",
        columns=COLUMNS,
    )

    def source() -> Any:
        return resource

    return dlt.source(source, name="x_engagement")()
