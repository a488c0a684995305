#!/usr/bin/env python3
"""Validate the regulations and build the bilingual site.

    python build.py            validate, then build the site and its PDF posters into site/
    python build.py --no-posters   the same without the posters (quicker while editing)
    python build.py --check    validate only
    python build.py serve      live preview that reloads when a YAML file changes
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice, on every run
sys.path.insert(0, str(ROOT / "plugins"))  # works before `pip install -e plugins` too

from regpub.load import DataError, load  # noqa: E402


def check(data_dir: Path, posters: bool = True) -> int:
    started = time.monotonic()
    try:
        county = load(data_dir)
        if posters:  # every character a poster prints is in the poster fonts
            from regpub.posters import check_fonts
            check_fonts(county, data_dir)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    revisions = sum(len(r.revisions) for r in county.regulations.values())
    print(f"ok: {len(county.townships)} townships, {len(county.villages)} villages, "
          f"{len(county.regulations)} regulations, {revisions} revisions, "
          f"{len(county.phrases)} phrases ({time.monotonic() - started:.2f} s)")
    return 0


def build(config_file: Path, site_dir: Path | None, data_dir: Path, posters: bool = True) -> int:
    """Build into a fresh folder beside the target and swap it in only when the build succeeded,
    so a failed or interrupted build leaves the previous site whole. The posters are part of the
    build: a poster that fails fails the build."""
    from concurrent.futures.process import BrokenProcessPool

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError
    from regpub.posters import PosterError

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.monotonic()
    config = load_config(str(config_file))
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}-building-*"):  # from a killed build
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        config.plugins["regulations"].config.data_dir = str(data_dir.resolve())
        if posters:
            link_posters(config)
        mkdocs_build(config)
        if posters:
            make_posters(config, staging / "posters", data_dir)
        make_offline_copies(staging, config.site_url or "")
    except DataError as e:
        shutil.rmtree(staging, ignore_errors=True)
        print(e.report(), file=sys.stderr)
        return 1
    except (Abort, BuildError, ConfigurationError, PosterError, BrokenProcessPool,
            KeyboardInterrupt) as e:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed, {target} left as it was: {e}", file=sys.stderr)
        return 1
    swap_in(staging, target)
    pages = sum(1 for _ in target.rglob("*.html"))
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"built {target}: {pages} pages, {size / 1e6:.1f} MB, in {time.monotonic() - started:.1f} s")
    return 0


def make_offline_copies(site: Path, site_url: str) -> None:
    """One zip per language for a USB stick or a phone, opened from a folder (file://)."""
    from concurrent.futures import ThreadPoolExecutor

    from regpub.offline import write_zip

    def one(lang: str) -> str:
        out = site / "downloads" / f"nyalam-regulations-{lang}.zip"
        count = write_zip(site, lang, out, site_url)
        return f"offline copy {lang}: {count} files, {out.stat().st_size / 1e6:.1f} MB"

    with ThreadPoolExecutor(2) as pool:  # zlib works outside the GIL: the two zips overlap
        for line in pool.map(one, ("zh", "bo")):
            print(line)


def link_posters(config) -> None:
    """Let the pages link the posters: only a build that makes them shows the links (a
    --no-posters build, `serve` or plain `mkdocs build` would link files that do not exist)."""
    from mkdocs.plugins import BasePlugin

    regulations = config.plugins["regulations"]

    class PosterLinks(BasePlugin):
        def on_nav(self, nav, config, files):  # after on_config made the renderer, before pages
            regulations.renderer.env.globals["posters"] = True
            return nav

    config.plugins["regpub-poster-links"] = PosterLinks()


def make_posters(config, out_dir: Path, data_dir: Path) -> None:
    """The PDF posters of the county the MkDocs build loaded, into the staging folder."""
    from regpub.posters import build_posters

    county = config.plugins["regulations"].county
    summary = build_posters(county, out_dir, config.site_url or "", data_dir=data_dir)
    print(summary, flush=True)


def swap_in(staging: Path, target: Path) -> None:
    staging.chmod(0o755)  # mkdtemp makes it private; the site is for everyone to read
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, data_dir: Path, lang: str) -> int:
    """A live preview that rebuilds when a YAML file, a template or a page changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    # Read by mkdocs.yml (!ENV): the regulations plugin's data_dir and preview_lang.
    os.environ["REGPUB_DATA"] = str(data_dir.resolve())
    if lang != "both":
        os.environ["REGPUB_PREVIEW_LANG"] = lang
    mkdocs_serve(str(config_file), livereload=True)
    return 0


def lock_revisions(data_dir: Path) -> int:
    from regpub.lock import LOCK_NAME, write_lock

    added = write_lock(data_dir, load(data_dir))
    for key in added:
        print(f"locked {key}")
    print(f"{len(added)} revision{'s' if len(added) != 1 else ''} added to {LOCK_NAME}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:  # python build.py import <file> --village ID --date YYYY-MM-DD
        from regpub.importer import main as import_main
        return import_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=["build", "serve", "lock"], default="build",
                        help="lock: record the SHA-256 of every revision not yet locked in "
                             "regulations/published.lock")
    parser.add_argument("--check", action="store_true", help="validate the data only")
    parser.add_argument("--data", type=Path, default=ROOT / "regulations", help="data folder")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None)
    parser.add_argument("--lang", choices=["zh", "bo", "both"], default="zh",
                        help="serve: the language to preview (default zh; 'both' is slower)")
    parser.add_argument("--no-posters", action="store_true",
                        help="skip the PDF posters (a quicker build while editing)")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.data, posters=not args.no_posters)
    if args.command == "build":  # the build loads and validates the data itself, once
        return build(args.config, args.site_dir, args.data, posters=not args.no_posters)
    status = check(args.data, posters=False)
    if status:
        return status
    if args.command == "lock":
        return lock_revisions(args.data)
    if args.command == "serve":
        return serve(args.config, args.data, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
