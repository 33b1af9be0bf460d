"""The example module `tutor init` puts in a team's repository: small, complete, and passing
`tutor validate --run` (a code exercise with its counterexamples, and two quizzes), so that
the team sees every part of a module before writing its own."""

MODULE_ID = "team-example"

_MODULE_YAML = """\
# yaml-language-server: $schema=../../schemas/module.schema.json
# An example to copy from, then delete: `tutor new module ID` scaffolds your own.
id: team-example
title: Counting words
summary: collections.Counter, and ordering ties so that results are reproducible.
level: beginner
skills: [python]
prerequisites: []       # module ids, from this curriculum or an included one
requires: []            # PEP 508 requirements of the exercises, e.g. ["polars>=1.25"]
lessons:
  - id: counting
    title: Counting with Counter
    file: lessons/counting.md
    exercises:
      - id: top-words
        type: code
        title: The most common words
        prompt: |
          Write `top_words(text, n)`: the `n` most common words of `text` as
          `(word, count)` pairs, most common first. Words are separated by whitespace
          and compared in lowercase; words with the same count come in alphabetical order.
        minutes: 8
        difficulty: 2
        hints:
          - "collections.Counter counts for you; what does it do with ties?"
          - "Sort the counted pairs by (-count, word), then take the first n."
      - id: ties-order
        type: choice
        question: In what order does `Counter.most_common()` return words with equal counts?
        options:
          - Alphabetical order
          - The order in which they were first counted
          - An arbitrary order that changes between runs
        answer: 1
        explanation: >-
          Counter is a dict, and dicts keep insertion order; most_common sorts stably
          by count, so ties stay in the order they were first seen.
        minutes: 1
      - id: missing-key
        type: answer
        question: What does `Counter("aab")["z"]` return?
        accept: ["0"]
        explanation: A Counter returns 0 for a missing key instead of raising KeyError.
        minutes: 1
"""

_LESSON = """\
# Counting with Counter

`collections.Counter` counts hashable things in one call:

```python
from collections import Counter

counts = Counter("the cat and the hat".split())
print(counts.most_common(2))
# -> [('the', 2), ('cat', 1)]
```

A missing key counts as `0`, so `counts["dog"]` is `0`, not a `KeyError`.

## Ties

`most_common` sorts by count only, and the sort is stable: words with the same count stay in
the order they were first seen. `cat` comes before `and` and `hat` above because it was seen
first, not because of the alphabet. When a result must not depend on the input's order (a
report, a test), sort the pairs yourself:

```python
sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
```
"""

_CHECK = """\
import exercise


def test_the_most_common_word_comes_first():
    got = exercise.top_words("b a b", 1)
    assert got == [("b", 2)], f"top_words('b a b', 1) should be [('b', 2)], got {got!r}"


def test_words_are_compared_in_lowercase():
    got = exercise.top_words("The the THE cat", 2)
    assert got == [("the", 3), ("cat", 1)], (
        f"'The', 'the' and 'THE' are one word: expected [('the', 3), ('cat', 1)], got {got!r}"
    )


def test_ties_come_in_alphabetical_order():
    got = exercise.top_words("pear fig apple fig pear apple kiwi", 3)
    assert got == [("apple", 2), ("fig", 2), ("pear", 2)], (
        f"words with the same count come alphabetically: got {got!r}"
    )


def test_n_limits_the_result():
    got = exercise.top_words("a b c d", 2)
    assert got == [("a", 1), ("b", 1)], f"only the first n pairs: got {got!r}"
    assert exercise.top_words("a b", 5) == [("a", 1), ("b", 1)], "n may exceed the words"
"""

_STARTER = '''\
def top_words(text, n):
    """The n most common words of text, as (word, count) pairs."""
    # Count the lowercase words, then order them by count and alphabetically.
    return []
'''

_SOLUTION = """\
from collections import Counter


def top_words(text, n):
    counts = Counter(text.lower().split())
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:n]
"""

_WRONG = {
    "keeps_case.py": '''\
"""Counts words without lowercasing them, so 'The' and 'the' are two words."""
from collections import Counter


def top_words(text, n):
    counts = Counter(text.split())
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:n]
''',
    "most_common_ties.py": '''\
"""Trusts Counter.most_common to order ties, which keeps them in first-seen order."""
from collections import Counter


def top_words(text, n):
    return Counter(text.lower().split()).most_common(n)
''',
    "ignores_n.py": '''\
"""Returns every word instead of the first n."""
from collections import Counter


def top_words(text, n):
    counts = Counter(text.lower().split())
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
''',
}

_ALTERNATIVES = {
    "plain_dict.py": """\
def top_words(text, n):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return ordered[:n]
""",
    "two_sorts.py": """\
from collections import Counter


def top_words(text, n):
    by_word = sorted(Counter(text.lower().split()).items())
    return sorted(by_word, key=lambda pair: pair[1], reverse=True)[:n]
""",
}


def files() -> dict[str, str]:
    """The module's files, by path relative to the curriculum folder."""
    folder = f"{MODULE_ID}/exercises/top-words"
    found = {
        f"{MODULE_ID}/module.yaml": _MODULE_YAML,
        f"{MODULE_ID}/lessons/counting.md": _LESSON,
        f"{folder}/check.py": _CHECK,
        f"{folder}/starter.py": _STARTER,
        f"{folder}/solution.py": _SOLUTION,
    }
    found.update({f"{folder}/wrong/{name}": text for name, text in _WRONG.items()})
    found.update({f"{folder}/alternatives/{name}": text for name, text in _ALTERNATIVES.items()})
    return found
