"""In a real browser: IT Service Desk's lead opens the team's dashboard over a working week of
requests (inservice.browser.populate, counted by the rollups); the charts are drawn by Chart.js
with data, the tables fold under "Show the numbers"; a preset period redraws them over 7 days
and pushes the URL; a period with no requests leaves the volume chart out; wrong dates are
named and nothing breaks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from inservice.browser import Visits, populate, screenshot
from inservice.insights import periods
from inservice.insights import services as insights
from inservice.test import Cast

pytestmark = pytest.mark.browser

VOLUME = 'canvas[data-figure="figure-data-volume"]'


def points(page: Page, selector: str) -> dict[str, int]:
    """The chart on `selector`'s canvas as Chart.js holds it: its labels and non-zero points."""
    found: dict[str, int] = page.evaluate(
        """(selector) => {
          const chart = Chart.getChart(document.querySelector(selector));
          const values = chart.data.datasets.flatMap((d) => d.data);
          return {labels: chart.data.labels.length, positive: values.filter((v) => v > 0).length};
        }""",
        selector,
    )
    return found


def test_a_lead_sees_the_team_s_charts_and_changes_the_period(visits: Visits, cast: Cast) -> None:
    populate(cast)
    today = periods.today()
    insights.refresh_days(today - timedelta(days=60), today)

    erin = visits.signed_in(cast.erin)
    erin.goto("/")
    erin.get_by_role("link", name="Insights").click()  # a lead: the organisation's
    expect(erin.get_by_role("heading", name="The organisation", level=1)).to_be_visible()
    erin.goto("/insights/teams/it-service-desk/")
    expect(erin.get_by_role("heading", name="IT Service Desk", level=1)).to_be_visible()
    erin.wait_for_function(
        "(s) => window.Chart && Chart.getChart(document.querySelector(s))", arg=VOLUME
    )
    drawn = points(erin, VOLUME)
    assert drawn["labels"] == 30
    assert drawn["positive"] > 0
    charts = erin.evaluate(
        "() => [...document.querySelectorAll('canvas[data-figure]')]"
        ".filter((c) => Chart.getChart(c)).length"
    )
    assert charts >= 5
    volume = erin.locator("#figure-volume")
    expect(volume.get_by_role("img", name=re.compile("^Requests asked: a chart"))).to_be_visible()
    expect(volume.locator("details.numbers")).not_to_have_attribute("open", "")
    volume.get_by_text("Show the numbers").click()
    expect(volume.get_by_role("table")).to_be_visible()
    expect(volume.get_by_role("link", name="CSV of Requests asked")).to_be_visible()
    expect(erin.locator('[data-figure="volume"] .stat-value')).not_to_have_text("—")
    screenshot(erin, "insights-team")

    erin.locator(".presets").get_by_role("link", name="Last 7 days").click()
    expect(erin).to_have_url(re.compile(r"\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$"))
    erin.wait_for_function(
        "(s) => Chart.getChart(document.querySelector(s))?.data.labels.length === 7", arg=VOLUME
    )
    assert points(erin, VOLUME)["positive"] > 0
    expect(erin.get_by_label("From")).to_have_value((today - timedelta(days=6)).isoformat())
    expect(erin.locator(".presets [aria-current]")).to_have_text("Last 7 days")

    # A month long before any request: nothing to draw for the volume.
    erin.get_by_label("From").fill("2025-01-01")
    erin.get_by_label("To").fill("2025-01-31")
    erin.get_by_role("button", name="Show").click()
    expect(erin).to_have_url(re.compile("from=2025-01-01&to=2025-01-31"))
    expect(volume).to_contain_text("Nothing to count in this period.")
    expect(erin.locator(VOLUME)).to_have_count(0)

    erin.get_by_label("From").fill("2025-02-01")
    erin.get_by_role("button", name="Show").click()
    expect(erin.get_by_role("alert")).to_contain_text("To: The period ends before it starts.")
    expect(erin.get_by_label("To")).to_have_attribute("aria-invalid", "true")


def test_an_agent_is_sent_to_their_own_view(visits: Visits, cast: Cast) -> None:
    populate(cast)
    today = periods.today()
    insights.refresh_days(today - timedelta(days=35), today)
    carol = visits.signed_in(cast.carol)
    carol.get_by_role("link", name="Insights").click()
    expect(carol).to_have_url(re.compile(r"/insights/me/$"))
    expect(carol.get_by_text("Your own work in IT Service Desk.")).to_be_visible()
    carol.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-figure]'))"
    )
