"""A rough guess at a text's main language, from its script and a few telltale words or letters.

Good enough to choose fonts and text direction and to warn about a non-English source; it is not a
language identifier, and it answers `None` rather than guess within a script it cannot tell apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

_SAMPLE = 5_000  # characters looked at; the opening of a document tells its language

# Frequent English function words: in English prose they are about a quarter of all words.
_ENGLISH = frozenset(
    "the of and to in is that for it as was with be by on not he she they this are or his her "
    "from at which but have an had has were their been its also who will would said".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")

# Letters only one language of the Arabic script uses (among the major ones).
_PASHTO = frozenset("ټډړږښګڼېۍځڅ")
_URDU = frozenset("ٹڈڑںےۓہھ")
_PERSIAN = frozenset("پچژگکی")
_ARABIC_ONLY = frozenset("ةيكى")


def guess_language(text: str) -> str | None:
    """BCP 47 tag of the main language of `text` ("en", "ar", "ps", "ru"...), or `None`."""
    sample = text[:_SAMPLE]
    scripts: Counter[str | None] = Counter()
    for char, count in Counter(_LETTER.findall(sample)).items():
        scripts[_script(char)] += count
    scripts.pop(None, None)
    if not scripts:
        return None
    script, count = scripts.most_common(1)[0]
    if count < 0.5 * sum(scripts.values()):
        return None
    if script == "LATIN":
        words = _WORD.findall(sample.lower())
        english = sum(word in _ENGLISH for word in words)
        return "en" if words and english >= 0.12 * len(words) else None
    if script == "ARABIC":
        return _arabic_script_language(set(sample))
    if script == "CYRILLIC":
        return "uk" if set("іїєґ") & set(sample.lower()) else "ru"
    if script in ("HIRAGANA", "KATAKANA"):
        return "ja"
    if script == "CJK":
        return "ja" if scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.05 * count else "zh"
    return _SINGLE_LANGUAGE_SCRIPTS.get(script)


_SINGLE_LANGUAGE_SCRIPTS = {
    "HANGUL": "ko", "GREEK": "el", "HEBREW": "he", "THAI": "th", "GEORGIAN": "ka",
    "ARMENIAN": "hy", "DEVANAGARI": "hi", "BENGALI": "bn", "TAMIL": "ta", "GUJARATI": "gu",
    "GURMUKHI": "pa", "KHMER": "km", "LAO": "lo", "MYANMAR": "my", "SINHALA": "si", "TELUGU": "te",
    "KANNADA": "kn", "MALAYALAM": "ml", "ETHIOPIC": "am",
}


def _arabic_script_language(chars: set[str]) -> str:
    if chars & _PASHTO:
        return "ps"
    if chars & _URDU:
        return "ur"
    if chars & _PERSIAN and not chars & _ARABIC_ONLY:
        return "fa"
    return "ar"


@lru_cache(maxsize=8192)
def _script(char: str) -> str | None:
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "CJK"
    if first in ("LATIN", "ARABIC", "CYRILLIC", "HIRAGANA", "KATAKANA", "HANGUL") or first in _SINGLE_LANGUAGE_SCRIPTS:
        return first
    return None
