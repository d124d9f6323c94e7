"""In a real browser: alice's request is resolved by carol; alice opens it, finds "Thank the
people who helped" with carol already chosen, picks a value, writes a message and sends it; carol
finds the thanks on the kudos wall (with the request named, as she may see it) and on her
profile."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.catalog.models import Service
from inservice.kudos import services
from inservice.kudos.models import Kudos
from inservice.test import Cast
from inservice.tickets import services as tickets

pytestmark = pytest.mark.browser

VALUES = ("Caring", "Competence", "Integrity", "Follow-through")


def test_a_requester_thanks_the_people_who_helped_on_a_resolved_request(
    visits: Visits, cast: Cast
) -> None:
    for position, name in enumerate(VALUES, start=1):
        services.save_value(None, name=name, position=position)
    laptop = Service.objects.select_related("team__calendar").get(pk=cast.laptop.pk)
    ticket = tickets.open_ticket(
        cast.alice,
        tickets.NewRequest(
            service=laptop, subject="Laptop for the client pitch", answers={"model": "Standard"}
        ),
    )
    tickets.reply(cast.carol, ticket, "Your laptop is imaged and on your desk.")
    tickets.transition(cast.carol, ticket, "resolve")

    alice = visits.signed_in(cast.alice)
    alice.goto(f"/requests/{ticket.key}/")
    block = alice.locator("#ticket-kudos")
    expect(block.get_by_role("heading", name="Thank the people who helped")).to_be_visible()
    expect(block.get_by_label("Carol Agent")).to_be_checked()
    block.get_by_label("Follow-through").check()
    block.get_by_label("Your message").fill("Ready before my pitch, thank you!")
    block.get_by_role("button", name="Send thanks").click()
    expect(block).to_contain_text("You thanked Carol Agent on")

    kudos = Kudos.objects.get()
    assert (kudos.giver_id, kudos.ticket_id) == (cast.alice.pk, ticket.pk)
    assert [v.name for v in kudos.values.all()] == ["Follow-through"]

    carol = visits.signed_in(cast.carol)
    carol.goto("/kudos/")
    card = carol.locator(f'[data-kudos="{kudos.pk}"]')
    expect(card).to_contain_text("Alice Asker thanked Carol Agent")
    expect(card).to_contain_text("Ready before my pitch, thank you!")
    expect(card).to_contain_text("Follow-through")
    expect(card).to_contain_text(f"{ticket.key} Laptop for the client pitch")
    expect(card).to_contain_text("across teams")

    carol.goto(f"/directory/people/{cast.carol.pk}/")
    profile = carol.locator("#person-kudos-block")
    expect(profile).to_contain_text("Ready before my pitch, thank you!")
    expect(profile.locator('[data-figure="received"]')).to_contain_text("1")
