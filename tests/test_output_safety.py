"""What `python build.py` guarantees about its output folder (plugins/regpub/output.py,
plugins/regpub/tempfolders.py): it writes only where nothing but a previous site can be lost,
one build at a time, swaps in only a complete site, repairs a swap cut by a kill, leaves no
temporary folders behind, and refuses a bad configuration or a full disk with one line."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from regpub import output, tempfolders
from sitecheck import FIXTURES, ROOT, run_build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def one_line_refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One --no-posters build of the mini data: the previous site the tests copy."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_build(FIXTURES / "mini", site, "--no-posters")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def previous_site(built: Path, tmp_path: Path) -> Path:
    site = tmp_path / "out" / "site"
    shutil.copytree(built, site)
    return site


def private_temp(tmp_path: Path) -> tuple[Path, dict]:
    """A temp folder of the build's own, and the environment that gives it to the build."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    return temp, {**os.environ, "TMPDIR": str(temp)}


# -- 1. where the site may be written -------------------------------------------------------------

def refusal(site_dir: Path) -> str:
    with pytest.raises(output.OutputError) as refused:
        output.safe_target(site_dir, data_dir=ROOT / "regulations", docs_dir=ROOT / "docs",
                           project_dirs=[ROOT])
    return str(refused.value)


@pytest.mark.parametrize("site_dir, reason", [
    ("regulations", "is the data folder"),
    ("regulations/x", "is inside the data folder"),
    ("regulations/villages", "is inside the data folder"),
    (".", "is the project folder"),
    ("..", "contains the data folder"),
    ("docs", "is the docs folder"),
    ("docs/assets", "is inside the docs folder"),
    ("/", "is the root of the file system"),
    ("plugins", "is not empty and was not built by this tool"),
    ("README.md", "is a file, not a folder"),
])
def test_the_project_s_own_folders_are_refused(site_dir, reason, monkeypatch):
    monkeypatch.chdir(ROOT)
    message = refusal(Path(site_dir))
    assert reason in message
    assert message.startswith(f"--site-dir {site_dir}")
    assert "--site-dir site" in message  # what to do instead


def test_home_a_git_work_tree_and_someone_s_files_are_refused(tmp_path):
    assert str(Path.home()) in refusal(Path.home())
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert "is the root of a git work tree" in refusal(tmp_path / "repo")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert f"has no {output.MARKER} file" in refusal(tmp_path / "photos")


def test_a_git_work_tree_inside_a_previous_site_is_refused(previous_site):
    (previous_site / "publish" / ".git").mkdir(parents=True)
    assert f"holds the git work tree {previous_site / 'publish'}" in refusal(previous_site)


def test_a_symlink_is_judged_by_the_folder_it_leads_to(tmp_path, previous_site):
    (tmp_path / "to-data").symlink_to(ROOT / "regulations")
    assert "is the data folder" in refusal(tmp_path / "to-data")
    assert "is inside the data folder" in refusal(tmp_path / "to-data" / "villages")
    (tmp_path / "to-site").symlink_to(previous_site)
    assert output.safe_target(tmp_path / "to-site", data_dir=ROOT / "regulations",
                              docs_dir=ROOT / "docs", project_dirs=[ROOT]) == previous_site


def test_new_empty_and_previously_built_folders_are_accepted(tmp_path, previous_site):
    (tmp_path / "empty").mkdir()
    for site_dir in (ROOT / "site", tmp_path / "new" / "site", tmp_path / "empty", previous_site):
        assert output.safe_target(site_dir, data_dir=ROOT / "regulations", docs_dir=ROOT / "docs",
                                  project_dirs=[ROOT]) == site_dir


@pytest.mark.parametrize("case", ["data folder", "inside data", "symlink to data",
                                  "someone's folder", "a file"])
