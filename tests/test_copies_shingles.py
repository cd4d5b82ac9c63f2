"""Normalised word shingles hashed once each: same words as the reference regex, stable hashes."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyfold.copies import normalise, shingle_batch
from storyfold.copies.shingles import WORD_RE, unique_sorted


def reference_shingles(text: str) -> set[str]:
    """Word 5-shingles as strings, from the readable definition (normalise)."""
    words = normalise(text).split()
    if 0 < len(words) < 5:
        return {" ".join(words)}
    return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}


def test_normalise_folds_case_quotes_dashes_and_whitespace():
    assert normalise("Starmer\u2019s  \u201cplan\u201d \u2014 AGREED\n\tin London") == \
        "starmer s plan agreed in london"
    assert normalise("Starmer's \"plan\" - agreed in london") == "starmer s plan agreed in london"


def test_normalise_keeps_non_ascii_letters_and_drops_symbols():
    assert normalise("Zelenskyy in Kyiv, Київ; £1.6bn \u00bfqu\u00e9? \u20ac5 \u00a9 Reuters") == \
        "zelenskyy in kyiv київ 1 6bn qué 5 reuters"


def test_shingle_batch_hashes_are_pinned_across_runs():
    # Stored indexes depend on these values: a change needs a new ROWS_VERSION.
    batch = shingle_batch(["The quick brown fox jumps over the lazy dog", "one"])
    assert [hex(int(x)) for x in batch.hashes] == [
        "0xdb214679dffbc170", "0x298a6f28c46c8e5c", "0x82cae5dae4c48d19", "0x948f64568aa4778e",
        "0xe50f809b77ae510d", "0x2dd26825ccb16795"]
    assert hex(int(batch.exact[1])) == "0xb025dbffb10ed5cf"


def test_shingle_batch_counts_words_and_shingles_per_doc():
    batch = shingle_batch(["a b c d e f g", "", "one", "one two three four", "x " * 5])
    assert batch.words.tolist() == [7, 0, 1, 4, 5]
    assert np.diff(batch.offsets).tolist() == [3, 0, 1, 1, 1]


def test_shingle_batch_short_text_is_not_a_five_word_shingle():
    short, five = shingle_batch(["a b c d", "a b c d a"]).hashes
    assert short != five


def test_shingle_batch_long_words_hash_by_their_bytes():
    long_a, long_b = "x" * 70 + "a", "x" * 70 + "b"
    texts = [f"{w} " * 5 for w in ("abcdefgh", "abcdefghi", "abcdefghj", long_a, long_b, "é" * 40)]
    batch = shingle_batch(texts)
    assert len(set(batch.hashes.tolist())) == len(texts)
    assert np.array_equal(shingle_batch(texts[3:4]).hashes, batch.hashes[3:4])


def test_shingle_batch_exact_digest_depends_on_word_order_only():
    base = shingle_batch(["Officials said on Tuesday the port reopened",
                          "OFFICIALS said, on Tuesday \u2014 the port reopened!",
                          "Officials said on Tuesday the reopened port"]).exact
    assert np.array_equal(base[0], base[1])
    assert not np.array_equal(base[0], base[2])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120),
                min_size=1, max_size=6))
def test_shingle_batch_agrees_with_the_reference_definition(texts):
    batch = shingle_batch(texts)
    for i, text in enumerate(texts):
        words = WORD_RE.findall(text.lower())
        assert batch.words[i] == len(words)
        assert len(batch.doc(i)) == len(reference_shingles(text))
        alone = shingle_batch([text])
        assert np.array_equal(alone.doc(0), batch.doc(i))  # no leak between docs of a batch
        assert np.array_equal(alone.exact[0], batch.exact[i])
        assert np.array_equal(shingle_batch([normalise(text)]).doc(0), batch.doc(i))


def test_unique_sorted_removes_repeats():
    values = np.array([5, 1, 5, 3, 1], dtype=np.uint64)
    assert unique_sorted(values).tolist() == [1, 3, 5]
