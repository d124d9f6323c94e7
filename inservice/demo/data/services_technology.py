"""The Technology department's other services: IT Infrastructure and Security."""

from __future__ import annotations

from inservice.catalog.choices import Audience
from inservice.demo.spec import (
    COST_CENTRE,
    DAY,
    HOUR,
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
        "INFRA",
        "Server or cloud resources",
        "A virtual machine, a cloud account or more capacity for an existing one.",
        "For development, staging and production. Production resources need an owner and a cost centre "
        "and are reviewed in the weekly change meeting.",
        steps=(
            ("Review the request", "Size, network zone and cost."),
            ("Change approval", "Production requests go to the Thursday change meeting."),
            ("Provision", "Built from the hardened templates, monitored and backed up."),
            ("Hand over", "Access details go to the owner."),
        ),
        form=(
            one_of(
                "environment",
                "Environment",
                ("Development", "Staging", "Production"),
                required=True,
            ),
            number("cpus", "vCPUs", "1", "64", required=True),
            number("memory_gb", "Memory (GB)", "1", "512", required=True),
            one_of(
                "os",
                "Operating system",
                ("Ubuntu 24.04", "Debian 12", "Windows Server 2022", "Container only"),
            ),
            person("owner", "Who owns it?", required=True),
            long_text("purpose", "What runs on it?", required=True),
            COST_CENTRE,
        ),
        subjects=(
            "Staging VM for the billing service",
            "More memory for the build server",
            "Cloud account for the data team",
            "Test environment for {customer} pilot",
            "Production database replica",
        ),
        samples={
            "purpose": (
                "Load tests before the next release.",
                "A pilot environment for a customer.",
                "Nightly builds for firmware.",
            )
        },
        resolutions=("Provisioned; access details are with the owner.",),
        response=8 * HOUR,
        resolution=5 * DAY,
        weight=1.5,
        audience=Audience.EMPLOYEES,
        keywords="VM, cloud, server, AWS",
        raci=(
            ("R", "member", "Provisioning"),
            ("C", "team:SEC", "Production network zones"),
            ("I", "team:FIN", "Cloud costs"),
        ),
    ),
    ServiceSpec(
        "INFRA",
        "Network or VPN access",
        "VPN for a contractor, a firewall rule, guest Wi-Fi or an office network port.",
        "Firewall changes need an approver and are applied in the next change window.",
        steps=(
            ("Check the request", "Source, destination and why."),
            ("Approve", "Firewall rules need the named approver and Security's review."),
            ("Apply", "In the next change window, Tuesday or Thursday evening."),
        ),
        form=(
            one_of(
                "kind",
                "What do you need?",
                ("VPN for a contractor", "Firewall rule", "Guest Wi-Fi", "Office network port"),
                required=True,
            ),
            text("source", "From (system, person or network)"),
            text("destination", "To (system or address)"),
            person("approver", "Approver", when=("kind", "Firewall rule")),
            long_text("justification", "Why?", required=True),
        ),
        subjects=(
            "VPN for {colleague} (contractor)",
            "Firewall rule for the partner API",
            "Guest Wi-Fi for the {city} workshop",
            "Network port for the lab bench",
            "Open port 443 to the {customer} test system",
        ),
        samples={
            "source": ("lab-bench-07", "10.20.0.0/16", "contractor laptop"),
            "destination": ("api.partner.example:443", "billing-db", "internet"),
            "justification": (
                "Needed for the integration tests with the partner.",
                "Workshop with 20 external guests.",
            ),
        },
        resolutions=(
            "Applied in last night's change window.",
            "VPN profile sent to the contractor.",
        ),
        response=4 * HOUR,
        resolution=3 * DAY,
        weight=2.0,
        keywords="firewall, VPN, network, wifi",
        raci=(("R", "member", "Network changes"), ("C", "team:SEC", "Firewall rules")),
        hand_to=("SEC:Security review of a new tool",),
    ),
    ServiceSpec(
        "INFRA",
        "Shared mailbox, list or drive",
        "A shared mailbox, a distribution list or a shared drive, or changes to who is in it.",
        "Every shared mailbox and drive has an owner who approves members.",
        steps=(
            ("Create or change", "Named as you ask, if the name is free."),
            ("Confirm with the owner", ""),
        ),
        form=(
            one_of(
                "kind",
                "What kind?",
                ("Shared mailbox", "Distribution list", "Shared drive"),
                required=True,
            ),
            text(
                "name",
                "Name",
                required=True,
                pattern=r"[a-z0-9][a-z0-9.-]{2,39}",
                pattern_message="Lower-case letters, digits, dots and dashes; 3 to 40 characters.",
            ),
            person("owner", "Owner", required=True),
            long_text("members", "Members", help_text="One email per line."),
        ),
        subjects=(
            "Shared mailbox for {customer} project",
            "Add {colleague} to the sales-emea list",
            "Shared drive for the audit",
            "Distribution list for the {city} office",
        ),
        samples={
            "name": ("emea-deals", "audit-2025", "office.london", "project-orion"),
            "members": ("anna.keller@brightwater.example\ntom.reid@brightwater.example",),
        },
        resolutions=("Created; members can see it within the hour.",),
        response=4 * HOUR,
        resolution=2 * DAY,
        weight=1.5,
        keywords="mailbox, distribution list, drive, folder",
        raci=(("R", "member", "Set up"),),
    ),
    ServiceSpec(
        "INFRA",
        "Restore deleted files",
        "Get back files, folders or mailbox items from backup.",
        "We keep daily backups for 35 days and monthly backups for a year.",
        steps=(
            ("Find the backup", ""),
            ("Restore to a safe place", "Next to the original, never over it."),
            ("Confirm with you", ""),
        ),
        form=(
            text("what", "What was lost?", required=True),
            date("deleted_on", "When was it deleted?", required=True),
            text("path", "Where was it?", help_text="Folder path or mailbox."),
        ),
        subjects=(
            "Restore the Q3 forecast folder",
            "Deleted emails from last week",
            "Lost a presentation after sync",
        ),
        samples={
            "what": (
                "The folder 'Forecast Q3'",
                "Emails from the {customer} thread",
                "Board deck v7",
            ),
            "path": ("Shared Drives/Finance/Forecasts", "Inbox/Customers", "Documents/Board"),
        },
        resolutions=("Restored next to the original with '(restored)' in the name.",),
        response=4 * HOUR,
        resolution=2 * DAY,
        weight=0.8,
        keywords="backup, restore, deleted, recover",
        raci=(("R", "member", "Restores"),),
    ),
    ServiceSpec(
        "SEC",
        "Report a phishing email",
        "A suspicious email, message or call: tell us, even if you clicked.",
        "Reporting early is what matters. Nobody gets into trouble for clicking a link and telling us.",
        steps=(
            ("Analyse the message", "Links, attachments and sender."),
            (
                "Contain",
                "Block the sender, pull copies from other mailboxes, reset passwords if needed.",
            ),
            ("Tell you what it was", "And what to watch for next time."),
        ),
        form=(
            date("received", "When did it arrive?", required=True),
            text("sender", "Sender", required=True),
            one_of(
                "clicked",
                "Did you click a link or open an attachment?",
                ("No", "Yes", "I'm not sure"),
                required=True,
            ),
            long_text("what_happened", "What happened after you clicked?", when=("clicked", "Yes")),
            attachment("message", "The email as a file (.eml)"),
        ),
        subjects=(
            "Suspicious invoice email from {vendor}",
            "Phishing: fake password expiry notice",
            "Call claiming to be IT support",
            "Email asking me to buy gift cards",
            "Clicked a link in a shipping notice",
        ),
        samples={
            "sender": (
                "billing@{vendor}-payments.example",
                "it-helpdesk@brightwater-support.example",
                "ceo.office@gmail.example",
            ),
            "what_happened": ("A sign-in page opened and I typed my password before I noticed.",),
        },
        resolutions=(
            "It was phishing; we blocked the sender and removed 14 copies.",
            "Harmless marketing email, but thanks for checking.",
        ),
        response=HOUR,
        resolution=DAY,
        weight=2.5,
        priority=Priority.HIGH,
        keywords="phishing, spam, suspicious, scam",
        raci=(("R", "member", "Analysis and containment"), ("I", "team:IT", "Password resets")),
    ),
    ServiceSpec(
        "SEC",
        "Security review of a new tool",
        "Before a new application or vendor gets company data.",
        "We review where data goes and how it is protected. Simple tools take a few days; vendors handling "
        "customer data take longer.",
        steps=(
            ("Questionnaire", "The vendor answers our security questionnaire."),
            ("Review", "Data flows, certifications, contract terms with Legal."),
            ("Decision", "Approved, approved with conditions, or not approved, with reasons."),
        ),
        form=(
            text("vendor", "Tool or vendor", required=True),
            many_of(
                "data",
                "Which data will it hold?",
                (
                    "Customer data",
                    "Employee data",
                    "Financial data",
                    "Source code",
                    "None of these",
                ),
                required=True,
            ),
            number("users", "How many users?", "1", "5000", required=True),
            date("go_live", "Planned start"),
            text("link", "Vendor's website"),
        ),
        subjects=(
            "Review of {vendor} for the marketing team",
            "New AI note-taking tool",
            "Security review: survey platform",
            "Customer data in {vendor}",
        ),
        samples={
            "vendor": ("Notion", "Gong", "Typeform", "Loom", "Otter.ai"),
            "link": ("https://vendor.example",),
        },
        resolutions=(
            "Approved with conditions: SSO only, no customer data.",
            "Approved; added to the approved list.",
        ),
        response=DAY,
        resolution=10 * DAY,
        weight=0.8,
        audience=Audience.EMPLOYEES,
        keywords="security, vendor, review, compliance",
        raci=(
            ("R", "member", "Review"),
            ("C", "team:LEGAL", "Contract terms"),
            ("I", "team:PROC", "Purchasing"),
        ),
        hand_to=("LEGAL:Contract review",),
    ),
    ServiceSpec(
        "SEC",
        "Lost or stolen device",
        "A laptop, phone or badge is lost or stolen.",
        "Tell us straight away: we lock and wipe the device remotely.",
        steps=(
            ("Lock and wipe", "Within the hour."),
            ("Revoke access", "Sessions and certificates."),
            ("Replace", "IT Service Desk sends a replacement."),
        ),
        form=(
            one_of(
                "device", "What was lost?", ("Laptop", "Phone", "Tablet", "Badge"), required=True
            ),
            date("lost_on", "When?", required=True),
            text("where", "Where?", required=True),
            many_of(
                "data", "What was on it?", ("Customer data", "Employee data", "Nothing sensitive")
            ),
        ),
        subjects=(
            "Laptop stolen from car",
            "Phone lost at the airport",
            "Left my laptop on the train",
            "Badge lost",
        ),
        samples={
            "where": (
                "Train from Berlin to Hamburg",
                "Heathrow Terminal 5",
                "Taxi in New York",
                "Conference venue",
            )
        },
        resolutions=("Device wiped and access revoked; a replacement is on its way.",),
        response=HOUR,
        resolution=DAY,
        weight=0.4,
        priority=Priority.URGENT,
        keywords="lost, stolen, theft, device",
        raci=(("R", "member", "Remote wipe"), ("I", "team:IT", "Replacement")),
    ),
)
