"""Import a village regulation from a Word (.docx) or text (.txt) file as a new revision file.

    python build.py import <file> --village <id> --date <YYYY-MM-DD>
                           [--data regulations] [--kind revision|initial|review] [--body 村民代表大会]

The county keeps its regulations as Word files; this turns one into
`regulations/villages/<id>/<date>.yaml` without retyping:

- Structure: `第X章 ...` chapter headings and `第X条 ...` articles (Chinese numerals or digits);
  without any 第X条 the plainly numbered items `1.` `1、` `（1）` or `一、` are the articles. A
  line before the first article that ends in 村规民约 (居民公约 ...) is the title. Every other line
  the importer cannot place (a preamble, text between a chapter heading and its first article,
  a signature or date after the last article) is reported with its line number, never dropped
  silently.
- Ids: an article keeps the id it has in the village's previous revision (the latest one before
  --date) when its text is the same after normalising spaces and punctuation, or similar enough
  (difflib ratio >= 0.85; best matches first, each old article at most once). Chapters keep
  their id when their title is the same. Other articles get `art-<n>` (n: the article's number),
  chapters `ch-<n>`; an id the village ever used for something else is never given again.
- Carry-over (carry, translation.carry): an article that keeps its id keeps its phrase tags and
  provisions, and its Tibetan with status and review when its Chinese is the same after
  normalising; when the Chinese changed, the old Tibetan stays as `outdated` with the old
  Chinese in `bo_was`, and its provisions are flagged for a check. Chapter titles, the title and
  the adopting body likewise. A text with nothing to continue gets a `draft` from the county's
  translation memory on an exact match. The summary gives every count.
- The file is written atomically and never over an existing one, then the whole data folder is
  validated with `load()`; if the new file brings any problem, the problems are printed and the
  file is removed again.

The new revision says `sample: false` (it is an official text) and starts with a comment that it
was imported and must be checked against the original. Nothing here imports MkDocs.

The package, one module per step (each imports only those before it):

    errors         ImportFailed: a refusal with what to do
    wordnumbering  the labels of Word's automatic numbering (第一条 drawn by Word, not typed)
    sources        reading .txt (UTF-8/UTF-16/GBK) and .docx into lines; encodings, size limits
    structure      title, chapters and articles out of the lines; what could not be placed
    datafolder     the villages listed and the village's earlier revisions, read leniently
    ids            matching old and new articles, assigning ids
    carry          what the new revision keeps of the previous one and of the memory
    writing        the revision YAML, written atomically and validated
    cli            the command: options, run, summary
"""
from __future__ import annotations

from .cli import main
from .errors import ImportFailed

__all__ = ["ImportFailed", "main"]
