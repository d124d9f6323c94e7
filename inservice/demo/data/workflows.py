"""The demo's workflow templates and the runs started when it loads.

Each step asks for a real service of the catalog and prefills every required field of its intake
form from the parameters, the anchor date (`{anchor_date}`, as YYYY-MM-DD) or a constant, so a run
with sensible parameters passes every form (`start_run` checks them all before anything is
written). A multiple-choice field's prefill lists its options separated by commas.
"""

from __future__ import annotations

from inservice.demo.spec import OFFICES, RunSpec, StepSpec, WorkflowSpec
from inservice.workflows.choices import ConditionOp, ParamKind
from inservice.workflows.schedule import Condition
from inservice.workflows.services.templates import Param

CONTRACTS = ("Permanent", "Fixed term", "Contractor")
COST_CENTRE = Param("cost_centre", "Cost centre (CC- and four digits)")
ON_SITE = Condition("office", ConditionOp.NOT_EQUALS, "Remote")
REMOTE = Condition("office", ConditionOp.EQUALS, "Remote")
# Contractors invoice through Accounts Payable: Payroll and HR letters are for employees.
EMPLOYED = Condition("contract", ConditionOp.NOT_EQUALS, "Contractor")
CONTRACTOR = Condition("contract", ConditionOp.EQUALS, "Contractor")
BADGE = {"holder": "{name}", "office": "{office}", "areas": "Office floors"}

# IT Service Desk's new-starter request: accounts, the applications asked for, and equipment.
IT_SETUP = {
    "starter": "{name}",
    "start_date": "{anchor_date}",
    "manager": "{manager}",
    "office": "{office}",
    "accounts": "{applications}",
    "cost_centre": "{cost_centre}",
}

ONBOARDING = WorkflowSpec(
    "HR",
    "New-hire onboarding",
    "Contract, accounts and laptop, pay, desk and a welcome: everything ready on a new "
    "colleague's first day.",
    anchor_label="Start date",
    min_notice_days=10,  # IT Service Desk asks for ten business days
    parameters=(
        Param("name", "New hire's name"),
        Param("position", "Position"),
        Param("manager", "Manager", ParamKind.PERSON),
        Param("office", "Office", ParamKind.CHOICE, choices=(*OFFICES, "Remote")),
        Param("contract", "Contract", ParamKind.CHOICE, choices=CONTRACTS),
        Param(
            "contract_end",
            "Contract ends (fixed term, contractors)",
            ParamKind.DATE,
            required=False,
        ),
        Param(
            "applications",
            "Applications, separated by commas (e.g. Salesforce, Zoom)",
            required=False,
        ),
        COST_CENTRE,
    ),
    steps=(
        StepSpec(
            "hr_record",
            "Contract and HR record",
            "HR:Onboarding a new hire",
            "Onboarding {name}, {position}",
            offset_days=-8,
            work_days=2,
            prefill={
                "starter": "{name}",
                "start_date": "{anchor_date}",
                "position": "{position}",
                "manager": "{manager}",
                "office": "{office}",
                "contract": "{contract}",
                "contract_end": "{contract_end}",
            },
        ),
        StepSpec(
            "it_setup",
            "Accounts and laptop at the desk",
            "IT:New starter IT setup",
            "New starter: {name}, {position} in {office}",
            offset_days=-2,
            work_days=3,
            depends_on=("hr_record",),
            condition=ON_SITE,
            prefill=IT_SETUP | {"equipment": "Laptop, Docking station, Headset"},
        ),
        StepSpec(
            "it_setup_home",
            "Accounts and laptop shipped home",
            "IT:New starter IT setup",
            "New starter: {name}, {position}, remote",
            offset_days=-5,  # shipped the week before, as IT Service Desk does
            work_days=3,
            depends_on=("hr_record",),
            condition=REMOTE,
            prefill=IT_SETUP | {"equipment": "Laptop, Monitor, Headset"},
        ),
        StepSpec(
            "payroll",
            "Payroll set-up",
            "PAY:Payslip question",
            "Payroll for new hire {name}",
            offset_days=-3,
            work_days=2,
            depends_on=("hr_record",),
            condition=EMPLOYED,
            prefill={
                "pay_date": "{anchor_date}",
                "topic": "Something else",
                "question": "New hire: please add {name} ({position}, {contract}) to payroll "
                "from {anchor_date}. The contract is with HR Operations' onboarding request.",
            },
        ),
        StepSpec(
            "desk",
            "Desk ready",
            "FAC:Desk or office move",
            "Desk for {name} in {office}",
            offset_days=-1,
            work_days=2,
            depends_on=("hr_record",),
            condition=ON_SITE,
            prefill={
                "people": "1",
                "from_area": "New starter",
                "to_area": "{office}, with {manager}'s team",
                "move_on": "{anchor_date}",
            },
        ),
        StepSpec(
            "badge",
            "Access badge",
            "FAC:Building access badge",
            "Badge for {name}, starting {anchor_date}",
            offset_days=-1,
            depends_on=("desk",),
            condition=(ON_SITE, EMPLOYED),
            prefill=BADGE | {"badge_type": "Employee"},
        ),
        StepSpec(
            "badge_contractor",
            "Contractor badge",
            "FAC:Building access badge",
            "Contractor badge for {name}, starting {anchor_date}",
            offset_days=-1,
            depends_on=("desk",),
            condition=(ON_SITE, CONTRACTOR),
            # A contractor's badge ends with the contract: the form asks for the date.
            prefill=BADGE | {"badge_type": "Contractor", "valid_until": "{contract_end}"},
        ),
        StepSpec(
            "learning",
            "Learning enrolment",
            "IT:Software access or licence",
            "Workday learning for {name}",
            offset_days=-1,
            depends_on=("hr_record",),
            prefill={
                "application": "Workday",
                "access_level": "Viewer",
                "reason": "New starter from {anchor_date}: enrol {name} in the onboarding "
                "learning path (security awareness, code of conduct).",
            },
        ),
        StepSpec(
            "welcome",
            "Day-one welcome",
            "FAC:Meeting room or event setup",
            "Welcome for {name} on day one",
            offset_days=0,
            depends_on=("desk", "it_setup"),
            condition=ON_SITE,
            prefill={
                "event_date": "{anchor_date}",
                "attendees": "8",
                "office": "{office}",
                "notes": "{manager} welcomes {name} ({position}) with the team at 9:30: coffee, "
                "the desk, the laptop and the first-week plan.",
            },
        ),
    ),
)

