"""Import a village regulation from a Word (.docx) or text (.txt) file as a new revision file.

    python build.py import <file> --village <id> --date <YYYY-MM-DD>
                           [--data regulations] [--kind revision|initial|review] [--body 村民代表大会]
                           [--confirm OLD_ID=NEW_NUMBER ...] [--insert-into-history]
                           [--bo-status draft|reviewed --reviewer ROLE] [--from-traditional]
    python build.py import <Tibetan-only file> --village <id> [--revision <YYYY-MM-DD>]
                           [--bo-status draft|reviewed --reviewer ROLE] [--replace-reviewed]
    python build.py export --village <id> [--revision <YYYY-MM-DD>] --out <file.docx>

The county keeps its regulations as Word files; this turns one into
`regulations/villages/<id>/<date>.yaml` without retyping:

- Structure: `第X章 ...` chapter headings and `第X条 ...` articles (Chinese numerals or digits);
  without any 第X条 the plainly numbered items `1.` `1、` `（1）` or `一、` are the articles. A
  line before the first article that contains 村规民约 (村规村约, 居民公约 ...) is the title. Every
  line the importer cannot place (above the title, between a chapter heading and its first
  article, a 第X节 heading) is reported with its line number, never dropped silently.
- Bilingual documents (汉藏对照), the layout recognised by itself and named in the summary
  (bilingual.py): each Tibetan paragraph after its Chinese one; a two-column table; or the whole
  Chinese text followed by the whole Tibetan text, aligned by article number (དོན་ཚན་༡༢།, ASCII
  digits, ordinal words དོན་ཚན་བཅུ་གཉིས་པ།). The Tibetan comes in as `draft`, or `reviewed` with
  `--bo-status reviewed --reviewer ROLE` (with a bo_review record).
- Tibetan-only documents (tibetanonly.py): a revision is the adopted Chinese text, so a
  Tibetan-only file is the translation of one, imported without --date (the latest revision, or
  --revision DATE). Its articles, their paragraphs and items, the title, preamble, chapter
  titles and closing lines are aligned with the revision's by number (or place), and only the
  Tibetan fields of that revision's file are rewritten (yamledit, as `translations import`), as
  draft or reviewed; refused with nothing written when they do not line up, when the document
  has Chinese, or when a reviewed Tibetan would be replaced (unless --replace-reviewed). With
  --date such a file is refused with this advice.
- Paragraphs (款) and items (项): ①②, （一）（二）, 1. 2. (under 第X条) and ༼༡༽ ༡་ in Tibetan start
  items (their labels are left out: the site derives them); a line after a finished sentence
  (every Word paragraph) starts a paragraph; a line wrapped mid-sentence continues it.
- Word's structure: a short unnumbered line between a finished article and the next one is a
  chapter heading (a note says so); title variants (倍磊村规村约) are the title; the text between
  the title and the first article is the `preamble:`, a signature block (adopting body, date
  lines) after the last article the `closing:`.
- Warnings (noise.py): lines that look like OCR noise (Latin letters inside Chinese; a run of
  characters jieba cannot cut into words), and the characters the poster fonts cannot print,
  once per character with its count. `--from-traditional` converts Traditional to Simplified
  Chinese with OpenCC (t2s) and says how many characters changed.
- Ids: an article keeps the id it has in the village's previous revision (the latest one before
  --date) when the two lists, aligned in order by similarity (ids.align), pair it with an old
  article of similarity >= 0.6 (an appended sentence keeps the id); a pair of 0.35 to 0.6 is a
  near miss, listed for `--confirm OLD_ID=NEW_NUMBER`; a moved article keeps its id when its
  text is the same or similar (>= 0.85). Chapters keep their id when their title is the same.
  Other articles get `art-<n>` (n: the article's number), chapters `ch-<n>`; an id the village
  ever used for something else is never given again.
- Refusals: a text identical to the revision it follows (its Chinese, normalised), and a date
  before the village's latest revision unless --insert-into-history (then new articles that the
  following revision has take its ids).
- Carry-over (carry, translation.carry): an article that keeps its id keeps its phrase tags and
  provisions, and its Tibetan with status and review when its Chinese is the same after
  normalising; when the Chinese changed, the old Tibetan stays as `outdated` with the old
  Chinese in `bo_was`, and its provisions are flagged for a check. Chapter titles, the title and
  the adopting body likewise. A text with nothing to continue gets a `draft` from the county's
  translation memory on an exact match. The summary gives every count.
- The file is written atomically and never over an existing one, then the whole data folder is
  validated with `load()`; if the new file brings any problem, the problems are printed and the
  file is removed again. Each problem also names the document's line it comes from: the line of
  the title, preamble, chapter heading, closing line, or of the paragraph or item concerned.

The new revision says `sample: false` (it is an official text) and starts with a comment that it
was imported and must be checked against the original. Nothing here imports MkDocs.

The package, one module per step (each imports only those before it):

    errors         ImportFailed: a refusal with what to do
    wordnumbering  the labels of Word's automatic numbering (第一条 drawn by Word, not typed)
    sources        reading .txt (UTF-8/UTF-16/GBK) and .docx into lines; encodings, size limits;
                   --from-traditional
    bilingual      which lines are Tibetan, the layout, Tibetan labels and numbers
    structure      title, preamble, chapters, articles (paragraphs, items), closing, each with
                   its Tibetan; what could not be placed
    noise          OCR-noise and poster-font warnings for the summary
    datafolder     the villages listed and the village's earlier revisions, read leniently
    ids            matching old and new articles, assigning ids
    carry          what the new revision keeps of the previous one and of the memory
    writing        the revision YAML, written atomically and validated
    tibetanonly    a Tibetan-only document into an existing revision's Tibetan
    cli            the command: options, run, summary
    export         `python build.py export`: a revision as a bilingual .docx the importer reads back
"""
from __future__ import annotations

from .cli import main
from .errors import ImportFailed

__all__ = ["ImportFailed", "main"]
