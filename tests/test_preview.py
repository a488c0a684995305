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


def test_when_mkdocs_drives_the_plugin_asks_the_pipeline_and_sees_an_edit(
        mini_data, tmp_path, monkeypatch):
    """What `python build.py serve` does on every change: MkDocs builds again in the same
    process; the plugin asks pipeline.prepare for the model (loaded again only when a data file
    changed) and has the pipeline write the feed, search and open data beside the pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("REGPUB_DATA", str(mini_data))
    monkeypatch.setenv("REGPUB_PREVIEW_LANG", "zh")
    site = tmp_path / "site"

    def rebuild() -> str:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site)))
        return (site / "data/villages/tashi.json").read_text(encoding="utf-8")

    assert "扎西村村规民约新" not in rebuild()
    assert (site / "search/index.js").is_file() and (site / "feed.xml").is_file()
    revision = mini_data / "villages/tashi/2025-05-10.yaml"
    text = revision.read_text(encoding="utf-8")
    revision.write_text(text.replace("title: {zh: 扎西村村规民约,", "title: {zh: 扎西村村规民约新,"),
                        encoding="utf-8")
    assert "扎西村村规民约新" in rebuild()


def test_the_model_is_loaded_again_only_when_the_data_changed(mini_data):
    from regpub.pipeline import Options, prepare

    options = Options(data_dir=mini_data)
    first = prepare(options)
    assert prepare(options) is first  # a rebuild after a template edit: no reload
    (mini_data / "phrases.yaml").write_text(
        (mini_data / "phrases.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = prepare(options)
    assert again is not first and again.county.phrases == first.county.phrases
