"""Hostile text typed into any field stays text: on every page that shows it, and in emails.

Script tags, `javascript:` links, raw HTML and template syntax go into names, subjects,
descriptions, form answers, replies, notes, handoff notes, key-contact topics, service texts and
saved-view names; every page that shows them must show them as typed, never run or evaluate them.
"""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.services import FieldSpec
from inservice.org import services as org
from inservice.test import BaseTestCase
from inservice.tickets import services as tickets

EVIL = '<script>alert("owned")</script><img src=x onerror=alert(1)>{{ settings.SECRET_KEY }}{% debug %}'
LINK = "[click me](javascript:alert(1))"


class HostileTextTests(BaseTestCase):
    def assert_inert(self, html: str, where: str) -> None:
        self.assertNotIn("<script>alert", html, where)
        self.assertNotIn("<img src=x", html, where)
        self.assertNotIn('href="javascript:', html, where)
        self.assertNotIn(
            "dev-only-secret-key", html, where
        )  # {{ settings.SECRET_KEY }} never evaluated
        self.assertIn("{{ settings.SECRET_KEY }}", html.replace("&#x27;", "'"), where)

    def test_it_keeps_hostile_text_inert_everywhere_it_is_shown(self) -> None:
        catalog.update_service(
            self.laptop, summary=EVIL[:240], description=f"{EVIL} {LINK}", keywords=EVIL[:240]
        )
        catalog.set_form(
            self.laptop,
            [
                FieldSpec(
                    key="model",
                    label=EVIL[:160],
                    kind=FieldKind.SINGLE_CHOICE,
                    required=True,
                    options=["Standard", EVIL[:100]],
                    help_text=EVIL,
                ),
                FieldSpec(key="notes", label="Notes", kind=FieldKind.LONG_TEXT),
            ],
        )
        catalog.set_operating_steps(self.laptop, [(EVIL[:160], EVIL)])
        org.set_key_contact(self.it, self.carol, EVIL)
        evil_person = org.create_person(
            username="mallory",
            name=EVIL[:150],
            email="mallory@example.org",
            team=self.sales,
            title=EVIL[:120],
        )
        with self.captureOnCommitCallbacks(execute=True):
            ticket = self.ask(
                evil_person,
                subject=EVIL[:200],
                description=f"{EVIL} {LINK}",
                answers={"model": "Standard", "notes": EVIL},
                watchers=[self.alice],
            )
            tickets.reply(self.carol, ticket, f"{EVIL} {LINK}")
            tickets.reply(self.carol, ticket, f"note {EVIL}", internal=True)
            tickets.transfer(
                self.carol, ticket, self.payroll, f"handoff {EVIL}", reason="wrong_team"
            )
        tickets.save_view(self.dave, self.payroll, EVIL[:80], "status=open")

        pages = {
            self.dave: [
                reverse("tickets:detail", args=[ticket.key]),
                reverse("tickets:timeline", args=[ticket.key]),
                reverse("tickets:queue", args=[self.payroll.slug]),
                reverse("notifications:list"),
            ],
            self.alice: [
                reverse("portal:home"),
                reverse("portal:search") + "?q=script",
                reverse("portal:service", args=[self.laptop.slug]),
                reverse("tickets:ask", args=[self.laptop.slug]),
                reverse("tickets:detail", args=[ticket.key]),
                reverse("org:directory") + "?q=script",
                reverse("org:team", args=[self.it.slug]),
                reverse("org:person", args=[evil_person.pk]),
                reverse("notifications:list"),
            ],
            self.erin: [
                reverse("manage_org:team", args=[self.it.slug]),
                reverse("manage_catalog:service", args=[self.laptop.slug]),
                reverse("manage_catalog:form", args=[self.laptop.slug]),
            ],
        }
        for person, urls in pages.items():
            self.login(person)
            for url in urls:
                with self.subTest(person=person.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    html = response.content.decode()
                    self.assertNotIn("<script>alert", html)
                    self.assertNotIn("<img src=x", html)
                    self.assertNotIn('href="javascript:', html)
                    self.assertNotIn("dev-only-secret-key", html)
        self.assert_inert(
            self.client_page(self.alice, reverse("tickets:detail", args=[ticket.key])),
            "request page",
        )

        # Plain-text parts and subjects are not HTML: the text appears as typed, never evaluated.
        # HTML parts escape it.
        self.assertTrue(mail.outbox)
        for message in mail.outbox:
            html_parts = [
                str(c) for c, kind in getattr(message, "alternatives", []) if kind == "text/html"
            ]
            self.assertTrue(html_parts)
            for text in (message.subject, message.body):
                self.assertNotIn("dev-only-secret-key", text)
            for html in html_parts:
                with self.subTest(email=message.subject[:40]):
                    self.assertNotIn("<script>alert", html)
                    self.assertNotIn("<img src=x", html)
                    self.assertNotIn('href="javascript:', html)
                    self.assertNotIn("dev-only-secret-key", html)
                    self.assertIn("&lt;script&gt;", html)

    def client_page(self, person: object, url: str) -> str:
        self.client.force_login(person)  # type: ignore[arg-type]
        return self.client.get(url).content.decode()
