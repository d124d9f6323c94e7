"""Writing articles through the services: what is refused (and that nothing is stored then),
who may write and edit, publishing, archiving, reviews, two editors at once."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from inservice.catalog import services as catalog
from inservice.knowledge import services
from inservice.knowledge.models import MAX_BODY, Article
from inservice.knowledge.tests.support import MONDAY, KnowledgeTestCase, write
from inservice.org.models import Person, Team


class DraftRefusalTests(KnowledgeTestCase):
    def refused(self, actor: Person | None = None, **changes: object) -> dict[str, list[str]]:
        values: dict[str, object] = {
            "kind": "article",
            "title": "VPN on a hotel network",
            "body": "Connect to the hotel wifi first, then start the VPN.",
            "team": self.it,
        }
        values.update(changes)
        before = Article.objects.count()
        with self.assertRaises(ValidationError) as caught:
            services.create_article(
                actor or self.carol,
                services.ArticleDraft(**values),  # type: ignore[arg-type]  # the test's own values
            )
        self.assertEqual(Article.objects.count(), before, "a refused article was stored")
        return caught.exception.message_dict

    def test_empty_and_oversized_text_are_refused_with_their_field_named(self) -> None:
        self.assertIn("empty article", self.refused(body="   \n ")["body"][0])
        too_long = self.refused(body="x" * (MAX_BODY + 1))["body"][0]
        self.assertIn("at most 100,000 characters (this text has 100,001)", too_long)
        self.assertIn("title", self.refused(title=" "))
        self.assertIn("300", self.refused(summary="s" * 301)["summary"][0])
        self.assertIn("Choose one of", self.refused(kind="blog")["kind"][0])

    def test_raw_html_javascript_links_and_pictures_are_refused_with_what_was_found(
        self,
    ) -> None:
        html = self.refused(body="Click <b onclick='x()'>here</b>\n\n<script>alert(1)</script>")
        self.assertIn("found <b>, <script>", html["body"][0])
        link = self.refused(body="[Open](javascript:alert(1)) or [mail](vbscript:x)")
        self.assertIn("found javascript:, vbscript:", link["body"][0])
        entity = self.refused(body="[Open](&#106;avascript:alert(1))")
        self.assertIn("javascript:", entity["body"][0])
        picture = self.refused(body="![diagram](https://example.org/a.png)")
        self.assertIn("Pictures cannot be embedded", picture["body"][0])
        comment = self.refused(body="Text <!-- hidden -->")
        self.assertIn("HTML comments", comment["body"][0])

    def test_html_shown_as_code_and_ordinary_links_are_fine(self) -> None:
        article = write(
            self.carol,
            self.it,
            "Embedding a video",
            "Use `<iframe src=...>` in the wiki.\n\n```\n<div>example</div>\n```\n\n"
            "See [the guide](https://example.org/guide), [the portal](/services/) or "
            "[mail us](mailto:it@example.org). 3 < 4 & 5 > 2.",
        )
        self.assertIn("<iframe", article.body)

    def test_the_team_owner_services_and_review_date_are_checked(self) -> None:
        self.assertIn("teams you serve in", self.refused(self.bob, team=self.it)["team"][0])
        self.assertIn("Choose the team", self.refused(team=None)["team"][0])
        owner = self.refused(owner=self.dave)["owner"][0]
        self.assertEqual(owner, "The owner must be an active member of IT Service Desk.")
        gone = catalog.create_service(self.it, name="Fax", summary="Old.", accountable=self.erin)
        catalog.update_service(gone, is_active=False)
        gone.refresh_from_db()
        self.assertIn("“Fax”", self.refused(services=(gone,))["services"][0])
        with time_machine.travel(MONDAY, tick=False):
            past = self.refused(review_on=date(2026, 11, 22))["review_on"][0]
            far = self.refused(review_on=date(2030, 1, 1))["review_on"][0]
        self.assertEqual(past, "Choose a review date from today on.")
        self.assertIn("three years", far)

    def test_everything_wrong_is_said_at_once(self) -> None:
        problems = self.refused(title="", body="", team=None)
        self.assertEqual(set(problems), {"title", "body", "team"})


class WritingTests(KnowledgeTestCase):
    def test_a_member_writes_a_draft_for_their_team_owned_by_them(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            article = write(self.carol, self.it, "  VPN at home  ", publish=False)
        self.assertEqual(article.title, "VPN at home")
        self.assertEqual(article.slug, "vpn-at-home")
        self.assertEqual(article.state, "draft")
        self.assertEqual(article.owner, self.carol)
        self.assertIsNone(article.published_at)
        self.assertEqual(article.review_on, date(2026, 11, 23) + timedelta(days=180))

    def test_slugs_stay_unique_and_never_change(self) -> None:
        first = write(self.carol, self.it, "VPN")
        second = write(self.erin, self.it, "VPN")
        third = write(self.root, self.payroll, "vpn!", owner=self.dave)
        self.assertEqual([first.slug, second.slug, third.slug], ["vpn", "vpn-2", "vpn-3"])
        edited = services.update_article(
            self.carol,
            first,
            services.ArticleDraft(kind="faq", title="Remote access", body="New.", team=self.it),
        )
        self.assertEqual((edited.slug, edited.title, edited.kind), ("vpn", "Remote access", "faq"))

    def test_the_owner_the_team_s_leads_and_administrators_edit(self) -> None:
        article = write(self.carol, self.it, "VPN")
        draft = services.ArticleDraft(kind="article", title="VPN", body="Changed.", team=self.it)
        for person in (self.carol, self.erin, self.root):
            with self.subTest(person=person.username):
                services.update_article(person, article, draft)
        other = self.make_it_member()
        for person in (other, self.bob, self.grace):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.update_article(person, article, draft)

    def make_it_member(self) -> Person:
        from inservice.org.tests.api_support import make_person

        return make_person(team=self.it)

    def test_an_edit_made_since_the_form_was_opened_wins(self) -> None:
        article = write(self.carol, self.it, "VPN", "First.")
        opened = article.version
        services.update_article(
            self.erin,
            article,
            services.ArticleDraft(kind="article", title="VPN", body="Erin's.", team=self.it),
            version=opened,
        )
        with self.assertRaises(ValidationError) as caught:
            services.update_article(
                self.carol,
                article,
                services.ArticleDraft(kind="article", title="VPN", body="Carol's.", team=self.it),
                version=opened,
            )
        self.assertIn("Someone else changed this article", caught.exception.messages[0])
        self.assertEqual(self.fresh(article).body, "Erin's.")

    def test_moving_to_another_team_needs_to_serve_in_it_and_an_owner_there(self) -> None:
        article = write(self.carol, self.it, "VPN")

        def move(actor: Person, team: Team, owner: Person | None = None) -> Article:
            draft = services.ArticleDraft(
                kind="article", title="VPN", body="Body.", team=team, owner=owner
            )
            return services.update_article(actor, article, draft)

        with self.assertRaises(ValidationError) as caught:
            move(self.erin, self.payroll)
        self.assertIn("team", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            move(self.root, self.payroll)  # Carol does not serve in Payroll
        self.assertIn("owner", caught.exception.message_dict)
        moved = move(self.root, self.payroll, owner=self.dave)
        self.assertEqual((moved.team, moved.owner), (self.payroll, self.dave))

    def test_publishing_archiving_and_publishing_again(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            article = write(self.carol, self.it, "VPN", publish=False)
        with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
            published = services.publish_article(self.erin, article)
        self.assertEqual(published.state, "published")
        self.assertEqual(published.published_at, MONDAY + timedelta(days=1))
        archived = services.archive_article(self.carol, published)
        self.assertEqual(archived.state, "archived")
        with time_machine.travel(MONDAY + timedelta(days=9), tick=False):
            again = services.publish_article(self.carol, archived)
        self.assertEqual(again.published_at, MONDAY + timedelta(days=1))  # first publication
        with self.assertRaises(PermissionDenied):
            services.archive_article(self.bob, again)

    def test_a_review_sets_the_next_date_after_today(self) -> None:
        with time_machine.travel(MONDAY, tick=False):
            article = write(self.carol, self.it, "VPN")
            reviewed = services.mark_reviewed(self.carol, article, date(2027, 5, 1))
            self.assertEqual(reviewed.review_on, date(2027, 5, 1))
            for bad in (date(2026, 11, 23), date(2031, 1, 1)):
                with self.subTest(bad=bad), self.assertRaises(ValidationError):
                    services.mark_reviewed(self.carol, article, bad)
            with self.assertRaises(PermissionDenied):
                services.mark_reviewed(self.bob, article, date(2027, 5, 1))
