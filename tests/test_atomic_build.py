"""A build that fails or is killed half-way leaves the previous site whole."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

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
    # The next build clears what the killed one left and succeeds.
    assert run_build(FIXTURES / "mini", site, "--no-posters").returncode == 0
    assert not list(tmp_path.glob(".site-building-*"))
