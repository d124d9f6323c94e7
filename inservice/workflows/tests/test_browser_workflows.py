"""A hiring manager starts an onboarding run with short notice in a real browser: the run page
flags the late notice, and the flowchart draws every step in its team's lane, coloured by status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inservice.browser import Visits
from inservice.test import Cast
from inservice.workflows.models import Run
from inservice.workflows.tests.support import build_onboarding

pytestmark = pytest.mark.browser


def working_days_ahead(days: int) -> date:
    day = timezone.localdate()
    while days:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


def test_a_hiring_manager_starts_onboarding_with_short_notice_and_sees_the_flag(
    visits: Visits, cast: Cast
) -> None:
    onboarding = build_onboarding(cast)
    # Seven working days ahead (the teams work Monday to Friday): short of the 10 asked. The
    # first step, due 8 working days before, is already late; the laptop, due 2 before, still
    # has room for its 3 working days after the record.
    start = working_days_ahead(7)

    alice = visits.signed_in(cast.alice)
    alice.goto("/workflows/")
    alice.get_by_role("link", name="Onboarding").first.click()
    expect(alice.locator(".flowchart svg")).to_be_visible()
    alice.get_by_role("link", name="Start").first.click()
    expect(alice.get_by_text("This workflow asks for 10 working days' notice")).to_be_visible()

    # A mistake first: nothing is started and the form says what is missing.
    alice.get_by_label("Start date").fill(start.isoformat())
    alice.get_by_role("button", name="Start the workflow").click()
    expect(alice.locator("#field-p-name .error")).to_have_text("This field is required.")
    assert not Run.objects.exists()

    alice.get_by_label("New hire's name").fill("Jo Newhire")
    alice.get_by_label("Laptop").select_option("Standard")
    alice.get_by_label("Office").select_option("Berlin")
    alice.get_by_role("button", name="Start the workflow").click()

    expect(alice.locator(".late-notice")).to_contain_text("Late notice")
    expect(alice.locator("#forecast")).to_contain_text("Notice came later than the workflow asks.")
    run = Run.objects.get()
    assert run.late_notice
    assert run.initiator == cast.alice

    # The flowchart: one box per step in team lanes. The first step was due 8 working days
    # before the start, already past with this notice: it is requested, and drawn late.
    chart = alice.locator("#run-flowchart svg")
    expect(chart).to_be_visible()
    record = chart.locator('[data-key="record"]')
    laptop = chart.locator('[data-key="laptop"]')
    expect(record).to_have_attribute("data-status", "late")
    expect(laptop).to_have_attribute("data-status", "pending")
    expect(chart.locator("[data-key]")).to_have_count(4)
    fill = "(g) => getComputedStyle(g.querySelector('rect')).fill"
    assert record.evaluate(fill) != laptop.evaluate(fill)  # the colours tell them apart
    for lane in ("Payroll", "IT Service Desk", "Facilities"):
        expect(chart.locator(f'[data-lane="{lane}"]')).to_be_visible()

    # The owning team sees the flag on the request the step opened.
    dave = visits.signed_in(cast.dave)
    key = run.steps.get(key="record").ticket.key  # type: ignore[union-attr]
    dave.goto(f"/requests/{key}/")
    expect(dave.locator("#timeline")).to_contain_text("late notice")
    assert onboarding.template.pk == run.template_id
