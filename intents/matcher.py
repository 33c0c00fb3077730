"""Find lexicon terms in a segmented message.

Matching is on jieba tokens, not raw substrings, so that "不停电动车" never fires 停电: the
token boundaries that the user dictionary protects are the point of segmenting at all. Two
fall-backs keep recall when segmentation disagrees with the lexicon: a term may span two or three
adjacent tokens (电梯+困人), and a term may sit inside a longer dictionary word (暖气片 → 暖气).
Negative contexts ("电梯广告", "消防演练") are few and long, so one compiled alternation over the
text finds them; each cancels every term it contains (so a negative must not contain
the thanks or notice words it should leave standing: "消防演练", not "消防演练辛苦了").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_CACHE_LIMIT = 200_000


class TermMatcher:
    def __init__(self, terms: Iterable[str], negatives: Iterable[str]) -> None:
        self._terms: frozenset[str] = frozenset(terms)
        self._max_len = max((len(term) for term in self._terms), default=0)
        self._token_cache: dict[str, tuple[str, ...]] = {}
        ordered = sorted(set(negatives), key=len, reverse=True)
        self._negative_re = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self._cancels: dict[str, tuple[str, ...]] = {
            phrase: tuple(t for t in self._terms if t in phrase) for phrase in ordered
        }

    def _terms_in_token(self, token: str) -> tuple[str, ...]:
        found = self._token_cache.get(token)
        if found is not None:
            return found
        terms = self._terms
        if len(token) < 3 or token.isascii():
            # Digits and Latin words match whole only: 120 inside 1200 is not an ambulance.
            found = (token,) if token in terms else ()
        else:
            # Every substring of length ≥ 2 that is a term, longest first, token itself included.
            span = min(len(token), self._max_len)
            found = tuple(
                dict.fromkeys(
                    token[i : i + size]
                    for size in range(span, 1, -1)
                    for i in range(len(token) - size + 1)
                    if token[i : i + size] in terms
                )
            )
        if len(self._token_cache) >= _CACHE_LIMIT:
            self._token_cache.clear()  # unbounded growth on a long-lived bot is the risk here
        self._token_cache[token] = found
        return found

    def match(self, text: str, tokens: Sequence[str]) -> dict[str, None]:
        """Terms found, in order of first appearance (a dict used as an ordered set)."""
        terms = self._terms
        max_len = self._max_len
        found: dict[str, None] = {}
        count = len(tokens)
        for i, token in enumerate(tokens):
            hits = self._token_cache.get(token)
            if hits is None:
                hits = self._terms_in_token(token)
            for hit in hits:
                found[hit] = None
            if i + 1 < count:
                pair = token + tokens[i + 1]
                if len(pair) <= max_len:
                    if pair in terms:
                        found[pair] = None
                    if i + 2 < count:
                        triple = pair + tokens[i + 2]
                        if len(triple) <= max_len and triple in terms:
                            found[triple] = None
        if found and self._negative_re is not None:
            for phrase in self._negative_re.findall(text):
                for term in self._cancels[phrase]:
                    found.pop(term, None)
        return found
