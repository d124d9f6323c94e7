"""Keeping a team's key customers (insights.services_customers): marking one with its worksheet,
rewriting it, removing it; who may; and every refusal naming its field, with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from inservice.insights.models_customers import MAX_TEXT, KeyCustomer
from inservice.insights.services_customers import (
    KeyCustomerDraft,
    remove_key_customer,
    save_key_customer,
)
from inservice.org import services as org
from inservice.test import BaseTestCase

SHEET = KeyCustomerDraft(
    needs_from_us="  Laptops ready before client visits.  ",
    we_need="Tell us about new starters 10 working days ahead.",
    notes="Quarter end is their busiest week.",
)


class SavingTests(BaseTestCase):
    def test_a_lead_marks_a_key_customer_with_its_worksheet(self) -> None:
        at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        draft = KeyCustomerDraft(SHEET.needs_from_us, SHEET.we_need, self.alice, SHEET.notes)
        key, created = save_key_customer(self.erin, self.it, self.cast.sales_dept, draft, at=at)
        self.assertTrue(created)
        key.refresh_from_db()
        self.assertEqual(key.needs_from_us, "Laptops ready before client visits.")
        self.assertEqual(key.we_need, SHEET.we_need)
        self.assertEqual(key.contact, self.alice)
        self.assertEqual(key.notes, SHEET.notes)
        self.assertEqual((key.updated_by, key.updated_at), (self.erin, at))

    def test_saving_again_rewrites_the_worksheet(self) -> None:
        save_key_customer(self.erin, self.it, self.sales, SHEET)
        key, created = save_key_customer(
            self.root, self.it, self.sales, KeyCustomerDraft("Working VPN abroad.")
        )
        self.assertFalse(created)
        self.assertEqual(KeyCustomer.objects.get().needs_from_us, "Working VPN abroad.")
        self.assertEqual(key.we_need, "")
        self.assertEqual(key.updated_by, self.root)

    def test_only_the_team_s_leads_and_administrators_keep_them(self) -> None:
        for person in (self.carol, self.grace, self.alice):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                save_key_customer(person, self.it, self.sales, SHEET)
        self.assertFalse(KeyCustomer.objects.exists())
        save_key_customer(self.grace, self.payroll, self.sales, SHEET)
        with self.assertRaises(PermissionDenied):
            remove_key_customer(self.erin, self.payroll, self.sales)
        self.assertTrue(remove_key_customer(self.grace, self.payroll, self.sales))
        self.assertFalse(remove_key_customer(self.grace, self.payroll, self.sales))

    def test_a_department_s_lead_of_another_team_may_not(self) -> None:
        lead = org.create_person(username="hal", name="Hal Head", email="hal@example.org")
        org.add_member(self.cast.sales_dept, lead, "lead")
        with self.assertRaises(PermissionDenied):
            save_key_customer(lead, self.sales, self.it, SHEET)


class RefusalTests(BaseTestCase):
    def refused(self, draft: KeyCustomerDraft, customer: object = None) -> dict[str, list[str]]:
        with self.assertRaises(ValidationError) as caught:
            save_key_customer(self.erin, self.it, customer or self.sales, draft)  # type: ignore[arg-type]
        self.assertFalse(KeyCustomer.objects.exists())
        return caught.exception.message_dict

    def test_the_needs_are_required(self) -> None:
        errors = self.refused(KeyCustomerDraft("   \n "))
        self.assertEqual(list(errors), ["needs_from_us"])
        self.assertIn("Say what this customer needs from your team", errors["needs_from_us"][0])

    def test_a_team_is_not_its_own_customer(self) -> None:
        errors = self.refused(SHEET, self.it)
        self.assertIn("A team is not its own internal customer", errors["customer"][0])

    def test_texts_are_at_most_two_thousand_characters(self) -> None:
        long = "x" * (MAX_TEXT + 1)
        errors = self.refused(KeyCustomerDraft(long, long, None, long))
        self.assertEqual(sorted(errors), ["needs_from_us", "notes", "we_need"])
        self.assertEqual(errors["notes"], ["Too long: at most 2,000 characters (this has 2,001)."])
        save_key_customer(self.erin, self.it, self.sales, KeyCustomerDraft("x" * MAX_TEXT))

    def test_the_contact_is_someone_in_the_directory(self) -> None:
        self.bob.is_active = False
        self.bob.save(update_fields=["is_active"])
        errors = self.refused(KeyCustomerDraft("Laptops.", contact=self.bob))
        self.assertEqual(
            errors["contact"],
            ["Bob Bystander is no longer in the directory: choose someone who is."],
        )

    def test_the_database_refuses_a_team_as_its_own_customer_or_twice(self) -> None:
        values = {"needs_from_us": "x", "updated_at": datetime(2026, 1, 1, tzinfo=UTC)}
        with self.assertRaises(IntegrityError), transaction.atomic():
            KeyCustomer.objects.create(team=self.it, customer_team=self.it, **values)
        KeyCustomer.objects.create(team=self.it, customer_team=self.sales, **values)
        with self.assertRaises(IntegrityError), transaction.atomic():
            KeyCustomer.objects.create(team=self.it, customer_team=self.sales, **values)
