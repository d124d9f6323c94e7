"""In a real browser: a lead writes the team's charter, is told in place what the page would have
dropped (nothing saved), fixes it and lands on the team's page, where a colleague reads the
charter with the team's services and hours beside it, on a phone too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inservice.browser import PHONE, Visits, overflow
from inservice.org.models_charter import Charter
from inservice.test import Cast

pytestmark = pytest.mark.browser


def test_a_lead_writes_the_charter_and_a_colleague_reads_it(visits: Visits, cast: Cast) -> None:
    erin = visits.signed_in(cast.erin)
    erin.goto(f"/manage/teams/{cast.it.slug}/")
    erin.get_by_role("link", name="Charter", exact=True).click()
    expect(erin.get_by_role("heading", level=1)).to_have_text("The charter of IT Service Desk")

    erin.get_by_label("Mission").fill("Keep every colleague working.")
    erin.get_by_label("How to reach us").fill("Call <b>us</b>")
    erin.get_by_label("Our commitments").fill("- Locked accounts answered within the hour.")
    erin.get_by_role("button", name="Save the charter").click()
    form = erin.locator("#charter-form")
    expect(form).to_contain_text("Nothing was saved")
    expect(form).to_contain_text("HTML is not allowed in a charter (found <b>)")
    assert not Charter.objects.exists()

    erin.get_by_label("How to reach us").fill("Email [the desk](mailto:it@example.org).")
    erin.get_by_role("button", name="Save the charter").click()
    expect(erin.locator(".messages")).to_contain_text("The charter is saved")
    assert erin.url.endswith(f"/directory/teams/{cast.it.slug}/#charter")

    alice = visits.signed_in(cast.alice, PHONE)
    alice.goto(f"/directory/teams/{cast.it.slug}/")
    charter = alice.locator("#charter")
    expect(charter).to_contain_text("Keep every colleague working.")
    expect(charter.get_by_role("link", name="New laptop")).to_be_visible()
    expect(charter).to_contain_text("Monday to Friday: 09:00-17:00")
    expect(charter.get_by_role("link", name="the desk")).to_have_attribute(
        "href", "mailto:it@example.org"
    )
    expect(charter.get_by_role("listitem").filter(has_text="Locked accounts")).to_be_visible()
    wide = overflow(alice)
    assert wide["scrollWidth"] <= wide["innerWidth"], wide
    assert not visits.script_errors
