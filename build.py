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
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice, on every run
sys.path.insert(0, str(ROOT / "plugins"))  # works before `pip install -e plugins` too

from regpub.load import DataError, load  # noqa: E402


def print_warnings(county) -> None:
    """The data's warnings (problems that do not stop the build, e.g. a Tibetan syllable in a
    draft), one `warning: path:line: ...` line each, then a count by rule."""
    from collections import Counter

    for problem in county.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    if county.warnings:
        n = len(county.warnings)
        rules = Counter(p.rule for p in county.warnings)
        by_rule = ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items()))
        print(f"{n} warning{'s' if n != 1 else ''} ({by_rule})", file=sys.stderr)


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
    for notice in county.notices:  # e.g. translation work on a published revision (lock.py)
        print(notice)
    print_warnings(county)
    revisions = sum(len(r.revisions) for r in county.regulations.values())
    print(f"ok: {len(county.townships)} townships, {len(county.villages)} villages, "
          f"{len(county.regulations)} regulations, {revisions} revisions, "
          f"{len(county.phrases)} phrases ({time.monotonic() - started:.2f} s)")
    return 0


class ConfigProblem(Exception):
    """mkdocs.yml is missing, unreadable or invalid: one line, with what to do."""


def load_mkdocs_config(config_file: Path, **options):
    """MkDocs' configuration, or ConfigProblem instead of a traceback."""
    import yaml
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    hint = "give the path of the site's mkdocs.yml with --config"
    if not config_file.is_file():
        what = "is a folder" if config_file.is_dir() else "does not exist"
        raise ConfigProblem(f"{config_file}: the configuration file {what} ({hint})")
    try:
        return load_config(str(config_file), **options)
    except OSError as e:
        raise ConfigProblem(f"{config_file}: cannot read the configuration: "
                            f"{e.strerror or e} ({hint})") from None
    except (ConfigurationError, yaml.YAMLError, UnicodeDecodeError) as e:
        reason = " ".join(str(e).split())  # MkDocs and PyYAML messages span lines
        raise ConfigProblem(f"{config_file}: invalid configuration: {reason}") from None


def key_files(languages: list[str]) -> set[str]:
    """Files every complete site has, whatever MkDocs says it planned (site-relative), for the
    languages built whole (a one-language preview builds one)."""
    from regpub import site

    keys = {"404.html", "sitemap.xml"}
    for lang in languages:
        keys.update(site.url("", lang) + name for name in
                    ("index.html", "feed.xml", "phrases/index.html", "search/index.js"))
    if site.DEFAULT_LANG in languages:  # the open data, once for both languages
        keys.update(("data/index.json", "data/articles.csv", "data/points.csv"))
    return keys


