"""The demo's service levels: office calendars, which team works by which, and the policies.

Every office calendar has eight working hours a day, so the catalog's targets in "business
days" (8 hours, demo.spec.DAY) read as office days. IT Service Desk follows the sun from
Singapore to New York; IT Infrastructure adds a night rota for maintenance and on-call.
"""

from __future__ import annotations

from inservice.demo.spec import DAY, HOUR, HoursSpec, PolicySpec
from inservice.tickets.choices import Priority

WEEKDAYS = (0, 1, 2, 3, 4)
SUNDAY_TO_THURSDAY = (6, 0, 1, 2, 3)

BERLIN = "Berlin office"
LONDON = "London office"
NEW_YORK = "New York office"
AUSTIN = "Austin office"
SINGAPORE = "Singapore office"
FOLLOW_THE_SUN = "Service desk, follow the sun"
NIGHT_ROTA = "Infrastructure, with night rota"

CALENDARS = (
    HoursSpec(
        BERLIN,
        "Europe/Berlin",
        "DE",
        "BE",
        ((WEEKDAYS, "08:30", "12:30"), (WEEKDAYS, "13:30", "17:30")),
        closed=((12, 24, "Christmas Eve"), (12, 31, "New Year's Eve")),
    ),
    HoursSpec(LONDON, "Europe/London", "GB", "ENG", ((WEEKDAYS, "09:00", "17:00"),)),
    HoursSpec(NEW_YORK, "America/New_York", "US", "NY", ((WEEKDAYS, "09:00", "17:00"),)),
    HoursSpec(
        AUSTIN,
        "America/Chicago",
        "US",
        "TX",
        ((WEEKDAYS, "08:00", "12:00"), (WEEKDAYS, "13:00", "17:00")),
    ),
    HoursSpec(
        SINGAPORE,
        "Asia/Singapore",
        "SG",
        "",
        ((WEEKDAYS, "09:00", "12:00"), (WEEKDAYS, "13:00", "18:00")),
    ),
    # Singapore opens at 01:00 UTC, New York closes at 22:00 UTC; no one country's holidays.
    HoursSpec(
        FOLLOW_THE_SUN,
        "UTC",
        "",
        "",
        ((WEEKDAYS, "01:00", "22:00"),),
        closed=((12, 25, "Christmas Day"), (1, 1, "New Year's Day")),
    ),
    HoursSpec(
        NIGHT_ROTA,
        "Europe/Berlin",
        "DE",
        "BE",
        ((WEEKDAYS, "08:00", "18:00"), (SUNDAY_TO_THURSDAY, "22:00", "06:00")),
    ),
)

# Which calendar each team and department counts its service levels in (by team key prefix).
TEAM_CALENDARS = {
    "EXEC": BERLIN,
    "TECH": BERLIN,
    "IT": FOLLOW_THE_SUN,
    "INFRA": NIGHT_ROTA,
    "SEC": BERLIN,
    "PEOPLE": BERLIN,
    "HR": BERLIN,
    "ER": BERLIN,
    "PAY": BERLIN,
    "FIN": LONDON,
    "AP": LONDON,
    "PROC": LONDON,
    "LGL": LONDON,
    "LEGAL": LONDON,
    "OPS": BERLIN,
    "FAC": BERLIN,
    "SALES": NEW_YORK,
    "SOM": NEW_YORK,
    "SEMEA": BERLIN,
    "SAMER": AUSTIN,
    "SAPAC": SINGAPORE,
    "MKTG": LONDON,
    "MA": LONDON,
    "BRAND": LONDON,
    "DEMAND": LONDON,
    "SUP": BERLIN,
    "LOG": BERLIN,
    "ENG": BERLIN,
    "PLAT": BERLIN,
    "PROD": BERLIN,
    "QA": BERLIN,
}

URGENT, HIGH, NORMAL = Priority.URGENT, Priority.HIGH, Priority.NORMAL

# Tighter targets for urgent and high priority, with "a public update at least every".
POLICIES = (
    PolicySpec("IT", "Something is broken", URGENT, 30, 4 * HOUR, HOUR, 60, 120),
    PolicySpec("IT", "Something is broken", HIGH, HOUR, DAY, 4 * HOUR),
    PolicySpec("IT", "Password or account locked", URGENT, 15, 2 * HOUR, HOUR, 60, 120),
    PolicySpec("IT", "Password or account locked", HIGH, 30, 4 * HOUR, 2 * HOUR),
    PolicySpec("INFRA", "Network or VPN access", URGENT, 30, 4 * HOUR, HOUR, 60, 120),
    PolicySpec("INFRA", "Network or VPN access", HIGH, 2 * HOUR, DAY, 4 * HOUR),
    PolicySpec("INFRA", "Restore deleted files", HIGH, 2 * HOUR, DAY, 4 * HOUR),
    PolicySpec("SEC", "Report a phishing email", URGENT, 15, 4 * HOUR, HOUR, 50, 60),
    PolicySpec("SEC", "Report a phishing email", HIGH, 30, DAY, 4 * HOUR, 60),
    PolicySpec("SEC", "Lost or stolen device", URGENT, 15, 4 * HOUR, HOUR, 50, 60),
    PolicySpec("SEC", "Lost or stolen device", HIGH, 30, DAY, 4 * HOUR, 60),
    PolicySpec("FAC", "Building or office repair", URGENT, 30, 4 * HOUR, HOUR, 60, 120),
    PolicySpec("PAY", "Payslip question", HIGH, 4 * HOUR, 2 * DAY, DAY),
    PolicySpec("SOM", "Quote or discount approval", URGENT, 30, 4 * HOUR, HOUR, 60, 120),
    PolicySpec("SOM", "Quote or discount approval", HIGH, 2 * HOUR, 6 * HOUR, 2 * HOUR),
    PolicySpec("SOM", "Book a customer order", HIGH, 2 * HOUR, 6 * HOUR, 2 * HOUR),
    PolicySpec("LEGAL", "Data protection question", URGENT, HOUR, DAY, 4 * HOUR, 60, 120),
    PolicySpec("LEGAL", "Data protection question", HIGH, 4 * HOUR, 2 * DAY, DAY),
    PolicySpec("AP", "Payment status", HIGH, 2 * HOUR, 4 * HOUR, 2 * HOUR),
    # Long, confidential cases: the person who raised one hears from the team every few days.
    PolicySpec("ER", "Raise a workplace concern", NORMAL, DAY, 15 * DAY, 3 * DAY),
)
