"""The daily rollups of two weeks of work (rollup_support): each fact counted on its day
for the team holding the request then, the same rows however the days are refreshed, and
every refresh replacing its days whole."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.forms.models import model_to_dict

from inservice.insights.models import (
    AgentDay,
    FlowDay,
    HandoffDay,
    OrganisationDay,
    RollupDay,
    RollupRun,
    ServiceDay,
    TeamDay,
)
from inservice.insights.rollup import buckets
from inservice.insights.tests.rollup_support import NOW, RollupTestCase, refresh

ROLLUPS: tuple[
    type[ServiceDay | TeamDay | OrganisationDay | AgentDay | HandoffDay | FlowDay], ...
] = (
    ServiceDay,
    TeamDay,
    OrganisationDay,
    AgentDay,
    HandoffDay,
    FlowDay,
)


def minutes(*values: int) -> list[int]:
    return buckets.histogram_of(values, buckets.MINUTES)


def ages(*days: float) -> list[int]:
    return buckets.histogram_of(days, buckets.AGES)


def rows() -> dict[str, list[dict[str, Any]]]:
    """Every rollup row, without its id, in a stable order."""
    found = {}
    for model in ROLLUPS:
        found[model.__name__] = sorted(
            ({k: v for k, v in model_to_dict(r).items() if k != "id"} for r in model.objects.all()),
            key=repr,
        )
    return found


class RollupTests(RollupTestCase):
    def team_day(self, team: Any, day: int) -> TeamDay:
        return TeamDay.objects.get(team=team, day=date(2026, 11, day))

    def test_it_counts_what_was_asked_for_the_team_first_asked(self) -> None:
        monday = self.team_day(self.it, 23)
        self.assertEqual((monday.asked, monday.repeats), (2, 1))  # T1 repeats P1; T2 is bob's
        self.assertEqual(monday.by_channel, {"email": 1, "portal": 1})
        self.assertEqual(monday.by_department, {str(self.cast.sales_dept.pk): 2})
        payroll = self.team_day(self.payroll, 26)
        self.assertEqual((payroll.asked, payroll.by_department), (1, {str(self.payroll.pk): 1}))
        tuesday = ServiceDay.objects.get(day=date(2026, 11, 24))
        self.assertEqual((tuesday.team_id, tuesday.service_id), (self.it.pk, self.laptop.pk))
        self.assertEqual((tuesday.asked, tuesday.repeats), (1, 1))

    def test_it_counts_each_resolution_for_the_team_holding_the_request(self) -> None:
        it_monday = self.team_day(self.it, 23)
        payroll_monday = self.team_day(self.payroll, 23)
        self.assertEqual((it_monday.resolved, it_monday.first_resolved), (1, 1))
        # T2 is still a laptop request, resolved by Payroll after the transfer.
        self.assertEqual(
            ServiceDay.objects.get(day=date(2026, 11, 23), team=self.payroll).service_id,
            self.laptop.pk,
        )
        self.assertEqual((payroll_monday.resolved, payroll_monday.first_resolved), (1, 1))
        wednesday = self.team_day(self.it, 25)
        self.assertEqual((wednesday.resolved, wednesday.first_resolved), (1, 0))
        self.assertEqual(wednesday.reopened, 1)

    def test_first_contact_needs_one_team_reply_no_transfer_and_no_reopening(self) -> None:
        self.assertEqual(self.team_day(self.it, 16).first_contact, 1)  # P1
        self.assertEqual(self.team_day(self.it, 23).first_contact, 0)  # T1, reopened on Wed
        self.assertEqual(self.team_day(self.payroll, 23).first_contact, 0)  # T2, transferred

    def test_it_counts_service_levels_on_the_day_they_were_met_or_breached(self) -> None:
        monday_it, monday_payroll = self.team_day(self.it, 23), self.team_day(self.payroll, 23)
        self.assertEqual((monday_it.response_met, monday_it.resolution_met), (1, 1))
        self.assertEqual(monday_it.response_minutes, minutes(30))
        self.assertEqual(monday_it.resolution_minutes, minutes(60))
        # T2 was answered by Payroll: 120 minutes with IT and 60 with Payroll.
        self.assertEqual(monday_payroll.response_minutes, minutes(180))
        self.assertEqual(monday_payroll.resolution_minutes, minutes(240))
        tuesday = self.team_day(self.it, 24)
        self.assertEqual((tuesday.response_met, tuesday.response_breached), (0, 1))
        self.assertEqual(tuesday.response_minutes, minutes(360))  # answered late, that day
        wednesday = self.team_day(self.it, 25)
        self.assertEqual(wednesday.resolution_minutes, minutes(120))  # the reopened cycle

    def test_it_counts_a_handoff_with_the_receiving_teams_delay(self) -> None:
        handoff = HandoffDay.objects.get()
        self.assertEqual((handoff.from_team_id, handoff.to_team_id), (self.it.pk, self.payroll.pk))
        self.assertEqual((handoff.transfers, handoff.acted, handoff.bounced), (1, 1, 0))
        self.assertEqual(handoff.delay_minutes, minutes(60))
        monday_it, monday_payroll = self.team_day(self.it, 23), self.team_day(self.payroll, 23)
        self.assertEqual((monday_it.transfers_out, monday_payroll.transfers_in), (1, 1))
        # IT's holds ended: T1 resolved after 60 minutes, T2 handed on after 120.
        self.assertEqual((monday_it.stints_ended, monday_it.stint_minutes), (2, minutes(60, 120)))
        self.assertEqual(monday_payroll.stint_minutes, minutes(120))

    def test_it_counts_time_by_status_of_the_requests_resolved(self) -> None:
        self.assertEqual(self.team_day(self.it, 16).status_hours, {"acknowledged": 1.5, "new": 0.5})
        self.assertEqual(self.team_day(self.payroll, 23).status_hours, {"new": 4.0})
        # T1 again: new on Monday for an hour, in progress on Wednesday for two; resolved
        # in between is not open time.
        self.assertEqual(self.team_day(self.it, 25).status_hours, {"in_progress": 2.0, "new": 1.0})

    def test_it_carries_the_backlog_its_age_and_who_has_it(self) -> None:
        backlog = {
            (row.team_id, row.day.day): (row.backlog, row.aging)
            for row in TeamDay.objects.filter(backlog__gt=0)
        }
        self.assertEqual(backlog[(self.it.pk, 24)], (1, ages(0.5)))
        self.assertEqual(backlog[(self.it.pk, 29)], (1, ages(5.5)))  # T3, asked Tue 10:00
        self.assertEqual(backlog[(self.payroll.pk, 29)], (1, ages(3.6)))  # T4, Thu 09:00
        self.assertNotIn((self.it.pk, 23), backlog)
        self.assertEqual(OrganisationDay.objects.get(day=date(2026, 11, 29)).backlog, 2)
        assigned = AgentDay.objects.filter(open_assigned__gt=0).values_list("agent", "day")
        self.assertEqual(
            sorted(assigned), [(self.dave.pk, date(2026, 11, d)) for d in (26, 27, 28, 29)]
        )

    def test_it_counts_promises_ratings_replies_and_kudos(self) -> None:
        self.assertEqual(self.team_day(self.it, 16).promises_kept, 1)
        wednesday = self.team_day(self.it, 25)
        self.assertEqual(wednesday.promises_broken, 1)  # settled at its promised time
        self.assertEqual(wednesday.tones, {"replies": {"positive": 1}})
        self.assertEqual((wednesday.kudos_received, wednesday.kudos_received_across), (1, 1))
        sales = self.team_day(self.sales, 25)
        self.assertEqual((sales.kudos_given, sales.kudos_given_across), (1, 1))
        monday = self.team_day(self.payroll, 23)
        self.assertEqual((monday.csat_count, monday.csat_sum, monday.csat_satisfied), (1, 2, 0))
        self.assertEqual(monday.tones, {"ratings": {"negative": 1}})
        carol = AgentDay.objects.filter(agent=self.carol).values_list(
            "day", "resolved", "replies", "promises_kept", "promises_broken"
        )
        self.assertEqual(
            sorted(carol),
            [
                (date(2026, 11, 16), 1, 1, 1, 0),
                (date(2026, 11, 23), 1, 1, 0, 0),
                (date(2026, 11, 25), 1, 0, 0, 1),
            ],
        )

    def test_it_counts_the_flows_between_requesting_and_serving_teams(self) -> None:
        flows = FlowDay.objects.filter(day__gte=date(2026, 11, 23)).values_list(
            "requesting_team", "serving_team", "asked", "resolution_met", "csat_count", "csat_sum"
        )
        totals: dict[tuple[int, int], list[int]] = {}
        for asking, serving, *counts in flows:
            found = totals.setdefault((asking, serving), [0, 0, 0, 0])
            totals[(asking, serving)] = [a + b for a, b in zip(found, counts, strict=True)]
        self.assertEqual(totals[(self.sales.pk, self.it.pk)], [3, 2, 1, 5])
        self.assertEqual(totals[(self.sales.pk, self.payroll.pk)], [0, 1, 1, 2])
        self.assertEqual(totals[(self.payroll.pk, self.payroll.pk)], [1, 0, 0, 0])

    def test_the_organisations_row_adds_up_every_teams(self) -> None:
        monday = OrganisationDay.objects.get(day=date(2026, 11, 23))
        self.assertEqual((monday.asked, monday.resolved, monday.response_met), (2, 2, 2))
        self.assertEqual(monday.response_minutes, minutes(30, 180))
        self.assertEqual(monday.tones, {"ratings": {"negative": 1}})

    def test_refreshing_again_changes_nothing(self) -> None:
        before = rows()
        refresh(date(2026, 11, 16), date(2026, 11, 29))
        self.assertEqual(rows(), before)

    def test_a_day_refreshed_alone_comes_out_as_in_a_range(self) -> None:
        before = rows()
        for day in (24, 27, 29):  # the backlog is found afresh at each day's start
            refresh(date(2026, 11, day), date(2026, 11, day))
        self.assertEqual(rows(), before)

    def test_it_records_each_run_and_when_each_day_was_refreshed(self) -> None:
        run = RollupRun.objects.get()
        self.assertEqual((run.first_day, run.last_day), (date(2026, 11, 16), date(2026, 11, 29)))
        self.assertEqual(run.finished_at, NOW)
        self.assertEqual(RollupDay.objects.count(), 14)
        self.assertEqual(RollupDay.objects.get(day=date(2026, 11, 20)).refreshed_at, NOW)

    def test_days_to_come_are_not_refreshed(self) -> None:
        self.assertEqual(refresh(date(2026, 12, 1), date(2026, 12, 3)), 0)
        self.assertEqual(refresh(date(2026, 11, 29), date(2026, 12, 3)), 2)  # to today
        self.assertFalse(RollupDay.objects.filter(day__gt=date(2026, 11, 30)).exists())
