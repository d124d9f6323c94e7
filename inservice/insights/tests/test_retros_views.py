"""The retrospective pages as people use them: the list, making one, the page with its packet,
the board through htmx (cards, edits, votes), action items, the packet's CSV, closing; 404 for
anyone who does not take part, 422 with the reason for bad input."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import time_machine

from inservice.insights import services_retros as retros
from inservice.insights.models_retros import RetroCard, Retrospective, RetroState, RetroVote
from inservice.insights.tests.retros_support import NOW, RetroTestCase, WeekTestCase
from inservice.org.models import Person
from inservice.tickets.models import Ticket

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

HTMX = {"HX-Request": "true"}


def url(retro: Retrospective, rest: str = "") -> str:
    return f"/insights/retros/{retro.pk}/{rest}"


class ListTests(RetroTestCase):
    def test_it_lists_the_retrospectives_one_takes_part_in_newest_first(self) -> None:
        first = self.make(title="First")
        second = self.make(self.grace, [self.payroll, self.er], title="Second")
        self.login(self.dave)  # in Payroll: both
        response = self.client.get("/insights/retros/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r.pk for r in response.context["retros"]], [second.pk, first.pk])
        self.assertNotContains(response, "New retrospective")  # dave leads no team
        self.login(self.carol)  # in IT: the first
        response = self.client.get("/insights/retros/")
        self.assertEqual([r.pk for r in response.context["retros"]], [first.pk])
        self.login(self.alice)
        self.assertContains(self.client.get("/insights/retros/"), "You take part in no")

    def test_a_team_s_link_shows_its_retrospectives_only(self) -> None:
        first = self.make(title="First")
        self.make(self.grace, [self.payroll, self.er], title="Second")
        self.login(self.grace)
        response = self.client.get("/insights/retros/?team=it-service-desk")
        self.assertEqual([r.pk for r in response.context["retros"]], [first.pk])
        self.assertContains(response, "Retrospectives with IT Service Desk")
        self.assertContains(response, 'href="/insights/retros/new/?team=it-service-desk"')
        self.assertEqual(self.client.get("/insights/retros/?team=nope").status_code, 404)

    def test_the_team_page_and_the_team_dashboard_lead_here(self) -> None:
        self.login(self.carol)
        link = 'href="/insights/retros/?team=it-service-desk"'
        self.assertContains(self.client.get("/directory/teams/it-service-desk/"), link)
        self.assertContains(self.client.get("/insights/teams/it-service-desk/"), link)


class NewTests(RetroTestCase):
    def post(self, person: Person, data: dict[str, Any], **headers: str) -> Response:
        self.login(person)
        with time_machine.travel(NOW, tick=False):
            response: Response = self.client.post("/insights/retros/new/", data, headers=headers)
        return response

    def data(self, **changes: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "teams": [self.it.pk, self.payroll.pk],
            "start": "2026-11-01",
            "end": "2026-11-29",
            "title": "",
        }
        values.update(changes)
        return values

    def test_only_leads_and_administrators_open_the_form(self) -> None:
        for person in (self.alice, self.carol, self.dave):
            self.login(person)
            self.assertEqual(self.client.get("/insights/retros/new/").status_code, 404)
        self.login(self.erin)
        response = self.client.get("/insights/retros/new/?team=payroll")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["form"].initial["teams"]), [self.payroll])
        self.login(self.root)
        self.assertEqual(self.client.get("/insights/retros/new/").status_code, 200)

    def test_a_lead_opens_one_and_lands_on_its_page(self) -> None:
        response = self.post(self.erin, self.data())
        retro = Retrospective.objects.get()
        self.assertRedirects(response, url(retro), status_code=303, fetch_redirect_response=False)
        response = self.post(self.erin, self.data(title="Onboarding"), **HTMX)
        self.assertEqual(response.status_code, 204)
        made = Retrospective.objects.get(title="Onboarding")
        self.assertEqual(response["HX-Redirect"], url(made))

    def test_bad_input_is_a_422_naming_each_problem_and_nothing_is_made(self) -> None:
        cases = [
            (self.data(teams=[self.it.pk]), "Choose at least two teams"),
            (self.data(teams=[self.payroll.pk, self.er.pk]), "You lead none of these teams"),
            (self.data(end="2026-12-31"), "The period ends in the future"),
            (self.data(start="2025-01-01"), "at most a year"),
            (self.data(start="yesterday"), "Enter a valid date"),
            (self.data(teams=[999999, self.it.pk]), "Choose teams from the list"),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self.post(self.erin, data)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "Nothing was made", status_code=422)
        response = self.post(self.erin, self.data(teams=[]), **HTMX)
        self.assertEqual(response.status_code, 422)
        self.assertTemplateUsed(response, "insights/retros/partials/new_form.html")
        self.assertTemplateNotUsed(response, "base.html")
        self.assertFalse(Retrospective.objects.exists())


class PageTests(WeekTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make(title="IT and Payroll, November")

    def test_participants_see_the_packet_the_board_and_the_actions(self) -> None:
        self.login(self.grace)
        response = self.client.get(url(self.made))
        self.assertEqual(response.status_code, 200)
        for text in (
            "IT and Payroll, November",
            "Requests between the teams",
            "Handoffs between the teams",
            "Laptops for Payroll",
            "Suggestions to each team",
            "Loan laptops",
            "Took a while.",  # Payroll's own rating comment
            "Went well",
            "To improve",
            "Ideas",
            "Action items",
            "Make it an action",
        ):
            self.assertContains(response, text)
        self.assertNotContains(response, "Quick and friendly.")  # IT's: not Payroll's to read
        self.assertNotContains(response, "Close the retrospective")  # erin facilitates
        self.assertNotContains(response, "Actions from the previous retrospective")

    def test_nobody_else_sees_it_anywhere(self) -> None:
        card = retros.add_card(self.carol, self.retro(self.carol, self.made), "well", "Fast")
        paths = [
            ("get", url(self.made)),
            ("get", url(self.made, "packet/requests.csv")),
            ("post", url(self.made, "cards/")),
            ("get", url(self.made, f"cards/{card.pk}/")),
            ("get", url(self.made, f"cards/{card.pk}/edit/")),
            ("post", url(self.made, f"cards/{card.pk}/vote/")),
            ("post", url(self.made, f"cards/{card.pk}/delete/")),
            ("post", url(self.made, "actions/")),
            ("post", url(self.made, "close/")),
        ]
        for person in (self.alice, self.root, self.frank):
            self.login(person)
            for method, path in paths:
                with self.subTest(person=person.username, path=path):
                    response = getattr(self.client, method)(path, {"column": "well", "text": "x"})
                    self.assertEqual(response.status_code, 404)
        self.login(self.erin)
        self.assertEqual(self.client.get("/insights/retros/999999/").status_code, 404)
        self.assertEqual(RetroCard.objects.get().text, "Fast")
        self.assertFalse(RetroVote.objects.exists())

    def test_the_packet_s_tables_download_as_csv(self) -> None:
        self.login(self.dave)
        response = self.client.get(url(self.made, "packet/requests.csv"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(f"retrospective-{self.made.pk}-requests.csv", response["Content-Disposition"])
        lines = response.content.decode().splitlines()
        self.assertEqual(lines[0].split(",")[:3], ["From", "To", "Requests"])
        self.assertEqual(lines[2], "Payroll,IT Service Desk,2,2,0,100,2,4.5")
        self.assertEqual(self.client.get(url(self.made, "packet/nope.csv")).status_code, 404)
        # No previous retrospective: no table of its actions.
        self.assertEqual(
            self.client.get(url(self.made, "packet/previous_actions.csv")).status_code, 404
        )


class BoardTests(RetroTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make()

    def add(self, person: Person, text: str, column: str = "well", **headers: str) -> Response:
        self.login(person)
        response: Response = self.client.post(
            url(self.made, "cards/"), {"column": column, "text": text}, headers=headers
        )
        return response

    def test_a_participant_adds_a_card_and_gets_the_column_back(self) -> None:
        response = self.add(self.dave, "Laptops came in a day", **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "insights/retros/partials/column.html")
        self.assertContains(response, 'id="column-well"')
        self.assertContains(response, "Laptops came in a day")
        self.assertContains(response, "Dave Payroll")
        without = self.add(self.carol, "Quick answers", "ideas")
        self.assertRedirects(
            without, url(self.made) + "#column-ideas", 303, fetch_redirect_response=False
        )
        self.assertEqual(RetroCard.objects.count(), 2)

    def test_a_bad_card_is_a_422_with_the_reason_and_nothing_is_added(self) -> None:
        response = self.add(self.dave, "   ", **HTMX)
        self.assertContains(response, "Write something on the card.", status_code=422)
        self.assertContains(response, 'aria-invalid="true"', status_code=422)
        response = self.add(self.dave, "x" * 501, **HTMX)
        self.assertContains(response, "Too long: at most 500", status_code=422)
        response = self.add(self.dave, "Fine", "later", **HTMX)
        self.assertEqual(response.status_code, 422)
        response = self.add(self.dave, "")  # without htmx: the whole page, the form saying why
        self.assertContains(response, "Write something on the card.", status_code=422)
        self.assertTemplateUsed(response, "insights/retros/detail.html")
        self.assertFalse(RetroCard.objects.exists())

    def test_an_author_edits_and_deletes_their_own_card_only(self) -> None:
        card = retros.add_card(self.dave, self.retro(self.dave, self.made), "improve", "Slow")
        self.login(self.carol)
        for path in (f"cards/{card.pk}/edit/", f"cards/{card.pk}/delete/", f"cards/{card.pk}/"):
            method = self.client.get if path.endswith("edit/") else self.client.post
            self.assertEqual(method(url(self.made, path), {"text": "x"}).status_code, 404)
        self.login(self.dave)
        form = self.client.get(url(self.made, f"cards/{card.pk}/edit/"), headers=HTMX)
        self.assertContains(form, "Slow</textarea>")
        bad = self.client.post(url(self.made, f"cards/{card.pk}/"), {"text": ""}, headers=HTMX)
        self.assertContains(bad, "Write something on the card.", status_code=422)
        saved = self.client.post(
            url(self.made, f"cards/{card.pk}/"), {"text": "Slow on Mondays"}, headers=HTMX
        )
        self.assertContains(saved, "Slow on Mondays")
        self.assertContains(saved, "edited")
        cancelled = self.client.get(url(self.made, f"cards/{card.pk}/"), headers=HTMX)
        self.assertTemplateUsed(cancelled, "insights/retros/partials/card.html")
        page = self.client.get(url(self.made) + f"?edit={card.pk}")  # "Edit" without htmx
        self.assertContains(page, f'id="edit-text-{card.pk}"')
        deleted = self.client.post(url(self.made, f"cards/{card.pk}/delete/"), headers=HTMX)
        self.assertEqual((deleted.status_code, deleted.content), (200, b""))
        self.assertFalse(RetroCard.objects.exists())

    def test_a_vote_toggles_and_shows_its_count(self) -> None:
        card = retros.add_card(self.dave, self.retro(self.dave, self.made), "ideas", "Loaners")
        self.login(self.carol)
        voted = self.client.post(url(self.made, f"cards/{card.pk}/vote/"), headers=HTMX)
        self.assertContains(voted, 'aria-pressed="true"')
        self.assertContains(voted, '<span class="votes">1</span>')
        again = self.client.post(url(self.made, f"cards/{card.pk}/vote/"), headers=HTMX)
        self.assertContains(again, 'aria-pressed="false"')
        self.assertContains(again, '<span class="votes">0</span>')
        self.assertFalse(RetroVote.objects.exists())

    def test_a_closed_retrospective_is_read_only(self) -> None:
        card = retros.add_card(self.dave, self.retro(self.dave, self.made), "ideas", "Loaners")
        self.login(self.grace)
        self.assertEqual(self.client.post(url(self.made, "close/")).status_code, 404)
        self.login(self.erin)
        closed = self.client.post(url(self.made, "close/"), headers=HTMX)
        self.assertEqual((closed.status_code, closed["HX-Redirect"]), (204, url(self.made)))
        self.made.refresh_from_db()
        self.assertEqual(self.made.state, RetroState.CLOSED)
        page = self.client.get(url(self.made))
        self.assertContains(page, "This retrospective is closed")
        for absent in ("Add the card", "Make it an action", "Close the retrospective", "Edit"):
            self.assertNotContains(page, absent)
        self.login(self.dave)
        response = self.add(self.dave, "Too late", **HTMX)
        self.assertContains(response, "The retrospective is closed", status_code=422)
        vote = self.client.post(url(self.made, f"cards/{card.pk}/vote/"), headers=HTMX)
        self.assertContains(vote, "The retrospective is closed", status_code=422)
        gone = self.client.post(url(self.made, f"cards/{card.pk}/delete/"), headers=HTMX)
        self.assertContains(gone, "The retrospective is closed", status_code=422)
        self.assertEqual(RetroCard.objects.count(), 1)
        self.assertFalse(RetroVote.objects.exists())


class ActionTests(RetroTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.made = self.make()

    def post(self, person: Person, **values: Any) -> Response:
        data = {"text": "Keep two loan laptops", "owner": self.carol.pk, "due_on": "2026-12-04"}
        data.update(values)
        self.login(person)
        with time_machine.travel(NOW, tick=False):
            response: Response = self.client.post(url(self.made, "actions/"), data, headers=HTMX)
        return response

    def test_an_action_appears_with_its_request(self) -> None:
        response = self.post(self.grace)
        self.assertEqual(response.status_code, 200)
        ticket = Ticket.objects.get()
        self.assertContains(response, "Keep two loan laptops")
        self.assertContains(response, "Open")
        # Grace opened it for erin (who facilitates), IT serves it: theirs to see.
        self.assertContains(response, f'href="/requests/{ticket.key}/"')
        for person in (self.carol, self.erin):
            self.login(person)
            self.assertContains(self.client.get(url(self.made)), f'href="/requests/{ticket.key}/"')
        # Dave (Payroll) sees what came of it, not the request.
        self.login(self.dave)
        page = self.client.get(url(self.made))
        self.assertContains(page, "not yours to see")
        self.assertNotContains(page, ticket.key)

    def test_bad_actions_are_a_422_with_the_reasons_and_nothing_is_opened(self) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"due_on": "2026-11-01"}, "The due date is in the past"),
            ({"owner": self.alice.pk}, "Choose one of the participants."),
            ({"owner": ""}, "Choose who owns the action."),
            ({"text": ""}, "Say what will be done."),
            ({"card": 123456}, "Choose a card of this board."),
        ]
        for values, message in cases:
            with self.subTest(message=message):
                response = self.post(self.grace, **values)
                self.assertContains(response, message, status_code=422)
                self.assertContains(response, "No action was made", status_code=422)
        self.assertFalse(Ticket.objects.exists())

    def test_without_htmx_it_lands_back_on_the_page(self) -> None:
        self.login(self.dave)
        with time_machine.travel(NOW, tick=False):
            response = self.client.post(
                url(self.made, "actions/"),
                {"text": "Payslip FAQ", "owner": self.dave.pk, "due_on": "2026-12-10"},
            )
        self.assertRedirects(
            response, url(self.made) + "#actions", 303, fetch_redirect_response=False
        )
        self.assertEqual(Ticket.objects.get().team, self.payroll)


class PreviousTests(RetroTestCase):
    def test_the_next_one_between_the_same_teams_opens_with_the_previous_actions(self) -> None:
        first = self.make(title="October")
        view = self.retro(self.erin, first)
        with time_machine.travel(NOW, tick=False):
            retros.add_action(
                self.erin, view, retros.ActionDraft("Spare laptops", self.carol, date(2026, 12, 4))
            )
            retros.close_retrospective(self.erin, view)
        second = self.make(title="November")
        self.login(self.dave)
        response = self.client.get(url(second))
        self.assertContains(response, "Actions from the previous retrospective")
        self.assertContains(response, f'<a href="{url(first)}">October</a>')
        self.assertContains(response, "Spare laptops")
        csv = self.client.get(url(second, "packet/previous_actions.csv"))
        self.assertEqual(csv.status_code, 200)
        self.assertIn("Spare laptops,Carol Agent,2026-12-04", csv.content.decode())
