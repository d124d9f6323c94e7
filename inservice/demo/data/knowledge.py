"""The demo's knowledge base, declared: about forty articles, FAQs and service guides written for
the demo's own services, and what readers say of them (demo/knowledge.py writes them)."""

from __future__ import annotations

from inservice.demo.data.knowledge_technology import TECHNOLOGY_DOCS
from inservice.demo.spec import Doc

__all__ = ["DOCS", "READER_COMMENTS", "Doc"]

DOCS = (
    *TECHNOLOGY_DOCS,
    Doc(
        "HR",
        "guide",
        "Get an employment letter",
        "For a bank, a landlord or a visa: what the letter says and how fast.",
        """Choose the kind of letter (employment confirmation, salary confirmation, visa support)
and who it is for. Standard letters are signed and sent as PDF within **two working days**;
visa letters take five. Your salary is only stated when you ask for it.""",
        ("Employment letter",),
        age_days=230,
        readers=17,
        deflections=16,
    ),
    Doc(
        "HR",
        "faq",
        "Change your address, name or bank details",
        "What you change yourself, and what needs HR or Payroll.",
        """Address, phone and emergency contact: change them yourself in the HR portal under *My
details*. A change of **name** needs the document (marriage certificate, deed poll). New **bank
details** reach Payroll on the 15th for that month's salary; after that, for the next one.""",
        ("Change my personal details", "PAY:Payslip question"),
        age_days=190,
        readers=19,
        deflections=13,
    ),
    Doc(
        "HR",
        "guide",
        "Parental leave: how to plan it",
        "Notice, pay during leave, and keeping in touch days.",
        """Tell HR at least **eight weeks** before the leave starts, with the expected date. Pay
during leave follows the local rules of your office; HR sends you the figures for your case.
Up to ten *keeping in touch* days are paid and do not end the leave.""",
        ("Parental or long leave",),
        age_days=420,
        readers=10,
        deflections=4,
    ),
    Doc(
        "HR",
        "guide",
        "Onboarding a new hire: the manager's checklist",
        "Start the onboarding workflow and every team gets its step.",
        """Start the **New hire onboarding** workflow as soon as the contract is signed. It asks HR,
IT, Facilities and Payroll for their part with the right notice. You prepare the first week's
plan and a buddy.""",
        ("Onboarding a new hire", "IT:New starter IT setup"),
        age_days=30,
        state="draft",
    ),
    Doc(
        "ER",
        "faq",
        "Raising a concern in confidence",
        "Who reads it, what happens next, and what stays private.",
        """Only Employee Relations reads a concern; not your manager, not the IT team, not
administrators. We answer within two working days to agree how to go on: a conversation,
mediation, or a formal process. Nothing goes to your file without you being told.""",
        ("Raise a workplace concern", "Confidential conversation"),
        age_days=260,
        readers=6,
        deflections=1,
    ),
    Doc(
        "PAY",
        "guide",
        "Read your payslip",
        "Gross pay, deductions and net pay, line by line.",
        """- **Gross pay**: salary plus overtime and allowances of the previous month.
- **Tax and social security**: worked out from your tax code; a new job or second job may use
  an emergency code for a month.
- **Net pay**: what reaches your account on the last working day.

A line you do not recognise? Ask us with the payslip's month.""",
        ("Payslip question",),
        age_days=350,
        readers=34,
        helpful=0.8,
        deflections=28,
    ),
    Doc(
        "PAY",
        "faq",
        "When is salary paid?",
        "On the last working day of the month; earlier in December.",
        """Salary is paid on the **last working day** of the month, in December on the 20th. Payslips
appear in the HR portal two days before. Changes (bonus, overtime, bank details) need to reach
Payroll by the 15th for that month.""",
        ("Payslip question",),
        age_days=500,
        readers=28,
        helpful=0.95,
        deflections=30,
    ),
    Doc(
        "PAY",
        "guide",
        "Claim overtime or an allowance",
        "Approved hours by the 15th are paid that month.",
        """Claim hours your manager approved, with the dates. Claims in by the **15th** are paid that
month, later ones the next. On-call allowances are paid automatically from the rota.""",
        ("Overtime or allowance claim",),
        age_days=80,
        readers=14,
        helpful=0.4,
        deflections=2,
    ),
    Doc(
        "PAY",
        "faq",
        "How commission is worked out",
        "Booked orders, the quarter's plan and when it is paid.",
        """Commission follows your plan letter: a share of **booked and invoiced** orders in the
quarter, paid with the salary of the month after the quarter ends. Sales Operations confirms
the bookings; Payroll pays them.""",
        ("Commission payout question", "SOM:Book a customer order"),
        age_days=160,
        readers=13,
        helpful=0.7,
        deflections=6,
    ),
    Doc(
        "AP",
        "guide",
        "Claim expenses",
        "Receipts, limits and when the money arrives.",
        """Submit each expense with a photo of the receipt within **60 days**. Meals are covered up to
the local daily rate, hotels up to the city rate in the travel policy. Approved claims are paid
with the next weekly payment run, on Thursdays.""",
        ("Expense reimbursement",),
        age_days=310,
        readers=36,
        helpful=0.86,
        deflections=33,
    ),
    Doc(
        "AP",
        "faq",
        "When will my supplier be paid?",
        "Payment terms, the weekly run and how to check a payment.",
        """Approved invoices are paid on their due date (usually 30 days) in the weekly Thursday
run. Ask *Payment status* with the invoice number to hear where an invoice stands.""",
        ("Payment status", "Pay a supplier invoice"),
        age_days=210,
        readers=9,
        deflections=7,
    ),
    Doc(
        "AP",
        "guide",
        "Set up a new supplier",
        "What the supplier must send before the first invoice.",
        """Send the supplier's company details, bank confirmation letter and tax number. We check the
bank details by phone before the first payment; allow **three working days**.""",
        ("Set up a new supplier",),
        age_days=270,
        readers=5,
        deflections=2,
    ),
    Doc(
        "PROC",
        "guide",
        "Buying something: which route?",
        "Card, purchase request or tender, by amount.",
        """- Under 500: company card, receipt to expenses.
- 500 to 25,000: **purchase request** with one quote (three above 10,000).
- Over 25,000: Procurement runs a tender with you.

Software always needs a security review first.""",
        ("Purchase request",),
        age_days=240,
        readers=12,
        deflections=9,
    ),
    Doc(
        "LEGAL",
        "guide",
        "Get an NDA signed",
        "Our template is signed in a day; the other side's takes a review.",
        """Use **our template** and it is signed within one working day. The other side's own NDA
goes to contract review (three working days). Say who the other party is and what will be
shared.""",
        ("NDA", "Contract review"),
        age_days=170,
        readers=10,
        deflections=8,
    ),
    Doc(
        "LEGAL",
        "faq",
        "Can I use customer data for this?",
        "The three questions the data protection team asks first.",
        """1. Is it needed for what the customer signed up for?
2. Who will see it, and where is it stored?
3. How long will it be kept?

Unsure about any of them? Ask a *data protection question* before you start.""",
        ("Data protection question",),
        age_days=130,
        readers=7,
        deflections=3,
    ),
    Doc(
        "FAC",
        "guide",
        "Get or replace your building badge",
        "New, lost or broken badges, and visitor passes.",
        """New starters' badges are ready on day one when HR's notice arrived. A **lost badge** is
blocked as soon as you ask; collect the new one at reception the same day. Visitors get a day
pass at reception; register them the day before.""",
        ("Building access badge",),
        age_days=290,
        readers=21,
        deflections=19,
    ),
    Doc(
        "FAC",
        "faq",
        "Book a desk or move desks",
        "Hot desks are booked in the app; a team move is a request.",
        """Hot desks and quiet rooms are booked in the **Office app** up to two weeks ahead. A
permanent desk, or a whole team moving floors, is a *Desk or office move* request: allow two
weeks for a team.""",
        ("Desk or office move",),
        age_days=110,
        readers=24,
        helpful=0.83,
        deflections=21,
    ),
    Doc(
        "FAC",
        "guide",
        "Meeting room screen not working",
        "Three things to try before calling us.",
        """1. Press **Input** on the remote until *Room PC* shows.
2. Wake the room PC with its mouse.
3. Unplug the HDMI cable and plug it in again.

Still nothing five minutes before a customer arrives? Call reception: they send someone.""",
        ("Meeting room or event setup", "Building or office repair"),
        age_days=60,
        readers=15,
        deflections=11,
    ),
    Doc(
        "FAC",
        "article",
        "Office heating and cooling hours",
        "When the heating runs, and how to report a room too hot or cold.",
        """Heating and cooling run 07:00-19:00 on working days. A room too hot or cold for more than a
day is a *Building or office repair* request naming the room.""",
        ("Building or office repair",),
        age_days=45,
        state="draft",
    ),
    Doc(
        "SOM",
        "guide",
        "Book a customer order",
        "What Order Management needs to book an order the same day.",
        """Complete orders are booked the same day: customer number, signed quote, delivery address,
and the billing contact. A missing item sends the order back to you, which costs a day.""",
        ("Book a customer order",),
        age_days=200,
        readers=11,
        deflections=6,
    ),
    Doc(
        "SOM",
        "faq",
        "Discounts: who approves what",
        "Up to 10% your manager, up to 25% Sales Operations, beyond that the VP.",
        """| Discount | Approved by |
|---|---|
| up to 10% | your manager |
| up to 25% | Sales Operations |
| above 25% | VP Sales |

Ask with the quote and the reason; we answer within one working day.""",
        ("Quote or discount approval",),
        age_days=150,
        readers=14,
        deflections=10,
    ),
    Doc(
        "MA",
        "guide",
        "Get access to a dashboard",
        "Viewer access is immediate; editing needs the dashboard's owner.",
        """Viewer access to any published dashboard is given the same day. To **edit** one, name it
and say what you want to change: the dashboard's owner agrees first.""",
        ("Dashboard access or change",),
        age_days=95,
        readers=6,
        deflections=4,
    ),
)

READER_COMMENTS = {
    True: (
        "Worked first time, thanks!",
        "Clear and quick, exactly what I needed.",
        "Saved me a request.",
        "",
        "",
        "",
    ),
    False: (
        "The steps do not match what I see on my screen.",
        "Out of date: the menu has moved.",
        "Does not say what to do on a Mac.",
        "I still had to ask in the end.",
        "",
    ),
}
