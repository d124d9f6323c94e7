"""The core loop in a real browser: an employee asks, one team serves and hands off, another resolves.

Each step is taken the way a person takes it (sign in, click, type) against the live server, and
asserts what that person sees. The journey also captures the README's screenshots.
"""

from __future__ import annotations

import re

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives
from playwright.sync_api import Locator, Page, expect

from inservice.browser import PHONE, Visits, overflow, populate, screenshot
from inservice.test import Cast
from inservice.tickets import services
from inservice.tickets.models import Ticket

pytestmark = pytest.mark.browser

SUBJECT = "Laptop for the Berlin pitch"
JUSTIFICATION = "I build the demo app live on stage and need 32 GB of RAM."
REPLY = "Your developer laptop is imaged and ready for pickup at the IT desk on Thursday."
HANDOFF = "Alice asks to have the laptop cost charged to her team; Payroll please confirm the cost centre."


def _text_of(message: EmailMessage) -> str:
    """Subject, text and HTML bodies of an email: everything its reader can see."""
    parts = [str(message.subject), str(message.body)]
    if isinstance(message, EmailMultiAlternatives):
        parts.extend(str(content) for content, _mimetype in message.alternatives)
    return "\n".join(parts)


def _status(page: Page) -> Locator:
    """The request's status badge, next to its title."""
    return page.locator(".page-head .badge").first


def test_it_carries_a_request_from_asking_through_a_handoff_to_resolved(
    visits: Visits, cast: Cast, mailoutbox: list[EmailMessage]
) -> None:
    populate(cast)

    # 1. Alice signs in, finds the service in the catalog and asks, first with a mistake.
    alice = visits.signed_in(cast.alice)
    expect(alice.get_by_role("heading", name="How can we help?")).to_be_visible()
    expect(alice.get_by_role("heading", name="IT Service Desk")).to_be_visible()
    assert screenshot(alice, "portal").stat().st_size > 10_000  # a real picture of the page
    alice.get_by_role("link", name=re.compile(r"^New laptop")).click()
    expect(alice.get_by_role("heading", name="New laptop")).to_be_visible()
    # The standard steps are drawn as a flowchart: a box per step, in order after the asking.
    expect(
        alice.locator(".flowchart svg text.fc-title", has_text="Image the laptop")
    ).to_be_visible()
    alice.get_by_role("link", name="Ask for this").click()

    before = Ticket.objects.count()
    alice.get_by_label("Subject").fill(SUBJECT)
    alice.get_by_role("radio", name="Developer").check()
    alice.get_by_role("button", name="Send request").click()
    justification = alice.locator("#field-answers-justification")
    expect(justification).to_contain_text("Required when “Model” is “Developer”.")
    expect(alice.get_by_role("alert")).to_contain_text("Nothing was sent yet")
    expect(alice).to_have_url(re.compile(r"/services/[\w-]+/ask/$"))
    assert Ticket.objects.count() == before
    # What she typed is still there; she only adds what was missing.
    expect(alice.get_by_label("Subject")).to_have_value(SUBJECT)
    expect(alice.get_by_role("radio", name="Developer")).to_be_checked()
    alice.get_by_label("Why a developer laptop").fill(JUSTIFICATION)
    alice.get_by_role("button", name="Send request").click()

    expect(alice).to_have_url(re.compile(r"/requests/IT-\d+/$"))
    key = alice.url.rstrip("/").rsplit("/", 1)[-1]
    expect(alice.get_by_role("heading", level=1)).to_contain_text(f"{key} {SUBJECT}")
    expect(_status(alice)).to_have_text("New")
    expect(alice.get_by_role("status")).to_contain_text(f"{key} is with IT Service Desk")
    expect(alice.locator(".answers")).to_contain_text(JUSTIFICATION)

    # 2. Carol, of the owning team, finds it in the IT queue, acknowledges, replies, transfers.
    carol = visits.signed_in(cast.carol)
    carol.get_by_role("link", name="IT Service Desk queue").click()
    rows = carol.locator("#queue-table tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.filter(has_text=SUBJECT)).to_have_count(1)
    assert screenshot(carol, "queue").stat().st_size > 10_000  # a real picture of the page
    carol.get_by_label("Key or text").fill("Berlin")
    carol.get_by_label("Key or text").press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"{key} {SUBJECT}")
    carol.locator("#queue-table").get_by_role("link", name=key, exact=True).click()
    expect(carol.get_by_role("heading", level=1)).to_contain_text(SUBJECT)
    expect(carol.get_by_role("heading", name="Requester")).to_be_visible()

    carol.get_by_role("button", name="Acknowledge").click()
    expect(_status(carol)).to_have_text("Acknowledged")
    carol.get_by_role("button", name="Take it").click()
    expect(carol.locator(".page-head")).to_contain_text("Carol Agent has it")
    carol.get_by_label("Message").fill(REPLY)
    actions = carol.locator("#ticket-actions").element_handle()
    carol.get_by_role("button", name="Send", exact=True).click()
    expect(carol.locator("#timeline")).to_contain_text(REPLY)
    expect(carol.get_by_label("Message")).to_have_value("")
    # The actions reload after a reply (the request changed); a person would not race them.
    carol.wait_for_function("element => !element.isConnected", arg=actions)
    assert screenshot(carol, "request").stat().st_size > 10_000  # a real picture of the page

    carol.get_by_text("Transfer to another team").click()
    carol.get_by_label("To team").select_option(label="Payroll")
    carol.get_by_label("Reason for the transfer").select_option(label="Sent to the wrong team")
    carol.get_by_label("Handoff note").fill(HANDOFF)
    carol.get_by_role("button", name="Transfer with this note").click()
    expect(carol.get_by_role("status")).to_contain_text(f"{key} is now with Payroll.")
    expect(carol.locator(".page-head")).to_contain_text("with Payroll")

    # 3. Dave, of Payroll, reads the handoff note before anything else, and resolves it.
    dave = visits.signed_in(cast.dave)
    dave.get_by_role("link", name="Payroll queue").click()
    dave.locator("#queue-table").get_by_role("link", name=key, exact=True).click()
    handoff = dave.get_by_role("region", name="Handed over from IT Service Desk")
    expect(handoff).to_contain_text(HANDOFF)
    request_card = dave.get_by_role("heading", name="The request")
    handoff_box, card_box = handoff.bounding_box(), request_card.bounding_box()
    assert handoff_box is not None
    assert card_box is not None
    assert handoff_box["y"] < card_box["y"], "the handoff note comes first on the page"
    expect(_status(dave)).to_have_text("New")
    dave.get_by_role("button", name="Resolve").click()
    expect(_status(dave)).to_have_text("Resolved")

    # 4. Alice sees it resolved, with Carol's reply and without the internal handoff note.
    alice.reload()
    expect(_status(alice)).to_have_text("Resolved")
    expect(alice.locator("#timeline")).to_contain_text(REPLY)
    expect(alice.get_by_text("You can reopen it until")).to_be_visible()
    expect(alice.locator("body")).not_to_contain_text(HANDOFF)

    to_alice = [_text_of(m) for m in mailoutbox if cast.alice.email in m.to]
    assert any(key in text for text in to_alice), "Alice's confirmation names the request"
    assert any(REPLY in text for text in to_alice), "Alice reads Carol's reply in her email"
    assert not any(HANDOFF in text for text in to_alice), "the handoff note is internal"


