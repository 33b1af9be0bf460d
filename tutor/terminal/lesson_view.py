"""A lesson drawn for the terminal, and the cache that makes drawing it again cheap.

Rendering Markdown with highlighted code imports markdown-it and Pygments, which cost more than
everything else `tutor lesson` does. The drawing (text with the terminal's escape codes) depends
only on the lesson's text, the width, the colours and the code that draws it, so it is kept in
the cache folder under a key of exactly those and read back whole the next time.
"""

from __future__ import annotations

import rich
from rich.console import Console

from tutor.base.files import write_cache
from tutor.curriculum.cache import blake2b, code_stamp, default_cache_dir

FORMAT = 1


def rendered_lines(console: Console, text: str) -> list[str]:
    """The lesson's Markdown as the console would print it, line by line."""
    stamp = code_stamp(__file__, rich.__file__)
    key = f"{FORMAT}\0{stamp}\0{console.width}\0{console.color_system}\0{console.no_color}\0"
    digest = blake2b((key + text).encode(), digest_size=16).hexdigest()
    path = default_cache_dir() / "lessons" / f"{digest}.txt"
    try:
        drawn = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        from rich.markdown import Markdown

        with console.capture() as captured:
            console.print(Markdown(text))
        drawn = captured.get()
        write_cache(path, drawn)
    return drawn.splitlines()
