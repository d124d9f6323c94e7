"""The form builder: a lead edits an intake form through the page, previews it and saves it whole."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inservice.browser import Visits
from inservice.catalog import services as catalog
from inservice.catalog.choices import FieldKind
from inservice.catalog.models import FormField, Service
from inservice.catalog.services import FieldSpec
from inservice.test import BaseTestCase, Cast
from inservice.tickets.models import Ticket

if TYPE_CHECKING:
    # What the test client answers: an Response with the request and templates attached.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

HTMX = {"HX-Request": "true"}
LAPTOP_ROWS: list[dict[str, str]] = [
    {"key": "model", "label": "Model", "kind": "single_choice", "required": "on",
     "options": "Standard\nDeveloper"},
    {"key": "justification", "label": "Why a developer laptop", "kind": "long_text",
     "required_when_key": "model", "required_when_value": "Developer"},
]  # fmt: skip


def definition(*rows: dict[str, str], op: str = "save", **extra: str) -> dict[str, str]:
    """Form data as the builder page posts it: fields-<i>-<attribute> and fields-count."""
    data = {"fields-count": str(len(rows)), "op": op, **extra}
    for i, row in enumerate(rows):
        for attr, value in row.items():
            data[f"fields-{i}-{attr}"] = value
    return data


def field_block(response: Response, name: str) -> str:
    """The HTML of one input's block (label, input, help, messages) on the page."""
    html = response.content.decode()
    start = html.index(f'id="field-{name}"')
    end = html.find('<div class="field', start + 1)
    return html[start : end if end != -1 else len(html)]


class FormBuilderTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.page = reverse("manage_catalog:form", args=[self.laptop.slug])
        self.preview = reverse("manage_catalog:form_preview", args=[self.laptop.slug])

    def stored(self, service: Service | None = None) -> list[tuple[str, str, bool, str]]:
        fields = (service or self.laptop).fields.all()
        return [(f.key, f.kind, f.required, f.required_when_key) for f in fields]


class PermissionTests(FormBuilderTestCase):
    def test_it_answers_404_to_all_but_the_teams_lead_and_administrators(self) -> None:
        before = self.stored()
        changed = definition({"key": "x", "label": "X", "kind": "text"})
        cast = ((self.erin, 200), (self.grace, 404), (self.carol, 404), (self.alice, 404))
        for person, status in (*cast, (self.root, 200)):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(self.page).status_code, status)
                self.assertEqual(self.client.post(self.preview, changed).status_code, status)
                response = self.client.post(self.page, {**changed, "op": "add"})
                self.assertEqual(response.status_code, status)
                if status == 404:
                    self.assertEqual(self.client.post(self.page, changed).status_code, 404)
        self.assertEqual(self.stored(), before)

    def test_it_lets_an_administrator_save(self) -> None:
        self.login(self.root)
        response = self.client.post(
            self.page, definition({"key": "x", "label": "X", "kind": "text"})
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.stored(), [("x", "text", False, "")])

    def test_it_has_no_get_that_writes_or_previews(self) -> None:
        self.login(self.erin)
        self.assertEqual(self.client.get(self.preview).status_code, 405)


