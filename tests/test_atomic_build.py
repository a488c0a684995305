"""A build that fails or is killed half-way leaves the previous site whole."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from sitecheck import FIXTURES, ROOT, run_build


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_killed_build_leaves_the_previous_site_whole(tmp_path):
    site = tmp_path / "site"
    assert run_build(FIXTURES / "mini", site, "--no-posters").returncode == 0
    before = snapshot(site)

    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--data", str(FIXTURES / "mini"),
                              "--site-dir", str(site), "--no-posters"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    # Kill it once it is writing pages into its staging folder.
    while not any(p.is_file() for s in tmp_path.glob(".site-building-*") for p in s.rglob("*.html")):
        assert build.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    build.send_signal(signal.SIGKILL)
    build.wait()

    assert snapshot(site) == before
    # Its worker processes (search vocabulary, posters) end with it rather than wait forever.
    assert _workers_of(site) == [] or _gone_within(5, lambda: _workers_of(site) == [])
    # The next build clears what the killed one left and succeeds.
    assert run_build(FIXTURES / "mini", site, "--no-posters").returncode == 0
    assert not list(tmp_path.glob(".site-building-*"))


def _workers_of(site) -> list[str]:
    """Processes still running a build into `site` (by command line)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "build.py" in cmdline and str(site) in cmdline:
            found.append(proc.name)
    return found


def _gone_within(seconds: float, done) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.2)
    return False
