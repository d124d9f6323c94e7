"""In a real browser: IT Service Desk's lead opens a retrospective with Payroll; a Payroll agent
and the lead each add a card, in place (htmx); an empty card is refused beside its field; the
agent votes; the lead makes an action item of the agent's card, owned by the agent, and its
request appears in the actions, assigned to him, due at the end of its day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from inservice.browser import PHONE, Visits, overflow
from inservice.insights import periods
from inservice.insights.models_retros import RetroAction, Retrospective
from inservice.test import Cast

pytestmark = pytest.mark.browser


def test_two_participants_add_cards_and_an_action_becomes_a_request(
    visits: Visits, cast: Cast
) -> None:
    erin = visits.signed_in(cast.erin)
    erin.goto(f"/insights/retros/?team={cast.it.slug}")
    erin.get_by_role("link", name="New retrospective").click()
    erin.get_by_label("Teams").select_option([str(cast.it.pk), str(cast.payroll.pk)])
    erin.get_by_label("Title").fill("IT and Payroll: laptops")
    erin.get_by_role("button", name="Open the retrospective").click()
    expect(erin.get_by_role("heading", level=1)).to_have_text("IT and Payroll: laptops")
    retro = Retrospective.objects.get()
    expect(erin.get_by_role("heading", name="The data packet")).to_be_visible()
    expect(erin.locator("#figure-requests")).to_contain_text("Requests between the teams")

    dave = visits.signed_in(cast.dave, PHONE)
    dave.goto(f"/insights/retros/{retro.pk}/")
    improve = dave.locator("#column-improve")
    improve.get_by_role("button", name="Add the card").click()
    expect(improve).to_contain_text("Write something on the card.")
    improve.get_by_label("Add to “To improve”").fill("Laptops for new starters arrive late")
    improve.get_by_role("button", name="Add the card").click()
    card = improve.locator(".retro-card").filter(has_text="arrive late")
    expect(card).to_contain_text("Dave Payroll")
    wide = overflow(dave)
    assert wide["scrollWidth"] <= wide["innerWidth"], wide

    well = erin.locator("#column-well")
    well.get_by_label("Add to “Went well”").fill("Payslip answers came within a day")
    well.get_by_role("button", name="Add the card").click()
    expect(well.locator(".retro-card")).to_contain_text("Payslip answers")

    dave.reload()
    dave.locator("#column-well .retro-card").get_by_role("button", name="Vote").click()
    expect(dave.locator("#column-well .retro-card .vote")).to_have_attribute("aria-pressed", "true")

    erin.reload()
    expect(erin.locator("#column-improve")).to_contain_text("arrive late")
    due = periods.today() + timedelta(days=10)
    form = erin.locator("#action-form")
    form.get_by_label("Owner").select_option(label="Dave Payroll")
    form.get_by_label("Due").fill(due.isoformat())
    form.get_by_label("From the card").select_option(label="Laptops for new starters arrive late")
    form.get_by_role("button", name="Make it an action").click()
    row = erin.locator("#actions tr").filter(has_text="arrive late")
    expect(row).to_contain_text("Dave Payroll")
    expect(row).to_contain_text("Open")
    action = RetroAction.objects.select_related("ticket").get()
    link = row.get_by_role("link", name=action.ticket.key)
    expect(link).to_be_visible()

    dave.goto(f"/insights/retros/{retro.pk}/")
    dave.locator("#actions").get_by_role("link", name=action.ticket.key).click()
    expect(dave.get_by_role("heading", level=1)).to_contain_text(
        "Laptops for new starters arrive late"
    )
    expect(dave.locator("body")).to_contain_text("Retrospective actions")
    ticket = action.ticket
    ticket.refresh_from_db()
    assert ticket.assignee_id == cast.dave.pk
    assert ticket.team_id == cast.payroll.pk
    assert not visits.script_errors