class BuildingTests(FormBuilderTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def test_it_shows_the_fields_in_order_with_every_attribute(self) -> None:
        response = self.client.get(self.page)
        self.assertContains(response, 'name="fields-count" value="2"')
        self.assertContains(response, 'name="fields-0-key" value="model"')
        self.assertContains(response, 'name="fields-1-key" value="justification"')
        self.assertContains(response, "Standard\nDeveloper</textarea>")
        self.assertContains(response, 'name="fields-1-required_when_value" value="Developer"')
        self.assertContains(response, '<option value="long_text" selected>Long text</option>')
        self.assertContains(response, 'hx-post="' + self.preview)  # the live preview

    def test_it_adds_a_field_of_each_type_without_saving(self) -> None:
        for kind in FieldKind.values:
            with self.subTest(kind=kind):
                response = self.client.post(
                    self.page,
                    definition(*LAPTOP_ROWS, op="add", **{"new-kind": kind}),
                    headers=HTMX,
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["HX-Trigger"], "builder-changed")
                self.assertContains(response, 'name="fields-count" value="3"')
                block = field_block(response, "fields-2-kind")
                self.assertIn(f'<option value="{kind}" selected>', block)
                self.assertIn("autofocus", field_block(response, "fields-2-label"))
        self.assertEqual(len(self.stored()), 2)

    def test_it_saves_a_form_with_every_type_and_rule(self) -> None:
        rows = [
            {"label": "Cost centre", "kind": "text", "required": "on", "pattern": r"CC-\d{4}",
             "pattern_message": "Use CC-1234.", "min_length": "7", "max_length": "7",
             "help_text": "On your payslip."},
            {"key": "details", "label": "Details", "kind": "long_text", "max_length": "500"},
            {"key": "seats", "label": "Seats", "kind": "number", "min_value": "1", "max_value": "50.5"},
            {"key": "needed_by", "label": "Needed by", "kind": "date", "required": "on"},
            {"key": "os", "label": "System", "kind": "single_choice", "options": "Linux\n\nmacOS\n"},
            {"key": "extras", "label": "Extras", "kind": "multiple_choice",
             "options": "Dock\nMonitor", "max_length": "1"},
            {"key": "manager", "label": "Manager", "kind": "person"},
            {"key": "quote", "label": "Quote", "kind": "attachment"},
        ]  # fmt: skip
        response = self.client.post(self.page, definition(*rows), follow=True)
        self.assertRedirects(response, self.page, status_code=303)
        self.assertContains(response, "The form is saved with 8 fields.")
        fields = list(self.laptop.fields.all())
        self.assertEqual([f.kind for f in fields], [r["kind"] for r in rows])
        cost, _details, seats, _date, os, extras = fields[:6]
        self.assertEqual(cost.key, "cost_centre")  # made from the label
        self.assertEqual(
            (cost.pattern, cost.pattern_message, cost.min_length, cost.required, cost.help_text),
            (r"CC-\d{4}", "Use CC-1234.", 7, True, "On your payslip."),
        )
        self.assertEqual((seats.min_value, seats.max_value), (Decimal(1), Decimal("50.5")))
        self.assertEqual(os.options, ["Linux", "macOS"])
        self.assertEqual((extras.options, extras.max_length), (["Dock", "Monitor"], 1))

    def test_it_saves_with_htmx_and_reloads_the_page(self) -> None:
        response = self.client.post(self.page, definition(*LAPTOP_ROWS[:1]), headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Redirect"], self.page)
        self.assertEqual(self.stored(), [("model", "single_choice", True, "")])

    def test_it_moves_fields_up_and_down_and_saves_the_order(self) -> None:
        response = self.client.post(self.page, definition(*LAPTOP_ROWS, op="up-1"), headers=HTMX)
        self.assertContains(response, 'name="fields-0-key" value="justification"')
        self.assertContains(response, 'name="fields-1-key" value="model"')
        self.assertIn(
            'value="down-0"',
            re.findall(r"<button[^>]*autofocus[^>]*>", response.content.decode())[0],
        )
        response = self.client.post(self.page, definition(*LAPTOP_ROWS, op="down-0"))
        self.assertContains(response, 'name="fields-0-key" value="justification"')
        self.assertEqual([k for k, *_ in self.stored()], ["model", "justification"])
        self.client.post(self.page, definition(LAPTOP_ROWS[1], LAPTOP_ROWS[0]))
        self.assertEqual([k for k, *_ in self.stored()], ["justification", "model"])

    def test_it_removes_a_field(self) -> None:
        response = self.client.post(
            self.page, definition(*LAPTOP_ROWS, op="remove-1"), headers=HTMX
        )
        self.assertContains(response, 'name="fields-count" value="1"')
        self.assertEqual(len(self.stored()), 2)  # nothing saved yet
        self.client.post(self.page, definition(LAPTOP_ROWS[0]))
        self.assertEqual(self.stored(), [("model", "single_choice", True, "")])

    def test_it_warns_when_a_removed_field_was_anothers_condition_and_refuses_to_save_it(
        self,
    ) -> None:
        response = self.client.post(
            self.page, definition(*LAPTOP_ROWS, op="remove-0"), headers=HTMX
        )
        self.assertContains(
            response, "“Why a developer laptop” was required only when “model” had a value"
        )
        response = self.client.post(self.page, definition(LAPTOP_ROWS[1]))
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            "Choose another field of this form.",
            field_block(response, "fields-0-required_when_key"),
        )
        self.assertEqual(len(self.stored()), 2)

    def test_it_saves_a_conditional_requirement_that_the_portal_then_enforces(self) -> None:
        rows = [
            {"key": "kind", "label": "What is wrong", "kind": "single_choice", "required": "on",
             "options": "Missing pay\nWrong tax"},
            {"key": "month", "label": "Which month", "kind": "text",
             "required_when_key": "kind", "required_when_value": "Missing pay"},
        ]  # fmt: skip
        self.login(self.grace)
        page = reverse("manage_catalog:form", args=[self.payslip.slug])
        self.assertEqual(self.client.post(page, definition(*rows)).status_code, 303)
        self.assertEqual(
            self.stored(self.payslip),
            [("kind", "single_choice", True, ""), ("month", "text", False, "kind")],
        )

        self.login(self.alice)
        ask = reverse("tickets:ask", args=[self.payslip.slug])
        answers = {"subject": "My pay", "answers-kind": "Missing pay"}
        with self.captureOnCommitCallbacks(execute=True):
            refused = self.client.post(ask, answers)
        self.assertContains(
            refused, "Required when “What is wrong” is “Missing pay”.", status_code=422
        )
        self.assertFalse(Ticket.objects.filter(service=self.payslip).exists())
        with self.captureOnCommitCallbacks(execute=True):
            accepted = self.client.post(ask, {**answers, "answers-month": "March"})
        self.assertEqual(accepted.status_code, 303)
        ticket = Ticket.objects.get(service=self.payslip)
        self.assertEqual(ticket.answers, {"kind": "Missing pay", "month": "March"})


class BadDefinitionTests(FormBuilderTestCase):
    """Each message lands next to the input it is about, and nothing changes."""

    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)
        self.before = self.stored()

    def refused(self, *rows: dict[str, str]) -> Response:
        response = self.client.post(self.page, definition(*rows))
        self.assertContains(response, "Nothing was saved", status_code=422)
        self.assertEqual(self.stored(), self.before)
        return response

    def assert_message(self, response: Response, name: str, message: str) -> None:
        self.assertIn(message, field_block(response, name))

    def test_it_refuses_an_invalid_pattern(self) -> None:
        for pattern in (r"CC-(\d", "(?i)cc", "a)|(b"):
            with self.subTest(pattern=pattern):
                response = self.refused({"key": "cc", "label": "Cost centre", "kind": "text",
                                         "pattern": pattern})  # fmt: skip
                self.assert_message(
                    response, "fields-0-pattern", "This pattern is not a valid regular expression"
                )

    def test_it_refuses_a_duplicate_key(self) -> None:
        response = self.refused(LAPTOP_ROWS[0], {**LAPTOP_ROWS[1], "key": "model"})
        self.assert_message(response, "fields-1-key", "Another field already uses the key “model”.")

    def test_it_refuses_a_choice_field_with_one_option(self) -> None:
        response = self.refused({**LAPTOP_ROWS[0], "options": "Standard\n  \n"})
        self.assert_message(
            response, "fields-0-options", "A choice field needs at least two options."
        )

    def test_it_refuses_a_minimum_above_the_maximum(self) -> None:
        response = self.refused(
            {
                "key": "seats",
                "label": "Seats",
                "kind": "number",
                "min_value": "10",
                "max_value": "2",
            },
            {"key": "name", "label": "Name", "kind": "text", "min_length": "9", "max_length": "3"},
        )
        self.assert_message(response, "fields-0-min_value", "The minimum is above the maximum.")
        self.assert_message(
            response, "fields-1-min_length", "The minimum length is above the maximum length."
        )

    def test_it_refuses_a_condition_on_a_value_the_other_field_cannot_have(self) -> None:
        response = self.refused(LAPTOP_ROWS[0], {**LAPTOP_ROWS[1], "required_when_value": "Gaming"})
        self.assert_message(
            response,
            "fields-1-required_when_value",
            "“Gaming” is not one of the options of “Model”",
        )

    def test_it_refuses_a_field_both_always_and_conditionally_required(self) -> None:
        response = self.refused(LAPTOP_ROWS[0], {**LAPTOP_ROWS[1], "required": "on"})
        self.assert_message(response, "fields-1-required", "either always required or required")

    def test_it_shows_every_problem_at_once(self) -> None:
        response = self.refused(
            {"key": "Bad Key", "label": "", "kind": "spreadsheet"},
            {"key": "n", "label": "N", "kind": "number", "min_value": "lots"},
        )
        self.assert_message(response, "fields-0-key", "Use lower-case letters")
        self.assert_message(response, "fields-0-label", "Every field needs a label.")
        self.assert_message(response, "fields-0-kind", "Choose a field type.")
        self.assert_message(response, "fields-1-min_value", "Enter a number.")
        # What the lead typed survives, so it can be corrected rather than retyped.
        self.assertContains(response, 'value="Bad Key"', status_code=422)

    def test_it_refuses_an_incomplete_list(self) -> None:
        response = self.client.post(self.page, {"op": "save", "fields-0-key": "x"}, headers=HTMX)
        self.assertContains(response, "The page sent an incomplete list", status_code=422)
        self.assertEqual(self.stored(), self.before)


