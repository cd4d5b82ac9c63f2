"""Exceptions and the catalogue of messages.

The core raises these; only the CLI (and later the web app) turns them into a line on stderr and
an exit code. A bad input *item* is never an exception: it becomes a Rejection with a code below.
"""
from __future__ import annotations


class StoryfoldError(Exception):
    """Base class: a message that says what went wrong and what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(StoryfoldError):
    """The caller asked for something that cannot work (bad argument, bad setting)."""

    exit_code = 2


class StoreError(StoryfoldError):
    """The store cannot be opened, is from a newer storyfold, or a write failed (and was rolled back)."""


class NotFoundError(StoryfoldError):
    """A story or article asked for by id is not in the store."""


class StoryfoldNote(UserWarning):
    """Something a user should know about a result that is not an error (the CLI prints it as
    one "storyfold: note:" line on stderr; Python callers can filter it like any warning)."""


# Rejection codes: every input item that does not become an article carries one of these.
REJECTION_CODES: dict[str, str] = {
    "not_found": "the path does not exist",
    "unreadable": "the file or directory cannot be read (permissions or I/O error)",
    "symlink_loop": "a symbolic link points back into a directory already being read",
    "not_a_file": "the path is a device, socket or pipe that storyfold does not read",
    "empty": "the input has no content",
    "too_large": "the input is larger than the max_input_bytes setting allows for one article",
    "binary": "the input is binary data (an image, an executable, an archive) rather than text",
    "unsupported_format": "the input's format is not one storyfold reads",
    "decode_error": "the bytes could not be decoded as text in any likely encoding",
    "bad_gzip": "the gzip stream is corrupt or truncated",
    "malformed_json": "the line or file is not valid JSON",
    "not_an_object": "the JSON value is not an object with article fields",
    "missing_text": "the record has none of the text fields (text, maintext, content, body)",
    "no_article": "no article text could be found in the page",
    "bad_warc_record": "a WARC record is corrupt or truncated",
    "not_html": "the WARC response is not an HTML page",
    "empty_after_cleaning": "nothing was left once boilerplate was removed",
    "duplicate_id": "an article with this id and another text was already given",
}


def check_code(code: str) -> str:
    """Guard against typos in rejection codes: every code must be in the catalogue."""
    if code not in REJECTION_CODES:
        raise ValueError(f"unknown rejection code {code!r}; add it to errors.REJECTION_CODES")
    return code
