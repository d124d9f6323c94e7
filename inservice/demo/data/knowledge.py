"""The demo's knowledge base, declared: about forty articles, FAQs and service guides written for
the demo's own services, and what readers say of them (demo/knowledge.py writes them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Doc:
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


DOCS = (
    Doc(
        "IT",
        "guide",
        "Reset a forgotten password",
        "Choose a new password yourself in two minutes, no request needed.",
        """If you forgot your password or it expired:

1. Open the sign-in page and choose **Forgot password**.
2. Enter your work email address.
3. Confirm with the code the authenticator app on your phone shows.
4. Choose a new password: at least 12 characters, not one of your last five.

Your laptop picks up the new password the next time it is on the office network or the VPN.
Still locked out after five tries? Ask us: we unlock accounts within the hour.""",
        ("Password or account locked",),
        age_days=300,
        owner="lead",
        readers=30,
        helpful=0.9,
        deflections=40,
    ),
    Doc(
        "IT",
        "faq",
        "Why is my account locked?",
        "Five wrong passwords in a row lock an account for 15 minutes.",
        """After **five wrong passwords in a row** your account locks for 15 minutes, then unlocks
by itself. The usual culprit is an old password saved on your phone's mail app: it keeps
trying in the background.

- Update the password in your phone's mail and calendar settings.
- Wait 15 minutes, then sign in again.

If it locks again straight away, ask us and mention which devices you use.""",
        ("Password or account locked",),
        age_days=250,
        owner="agent",
        readers=18,
        deflections=22,
    ),
    Doc(
        "IT",
        "guide",
        "Set up multi-factor sign-in on a new phone",
        "Move your authenticator to a new phone before you wipe the old one.",
        """Before you reset or hand in your old phone:

1. Install the authenticator app on the new phone.
2. On the old phone, open the app and choose **Transfer accounts**.
3. Scan the code with the new phone.

Already lost the old phone? Ask us to reset your second factor; we call you back on your desk
number to check it is you.""",
        ("Password or account locked", "SEC:Lost or stolen device"),
        age_days=120,
        readers=9,
        deflections=5,
    ),
    Doc(
        "IT",
        "guide",
        "Which laptop can I get?",
        "The standard and developer models, and when each is approved.",
        """| Model | For | Approved by |