def _ask_for_a_laptop(cast: Cast) -> Ticket:
    answers = {"model": "Developer", "justification": JUSTIFICATION}
    new = services.NewRequest(service=cast.laptop, subject=SUBJECT, answers=answers)
    ticket = services.open_ticket(cast.alice, new)
    services.reply(cast.carol, ticket, REPLY)
    return ticket


def test_it_fits_a_phone_screen_without_sideways_scrolling(visits: Visits, cast: Cast) -> None:
    ticket = _ask_for_a_laptop(cast)
    pages = {
        cast.alice: [
            "/",
            f"/services/{cast.laptop.slug}/",
            f"/services/{cast.laptop.slug}/ask/",
            "/requests/",
            f"/requests/{ticket.key}/",
        ],
        cast.carol: [f"/teams/{cast.it.slug}/queue/", f"/requests/{ticket.key}/"],
    }
    for person, urls in pages.items():
        page = visits.signed_in(person, viewport=PHONE)
        for url in urls:
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            width = overflow(page)
            assert width["scrollWidth"] <= width["innerWidth"], f"{url} as {person}: {width}"


def test_it_reaches_every_field_of_the_ask_form_by_keyboard_with_visible_focus(
    visits: Visits, cast: Cast
) -> None:
    page = visits.signed_in(cast.alice)
    page.goto(f"/services/{cast.laptop.slug}/ask/")
    # Where focus is after each Tab, named by the label a screen reader announces.
    focused = """() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        name: (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText).trim(),
        outlined: el.matches(':focus-visible') && style.outlineStyle !== 'none'
                  && parseFloat(style.outlineWidth) >= 2,
      };
    }"""
    wanted = ["Subject", "Details", "Standard", "Why a developer laptop", "Send request"]
    reached: list[str] = []
    for _press in range(60):
        page.keyboard.press("Tab")
        now = page.evaluate(focused)
        name = str(now["name"]).rstrip(" *")
        if name in wanted and name not in reached:
            assert now["outlined"], f"“{name}” has focus but shows no focus outline"
            reached.append(name)
        if name == "Send request":
            break
    assert reached == wanted, "Tab reaches the form's fields in order, then the send button"
    # Enter sends the (empty) form; focus lands on the first field to correct.
    page.keyboard.press("Enter")
    expect(page.locator("#field-subject")).to_contain_text("This field is required.")
    expect(page.get_by_label("Subject")).to_be_focused()


@pytest.mark.browser
def test_it_suggests_colleagues_from_the_directory_as_someone_types(
    visits: Visits, cast: Cast
) -> None:
    page = visits.signed_in(cast.alice)
    page.goto(f"/services/{cast.laptop.slug}/ask/")
    page.get_by_text("For someone else, people to keep informed, files").click()
    page.get_by_label("Keep others informed").fill("carol, gra")
    options = page.locator("#people-suggestions option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "carol, grace@example.org"
    assert options.first.text_content() == "Grace Lead"
