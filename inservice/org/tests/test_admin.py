"""The administrator's Django admin: every page opens, and creation keeps the directory's rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.urls import reverse

from inservice.org import services as org
from inservice.org.choices import ImportStatus, Role
from inservice.org.models import ApiToken, ImportJob, Membership, Person, Team
from inservice.test import BaseTestCase


def _inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class AdminPagesTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.ask(self.alice, self.laptop)
        org.create_api_token(self.carol, "script", "read")
        ImportJob.objects.create(
            created_by=self.root, filename="people.csv", content="", status=ImportStatus.DONE
        )
        self.login(self.root)

    def test_it_opens_every_changelist_add_and_change_page_for_a_superuser(self) -> None:
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            with self.subTest(model=opts.label):
                changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                self.assertEqual(self.client.get(changelist).status_code, 200)
                self.assertEqual(self.client.get(changelist, {"q": "a"}).status_code, 200)
                request = self.client.get(changelist).wsgi_request
                if model_admin.has_add_permission(request):
                    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
                    self.assertEqual(self.client.get(add).status_code, 200)
                first = model_admin.get_queryset(request).first()
                if first is not None:
                    change = reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]
                    )
                    self.assertEqual(self.client.get(change).status_code, 200)

    def test_it_links_the_import_page_from_the_admin_index(self) -> None:
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, reverse("import_org:home"))

    def test_it_creates_a_person_through_the_directory_rules(self) -> None:
        response = self.client.post(
            reverse("admin:org_person_add"),
            {
                "username": "hana",
                "usable_password": "true",
                "password1": "a long enough passphrase 42",
                "password2": "a long enough passphrase 42",
                "name": "Hana Hire",
                "email": "Hana.Hire@Example.org",
                "team": self.it.pk,
                "manager": self.erin.pk,
                "time_zone": "Asia/Tokyo",
                "employment_type": "contractor",
                "_save": "Save",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        hana = Person.objects.get(username="hana")
        self.assertEqual(hana.email, "hana.hire@example.org")
        self.assertEqual(hana.manager, self.erin)
        self.assertTrue(hana.check_password("a long enough passphrase 42"))
        self.assertTrue(Membership.objects.filter(person=hana, team=self.it).exists())

    def test_it_refuses_a_duplicate_email_and_an_unknown_time_zone(self) -> None:
        response = self.client.post(
            reverse("admin:org_person_add"),
            {
                "username": "copy",
                "usable_password": "false",
                "name": "Copy Cat",
                "email": "ALICE@example.org",
                "time_zone": "Mars/Olympus",
                "employment_type": "employee",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mars/Olympus is not one of the available choices")
        self.assertFalse(Person.objects.filter(username="copy").exists())
        self.assertContains(response, "Someone in the directory already has this email address.")

    def test_it_refuses_a_manager_who_reports_to_the_person(self) -> None:
        url = reverse("admin:org_person_change", args=[self.erin.pk])
        page = self.client.get(url)
        data = {
            k: v
            for k, v in page.context["adminform"].form.initial.items()
            if v is not None and k not in ("groups", "user_permissions", "password")
        }
        data.update(manager=self.carol.pk, team=self.it.pk, location=self.erin.location_id or "")
        data["date_joined_0"], data["date_joined_1"] = "2024-01-01", "09:00:00"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "cannot be in their own management chain")
        self.erin.refresh_from_db()
        self.assertIsNone(self.erin.manager)

    def test_it_creates_a_team_with_an_upper_case_prefix(self) -> None:
        response = self.client.post(
            reverse("admin:org_team_add"),
            {
                "name": "Facilities",
                "kind": "team",
                "key_prefix": "fac",
                "description": "",
                "email": "",
                **_inline_management("memberships", total=1),
                "memberships-0-person": self.bob.pk,
                "memberships-0-role": Role.LEAD,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        team = Team.objects.get(name="Facilities")
        self.assertEqual((team.key_prefix, team.slug), ("FAC", "facilities"))
        self.assertEqual(Membership.objects.get(team=team, person=self.bob).role, Role.LEAD)

    def test_it_refuses_a_prefix_that_is_not_letters(self) -> None:
        response = self.client.post(
            reverse("admin:org_team_add"),
            {
                "name": "Lab",
                "kind": "team",
                "key_prefix": "L4",
                **_inline_management("memberships"),
            },
        )
        self.assertContains(response, "Use two to eight letters")
        self.assertFalse(Team.objects.filter(name="Lab").exists())

    def test_it_refuses_to_remove_the_last_lead_of_a_team(self) -> None:
        lead = Membership.objects.get(team=self.payroll, person=self.grace)
        member = Membership.objects.get(team=self.payroll, person=self.dave)
        response = self.client.post(
            reverse("admin:org_team_change", args=[self.payroll.pk]),
            {
                "name": self.payroll.name,
                "kind": self.payroll.kind,
                "key_prefix": self.payroll.key_prefix,
                **_inline_management("memberships", total=2, initial=2),
                "memberships-0-id": lead.pk,
                "memberships-0-team": self.payroll.pk,
                "memberships-0-role": Role.LEAD,
                "memberships-0-DELETE": "on",
                "memberships-1-id": member.pk,
                "memberships-1-team": self.payroll.pk,
                "memberships-1-role": Role.MEMBER,
            },
        )
        self.assertContains(response, "A team keeps at least one lead")
        self.assertTrue(Membership.objects.filter(pk=lead.pk).exists())

    def test_it_hands_the_lead_over_in_one_save(self) -> None:
        lead = Membership.objects.get(team=self.payroll, person=self.grace)
        member = Membership.objects.get(team=self.payroll, person=self.dave)
        response = self.client.post(
            reverse("admin:org_team_change", args=[self.payroll.pk]),
            {
                "name": self.payroll.name,
                "kind": self.payroll.kind,
                "key_prefix": self.payroll.key_prefix,
                **_inline_management("memberships", total=2, initial=2),
                "memberships-0-id": lead.pk,
                "memberships-0-team": self.payroll.pk,
                "memberships-0-role": Role.MEMBER,
                "memberships-1-id": member.pk,
                "memberships-1-team": self.payroll.pk,
                "memberships-1-role": Role.LEAD,
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        roles = dict(
            Membership.objects.filter(team=self.payroll).values_list("person__username", "role")
        )
        self.assertEqual(roles, {"grace": Role.MEMBER, "dave": Role.LEAD})

    def test_it_never_shows_a_token_digest_and_revokes_tokens(self) -> None:
        token = ApiToken.objects.get(person=self.carol)
        listing = self.client.get(reverse("admin:org_apitoken_changelist"))
        page = self.client.get(reverse("admin:org_apitoken_change", args=[token.pk]))
        for response in (listing, page):
            self.assertContains(response, token.prefix)
            self.assertNotContains(response, token.digest)
        response = self.client.post(
            reverse("admin:org_apitoken_changelist"),
            {"action": "revoke", "_selected_action": [token.pk]},
        )
        self.assertEqual(response.status_code, 302)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
