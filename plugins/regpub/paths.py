"""How the data folder is laid out: the names the loader, the lock and the importer share.

The bottom layer (imports nothing of ours), so that readers, the lock and the importer can
agree on a file name without importing one another.
"""
from __future__ import annotations

import re

DIVISIONS = "divisions.yaml"  # townships and their villages
VILLAGES = "villages"  # villages/<village id>/<date>.yaml: one file per revision
# A revision file is named after its adoption date; any other name in a village's folder is
# not a revision (the loader says so, the importer skips it).
REVISION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")


def revision_file(village_id: str, adopted: str) -> str:
    """`villages/<id>/<YYYY-MM-DD>.yaml`, relative to the data folder."""
    return f"{VILLAGES}/{village_id}/{adopted}.yaml"
