"""Shared test set-up: the plugin package on the path, and small valid data sets to edit."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sample_data: checks the shipped sample data in regulations/, not the code")


def pytest_collection_modifyitems(items):
    # A test that builds the shipped data checks the samples whatever it says, so that
    # `-m "not sample_data"` never depends on what regulations/ holds.
    for item in items:
        if "shipped_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.sample_data)


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A copy of the tiny valid data set (2 villages, 3 revisions) at tmp_path/regulations."""
    target = tmp_path / "regulations"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory):
    """The site built from the shipped data in regulations/, as `python build.py` builds it
    (posters left out: test_posters covers them)."""
    from sitecheck import BuiltSite, run_build

    if not (ROOT / "regulations" / "villages").is_dir():
        pytest.skip("regulations/ holds no villages/: no data to build")
    out = tmp_path_factory.mktemp("shipped") / "site"
    result = run_build(ROOT / "regulations", out, "--no-posters")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = BuiltSite(out, base_path="/nyalam/")
    site.build_output = result.stdout + result.stderr
    return site
