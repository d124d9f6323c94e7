"""The CSV import of people and teams: every rule, and all rows or none."""

from __future__ import annotations

from inservice.org.choices import EmploymentType, Role
from inservice.org.importing import (
    ImportFileError,
    ImportRejected,
    RowError,
    decode,
    derive_key_prefix,
    run_import,
)
from inservice.org.models import Location, Membership, Person, Team
from inservice.test import BaseTestCase

HEADER = "name,email,team,manager email,location,time zone,employment type"


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


class ImportRulesTests(BaseTestCase):
    def rejected(self, text: str) -> list[RowError]:
        people, teams = Person.objects.count(), Team.objects.count()
        with self.assertRaises(ImportRejected) as caught:
            run_import(text)
        # Nothing imported when any row is invalid.
        self.assertEqual((Person.objects.count(), Team.objects.count()), (people, teams))
        return caught.exception.errors

    def assertProblem(self, text: str, line: int, column: str, words: str) -> None:
        errors = self.rejected(text)
        self.assertIn(line, [e.line for e in errors], errors)
        found = [e for e in errors if e.line == line and e.column == column]
        self.assertTrue(found, errors)
        self.assertIn(words, found[0].message)

    def test_it_reports_a_missing_name(self) -> None:
        self.assertProblem(
            csv_of(",ann@example.org,Ops,,,UTC,employee"), 2, "name", "The name is missing"
        )

    def test_it_reports_an_invalid_email(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@@example,Ops,,,UTC,employee"),
            2,
            "email",
            "“ann@@example” is not a valid email address",
        )

    def test_it_reports_a_missing_email(self) -> None:
        self.assertProblem(csv_of("Ann,,Ops,,,UTC,employee"), 2, "email", "The email is missing")

    def test_it_reports_an_email_twice_in_the_file_whatever_its_case(self) -> None:
        self.assertProblem(
            csv_of(
                "Ann,ann@example.org,Ops,,,UTC,employee", "Ann B,ANN@example.org,Ops,,,UTC,vendor"
            ),
            3,
            "email",
            "ann@example.org is also on line 2",
        )

    def test_it_reports_a_missing_team(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,,,,UTC,employee"), 2, "team", "The team is missing"
        )

    def test_it_reports_an_unknown_time_zone(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Ops,,,Mars/Olympus,employee"),
            2,
            "time zone",
            "“Mars/Olympus” is not a time zone",
        )

    def test_it_reports_a_missing_time_zone(self) -> None:
        self.assertProblem(csv_of("Ann,ann@example.org,Ops,,,,employee"), 2, "time zone", "missing")

    def test_it_reports_an_unknown_employment_type(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Ops,,,UTC,intern"),
            2,
            "employment type",
            "“intern” is not an employment type: use employee, contractor or vendor",
        )

    def test_it_reports_an_invalid_manager_email(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Ops,boss-at-example,,UTC,employee"),
            2,
            "manager email",
            "not a valid email address",
        )

    def test_it_reports_a_manager_neither_in_the_file_nor_in_the_directory(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Ops,ghost@example.org,,UTC,employee"),
            2,
            "manager email",
            "Nobody with the email ghost@example.org is in this file or in the directory",
        )

    def test_it_reports_a_person_who_manages_themselves(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Ops,ANN@example.org,,UTC,employee"),
            2,
            "manager email",
            "cannot be their own manager",
        )

    def test_it_reports_a_manager_cycle_inside_the_file(self) -> None:
        errors = self.rejected(
            csv_of(
                "Ann,ann@example.org,Ops,bea@example.org,,UTC,employee",
                "Bea,bea@example.org,Ops,cat@example.org,,UTC,employee",
                "Cat,cat@example.org,Ops,ann@example.org,,UTC,employee",
                "Dan,dan@example.org,Ops,ann@example.org,,UTC,employee",
            )
        )
        self.assertEqual([e.line for e in errors], [2, 3, 4])
        self.assertEqual(
            errors[0].message,
            "Managers go round in a circle: ann@example.org → bea@example.org → cat@example.org → ann@example.org.",
        )

    def test_it_reports_a_manager_cycle_through_the_directory(self) -> None:
        # carol reports to erin in the directory; making erin report to carol closes a circle.
        self.assertProblem(
            csv_of("Erin Lead,erin@example.org,IT Service Desk,carol@example.org,,UTC,employee"),
            2,
            "manager email",
            "erin@example.org → carol@example.org → erin@example.org",
        )

    def test_it_reports_a_row_with_the_wrong_number_of_values(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Ops,,UTC,employee"),
            2,
            "",
            "This row has 6 values; the header has 7 columns",
        )

    def test_it_reports_a_new_team_named_like_an_existing_one(self) -> None:
        self.assertProblem(
            csv_of("Ann,ann@example.org,Payroll!,,,UTC,employee"),
            2,
            "team",
            "would get the same web address as the team “Payroll”",
        )

    def test_it_reports_every_bad_row_with_its_line_number(self) -> None:
        errors = self.rejected(
            csv_of(
                "Ann,ann@example.org,Ops,,,UTC,employee",
                "",
                ',bad-email,Ops,,,"Nowhere/Town",employee',
                '"Multi\nline",multi@example.org,Ops,,,UTC,employee',
                "Zed,zed@example.org,Ops,,,UTC,robot",
            )
        )
        self.assertEqual(
            [(e.line, e.column) for e in errors],
            [(4, "email"), (4, "name"), (4, "time zone"), (7, "employment type")],
        )


