"""Near misses: `tkae` for `take`, `note` for `noted`, so a typo is refused with a suggestion."""

from __future__ import annotations


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`."""
    a, b = a.lower(), b.lower()
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[len(b)]


def nearest(word: str, choices: list[str] | tuple[str, ...], *, strict: bool = False) -> str | None:
    """The choice `word` is most likely a typo of, if it is close enough to be one.

    One edit for words of up to five letters, two for longer ones; `strict`: one edit only.
    Words under three letters and the choices themselves are never near misses.
    """
    word = word.lower()
    if len(word) < 3 or not word.isalpha() or word in choices:
        return None
    allowed = 1 if strict or len(word) <= 5 else 2
    scored = sorted((distance(word, c), c) for c in choices if len(c) >= 3)
    if scored and scored[0][0] <= allowed:
        return scored[0][1]
    return None
