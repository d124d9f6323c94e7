"""CSV import of people and teams: the whole file is checked, then imported whole or not at all.

Columns: name, email, team, manager email, location, time zone, employment type (any order; case,
spaces and underscores in the header do not matter). People are matched by email, case-insensitively:
a known email updates that person, a new one creates them. The file states each person's values:
a blank manager or location clears it.

This module is part of org's service layer. `run_import` is the only function here that writes the
directory; it is called by the `org.tasks.run_import` task and the `import_people` command, never by
a view. org.import_jobs keeps the ImportJob record the import page shows.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import count
from typing import TypeVar
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inservice.org import services
from inservice.org.choices import EmploymentType, Role
from inservice.org.models import Location, Membership, Person, Team

COLUMNS = ("name", "email", "team", "manager email", "location", "time zone", "employment type")
MAX_FILE_BYTES = 10 * 1024 * 1024
# Files up to this many rows are checked while the administrator waits, so the error report shows
# at once; larger ones are checked by the task (the page shows the report when it is ready).
CHECK_NOW_MAX_ROWS = 5000
BATCH = 500
# A file that is wrong on every one of 100,000 rows needs a fix, not a 100,000-line report.
MAX_REPORTED_ERRORS = 1000

Progress = Callable[[int, int], None]
T = TypeVar("T")


class ImportFileError(Exception):
    """The file as a whole cannot be read: not UTF-8, not CSV, no header, no rows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class RowError:
    line: int
    column: str
    message: str


class ImportRejected(Exception):
    """At least one row is invalid; nothing was imported."""

    def __init__(self, errors: list[RowError], rows: int) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors
        self.rows = rows


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    email: str
    team: str
    manager_email: str
    location: str
    time_zone: str
    employment_type: str


@dataclass
class Parsed:
    rows: list[Row]  # the rows without a problem of their own
    errors: list[RowError]
    emails: frozenset[
        str
    ]  # every well-formed email, from good and bad rows: managers may name them
    total: int  # data rows, blank lines left out


@dataclass
class ImportSummary:
    people_created: int = 0
    people_updated: int = 0
    teams_created: int = 0
    locations_created: int = 0
    memberships_added: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def decode(data: bytes) -> str:
    try:
        # utf-8-sig: spreadsheets save "CSV UTF-8" with a byte-order mark in front.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (byte %(at)d). Save it from your spreadsheet as "
                "“CSV UTF-8” and upload it again."
            )
            % {"at": exc.start + 1}
        ) from exc


