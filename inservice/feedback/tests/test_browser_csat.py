"""An agent resolves a request in a real browser; its requester rates it from the link in the
resolution email (signed out: the link is the authority), with a comment; the rating shows on the
request page and on the team's results page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.catalog.models import Service
from inservice.feedback.models.csat import Rating
from inservice.test import Cast
from inservice.tickets import services as tickets

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^/\s]+(/feedback/rate/[^/\s]+/\?score=4)")


def test_a_requester_rates_a_request_from_the_link_in_the_resolution_email(
    visits: Visits, cast: Cast
) -> None:
    laptop = Service.objects.select_related("team__calendar").get(pk=cast.laptop.pk)
    ticket = tickets.open_ticket(
        cast.alice,
        tickets.NewRequest(
            service=laptop, subject="Laptop for the new project", answers={"model": "Standard"}
        ),
    )

    carol = visits.signed_in(cast.carol)
    carol.goto(f"/requests/{ticket.key}/")
    carol.get_by_role("button", name="Resolve").click()
    expect(carol.locator("#ticket-status")).to_contain_text("Resolved")

    [email] = [m for m in mail.outbox if m.to == ["alice@example.org"] and "Resolved" in m.subject]
    found = LINK.search(str(email.body))
    assert found, email.body
    assert Rating.objects.get(ticket=ticket).score is None

    page = visits.page()  # signed out, as a mail client opens it
    page.goto(found.group(1))
    expect(page.get_by_role("heading", name="How did we do?")).to_be_visible()
    expect(page.get_by_label("4 · Good")).to_be_checked()
    assert Rating.objects.get(ticket=ticket).score is None  # opening the link records nothing
    page.get_by_label("Anything to add? (optional)").fill("Quick and friendly, thanks!")
    page.get_by_role("button", name="Send my rating").click()
    expect(page.locator("#rating-thanks")).to_contain_text("Thank you: your rating is recorded.")
    expect(page.locator("#rating-thanks")).to_contain_text(f"You rated {ticket.key} 4 out of 5")

    alice = visits.signed_in(cast.alice)
    alice.goto(f"/requests/{ticket.key}/")
    expect(alice.locator("#ticket-rating")).to_contain_text("4 / 5 · Good")
    expect(alice.locator("#ticket-rating")).to_contain_text("Quick and friendly, thanks!")

    erin = visits.signed_in(cast.erin)
    erin.goto(f"/feedback/teams/{cast.it.slug}/ratings/")
    expect(erin.locator('[data-figure="answered"]')).to_have_text("1")
    row = erin.locator("#csat-comments tbody tr").first
    expect(row).to_contain_text(ticket.key)
    expect(row).to_contain_text("Quick and friendly, thanks!")
    expect(row).to_contain_text("Positive")


def test_a_requester_rates_with_one_click_on_the_request_page_and_reopens_it(
    visits: Visits, cast: Cast
) -> None:
    laptop = Service.objects.select_related("team__calendar").get(pk=cast.laptop.pk)
    new = tickets.NewRequest(
        service=laptop, subject="Docking station", answers={"model": "Standard"}
    )
    ticket = tickets.transition(cast.carol, tickets.open_ticket(cast.alice, new), "resolve")

    alice = visits.signed_in(cast.alice)
    alice.goto(f"/requests/{ticket.key}/")
    block = alice.locator("#ticket-rating")
    expect(block).to_contain_text("How did we do? Click a score to send it.")
    block.get_by_label("Anything to add? (optional)").fill("Still no picture on the screen.")
    block.get_by_label("It is not solved: reopen my request (with a score of 1 or 2)").check()
    block.get_by_role("button", name="2 (Poor)").click()

    expect(block).to_contain_text("2 / 5 · Poor")
    expect(block).to_contain_text("You reopened the request with this rating.")
    expect(alice.locator("#ticket-status")).to_contain_text("In progress")
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.score, rating.channel, rating.reopened) == (2, "app", True)
