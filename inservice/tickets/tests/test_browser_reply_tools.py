"""The reply box's helpers in a real browser: a lead keeps a template on the team management page,
an agent starts a reply from it and sees the tone hint as they type, and can still send."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.test import Cast
from inservice.tickets import services

pytestmark = pytest.mark.browser

HARSH = "This is ridiculous. You clearly did not read my message, a stupid waste of time."
HINT = "This reads strongly negative. The requester will read it as written"


def test_it_lets_a_lead_add_a_template_and_an_agent_reply_from_it_with_a_tone_hint(
    visits: Visits, cast: Cast
) -> None:
    ticket = services.open_ticket(
        cast.alice,
        services.NewRequest(
            service=cast.laptop, subject="Laptop for the pitch", answers={"model": "Standard"}
        ),
    )

    # The lead adds a template in the section that loads into the team management page.
    erin = visits.signed_in(cast.erin)
    erin.goto(f"/manage/teams/{cast.it.slug}/")
    section = erin.locator("#reply-templates")
    expect(section.get_by_role("heading", name="Add a reply template")).to_be_visible()
    section.get_by_label("Name").fill("Greeting")
    section.get_by_label("Text").fill("Hello {requestor}")
    section.get_by_role("button", name="Add template").click()
    expect(section.get_by_text("Unknown placeholders: {requestor}.")).to_be_visible()
    section.get_by_label("Text").fill("Hello {requester_name}, {key} is with us.")
    section.get_by_role("button", name="Add template").click()
    expect(section.get_by_text("The template “Greeting” is ready for the team.")).to_be_visible()

    # The agent starts from it: filled in for the request, after what they had typed.
    carol = visits.signed_in(cast.carol)
    carol.goto(f"/requests/{ticket.key}/")
    message = carol.get_by_role("textbox", name="Message", exact=True)
    message.fill("Hi!")
    carol.get_by_label("Start from a reply template").select_option(label="Greeting")
    expect(carol.get_by_role("textbox", name="Message", exact=True)).to_have_value(
        f"Hi!\n\nHello Alice Asker, {ticket.key} is with us."
    )

    # A harsh public reply gets a gentle hint; an internal note does not; sending still works.
    carol.get_by_role("textbox", name="Message", exact=True).fill(HARSH)
    expect(carol.get_by_text(HINT)).to_be_visible()
    carol.get_by_label("Internal note (only the teams see it)").check()
    expect(carol.get_by_text(HINT)).to_be_hidden()
    carol.get_by_label("Internal note (only the teams see it)").uncheck()
    expect(carol.get_by_text(HINT)).to_be_visible()
    carol.get_by_role("button", name="Send").click()
    expect(carol.locator("#timeline").get_by_text(HARSH)).to_be_visible()
    assert ticket.entries.filter(body=HARSH, is_internal=False).exists()
