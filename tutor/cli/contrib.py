"""Contributor commands: validating the curriculum (statically, or by running it) and doctor."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from tutor.cli.common import app_of, terminal

if TYPE_CHECKING:
    from tutor.authoring.shards import Shard
    from tutor.authoring.verify import Finding
    from tutor.curriculum.model import Curriculum
    from tutor.terminal.render import Screen

cli = typer.Typer()


@cli.command()
def validate(
    ctx: typer.Context,
    run: Annotated[
        bool,
        typer.Option(
            "--run",
            help="Also run every code exercise both ways and its counterexamples, the lessons' "
            "and quizzes' code, and execute every notebook.",
        ),
    ] = False,
    module: Annotated[
        list[str] | None, typer.Option(help="Only this module (repeatable); with --run.")
    ] = None,
    changed: Annotated[
        str | None,
        typer.Option(help="Only modules changed since this git ref, e.g. origin/main; with --run."),
    ] = None,
    changed_from_push: Annotated[
        bool,
        typer.Option(
            "--changed-from-push",
            help="Only modules changed by the commits being pushed, as pre-commit's pre-push "
            "hook names them ($PRE_COMMIT_FROM_REF...$PRE_COMMIT_TO_REF; every module when "
            "unset); with --run.",
        ),
    ] = False,
    packs: Annotated[
        bool,
        typer.Option(
            help="Run the modules of installed packs too (their publisher verified and stamped "
            "them); with --run. A module named by --module always runs."
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    stamp: Annotated[
        bool,
        typer.Option(
            help="Write each fully verified module's requirement versions (verified.json)."
        ),
    ] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Parallel runs (default: the number of CPUs).")
    ] = None,
    notebooks: Annotated[bool, typer.Option(help="Execute the notebooks too.")] = True,
    refresh: Annotated[
        bool, typer.Option(help="Execute notebooks even when their cached outputs are current.")
    ] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            metavar="K/N",
            help="Only this job's share of the runs, for job K of a CI matrix of N (e.g. 2/4); "
            "with --run.",
        ),
    ] = None,
) -> None:
    """Check the whole curriculum and list every problem with its file, line and field.

    Every code exercise needs at least 3 wrong solutions (wrong/*.py) and 2 alternatives
    (alternatives/*.py). With --run, also run every code exercise both ways (the starter must
    fail its checks, the reference solution must pass them, an empty file must fail them), its
    counterexamples (each wrong solution must fail, each alternative must pass), every lesson's
    code (it must print what the lesson shows) and quizzes' code (it must prove the answer),
    and execute every notebook, in parallel. Exits non-zero when there is any problem.

    Example: tutor validate --run --changed origin/main
    """
    from tutor.app.locate import find_curriculum
    from tutor.authoring.shards import parse_shard
    from tutor.base.errors import CurriculumError, TutorError, UsageError
    from tutor.curriculum import check_curriculum

    screen = terminal()
    chunk = parse_shard(shard) if shard is not None else None
    if changed_from_push:
        if changed is not None:
            raise UsageError("--changed and --changed-from-push do not go together")
        changed = _pushed(screen, json_)
    options = _Options(module, changed, json_, stamp, workers, notebooks, refresh, chunk, packs)
    if options.shard and stamp:
        raise UsageError(
            "--stamp does not go with --shard: a module's runs are spread over the jobs",
            hint="stamp in a run of the module's own: tutor validate --run --module ID --stamp",
        )

    root = find_curriculum(app_of(ctx).curriculum_option)
    curriculum, problems = check_curriculum(root)
    if problems or curriculum is None:
        if json_:
            _print_json({"ok": False, "problems": [str(p) for p in problems], "findings": []})
            raise typer.Exit(1)
        raise CurriculumError(problems)
    from tutor.curriculum.tracks import track_gaps

    warnings = [gap.message for gap in track_gaps(curriculum)]
    if not json_:
        for warning in warnings:
            screen.warning(warning)
    if run:
        _run(curriculum, options, warnings)
        return
    if module or changed or changed_from_push or stamp or shard or packs:
        raise TutorError("--module, --changed, --packs, --stamp and --shard go with --run")
    _static(curriculum, json_, warnings)


def _static(curriculum: Curriculum, json_: bool, warnings: list[str]) -> None:
    """The checks beyond the format: counterexamples, notebooks, images, unlisted files and
    scaffold leftovers; errors exit non-zero, warnings do not."""
    from tutor.authoring.rules import counterexample_problems
    from tutor.authoring.static_checks import static_findings
    from tutor.base.errors import CurriculumError

    screen = terminal()
    static = static_findings(curriculum)
    warnings = warnings + [str(p) for p in static.warnings]
    if not json_:
        for problem in static.warnings:
            screen.warning(str(problem))
    errors = counterexample_problems(curriculum) + static.errors
    if errors:
        if json_:
            problems = [str(p) for p in errors]
            _print_json({"ok": False, "problems": problems, "warnings": warnings, "findings": []})
            raise typer.Exit(1)
        raise CurriculumError(errors)
    if json_:
        _print_json({"ok": True, "problems": [], "warnings": warnings, "findings": []})
        return
    counts = (
        (len(curriculum.modules), "module"),
        (len(curriculum.exercises), "exercise"),
        (len(curriculum.tracks), "track"),
    )
    summary = ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
    aside = f" ({len(warnings)} warning{'' if len(warnings) == 1 else 's'})" if warnings else ""
    screen.success(f"{curriculum.root}: {summary}: no problems{aside}")


FROM_REF, TO_REF = "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"


def _pushed(screen: Screen, json_: bool) -> str | None:
    """What a push adds, as --changed takes it: pre-commit sets both refs for a pre-push hook
    (the remote's tip and the commit pushed). None (every module) when they are not set: the
    first push of a branch with no ancestor on the remote, or a run outside the hook."""
    base, head = os.environ.get(FROM_REF, "").strip(), os.environ.get(TO_REF, "").strip()
    if base and head:
        return f"{base}...{head}"
    if not json_:
        screen.plain(f"No {FROM_REF}/{TO_REF} from pre-commit: every module is verified.")
    return None


class _Options(NamedTuple):
    module: list[str] | None
    changed: str | None
    json: bool
    stamp: bool
    workers: int | None
    notebooks: bool
    refresh: bool
    shard: Shard | None
    packs: bool


def _run(curriculum: Curriculum, options: _Options, warnings: list[str]) -> None:
    from tutor.authoring import verify
    from tutor.authoring.shards import take
    from tutor.authoring.static_checks import static_findings

    screen = terminal()
    json_, changed, stamp = options.json, options.changed, options.stamp

    chosen, reasons = _choose(curriculum, options.module, changed)
    chosen, left = _without_packs(curriculum, chosen, options)
    if left and not json_:
        screen.plain(
            f"Not run: {left}, verified by their publisher (--packs runs them, or --module ID)."
        )
    static = static_findings(curriculum, chosen)
    warnings = warnings + [str(p) for p in static.warnings]
    if not json_:
        for problem in static.warnings:
            screen.warning(str(problem))
        screen.problems(static.errors)
    if not json_ and changed is not None:
        for module_id, reason in reasons.items():
            screen.plain(f"{module_id}: {reason}")
        if not reasons:
            screen.plain(f"No module changed since {changed}: nothing to run.")
    work = verify.tasks(curriculum, chosen, notebooks=options.notebooks, refresh=options.refresh)
    every = len(work)
    if options.shard is not None:
        work = take(work, options.shard)
        if not json_:
            screen.plain(f"Shard {options.shard}: {len(work)} of {every} runs.")
    count = options.workers or os.cpu_count() or 1
    if json_:
        findings = verify.run(work, count)
    else:
        with screen.progress_bar("Verifying", len(work)) as bar:
            findings = verify.run(work, count, on_start=bar.running, on_done=bar.done)
    stamped, refused = _stamp(curriculum, chosen, findings) if stamp else ([], {})
    ok = all(f.ok for f in findings) and not refused and not static.errors
    if json_:
        data = {
            "ok": ok,
            "problems": [str(p) for p in static.errors],
            "warnings": warnings,
            "findings": [f.to_json() for f in findings],
        }
        if changed is not None:
            data["selected"] = [{"module": m, "reason": r} for m, r in reasons.items()]
        if options.shard is not None:
            data["shard"] = {"shard": str(options.shard), "runs": len(work), "of": every}
        if stamp:
            data["not_stamped"] = [{"module": m, "unmet": u} for m, u in refused.items()]
        _print_json(data)
    else:
        screen.findings(findings, stamped)
        for module_id, missing in refused.items():
            screen.failure(
                f"{module_id} not stamped: its requirements are not met: {', '.join(missing)}; "
                f"install them (tutor install {module_id}) and run again"
            )
    if not ok:
        raise typer.Exit(1)


def _choose(
    curriculum: Curriculum, module: list[str] | None, changed: str | None
) -> tuple[set[str] | None, dict[str, str]]:
    """The modules to run (None: all), and with --changed why each was chosen."""
    from tutor.authoring.changes import changed_modules
    from tutor.base.errors import NotFoundError

    chosen: set[str] | None = None
    if module:
        unknown = sorted(set(module) - set(curriculum.module_ids))
        if unknown:
            raise NotFoundError(f"no module {', '.join(unknown)}", hint="`tutor list` shows them")
        chosen = set(module)
    reasons: dict[str, str] = {}
    if changed is not None:
        reasons = changed_modules(curriculum, changed)
        if chosen is not None:
            reasons = {m: why for m, why in reasons.items() if m in chosen}
        chosen = set(reasons)
    return chosen, reasons


def _without_packs(
    curriculum: Curriculum, chosen: set[str] | None, options: _Options
) -> tuple[set[str] | None, str]:
    """The chosen modules less those of installed packs, unless --packs or --module asks for
    them: a pack's modules were verified by its publisher (and stamped with the versions), and
    the team's CI has neither the time nor, often, the libraries (PyTorch) to run them again.
    Also what was left out, for a line of its own ("" when nothing was)."""
    from collections import Counter

    from tutor.base.words import plural

    if options.packs or options.module:
        return chosen, ""
    selected = [m for m in curriculum.modules if chosen is None or m.id in chosen]
    packs = Counter(m.pack for m in selected if m.read_only)
    if not packs:
        return chosen, ""
    left = ", ".join(
        f"the pack {name} ({plural(n, 'module')})" for name, n in sorted(packs.items())
    )
    return {m.id for m in selected if not m.read_only}, left


def _stamp(
    curriculum: Curriculum, chosen: set[str] | None, findings: Sequence[Finding]
) -> tuple[list[Path], dict[str, list[str]]]:
    """Stamp every chosen module that held up; a module whose requirements this Python does
    not meet is refused (module id -> its unmet requirements), since its stamp would record
    versions it was never verified with."""
    from tutor.authoring.stamps import unmet_requirements, write_stamp
    from tutor.base import clock
    from tutor.base.days import learning_day

    failed = {f.module for f in findings if not f.ok}
    today = learning_day(clock.now())
    ran = {  # notebook -> seconds, for the ones executed (a cached one says nothing of its time)
        f.key: f.seconds for f in findings if f.kind == "notebook" and f.ok and not f.cached
    }
    stamped = []
    refused: dict[str, list[str]] = {}
    for m in curriculum.modules:
        if (chosen is not None and m.id not in chosen) or m.read_only:
            continue  # an installed pack's modules keep the stamps it was published with
        missing = unmet_requirements(m)
        if missing:
            refused[m.id] = missing
        elif m.id not in failed:
            mine = {
                k.removeprefix(f"{m.id}/"): s for k, s in ran.items() if k.startswith(f"{m.id}/")
            }
            stamped.append(write_stamp(m, today, mine))
    return stamped, refused


def _print_json(data: object) -> None:
    import json

    print(json.dumps(data, indent=2))


@cli.command()
def doctor(ctx: typer.Context) -> None:
    """Compare installed versions with each module's requirements and last verification.

    Says which modules cannot run here (a requirement is missing) and which may have drifted
    (a library changed since the module was verified with `tutor validate --run --stamp`).

    Example: tutor doctor
    """
    import platform

    from tutor.authoring.stamps import drift

    screen = terminal()

    app = app_of(ctx)
    curriculum = app.curriculum
    screen.info(f"Python {platform.python_version()} · curriculum {curriculum.root}")
    found = [d for m in curriculum.modules for d in drift(m)]
    screen.drift(found, len(curriculum.modules))
    if any(d.level == "error" for d in found):
        raise typer.Exit(1)
