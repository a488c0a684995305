"""Where the site may be written, and how a finished build replaces the previous site.

The build writes into a staging folder beside the output folder and swaps it in with two
renames (`site` -> `.site-old`, staging -> `site`), so the output folder is replaced whole. That
is safe only for a folder that holds nothing but a previous build, so:

- the output folder may not be, contain or lie inside the data folder or the docs folder, nor be
  or contain the project folder or a git work tree's root (`safe_target`);
- a non-empty output folder must carry the marker a previous build wrote (`MARKER`);
- one build at a time per output folder (`BuildLock`, an flock on `.site.lock` beside it);
- a build removes only staging folders it made, or those whose owner process is dead;
- a staging folder missing a planned file is never swapped in (`verify_complete`);
- a kill between the two renames is repaired by the next build (`recover`).

Every refusal is an OutputError whose message says which folder, why, and what to do. Nothing
here imports MkDocs.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from .tempfolders import process_alive

MARKER = ".regpub-site"  # written into every site we build; a folder without it is not ours
TOOL = "regpub"


class OutputError(Exception):
    """The site cannot be written where asked (or not now): one line, what to do included."""


def _describe(error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{reason} (make it writable, or choose another folder with --site-dir)"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{reason} (free some space, or choose another folder with --site-dir)"
    return reason


def io_error(action: str, error: OSError) -> OutputError:
    """An OSError while writing the site, as a refusal that names the file and the remedy."""
    # A full disk is about the folder, not the file (for a copy, `filename` is the source).
    full = error.errno in (errno.ENOSPC, errno.EDQUOT)
    where = f": {error.filename}" if error.filename and not full else ""
    return OutputError(f"cannot {action}{where}: {_describe(error)}")


# -- where --------------------------------------------------------------------------------------

def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(os.path.expanduser(path))))


def is_previous_build(folder: Path) -> bool:
    """Whether `folder` carries the marker of a site this tool built."""
    try:
        line = (folder / MARKER).read_text(encoding="utf-8").splitlines()[0]
        return json.loads(line).get("tool") == TOOL
    except (OSError, ValueError, IndexError, AttributeError):
        return False


def _git_root_inside(folder: Path) -> Path | None:
    """A git work tree someone made inside a built site (a clone to publish from, say)."""
    for parent, dirs, files in os.walk(folder):
        if ".git" in dirs or ".git" in files:
            return Path(parent)
    return None


def safe_target(site_dir: Path, *, data_dir: Path, docs_dir: Path,
                project_dirs: Iterable[Path]) -> Path:
    """The resolved output folder (symlinks followed), or OutputError when writing the site
    there could destroy something that is not a site this tool built. `project_dirs`: the
    folders of build.py and of mkdocs.yml (the output may lie inside them, as site/ does)."""
    target = _resolved(site_dir)
    shown = f"--site-dir {site_dir}" + (f" ({target})" if str(target) != str(site_dir) else "")
    fix = "choose an empty or new folder with --site-dir, e.g. --site-dir site"
    whole = "the build replaces its output folder whole"
    if target == Path(target.anchor):
        raise OutputError(f"{shown} is the root of the file system: {whole} ({fix})")
    sources = [("the data folder", _resolved(data_dir)), ("the docs folder", _resolved(docs_dir))]
    projects = [("the project folder", p) for p in sorted({_resolved(p) for p in project_dirs})]
    for what, folder in sources + projects:
        if target == folder:
            raise OutputError(f"{shown} is {what}: {whole} ({fix})")
    # Never a folder of sources, nor one that holds them; site/ inside the project is fine.
    for what, folder in sources:
        if folder in target.parents:
            raise OutputError(f"{shown} is inside {what} {folder}: {whole} ({fix})")
    for what, folder in sources + projects:
        if target in folder.parents:
            raise OutputError(f"{shown} contains {what} {folder}: {whole} ({fix})")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{shown} is a file, not a folder: it would be replaced by the site "
                          f"({fix}, or move the file away)")
    if (target / ".git").exists():
        raise OutputError(f"{shown} is the root of a git work tree: the build would replace it and "
                          f"its history ({fix}; to publish with git, copy the built site into "
                          f"the work tree)")
    if target.is_dir() and is_previous_build(target):
        inner = _git_root_inside(target)
        if inner is not None:
            raise OutputError(f"{shown} holds the git work tree {inner}: the build would replace "
                              f"it and its history (move it out of the site folder first)")
    if target.is_dir() and not is_previous_build(target):
        try:
            empty = next(target.iterdir(), None) is None
        except OSError as e:
            raise io_error(f"read the output folder {target}", e) from None
        if not empty:
            raise OutputError(f"{shown} is not empty and was not built by this tool (it has no "
                              f"{MARKER} file): the build would replace everything in it ({fix}, "
                              f"or empty it yourself if it is an old copy of the site)")
    return target


def marker_text(version: str) -> str:
    """The marker's one line of JSON: which tool built the site, its version, when."""
    built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return json.dumps({"tool": TOOL, "version": version, "built_at": built_at}) + "\n"


