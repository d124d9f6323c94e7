"""IT Service Desk's services."""

from __future__ import annotations

from inservice.catalog.choices import Audience
from inservice.demo.spec import (
    APPLICATIONS,
    COST_CENTRE,
    DAY,
    HOUR,
    OFFICES,
    ServiceSpec,
    attachment,
    date,
    long_text,
    many_of,
    number,
    one_of,
    person,
    text,
)
from inservice.tickets.choices import Priority

SERVICES = (
    ServiceSpec(
        "IT",
        "New laptop or equipment",
        "A laptop, monitor, docking station or headset for work.",
        "We order, image and deliver equipment from the standard catalogue. Standard kit ships from "
        "stock within **three business days**; developer laptops are built to order.\n\n"
        "Replacing a broken device? Use *Something is broken* instead: we swap it the same day.",
        steps=(
            (
                "Check stock and approval",
                "Standard kit needs no approval; a developer laptop needs a reason.",
            ),
            (
                "Image and enrol the device",
                "Encrypted, enrolled in device management, your apps installed.",
            ),
            ("Deliver or ship", "Handed over at the office desk, or shipped to remote colleagues."),
            ("Collect the old device", "We wipe and recycle returned devices."),
        ),
        form=(
            one_of(
                "equipment",
                "What do you need?",
                ("Standard laptop", "Developer laptop", "Monitor", "Docking station", "Headset"),
                required=True,
            ),
            number("quantity", "How many?", "1", "10", required=True),
            COST_CENTRE,
            date("needed_by", "Needed by", required=True),
            long_text(
                "justification",
                "Why a developer laptop?",
                when=("equipment", "Developer laptop"),
                help_text="What you build or run that a standard laptop cannot.",
            ),
            one_of("deliver_to", "Deliver to", (*OFFICES, "Remote (ship to home)"), required=True),
        ),
        subjects=(
            "New laptop for {colleague}",
            "Second monitor for my desk",
            "Docking station for the {city} office",
            "Replacement headset",
            "Developer laptop for the firmware build",
            "Laptop refresh: mine is four years old",
            "Monitors for {n} new desks",
        ),
        details=(
            "My current laptop is slow with the build tools; a developer machine would save me hours.",
            "Working from the {city} office from next month and need a screen there.",
            "The headset's microphone stopped working and customers cannot hear me.",
        ),
        resolutions=(
            "Your equipment is ready at the office desk; bring your badge to collect it.",
            "Shipped today; tracking details are in your inbox.",
        ),
        response=4 * HOUR,
        resolution=3 * DAY,
        weight=5.0,
        keywords="hardware, computer, screen, dock",
        raci=(
            ("R", "member", "Imaging and delivery"),
            ("C", "team:PROC", "Orders above stock"),
            ("I", "team:FAC", "Desk setup"),
        ),
    ),
    ServiceSpec(
        "IT",
        "Software access or licence",
        "Access to an application, or a licence for one.",
        "Ask for any application on the approved list. Admin rights need a named approver. Licences "
        "are charged to your cost centre.",
        steps=(
            (
                "Check the approved list",
                "Tools that are not on it go through a security review first.",
            ),
            ("Get approval where needed", "Admin access is approved by the person you name."),
            ("Grant access", "You get an email from the application when it is done."),
        ),
        form=(
            one_of("application", "Application", APPLICATIONS, required=True),
            one_of("access_level", "Access", ("Viewer", "Editor", "Admin"), required=True),
            person(
                "approver",
                "Who approves admin access?",
                when=("access_level", "Admin"),
                help_text="Usually your manager or the application's owner.",
            ),
            long_text("reason", "What do you need it for?"),
        ),
        subjects=(
            "Access to {app}",
            "{app} licence for {colleague}",
            "Admin rights in {app}",
            "Editor access to the {app} workspace",
            "Licence for {app} for the {city} team",
        ),
        resolutions=(
            "Access granted: sign in with your company account.",
            "The licence is assigned to you.",
        ),
        response=4 * HOUR,
        resolution=2 * DAY,
        weight=6.0,
        keywords="licence, license, account, permission",
        raci=(
            ("R", "member", "Granting access"),
            ("C", "team:SEC", "Tools not on the approved list"),
        ),
        samples={
            "reason": (
                "Joining the project team next week.",
                "Need it to review designs with the agency.",
            )
        },
        hand_to=("SEC:Security review of a new tool",),
    ),
    ServiceSpec(
        "IT",
        "Something is broken",
        "A device, the Wi-Fi, a printer or a meeting room screen does not work.",
        "Tell us what is broken and how many people it affects. If a whole office is affected, "
        "call the service desk as well.",
        steps=(
            ("Triage", "We set the priority by impact: one person, a team, or several teams."),
            ("Fix or work around", "Remote support first; a desk visit if needed."),
            ("Replace if needed", "Broken devices are swapped the same day from stock."),
            ("Confirm with you", "We close only when it works for you."),
        ),
        form=(
            one_of(
                "what",
                "What is broken?",
                ("Laptop", "Phone", "Printer", "Wi-Fi", "Video conferencing", "Other"),
                required=True,
            ),
            one_of(
                "impact", "Who is affected?", ("Just me", "My team", "Several teams"), required=True
            ),
            date("since", "Since when?"),
            long_text(
                "details",
                "What happens?",
                required=True,
                min_length=10,
                help_text="Error messages, what you tried, where you are.",
            ),
            attachment("screenshot", "Screenshot or photo"),
        ),
        subjects=(
            "Laptop will not start",
            "Wi-Fi drops every few minutes on floor 3",
            "Printer in {city} jams",
            "Meeting room screen shows no signal",
            "Phone does not sync email",
            "Blue screen after update",
            "Keyboard keys stuck",
            "Video calls freeze in the {city} office",
            "Battery drains in two hours",
        ),
        samples={
            "details": (
                "It started this morning. I restarted twice; the same error comes back.",
                "The whole team on this floor has the problem since the update last night.",
                "Works at home but not in the office. Error says the certificate is not trusted.",
            )
        },
        resolutions=(
            "Fixed: a driver update was missing. Let us know if it comes back.",
            "We swapped the device; your files were restored from backup.",
            "The access point was replaced; the Wi-Fi on the floor is stable again.",
        ),
        response=2 * HOUR,
        resolution=DAY,
        weight=10.0,
        priority=Priority.HIGH,
        keywords="broken, error, not working, incident, fix",
        raci=(
            ("R", "member", "Fixing it"),
            ("C", "team:INFRA", "Network and server causes"),
            ("I", "team:FAC", "Meeting rooms"),
        ),
        hand_to=(
            "INFRA:Network or VPN access",
            "SEC:Report a phishing email",
            "FAC:Building or office repair",
        ),
    ),
    ServiceSpec(
        "IT",
        "Password or account locked",
        "Locked out, a forgotten password, or a new MFA device.",
        "For your company account, email, VPN and business applications. We confirm your identity by "
        "a call before resetting anything.",
        steps=(
            ("Confirm your identity", "A short call back to your registered phone."),
            ("Unlock or reset", "You set a new password yourself with a one-time link."),
        ),
        form=(
            one_of(
                "account",
                "Which account?",
                ("Company sign-in (SSO)", "Email", "VPN", "Salesforce", "Other"),
                required=True,
            ),
            one_of(
                "problem",
                "What happened?",
                ("Forgot password", "Account locked", "New phone for MFA"),
                required=True,
            ),
            text(
                "phone",
                "Phone number to call you back",
                required=True,
                pattern=r"\+?[0-9 ()-]{7,20}",
                pattern_message="Write a phone number, e.g. +49 30 1234567.",
            ),
        ),
        subjects=(
            "Locked out of my account",
            "New phone: MFA setup",
            "VPN password expired",
            "Cannot sign in to Salesforce",
            "Password reset for {colleague}",
        ),
        samples={
            "phone": ("+49 30 5550123", "+44 20 7946 0123", "+1 212 555 0147", "+65 6555 0199")
        },
        resolutions=("Unlocked; you can sign in again.", "MFA moved to your new phone."),
        response=HOUR,
        resolution=4 * HOUR,
        weight=5.0,
        priority=Priority.HIGH,
        keywords="password, login, MFA, locked, sign in",
        raci=(("R", "member", "Identity check and reset"), ("I", "team:SEC", "Repeated lockouts")),
    ),
    ServiceSpec(
        "IT",
        "New starter IT setup",
        "Accounts and equipment ready on a new colleague's first day.",
        "Tell us **ten business days** before the start date so everything is ready on day one. "
        "HR Operations' onboarding request does not replace this one.",
        steps=(
            ("Create accounts", "Company account, email and the applications you tick."),
            ("Prepare equipment", "Imaged and labelled with the starter's name."),
            ("Day-one handover", "At the office desk at 9:00, or shipped the week before."),
        ),
        form=(
            text("starter", "New colleague's name", required=True, max_length=120),
            date("start_date", "Start date", required=True),
            person("manager", "Their manager", required=True),
            one_of("office", "Where do they start?", (*OFFICES, "Remote"), required=True),
            many_of(
                "equipment",
                "Equipment",
                ("Laptop", "Monitor", "Headset", "Phone", "Docking station"),
                required=True,
            ),
            many_of("accounts", "Applications", APPLICATIONS),
            COST_CENTRE,
        ),
        subjects=(
            "New starter: {colleague} on {month} 1st",
            "IT setup for {n} interns",
            "Equipment for our new account executive",
            "Accounts for a contractor starting Monday",
        ),
        samples={
            "starter": (
                "Lena Vogel",
                "Marcus Reid",
                "Aiko Tanaka",
                "Rafael Duarte",
                "Grace Mensah",
                "Tom Kowalczyk",
            )
        },
        resolutions=(
            "All set: accounts created and the laptop is at the desk with the welcome pack.",
        ),
        response=4 * HOUR,
        resolution=5 * DAY,
        weight=2.0,
        audience=Audience.EMPLOYEES,
        keywords="onboarding, new hire, starter",
        raci=(
            ("R", "member", "Accounts and equipment"),
            ("C", "team:HR", "Start dates"),
            ("I", "team:FAC", "Badge and desk"),
        ),
    ),
    ServiceSpec(
        "IT",
        "Leaver accounts and equipment",
        "Accounts closed and equipment back when a colleague leaves.",
        "Tell us a week before the last day. Accounts close at the end of the last day; the "
        "mailbox and files go to the person you name. Equipment is handed in at the office desk, "
        "or a courier collects it from home.",
        steps=(
            ("Plan the last day", "Who gets the mailbox and files; how the equipment comes back."),
            ("Close accounts", "At the end of the last day: sign-in, email, VPN and applications."),
            ("Collect equipment", "Wiped, checked and back in stock."),
        ),
        form=(
            person("leaver", "Who is leaving?", required=True),
            date("last_day", "Last day", required=True),
            person("handover_to", "Who gets their mailbox and files?", required=True),
            one_of(
                "equipment_return",
                "How does the equipment come back?",
                ("Handed in at the office desk", "Courier collects it from home"),
                required=True,
            ),
            long_text("notes", "Anything we should know?"),
        ),
        subjects=(
            "Leaver: {colleague} on {month} 30th",
            "Close accounts for {colleague}",
            "Laptop return for a leaver in {city}",
        ),
        resolutions=("Accounts closed, the mailbox handed over and the laptop back in stock.",),
        response=4 * HOUR,
        resolution=3 * DAY,
        weight=0.8,
        audience=Audience.EMPLOYEES,
        keywords="offboarding, leaver, leaving, exit, return laptop",
        raci=(
            ("R", "member", "Accounts and equipment"),
            ("C", "team:HR", "Last days"),
            ("I", "team:SEC", "Access removal"),
        ),
    ),
)
