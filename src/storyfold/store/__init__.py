"""The embedded store: incremental, transactional, schema-versioned (SQLite, standard library only).

    with Store.open("corpus.sqlite") as store, store.transaction():
        batch = store.begin_batch(inputs)
        store.add_articles(articles, batch)      # ids actually added; re-adding adds nothing
        store.finish_batch(batch, counts)
"""
from __future__ import annotations

from .schema import schema_version
from .sqlite import Batch, Store

__all__ = ["Batch", "Store", "schema_version"]