class PreviewTests(FormBuilderTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.erin)

    def test_it_renders_the_unsaved_form_as_employees_will_see_it(self) -> None:
        rows = [*LAPTOP_ROWS, {"key": "needed_by", "label": "Needed by", "kind": "date"}]
        response = self.client.post(self.preview, definition(*rows), headers=HTMX)
        self.assertContains(response, 'name="answers-model" value="Developer"')
        self.assertContains(response, 'data-required-when="model"')
        self.assertContains(response, 'type="date" name="answers-needed_by"')
        self.assertContains(response, '<datalist id="builder-keys" hx-swap-oob="true">')
        self.assertContains(response, '<option value="needed_by">')
        self.assertEqual(len(self.stored()), 2)

    def test_it_checks_answers_with_the_portals_rules(self) -> None:
        data = definition(*LAPTOP_ROWS, **{"check": "1", "answers-model": "Developer"})
        response = self.client.post(self.preview, data, headers=HTMX)
        self.assertContains(response, "These answers would be refused")
        self.assertContains(response, "Required when “Model” is “Developer”.")
        data["answers-justification"] = "I compile all day."
        response = self.client.post(self.preview, data, headers=HTMX)
        self.assertContains(response, "These answers would be accepted.")

    def test_it_leaves_out_fields_with_problems_until_they_are_fixed(self) -> None:
        rows = [
            LAPTOP_ROWS[0],
            {"key": "cc", "label": "Cost centre", "kind": "text", "pattern": "("},
        ]
        response = self.client.post(self.preview, definition(*rows), headers=HTMX)
        self.assertContains(response, "Left out until their problems are fixed: Cost centre")
        self.assertContains(response, 'name="answers-model"')
        self.assertNotContains(response, 'name="answers-cc"')

    def test_it_previews_without_javascript_on_the_page_itself(self) -> None:
        response = self.client.post(self.page, definition(*LAPTOP_ROWS, op="preview"))
        self.assertContains(response, 'name="answers-model"')
        self.assertContains(response, 'name="fields-count" value="2"')


