"""Cut the window's icons out of the Phosphor icon font (MIT; https://phosphoricons.com):
the glyphs named in resources/icons/icons.json, into resources/icons/phosphor-subset.ttf
(a few KB instead of the full font's 1.4 MB and 4,470 glyphs).

Run after adding an icon to icons.json (its value: the Phosphor glyph's name), with
fontTools and a Phosphor font and charmap at hand, e.g. those qtawesome ships:

    python packaging/make_icon_font.py PATH/phosphor-1.3.0.ttf PATH/phosphor-charmap-1.3.0.json

It writes the subset font and fills in each icon's code point (icons-codepoints.json), which
is all deskchat/gui/icons.py reads; neither fontTools nor qtawesome is needed to run deskchat.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    from fontTools import subset  # type: ignore[import-not-found]

    font_path, charmap_path = (Path(a) for a in argv)
    charmap: dict[str, str] = json.loads(charmap_path.read_text(encoding="utf-8"))
    wanted: dict[str, str] = json.loads((ICONS / "icons.json").read_text(encoding="utf-8"))
    missing = sorted(glyph for glyph in wanted.values() if glyph not in charmap)
    if missing:
        print(f"not in the Phosphor charmap: {', '.join(missing)}")
        return 1
    points = {name: int(charmap[glyph], 16) for name, glyph in wanted.items()}
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the family name (and the copyright notice)
    font = subset.load_font(str(font_path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(points.values())))
    subsetter.subset(font)
    subset.save_font(font, str(ICONS / "phosphor-subset.ttf"), options)
    (ICONS / "icons-codepoints.json").write_text(
        json.dumps(points, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(points)} icons, {(ICONS / 'phosphor-subset.ttf').stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
