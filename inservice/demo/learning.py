"""The demo's learning: the starter library (learning.starter: "Internal service essentials" and
"Agent fundamentals", seven courses written for Inservice) owned by HR Operations, the rules
that assign them from now on (essentials to every new hire, agent fundamentals to everyone who
joins a service team), and a few months of assignments with a realistic spread: most done,
some in progress (a few quizzes failed once before passing), some not started, some overdue.
The demo's sign-ins get a story of their own and a few private reflections.

Reads the organisation from the database (after the directory, catalog and history exist);
writes through learning.services only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from inservice.learning import services, starter
from inservice.learning.choices import Trigger
from inservice.learning.models.content import Module, Program, QuizQuestion
from inservice.learning.models.progress import Assignment
from inservice.org.choices import Role
from inservice.org.models import Membership, Person, Team

Progress = Callable[[str], None]

OWNER = "HR"  # HR Operations owns the library (its lead writes it)
DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"
# What became of an assignment: most people finish by the due date; of those whose date has
# not come yet, many are still on their way.
FATES_PAST_DUE = ((DONE, 0.78), (IN_PROGRESS, 0.14), (NOT_STARTED, 0.08))
FATES_BEFORE_DUE = ((DONE, 0.35), (IN_PROGRESS, 0.4), (NOT_STARTED, 0.25))
FAIL_FIRST = 0.3  # share of quizzes failed once before being passed
NEW_HIRE_SHARE = 8  # one person in eight joined in the last months: essentials assigned
AGENT_DUE_DAYS = 42
ESSENTIALS_DUE_DAYS = 21


@dataclass(frozen=True)
class Step:
    module: Module
    questions: list[QuizQuestion]


def build_learning(now: datetime, rng: random.Random, progress: Progress) -> int:
    """The library, the rules and the assignments; returns the assignments made (none when the
    library is there already)."""
    if Program.objects.filter(title=starter.essentials.ESSENTIALS.title).exists():
        return 0
    owner, author = _owner()
    admin = Person.objects.active().filter(is_superuser=True).order_by("pk").first() or author
    library = starter.install(author, owner)
    progress(f"library: {len(library.courses)} courses, {len(library.programs)} programs")
    essentials = library.programs[starter.essentials.ESSENTIALS.title]
    agent = library.programs[starter.agent.AGENT_FUNDAMENTALS.title]
    services.add_rule(admin, services.RuleDraft(Trigger.NEW_HIRE, essentials, 15))
    services.add_rule(admin, services.RuleDraft(Trigger.JOINED_TEAM, agent, 30))
    steps = {p.pk: _steps(p) for p in (essentials, agent)}
    sign_ins = {p.username: p for p in Person.objects.filter(username__in=SIGN_IN_FATES)}
    made = 0
    for team, lead in _service_teams():
        days_ago = 50 if team.key_prefix == "IT" else rng.randint(10, 90)
        at = now - timedelta(days=days_ago, minutes=rng.randint(0, 600))
        due_on = at.date() + timedelta(days=AGENT_DUE_DAYS)
        assigned = services.assign(lead, agent, team=team, due_on=due_on, at=at)
        for assignment in assigned.made:
            fate = SIGN_IN_FATES.get(assignment.person.username) or _fate(assignment, now, rng)
            _learn(assignment, steps[agent.pk], fate, now, rng)
        made += len(assigned.made)
        progress(f"assignments {made}")
    made += _newcomers(admin, essentials, steps[essentials.pk], now, rng, sign_ins)
    progress(f"assignments {made}")
    _reflections(sign_ins, now)
    return made


def _owner() -> tuple[Team, Person]:
    """HR Operations and its lead; else the first team with a lead."""
    leads = Membership.objects.filter(role=Role.LEAD, person__is_active=True).select_related(
        "team", "person"
    )
    found = (
        leads.filter(team__key_prefix=OWNER).order_by("pk").first() or leads.order_by("pk").first()
    )
    if found is None:
        raise ValueError("the demo's learning needs a team with a lead")
    return found.team, found.person


def _service_teams() -> list[tuple[Team, Person]]:
    """Teams that own services, each with its first lead."""
    rows = (
        Membership.objects.filter(role=Role.LEAD, team__services__isnull=False)
        .select_related("team", "person")
        .order_by("team__name", "pk")
        .distinct()
    )
    teams: dict[int, tuple[Team, Person]] = {}
    for membership in rows:
        teams.setdefault(membership.team_id, (membership.team, membership.person))
    return list(teams.values())


def _steps(program: Program) -> list[Step]:
    """The program's modules in order, each with its quiz questions."""
    modules = list(
        Module.objects.filter(course__program_entries__program=program)
        .select_related("course")
        .order_by("course__program_entries__position", "position")
    )
    questions: dict[int, list[QuizQuestion]] = {m.pk: [] for m in modules}
    for question in QuizQuestion.objects.filter(module__in=modules).order_by("position"):
        questions[question.module_id].append(question)
    return [Step(m, questions[m.pk]) for m in modules]


def _fate(assignment: Assignment, now: datetime, rng: random.Random) -> str:
    fates = FATES_PAST_DUE if assignment.due_on < now.date() else FATES_BEFORE_DUE
    return rng.choices([f for f, _ in fates], weights=[w for _, w in fates])[0]


