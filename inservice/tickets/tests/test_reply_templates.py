"""Reply templates: a team's leads keep them on the team management page; agents start a reply
from one on the request page, filled in for that request."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.org.models import Person
from inservice.sla import services as sla
from inservice.test import BaseTestCase
from inservice.tickets import services
from inservice.tickets.models import ReplyTemplate, Ticket

HTMX = {"HX-Request": "true"}
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
GREETING = "Hello {requester_name}, we have {key} and will be back to you by {promised_time}."


class ReplyTemplateTestCase(BaseTestCase):
    def manage_url(self, name: str = "reply_templates", *args: object) -> str:
        return reverse(f"tickets:{name}", args=[self.it.slug, *args])

    def add(self, name: str = "Greeting", body: str = GREETING) -> ReplyTemplate:
        return services.add_template(self.erin, self.it, name, body)

    def count_queries(self, url: str, method: str = "get", **data: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = getattr(self.client, method)(url, data, headers=HTMX)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


class ServiceTests(ReplyTemplateTestCase):
    def test_it_lets_the_teams_leads_and_administrators_keep_templates(self) -> None:
        template = self.add()
        services.edit_template(self.root, template, "Greeting", "Hi {requester_name}.")
        template.refresh_from_db()
        self.assertEqual((template.name, template.body), ("Greeting", "Hi {requester_name}."))

        for person in (self.carol, self.grace, self.alice):
            with self.subTest(person=person.username):
                with self.assertRaises(PermissionDenied):
                    services.add_template(person, self.it, "Mine", "Hello")
                with self.assertRaises(PermissionDenied):
                    services.remove_template(person, template)
        services.remove_template(self.erin, template)
        self.assertFalse(ReplyTemplate.objects.exists())

    def test_it_refuses_unknown_placeholders_naming_them_and_saves_nothing(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            self.add(body="Hi {requestor}, see {ticket_url}; {key} stays, {requestor} again.")

        self.assertEqual(
            refused.exception.message_dict["body"],
            [
                "Unknown placeholders: {requestor}, {ticket_url}. "
                "Use {requester_name}, {key} or {promised_time}."
            ],
        )
        self.assertFalse(ReplyTemplate.objects.exists())

    def test_it_refuses_template_and_format_syntax_as_unknown_placeholders(self) -> None:
        for body in ("{{ settings.SECRET_KEY }}", "{key.__class__}", "{0}"):
            with self.subTest(body=body), self.assertRaises(ValidationError) as refused:
                self.add(body=body)
            self.assertIn("Unknown placeholders", refused.exception.messages[0])

    def test_it_refuses_an_empty_or_taken_name_and_an_empty_text(self) -> None:
        self.add()
        with self.assertRaises(ValidationError) as refused:
            services.add_template(self.erin, self.it, "greeting", "")
        self.assertEqual(
            refused.exception.message_dict,
            {
                "name": ["The team already has a template called “greeting”."],
                "body": ["Write the text of the reply."],
            },
        )
        with self.assertRaises(ValidationError) as refused:
            services.add_template(self.erin, self.it, "  ", "Hello")
        self.assertIn("name", refused.exception.message_dict)
        # Another team may use the same name.
        services.add_template(self.grace, self.payroll, "Greeting", "Hello")

    def test_it_fills_in_the_requester_key_and_promised_time_in_the_requesters_zone(
        self,
    ) -> None:
        template = self.add()
        with time_machine.travel(MONDAY_10, tick=False):
            ticket = self.ask(self.alice)
            self.assertEqual(
                services.fill_template(template, ticket),
                f"Hello Alice Asker, we have {ticket.key} and will be back to you by soon.",
            )
            sla.acknowledge(self.carol, ticket, MONDAY_10 + timedelta(hours=5), "update")

            filled = services.fill_template(template, ticket)

        # 15:00 UTC is 10:00 in New York, where alice is.
        self.assertEqual(
            filled,
            f"Hello Alice Asker, we have {ticket.key} and will be back to you by "
            "23 Nov 2026, 10:00 EST.",
        )

    def test_it_fills_in_by_plain_substitution_leaving_other_text_alone(self) -> None:
        template = ReplyTemplate(team=self.it, name="x", body="{ key } and {key}; braces {}")
        ticket = self.ask(self.alice)
        self.assertEqual(
            services.fill_template(template, ticket), f"{ticket.key} and {ticket.key}; braces {{}}"
        )


class ManageViewTests(ReplyTemplateTestCase):
    def test_it_shows_the_section_to_the_teams_leads_and_administrators_only(self) -> None:
        self.add()
        for person, status in [
            (self.erin, 200),
            (self.root, 200),
            (self.carol, 404),
            (self.grace, 404),
            (self.alice, 404),
        ]:
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.manage_url()).status_code, status)
                self.assertEqual(
                    self.client.get(self.manage_url(), headers=HTMX).status_code, status
                )

    def test_it_loads_the_section_into_the_team_management_page(self) -> None:
        self.login(self.erin)
        page = self.client.get(reverse("manage_org:team", args=[self.it.slug]))
        self.assertContains(page, f'hx-get="{self.manage_url()}" hx-trigger="load"')

        self.add()
        section = self.client.get(self.manage_url(), headers=HTMX)

        self.assertContains(section, 'id="reply-templates"')
        self.assertContains(section, "Greeting")
        self.assertContains(section, "{requester_name}, {key}, {promised_time}")
        self.assertNotContains(section, "<html")

    def test_it_adds_a_template_and_the_section_reloads(self) -> None:
        self.login(self.erin)

        response = self.client.post(
            self.manage_url(),
            {"new-name": "On its way", "new-body": "Sent, {requester_name}."},
            headers=HTMX,
        )

        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "reply-templates-changed")
        template = ReplyTemplate.objects.get()
        self.assertEqual((template.team, template.created_by), (self.it, self.erin))
        section = self.client.get(self.manage_url(), headers=HTMX)
        self.assertContains(section, "The template “On its way” is ready for the team.")

    def test_it_works_without_javascript_too(self) -> None:
        self.login(self.erin)

        response = self.client.post(
            self.manage_url(), {"new-name": "On its way", "new-body": "Sent."}, follow=True
        )

        self.assertRedirects(response, self.manage_url(), status_code=303)
        self.assertContains(response, "The template “On its way” is ready for the team.")

    def test_it_answers_422_naming_unknown_placeholders_and_saves_nothing(self) -> None:
        self.login(self.erin)

        response = self.client.post(
            self.manage_url(),
            {"new-name": "Typo", "new-body": "Dear {requestor_name}"},
            headers=HTMX,
        )

        self.assertContains(
            response,
            "Unknown placeholders: {requestor_name}. Use {requester_name}, {key} or "
            "{promised_time}.",
            status_code=422,
        )
        self.assertContains(response, "Dear {requestor_name}", status_code=422)  # kept to fix
        self.assertFalse(ReplyTemplate.objects.exists())

    def test_it_edits_and_removes_a_template(self) -> None:
        template = self.add()
        self.login(self.erin)
        prefix = f"template-{template.pk}"

        response = self.client.post(
            self.manage_url("edit_reply_template", template.pk),
            {f"{prefix}-name": "Hello", f"{prefix}-body": "Hi {requester_name}"},
            headers=HTMX,
        )
        self.assertEqual(response.status_code, 204)
        template.refresh_from_db()
        self.assertEqual((template.name, template.body), ("Hello", "Hi {requester_name}"))

        bad = self.client.post(
            self.manage_url("edit_reply_template", template.pk),
            {f"{prefix}-name": "Hello", f"{prefix}-body": "Hi {name}"},
            headers=HTMX,
        )
        self.assertContains(bad, "Unknown placeholders: {name}.", status_code=422)
        self.assertContains(bad, "<details open>", status_code=422)
        template.refresh_from_db()
        self.assertEqual(template.body, "Hi {requester_name}")

        response = self.client.post(
            self.manage_url("remove_reply_template", template.pk), headers=HTMX
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(ReplyTemplate.objects.exists())

    def test_it_answers_404_for_another_teams_template_and_to_non_leads(self) -> None:
        theirs = services.add_template(self.grace, self.payroll, "Payslips", "Hello")
        mine = self.add()
        self.login(self.erin)
        for name in ("edit_reply_template", "remove_reply_template"):
            response = self.client.post(self.manage_url(name, theirs.pk), {})
            self.assertEqual(response.status_code, 404)
        self.login(self.carol)
        for url, data in [
            (self.manage_url(), {"new-name": "x", "new-body": "y"}),
            (self.manage_url("edit_reply_template", mine.pk), {}),
            (self.manage_url("remove_reply_template", mine.pk), {}),
        ]:
            self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(ReplyTemplate.objects.count(), 2)

    def test_it_lists_the_templates_in_the_same_queries_however_many(self) -> None:
        self.login(self.erin)
        for n in range(2):
            self.add(f"Template {n}")
        few, _ = self.count_queries(self.manage_url())
        for n in range(2, 10):
            self.add(f"Template {n}")

        many, sql = self.count_queries(self.manage_url())

        self.assertEqual(few, many, sql)


class RequestPageTests(ReplyTemplateTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.template = self.add()
        services.add_template(self.grace, self.payroll, "Payslips", "Payroll only text")
        self.ticket: Ticket = self.ask(self.alice)
        self.detail = reverse("tickets:detail", args=[self.ticket.key])
        self.fill = reverse("tickets:fill_reply_template", args=[self.ticket.key])

    def reply_form(self, person: Person) -> str:
        """The HTML of the reply form on the request page, as `person` sees it."""
        self.login(person)
        response = self.client.get(self.detail)
        self.assertEqual(response.status_code, 200)
        action = reverse("tickets:reply", args=[self.ticket.key])
        found = re.search(
            rf'<form[^>]*action="{action}".*?</form>', response.content.decode(), re.S
        )
        assert found is not None, "no reply form on the page"
        return found.group(0)

    def test_it_puts_the_template_choice_above_the_message_for_the_team_only(self) -> None:
        for agent in (self.carol, self.erin):
            with self.subTest(person=agent.username):
                form = self.reply_form(agent)
                choice = form.index('<select name="template" id="id_template"')
                message = form.index('<textarea name="body"')
                self.assertLess(choice, message, "the template choice is below the message box")
                self.assertIn(f'<option value="{self.template.pk}">Greeting</option>', form)
                self.assertIn(f'hx-post="{self.fill}"', form)
                self.assertNotIn("Payslips", form)  # another team's

        form = self.reply_form(self.alice)
        self.assertIn('<textarea name="body"', form)  # she can reply...
        self.assertNotIn('name="template"', form)  # ...without the team's templates
        self.assertNotIn("Greeting", form)
        self.assertNotIn(self.fill, form)

    def test_it_offers_the_teams_templates(self) -> None:
        self.login(self.carol)

        response = self.client.get(self.detail)

        self.assertContains(response, f'<option value="{self.template.pk}">Greeting</option>')
        self.assertContains(response, f'hx-post="{self.fill}"')
        self.assertNotContains(response, "Payslips")

    def test_it_offers_nothing_to_the_requester_or_another_team(self) -> None:
        for person in (self.alice, self.dave, self.bob):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertNotContains(
                    self.client.get(self.detail),
                    "Greeting",
                    status_code=200 if person == self.alice else 404,
                )
                response = self.client.post(self.fill, {"template": self.template.pk})
                self.assertEqual(response.status_code, 404)

    def test_it_fills_the_message_box_after_the_draft_and_changes_nothing(self) -> None:
        self.login(self.carol)
        version = self.ticket.version

        response = self.client.post(
            self.fill, {"template": self.template.pk, "body": "Quick note first."}, headers=HTMX
        )

        self.assertContains(response, '<textarea name="body"')
        self.assertContains(response, 'id="id_body"')
        self.assertContains(
            response,
            f"Quick note first.\n\nHello Alice Asker, we have {self.ticket.key} and will be "
            "back to you by soon.</textarea>",
        )
        self.ticket.refresh_from_db()
        self.assertEqual(self.ticket.version, version)
        self.assertEqual(self.ticket.entries.count(), 1)  # only "opened"

    def test_it_never_fills_in_another_teams_template(self) -> None:
        theirs = ReplyTemplate.objects.get(team=self.payroll)
        self.login(self.carol)

        response = self.client.post(self.fill, {"template": theirs.pk, "body": "Draft"})

        self.assertContains(response, ">\nDraft</textarea>")  # the draft, as it was
        self.assertNotContains(response, "Payroll only text")
        for nonsense in ("", "abc", "9" * 30):
            response = self.client.post(self.fill, {"template": nonsense, "body": "Draft"})
            self.assertContains(response, ">\nDraft</textarea>")

    def test_it_escapes_the_filled_in_text(self) -> None:
        services.edit_template(self.erin, self.template, "Greeting", "<b>{key}</b>")
        self.login(self.carol)

        response = self.client.post(self.fill, {"template": self.template.pk})

        self.assertContains(response, f"&lt;b&gt;{self.ticket.key}&lt;/b&gt;</textarea>")

    def test_it_offers_the_templates_in_the_same_queries_however_many(self) -> None:
        self.login(self.carol)
        few, _ = self.count_queries(self.detail)
        for n in range(8):
            self.add(f"Template {n}")

        many, sql = self.count_queries(self.detail)

        self.assertEqual(few, many, sql)
