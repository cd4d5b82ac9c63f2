"""Shared fixtures. Labelled data lives in ../shared beside the repo and is never copied in."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples" / "corpus"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips with a visible reason when absent, fails under CI=true."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: the labelled data in ../shared is needed for this test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: a missing ../shared is a failure)")
        pytest.skip(message)
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def settings():
    from storyfold.settings import Settings

    return Settings(progress=False)