def test_a_refused_output_folder_loses_nothing(case, mini_data, tmp_path):
    (tmp_path / "link").symlink_to(mini_data)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "minutes.txt").write_text("2025-05-10 村民大会", encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    site_dir = {"data folder": mini_data, "inside data": mini_data / "villages",
                "symlink to data": tmp_path / "link", "someone's folder": tmp_path / "notes",
                "a file": tmp_path / "a-file"}[case]
    before = snapshot(tmp_path)

    line = one_line_refusal(run_build(mini_data, site_dir, "--no-posters"))

    assert line.startswith(f"build refused: --site-dir {site_dir}")
    assert snapshot(tmp_path) == before  # nothing deleted, nothing written (no lock file either)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "link", "notes", "regulations"]


# -- 2. one build at a time, and only a complete site ----------------------------------------------

def test_a_second_build_names_the_first_and_refuses(previous_site):
    before = snapshot(previous_site)
    with output.BuildLock(previous_site):  # this test process is "the first build"
        at_once = run_build(FIXTURES / "mini", previous_site, "--no-posters")
        started = time.monotonic()
        after_waiting = run_build(FIXTURES / "mini", previous_site, "--no-posters", "--wait", "1")
        waited = time.monotonic() - started

    line = one_line_refusal(at_once)
    assert f"is being built by another build (pid {os.getpid()}, started " in line
    assert "--wait SECONDS" in line
    assert "waiting up to 1 s for another build" in after_waiting.stderr
    assert after_waiting.returncode == 1 and waited >= 1
    assert snapshot(previous_site) == before


def test_a_waiting_build_goes_ahead_and_removes_only_the_staging_of_dead_builds(previous_site):
    live = previous_site.with_name(f".site-building-{os.getpid()}-live")
    dead = previous_site.with_name(f".site-building-{dead_pid()}-dead")
    unknown = previous_site.with_name(".site-building-k2j4h1")  # an older build's: owner unknown
    for staging in (live, dead, unknown):
        staging.mkdir()
        (staging / "index.html").write_text("half a site", encoding="utf-8")

    lock = output.BuildLock(previous_site).__enter__()
    threading.Timer(1.5, lock.__exit__).start()
    result = run_build(FIXTURES / "mini", previous_site, "--no-posters", "--wait", "60")

    assert result.returncode == 0, result.stderr
    assert "waiting up to 60 s for another build" in result.stderr
    assert live.is_dir() and unknown.is_dir()
    assert not dead.exists()
    assert f"removed {dead.name}, left by a stopped build" in result.stderr


def test_a_staging_folder_changed_during_the_build_is_not_swapped_in(previous_site):
    """What two builds at once did: one deleted part of the other's staging folder."""
    before = snapshot(previous_site)
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--data",
                              str(FIXTURES / "mini"), "--site-dir", str(previous_site),
                              "--no-posters"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # The Chinese pages are written first: once Tibetan ones appear, the Chinese village page
    # is there, and nothing writes it again.
    while not [p for s in previous_site.parent.glob(".site-building-*")
               for p in (s / "bo").rglob("*.html")]:
        assert build.poll() is None and time.monotonic() < deadline, "the build ended too soon"
        time.sleep(0.02)
    staging = next(previous_site.parent.glob(".site-building-*"))
    (staging / "villages" / "tashi" / "index.html").unlink()  # not a key file: the plan's
    _, stderr = build.communicate(timeout=60)

    assert build.returncode == 1
    assert "build failed" in stderr and "the build is incomplete" in stderr
    assert "1 planned file missing" in stderr and "villages/tashi/index.html" in stderr
    assert snapshot(previous_site) == before
    assert not staging.exists()


# -- 3. a swap cut by a kill is repaired ----------------------------------------------------------

KILLED_SWAP = """
import os, shutil, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from regpub import output

new_site, target = Path(sys.argv[2]), Path(sys.argv[3])
staging = output.new_staging(target)
shutil.copytree(new_site, staging, dirs_exist_ok=True)
rename = Path.rename
def rename_then_die(self, to):  # the first rename (site -> .site-old) happens, then SIGKILL
    rename(self, to)
    os.kill(os.getpid(), signal.SIGKILL)
Path.rename = rename_then_die
output.swap_in(staging, target)
"""


def test_a_build_killed_between_the_two_renames_gets_its_site_back(previous_site, built, mini_data):
    before = snapshot(previous_site)
    killed = subprocess.run([sys.executable, "-c", KILLED_SWAP, str(ROOT / "plugins"), str(built),
                             str(previous_site)])
    assert killed.returncode == -signal.SIGKILL
    assert not previous_site.exists()  # the state the kill left: no site, .site-old
    assert snapshot(output.old_path(previous_site)) == before

    # Even a build that then fails (a broken revision file) puts the previous site back first.
    revision = next((mini_data / "villages").rglob("*.yaml"))
    revision.write_text("articles: [\n", encoding="utf-8")
    result = run_build(mini_data, previous_site, "--no-posters")

    assert result.returncode == 1
    assert f"restored {previous_site} from .site-old" in result.stderr
    assert snapshot(previous_site) == before
    assert not output.old_path(previous_site).exists()
    assert not list(previous_site.parent.glob(".site-building-*"))  # the dead swapper's staging


# -- 4. temporary folders ---------------------------------------------------------------------------

def test_a_poster_build_leaves_nothing_in_the_temp_folder_and_clears_dead_builds_leftovers(
        tmp_path, previous_site):
    temp, env = private_temp(tmp_path)
    orphan = temp / f"regpub-posters-{dead_pid()}-x1y2"  # a killed poster build's
    (orphan / "tmp" / "weasyprint-abc").mkdir(parents=True)
    running = temp / f"regpub-serve-{os.getpid()}-z3"  # a preview still running
    running.mkdir()

    result = run_build(FIXTURES / "mini", previous_site, env=env)

    assert result.returncode == 0, result.stderr
    assert (previous_site / "posters" / "phrases.pdf").is_file()
    left = sorted(p.name for p in temp.iterdir())
    assert left == ["jieba.cache", running.name]  # jieba's cache is kept on purpose: it is reused
    assert not [p for p in temp.rglob("weasyprint-*")]


def test_a_stopped_poster_build_removes_its_staging_and_temp_folders(tmp_path, previous_site):
    temp, env = private_temp(tmp_path)
    before = snapshot(previous_site)
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--data",
                              str(FIXTURES / "mini"), "--site-dir", str(previous_site)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while not list(temp.glob("regpub-posters-*/tmp/weasyprint-*")):  # rendering posters
        assert build.poll() is None and time.monotonic() < deadline, "the build ended too soon"
        time.sleep(0.05)
    build.send_signal(signal.SIGTERM)  # `kill`, as Ctrl-C does with SIGINT
    _, stderr = build.communicate(timeout=60)

    assert build.returncode == 130, stderr
    assert f"build stopped, {previous_site} left as it was" in stderr
    assert snapshot(previous_site) == before
    assert not list(previous_site.parent.glob(".site-building-*"))
    assert sorted(p.name for p in temp.iterdir()) == ["jieba.cache"]


def test_owned_temp_folders_go_with_their_block_or_their_dead_owner(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with tempfolders.owned_folder("serve", base=tmp_path) as folder:
            (folder / "mkdocs_x").mkdir()
            raise KeyboardInterrupt
    assert not folder.exists()
    mine = tmp_path / f"regpub-serve-{os.getpid()}-a"
    gone = tmp_path / f"regpub-serve-{dead_pid()}-b"
    other = tmp_path / "regpub-notes"  # our prefix, not our naming: not ours to remove
    for f in (mine, gone, other):
        f.mkdir()
    assert tempfolders.remove_orphans(tmp_path) == [gone]
    assert mine.is_dir() and other.is_dir()


# -- 5. never a traceback -----------------------------------------------------------------------------

@pytest.mark.parametrize("config, says", [
    ("missing.yml", "the configuration file does not exist"),
    (".", "the configuration file is a folder"),
    ("broken.yml", "invalid configuration"),
])
def test_a_missing_or_broken_config_is_one_line(config, says, tmp_path, previous_site):
    (tmp_path / "broken.yml").write_text("site_name: [\n", encoding="utf-8")
    before = snapshot(previous_site)
    result = run_build(FIXTURES / "mini", previous_site, "--no-posters",
                       "--config", str(tmp_path / config))
    line = one_line_refusal(result)
    assert line.startswith(f"build refused: {tmp_path / config}: {says}")
    assert snapshot(previous_site) == before


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a small tmpfs (root only): `tmpfs(size_mb)` returns its folder."""
    mounted = []

    def mount(size_mb: int) -> Path:
        folder = tmp_path / f"tmpfs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs",
                               str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(folder)
        return folder

    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_parent_is_one_line_and_the_site_stays(tmpfs, built):
    parent = tmpfs(20)
    shutil.copytree(built, parent / "site")
    before = snapshot(parent / "site")
    subprocess.run(["mount", "-o", "remount,ro", str(parent)], check=True)

    line = one_line_refusal(run_build(FIXTURES / "mini", parent / "site", "--no-posters"))

    assert "Read-only file system" in line and "make it writable" in line
    assert snapshot(parent / "site") == before


def test_a_full_disk_is_one_line_and_the_site_stays(tmpfs, built):
    size_mb = sum(p.stat().st_size for p in built.rglob("*") if p.is_file()) // 1_000_000
    parent = tmpfs(size_mb + 2)  # room for the previous site, not for a second one beside it
    shutil.copytree(built, parent / "site")
    before = snapshot(parent / "site")

    result = run_build(FIXTURES / "mini", parent / "site", "--no-posters")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "No space left on device" in result.stderr and "free some space" in result.stderr
    assert f"build failed, {parent / 'site'} left as it was" in result.stderr
    assert snapshot(parent / "site") == before
    assert sorted(p.name for p in parent.iterdir()) == [".site.lock", "site"]


def test_a_lock_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    """A parent folder without write permission (a tmpfs needs root; this does not)."""
    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(output.OutputError) as refused:
        output.BuildLock(tmp_path / "site").__enter__()
    assert str(refused.value) == (
        f"cannot create the build lock beside {tmp_path / 'site'}: {tmp_path / '.site.lock'}: "
        f"Permission denied (make it writable, or choose another folder with --site-dir)")


def test_a_swap_that_fails_half_way_puts_the_previous_site_back(tmp_path, built, monkeypatch):
    site, staging = tmp_path / "site", tmp_path / ".site-building-1-x"
    shutil.copytree(built, site)
    shutil.copytree(built, staging)
    (staging / "index.html").write_text("the new site", encoding="utf-8")
    before = snapshot(site)
    rename, calls = Path.rename, []

    def second_rename_fails(self, to):
        calls.append((self, to))
        if len(calls) == 2:  # staging -> site
            raise OSError(28, "No space left on device")
        return rename(self, to)

    monkeypatch.setattr(Path, "rename", second_rename_fails)
    with pytest.raises(output.OutputError, match="No space left on device .free some space"):
        output.swap_in(staging, site)

    assert snapshot(site) == before
    assert not output.old_path(site).exists()
