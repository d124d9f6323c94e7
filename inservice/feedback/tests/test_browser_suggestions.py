"""An anonymous suggestion followed through its private link in a real browser: alice sends one to
IT Service Desk and keeps the link shown; the next day erin answers "planned" on its page; alice
opens the link in a fresh, signed-out browser, reads the answer and replies."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.feedback.models.suggestions import Suggestion, SuggestionMessage
from inservice.test import Cast

pytestmark = pytest.mark.browser


def test_an_anonymous_suggestion_is_followed_through_its_private_link_until_answered(
    visits: Visits, cast: Cast
) -> None:
    alice = visits.signed_in(cast.alice)
    alice.goto("/feedback/suggestions/new/")
    expect(alice.get_by_label("Anonymous: nothing links this suggestion to me")).to_be_checked()
    alice.get_by_label("Suggestion for").select_option(label="IT Service Desk")

    # A mistake first: nothing is sent and the form says what is missing.
    alice.get_by_role("button", name="Send the suggestion").click()
    expect(alice.locator("#field-title .error")).to_have_text("Give your suggestion a short title.")
    assert not Suggestion.objects.exists()

    alice.get_by_label("Title").fill("A second printer on floor 3")
    alice.get_by_label("Your suggestion").fill("The queue at the only printer takes ages.")
    alice.get_by_role("button", name="Send the suggestion").click()
    expect(alice.get_by_role("heading", name="Keep this link")).to_be_visible()
    link = alice.locator("#follow-link").input_value()
    assert "/feedback/suggestions/follow/" in link
    suggestion = Suggestion.objects.get()
    assert suggestion.author is None
    assert suggestion.anonymous

    # The next morning it has reached the team; erin answers on its page.
    with time_machine.travel(suggestion.reaches_team_at + timedelta(hours=9), tick=True):
        erin = visits.signed_in(cast.erin)
        erin.goto(f"/feedback/suggestions/team/{cast.it.slug}/")
        erin.get_by_role("link", name="A second printer on floor 3").click()
        erin.get_by_label("Status").select_option("planned")
        erin.get_by_label("Your answer (public)").fill("A second printer arrives next month.")
        erin.get_by_role("button", name="Publish the answer").click()
        expect(erin.locator("#suggestion-status")).to_have_text("Planned")

        # Alice, signed out in a fresh browser, follows her link.
        holder = visits.page()
        holder.goto(link)
        expect(holder.locator("#suggestion-status")).to_have_text("Planned")
        expect(holder.locator("#thread")).to_contain_text("A second printer arrives next month.")
        expect(holder.locator("#thread")).to_contain_text("Erin Lead")
        holder.get_by_label("Your reply").fill("Thank you, that will help a lot.")
        holder.get_by_role("button", name="Send the reply").click()
        expect(holder.locator("#thread")).to_contain_text("Thank you, that will help a lot.")
        expect(holder.locator("#thread")).to_contain_text("The person who suggested it")

    reply = SuggestionMessage.objects.get(side="submitter")
    assert reply.author is None
    assert visits.script_errors == []
