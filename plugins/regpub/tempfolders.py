"""Temporary folders that the build owns, and the removal of those a killed build left behind.

WeasyPrint writes each poster worker's fonts into a `weasyprint-*` folder of the system's temp
folder (about 5 MB) and removes it only when its FontConfiguration is garbage-collected, which a
pool worker never reaches; `mkdocs serve` builds into a `mkdocs_*` folder (23 MB) that a killed
preview keeps. So every temporary file of ours goes inside one folder named
`regpub-<kind>-<pid>-<random>`: removed as a whole when the work ends (also on an error or
Ctrl-C), and removed by the next build when the process <pid> no longer exists (SIGKILL, a power
cut). Nothing here imports MkDocs.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PREFIX = "regpub-"
# regpub-<kind>-<pid>-<mkdtemp's random part>; <kind> is a lowercase word (posters, serve...).
_OWNED = re.compile(r"regpub-[a-z]+-(\d+)-[^/]+")


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (ours or another user's)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, it is someone else's
        return True
    return True


def owner_of(name: str) -> int | None:
    """The pid in the name of a folder made by `owned_folder`, or None for any other name."""
    match = _OWNED.fullmatch(name)
    return int(match.group(1)) if match else None


@contextmanager
def owned_folder(kind: str, base: Path | str | None = None) -> Iterator[Path]:
    """A new `regpub-<kind>-<pid>-*` folder in the system's temp folder (or `base`), removed
    with everything in it when the block ends, however it ends."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_orphans(base: Path | str | None = None) -> list[Path]:
    """Remove the `regpub-<kind>-<pid>-*` folders of processes that no longer exist; returns
    them. A folder of a running process (another build, a preview) is left alone."""
    base = Path(base or tempfile.gettempdir())
    removed = []
    try:
        candidates = list(base.glob(f"{PREFIX}*"))
    except OSError:  # an unreadable temp folder: nothing we may clean
        return removed
    for folder in candidates:
        pid = owner_of(folder.name)
        if pid is None or process_alive(pid) or not folder.is_dir() or folder.is_symlink():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
