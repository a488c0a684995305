"""The paper a poster is printed on: its size, margins, type size and the printed size of its
QR code. The templates lay a poster out from these values (poster-base.html); where a poster's
file goes is the address book's business (addresses.py). Nothing here knows the model, the
fonts or WeasyPrint."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    name: str        # CSS page size keyword; in lower case, the size the address book knows
    font_size: str   # Chinese body text; Tibetan is 1.2x, headings scale from it
    margin: str      # page margins: top right bottom left
    qr: str          # printed size of the QR code: a phone reads it from ~10x its width


# The regulation, on both sizes a township print shop has.
A3 = Paper("A3", "14pt", "22mm 18mm 22mm 18mm", "52mm")
A4 = Paper("A4", "10.5pt", "17mm 13mm 17mm 13mm", "36mm")
PAPERS = (A3, A4)
PHRASES_PAPER = Paper("A3", "14pt", "13mm 15mm 17mm 15mm", "34mm")
# Half a point under the A4 regulation: the header, six or seven rows, the supervision group and
# the footer fit on one sheet (a longer table runs on, its column heads repeated).
POINTS_PAPER = Paper("A4", "10pt", "14mm 13mm 15mm 13mm", "30mm")
