"""Who an NPS campaign asks: a random sample of the people who asked the team for something in
the period, active, distinct, never the team's own people, at most the sample size; one query."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import time_machine

from inservice.feedback.services import nps
from inservice.feedback.tests.test_nps_support import NOW, Q3, NpsTestCase, ask


@time_machine.travel(NOW, tick=False)
class SamplingTests(NpsTestCase):
    def test_it_draws_from_the_team_s_requesters_in_the_period_only(self) -> None:
        with self.assertNumQueries(1):
            everyone = nps.sample(self.it, Q3[0], Q3[1], 100, random.Random(1))
        expected = sorted(p.pk for p in self.requesters())
        # Not carol (she serves in IT), not the person who has left, not June's asker, not dave
        # (he asked Payroll); alice asked twice and is there once.
        self.assertEqual(everyone, expected)
        self.assertEqual(nps.sample(self.payroll, Q3[0], Q3[1], 100, random.Random(1)), [])
        june = nps.sample(self.it, date(2026, 6, 1), date(2026, 6, 30), 100, random.Random(1))
        self.assertEqual(june, [self.early.pk])

    def test_it_asks_at_most_the_sample_size_distinct_people_at_random(self) -> None:
        pool = {p.pk for p in self.requesters()}
        drawn = [nps.sample(self.it, Q3[0], Q3[1], 4, random.Random(seed)) for seed in range(8)]
        for chosen in drawn:
            self.assertEqual(len(chosen), 4)
            self.assertEqual(len(set(chosen)), 4)
            self.assertLessEqual(set(chosen), pool)
            self.assertEqual(chosen, sorted(chosen))  # in person order, as participations are
        self.assertGreater(len({tuple(c) for c in drawn}), 1)  # the seed decides
        again = nps.sample(self.it, Q3[0], Q3[1], 4, random.Random(3))
        self.assertEqual(again, drawn[3])

    def test_it_leaves_out_someone_who_joined_the_team_since(self) -> None:
        from inservice.org import services as org

        org.add_member(self.it, self.bob)
        chosen = nps.sample(self.it, Q3[0], Q3[1], 100, random.Random(1))
        self.assertNotIn(self.bob.pk, chosen)
        self.assertIn(self.alice.pk, chosen)

    def test_it_counts_the_period_in_whole_days_including_its_last(self) -> None:
        late = self.cast.root
        with time_machine.travel(datetime(2026, 9, 30, 23, 59, tzinfo=UTC), tick=False):
            ask(late, self.laptop)
        chosen = nps.sample(self.it, Q3[0], Q3[1], 100, random.Random(1))
        self.assertIn(late.pk, chosen)
        august = nps.sample(self.it, date(2026, 8, 11), Q3[1], 100, random.Random(1))
        self.assertEqual(august, [late.pk])