OFFBOARDING = WorkflowSpec(
    "HR",
    "Leaver offboarding",
    "Employment confirmed, accounts closed and equipment back on the last day, and the final pay.",
    anchor_label="Last day",
    min_notice_days=5,  # IT Service Desk asks for a week
    parameters=(
        Param("leaver", "Who is leaving?", ParamKind.PERSON),
        Param("manager", "Who gets their mailbox and files?", ParamKind.PERSON),
        Param("contract", "Contract", ParamKind.CHOICE, choices=CONTRACTS),
        Param(
            "equipment_return",
            "How does the equipment come back?",
            ParamKind.CHOICE,
            choices=("Handed in at the office desk", "Courier collects it from home"),
        ),
    ),
    steps=(
        StepSpec(
            "letter",
            "Employment confirmation",
            "HR:Employment letter",
            "Employment confirmation for {leaver}",
            offset_days=-3,
            work_days=2,
            condition=EMPLOYED,
            prefill={
                "letter": "Employment confirmation",
                "addressed_to": "To whom it may concern",
                "language": "English",
                "needed_by": "{anchor_date}",
            },
        ),
        StepSpec(
            "accounts",
            "Accounts closed, equipment back",
            "IT:Leaver accounts and equipment",
            "Leaver: {leaver}",
            offset_days=0,
            prefill={
                "leaver": "{leaver}",
                "last_day": "{anchor_date}",
                "handover_to": "{manager}",
                "equipment_return": "{equipment_return}",
            },
        ),
        # No badge step: Facilities' badge service issues, replaces and extends badges only.
        StepSpec(
            "final_pay",
            "Final pay",
            "PAY:Payslip question",
            "Final pay for {leaver}",
            offset_days=3,
            work_days=2,
            depends_on=("letter",),
            condition=EMPLOYED,
            prefill={
                "pay_date": "{anchor_date}",
                "topic": "Something else",
                "question": "{leaver} leaves on {anchor_date}: the last salary, untaken holiday "
                "and open expenses in the final pay run.",
            },
        ),
    ),
)

