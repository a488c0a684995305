"""Shared test set-up: the plugin package on the path, and small valid data sets to edit."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A copy of the tiny valid data set (2 villages, 3 revisions) at tmp_path/regulations."""
    target = tmp_path / "regulations"
    shutil.copytree(FIXTURES / "mini", target)
    return target
