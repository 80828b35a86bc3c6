"""The participant-facing words of the printed plan: one catalogue per language.

`messages/{nb,nn,en}.json` hold every sentence and label the PDFs print (the templates hold none),
as a flat map from a dotted key to a string with `{placeholders}`. All three catalogues have the
same keys and the same placeholders (tested). Keys starting with "_" are notes, not messages.
"""

from __future__ import annotations

import json
import string
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("nb", "nn", "en")
CATALOGUE_DIR = Path(__file__).parent / "messages"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The raw catalogue of one language (keys starting with "_" left out)."""
    if lang not in LANGUAGES:
        raise ValueError(f"ukjent språk «{lang}» (gyldige: {', '.join(LANGUAGES)})")
    tree = json.loads((CATALOGUE_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in tree.items() if not key.startswith("_")}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Messages:
    """`m("programme.span", start=..., end=...)`: one message, filled in. Values are inserted as
    they are; the result is plain text (never markup)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.table = catalogue(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        return text.format_map(values) if values else text

    def plural(self, key: str, n: int, **values: object) -> str:
        """`key` + ".one" for 1, else `key` + ".many"; n is passed as {n}."""
        return self(f"{key}.one" if n == 1 else f"{key}.many", n=n, **values)
