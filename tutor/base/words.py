"""Counted nouns and articles, written right: "1 exercise", "2 exercises", "an answer"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str = "") -> str:
    """`count` and the noun, singular for exactly one: plural(2, "attempt") is "2 attempts"."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {many or noun + 's'}"


def article(word: str) -> str:
    """The word with "a" or "an" before it, by its first letter's sound as spelt."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
