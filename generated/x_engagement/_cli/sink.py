"""Rows written as each chunk arrives: CSV and JSON Lines line by line, Parquet one row group per
chunk, the table with fixed column widths. Memory stays flat however many posts are fetched.

The output is opened before the first request (a missing directory costs no request). A write is
never cut in half by Ctrl-C or SIGTERM (the caller defers the signal around `write`), so an
interrupted run leaves only whole records. A write that fails (a full disk, /dev/full) removes a
partial `--output` file and raises OutputError; a reader that left (`| head`) raises
BrokenPipeError, which the command line ends quietly.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TextIO

from x_engagement._cli.exits import OutputError, UsageError

if TYPE_CHECKING:
    from x_engagement.table import Row

TABLE_COLUMNS = ("post_id", "variant", "metric", "granularity", "start", "value")
# Wide enough for any post id (19 digits), the crosswalk's longest name, a UTC minute and an int64.
TABLE_WIDTHS = (19, 10, 28, 11, 20, 20)


def table_line(cells: Sequence[str]) -> str:
    last = len(TABLE_COLUMNS) - 1
    return (
        "  ".join(
            cell.rjust(TABLE_WIDTHS[i]) if i == last else cell.ljust(TABLE_WIDTHS[i])
            for i, cell in enumerate(cells)
        ).rstrip()
        + "\n"
    )


class RowSink:
    """One output (a path or stdout) in one format; `written` counts the whole rows out."""

    def __init__(self, fmt: str, output: str | None) -> None:
        self.fmt = fmt
        self.output = output
        self.written = 0
        self._text: TextIO | None = None
        self._binary: IO[bytes] | None = None
        self._owned = False
        self._started = False
        self._csv: Any = None
        self._parquet: Any = None
        self._closed = False

    @property
    def where(self) -> str:
        return self.output if self.output is not None else "stdout"

    def open(self) -> RowSink:
        """Open (create) the output now, before any request: a bad path is a UsageError."""
        binary = self.fmt == "parquet"
        if self.output is None:
            if binary:
                self._binary = sys.stdout.buffer
            else:
                self._text = sys.stdout
            return self
        try:
            if binary:
                self._binary = open(self.output, "wb")  # noqa: SIM115 - closed by close()
            else:
                self._text = open(self.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as error:
            raise UsageError(f"--output {self.output}: {error.strerror or error}") from None
        self._owned = True
        return self

    def write(self, rows: Sequence[Row]) -> None:
        """Write `rows` (one chunk's) and flush them, so a reader sees them as they come."""
        try:
            self._start()
            if rows:
                self._write(rows)
            self._flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            self.abort()
            raise self._failed(error) from None
        self.written += len(rows)

    def close(self, keep: bool = True) -> None:
        """Finish the output (a header at least, when `keep`); without `keep` and with nothing
        written, a file made by open() is removed: no empty file to mislead."""
        if self._closed:
            return
        self._closed = True
        try:
            if keep or self.written:
                self._start()
                self._finish()
                self._flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            self.abort()
            raise self._failed(error) from None
        self._close_file()
        if not keep and not self.written:
            self._remove()

    def abort(self) -> None:
        """After a failed write: close and remove the partial file (stdout is left as it is)."""
        self._closed = True
        try:
            self._close_file()
        except OSError:
            pass
        self._remove()

    # -- internals --------------------------------------------------------------------------

    def _failed(self, error: OSError) -> OutputError:
        removed = "; the partial file was removed" if self.output is not None else ""
        return OutputError(f"cannot write {self.where}: {error.strerror or error}{removed}")

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        if self.fmt == "csv":
            from x_engagement.table import COLUMNS

            assert self._text is not None
            self._csv = csv.writer(self._text, lineterminator="\n")
            self._csv.writerow(COLUMNS)
        elif self.fmt == "table":
            assert self._text is not None
            self._text.write(table_line(TABLE_COLUMNS))

    def _write(self, rows: Sequence[Row]) -> None:
        from x_engagement import table

        if self.fmt == "csv":
            self._csv.writerows(table.csv_cells(row) for row in rows)
        elif self.fmt == "jsonl":
            assert self._text is not None
            table.write_jsonl(list(rows), self._text)
        elif self.fmt == "table":
            assert self._text is not None
            self._text.write("".join(table_line(table_cells(row)) for row in rows))
        else:
            self._write_parquet(rows)

    def _write_parquet(self, rows: Sequence[Row]) -> None:
        import pyarrow.parquet as pq  # type: ignore[import-not-found,import-untyped,unused-ignore]

        from x_engagement import table

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._binary, table.arrow_schema())
        self._parquet.write_table(table.to_arrow(rows))

    def _finish(self) -> None:
        if self.fmt != "parquet":
            return
        if self._parquet is None:  # no rows: still a valid Parquet file with the schema
            import pyarrow.parquet as pq  # type: ignore[import-not-found,import-untyped,unused-ignore]

            from x_engagement import table

            self._parquet = pq.ParquetWriter(self._binary, table.arrow_schema())
        self._parquet.close()
        self._parquet = None

    def _flush(self) -> None:
        stream: IO[Any] | None = self._text if self._text is not None else self._binary
        if stream is not None:
            stream.flush()

    def _close_file(self) -> None:
        if not self._owned:
            return
        self._owned = False
        for stream in (self._text, self._binary):
            if stream is not None:
                stream.close()

    def _remove(self) -> None:
        if self.output is not None and self._started_file():
            try:
                os.unlink(self.output)
            except OSError:
                pass

    def _started_file(self) -> bool:
        return self._text is not None or self._binary is not None


@contextmanager
def opened(fmt: str, output: str | None) -> Iterator[RowSink]:
    """An open sink; if the run raises, whole rows already written are kept, an empty file is
    removed, and the error goes on (the caller closes the sink when the run ends normally)."""
    sink = RowSink(fmt, output).open()
    try:
        yield sink
    except BaseException:
        try:
            sink.close(keep=False)
        except (OSError, OutputError):
            sink.abort()
        raise


def table_cells(row: Row) -> tuple[str, ...]:
    start = "-" if row.start is None else row.start.strftime("%Y-%m-%d %H:%M UTC")
    return (row.post_id, row.variant, row.metric, row.granularity, start, str(row.value))
