"""oss2.http's CaseInsensitiveDict: headers as oss2 users pass them."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Dict, Iterator, Tuple


class CaseInsensitiveDict(MutableMapping):
    """A dict whose keys match without regard to case, keeping the case last set."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        self._store: Dict[str, Tuple[str, Any]] = {}
        self.update(data or {}, **kwargs)

    def __setitem__(self, key: str, value: Any) -> None:
        self._store[key.lower()] = (key, value)

    def __getitem__(self, key: str) -> Any:
        return self._store[key.lower()][1]

    def __delitem__(self, key: str) -> None:
        del self._store[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._store.values())

    def __len__(self) -> int:
        return len(self._store)

    def copy(self) -> "CaseInsensitiveDict":
        return CaseInsensitiveDict(self._store.values())

    def __repr__(self) -> str:
        return repr(dict(self.items()))
