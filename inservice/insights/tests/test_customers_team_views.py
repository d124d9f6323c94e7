"""A team's internal customers, /insights/teams/<slug>/customers/, over the two weeks of
customers_support: who sees it (404 otherwise), its customers and suppliers against the week
before, key customers first with their worksheets; keeping them with htmx and without (422 with
the form for bad input, 404 for anyone but the team's leads and administrators); the links to
it; and a number of queries that does not grow with the customers or the requests."""

from __future__ import annotations

from inservice.insights.models_customers import MAX_TEXT, KeyCustomer
from inservice.insights.services_customers import KeyCustomerDraft, save_key_customer
from inservice.insights.tests.customers_support import (
    HTMX,
    WEEK_QUERY,
    FlowsTestCase,
    count_queries,
    more_customers,
)
from inservice.org import services as org
from inservice.org.choices import Role

PAGE = "/insights/teams/it-service-desk/customers/"
NEW = "/insights/teams/it-service-desk/customers/key/"
SALES = "/insights/teams/it-service-desk/customers/key/sales/"
REMOVE = "/insights/teams/it-service-desk/customers/key/sales/remove/"
SHEET = {
    "needs_from_us": "Laptops ready before client visits.",
    "we_need": "Tell us about new starters 10 working days ahead.",
    "contact": "alice@example.org",
    "notes": "",
}


def cells(row: object) -> list[str]:
    f = row.figures  # type: ignore[attr-defined]
    return [f.requests, f.previous, f.change, f.csat, f.csat_before, f.sla, f.sla_before]


class PageTests(FlowsTestCase):
    def test_a_lead_sees_the_team_s_customers_and_suppliers(self) -> None:
        self.login(self.erin)
        response = self.client.get(PAGE, WEEK_QUERY)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Internal customers of IT Service Desk</h1>", html=True)
        others = response.context["other_rows"]
        self.assertEqual([r.name for r in others], ["Sales West", "Payroll"])
        self.assertEqual(cells(others[0]), [2, 2, "no change", "4", "—", "66.7%", "100%"])
        self.assertEqual(cells(others[1]), [1, 0, "new", "—", "—", "—", "—"])
        suppliers = response.context["supplier_rows"]
        self.assertEqual(
            [(r.name, r.figures.requests, r.figures.csat) for r in suppliers], [("Payroll", 1, "2")]
        )
        self.assertContains(response, "No key customers yet.")
        self.assertContains(response, "1 request the team asked of itself is not counted here.")
        self.assertContains(response, "Add a key customer")
        self.assertContains(response, f'hx-get="{SALES.replace("sales", "sales-west")}"')
        self.assertContains(
            response,
            'href="/insights/map/?focus=it-service-desk&amp;from=2026-11-23&amp;to=2026-11-29"',
        )

    def test_who_sees_a_team_s_customers(self) -> None:
        dept_lead = org.create_person(username="hal", name="Hal Head", email="hal@example.org")
        org.add_member(self.cast.sales_dept, dept_lead, Role.LEAD)
        for person, url, status in (
            (self.carol, PAGE, 200),
            (self.root, PAGE, 200),
            (self.grace, PAGE, 404),
            (self.alice, PAGE, 404),
            (self.alice, "/insights/teams/sales-west/customers/", 200),
            (dept_lead, "/insights/teams/sales-west/customers/", 200),
            (self.erin, "/insights/teams/no-such-team/customers/", 404),
        ):
            with self.subTest(person=person.username, url=url):
                self.login(person)
                self.assertEqual(self.client.get(url, WEEK_QUERY).status_code, status)
        self.login(self.carol)
        response = self.client.get(PAGE, WEEK_QUERY)
        self.assertNotContains(response, "Add a key customer")
        self.assertNotContains(response, "Mark as key")

    def test_key_customers_come_first_with_their_worksheet_and_figures(self) -> None:
        draft = KeyCustomerDraft(
            "Laptops ready before <client> visits.", "Notice of starters.", self.alice
        )
        save_key_customer(self.erin, self.it, self.cast.sales_dept, draft)
        self.login(self.carol)
        response = self.client.get(PAGE, WEEK_QUERY)
        key = response.context["key_rows"]
        self.assertEqual([r.name for r in key], ["Sales"])
        self.assertEqual(cells(key[0]), [2, 2, "no change", "4", "—", "66.7%", "100%"])
        self.assertEqual(key[0].covers, "Sales West")
        self.assertEqual([r.name for r in response.context["other_rows"]], ["Payroll"])
        self.assertContains(response, "Laptops ready before &lt;client&gt; visits.")
        self.assertContains(response, "With its teams: Sales West.")
        self.assertContains(
            response, f'<a href="/directory/people/{self.alice.pk}/">Alice Asker</a>'
        )
        self.assertNotContains(response, ">Edit<")

    def test_a_wrong_period_is_named(self) -> None:
        self.login(self.erin)
        response = self.client.get(PAGE, {"from": "2026-11-29", "to": "2026-11-01"}, headers=HTMX)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "The period ends before it starts.", status_code=422)
        self.assertNotIn("<html", response.content.decode())

    def test_the_team_page_and_its_dashboard_link_here(self) -> None:
        self.login(self.erin)
        self.assertContains(self.client.get("/directory/teams/it-service-desk/"), f'href="{PAGE}"')
        self.assertContains(
            self.client.get("/insights/teams/it-service-desk/", WEEK_QUERY), f'href="{PAGE}"'
        )


