"""Giving kudos from its page: prefilled from a link, sent to the wall, refused with the field's
message and nothing stored; and one's kudos setting."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import override_settings

from inservice.kudos import services
from inservice.kudos.models import Kudos
from inservice.kudos.tests.support import HTMX, MONDAY, KudosTestCase

GIVE = "/kudos/give/"


class GivePageTests(KudosTestCase):
    def test_a_link_prefills_who_and_the_request(self) -> None:
        ticket = self.resolved()
        self.login(self.alice)
        response = self.client.get(
            GIVE, {"to": "carol", "team": self.it.slug, "request": ticket.key}
        )
        self.assertContains(response, 'value="carol"')
        self.assertContains(response, f'<option value="{self.it.slug}" selected>')
        self.assertContains(response, f"{ticket.key} {ticket.subject}")
        self.login(self.bob)  # not his request: as if it did not exist
        self.assertEqual(self.client.get(GIVE, {"request": ticket.key}).status_code, 404)

    def test_it_sends_the_kudos_to_the_wall_and_opens_it(self) -> None:
        self.login(self.alice)
        with time_machine.travel(MONDAY, tick=False):
            response = self.client.post(
                GIVE,
                {
                    "people": "carol, dave@example.org",
                    "teams": self.payroll.slug,
                    "values": ["caring", "competence"],
                    "message": "You two sorted my new-starter paperwork in a day.",
                },
            )
        kudos = Kudos.objects.get()
        self.assertRedirects(
            response, f"/kudos/{kudos.pk}/", status_code=303, fetch_redirect_response=False
        )
        names = {r.name for r in kudos.recipients.all()}
        self.assertEqual(names, {"Carol Agent", "Dave Payroll", "Payroll"})
        page = self.client.get(f"/kudos/{kudos.pk}/")
        self.assertContains(page, "You can delete it in the next 10 minutes")
        self.assertContains(page, "You two sorted my new-starter paperwork in a day.")

    def test_htmx_answers_the_form_with_each_refusal_beside_its_field(self) -> None:
        self.login(self.carol)
        cases = (
            ({"people": "carol", "values": ["caring"], "message": "Me!"}, "to yourself"),
            ({"people": "alice", "values": ["caring"], "message": " "}, "needs a message"),
            ({"people": "alice", "values": ["caring"], "message": "x" * 1001}, "1,000 characters"),
            ({"people": "alice", "message": "Thanks"}, "at least one of our values"),
            ({"people": "nobody@example.org", "values": ["caring"], "message": "Hi"}, "Nobody"),
            ({"values": ["caring"], "message": "Hi", "request": "IT-999"}, "No request you can"),
        )
        for data, words in cases:
            with self.subTest(words=words):
                response = self.client.post(GIVE, data, headers=HTMX)
                self.assertContains(response, words, status_code=422)
                self.assertContains(response, 'id="give-form"', status_code=422)
                self.assertNotContains(response, "<html", status_code=422)
        self.assertFalse(Kudos.objects.exists())

    def test_a_request_one_may_not_see_is_never_named_back(self) -> None:
        ticket = self.resolved(subject="Alice's private laptop trouble")
        self.login(self.bob)
        response = self.client.post(
            GIVE,
            {"people": "carol", "values": ["caring"], "message": "Hi", "request": ticket.key},
        )
        self.assertContains(response, "No request you can see has this key.", status_code=422)
        self.assertNotContains(response, "private laptop trouble", status_code=422)
        self.assertFalse(Kudos.objects.exists())

    @override_settings(KUDOS_DAILY_LIMIT=1)
    def test_beyond_the_daily_limit_the_page_says_so(self) -> None:
        self.give(self.carol, [self.alice])
        self.login(self.carol)
        with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
            response = self.client.post(
                GIVE, {"people": "bob", "values": ["caring"], "message": "Thanks, Bob."}
            )
        self.assertContains(response, "You have given your 1 kudos for today", status_code=422)
        self.assertEqual(Kudos.objects.count(), 1)


class SettingsPageTests(KudosTestCase):
    def test_one_chooses_whether_one_s_manager_hears_of_one_s_kudos(self) -> None:
        self.login(self.carol)
        page = self.client.get("/kudos/settings/")
        self.assertContains(page, "Your manager is Erin Lead.")
        self.assertContains(page, 'id="id_tell_manager" checked')
        response = self.client.post("/kudos/settings/", {})
        self.assertRedirects(
            response, "/kudos/settings/", status_code=303, fetch_redirect_response=False
        )
        self.assertFalse(services.tells_manager(self.carol))
        self.client.post("/kudos/settings/", {"tell_manager": "on"})
        self.assertTrue(services.tells_manager(self.carol))
