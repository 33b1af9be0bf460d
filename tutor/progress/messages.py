"""What the learner is told about the limit that stopped today's plan: one sentence, naming the
limit that actually applied (the terminal prints it under the plan)."""

from collections.abc import Callable

from tutor.base.words import plural
from tutor.progress.plan import DayPlan, Limit
from tutor.progress.workload import CATCH_UP_DAYS

MORE = "`tutor today --more` goes on."


def limit_message(plan: DayPlan) -> str:
    """The sentence for `plan.limit`."""
    return _MESSAGES[plan.limit](plan)


def _budget(plan: DayPlan) -> str:
    budget, left, item = plan.limits.budget, plan.limits.budget - plan.minutes, plan.next_up
    used = f"Your {budget}-minute budget is used"
    if item is not None and left > 0:  # room is left, but not enough for what comes next
        used += (
            f" but for {plural(left, 'minute')}: next would be {item.exercise.key} "
            f"(~{item.minutes} min)"
        )
    if plan.postponed:
        waits = "waits" if plan.postponed == 1 else "wait"
        used += (
            f"; {plural(plan.postponed, 'due review')} {waits} for another day, "
            "the least recallable planned first"
        )
    return f"{used}. {MORE}"


def _new_per_day(plan: DayPlan) -> str:
    cap = plan.limits.new_per_day
    return (
        f"That is {plural(plan.new_today, 'new exercise')} today, your daily cap of {cap} "
        f"(`tutor config --new-per-day`). {MORE}"
    )


def _reviews_per_day(plan: DayPlan) -> str:
    cap = plan.limits.reviews_per_day
    return (
        f"{_due(plan.backlog)}, more than your cap of {cap} a day: new exercises wait until "
        "the backlog is under it (`tutor config --reviews-per-day`)."
    )


def _backlog(plan: DayPlan) -> str:
    return (
        f"{_due(plan.backlog)}, about {plan.due_minutes} minutes: more than {CATCH_UP_DAYS} days "
        f"of your {plan.limits.budget}-minute budget, so new exercises pause until the reviews "
        "are caught up."
    )


def _frontier(plan: DayPlan) -> str:
    return "Nothing new left to learn: you have passed every exercise, and reviews keep it fresh."


def _prerequisites(plan: DayPlan) -> str:
    waiting = plan.waiting
    if waiting is None:  # a plan made by hand; the planner always names it
        return "New exercises wait for their modules' prerequisites."
    needed = " and ".join(waiting.prerequisites)
    their = "its" if len(waiting.prerequisites) == 1 else "their"
    return (
        f"New exercises wait for {needed}, which {waiting.module} needs: pass {their} exercises "
        "on your own when they come back as reviews."
    )


def _due(count: int) -> str:
    return f"{plural(count, 'review')} {'is' if count == 1 else 'are'} due"


_MESSAGES: dict[Limit, Callable[[DayPlan], str]] = {
    "budget": _budget,
    "new_per_day": _new_per_day,
    "reviews_per_day": _reviews_per_day,
    "backlog": _backlog,
    "frontier": _frontier,
    "prerequisites": _prerequisites,
}