def _learn(
    assignment: Assignment, steps: list[Step], fate: str, now: datetime, rng: random.Random
) -> None:
    """Plays a learner's way through the program: all of it, part of it, or nothing."""
    if fate == NOT_STARTED or not steps:
        return
    start = assignment.created_at + timedelta(hours=rng.randint(2, 72))
    if fate == DONE:
        due = datetime.combine(assignment.due_on, start.timetz())
        end = min(now - timedelta(hours=2), start + (due - start) * rng.uniform(0.3, 1.15))
        count = len(steps)
    else:
        end = now - timedelta(hours=1)
        count = rng.randint(1, len(steps) - 1)
    if end <= start:
        return
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    for step, at in zip(steps, moments, strict=False):
        _do(assignment.person, step, at, rng)


def _do(person: Person, step: Step, at: datetime, rng: random.Random) -> None:
    if not step.questions:
        services.complete_module(person, step.module, at=at)
        return
    module = step.module
    assert module.pass_mark is not None
    if rng.random() < FAIL_FIRST:
        attempt = services.start_attempt(person, module, at=at - timedelta(minutes=40))
        services.submit_attempt(
            person,
            attempt,
            _answers(step.questions, len(step.questions) // 2),
            at=at - timedelta(minutes=32),
        )
    attempt = services.start_attempt(person, module, at=at - timedelta(minutes=9))
    # Enough right to pass, sometimes not all of them.
    needed = -(-len(step.questions) * module.pass_mark // 100)
    right = len(step.questions) if rng.random() < 0.7 else needed
    services.submit_attempt(person, attempt, _answers(step.questions, right), at=at)


def _answers(questions: list[QuizQuestion], right: int) -> dict[str, list[int]]:
    """The first `right` questions answered right, the others wrong."""
    found: dict[str, list[int]] = {}
    for n, question in enumerate(questions):
        if n < right:
            found[str(question.pk)] = list(question.correct)
        else:
            wrong = next(i for i in range(len(question.options)) if i not in question.correct)
            found[str(question.pk)] = [wrong]
    return found


def _newcomers(
    admin: Person,
    essentials: Program,
    steps: list[Step],
    now: datetime,
    rng: random.Random,
    sign_ins: dict[str, Person],
) -> int:
    """Essentials for people who joined in the last months, as the new-hire rule would have
    assigned it; the requester sign-in joined nine days ago and is due in five."""
    people = list(Person.objects.active().filter(is_superuser=False).order_by("pk"))
    chosen = rng.sample(people, k=max(1, len(people) // NEW_HIRE_SHARE))
    requester = sign_ins.get("requester")
    if requester is not None and requester not in chosen:
        chosen.append(requester)
    made = 0
    for person in chosen:
        if person == requester:
            at, due_on = now - timedelta(days=9), (now + timedelta(days=5)).date()
        else:
            at = now - timedelta(days=rng.randint(3, 60), minutes=rng.randint(0, 600))
            due_on = at.date() + timedelta(days=ESSENTIALS_DUE_DAYS)
        assigned = services.assign(admin, essentials, people=[person], due_on=due_on, at=at)
        for assignment in assigned.made:
            fate = SIGN_IN_FATES.get(person.username) or _fate(assignment, now, rng)
            _learn(assignment, steps, fate, now, rng)
        made += len(assigned.made)
    return made


# The sign-ins' own stories: the lead has done it all; the agent and the requester are halfway.
SIGN_IN_FATES = {"lead": DONE, "agent": IN_PROGRESS, "requester": IN_PROGRESS, "admin": DONE}

REFLECTIONS: dict[str, list[tuple[int, dict[str, int], dict[str, str]]]] = {
    "agent": [
        (
            40,
            {"acknowledge": 2, "update": 2, "listen": 3, "follow_through": 3},
            {
                "waiting": "A sales colleague waited two days for VPN access before a customer "
                "visit and heard nothing from me until it was done. It was done in time, but "
                "she did not know that.",
                "next": "Acknowledge every new request with a time before I start on it.",
            },
        ),
        (
            6,
            {"acknowledge": 4, "update": 3, "listen": 4, "follow_through": 3},
            {
                "promise": "Promised a laptop swap by Thursday noon and kept it. Missed one on "
                "Monday: a part was late and I only told him after lunch.",
                "handoff": "Transfers to Infrastructure: I write 'see above' instead of a real "
                "handoff note, and they ask the requester again.",
                "next": "Write a proper handoff note on every transfer this fortnight.",
            },
        ),
    ],
    "lead": [
        (
            20,
            {"acknowledge": 4, "update": 3, "listen": 4, "follow_through": 4},
            {
                "who": "Everyone, really: but Sales and new starters feel it first when we are "
                "slow, and Finance when asset records are wrong.",
                "next": "Read the low ratings with the team every Monday, not only when they pile up.",
            },
        )
    ],
    "requester": [
        (
            3,
            {"acknowledge": 3, "listen": 4},
            {
                "who": "Sales Operations relies on my orders being complete; half their "
                "questions to me are about details I could have filled in.",
                "next": "Fill in every order field before handing over, even the optional ones.",
            },
        )
    ],
}


def _reflections(sign_ins: dict[str, Person], now: datetime) -> None:
    for username, entries in REFLECTIONS.items():
        person = sign_ins.get(username)
        if person is None:
            continue
        for days_ago, ratings, answers in entries:
            services.save_reflection(person, answers, ratings, at=now - timedelta(days=days_ago))
