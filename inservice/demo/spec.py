"""The shapes the demo's declarative content is written in, and short constructors for forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from inservice.catalog.choices import Audience, FieldKind
from inservice.catalog.services import FieldSpec
from inservice.org.choices import EmploymentType
from inservice.tickets.choices import Priority

if TYPE_CHECKING:  # for the annotations only: the rest of the demo data never loads workflows
    from inservice.workflows.schedule import Condition
    from inservice.workflows.services.templates import Param

HOUR = 60
DAY = 8 * HOUR  # a business day, as catalog.targets counts it


@dataclass(frozen=True)
class LocationSpec:
    name: str
    time_zone: str
    country: str


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    prefix: str
    head_title: str
    description: str
    location: str


@dataclass(frozen=True)
class TeamSpec:
    """A team of the organisation chart; `serves` marks the service teams that own services."""

    name: str
    prefix: str
    department: str  # the department's prefix
    description: str
    size: int  # people, the lead included
    lead_title: str
    titles: tuple[str, ...]  # members' job titles, used in turn
    locations: tuple[tuple[str, int], ...]  # (location name, weight)
    serves: bool = False
    email: str = ""
    topics: tuple[str, ...] = ()  # key contacts: the lead covers the first, members the rest
    contractors: float = 0.0  # share of contractors among the members
    vendors: float = 0.0  # share of vendors' staff among the members


@dataclass(frozen=True)
class ServiceSpec:
    """One catalog service, and what its requests look like in the demo's history."""

    team: str  # the owning team's prefix
    name: str
    summary: str
    description: str
    steps: tuple[tuple[str, str], ...]
    form: tuple[FieldSpec, ...]
    subjects: tuple[str, ...]  # may use {month} {city} {colleague} {customer} {vendor} {n}
    response: int  # first response target, business minutes
    resolution: int  # resolution target, business minutes
    weight: float  # share of the organisation's requests
    keywords: str = ""
    audience: str = Audience.EVERYONE
    audience_teams: tuple[str, ...] = ()  # team or department prefixes
    priority: int = Priority.NORMAL
    confidential: bool = False
    # (R/C/I, who, for what): who is "member", "lead:<PREFIX>" or "team:<PREFIX>"
    raci: tuple[tuple[str, str, str], ...] = ()
    samples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # answers for text fields
    details: tuple[str, ...] = ()  # descriptions requesters write
    resolutions: tuple[str, ...] = ()  # what the team says when it is done
    hand_to: tuple[str, ...] = ()  # "<PREFIX>:<service name>" it is sometimes transferred to


@dataclass(frozen=True)
class HoursSpec:
    """A business calendar: weekly hours in a time zone, a country's (and region's) public
    holidays, and dates the offices close every year."""

    name: str
    time_zone: str
    country: str
    subdivision: str
    # (weekdays, from, to) in local wall time, 0 = Monday; a "to" before the "from" runs overnight.
    hours: tuple[tuple[tuple[int, ...], str, str], ...]
    closed: tuple[tuple[int, int, str], ...] = ()  # (month, day, why) closed every year


@dataclass(frozen=True)
class PolicySpec:
    """Targets for one service and priority, in business minutes of the owning team's calendar."""

    team: str  # the owning team's prefix
    service: str
    priority: int
    first_response: int
    resolution: int
    update_every: int | None = None
    at_risk_percent: int = 75
    second_level_after: int = 240  # wall-clock minutes after a breach


@dataclass(frozen=True)
class SignIn:
    """A fixed demo account with the demo password, printed by load_demo and listed in the README."""

    username: str
    name: str
    role: str  # what to try with it
    team: str  # home team's prefix
    title: str
    location: str
    lead: bool = False
    admin: bool = False
    employment_type: str = EmploymentType.EMPLOYEE


@dataclass(frozen=True)
class StepSpec:
    """One step of a workflow, owned by the team of the service it asks for."""

    key: str
    name: str
    service: str  # "<PREFIX>:<service name>"
    subject: str  # may use {parameter} names
    offset_days: int  # working days from the anchor date (negative: before it)
    work_days: int = 1
    depends_on: tuple[str, ...] = ()
    condition: Condition | tuple[Condition, ...] | None = None  # all must hold
    prefill: dict[str, str] = field(default_factory=dict)  # intake field key: text


@dataclass(frozen=True)
class WorkflowSpec:
    """A workflow template, created by the owning team's lead."""

    team: str  # the owning team's prefix
    name: str
    summary: str
    anchor_label: str
    min_notice_days: int
    parameters: tuple[Param, ...]
    steps: tuple[StepSpec, ...]


