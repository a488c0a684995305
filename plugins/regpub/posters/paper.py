"""The paper a poster is printed on: its size, margins, type size, columns and the printed size
of its QR code. The templates lay a poster out from these values (poster-base.html,
poster-board.html); where a poster's file goes is the address book's business (addresses.py).
Nothing here knows the model, the fonts or WeasyPrint."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    name: str        # CSS page size keyword; in lower case, the size the address book knows
    font_size: str   # Chinese body text; Tibetan is 1.2x, headings scale from it
    margin: str      # page margins: top right bottom left
    qr: str          # printed size of the QR code: a phone reads it from ~10x its width
    columns: int = 1  # 1: a table, Chinese | Tibetan; 2+: bilingual articles flowing in columns
    size: str = ""   # the CSS `size` where it is not `<name> portrait` (the boards)
    label: str = ""  # what the build summary calls it

    @property
    def css_size(self) -> str:
        return self.size or f"{self.name} portrait"


# The regulation, on both sizes a township print shop has. A3 is laid out for its paper: two
# columns of bilingual articles (Chinese, its Tibetan below) filling each page, where A4 keeps
# the Chinese | Tibetan table; a 24-article regulation takes about half the A4 pages.
A3 = Paper("A3", "12pt", "18mm 15mm 20mm 15mm", "46mm", columns=2)
A4 = Paper("A4", "10.5pt", "17mm 13mm 17mm 13mm", "36mm")
PAPERS = (A3, A4)
PHRASES_PAPER = Paper("A3", "14pt", "13mm 15mm 17mm 15mm", "34mm")
# Half a point under the A4 regulation: the header, six or seven rows, the supervision group and
# the footer fit on one sheet (a longer table runs on, its column heads repeated).
POINTS_PAPER = Paper("A4", "10pt", "14mm 13mm 15mm 13mm", "30mm")

# The notice board (展板, 村务公开栏): one sheet a print shop makes in one piece, read standing
# 1.5-2 m away. Chinese at 24 pt (x-height ~6 mm: legible at 2 m), Tibetan 1.2x (28.8 pt); the
# sizes are a floor, never shrunk to fit: a regulation that does not fit the portrait sheet goes
# on the landscape one, and one too long for that fails (press.py: OneSheet). The QR code is
# 12 cm: a phone reads it from ~1.2 m, a step away.
BOARD_MIN_ZH_PT = 24.0
# Print shops want the background 3 mm past the cut (the PDF's BleedBox) and the crop marks
# outside that, on paper they throw away: the sheet is laid out with both round it (CSS bleed),
# WeasyPrint draws the marks in the outer half, and the press sets the BleedBox to 3 mm.
PRINT_BLEED_MM = 3
MARKS_MM = 10
SHEET_BLEED = f"{PRINT_BLEED_MM + MARKS_MM}mm"  # the CSS @page bleed
BOARD_MIN_BO_PT = BOARD_MIN_ZH_PT * 1.2
BOARD_PORTRAIT = Paper("board", f"{BOARD_MIN_ZH_PT:g}pt", "45mm 40mm 40mm 40mm", "120mm",
                       columns=3, size="900mm 1200mm", label="90 x 120 cm portrait")
BOARD_LANDSCAPE = Paper("board", f"{BOARD_MIN_ZH_PT:g}pt", "45mm 45mm 40mm 45mm", "120mm",
                        columns=6, size="2400mm 1200mm", label="120 x 240 cm landscape")
BOARDS = (BOARD_PORTRAIT, BOARD_LANDSCAPE)  # in the order they are tried
