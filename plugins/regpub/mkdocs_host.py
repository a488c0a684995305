"""MkDocs glue: the pipeline's page host (pipeline.PageHost) and the live preview.

The only place besides plugin.py and config.py that knows MkDocs: it reads mkdocs.yml into the
pipeline's Options, hands the prepared model to the `regulations` plugin and runs MkDocs to
write the pages. A move to another generator replaces this module, plugin.py and config.py.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError
from mkdocs.plugins import BasePlugin, event_priority

from .pipeline import HostProblem, Model, Options
from .plugin import RegulationsPlugin, options_of
from .tempfolders import owned_folder, remove_orphans

PLUGIN = "regulations"  # the plugin's name in mkdocs.yml (its entry point, plugins/setup.cfg)


def read_config(config_file: Path, **overrides) -> MkDocsConfig:
    """MkDocs' configuration, or HostProblem instead of a traceback."""
    hint = "give the path of the site's mkdocs.yml with --config"
    if not config_file.is_file():
        what = "is a folder" if config_file.is_dir() else "does not exist"
        raise HostProblem(f"{config_file}: the configuration file {what} ({hint})")
    try:
        return load_config(str(config_file), **overrides)
    except OSError as e:
        raise HostProblem(f"{config_file}: cannot read the configuration: "
                          f"{e.strerror or e} ({hint})") from None
    except (ConfigurationError, yaml.YAMLError, UnicodeDecodeError) as e:
        reason = " ".join(str(e).split())  # MkDocs and PyYAML messages span lines
        raise HostProblem(f"{config_file}: invalid configuration: {reason}") from None


class MkDocsHost:
    """MkDocs + Material + mkdocs-static-i18n, writing the pages of a prepared model."""

    def __init__(self, config_file: Path):
        self.config_file = config_file
        config = self._config = read_config(config_file)
        self.site_dir = Path(config.site_dir)
        self.docs_dir = Path(config.docs_dir)
        self.config_dir = config_file.resolve().parent

    def options(self, data_dir: Path, posters: bool) -> Options:
        return options_of(self._config, self._plugin(self._config), data_dir=data_dir.resolve(),
                          posters=posters)

    def write_pages(self, model: Model, site_dir: Path) -> set[str]:
        config = read_config(self.config_file, site_dir=str(site_dir))
        self._plugin(config).hand_over(model)
        planned = _record_planned_files(config)
        try:
            mkdocs_build(config)
        except (Abort, BuildError, ConfigurationError) as e:
            raise HostProblem(str(e)) from e
        return planned

    def _plugin(self, config: MkDocsConfig) -> RegulationsPlugin:
        plugin = config.plugins.get(PLUGIN)
        if not isinstance(plugin, RegulationsPlugin):
            raise HostProblem(f"{self.config_file}: the `{PLUGIN}` plugin is not configured "
                              f"(add it under plugins:)")
        return plugin


def _record_planned_files(config: MkDocsConfig) -> set[str]:
    """The site-relative path of every file MkDocs will write, in every language, filled in as
    the build runs: the staging folder must hold them all before it is swapped in."""
    planned: set[str] = set()

    class PlannedFiles(BasePlugin):
        @event_priority(-1000)  # after every plugin (ours at -110, i18n) added or dropped files
        def on_files(self, files, config):
            planned.update(f.dest_uri for f in files if f.inclusion.is_included())
            return files

    config.plugins["regpub-planned-files"] = PlannedFiles()
    return planned


def serve(config_file: Path, data_dir: Path, lang: str) -> int:
    """A live preview that rebuilds when a YAML file, a template or a page changes: MkDocs
    drives, the plugin prepares the model itself (pipeline.prepare reloads only changed data)."""
    import sys

    from mkdocs.commands.serve import serve as mkdocs_serve

    # Read by mkdocs.yml (!ENV): the regulations plugin's data_dir and preview_lang.
    os.environ["REGPUB_DATA"] = str(data_dir.resolve())
    if lang != "both":
        os.environ["REGPUB_PREVIEW_LANG"] = lang
    try:
        read_config(config_file)
    except HostProblem as e:
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