class ImportFileTests(BaseTestCase):
    def test_it_refuses_a_file_that_is_not_utf8(self) -> None:
        with self.assertRaises(ImportFileError) as caught:
            decode("name,email\nJosé,j@example.org\n".encode("latin-1"))
        self.assertIn("not UTF-8", caught.exception.message)

    def test_it_refuses_an_empty_file_and_a_header_alone(self) -> None:
        for text, words in (("", "The file is empty"), (HEADER + "\n", "no people after it")):
            with self.subTest(text=text), self.assertRaises(ImportFileError) as caught:
                run_import(text)
            self.assertIn(words, caught.exception.message)

    def test_it_names_missing_and_unknown_columns(self) -> None:
        with self.assertRaises(ImportFileError) as caught:
            run_import("name,email,team,timezone\nAnn,ann@example.org,Ops,UTC\n")
        message = caught.exception.message
        self.assertIn(
            "missing columns: manager email, location, time zone, employment type", message
        )
        self.assertIn("unknown columns: timezone", message)

    def test_it_reads_a_spreadsheet_header_with_a_byte_order_mark(self) -> None:
        data = (
            "\ufeffName,EMAIL,Team,Manager_Email,Location,Time_Zone,Employment Type\r\n"
            "Ann,ann@example.org,Ops,,,europe/berlin,Contractor\r\n"
        ).encode()
        summary = run_import(decode(data))
        self.assertEqual(summary.people_created, 1)
        ann = Person.objects.get(email="ann@example.org")
        self.assertEqual((ann.time_zone, ann.employment_type), ("Europe/Berlin", "contractor"))


