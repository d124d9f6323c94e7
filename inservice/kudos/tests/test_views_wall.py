"""The kudos wall and one kudos: everyone reads them; filters by team, value and period; "show
more" by cursor; hidden ones only as "hidden by a lead" to those who may see them; a request
named only to those who may see it; query counts that do not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse

from inservice.kudos import services
from inservice.kudos.models import Kudos
from inservice.kudos.tests.support import HTMX, MONDAY, KudosTestCase
from inservice.org.tests.api_support import make_person, make_team

WALL = "/kudos/"
LATER = MONDAY + timedelta(hours=1)


class WallTests(KudosTestCase):
    def test_everyone_reads_the_wall_newest_first_with_values_and_help_across_teams(self) -> None:
        self.give(self.alice, [self.carol], message="Laptop ready early!", values=[self.caring])
        self.give(
            self.erin, [self.carol], message="Great teamwork on the outage.", at=LATER
        )  # within her team
        self.login(self.dave)
        with time_machine.travel(LATER, tick=False):
            response = self.client.get(WALL)
        body = response.content.decode()
        self.assertLess(body.index("Great teamwork on the outage."), body.index("Laptop ready"))
        self.assertContains(response, "Alice Asker")
        self.assertContains(response, 'data-value="caring"')
        self.assertContains(response, "across teams", count=1 + 1)  # the badge, and the totals
        self.assertContains(response, '<span data-figure="total">2 kudos</span>', html=True)

    def test_it_filters_by_team_value_and_period(self) -> None:
        self.give(self.alice, [self.carol], message="To IT", values=[self.caring])
        self.give(self.bob, [self.dave], message="To Payroll", values=[self.integrity])
        self.give(self.carol, teams=[self.payroll], message="To the whole of Payroll")
        self.give(self.grace, [self.bob], message="Long ago", at=MONDAY - timedelta(days=60))
        self.login(self.alice)
        for params, shown, hidden in (
            ({"team": self.it.slug}, ["To IT"], ["To Payroll", "Long ago"]),
            ({"team": self.payroll.slug}, ["To Payroll", "the whole of Payroll"], ["To IT"]),
            ({"value": "integrity"}, ["To Payroll"], ["To IT"]),
            ({"value": "nonsense"}, ["To IT", "To Payroll"], ["Long ago"]),
            ({"period": "all"}, ["Long ago", "To IT"], []),
            ({"period": "365d", "team": self.sales.slug}, ["Long ago"], ["To IT"]),
        ):
            with self.subTest(params=params), time_machine.travel(LATER, tick=False):
                response = self.client.get(WALL, params)
                for text in shown:
                    self.assertContains(response, text)
                for text in hidden:
                    self.assertNotContains(response, text)
        self.assertEqual(self.client.get(WALL, {"team": "nobody"}).status_code, 404)

    def test_a_department_covers_its_teams(self) -> None:
        self.give(self.carol, [self.alice], message="To Sales West")
        self.login(self.bob)
        with time_machine.travel(LATER, tick=False):
            assert self.sales.parent is not None
            response = self.client.get(WALL, {"team": self.sales.parent.slug})
        self.assertContains(response, "To Sales West")

    def test_filters_answer_the_wall_alone_to_htmx(self) -> None:
        self.give(message="Thanks!")
        self.login(self.bob)
        with time_machine.travel(LATER, tick=False):
            response = self.client.get(WALL, {"period": "7d"}, headers=HTMX)
        self.assertContains(response, '<section id="wall"')
        self.assertNotContains(response, "<html")
        with time_machine.travel(LATER, tick=False):  # Back, after htmx lost its cache
            restored = self.client.get(
                WALL, {"period": "7d"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
            )
        self.assertContains(restored, "<html")

    @override_settings(KUDOS_DAILY_LIMIT=50)
    def test_show_more_loads_the_next_cards_by_cursor(self) -> None:
        for n in range(23):
            self.give(
                self.bob,
                [self.carol],
                message=f"Thanks number {n:02}",
                at=MONDAY + timedelta(minutes=n),
            )
        self.login(self.alice)
        with time_machine.travel(LATER, tick=False):
            first = self.client.get(WALL)
            self.assertEqual(len(first.context["cards"]), 20)
            self.assertContains(first, "Thanks number 22")
            self.assertNotContains(first, "Thanks number 02")
            more = first.context["more_url"]
            self.assertTrue(more.startswith("/kudos/?cursor="))
            rest = self.client.get(more, headers=HTMX)
        self.assertContains(rest, "Thanks number 00")
        self.assertNotContains(rest, "Thanks number 22")
        self.assertNotContains(rest, 'id="kudos-more"')
        self.assertEqual(len(rest.context["cards"]), 3)
        # The next cards cost what the first few did, however many there are.
        with time_machine.travel(LATER, tick=False):
            few, _sql = self.count_page_queries(more, **HTMX)
        for n in range(10):
            self.give(
                self.erin, [self.carol], message=f"Older {n}", at=MONDAY - timedelta(hours=n + 1)
            )
        with time_machine.travel(LATER, tick=False):
            many, sql = self.count_page_queries(more, **HTMX)
        self.assertEqual(few, many, sql)

    def test_a_request_is_named_only_to_those_who_may_see_it(self) -> None:
        case = self.resolved(service=self.er_case, subject="A difficult conversation")
        self.give(self.alice, [self.frank], message="Thank you for listening.", ticket=case)
        with time_machine.travel(LATER, tick=False):
            self.login(self.bob)
            response = self.client.get(WALL)
            self.assertContains(response, "Thank you for listening.")
            self.assertContains(response, "for help with a request")
            self.assertNotContains(response, case.key)
            self.assertNotContains(response, "A difficult conversation")
            self.login(self.root)  # administrators do not see confidential requests either
            self.assertNotContains(self.client.get(WALL), "A difficult conversation")
            self.login(self.frank)
            self.assertContains(self.client.get(WALL), f"{case.key} A difficult conversation")

    def test_hidden_kudos_show_only_as_hidden_to_the_giver_and_leads_involved(self) -> None:
        kudos = self.give(self.alice, [self.carol], message="Something unkind")
        services.hide_kudos(self.erin, kudos, "Not the tone for the wall.")
        with time_machine.travel(LATER, tick=False):
            for person, placeholder in (
                (self.bob, False),
                (self.carol, False),
                (self.grace, False),
                (self.alice, True),
                (self.erin, True),
                (self.root, True),
            ):
                with self.subTest(person=person.username):
                    self.login(person)
                    response = self.client.get(WALL)
                    self.assertNotContains(response, "Something unkind")
                    if placeholder:
                        self.assertContains(response, "Hidden by a lead")
                        self.assertContains(response, "Not the tone for the wall.")
                    else:
                        self.assertNotContains(response, "Hidden by a lead")
                    detail = self.client.get(reverse("kudos:detail", args=[kudos.pk]))
                    self.assertEqual(detail.status_code, 200 if placeholder else 404)

    def test_the_wall_keeps_its_query_count_whatever_the_rows(self) -> None:
        self.give(message="The first")
        self.login(self.erin)
        with time_machine.travel(LATER, tick=False):
            few, _sql = self.count_page_queries(WALL)
            few_part, _sql = self.count_page_queries(WALL + "?period=all", **HTMX)
        for n in range(6):
            team = make_team()
            person = make_person(team=team)
            case = self.resolved(subject=f"Request {n}")
            giver = make_person(team=make_team())
            self.give(giver, [person, self.carol], [team], message=f"Thanks {n}", ticket=None)
            self.give(self.alice, [self.carol], message=f"For {n}", ticket=case)
        hidden = self.give(self.bob, [self.carol], message="Hide me")
        services.hide_kudos(self.erin, hidden, "No.")
        with time_machine.travel(LATER, tick=False):
            many, sql = self.count_page_queries(WALL)
            many_part, sql_part = self.count_page_queries(WALL + "?period=all", **HTMX)
        self.assertEqual(few, many, sql)
        self.assertEqual(few_part, many_part, sql_part)


class DetailTests(KudosTestCase):
    def test_its_giver_deletes_it_from_its_page_within_the_window(self) -> None:
        kudos = self.give()
        url = reverse("kudos:detail", args=[kudos.pk])
        self.login(self.alice)
        with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):
            self.assertContains(self.client.get(url), "Delete this kudos")
            response = self.client.post(reverse("kudos:delete", args=[kudos.pk]))
        self.assertRedirects(response, WALL, status_code=303, fetch_redirect_response=False)
        self.assertFalse(Kudos.objects.exists())

    def test_after_the_window_the_page_says_why_not_and_keeps_it(self) -> None:
        kudos = self.give()
        url = reverse("kudos:detail", args=[kudos.pk])
        self.login(self.alice)
        with time_machine.travel(MONDAY + timedelta(minutes=11), tick=False):
            self.assertNotContains(self.client.get(url), "Delete this kudos")
            response = self.client.post(reverse("kudos:delete", args=[kudos.pk]), follow=True)
        self.assertContains(response, "first 10 minutes")
        self.assertTrue(Kudos.objects.exists())
        self.login(self.carol)  # not hers to delete: as if it did not exist
        self.assertEqual(
            self.client.post(reverse("kudos:delete", args=[kudos.pk])).status_code, 404
        )

    def test_a_lead_hides_it_from_its_page_with_a_reason(self) -> None:
        kudos = self.give()
        url = reverse("kudos:detail", args=[kudos.pk])
        hide = reverse("kudos:hide", args=[kudos.pk])
        self.login(self.grace)  # leads another team
        self.assertNotContains(self.client.get(url), "Hide this kudos")
        self.assertEqual(self.client.post(hide, {"reason": "No."}).status_code, 404)
        self.login(self.erin)
        self.assertContains(self.client.get(url), "Hide this kudos")
        refused = self.client.post(hide, {"reason": " "})
        self.assertContains(refused, "Say why it is hidden", status_code=422)
        self.assertFalse(Kudos.objects.get().is_hidden)
        response = self.client.post(hide, {"reason": "Names a private matter."})
        self.assertRedirects(response, url, status_code=303, fetch_redirect_response=False)
        self.assertEqual(Kudos.objects.get().hidden_reason, "Names a private matter.")
        self.assertContains(self.client.get(url), "Names a private matter.")
