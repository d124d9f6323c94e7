"""The search page and the suggestions on the ask page: what each person finds, the snippets,
and query counts that do not grow with the rows."""

from __future__ import annotations

from inservice.knowledge.tests.support import HTMX, KnowledgeTestCase, write
from inservice.org.tests.api_support import make_person, make_team

SEARCH = "/knowledge/search/"
SUGGEST = "/knowledge/suggest/"


class SearchPageTests(KnowledgeTestCase):
    def test_an_employee_finds_articles_and_services_with_marked_snippets(self) -> None:
        self.ask(subject="Password expired on my laptop")
        self.login(self.bob)
        response = self.client.get(SEARCH, {"q": "password"})
        self.assertContains(response, "Reset a forgotten <mark>password</mark>")
        self.assertContains(response, 'id="hits-articles"')
        self.assertNotContains(response, 'id="hits-requests"')  # not an agent
        self.assertNotContains(response, "Password expired on my laptop")

    def test_an_agent_also_finds_the_requests_their_team_holds(self) -> None:
        ticket = self.ask(subject="Password expired on my laptop")
        self.login(self.carol)
        response = self.client.get(SEARCH, {"q": "password"})
        self.assertContains(response, 'id="hits-requests"')
        self.assertContains(response, ticket.key)
        self.assertContains(response, "<mark>Password</mark> expired on my laptop")
        self.login(self.dave)  # Payroll's agent: another team's request is not found
        response = self.client.get(SEARCH, {"q": "password"})
        self.assertNotContains(response, ticket.key)
        self.assertContains(response, "No request matches.")

    def test_htmx_gets_the_results_alone_and_no_words_show_nothing(self) -> None:
        self.login(self.bob)
        response = self.client.get(SEARCH, {"q": "payslip"}, headers=HTMX)
        self.assertTemplateUsed(response, "knowledge/partials/results.html")
        self.assertNotContains(response, "<html")
        self.assertContains(response, "Read your <mark>payslip</mark>")
        empty = self.client.get(SEARCH)
        self.assertIsNone(empty.context["results"])
        nothing = self.client.get(SEARCH, {"q": "zebra"})
        self.assertContains(nothing, "Nothing matches “zebra”.")

    def test_user_html_in_an_article_never_reaches_the_page_unescaped(self) -> None:
        write(self.carol, self.it, "Onboarding <img src=x onerror=alert(1)>", "Onboarding.")
        self.login(self.bob)
        response = self.client.get(SEARCH, {"q": "onboarding"})
        self.assertNotContains(response, "<img src=x")
        self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")

    def test_the_search_keeps_its_query_count_whatever_the_rows(self) -> None:
        self.ask(subject="Password expired")
        self.login(self.carol)
        few, _sql = self.count_page_queries(SEARCH + "?q=password")
        for n in range(6):
            team = make_team()
            write(make_person(team=team), team, f"Password tip {n}", services_=(self.laptop,))
            self.ask(subject=f"Password again {n}")
        many, sql = self.count_page_queries(SEARCH + "?q=password")
        self.assertEqual(few, many, sql)


class SuggestionTests(KnowledgeTestCase):
    def test_what_is_typed_finds_articles_those_of_the_service_first(self) -> None:
        other = write(self.dave, self.payroll, "Payroll portal password", "Password help.")
        self.login(self.alice)
        response = self.client.get(
            SUGGEST,
            {"service": str(self.laptop.pk), "subject": "I forgot my password", "description": ""},
            headers=HTMX,
        )
        hits = response.context["hits"]
        self.assertEqual([h.pk for h in hits], [self.password.pk, other.pk])
        self.assertContains(response, "Maybe this answers it")
        self.assertContains(response, "This answered my question")
        self.assertContains(response, f'name="service" value="{self.laptop.pk}"')
        self.assertContains(response, f"?service={self.laptop.pk}")

    def test_before_anything_is_typed_the_service_s_guides_are_shown(self) -> None:
        self.login(self.alice)
        response = self.client.get(SUGGEST, {"service": self.laptop.pk})
        self.assertContains(response, "Guides for this service")
        self.assertContains(response, "Reset a forgotten password")
        nothing = self.client.get(SUGGEST, {"service": str(self.laptop.pk), "subject": "zebra"})
        self.assertEqual(nothing.context["hits"], [])
        self.assertNotContains(nothing, "Guides for this service")

    def test_a_service_one_may_not_ask_for_is_404(self) -> None:
        self.login(self.alice)
        for value in ("999999", "laptop"):
            with self.subTest(value=value):
                response = self.client.get(SUGGEST, {"service": value, "subject": "password"})
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(SUGGEST, {"subject": "password"}).status_code, 200)

    def test_the_ask_page_loads_suggestions_as_the_subject_and_details_are_typed(self) -> None:
        self.login(self.alice)
        response = self.client.get(f"/services/{self.laptop.slug}/ask/")
        self.assertContains(response, 'id="knowledge-suggestions"')
        self.assertContains(response, f'hx-get="/knowledge/suggest/?service={self.laptop.pk}"')
        self.assertContains(response, "keyup[target.name=='subject'")

    def test_suggestions_keep_their_query_count_whatever_the_rows(self) -> None:
        url = f"{SUGGEST}?service={self.laptop.pk}&subject=password+reset"
        self.login(self.alice)
        few, _sql = self.count_page_queries(url)
        for n in range(6):
            write(self.carol, self.it, f"Password {n}", services_=(self.laptop, self.payslip))
        many, sql = self.count_page_queries(url)
        self.assertEqual(few, many, sql)
