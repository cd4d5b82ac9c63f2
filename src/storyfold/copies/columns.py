"""Append-only numpy columns with amortised O(1) appends (capacity doubles), for index state."""
from __future__ import annotations

import numpy as np


class Column:
    """A growable array of rows of a fixed dtype and row shape; `.values` is the filled part."""

    def __init__(self, dtype: np.dtype | type, width: int | None = None) -> None:
        shape = (0,) if width is None else (0, width)
        self._data = np.zeros(shape, dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def values(self) -> np.ndarray:
        return self._data[:self._size]

    @property
    def nbytes(self) -> int:
        """Bytes of the filled rows (capacity beyond them is at most as much again)."""
        return self.values.nbytes

    def extend(self, rows: np.ndarray) -> None:
        """Append rows, growing the capacity geometrically when full."""
        need = self._size + len(rows)
        if need > len(self._data):
            grown = np.zeros((max(need, 2 * len(self._data), 64),) + self._data.shape[1:],
                             dtype=self._data.dtype)
            grown[:self._size] = self._data[:self._size]
            self._data = grown
        self._data[self._size:need] = rows
        self._size = need

    def truncate(self, size: int) -> None:
        """Forget rows from `size` on (to undo a failed append)."""
        self._size = min(self._size, size)
