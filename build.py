#!/usr/bin/env python3
"""Validate the regulations and build the bilingual site.

    python build.py            validate, then build the site and its PDF posters into site/
    python build.py --no-posters   the same without the posters (quicker while editing)
    python build.py --check    validate only
    python build.py serve      live preview that reloads when a YAML file changes

The build itself is plugins/regpub/pipeline.py (docs/ARCHITECTURE.md); this file only reads
the command line and calls it.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice, on every run
sys.path.insert(0, str(ROOT / "plugins"))  # works before `pip install -e plugins` too


def build(config_file: Path, site_dir: Path | None, data_dir: Path, posters: bool = True,
          wait: float = 0.0) -> int:
    """The pipeline, with MkDocs hosting the pages."""
    from regpub.mkdocs_host import MkDocsHost
    from regpub.pipeline import Build, HostProblem

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        host = MkDocsHost(config_file)
    except HostProblem as e:
        print(f"build refused: {e}", file=sys.stderr)
        return 1
    return Build(host, data_dir, site_dir, posters=posters, wait=wait, version=_version(),
                 project_dirs=(ROOT,)).run()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("regpub")
    except PackageNotFoundError:  # run from a checkout without `pip install -e plugins`
        return "unknown"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:  # python build.py import <file> --village ID --date YYYY-MM-DD
        from regpub.importing import main as import_main
        return import_main(argv[1:])
    if argv[:1] == ["export"]:  # python build.py export --village ID [--revision DATE] --out F.docx
        from regpub.importing.export import main as export_main
        return export_main(argv[1:])
    if argv[:1] == ["translations"]:  # python build.py translations export|import ...
        from regpub.exchange import main as translations_main
        return translations_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=["build", "serve", "lock"], default="build",
                        help="lock: record the SHA-256 of every revision not yet locked in "
                             "regulations/published.lock, and the Tibetan translation state of "
                             "locked ones whose adopted parts are unchanged")
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
    parser.add_argument("--verbose", action="store_true",
                        help="--check: list every locked revision whose Tibetan changed since "
                             "`lock` recorded it (by default many are summed up in one line)")
    parser.add_argument("--no-posters", action="store_true",
                        help="skip the PDF posters (a quicker build while editing)")
    args = parser.parse_args(argv)
    # `kill` (SIGTERM) ends a build like Ctrl-C: the staging and temporary folders are removed.
    signal.signal(signal.SIGTERM, _interrupt)
    from regpub import commands

    if args.check:
        return commands.check(args.data, posters=not args.no_posters, verbose=args.verbose)
    if args.command == "build":  # the build loads and validates the data itself, once
        return build(args.config, args.site_dir, args.data, posters=not args.no_posters,
                     wait=args.wait)
    if args.command == "lock" and args.migrate:  # the old lock does not pass the check
        return commands.migrate_lock(args.data)
    status = commands.check(args.data, posters=False)
    if status:
        return status
    if args.command == "lock":
        return commands.lock_revisions(args.data)
    if args.command == "serve":
        from regpub.mkdocs_host import serve

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        return serve(args.config, args.data, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
