"""Every settings object refuses out-of-range fields with a message naming the field and a default."""
from __future__ import annotations

import pytest

from storyfold.copies import CopySettings
from storyfold.errors import UsageError
from storyfold.stories import StorySettings
from storyfold.synthesis import SynthesisSettings


@pytest.mark.parametrize("make, field, bad, must", [
    (CopySettings, "near_jaccard", 1.5, "a number in [0, 1]"),
    (CopySettings, "max_bucket", 0, "a whole number >= 1"),
    (StorySettings, "join_threshold", 0.0, "a number in (0, 1]"),
    (StorySettings, "grace_days", -1, "a number >= 0"),
    (StorySettings, "lead_repeats", -1, "a whole number >= 0"),
    (StorySettings, "embeddings", "yes", "true or false"),
    (StorySettings, "dense_weight", True, "a number in [0, 1]"),
    (SynthesisSettings, "summary_sentences", 2.5, "a whole number >= 1"),
])
def test_settings_checks_name_the_field_and_a_default(make, field, bad, must):
    with pytest.raises(UsageError) as caught:
        make(**{field: bad})
    message = str(caught.value)
    assert f"setting {field} must be {must}, got {bad!r}" in message
    assert f"e.g. {field}={getattr(make, field)!r}" in message


@pytest.mark.parametrize("make", [CopySettings, StorySettings, SynthesisSettings])
def test_settings_with_changes_one_field_and_refuses_unknown_names(make):
    settings = make()
    name = next(iter(settings.__dataclass_fields__))
    assert settings.with_(**{name: getattr(settings, name)}) == settings
    with pytest.raises(UsageError, match="unknown .* setting"):
        settings.with_(no_such_setting=1)
