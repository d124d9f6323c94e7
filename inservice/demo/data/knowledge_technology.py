"""The demo knowledge base's articles for the technology teams (IT Service Desk, IT
Infrastructure, Security); the rest are in knowledge.py."""

from __future__ import annotations

from inservice.demo.spec import Doc

TECHNOLOGY_DOCS = (
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
)
