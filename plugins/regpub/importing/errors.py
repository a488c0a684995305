"""The importer's one error: a refusal the user can act on."""
from __future__ import annotations


class ImportFailed(Exception):
    """Refused or failed: the message says why and what to do. Nothing was written."""
