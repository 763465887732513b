"""The one error the generator raises: it names where in the spec the problem is."""

from __future__ import annotations


class SpecError(Exception):
    """A spec the generator cannot use; `pointer` is the JSON pointer of the problem."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{pointer or '#'}: {message}")
        self.pointer = pointer
        self.message = message


def pointer_join(pointer: str, *parts: str | int) -> str:
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "/".join([pointer or "#", *escaped])