# -- one build at a time --------------------------------------------------------------------------

@dataclass(frozen=True)
class Owner:
    pid: int
    started: str

    def __str__(self) -> str:
        return f"pid {self.pid}, started {self.started}"


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


class BuildLock:
    """An exclusive lock on building `target`, held for the whole build.

    flock on `.<name>.lock` beside the output folder: the kernel releases it when the holder
    exits, however it exits, so a killed build never blocks the next one. The file says who holds
    it (pid, start time) for the message of a build that has to wait. The file itself is kept:
    deleting it would let a third build lock a new file while the second still holds the old.
    """

    def __init__(self, target: Path, wait: float = 0.0, notice=print):
        self.path = lock_path(target)
        self.target = target
        self.wait = max(0.0, wait)
        self.notice = notice
        self._fd: int | None = None

    def owner(self) -> Owner | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Owner(int(data["pid"]), str(data["started"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def __enter__(self) -> BuildLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise io_error(f"create the build lock beside {self.target}", e) from None
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                owner = self.owner()
                who = f" ({owner})" if owner else ""
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise OutputError(
                        f"{self.target} is being built by another build{who}: wait for it to "
                        f"finish, or run again with --wait SECONDS to wait for it") from None
                if not told:
                    self.notice(f"waiting up to {self.wait:g} s for another build of "
                                f"{self.target}{who}")
                    told = True
                time.sleep(0.2)
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": started}).encode(), 0)
        except OSError:
            pass  # the owner's details are a courtesy; the flock is the lock
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)  # nobody holds it now
            except OSError:
                pass
            os.close(self._fd)  # releases the flock
            self._fd = None


# -- staging and swap ------------------------------------------------------------------------------

def old_path(target: Path) -> Path:
    return target.with_name(f".{target.name}-old")


def _staging_prefix(target: Path) -> str:
    return f".{target.name}-building-"


def staging_owner(target: Path, staging: Path) -> int | None:
    """The pid in a staging folder's name (`.site-building-<pid>-<random>`), None if it has
    none (a folder of an older version of the build: its owner is unknown)."""
    rest = staging.name[len(_staging_prefix(target)):]
    match = re.fullmatch(r"(\d+)-.+", rest)
    return int(match.group(1)) if match else None


def new_staging(target: Path) -> Path:
    """A new, empty staging folder beside `target`, named after this process."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(target)}{os.getpid()}-",
                                     dir=target.parent))
    except OSError as e:
        raise io_error(f"create a staging folder beside {target}", e) from None


def recover(target: Path) -> list[str]:
    """Repair what a build killed during or after the swap left; call it holding the lock.
    Returns what it did, for the user to read."""
    done = []
    old = old_path(target)
    if old.is_dir() and not old.is_symlink():
        # Killed between the two renames: the previous site goes back (into an empty folder
        # too, should someone have made one meanwhile).
        if not target.exists() or (target.is_dir() and next(target.iterdir(), None) is None):
            try:
                if target.exists():
                    target.rmdir()
                old.rename(target)
            except OSError as e:
                raise io_error(f"put the previous site back from {old}", e) from None
            done.append(f"restored {target} from {old.name} (a build was stopped during its swap)")
        else:  # killed after the swap, before removing the old site (the name is ours)
            shutil.rmtree(old, ignore_errors=True)
            done.append(f"removed {old}, the site an interrupted build had replaced")
    for staging in target.parent.glob(_staging_prefix(target) + "*"):
        pid = staging_owner(target, staging)
        if pid is None or not staging.is_dir() or staging.is_symlink():
            continue  # not named by this version of the build: not ours to judge
        if pid == os.getpid() or process_alive(pid):
            continue  # never another running build's work, even one without the lock
        shutil.rmtree(staging, ignore_errors=True)
        done.append(f"removed {staging.name}, left by a stopped build (pid {pid})")
    return done


def verify_complete(staging: Path, planned: Iterable[str], min_pages: int = 0) -> None:
    """Refuse a staging folder missing any planned file (site-relative paths), or with fewer
    HTML pages than the site plan has."""
    missing = sorted(p for p in set(planned) if not (staging / p).is_file())
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise OutputError(f"the build is incomplete: {len(missing)} planned file"
                          f"{'s' if len(missing) > 1 else ''} missing from {staging} ({shown}); "
                          f"was it changed while building? Build again")
    if min_pages:
        pages = sum(1 for _ in staging.rglob("*.html"))
        if pages < min_pages:
            raise OutputError(f"the build is incomplete: {pages} pages in {staging}, the site has "
                              f"{min_pages}; build again")


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames. Killed between them, `target` is missing
    and `.site-old` holds the previous site: `recover` puts it back."""
    old = old_path(target)
    # Ctrl-C or `kill` waits until both renames are done (SIGKILL cannot: see `recover`).
    signals = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; the site is for everyone to read
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
    except OSError as e:
        if old.is_dir() and not target.exists():
            old.rename(target)
        raise io_error(f"replace {target}", e) from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    shutil.rmtree(old, ignore_errors=True)
