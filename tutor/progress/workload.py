"""What each item of a day costs of the budget, and how a day is shared between reviews and new
work, so that reviews never crowd out new material and the review backlog stays bounded.

The rules follow from how retrieval practice works:

1. **A review is retrieval, not first learning.** The first try at an exercise is encoding: the
   lesson's idea is met, worked out and tested. A review asks the learner to recall what they
   already built and use it again; that is why it strengthens memory (the testing effect), and
   why it is quick: review logs of spaced-repetition systems put a review at a fraction of the
   first sight of an item. A code review starts again from the starter, but what it costs is
   recalling the key step and typing it, not working it out. So a review is estimated at
   REVIEW_SHARE of the exercise's first-time minutes (at least a minute): a 10-minute code
   exercise reviews in 4, a 2-minute quiz in 1. Charged at full price, reviews alone filled a
   20-minute day within two weeks and no new exercise came.
2. **New material keeps a share of the day.** Reviews only exist because of new material, and
   every day's due reviews would otherwise take the whole budget first. So NEW_SHARE of the
   budget (or the first new item whole, with its lesson, if that is more) is kept for new work
   while there is new work and the backlog is under control; reviews get the rest, and get the
   reserve back when new work stops early (the new-per-day cap, or nothing new left). A third
   is what the reviews new work brings can carry: at 90 % retention FSRS brings a new item back
   three or four times in its first two months (after 2, 11, 46 days when recalled; sooner
   after a miss), at REVIEW_SHARE of its minutes, so each new minute brings about 1.2 to 1.6
   review minutes: a third of the day for new work asks 0.4 to 0.55 of it for reviews, inside
   the two thirds left.
3. **The backlog stays bounded.** Due reviews that do not fit today wait, least recallable
   first, so the ones most at risk come first. Postponing a review a day or two costs little
   recall (FSRS's forgetting curve: a card due at 90 % is at 86 to 89 % two days later), but a
   backlog that grows means reviews at low recall, which fail and must be learned again at full
   cost. So when the due reviews would take more than CATCH_UP_DAYS of the whole budget, new work
   pauses (no reserve) until they are caught up: new work is what makes reviews, and the brake
   keeps the backlog within about two days' worth plus a day's arrivals.
"""

import math

REVIEW_SHARE = 0.4  # of the first-time estimate: what a review is planned at
NEW_SHARE = 1 / 3  # of the budget, kept for new work while there is any and the backlog is bounded
CATCH_UP_DAYS = 2  # due reviews worth more than this many budgets: new work pauses


def review_minutes(minutes: int) -> int:
    """A review's estimate, from the exercise's first-time `minutes`."""
    return max(1, math.ceil(minutes * REVIEW_SHARE))


def new_reserve(budget: int, first_new: int) -> int:
    """Minutes of the day kept for new work: a share of the budget, or the first new item whole
    (`first_new`: its minutes with its lesson's), if that is more; never more than the budget."""
    return min(budget, max(math.ceil(budget * NEW_SHARE), first_new))


def under_control(due_minutes: int, due: int, budget: int, reviews_per_day: int) -> bool:
    """Whether the review backlog leaves room for new work: no more due than the daily cap, and
    no more minutes of it than CATCH_UP_DAYS budgets."""
    return due <= reviews_per_day and due_minutes <= CATCH_UP_DAYS * budget
