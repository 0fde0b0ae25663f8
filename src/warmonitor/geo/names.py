"""Name keys for toponym matching: how two spellings of one place meet.

``fold_name`` turns a name into the key the gazetteer indexes; two common
romanisations of one Arabic, Kurdish or Turkish name fold to the same key
(Baniyas = Banias = Bāniyās, al-Qusayr = Qusayr, Deir ez-Zor = Dayr az Zawr,
Homs = Hims).  ``fold_token`` folds one word the same way, so that
``PlaceMatcher`` can fold the words of a text once and look up any run of
them: the key of a name is its non-article word keys joined by spaces.

The key is deliberately coarse: vowels collapse to ``a``, so unrelated names
can share a key (Iraq and Arak).  ``light_fold`` keeps the spelling (only
case, diacritics, apostrophes and articles go) and ranks candidates that
share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def word_set(words: str) -> frozenset[str]:
    """The set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


# Separate words that are Arabic (and Romance) articles, dropped from keys:
# al-Qusayr = Al Qusayr = Qusayr, Deir ez-Zor = Deir Zor.
ARTICLES = word_set("al el il ul as ash ad adh an ar at ath az ez es ed er et en ech eth")
# Letters NFKD leaves alone.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe"}
)
# Apostrophes, ayn and hamza marks: dropped inside a word.
_MARKS = re.compile("['’‘`´ʼʻʿʾ′ˈ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ARTICLE_WORDS = re.compile(r"(?:^| )(?:" + "|".join(sorted(ARTICLES)) + r")(?= )")
# An article glued to the next word by a doubled sun letter: "Deir Ezzor".
_GLUED_ARTICLE_START = re.compile(r"^[ae](?=(th|dh|sh|[tdrzsnl])\1)")
_DOUBLE = re.compile(r"(?<=([a-z]))\1+")
# A run of vowels, with the y and w next to them (ay, aw, iya, ou) except at
# the start of a word (Yabroud, Wadi).
_VOWEL_RUN = re.compile(r"(?:(?<=[a-z])[yw])?[aeiou][aeiouyw]*")
# A final -h after a vowel is silent: Jableh = Jabla, Raqqah = Raqqa.
_FINAL_H = re.compile(r"\Bah\b")


def plain(s: str) -> str:
    """Case-folded, without diacritics or apostrophe-like marks."""
    s = _MARKS.sub("", s.casefold())
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s.translate(_LETTERS))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def _words(s: str) -> str:
    """Plain words separated by single spaces, articles dropped unless nothing else is left."""
    words = _NON_ALNUM.sub(" ", plain(s)).strip()
    if " " not in words:
        return words
    return _ARTICLE_WORDS.sub("", words).strip() or words


def _fold_words(words: str) -> str:
    words = _DOUBLE.sub("", words.replace("q", "k").replace("ck", "k"))
    return _FINAL_H.sub("a", _VOWEL_RUN.sub("a", words))


def fold_name(s: str) -> str:
    """The matching key of a place name.

    Case, diacritics, apostrophes (ʿ ʾ ' ’), hyphens and separate articles
    (al-, el-, as-, ash-, ad-...) are dropped; an article glued to a later
    word by a doubled letter goes too (Ezzor); vowels and vowel-like y/w
    collapse to one ``a``; doubled letters are single; q is k; a final -h
    after a vowel goes.  A name made only of articles keeps them.
    """
    return " ".join([_fold_word(w, first=i == 0) for i, w in enumerate(_words(s).split(" ")) if w])


@lru_cache(maxsize=1 << 18)
def _fold_word(word: str, *, first: bool) -> str:
    if not first:
        word = _GLUED_ARTICLE_START.sub("", word)
    return _fold_words(word)


def fold_token(token: str, *, first: bool = True) -> str:
    """Key of one word, as part of ``fold_name``; "" for an article.

    ``first`` says whether the word starts the name (a glued article is only
    removed from later words).  A hyphenated word folds to several words.
    """
    words = _NON_ALNUM.sub(" ", plain(token)).strip()
    if words in ARTICLES:
        return ""
    if " " in words:
        words = _ARTICLE_WORDS.sub("", words).strip()
    return " ".join([_fold_word(w, first=first and i == 0) for i, w in enumerate(words.split(" "))])


@lru_cache(maxsize=1 << 16)
def light_fold(s: str) -> str:
    """Case, diacritics, punctuation and articles dropped; the spelling kept."""
    return _words(s)