@dataclass(frozen=True)
class RunSpec:
    """A run started when the demo loads, its anchor date the first `weekday` (0 = Monday) at
    least `days_ahead` days from today (or the next day the owning team works, after a holiday)."""

    workflow: str
    initiator: str  # a sign-in's username, or "lead:<PREFIX>"
    weekday: int
    days_ahead: int
    # Person parameters name someone the way `initiator` does; text may use {anchor} (the anchor
    # date) and {closing_month} (the month before the anchor date's, e.g. "May 2026").
    params: dict[str, str]


def text(
    key: str,
    label: str,
    *,
    required: bool = False,
    help_text: str = "",
    pattern: str = "",
    pattern_message: str = "",
    max_length: int | None = None,
    when: tuple[str, str] = ("", ""),
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.TEXT,
        required=required,
        help_text=help_text,
        pattern=pattern,
        pattern_message=pattern_message,
        max_length=max_length,
        required_when_key=when[0],
        required_when_value=when[1],
    )


def long_text(
    key: str,
    label: str,
    *,
    required: bool = False,
    help_text: str = "",
    min_length: int | None = None,
    when: tuple[str, str] = ("", ""),
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.LONG_TEXT,
        required=required,
        help_text=help_text,
        min_length=min_length,
        max_length=4000,
        required_when_key=when[0],
        required_when_value=when[1],
    )


def number(
    key: str,
    label: str,
    low: str,
    high: str,
    *,
    required: bool = False,
    help_text: str = "",
    when: tuple[str, str] = ("", ""),
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.NUMBER,
        required=required,
        help_text=help_text,
        min_value=Decimal(low),
        max_value=Decimal(high),
        required_when_key=when[0],
        required_when_value=when[1],
    )


def date(
    key: str,
    label: str,
    *,
    required: bool = False,
    help_text: str = "",
    when: tuple[str, str] = ("", ""),
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.DATE,
        required=required,
        help_text=help_text,
        required_when_key=when[0],
        required_when_value=when[1],
    )


def one_of(
    key: str,
    label: str,
    options: tuple[str, ...],
    *,
    required: bool = False,
    help_text: str = "",
    when: tuple[str, str] = ("", ""),
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.SINGLE_CHOICE,
        required=required,
        help_text=help_text,
        options=list(options),
        required_when_key=when[0],
        required_when_value=when[1],
    )


def many_of(
    key: str,
    label: str,
    options: tuple[str, ...],
    *,
    required: bool = False,
    help_text: str = "",
    at_most: int | None = None,
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.MULTIPLE_CHOICE,
        required=required,
        help_text=help_text,
        options=list(options),
        max_length=at_most,
    )


def person(
    key: str,
    label: str,
    *,
    required: bool = False,
    help_text: str = "",
    when: tuple[str, str] = ("", ""),
) -> FieldSpec:
    return FieldSpec(
        key,
        label,
        FieldKind.PERSON,
        required=required,
        help_text=help_text,
        required_when_key=when[0],
        required_when_value=when[1],
    )


def attachment(key: str, label: str, *, help_text: str = "") -> FieldSpec:
    # Always optional in the demo: its history has answers but no uploaded files.
    return FieldSpec(key, label, FieldKind.ATTACHMENT, help_text=help_text)


COST_CENTRE = text(
    "cost_centre",
    "Cost centre",
    required=True,
    pattern=r"CC-\d{4}",
    pattern_message="Write the cost centre as CC- and four digits, e.g. CC-4120.",
    help_text="Four digits after CC-, on your team's budget sheet.",
)
CURRENCIES = ("EUR", "USD", "GBP", "SGD")
OFFICES = ("Berlin HQ", "London", "New York", "Singapore")
APPLICATIONS = (
    "Salesforce",
    "Jira",
    "Confluence",
    "GitHub",
    "Figma",
    "Adobe Creative Cloud",
    "Tableau",
    "Zoom",
    "Miro",
    "SAP Concur",
    "Workday",
)


@dataclass(frozen=True)
class Doc:
    """A knowledge base article of the demo (data/knowledge*.py)."""

    team: str  # the team's request key prefix
    kind: str  # article, faq or guide
    title: str
    summary: str
    body: str
    services: tuple[
        str, ...
    ] = ()  # names of the team's (or another team's: "PREFIX:name") services
    state: str = "published"  # or draft, archived
    age_days: int = 90  # written this many days ago
    owner: str = ""  # a sign-in's username; else a member of the team
    readers: int = 12  # about this many answers to "Did this help?"
    helpful: float = 0.85  # the share of them saying yes
    deflections: int = 6  # about this many questions it answered
