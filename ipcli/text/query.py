"""Queries and names in the form the search index and the registry use, quickly.

``normalize_query("維權援助")`` → ``维权援助``. Text made only of ideographs needs
nothing but the Traditional → Simplified conversion (no other step of the
normaliser can change it: no width forms, spaces, noise tokens or ruby), so it
skips importing the normaliser and compiling its ~50 regexes (~40 ms at every
start); anything else goes through ``normalize``. Tested to agree with it.
"""
from __future__ import annotations

import re

from .script import to_simplified

_IDEOGRAPHS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")


def normalize_query(text: str) -> str:
    """The normalised form of a search query or a name, on one line."""
    if _IDEOGRAPHS.fullmatch(text):
        return to_simplified(text)
    from .normalize import normalize
    return " ".join(normalize(text, detect=False).lines)
