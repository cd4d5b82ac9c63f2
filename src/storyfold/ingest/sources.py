"""Paths as the user gave them -> the files to read, in a deterministic order, or a Rejection each.

Directories are walked recursively in sorted name order. Entries whose name starts with "." are
skipped inside a walk (as git and ripgrep do: .git, .DS_Store, editor swap files), but a dot-file
named explicitly is read. Symbolic links are followed; a link that leads back into a directory
being walked is a `symlink_loop`, not an endless walk.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..model import Rejection

STDIN = "-"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One regular file (or stdin) to read, named as the user will see it in the output."""

    name: str  # the path as given, joined under its directory; "-" for stdin
    path: str | None  # None for stdin
    size: int | None = None  # from stat, so a too-large file is refused before it is read


def iter_sources(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[SourceFile | Rejection]:
    """Every file under the given inputs in order, or a Rejection for a path that cannot be read."""
    for given in inputs:
        name = os.fspath(given)
        if name == STDIN:
            yield SourceFile(STDIN, None)
        else:
            yield from _walk((name,), frozenset())


def open_source(path: str) -> BinaryIO:
    """Open a file for reading, unbuffered; one seam for tests that simulate an unreadable file.

    Unbuffered: most article files are read whole in one call, and a buffer object (with the
    terminal check that opening one makes) costs more than the read; readers buffer the others.
    """
    return open(path, "rb", buffering=0)


def _walk(paths: Iterable[str], ancestors: frozenset[tuple[int, int]]) -> Iterator[SourceFile | Rejection]:
    """Each path in turn: a file, a directory walked in place, or a rejection (one loop per
    directory, not a generator per file: a corpus can hold millions of files)."""
    for name in paths:
        try:
            info = os.stat(name)
        except OSError as error:
            yield _stat_rejection(name, error)
            continue
        if stat.S_ISREG(info.st_mode):
            yield SourceFile(name, name, info.st_size)
        elif stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                yield Rejection(name, "symlink_loop", "this directory link leads back into a directory "
                                "already being read; remove the link or name the target directly")
                continue
            yield from _walk_directory(name, ancestors | {key})
        else:
            yield Rejection(name, "not_a_file", f"this is {_kind(info.st_mode)}, not a regular file; "
                            "to read a stream, pipe it to storyfold and pass '-'")


def _walk_directory(name: str, ancestors: frozenset[tuple[int, int]]) -> Iterator[SourceFile | Rejection]:
    try:
        with os.scandir(name) as entries:
            children = sorted(entry.name for entry in entries if not entry.name.startswith("."))
    except OSError as error:
        yield Rejection(name, "unreadable", f"cannot list this directory: {_describe(error)}")
        return
    yield from _walk([os.path.join(name, child) for child in children], ancestors)


def _stat_rejection(name: str, error: OSError) -> Rejection:
    if error.errno == errno.ELOOP:
        return Rejection(name, "symlink_loop", "this symbolic link points (through other links) "
                         "back to itself; fix or remove the link")
    if isinstance(error, FileNotFoundError):
        if os.path.islink(name):
            return Rejection(name, "not_found", f"broken symbolic link: its target "
                             f"{os.readlink(name)!r} does not exist")
        return Rejection(name, "not_found", "no such file or directory; check the path")
    if isinstance(error, NotADirectoryError):
        return Rejection(name, "not_found", "a part of this path is a file, not a directory")
    return Rejection(name, "unreadable", f"cannot read this path: {_describe(error)}")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _describe(error: OSError) -> str:
    """An OSError as a short phrase ("Permission denied"), without repeating the path."""
    return error.strerror or str(error)