class EditingTests(FlowsTestCase):
    def test_a_lead_marks_a_key_customer_with_htmx(self) -> None:
        self.login(self.erin)
        form = self.client.get(SALES, headers=HTMX)
        self.assertEqual(form.status_code, 200)
        self.assertNotIn("<html", form.content.decode())
        self.assertContains(
            form, "Sales West: key customer worksheet".replace("Sales West", "Sales")
        )
        response = self.client.post(SALES, SHEET, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["HX-Trigger"], "key-customers-changed")
        key = KeyCustomer.objects.get()
        self.assertEqual((key.team, key.customer_team), (self.it, self.cast.sales_dept))
        self.assertEqual(key.contact, self.alice)
        self.assertEqual(key.updated_by, self.erin)
        # The list listens for the event and reloads itself.
        page = self.client.get(PAGE, WEEK_QUERY)
        self.assertContains(page, 'hx-trigger="key-customers-changed from:body"')
        self.assertContains(page, "Laptops ready before client visits.")

    def test_without_javascript_the_form_is_a_page_and_a_save_lands_on_the_list(self) -> None:
        self.login(self.root)
        page = self.client.get(NEW)
        self.assertContains(page, "<h1>A key customer of IT Service Desk</h1>", html=True)
        self.assertContains(page, '<option value="sales">Sales (department)</option>', html=True)
        self.assertNotContains(page, '<option value="it-service-desk">')
        response = self.client.post(NEW, {**SHEET, "customer": "payroll"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], PAGE)
        self.assertEqual(KeyCustomer.objects.get().customer_team, self.payroll)
        again = self.client.get(NEW)
        self.assertNotContains(again, '<option value="payroll">')

    def test_editing_shows_the_worksheet_and_rewrites_it(self) -> None:
        save_key_customer(
            self.erin, self.it, self.cast.sales_dept, KeyCustomerDraft("Old.", contact=self.bob)
        )
        self.login(self.erin)
        form = self.client.get(SALES, headers=HTMX)
        self.assertContains(form, ">\nOld.</textarea>")
        self.assertContains(form, 'value="bob@example.org"')
        response = self.client.post(SALES, {**SHEET, "contact": "bob"}, headers=HTMX)
        self.assertEqual(response.status_code, 204)
        key = KeyCustomer.objects.get()
        self.assertEqual((key.needs_from_us, key.contact), (SHEET["needs_from_us"], self.bob))

    def test_bad_input_answers_422_with_the_form_and_changes_nothing(self) -> None:
        save_key_customer(self.erin, self.it, self.payroll, KeyCustomerDraft("Kept."))
        self.login(self.erin)
        own = "/insights/teams/it-service-desk/customers/key/it-service-desk/"
        for url, data, field, text in (
            (
                SALES,
                {**SHEET, "needs_from_us": "  "},
                "needs_from_us",
                "Say what this customer needs",
            ),
            (own, SHEET, None, "A team is not its own internal customer"),
            (NEW, {**SHEET, "customer": "it-service-desk"}, "customer", "A team is not its own"),
            (
                NEW,
                {**SHEET, "customer": "payroll"},
                "customer",
                "Payroll is already a key customer",
            ),
            (NEW, {**SHEET, "customer": "nowhere"}, "customer", "Choose a team from the list."),
            (NEW, {**SHEET, "customer": ""}, "customer", "Choose the customer team or department."),
            (
                SALES,
                {**SHEET, "contact": "nobody@example.org"},
                "contact",
                "Nobody in the directory matches",
            ),
            (
                SALES,
                {**SHEET, "we_need": "x" * (MAX_TEXT + 1)},
                "we_need",
                "Too long: at most 2,000",
            ),
            (SALES, {**SHEET, "notes": "x" * (MAX_TEXT + 1)}, "notes", "Too long: at most 2,000"),
        ):
            with self.subTest(url=url, text=text):
                response = self.client.post(url, data, headers=HTMX)
                self.assertEqual(response.status_code, 422)
                self.assertContains(response, text, status_code=422)
                self.assertContains(response, "Nothing was saved", status_code=422)
                if field:
                    self.assertContains(response, f'id="field-{field}"', status_code=422)
                    self.assertIn(field, response.context["form"].errors)
                page = self.client.post(url, data)
                self.assertEqual(page.status_code, 422)
                self.assertContains(page, "<html", status_code=422)
        self.assertEqual(
            list(KeyCustomer.objects.values_list("needs_from_us", flat=True)), ["Kept."]
        )

    def test_a_lead_removes_a_key_customer(self) -> None:
        save_key_customer(self.erin, self.it, self.cast.sales_dept, KeyCustomerDraft("x"))
        self.login(self.erin)
        page = self.client.get(PAGE, WEEK_QUERY)
        self.assertContains(page, f'hx-post="{REMOVE}"')
        response = self.client.post(REMOVE, headers=HTMX)
        self.assertEqual(
            (response.status_code, response["HX-Trigger"]), (204, "key-customers-changed")
        )
        self.assertFalse(KeyCustomer.objects.exists())
        self.assertEqual(self.client.post(REMOVE).status_code, 404)
        self.assertEqual(self.client.get(REMOVE).status_code, 405)

    def test_anyone_but_the_team_s_leads_and_administrators_gets_404(self) -> None:
        save_key_customer(self.erin, self.it, self.cast.sales_dept, KeyCustomerDraft("Kept."))
        for person in (self.carol, self.grace, self.alice):
            self.login(person)
            for method, url in (
                ("get", NEW),
                ("post", NEW),
                ("get", SALES),
                ("post", SALES),
                ("post", REMOVE),
            ):
                with self.subTest(person=person.username, method=method, url=url):
                    call = getattr(self.client, method)
                    self.assertEqual(
                        call(url, SHEET if method == "post" else None).status_code, 404
                    )
        self.login(self.erin)
        self.assertEqual(
            self.client.get("/insights/teams/it-service-desk/customers/key/nowhere/").status_code,
            404,
        )
        self.assertEqual(KeyCustomer.objects.get().needs_from_us, "Kept.")


class QueryTests(FlowsTestCase):
    def test_the_page_does_not_grow_with_customers_key_customers_or_requests(self) -> None:
        save_key_customer(
            self.erin, self.it, self.cast.sales_dept, KeyCustomerDraft("x", contact=self.alice)
        )
        self.login(self.erin)
        page = f"{PAGE}?from=2026-11-23&to=2026-11-29"
        before = {
            h: count_queries(self.client, page, **headers)[0]
            for h, headers in (("page", {}), ("htmx", HTMX))
        }
        more_customers(self, 5)
        save_key_customer(
            self.erin, self.it, self.payroll, KeyCustomerDraft("y", contact=self.dave)
        )
        save_key_customer(self.erin, self.it, self.er, KeyCustomerDraft("z", contact=self.frank))
        for name, headers in (("page", {}), ("htmx", HTMX)):
            with self.subTest(name=name):
                count, sql = count_queries(self.client, page, **headers)
                self.assertEqual(count, before[name], sql)
        response = self.client.get(page)
        self.assertEqual(len(response.context["key_rows"]), 3)
        self.assertEqual(len(response.context["other_rows"]), 5)