OFFICE_MOVE = WorkflowSpec(
    "FAC",
    "Office move",
    "A team moves desks: the move, network ports and docking stations at the new desks, then a "
    "check of the new floor.",
    anchor_label="Move date",
    min_notice_days=10,  # Facilities asks for two weeks
    parameters=(
        Param("team", "Team moving"),
        Param("people", "How many people?"),
        Param("office", "Office", ParamKind.CHOICE, choices=OFFICES),
        Param("from_area", "From (floor and area)"),
        Param("to_area", "To (floor and area)"),
        Param("floor", "New floor (a number)"),
        Param("docks", "Docking stations to add (up to 10)", required=False),
        COST_CENTRE,
    ),
    steps=(
        StepSpec(
            "move",
            "Move",
            "FAC:Desk or office move",
            "Move {team} to {to_area}",
            offset_days=0,
            work_days=5,
            prefill={
                "people": "{people}",
                "from_area": "{from_area}",
                "to_area": "{to_area}",
                "move_on": "{anchor_date}",
            },
        ),
        StepSpec(
            "network",
            "Network ports",
            "INFRA:Network or VPN access",
            "Network ports for {team} at {to_area}",
            offset_days=-2,
            work_days=2,
            prefill={
                "kind": "Office network port",
                "destination": "{office}, {to_area}",
                "justification": "{team} moves to {to_area} on {anchor_date}: {people} desks need "
                "live network ports.",
            },
        ),
        StepSpec(
            "docks",
            "Docking stations",
            "IT:New laptop or equipment",
            "Docking stations for {team} at {to_area}",
            offset_days=-1,
            work_days=3,
            condition=Condition("docks", ConditionOp.IS_SET),
            prefill={
                "equipment": "Docking station",
                "quantity": "{docks}",
                "cost_centre": "{cost_centre}",
                "needed_by": "{anchor_date}",
                "deliver_to": "{office}",
            },
        ),
        StepSpec(
            "check",
            "New floor checked",
            "FAC:Building or office repair",
            "After the move: {to_area}",
            offset_days=2,
            depends_on=("move", "network", "docks"),
            prefill={
                "office": "{office}",
                "floor": "{floor}",
                "room": "{to_area}",
                "problem": "Something else",
                "details": "{team} moved in on {anchor_date}: check furniture, lights and cleaning, "
                "and take the empty boxes away.",
            },
        ),
    ),
)

MONTH_END = WorkflowSpec(
    "AP",
    "Month-end figures",
    "Marketing's paid and open invoices for a closed month, from Finance, checked by Marketing "
    "Analytics before anyone uses them.",
    anchor_label="Figures needed by",
    min_notice_days=5,
    parameters=(
        Param("month", "Month (e.g. May 2026)"),
        COST_CENTRE,
        Param("purpose", "What are the figures for?", required=False),
    ),
    steps=(
        StepSpec(
            "figures",
            "Paid and open invoices",
            "AP:Payment status",
            "Month-end figures for {cost_centre}, {month}",
            offset_days=-3,
            work_days=3,
            prefill={"supplier": "Every supplier on {cost_centre} in {month}: paid and still open"},
        ),
        StepSpec(
            "review",
            "Figures reviewed",
            "MA:Dashboard access or change",
            "Check the {month} spend of {cost_centre}",
            offset_days=0,
            work_days=2,
            depends_on=("figures",),
            prefill={
                "dashboard": "Marketing spend",
                "need": "A new chart",
                "details": "Add {month} from Finance's answer to the spend dashboard and check it "
                "against the campaign budgets. {purpose}",
            },
        ),
    ),
)

WORKFLOWS = (ONBOARDING, OFFBOARDING, OFFICE_MOVE, MONTH_END)

# A visitor finds these under way: the requester sign-in's onboarding, a hiring manager's with
# too little notice (flagged late), a team's move, Marketing's month-end request.
RUNS = (
    RunSpec(
        ONBOARDING.name,
        "requester",
        weekday=0,
        days_ahead=28,
        params={
            "name": "Lena Vogel",
            "position": "Account Executive",
            "manager": "lead:SEMEA",
            "office": "London",
            "contract": "Permanent",
            "applications": "Salesforce, Zoom",
            "cost_centre": "CC-2210",
        },
    ),
    RunSpec(
        ONBOARDING.name,
        "lead:PLAT",
        weekday=0,
        days_ahead=7,  # at most nine working days: less than the ten asked for
        params={
            "name": "Tom Kowalczyk",
            "position": "Senior Software Engineer",
            "manager": "lead:PLAT",
            "office": "Berlin HQ",
            "contract": "Contractor",
            "contract_end": "2027-06-30",
            "applications": "GitHub, Jira, Confluence",
            "cost_centre": "CC-3305",
        },
    ),
    RunSpec(
        OFFICE_MOVE.name,
        "lead:PROD",
        weekday=4,  # moves happen on Fridays
        days_ahead=21,
        params={
            "team": "Product Engineering",
            "people": "12",
            "office": "Berlin HQ",
            "from_area": "Floor 2 east",
            "to_area": "Floor 4 west",
            "floor": "4",
            "docks": "6",
            "cost_centre": "CC-4120",
        },
    ),
    RunSpec(
        MONTH_END.name,
        "lead:DEMAND",
        weekday=2,
        days_ahead=14,
        params={
            "month": "{closing_month}",
            "cost_centre": "CC-5120",
            "purpose": "For the quarterly marketing budget review.",
        },
    ),
)