|---|---|---|
| Standard (14", 16 GB) | Everyone | Automatic |
| Developer (16", 32 GB) | Engineering, analytics | Your manager |

New starters get a standard laptop on their first day when the notice reached us ten working
days ahead. A developer model needs a line on why in the request.""",
        ("New laptop or equipment", "New starter IT setup"),
        age_days=400,
        owner="lead",
        readers=20,
        deflections=15,
    ),
    Doc(
        "IT",
        "faq",
        "My laptop is slow: what can I try first?",
        "Three checks that fix most slow laptops before anyone has to look.",
        """1. **Restart**: updates often wait for it; a laptop up for weeks slows down.
2. **Free space**: keep at least 20 GB free (Downloads is the usual suspect).
3. **Browser tabs**: forty open tabs use more memory than the laptop has.

Still slow? Say what you were doing when it slowed down and since when.""",
        ("Something is broken",),
        age_days=200,
        owner="agent",
        readers=25,
        deflections=18,
    ),
    Doc(
        "IT",
        "guide",
        "Connect a monitor or docking station",
        "Which cable goes where, and what to do when the screen stays black.",
        """Plug the docking station into the **USB-C port with the lightning sign**; the other port
only charges. Then:

- Screen black? Unplug the dock's power for ten seconds and plug it back in.
- Wrong resolution? *Settings → Display* and choose the recommended one.

Loan docks are at the service desk in every office.""",
        ("Something is broken", "New laptop or equipment"),
        age_days=150,
        readers=14,
        helpful=0.8,
        deflections=9,
    ),
    Doc(
        "IT",
        "guide",
        "Printing on a Mac",
        "Adding the office printers to a Mac.",
        """Open *System Settings → Printers* and add **FollowMe** by its address. Print, then
release the job at any printer with your badge.""",
        ("Something is broken",),
        age_days=380,
        owner="lead",
        readers=16,
        helpful=0.45,
        deflections=1,
    ),
    Doc(
        "IT",
        "faq",
        "Getting a software licence",
        "Which tools are free to install, and how long a paid licence takes.",
        """Tools in the **Self Service** app (browsers, Zoom, Slack, 7-Zip, VS Code...) are yours to
install, no request needed. Paid tools (Figma, JetBrains, Adobe, Tableau) need a request
naming the tool; we assign a licence within two working days, or say when the team is out of
seats and Procurement is buying more.""",
        ("Software access or licence", "PROC:Software subscription renewal"),
        age_days=100,
        readers=15,
        deflections=12,
    ),
    Doc(
        "IT",
        "guide",
        "A new starter's first day: what IT prepares",
        "Laptop, accounts and badge ready on day one: what we need and by when.",
        """Tell us **ten working days ahead** (the onboarding workflow does it for you):

- name, start date, team and manager;
- standard or developer laptop;
- the shared drives and tools they need.

On day one the laptop waits at the service desk with a sheet of first steps. A late notice
still works, but the laptop may be a loan for the first week.""",
        ("New starter IT setup", "HR:Onboarding a new hire"),
        age_days=220,
        owner="lead",
        readers=8,
        deflections=3,
    ),
    Doc(
        "IT",
        "faq",
        "What happens to a leaver's laptop and accounts?",
        "Accounts close at the end of the last day; the laptop comes back to us.",
        """Accounts close at 18:00 local time on the last working day. Mail can forward to the
manager for 30 days. The laptop, charger and badge go to the service desk, or in the prepaid
box we send to people working remotely.""",
        ("Leaver accounts and equipment",),
        age_days=60,
        state="draft",
        owner="agent",
    ),
    Doc(
        "INFRA",
        "guide",
        "Connect to the VPN from home",
        "Install the client once, then connect with your usual sign-in.",
        """1. Install **GlobalProtect** from the Self Service app.
2. Portal address: `vpn.brightwater.example`.
3. Sign in as usual and confirm on your phone.

The VPN is needed for the CRM, the shared drives and the finance system; email and chat work
without it.""",
        ("Network or VPN access",),
        age_days=330,
        readers=40,
        helpful=0.88,
        deflections=35,
    ),
    Doc(
        "INFRA",
        "faq",
        "The VPN keeps disconnecting",
        "Hotel and train networks, sleep mode and how to keep a connection.",
        """- **Hotel or train wifi**: sign in to the network's own page in a browser first, then start
  the VPN.
- **After sleep**: the VPN reconnects by itself within a minute; if not, choose *Refresh
  connection*.
- **Every hour on the dot**: update GlobalProtect; old versions have a session bug.""",
        ("Network or VPN access",),
        age_days=90,
        readers=22,
        helpful=0.75,
        deflections=14,
    ),
    Doc(
        "INFRA",
        "guide",
        "Get a shared mailbox or drive",
        "Who can ask, what to say, and how access is kept tidy.",
        """A team lead asks for a shared mailbox or drive, naming its owner and who needs access.
Access goes to groups, not people, so new members get it by joining the team. Owners confirm
the member list twice a year.""",
        ("Shared mailbox, list or drive",),
        age_days=260,
        readers=6,
        deflections=3,
    ),
    Doc(
        "INFRA",
        "guide",
        "Restore a deleted file yourself",
        "Files deleted in the last 30 days come back from the recycle bin.",
        """Shared drive files deleted in the **last 30 days** are in the drive's recycle bin: right
click, *Restore*. Older ones, or a whole folder from a date, need a restore from backup: ask us
with the path and the date it was last right.""",
        ("Restore deleted files",),
        age_days=500,
        readers=12,
        deflections=8,
    ),
    Doc(
        "INFRA",
        "article",
        "Cisco AnyConnect (retired)",
        "The old VPN client, replaced by GlobalProtect.",
        """AnyConnect was replaced by GlobalProtect. See *Connect to the VPN from home*.""",
        ("Network or VPN access",),
        state="archived",
        age_days=700,
        readers=0,
        deflections=0,
    ),
    Doc(
        "SEC",
        "guide",
        "Spot and report a phishing email",
        "The signs of phishing, and the one button to press.",
        """Signs: urgency ("within 24 hours"), a sender address that does not match the name, a link
whose address differs when you hover over it, an unexpected attachment.

Press **Report phishing** in Outlook. Do not forward it, do not click. Clicked already? Tell us
at once: changing your password within minutes stops most attacks.""",
        ("Report a phishing email",),
        age_days=180,
        readers=26,
        helpful=0.92,
        deflections=20,
    ),
    Doc(
        "SEC",
        "faq",
        "I lost my laptop or phone: what now?",
        "Report it within the hour: we lock and wipe it remotely.",
        """Ask straight away, day or night: the security on call locks the device and wipes it
remotely. Then report a theft to the police and keep the reference for the insurance. A loan
laptop waits at the service desk the next working day.""",
        ("Lost or stolen device",),
        age_days=140,
        readers=7,
        deflections=2,
    ),
    Doc(
        "SEC",
        "guide",
        "Before you buy a new tool: the security review",
        "What the review checks and how long it takes.",
        """Any tool that stores company or customer data needs a review before purchase. Send the
vendor's security page and data processing agreement; the review takes **five working days**.
Tools already approved are listed in the Self Service app.""",
        ("Security review of a new tool", "PROC:Purchase request"),
        age_days=75,
        readers=5,
        deflections=2,
    ),
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
