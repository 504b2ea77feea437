"""The name a reader of a page expects for a folded type: the one of its place.

Identical inline schemas are folded into one definition (fold.py): every reference
points at the kept one, named after its first place (`CreateChatCompletionOrqRetry`),
and the others stay public as aliases (`CreateImageOrqRetry`). On the createImage
pages the reader expects the name of createImage's place; each alias knows its place
by its JSON pointer, so a reference found at a place is shown under the alias whose
schema sits there.
"""

from __future__ import annotations

from typing import Dict, List, Sequence

from openapi_sdkgen.model.refs import map_refs
from openapi_sdkgen.model import ir


class PlaceNames:
    def __init__(self, definitions: Sequence[ir.Definition]) -> None:
        self.aliases: Dict[str, List[ir.Alias]] = {}  # kept name -> its aliases
        for d in definitions:
            target = ir.target_of(d)
            if target is not None and isinstance(d, ir.Alias) and d.pointer:
                self.aliases.setdefault(target, []).append(d)

    def at(self, t: ir.TypeRef, place: str) -> ir.TypeRef:
        """`t`, found at the schema `place` (a JSON pointer), with folded names replaced by
        the aliases whose schema sits at or under that place."""
        if not self.aliases or not place:
            return t

        def rename(ref: ir.Ref) -> ir.TypeRef:
            for alias in self.aliases.get(ref.name, ()):
                if alias.pointer == place or alias.pointer.startswith(place + "/"):
                    return ir.Ref(alias.name)
            return ref

        return map_refs(t, rename)


def property_place(parent: str, wire_name: str) -> str:
    """The pointer of a property's schema inside an object schema at `parent`."""
    return f"{parent}/properties/{wire_name.replace('~', '~0').replace('/', '~1')}" if parent else ""
