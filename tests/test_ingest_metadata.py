"""Outlets from URLs and dates to ISO 8601: never invented, precision kept."""
from __future__ import annotations

import pytest

from storyfold.ingest.metadata import normalise_date, outlet_from_url


@pytest.mark.parametrize("url, outlet", [
    ("https://www.bbc.co.uk/news/world-123", "bbc.co.uk"),
    ("https://edition.cnn.com/2025/03/02/x", "cnn.com"),
    ("www.harbourdaily.example/a", "harbourdaily.example"),  # reserved suffix: host's last labels
    ("https://news.intranet.test/x", "intranet.test"),
    ("http://192.168.1.10/a", None),
    ("ft.com/content/x", "ft.com"),
    ("not a url", None),
    ("https://exa mple.com/", None),
    ("http://[::1/x", None),
    ("https://www.Süddeutsche.de/politik", "süddeutsche.de"),
    ("http://localhost:8000/a", None),
    ("", None),
    (None, None),
])
def test_outlet_from_url_registered_domain_or_none(url, outlet):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize("value, iso", [
    ("2025-03-02", "2025-03-02"),
    (" 2025-03-02 ", "2025-03-02"),
    ("2025-03-02T10:00:00+01:00", "2025-03-02T09:00:00Z"),
    ("2025-03-02T10:00:00Z", "2025-03-02T10:00:00Z"),
    ("2025-03-02 10:11", "2025-03-02T10:11:00"),
    ("Sun, 02 Mar 2025 10:00:00 GMT", "2025-03-02T10:00:00Z"),
    (1740909600, "2025-03-02T10:00:00Z"),
    ("2025-02-30", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (True, None),
    ([2025], None),
])
def test_normalise_date_iso_or_none(value, iso):
    assert normalise_date(value) == iso
