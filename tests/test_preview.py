"""`python build.py serve --lang zh` previews one language: the other language keeps only its
county pages (the menu's), so an edit shows in half the time."""
from __future__ import annotations

import os
import subprocess
import sys

from sitecheck import FIXTURES, ROOT


def test_a_chinese_preview_leaves_out_the_tibetan_village_pages(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--data", str(FIXTURES / "mini"), "--site-dir",
         str(site), "--no-posters"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "REGPUB_PREVIEW_LANG": "zh"})
    assert result.returncode == 0, result.stderr
    assert (site / "villages/tashi/index.html").is_file()
    assert (site / "villages/tashi/points/index.html").is_file()
    assert not (site / "bo/villages/tashi/index.html").exists()
    assert (site / "bo/phrases/index.html").is_file()  # the Tibetan menu still leads somewhere
    assert "bo: previewing zh: county pages only" in result.stderr + result.stdout
