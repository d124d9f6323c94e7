"""Kudos on a person's profile (the block, and their page of kudos received or given) and on a
team's page (this quarter, help across teams received and given): what they count, for
everyone signed in, never a hidden one, in a number of queries that does not grow."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from inservice.kudos import services
from inservice.kudos.tests.support import HTMX, MONDAY, KudosTestCase
from inservice.org.tests.api_support import make_person, make_team

LATER = MONDAY + timedelta(hours=2)


class PersonTests(KudosTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.give(self.alice, [self.carol], message="From Sales: thank you!")
        self.give(self.erin, [self.carol], message="From her lead.")
        self.give(self.carol, [self.dave], message="Carol thanks Payroll's Dave.")
        self.give(self.carol, [self.erin], message="Carol thanks her lead.")
        hidden = self.give(self.bob, [self.carol], message="Hidden one")
        services.hide_kudos(self.erin, hidden, "Not for the wall.")

    def test_the_profile_block_counts_received_given_and_across_teams(self) -> None:
        self.login(self.dave)
        response = self.client.get(f"/kudos/people/{self.carol.pk}/block/", headers=HTMX)
        self.assertContains(
            response,
            '<dd data-figure="received">2 <span class="small muted">(1 from other teams)</span></dd>',
            html=True,
        )
        self.assertContains(
            response,
            '<dd data-figure="given">2 <span class="small muted">(1 to other teams)</span></dd>',
            html=True,
        )
        self.assertContains(response, "From Sales: thank you!")
        self.assertNotContains(response, "Hidden one")
        self.assertContains(response, "Thank Carol")
        self.login(self.carol)
        own = self.client.get(f"/kudos/people/{self.carol.pk}/block/", headers=HTMX)
        self.assertContains(own, "Kudos settings")
        self.assertEqual(self.client.get("/kudos/people/9999/block/").status_code, 404)

    def test_their_page_lists_received_or_given(self) -> None:
        self.login(self.bob)
        with time_machine.travel(LATER, tick=False):
            received = self.client.get(f"/kudos/people/{self.carol.pk}/")
            given = self.client.get(f"/kudos/people/{self.carol.pk}/", {"direction": "given"})
        self.assertContains(received, "From her lead.")
        self.assertNotContains(received, "Carol thanks her lead.")
        self.assertContains(given, "Carol thanks Payroll")
        self.assertNotContains(given, "From her lead.")
        self.assertContains(received, "Hidden by a lead")  # bob's own, hidden: he sees why
        self.login(self.dave)
        self.assertNotContains(self.client.get(f"/kudos/people/{self.carol.pk}/"), "Hidden")

    def test_block_and_page_keep_their_query_count(self) -> None:
        self.login(self.dave)
        block = f"/kudos/people/{self.carol.pk}/block/"
        page = f"/kudos/people/{self.carol.pk}/"
        few_block, _sql = self.count_page_queries(block, **HTMX)
        few_page, _sql = self.count_page_queries(page)
        for n in range(5):
            self.give(make_person(team=make_team()), [self.carol], message=f"More {n}")
        many_block, sql = self.count_page_queries(block, **HTMX)
        self.assertEqual(few_block, many_block, sql)
        many_page, sql = self.count_page_queries(page)
        self.assertEqual(few_page, many_page, sql)


class TeamTests(KudosTestCase):
    def test_the_team_block_counts_this_quarter_and_help_across_teams(self) -> None:
        self.give(self.alice, [self.carol], message="Across, to a member.")
        self.give(self.bob, teams=[self.it], message="Across, to the whole team.")
        self.give(self.erin, [self.carol], message="Within the team.")
        self.give(self.carol, [self.dave], message="IT helps Payroll.")
        self.give(self.alice, [self.carol], message="Last quarter.", at=MONDAY - timedelta(days=60))
        self.login(self.grace)
        with time_machine.travel(LATER, tick=False):
            response = self.client.get(f"/kudos/teams/{self.it.slug}/block/", headers=HTMX)
        self.assertContains(response, "Since 1 Oct 2026 (this quarter)")
        self.assertContains(
            response,
            '<dd data-figure="received">3 <span class="small muted">(1 to the whole team)</span></dd>',
            html=True,
        )
        self.assertContains(response, '<dd data-figure="received-across">2</dd>', html=True)
        self.assertContains(response, '<dd data-figure="given-across">1</dd>', html=True)
        self.assertContains(response, "Thank this team")

    def test_the_team_block_keeps_its_query_count(self) -> None:
        self.give(self.alice, [self.carol])
        self.login(self.grace)
        url = f"/kudos/teams/{self.it.slug}/block/"
        with time_machine.travel(LATER, tick=False):
            few, _sql = self.count_page_queries(url, **HTMX)
        for n in range(5):
            self.give(
                make_person(team=make_team()), [self.carol, self.erin], [self.it], message=f"{n}"
            )
        with time_machine.travel(LATER, tick=False):
            many, sql = self.count_page_queries(url, **HTMX)
        self.assertEqual(few, many, sql)
