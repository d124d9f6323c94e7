"""The demo's service vision and its service teams' charters, declared (demo/charters.py writes
them through org.services_charter).

Written for Brightwater Instruments: what each team is for, its hours in words (the calendar's
hours are shown beside them, live), how to reach it and what colleagues can count on. The
services and agreements a charter shows are read live, so they are not repeated here.
`[[PREFIX:Service name]]` becomes a link to that service in the portal (its name alone when
the catalog has no such service).
"""

from __future__ import annotations

from dataclasses import dataclass

VISION_STATEMENT = (
    "Every colleague gets the help they need to do their best work, the first time they ask: "
    "from teams that know what they own, keep the promises they make, and listen to the people "
    "they serve."
)

VISION_TEXT = """Brightwater builds instruments that scientists trust because they do what the label \
says. We want the service our teams give each other to earn the same trust.

## What this means for everyone

- **Ask once.** Every service is in the portal, with the team that owns it and how long it \
takes. Nobody should have to find out who to ask by asking around.
- **Hear back, with a time.** Every request is acknowledged with a promise of when it will be \
done, and the promise is kept or honestly renegotiated before it runs out.
- **Both sides of the agreement.** Teams are each other's customers. The teams that serve \
commit to targets; the teams they serve commit to asking early and completely. Both are \
measured, and both are shown side by side.
- **Feedback goes somewhere.** Every rating, suggestion and survey answer reaches the team it \
is about, and every suggestion gets an answer: "you said, we did".
- **Say thank you.** Good service is noticed and recognised, across teams as much as within them.

## How we will know

By the end of the year, at least 90% of requests meet their service level, nine in ten \
promises are kept, and every service team scores above +30 in its internal NPS. Each team's \
charter, on its page in the directory, says what it contributes.
"""


@dataclass(frozen=True)
class CharterSpec:
    team: str  # the team's request key prefix
    mission: str
    hours: str
    reach: str  # Markdown
    commitments: str  # Markdown
    age_days: int = 60  # last saved this many days ago, by the team's lead