class QueryCountTests(FormBuilderTestCase):
    def count_queries(self) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.page)
        self.assertEqual(response.status_code, 200)
        return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)

    def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_fields(self) -> None:
        self.login(self.erin)

        def specs(n: int) -> list[FieldSpec]:
            return [FieldSpec(key=f"f{i}", label=f"F {i}", kind=FieldKind.TEXT) for i in range(n)]

        catalog.set_form(self.laptop, specs(3))
        before, sql = self.count_queries()
        catalog.set_form(self.laptop, specs(30))
        self.assertEqual(self.count_queries()[0], before, sql)
        self.assertEqual(FormField.objects.filter(service=self.laptop).count(), 30)


@pytest.mark.browser
def test_it_builds_a_form_in_a_real_browser_with_a_live_preview(visits: Visits, cast: Cast) -> None:
    """With htmx: add a field, see the preview follow the typing, move the field up, save."""
    from playwright.sync_api import expect  # only where the browser tests run

    page = visits.signed_in(cast.erin)
    page.goto(reverse("manage_catalog:form", args=[cast.laptop.slug]))
    preview = page.locator("#preview")
    expect(preview.get_by_text("Why a developer laptop")).to_be_visible()

    page.get_by_label("Type of the new field").select_option("date")
    page.get_by_role("button", name="Add a field").click()
    label = page.locator("#id_fields-2-label")
    expect(label).to_be_focused()
    label.fill("Needed by")
    expect(preview.get_by_label("Needed by")).to_have_attribute("type", "date")

    page.get_by_role("button", name="Move field 3 up").click()
    expect(page.locator("#id_fields-1-label")).to_have_value("Needed by")
    page.get_by_role("button", name="Save the form", exact=True).last.click()
    expect(page.get_by_text("The form is saved with 3 fields.")).to_be_visible()
    assert [f.key for f in cast.laptop.fields.all()] == ["model", "needed_by", "justification"]
