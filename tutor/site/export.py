"""`tutor site export`: the generated pages, with the hand-written ones, as a plain docs folder.

An engine that runs no plugins (Zensical) or another MkDocs 1.x (ProperDocs) builds the same
site from it; the optional config file carries the navigation and the stylesheet that the
plugin would otherwise add.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from tutor.base.errors import FileWriteError, TutorError
from tutor.base.files import write_atomic
from tutor.site import paths
from tutor.site.generate import check_collisions, expand
from tutor.site.model import Site
from tutor.site.nav import full_nav

_WRITABLE = "choose a folder you can write to"
MARKER = ".tutor-export"  # written into an export: a later export may clear what it made
PLUGIN = "tutor"
DEFAULT_CONFIG: dict[str, Any] = {
    "site_name": "ML Daily Tutor",
    "theme": {"name": "material", "font": False},
    "plugins": ["search"],
    "markdown_extensions": [
        "admonition",
        "attr_list",
        "md_in_html",
        "tables",
        {"toc": {"permalink": True}},
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.highlight",
        {"pymdownx.tabbed": {"alternate_style": True}},
    ],
}


class Exported(NamedTuple):
    pages: int
    files: int
    docs_pages: list[str]  # the hand-written pages copied, relative to the export


def hand_written(docs: Path | None) -> dict[str, Path]:
    """Every file of the hand-written docs folder, by its path inside it."""
    if docs is None or not docs.is_dir():
        return {}
    found = {}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            found[rel] = path
    return found


def export_site(site: Site, out: Path, docs: dict[str, Path]) -> Exported:
    """Write the hand-written files (markers expanded) and the generated ones into `out`."""
    check_collisions(site, docs)
    try:
        return _write(site, out, docs)
    except OSError as exc:
        raise _unwritable(exc, out) from None


def _write(site: Site, out: Path, docs: dict[str, Path]) -> Exported:
    _prepare(out)
    pages = files = 0
    for rel, source in docs.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".md"):
            target.write_text(expand(site, source.read_text(encoding="utf-8"), rel), "utf-8")
        else:
            shutil.copyfile(source, target)
    for rel, content in site.files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
            pages += rel.endswith(".md")
        else:
            target.write_bytes(content)
            files += 1
    (out / MARKER).write_text("Written by `tutor site export`; safe to delete.\n", "utf-8")
    docs_pages = [rel for rel in docs if rel.endswith(".md")]
    return Exported(pages, files, docs_pages)


def _prepare(out: Path) -> None:
    """Create `out`; in an earlier export, remove the generated folders (stale pages go too)."""
    if out.exists() and not out.is_dir():
        raise TutorError(f"{out} is a file", hint="give a folder to export the site into")
    if (out / MARKER).is_file():
        for folder in paths.GENERATED_FOLDERS:
            shutil.rmtree(out / folder, ignore_errors=True)
    elif out.is_dir() and any(out.iterdir()):
        raise TutorError(
            f"{out} is not empty and holds no earlier export",
            hint="export into a new or empty folder",
        )
    out.mkdir(parents=True, exist_ok=True)


def engine_config(
    site: Site, out: Path, docs_pages: Iterable[str], project: Path | None, config: Path
) -> dict[str, Any]:
    """A config like the project's mkdocs.yml, for engines without the plugin, written at `config`."""
    base = _read_config(project) if project else None
    data: dict[str, Any] = dict(base if base is not None else DEFAULT_CONFIG)
    data["plugins"] = [p for p in data.get("plugins", []) if _plugin_name(p) != PLUGIN]
    data["docs_dir"] = os.path.relpath(out.resolve(), config.resolve().parent)
    data["nav"] = full_nav(site.nav, docs_pages)
    extra_css = list(data.get("extra_css", []))
    data["extra_css"] = [*extra_css, *(css for css in site.css if css not in extra_css)]
    data.pop("site_dir", None)
    return data


def project_setting(project: Path | None, name: str, default: Any) -> Any:
    """A setting of the project's mkdocs.yml (such as `use_directory_urls`), or the default."""
    data = _read_config(project) if project else None
    return data.get(name, default) if data else default


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _read_config(path: Path) -> dict[str, Any] | None:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):  # a missing file, or Python tags only MkDocs resolves
        return None
    return data if isinstance(data, dict) else None


def write_config(data: dict[str, Any], config: Path) -> None:
    import yaml

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    header = "# Written by `tutor site export`: the team site without the tutor plugin.\n"
    write_atomic(config, header + text, hint=_WRITABLE)


def _unwritable(exc: OSError, where: Path) -> FileWriteError:
    return FileWriteError(f"cannot write {exc.filename or where}: {exc.strerror or exc}", _WRITABLE)