CHARTERS = (
    CharterSpec(
        "IT",
        "Keep every Brightwater colleague working: equipment that works, accounts that open and "
        "an answer from a person, wherever in the world you are.",
        "We follow the sun on weekdays: Singapore opens the desk at 09:00 local time, Berlin "
        "takes over at lunchtime there and New York closes it at the end of its working day. "
        "Outside those hours, a locked account or a broken laptop before a customer meeting "
        "reaches the on-call engineer through the phone line below.",
        """- **Anything that stopped working:** [[IT:Something is broken]]. Say what you were \
doing and attach a screenshot if you can.
- **Locked out?** Reset your own password first (the knowledge base shows how), then \
[[IT:Password or account locked]].
- **New kit or software:** [[IT:New laptop or equipment]], [[IT:Software access or licence]].
- **Walk-up desk:** Berlin HQ, 2nd floor, 09:00-16:00; New York, 14th floor, 10:00-16:00.
- **Out of hours, urgent only:** +49 30 5550 1190 (on call).
- Email [servicedesk@brightwater.example](mailto:servicedesk@brightwater.example) opens a \
request too, but the form asks the questions we would otherwise ask you back.""",
        """- We answer a locked account within an hour and anything broken within two \
business hours, with a time we will have it fixed.
- If the time we promised will not hold, we tell you before it passes, and why.
- A broken laptop is swapped the same day at Berlin HQ and New York; remote colleagues get a \
replacement by courier within two business days.
- New starters have a working laptop and accounts on their first morning when we hear ten \
working days ahead.
- We close a request only when you agree it is solved, and we read every rating.""",
        age_days=40,
    ),
    CharterSpec(
        "INFRA",
        "Run the servers, networks, cloud accounts and backups the company and our instruments' "
        "platform depend on, safely, and change them without surprises.",
        "Office hours in Berlin, 08:00-18:00. Planned maintenance happens in the night window, "
        "Sunday to Thursday 22:00-06:00 Berlin time, announced five working days ahead in "
        "#infra-changes.",
        """- Requests through the portal: [[INFRA:Network or VPN access]], \
[[INFRA:Server or cloud resources]], [[INFRA:Restore deleted files]].
- **An outage affecting more than one person:** call the on-call engineer, \
+49 30 5550 1140, at any hour; then tell the service desk so they can answer others.
- Planned changes and maintenance windows: the #infra-changes channel.""",
        """- Restores from backup within one business day for anything deleted in the last 35 \
days.
- Every planned change that could interrupt anyone is announced at least five working days \
ahead, with a way back.
- Cloud accounts and servers come with cost tags and an owner, so nothing runs unpaid-for or \
unowned.
- After an outage, a written review within five working days: what happened and what we \
change.""",
        age_days=75,
    ),
    CharterSpec(
        "SEC",
        "Keep Brightwater's people, data and devices safe, and make the safe way the easy way.",
        "Berlin office hours. Phishing reports and lost devices are looked at within the hour "
        "during office hours, and by the on-call engineer outside them.",
        """- **Clicked something odd, or lost a device?** Report it at once, even if you are \
not sure: [[SEC:Report a phishing email]], [[SEC:Lost or stolen device]]. We never blame \
the person who reports.
- **Outside office hours:** +49 30 5550 1177.
- **Before buying a new tool that will hold company data:** \
[[SEC:Security review of a new tool]], at least three weeks before you need it.
- Email [security@brightwater.example](mailto:security@brightwater.example) for anything \
else.""",
        """- A lost or stolen laptop is locked and wiped remotely within an hour of your report.
- You hear back on every phishing report, with what it was and what we did.
- Security reviews of new tools take at most ten business days once the vendor's answers \
are in; we say early what is missing.
- We explain every "no" and suggest a safe alternative.""",
        age_days=120,
    ),
    CharterSpec(
        "HR",
        "Take care of the paperwork of working here, from the offer letter to the last day, so "
        "colleagues and their managers can get on with the work.",
        "Berlin office hours, Monday to Friday. Contracts and letters are signed by the People "
        "director on Tuesdays and Thursdays.",
        """- Letters, personal details and leave: [[HR:Employment letter]], \
[[HR:Change my personal details]], [[HR:Parental or long leave]].
- **Hiring managers:** start [[HR:Onboarding a new hire]] as soon as the offer is signed, \
ten working days before the first day at the latest.
- Drop-in hours at Berlin HQ: Wednesdays 14:00-16:00, People corner, 3rd floor.""",
        """- Employment letters within three business days, signed and ready for a visa or a \
landlord.
- Personal details changed before the next payroll run when we have them by the 15th.
- A new hire's contract, paperwork and first-week plan are ready for their first day when \
we hear ten working days ahead.
- Anything about your personal situation stays between you, HR and whoever must know to \
act on it.""",
        age_days=30,
    ),
    CharterSpec(
        "ER",
        "A safe, confidential place to raise how you or others are treated at work, and fair, "
        "timely help for everyone involved.",
        "Berlin office hours. Conversations can be arranged early in the morning or in the "
        "evening, and in another office or by video, when that is easier for you.",
        """- **To raise a concern:** [[ER:Raise a workplace concern]]. Only Employee Relations \
sees these requests.
- **Not sure yet?** [[ER:Confidential conversation]]: off the record, nothing happens \
without your agreement.
- **Managers:** [[ER:Manager support for a performance concern]], before the first \
difficult conversation rather than after.
- You can also reach us at [er@brightwater.example](mailto:er@brightwater.example), or \
anonymously through the suggestion box.""",
        """- We contact you within one business day of a concern being raised.
- Nothing is shared beyond Employee Relations without your consent, except where someone's \
safety is at risk, and we tell you first if that happens.
- Both sides of a concern are heard before anything is decided.
- You are told the outcome and the reasons, and how to appeal.""",
        age_days=200,
    ),
    CharterSpec(
        "PAY",
        "Pay every colleague correctly and on time, and explain every line of their payslip.",
        "Berlin office hours. Pay runs close on the 15th for that month's changes; in the last "
        "three working days of the month we only answer questions about that month's pay.",
        """- [[PAY:Payslip question]]: attach the payslip and say which line looks wrong.
- [[PAY:Overtime or allowance claim]] by the 15th to be paid that month.
- Sales colleagues: [[PAY:Commission payout question]], with the statement attached.
- Email [payroll@brightwater.example](mailto:payroll@brightwater.example) reaches the whole \
team.""",
        """- Salaries arrive on the last working day of the month, every month.
- A payslip question is answered within one business day; an error we made is corrected in \
the next pay run, or by a separate payment within five working days if you ask.
- Overtime and allowances claimed by the 15th are paid with that month's salary.
- Commission statements reach sales colleagues five working days before payout.""",
        age_days=90,
    ),
    CharterSpec(
        "AP",
        "Pay suppliers on time and colleagues back quickly, so Brightwater stays a company "
        "people want to work with.",
        "London office hours. Payment runs go out on Tuesdays and Fridays; an invoice approved "
        "by Monday 17:00 is paid in Tuesday's run.",
        """- [[AP:Pay a supplier invoice]]: attach the invoice and the purchase order number.
- [[AP:Expense reimbursement]] with the receipts, within 60 days of spending.
- [[AP:Payment status]] answers "has it been paid?" the same day.
- [[AP:Set up a new supplier]] before you order from them, not when the invoice arrives.""",
        """- Approved invoices are paid within their terms; agencies and event venues on the \
date agreed with Marketing.
- Expense claims with receipts are reimbursed in the next payment run, at most eight \
working days after approval.
- We tell you the same day if an invoice cannot be paid, and what is missing.""",
        age_days=45,
    ),
    CharterSpec(
        "PROC",
        "Buy what Brightwater needs at the right price, from suppliers we can trust, without "
        "slowing down the people who need it.",
        "London office hours, Monday to Friday.",
        """- Anything over 1,000 EUR: [[PROC:Purchase request]], with a quote if you have one.
- Software renewals: [[PROC:Software subscription renewal]] at least 30 days before the \
renewal date, so there is time to negotiate.
- Email [procurement@brightwater.example](mailto:procurement@brightwater.example) for \
advice before you talk to a vendor.""",
        """- A purchase request is approved or answered with a question within two business \
days.
- Renewals raised 30 days ahead are never allowed to lapse.
- We check every new supplier once, so you can reuse them without asking again.""",
        age_days=150,
    ),
    CharterSpec(
        "LEGAL",
        "Help Brightwater do business with confidence: contracts signed quickly, data handled "
        "lawfully, and claims we can stand behind.",
        "London office hours. Contract reviews are planned on Monday mornings; a deal closing "
        "this week should say so in the request.",
        """- [[LEGAL:NDA]]: on our standard template within a business day.
- [[LEGAL:Contract review]]: the contract as an editable document, the deal value and the \
date it must be signed.
- [[LEGAL:Data protection question]]: a possible data breach is urgent: choose the \
highest priority, and we start at once.
- [[LEGAL:Marketing claim check]] before anything is published.""",
        """- NDAs on our template are ready within one business day.
- Contract reviews come back within five business days, or by the signing date you give \
us when we hear about it five days ahead.
- A possible data breach is assessed within four hours of your report, so the 72-hour \
notification deadline can be met.
- We explain the risks in plain language and say what we would do.""",
        age_days=60,
    ),
    CharterSpec(
        "FAC",
        "Offices that work: warm, clean, safe and ready for the meeting, the move and the new "
        "colleague.",
        "Berlin office hours; each office has a facilities coordinator on site 08:00-17:00. "
        "Building emergencies (flooding, no heating, a broken entrance) reach the building "
        "manager at any hour.",
        """- [[FAC:Building or office repair]] for heating, lights, plumbing, furniture and \
cleaning.
- [[FAC:Building access badge]]: new, replaced or extended.
- [[FAC:Desk or office move]] and [[FAC:Meeting room or event setup]] at least ten \
working days ahead.
- **Building emergency, any hour:** +49 30 5550 1100.""",
        """- Urgent repairs (no heating, water, a door that will not lock) are started the same \
day.
- Lost badges are replaced within four business hours.
- Desk moves are done over a weekend when we have ten working days' notice, so nobody \
loses a working day.""",
        age_days=20,
    ),
    CharterSpec(
        "SOM",
        "Turn every signed deal into a correct order, invoiced and delivered, and keep the CRM "
        "data the whole company plans with clean.",
        "New York office hours, with a Berlin colleague covering European mornings. At the end "
        "of a quarter we book orders until 20:00 Eastern on the last two working days.",
        """- [[SOM:Book a customer order]] with the signed order form attached: everything the \
form asks for, so we never have to come back to you.
- [[SOM:Quote or discount approval]] for discounts above your limit.
- [[SOM:CRM data correction]] for wrong owners, duplicates and stuck opportunities.""",
        """- Complete orders are booked within one business day, the same day in the last \
week of a quarter.
- Discount approvals are decided within four business hours.
- We tell you at once what is missing from an order, all in one message.""",
        age_days=35,
    ),
    CharterSpec(
        "MA",
        "Give Marketing and the leadership team numbers they can plan with: timely, explained "
        "and the same wherever they are shown.",
        "London office hours. Month-end figures are ready on the third working day of the month.",
        """- [[MA:Campaign performance report]] after a campaign ends.
- [[MA:Dashboard access or change]] for the marketing dashboards.
- [[MA:Market data for planning]] at least five working days before the plan is due.""",
        """- Every figure we publish says where it comes from and when it was last refreshed.
- Campaign reports within three business days of the campaign's end.
- Market data for planning within five business days.""",
        age_days=100,
    ),
)