def build(config_file: Path, site_dir: Path | None, data_dir: Path, posters: bool = True,
          wait: float = 0.0) -> int:
    """Build into a fresh folder beside the target and swap it in only when the build succeeded
    and is complete, so a failed or interrupted build leaves the previous site whole. The posters
    are part of the build: a poster that fails fails the build. See regpub/output.py for where
    the site may be written, and the lock that keeps to one build at a time."""
    from regpub.output import BuildLock, OutputError, io_error, recover, safe_target

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.monotonic()
    try:
        config = load_mkdocs_config(config_file)

        def checked() -> Path:
            return safe_target(Path(site_dir or config.site_dir), data_dir=data_dir,
                               docs_dir=Path(config.docs_dir),
                               project_dirs=(ROOT, config_file.resolve().parent))

        target = checked()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise io_error(f"create the folder of {target}", e) from None
        with BuildLock(target, wait, notice=lambda line: print(line, file=sys.stderr, flush=True)):
            for line in recover(target):
                print(line, file=sys.stderr)
            target = checked()  # again: the folder may have changed while this build waited
            return build_locked(config_file, target, data_dir, posters, started)
    except ConfigProblem as e:
        print(f"build refused: {e}", file=sys.stderr)
        return 1
    except OutputError as e:
        print(f"build refused: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # while waiting for another build, or before building
        print("build stopped before it began; nothing changed", file=sys.stderr)
        return 130


def build_locked(config_file: Path, target: Path, data_dir: Path, posters: bool,
                 started: float) -> int:
    """The build itself, holding the lock on `target`."""
    from concurrent.futures.process import BrokenProcessPool

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError
    from regpub import output, site
    from regpub.posters import PosterError
    from regpub.tempfolders import remove_orphans

    for folder in remove_orphans():
        print(f"removed {folder}, left by a stopped build or preview", file=sys.stderr)
    staging = output.new_staging(target)
    try:
        config = load_mkdocs_config(config_file, site_dir=str(staging))
        config.plugins["regulations"].config.data_dir = str(data_dir.resolve())
        planned = record_planned_files(config)
        if posters:
            link_posters(config)
        mkdocs_build(config)
        county = config.plugins["regulations"].county
        if posters:
            make_posters(config, staging / "posters", data_dir)
            from regpub.posters import poster_names
            planned.update(f"posters/{name}" for name in poster_names(county))
        planned.update(make_offline_copies(staging, config.site_url or ""))
        (staging / output.MARKER).write_text(output.marker_text(_version()), encoding="utf-8")
        # Every generated page in each language built at least (a preview builds one whole);
        # `planned` adds the hand-written pages, assets and data files MkDocs said it would write.
        preview = config.plugins["regulations"].config.preview_lang
        languages = [preview] if preview else list(site.LANGS)
        output.verify_complete(staging, planned | key_files(languages) | {output.MARKER},
                               min_pages=len(languages) * sum(1 for _ in site.pages(county)))
        output.swap_in(staging, target)
    except DataError as e:
        shutil.rmtree(staging, ignore_errors=True)
        print(e.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build stopped, {target} left as it was", file=sys.stderr)
        return 130
    except (Abort, BuildError, ConfigurationError, ConfigProblem, PosterError, BrokenProcessPool,
            output.OutputError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed, {target} left as it was: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # a full disk, a folder made read-only while building...
        shutil.rmtree(staging, ignore_errors=True)
        error = output.io_error(f"write the site in {target.parent}", e)
        print(f"build failed, {target} left as it was: {error}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = sum(1 for _ in target.rglob("*.html"))
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print_warnings(county)
    print(f"built {target}: {pages} pages, {size / 1e6:.1f} MB, in {time.monotonic() - started:.1f} s")
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("regpub")
    except PackageNotFoundError:  # run from a checkout without `pip install -e plugins`
        return "unknown"


def record_planned_files(config) -> set[str]:
    """The site-relative path of every file MkDocs will write, in every language, filled in as
    the build runs: the staging folder must hold them all before it is swapped in."""
    from mkdocs.plugins import BasePlugin, event_priority

    planned: set[str] = set()

    class PlannedFiles(BasePlugin):
        @event_priority(-1000)  # after every plugin (ours at -110, i18n) added or dropped files
        def on_files(self, files, config):
            planned.update(f.dest_uri for f in files if f.inclusion.is_included())
            return files

    config.plugins["regpub-planned-files"] = PlannedFiles()
    return planned


def make_offline_copies(site: Path, site_url: str) -> list[str]:
    """One zip per language for a USB stick or a phone, opened from a folder (file://); returns
    their site-relative paths."""
    from concurrent.futures import ThreadPoolExecutor

    from regpub.offline import write_zip

    def one(lang: str) -> str:
        out = site / "downloads" / f"nyalam-regulations-{lang}.zip"
        count = write_zip(site, lang, out, site_url)
        return f"offline copy {lang}: {count} files, {out.stat().st_size / 1e6:.1f} MB"

    with ThreadPoolExecutor(2) as pool:  # zlib works outside the GIL: the two zips overlap
        for line in pool.map(one, ("zh", "bo")):
            print(line)
    return [f"downloads/nyalam-regulations-{lang}.zip" for lang in ("zh", "bo")]


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

    regulations = config.plugins["regulations"]
    summary = build_posters(regulations.county, out_dir, config.site_url or "", data_dir=data_dir,
                            bo_numerals=regulations.config.bo_numerals)
    print(summary, flush=True)


def serve(config_file: Path, data_dir: Path, lang: str) -> int:
    """A live preview that rebuilds when a YAML file, a template or a page changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from regpub.tempfolders import owned_folder, remove_orphans

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    # Read by mkdocs.yml (!ENV): the regulations plugin's data_dir and preview_lang.
    os.environ["REGPUB_DATA"] = str(data_dir.resolve())
    if lang != "both":
        os.environ["REGPUB_PREVIEW_LANG"] = lang
    try:
        load_mkdocs_config(config_file)
    except ConfigProblem as e:
        print(f"serve refused: {e}", file=sys.stderr)
        return 1
    for folder in remove_orphans():
        print(f"removed {folder}, left by a stopped build or preview", file=sys.stderr)
    # MkDocs previews from a `mkdocs_*` folder (23 MB) in the temp folder that a killed preview
    # keeps: make it inside a folder of ours, which the next run removes if this one is killed.
    with owned_folder("serve") as folder:
        tempfile.tempdir = str(folder)
        try:
            mkdocs_serve(str(config_file), livereload=True)
        finally:
            tempfile.tempdir = None
    return 0


def migrate_lock(data_dir: Path) -> int:
    """Rewrite published.lock in the current format; each entry only if its file still has the
    SHA-256 the lock recorded (regpub.lock.migrate), so no unverified edit is blessed."""
    from regpub.lock import LOCK_NAME, SUM_NAME, migrate

    try:
        county = load(data_dir, verify_lock=False)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    withdrawn = {w.file for w in county.withdrawals}
    count, problems = migrate(data_dir, data_dir.name, county, withdrawn)
    if problems:
        print(DataError(problems).report().replace("nothing was built", f"{LOCK_NAME} left as it was"),
              file=sys.stderr)
        return 1
    print(f"{LOCK_NAME} rewritten: {count} entries, each checked against its file; {SUM_NAME} written")
    return check(data_dir, posters=False)


def lock_revisions(data_dir: Path) -> int:
    from regpub.lock import LOCK_NAME, write_lock

    done = write_lock(data_dir, load(data_dir))
    for key in done.added:
        print(f"locked {key}")
    for key in done.corrected:  # its Tibetan may now change again without a new correction
        print(f"recorded the correction of {key}")
    added = done.added
    print(f"{len(added)} revision{'s' if len(added) != 1 else ''} added to {LOCK_NAME}")
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:  # python build.py import <file> --village ID --date YYYY-MM-DD
        from regpub.importer import main as import_main
        return import_main(argv[1:])
    if argv[:1] == ["translations"]:  # python build.py translations export|import ...
        from regpub.exchange import main as translations_main
        return translations_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=["build", "serve", "lock"], default="build",
                        help="lock: record the SHA-256 of every revision not yet locked in "
                             "regulations/published.lock")
    parser.add_argument("--check", action="store_true", help="validate the data only")
    parser.add_argument("--migrate", action="store_true",
                        help="lock: rewrite published.lock in the current format, checking each "
                             "file against the sha256 it was locked with")
    parser.add_argument("--data", type=Path, default=ROOT / "regulations", help="data folder")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="the output folder (default: site_dir of mkdocs.yml); it must be new, "
                             "empty or a site this tool built")
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="when another build of the same output folder is running, wait up "
                             "to this long for it (default 0: refuse at once)")
    parser.add_argument("--lang", choices=["zh", "bo", "both"], default="zh",
                        help="serve: the language to preview (default zh; 'both' is slower)")
    parser.add_argument("--no-posters", action="store_true",
                        help="skip the PDF posters (a quicker build while editing)")
    args = parser.parse_args(argv)
    # `kill` (SIGTERM) ends a build like Ctrl-C: the staging and temporary folders are removed.
    signal.signal(signal.SIGTERM, _interrupt)
    if args.check:
        return check(args.data, posters=not args.no_posters)
    if args.command == "build":  # the build loads and validates the data itself, once
        return build(args.config, args.site_dir, args.data, posters=not args.no_posters,
                     wait=args.wait)
    if args.command == "lock" and args.migrate:  # the old lock does not pass the check
        return migrate_lock(args.data)
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
