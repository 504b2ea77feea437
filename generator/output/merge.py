"""A three-way merge of text by lines (diff3): the user's edits and the generator's changes
to the same file, against the file as last generated.

Regions where the base, the user's text and the new text agree anchor the merge; between
anchors, a side that changed wins over one that did not, the same change on both sides is
taken once, and different changes on both sides are a conflict, left in the text between
markers as git leaves them.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import List, NamedTuple, Sequence, Tuple

YOURS, SEPARATOR, GENERATED = "<<<<<<< yours\n", "=======\n", ">>>>>>> generated\n"


class Merged(NamedTuple):
    text: str
    conflicts: int


def merge3(base: str, yours: str, generated: str) -> Merged:
    """`base` with the changes that led to `yours` and to `generated` both applied."""
    if yours == base or yours == generated:
        return Merged(generated, 0)
    if generated == base:
        return Merged(yours, 0)
    b, y, g = (text.splitlines(keepends=True) for text in (base, yours, generated))
    out: List[str] = []
    conflicts = 0
    iz = iy = ig = 0
    for zstart, zend, ystart, yend, gstart, gend in _sync_regions(b, y, g):
        mine, theirs, original = y[iy:ystart], g[ig:gstart], b[iz:zstart]
        if mine == theirs or theirs == original:
            out += mine
        elif mine == original:
            out += theirs
        else:
            conflicts += 1
            out += [YOURS, *_terminated(mine), SEPARATOR, *_terminated(theirs), GENERATED]
        out += b[zstart:zend]
        iz, iy, ig = zend, yend, gend
    return Merged("".join(out), conflicts)


def _sync_regions(base: Sequence[str], yours: Sequence[str], generated: Sequence[str]) -> List[Tuple[int, int, int, int, int, int]]:
    """Stretches the three texts share: (base start, base end, yours start, yours end,
    generated start, generated end), ending with an empty one at the three ends."""
    found = []
    by_yours = SequenceMatcher(None, base, yours, autojunk=False).get_matching_blocks()
    by_generated = SequenceMatcher(None, base, generated, autojunk=False).get_matching_blocks()
    i = j = 0
    while i < len(by_yours) and j < len(by_generated):
        ybase, ymatch, ylen = by_yours[i]
        gbase, gmatch, glen = by_generated[j]
        start, end = max(ybase, gbase), min(ybase + ylen, gbase + glen)
        if start < end:
            ystart, gstart = ymatch + start - ybase, gmatch + start - gbase
            found.append((start, end, ystart, ystart + end - start, gstart, gstart + end - start))
        if ybase + ylen < gbase + glen:
            i += 1
        else:
            j += 1
    found.append((len(base), len(base), len(yours), len(yours), len(generated), len(generated)))
    return found


def _terminated(lines: Sequence[str]) -> List[str]:
    """The lines, the last one ending with a newline so a marker starts a line of its own."""
    return [*lines[:-1], lines[-1] if lines[-1].endswith("\n") else lines[-1] + "\n"] if lines else []