def _column(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


_EMPLOYMENT = {
    **{value: value for value in EmploymentType.values},
    **{str(label).lower(): value for value, label in EmploymentType.choices},
}


def parse(text: str) -> Parsed:
    """Reads the file and checks each row on its own (no database). Raises ImportFileError."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(
            _("The file is empty: it needs a header row and one row per person.")
        ) from None
    except csv.Error as exc:
        raise ImportFileError(_("The header row is not CSV: %(error)s.") % {"error": exc}) from exc
    index = _read_header(header)
    zones = _zones()
    rows: list[Row] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    total = 0
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportFileError(
                _("Line %(line)d is not CSV: %(error)s.") % {"line": line, "error": exc}
            ) from exc
        if not any(value.strip() for value in values):
            continue
        total += 1
        if len(values) != len(header):
            errors.append(
                RowError(
                    line,
                    "",
                    _("This row has %(found)d values; the header has %(expected)d columns.")
                    % {"found": len(values), "expected": len(header)},
                )
            )
            continue
        cells = {name: values[i].strip() for name, i in index.items()}
        row, problems = _check_row(line, cells, zones, first_line)
        errors.extend(problems)
        if row is not None and not problems:
            rows.append(row)
    if total == 0:
        raise ImportFileError(_("The file has a header row but no people after it."))
    return Parsed(rows=rows, errors=errors, emails=frozenset(first_line), total=total)


def _read_header(header: Sequence[str]) -> dict[str, int]:
    names = [_column(h) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [h.strip() for h, n in zip(header, names, strict=True) if n and n not in COLUMNS]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
    if repeated:
        problems.append(_("repeated columns: %(names)s") % {"names": ", ".join(repeated)})
    if problems:
        raise ImportFileError(
            _("The first row must be the header %(expected)s (%(problems)s).")
            % {"expected": ", ".join(COLUMNS), "problems": "; ".join(problems)}
        )
    return {name: names.index(name) for name in COLUMNS}


def _check_row(
    line: int, cells: Mapping[str, str], zones: Mapping[str, str], first_line: dict[str, int]
) -> tuple[Row | None, list[RowError]]:
    problems: list[RowError] = []

    def fail(column: str, message: str) -> None:
        problems.append(RowError(line, column, message))

    name = cells["name"]
    if not name:
        fail("name", _("The name is missing."))
    elif len(name) > 150:
        fail("name", _("The name is longer than 150 characters."))
    email = cells["email"].lower()
    if not email:
        fail("email", _("The email is missing."))
    elif not _is_email(email):
        fail("email", _("“%(value)s” is not a valid email address.") % {"value": cells["email"]})
    elif email in first_line:
        fail(
            "email",
            _("%(email)s is also on line %(line)d: each person appears once.")
            % {"email": email, "line": first_line[email]},
        )
    else:
        first_line[email] = line
    team = cells["team"]
    if not team:
        fail("team", _("The team is missing."))
    elif len(team) > 120:
        fail("team", _("The team name is longer than 120 characters."))
    manager = cells["manager email"].lower()
    if manager and not _is_email(manager):
        fail(
            "manager email",
            _("“%(value)s” is not a valid email address.") % {"value": cells["manager email"]},
        )
    elif manager and manager == email:
        fail("manager email", _("A person cannot be their own manager."))
    if len(cells["location"]) > 120:
        fail("location", _("The location name is longer than 120 characters."))
    zone = zones.get(cells["time zone"].lower(), "")
    if not cells["time zone"]:
        fail("time zone", _("The time zone is missing, e.g. Europe/Berlin."))
    elif not zone:
        fail(
            "time zone",
            _("“%(value)s” is not a time zone; use a name like Europe/Berlin or America/New_York.")
            % {"value": cells["time zone"]},
        )
    kind = _EMPLOYMENT.get(cells["employment type"].lower(), "")
    if not cells["employment type"]:
        fail(
            "employment type", _("The employment type is missing: employee, contractor or vendor.")
        )
    elif not kind:
        fail(
            "employment type",
            _("“%(value)s” is not an employment type: use employee, contractor or vendor.")
            % {"value": cells["employment type"]},
        )
    if problems:
        return None, problems
    row = Row(line, name, email, team, manager, cells["location"], zone, kind)
    return row, []


def _is_email(text: str) -> bool:
    if len(text) > 254:
        return False
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


@dataclass
class Directory:
    """What the checks and the import need to know about the directory, read in bounded queries."""

    people: dict[str, int] = field(default_factory=dict)  # email → id, for emails the file names
    managers: dict[str, str] = field(default_factory=dict)  # email → manager email, up the chains
    teams: dict[str, int] = field(default_factory=dict)  # lower-case name → id
    team_slugs: dict[str, str] = field(default_factory=dict)  # slug → name
    key_prefixes: set[str] = field(default_factory=set)
    locations: dict[str, int] = field(default_factory=dict)  # lower-case name → id
    usernames: set[str] = field(default_factory=set)  # lower-case, among new people's usernames


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    # Bounded IN lists: SQLite caps the number of parameters in one statement.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _people_by_email(emails: Iterable[str]) -> Iterator[tuple[str, int, str | None]]:
    """(email, id, manager's email) for people with these emails, compared lower-case."""
    wanted = sorted(set(emails))
    for chunk in _chunks(wanted):
        yield from (
            Person.objects.annotate(email_lc=Lower("email"), manager_lc=Lower("manager__email"))
            .filter(email_lc__in=chunk)
            .values_list("email_lc", "pk", "manager_lc")
        )


def load_directory(parsed: Parsed) -> Directory:
    found = Directory()
    in_file = {row.email: row for row in parsed.rows}
    named = set(parsed.emails) | {row.manager_email for row in parsed.rows if row.manager_email}
    frontier: set[str] = named
    seen: set[str] = set()
    # Managers outside the file keep their own managers: follow those chains (one query per level
    # of the organisation chart) so a cycle through the directory is found too.
    while frontier:
        seen |= frontier
        next_level: set[str] = set()
        for email, pk, manager in _people_by_email(frontier):
            found.people[email] = pk
            if manager and email not in in_file:
                found.managers[email] = manager
                next_level.add(manager)
        frontier = next_level - seen
    for pk, name, slug, prefix in Team.objects.values_list("pk", "name", "slug", "key_prefix"):
        found.teams[name.lower()] = pk
        found.team_slugs[slug] = name
        found.key_prefixes.add(prefix)
    found.locations = {name.lower(): pk for pk, name in Location.objects.values_list("pk", "name")}
    new_names = [_username_base(row.email) for row in parsed.rows if row.email not in found.people]
    for chunk in _chunks(sorted({n.lower() for n in new_names})):
        found.usernames.update(
            Person.objects.annotate(username_lc=Lower("username"))
            .filter(username_lc__in=chunk)
            .values_list("username_lc", flat=True)
        )
    return found


def check_against_directory(parsed: Parsed, directory: Directory) -> list[RowError]:
    """The checks that need the directory: managers exist, no manager cycles, new team names fit."""
    errors: list[RowError] = []
    for row in parsed.rows:
        if (
            row.manager_email
            and row.manager_email not in parsed.emails
            and row.manager_email not in directory.people
        ):
            errors.append(
                RowError(
                    row.line,
                    "manager email",
                    _("Nobody with the email %(email)s is in this file or in the directory.")
                    % {"email": row.manager_email},
                )
            )
    errors.extend(find_manager_cycles(parsed.rows, directory.managers))
    slugs = dict(directory.team_slugs)
    for row in parsed.rows:
        key = row.team.lower()
        if key in directory.teams:
            continue
        slug = slugify(row.team)[:60]
        if not slug:
            message = _("A new team's name needs at least one Latin letter or digit.")
        elif slugs.setdefault(slug, row.team).lower() != key:
            message = _(
                "A new team “%(name)s” would get the same web address as the team “%(other)s”."
            ) % {"name": row.team, "other": slugs[slug]}
        else:
            continue
        errors.append(RowError(row.line, "team", message))
    return errors


def find_manager_cycles(
    rows: Sequence[Row], directory_managers: Mapping[str, str]
) -> list[RowError]:
    """Rows whose manager chain comes back to them, as the directory will be after the import."""
    managers = dict(directory_managers)
    managers.update({row.email: row.manager_email for row in rows})
    state: dict[str, str] = {}  # "walking" while on the current path, then "done"
    cycles: dict[str, list[str]] = {}
    for row in rows:
        path: list[str] = []
        node = row.email
        while node and node not in state:
            state[node] = "walking"
            path.append(node)
            node = managers.get(node, "")
        if node and state.get(node) == "walking":
            cycle = path[path.index(node) :]
            for member in cycle:
                cycles[member] = cycle
        for member in path:
            state[member] = "done"
    errors = []
    for row in rows:
        if row.email in cycles:
            cycle = cycles[row.email]
            start = cycle.index(row.email)
            chain = [*cycle[start:], *cycle[:start], row.email]
            errors.append(
                RowError(
                    row.line,
                    "manager email",
                    _("Managers go round in a circle: %(chain)s.") % {"chain": " → ".join(chain)},
                )
            )
    return errors


def validate(parsed: Parsed) -> tuple[list[RowError], Directory]:
    """Every problem in the file, row by row and against the directory, in line order."""
    directory = load_directory(parsed)
    return sorted(parsed.errors + check_against_directory(parsed, directory)), directory


def derive_key_prefix(name: str, taken: Collection[str]) -> str:
    """Two to eight capital letters for a new team's request keys, unlike any in `taken`."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z]+", plain)
    initials = "".join(word[0] for word in words).upper()
    letters = "".join(words).upper()
    base = (initials if len(initials) >= 2 else letters[:3]) or "TEAM"
    base = base.ljust(2, "X")[:8]
    for n in count():
        suffix = _letters(n) if n else ""
        candidate = base[: 8 - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: count() does not end")


def _letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA: spreadsheet column names."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _username_base(email: str) -> str:
    return re.sub(r"[^\w.@+-]", "", email)[:150] or "person"


def run_import(text: str, *, progress: Progress | None = None) -> ImportSummary:
    """Imports a CSV file of people and teams in one transaction: every row, or none.

    Raises ImportFileError for a file that cannot be read and ImportRejected with every row's
    problems; then nothing has changed. `progress(done, total)` is called as rows are written.
    """
    parsed = parse(text)
    with transaction.atomic():
        # Checked again inside the transaction: the directory may have changed since the upload.
        errors, directory = validate(parsed)
        if errors:
            raise ImportRejected(errors, parsed.total)
        return _write(parsed.rows, directory, progress or (lambda done, total: None))


def _write(rows: list[Row], directory: Directory, progress: Progress) -> ImportSummary:
    summary = ImportSummary()
    teams = _ensure_teams(rows, directory, summary)
    locations = _ensure_locations(rows, directory, summary)
    ids = dict(directory.people)
    taken_usernames = set(directory.usernames)
    done = 0
    for batch in _chunks(rows):
        new: list[Person] = []
        known: list[Person] = []
        for row in batch:
            values = {
                "name": row.name,
                "team_id": teams[row.team.lower()],
                "location_id": locations.get(row.location.lower()) if row.location else None,
                "time_zone": row.time_zone,
                "employment_type": row.employment_type,
            }
            if row.email in ids:
                known.append(Person(pk=ids[row.email], **values))
                continue
            person = Person(
                username=_free_username(row.email, taken_usernames), email=row.email, **values
            )
            person.set_unusable_password()  # they sign in through single sign-on or a reset
            new.append(person)
        Person.objects.bulk_create(new)
        Person.objects.bulk_update(
            known, ["name", "team", "location", "time_zone", "employment_type"]
        )
        ids.update({person.email: person.pk for person in new})
        summary.people_created += len(new)
        summary.people_updated += len(known)
        summary.memberships_added += _add_memberships(
            [(ids[row.email], teams[row.team.lower()]) for row in batch]
        )
        done += len(batch)
        progress(done, len(rows))
    # Second pass: every person in the file exists now, so a manager may come later in the file.
    Person.objects.bulk_update(
        [
            Person(
                pk=ids[row.email], manager_id=ids[row.manager_email] if row.manager_email else None
            )
            for row in rows
        ],
        ["manager"],
        batch_size=BATCH,
    )
    return summary


def _ensure_teams(rows: list[Row], directory: Directory, summary: ImportSummary) -> dict[str, int]:
    teams = dict(directory.teams)
    prefixes = set(directory.key_prefixes)
    for row in rows:
        if row.team.lower() in teams:
            continue
        prefix = derive_key_prefix(row.team, prefixes)
        prefixes.add(prefix)
        teams[row.team.lower()] = services.create_team(name=row.team, key_prefix=prefix).pk
        summary.teams_created += 1
    return teams


def _ensure_locations(
    rows: list[Row], directory: Directory, summary: ImportSummary
) -> dict[str, int]:
    locations = dict(directory.locations)
    for row in rows:
        if row.location and row.location.lower() not in locations:
            # The first row that names a new location gives it its time zone.
            created = services.location_named(row.location, row.time_zone)
            locations[row.location.lower()] = created.pk
            summary.locations_created += 1
    return locations


def _free_username(email: str, taken: set[str]) -> str:
    """The email as username (people sign in with it), made unique with a -2, -3... suffix."""
    base = _username_base(email)
    candidate, n = base, 2
    # `taken` holds the directory's usernames among the plain bases; a suffixed name is needed
    # only when a base is taken, which is rare enough to check against the database one by one.
    while candidate.lower() in taken or (
        candidate != base and Person.objects.filter(username__iexact=candidate).exists()
    ):
        suffix = f"-{n}"
        candidate, n = base[: 150 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _add_memberships(pairs: list[tuple[int, int]]) -> int:
    """Makes each person a member of their row's team; existing roles (a lead) stay as they are."""
    people = [person for person, _team in pairs]
    existing = set(
        Membership.objects.filter(person_id__in=people).values_list("person_id", "team_id")
    )
    missing = [
        Membership(person_id=person, team_id=team, role=Role.MEMBER)
        for person, team in pairs
        if (person, team) not in existing
    ]
    Membership.objects.bulk_create(missing)
    return len(missing)