class ImportWriteTests(BaseTestCase):
    def test_it_creates_people_teams_locations_and_memberships(self) -> None:
        summary = run_import(
            csv_of(
                "Ann Ops,Ann@Example.org,Field Operations,,Lisbon Office,Europe/Lisbon,employee",
                "Ben Ops,ben@example.org,field operations,ann@example.org,lisbon office,UTC,vendor",
            )
        )
        self.assertEqual(
            summary.as_dict(),
            {
                "people_created": 2,
                "people_updated": 0,
                "teams_created": 1,
                "locations_created": 1,
                "memberships_added": 2,
            },
        )
        team = Team.objects.get(name="Field Operations")
        self.assertEqual((team.key_prefix, team.slug), ("FO", "field-operations"))
        lisbon = Location.objects.get(name="Lisbon Office")
        self.assertEqual(lisbon.time_zone, "Europe/Lisbon")
        ann = Person.objects.get(email="ann@example.org")
        ben = Person.objects.get(email="ben@example.org")
        self.assertEqual((ann.name, ann.team, ann.location), ("Ann Ops", team, lisbon))
        self.assertEqual((ben.manager, ben.employment_type, ben.location), (ann, "vendor", lisbon))
        self.assertEqual(ann.username, "ann@example.org")
        self.assertFalse(ann.has_usable_password())
        self.assertEqual(
            set(Membership.objects.filter(team=team).values_list("person__email", "role")),
            {("ann@example.org", Role.MEMBER), ("ben@example.org", Role.MEMBER)},
        )

    def test_it_updates_people_by_email_whatever_its_case(self) -> None:
        summary = run_import(
            csv_of(
                "Alice Renamed,ALICE@EXAMPLE.ORG,Payroll,grace@example.org,,Asia/Tokyo,contractor"
            )
        )
        self.assertEqual((summary.people_created, summary.people_updated), (0, 1))
        self.alice.refresh_from_db()
        self.assertEqual(
            (
                self.alice.name,
                self.alice.team,
                self.alice.manager,
                self.alice.time_zone,
                self.alice.employment_type,
                self.alice.location,
                self.alice.username,
            ),
            ("Alice Renamed", self.payroll, self.grace, "Asia/Tokyo", "contractor", None, "alice"),
        )
        self.assertTrue(Membership.objects.filter(person=self.alice, team=self.payroll).exists())

    def test_it_links_a_manager_who_appears_later_in_the_file(self) -> None:
        run_import(
            csv_of(
                "Ann,ann@example.org,Ops,bea@example.org,,UTC,employee",
                "Bea,bea@example.org,Ops,erin@example.org,,UTC,employee",
            )
        )
        ann = Person.objects.select_related("manager__manager").get(email="ann@example.org")
        self.assertEqual(ann.manager.email if ann.manager else None, "bea@example.org")
        self.assertEqual(ann.manager.manager if ann.manager else None, self.erin)

    def test_it_keeps_a_lead_a_lead(self) -> None:
        summary = run_import(
            csv_of("Grace Lead,grace@example.org,Payroll,,,Europe/Berlin,employee")
        )
        self.assertEqual(summary.memberships_added, 0)
        role = Membership.objects.get(person=self.grace, team=self.payroll).role
        self.assertEqual(role, Role.LEAD)

    def test_it_gives_a_new_team_a_prefix_no_other_team_has(self) -> None:
        run_import(csv_of("Ann,ann@example.org,Integration Testing,,,UTC,employee"))
        self.assertEqual(Team.objects.get(name="Integration Testing").key_prefix, "ITA")

    def test_it_matches_existing_teams_and_locations_case_insensitively(self) -> None:
        summary = run_import(csv_of("Ann,ann@example.org,it service desk,,berlin hq,UTC,employee"))
        self.assertEqual((summary.teams_created, summary.locations_created), (0, 0))
        ann = Person.objects.get(email="ann@example.org")
        self.assertEqual(
            (ann.team, ann.location.name if ann.location else ""), (self.it, "Berlin HQ")
        )

    def test_it_reports_progress_as_it_writes(self) -> None:
        rows = [f"P{i},p{i}@example.org,Ops,,,UTC,employee" for i in range(1203)]
        seen: list[tuple[int, int]] = []
        run_import(csv_of(*rows), progress=lambda done, total: seen.append((done, total)))
        self.assertEqual(seen, [(500, 1203), (1000, 1203), (1203, 1203)])
        self.assertEqual(
            Person.objects.filter(email__startswith="p", team__name="Ops").count(), 1203
        )

    def test_it_stores_employment_types_as_their_values(self) -> None:
        run_import(csv_of("Val,val@example.org,Ops,,,UTC,VENDOR"))
        self.assertEqual(
            Person.objects.get(email="val@example.org").employment_type, EmploymentType.VENDOR
        )


class KeyPrefixTests(BaseTestCase):
    def test_it_derives_prefixes_from_names(self) -> None:
        cases = {
            "IT Service Desk": "ISD",
            "Payroll": "PAY",
            "Finance — Accounts Payable": "FAP",
            "Ärzte Service": "AS",
            "財務": "TEAM",
            "X": "XX",
            "One Two Three Four Five Six Seven Eight Nine": "OTTFFSSE",
        }
        for name, prefix in cases.items():
            with self.subTest(name=name):
                self.assertEqual(derive_key_prefix(name, set()), prefix)

    def test_it_steps_around_taken_prefixes(self) -> None:
        self.assertEqual(derive_key_prefix("Payroll", {"PAY"}), "PAYA")
        self.assertEqual(derive_key_prefix("Payroll", {"PAY", "PAYA", "PAYB"}), "PAYC")
        taken = {"OTTFFSSE"} | {"OTTFFSS" + chr(c) for c in range(65, 91)}
        self.assertEqual(
            derive_key_prefix("One Two Three Four Five Six Seven Eight", taken), "OTTFFSAA"
        )
