"""Flowcharts as SVG: columns by longest path, lanes in the order given, every box and arrow drawn
(escaped, with status classes), cycles refused by name, the same output every time."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from inservice.lib.flowchart import (
    BOX_W,
    STATUSES,
    Arrow,
    Box,
    Chart,
    columns,
    layout,
    render_svg,
    render_text,
    status_class,
)

SVG = "{http://www.w3.org/2000/svg}"


def box(
    key: str,
    lane: str = "IT",
    *,
    title: str = "",
    lines: tuple[str, ...] = (),
    status: str = "",
    href: str = "",
) -> Box:
    return Box(key, title or key.title(), lane, lines, status, href)


def arrows(*pairs: str) -> tuple[Arrow, ...]:
    return tuple(Arrow(*pair.split(">")) for pair in pairs)


def parse(chart: Chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(render_svg(chart)))  # noqa: S314  # our own output


# Onboarding: HR signs, IT and Facilities prepare in parallel, HR welcomes.
ONBOARDING = Chart(
    title="Onboarding",
    lanes=("HR", "IT", "Facilities"),
    boxes=(
        box("contract", "HR", status="done", lines=("due \u22125 working days", "HR")),
        box("laptop", "IT", status="open", href="/requests/IT-12/"),
        box("accounts", "IT", status="late"),
        box("desk", "Facilities", status="at_risk"),
        box("welcome", "HR", status="pending"),
    ),
    arrows=arrows(
        "contract>laptop",
        "contract>accounts",
        "contract>desk",
        "laptop>welcome",
        "accounts>welcome",
        "desk>welcome",
    ),
)


class ColumnTests(SimpleTestCase):
    def test_it_puts_a_box_one_column_right_of_its_latest_predecessor(self) -> None:
        boxes = [box(k) for k in "abcde"]
        found = columns(boxes, arrows("a>b", "b>c", "c>d", "a>d", "e>c"))
        self.assertEqual(found, {"a": 0, "b": 1, "c": 2, "d": 3, "e": 0})

    def test_it_reads_the_same_whatever_order_boxes_and_arrows_come_in(self) -> None:
        boxes = [box(k) for k in "dcba"]
        found = columns(boxes, arrows("c>d", "a>d", "b>c", "a>b"))
        self.assertEqual(found, {"a": 0, "b": 1, "c": 2, "d": 3})

    def test_it_puts_boxes_without_arrows_in_the_first_column(self) -> None:
        self.assertEqual(columns([box("a"), box("b")], ()), {"a": 0, "b": 0})
        self.assertEqual(columns([], ()), {})

    def test_it_stacks_boxes_of_one_lane_in_one_column_and_grows_the_lane(self) -> None:
        chart = Chart(
            lanes=("HR", "IT"),
            boxes=[box("a", "HR"), box("b", "IT"), box("c", "IT"), box("d", "IT"), box("e", "HR")],
            arrows=arrows("a>b", "a>c", "a>d", "a>e"),
        )
        plan = layout(chart)
        self.assertEqual(
            [(p.column, p.row) for p in plan.boxes.values()],
            [(0, 0), (1, 0), (1, 1), (1, 2), (1, 0)],
        )
        hr, it = plan.lanes
        self.assertGreater(it.height, hr.height)
        self.assertEqual(it.y, hr.y + hr.height)
        b, c, d = (plan.boxes[k] for k in "bcd")
        self.assertEqual(b.x, c.x)
        self.assertGreaterEqual(c.y, b.y + plan.box_height)
        self.assertGreaterEqual(d.y, c.y + plan.box_height)
        self.assertLessEqual(d.y + plan.box_height, it.y + it.height)
        self.assertEqual(plan.boxes["b"].x, plan.boxes["a"].x + BOX_W + 40)

    @settings(max_examples=150, deadline=None)
    @given(
        st.integers(min_value=1, max_value=9).flatmap(
            lambda n: st.tuples(
                st.just(n),
                st.lists(st.sampled_from(["HR", "IT", "Payroll"]), min_size=n, max_size=n),
                st.sets(
                    st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(
                        lambda e: e[0] < e[1]  # forward only: a DAG
                    )
                ),
            )
        )
    )
    def test_it_never_overlaps_boxes_and_always_points_arrows_right(
        self, drawn: tuple[int, list[str], set[tuple[int, int]]]
    ) -> None:
        n, lanes, edges = drawn
        chart = Chart(
            lanes=("Payroll", "HR"),
            boxes=[box(f"s{i}", lanes[i]) for i in range(n)],
            arrows=[Arrow(f"s{a}", f"s{b}") for a, b in sorted(edges)],
        )
        plan = layout(chart)
        placed = list(plan.boxes.values())
        for i, p in enumerate(placed):
            band = next(b for b in plan.lanes if b.name == p.box.lane)
            self.assertTrue(band.y <= p.y and p.y + plan.box_height <= band.y + band.height)
            for q in placed[i + 1 :]:
                apart = (
                    p.x + BOX_W <= q.x
                    or q.x + BOX_W <= p.x
                    or p.y + plan.box_height <= q.y
                    or q.y + plan.box_height <= p.y
                )
                self.assertTrue(apart, (p, q))
        for arrow in plan.arrows:
            self.assertLess(plan.boxes[arrow.source].column, plan.boxes[arrow.target].column)


class RefusalTests(SimpleTestCase):
    def test_it_refuses_a_cycle_and_names_it(self) -> None:
        boxes = [box(k) for k in ("start", "review", "approve", "deliver")]
        with self.assertRaisesRegex(ValueError, "cycle: review → approve → deliver → review"):
            columns(
                boxes,
                arrows("start>review", "review>approve", "approve>deliver", "deliver>review"),
            )
        with self.assertRaisesRegex(ValueError, "cycle: start → start"):
            columns(boxes[:1], arrows("start>start"))
        with self.assertRaisesRegex(ValueError, "cycle"):
            render_svg(
                Chart(lanes=(), boxes=boxes[:2], arrows=arrows("start>review", "review>start"))
            )

    def test_it_refuses_repeated_keys_and_arrows_to_unknown_boxes(self) -> None:
        with self.assertRaisesRegex(ValueError, "unique: a"):
            columns([box("a"), box("a"), box("b")], ())
        with self.assertRaisesRegex(ValueError, "unknown box: z"):
            columns([box("a")], arrows("a>z"))

    def test_it_refuses_unknown_statuses_and_links_that_are_not_paths_or_web_addresses(
        self,
    ) -> None:
        with self.assertRaisesRegex(ValueError, "Unknown status 'finished'"):
            render_svg(Chart(lanes=(), boxes=[box("a", status="finished")]))
        for href in ("javascript:alert(1)", "//evil.example/", "data:text/html,x"):
            with self.subTest(href=href), self.assertRaisesRegex(ValueError, "not a path"):
                render_svg(Chart(lanes=(), boxes=[box("a", href=href)]))


class DrawingTests(SimpleTestCase):
    def test_it_is_an_accessible_image_that_scales(self) -> None:
        svg = parse(ONBOARDING)
        self.assertEqual(svg.get("role"), "img")
        label = svg.get("aria-label") or ""
        self.assertIn("Onboarding", label)
        self.assertIn("5 steps", label)
        self.assertIn("HR, IT, Facilities", label)
        self.assertEqual(svg.findtext(f"{SVG}title"), label)
        width = int(svg.get("width") or 0)
        self.assertEqual(svg.get("viewBox"), f"0 0 {width} {svg.get('height')}")
        self.assertGreater(width, 3 * BOX_W)

    def test_it_draws_the_lanes_in_the_order_given_and_then_any_others(self) -> None:
        chart = Chart(
            lanes=("Payroll", "HR", "Empty"),
            boxes=[box("a", "HR"), box("b", "Legal"), box("c", "Payroll")],
        )
        lanes = [g.get("data-lane") for g in parse(chart).iter(f"{SVG}g") if g.get("data-lane")]
        self.assertEqual(lanes, ["Payroll", "HR", "Empty", "Legal"])
        self.assertEqual([b.name for b in layout(chart).lanes], lanes)

    def test_it_draws_every_box_and_arrow(self) -> None:
        svg = parse(ONBOARDING)
        boxes = {g.get("data-key"): g for g in svg.iter(f"{SVG}g") if g.get("data-key")}
        self.assertEqual(list(boxes), ["contract", "laptop", "accounts", "desk", "welcome"])
        self.assertEqual(boxes["contract"].findtext(f"{SVG}text"), "Contract")
        self.assertEqual(
            [t.text for t in boxes["contract"].iter(f"{SVG}text")],
            ["Contract", "due \u22125 working days", "HR"],
        )
        paths = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "fc-arrow"]
        self.assertEqual(
            [(p.get("data-source"), p.get("data-target")) for p in paths],
            [(a.source, a.target) for a in ONBOARDING.arrows],
        )
        marker = svg.find(f"{SVG}defs/{SVG}marker")
        assert marker is not None
        for path in paths:
            self.assertEqual(path.get("marker-end"), f"url(#{marker.get('id')})")

    def test_it_runs_arrows_from_the_right_edge_to_the_left_edge(self) -> None:
        plan = layout(ONBOARDING)
        svg = parse(ONBOARDING)
        for path in svg.iter(f"{SVG}path"):
            if path.get("class") != "fc-arrow":
                continue
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d") or "")]
            source = plan.boxes[path.get("data-source") or ""]
            target = plan.boxes[path.get("data-target") or ""]
            self.assertEqual(numbers[0], source.x + BOX_W)
            self.assertTrue(source.y < numbers[1] < source.y + plan.box_height)
            self.assertEqual(numbers[-2], target.x)
            self.assertTrue(target.y < numbers[-1] < target.y + plan.box_height)

    def test_it_spreads_arrows_leaving_one_box_down_its_edge(self) -> None:
        svg = parse(ONBOARDING)
        starts = [
            re.match(r"M([\d.]+),([\d.]+)", p.get("d") or "")
            for p in svg.iter(f"{SVG}path")
            if p.get("data-source") == "contract"
        ]
        ys = [float(m.group(2)) for m in starts if m]
        self.assertEqual(len(set(ys)), 3)
        self.assertEqual(ys, sorted(ys))  # laptop, accounts, desk: top to bottom

    def test_it_takes_arrows_that_skip_columns_over_the_boxes_in_between(self) -> None:
        chart = Chart(
            lanes=("IT",), boxes=[box("a"), box("b"), box("c")], arrows=arrows("a>b", "b>c", "a>c")
        )
        plan = layout(chart)
        paths = {
            f"{p.get('data-source')}>{p.get('data-target')}": p.get("d") or ""
            for p in parse(chart).iter(f"{SVG}path")
            if p.get("class") == "fc-arrow"
        }
        self.assertNotIn("H", paths["a>b"])
        skip = re.search(r"H([\d.]+)", paths["a>c"])
        assert skip is not None
        self.assertEqual(float(skip.group(1)), plan.boxes["c"].x - 40)
        corridor = float(re.findall(r"[\d.]+,([\d.]+)", paths["a>c"])[2])
        self.assertLess(corridor, plan.boxes["b"].y)

    def test_it_escapes_text_everywhere(self) -> None:
        chart = Chart(
            title="<b>Plan</b>",
            lanes=("<i>HR</i>",),
            boxes=[
                Box(
                    'k"1',
                    "<script>alert(1)</script>",
                    "<i>HR</i>",
                    lines=("<img src=x onerror=alert(1)>",),
                    href="/a?b=1&c=<2>",
                )
            ],
        )
        svg, text = str(render_svg(chart)), str(render_text(chart))
        for output in (svg, text):
            self.assertNotIn("<script>", output)
            self.assertNotIn("<img", output)
            self.assertNotIn("<i>", output)
            self.assertNotIn("<b>", output)
        self.assertIn("&lt;script&gt;", svg)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", text)
        self.assertIn('href="/a?b=1&amp;c=&lt;2&gt;"', svg)
        ElementTree.fromstring(svg)  # noqa: S314  # our own output, still well-formed
        box_g = next(g for g in parse(chart).iter(f"{SVG}g") if g.get("data-key"))
        self.assertEqual(box_g.get("data-key"), 'k"1')
        self.assertEqual(
            box_g.findtext(f"{SVG}title"), "<script>alert(1)</script>\n<img src=x onerror=alert(1)>"
        )

    def test_it_cuts_long_titles_short_and_keeps_the_whole_title_in_the_tooltip(self) -> None:
        title = "Order a laptop for the new starter with a docking station and two screens"
        svg = parse(Chart(lanes=("IT",), boxes=[box("a", title=title, lines=("x" * 80, "b", "c"))]))
        group = next(g for g in svg.iter(f"{SVG}g") if g.get("data-key"))
        shown = [t.text or "" for t in group.iter(f"{SVG}text") if t.get("class") == "fc-title"]
        self.assertEqual(len(shown), 2)
        self.assertTrue(shown[-1].endswith("…"))
        self.assertTrue(all(len(line) <= 21 for line in shown))
        lines = [t.text or "" for t in group.iter(f"{SVG}text") if t.get("class") == "fc-line"]
        self.assertEqual(len(lines), 2)  # the third only in the tooltip
        self.assertLessEqual(len(lines[0]), 26)
        self.assertEqual(group.findtext(f"{SVG}title"), "\n".join([title, "x" * 80, "b", "c"]))

    def test_it_colours_boxes_by_status_with_a_legend_of_those_in_use(self) -> None:
        svg = parse(ONBOARDING)
        classes = {
            g.get("data-key"): (g.get("class"), g.get("data-status"))
            for g in svg.iter(f"{SVG}g")
            if g.get("data-key")
        }
        self.assertEqual(classes["contract"], ("fc-box fc-done", "done"))
        self.assertEqual(classes["laptop"], ("fc-box fc-open", "open"))
        self.assertEqual(classes["accounts"], ("fc-box fc-late", "late"))
        self.assertEqual(classes["desk"], ("fc-box fc-at-risk", "at_risk"))
        legend = [
            (g.get("data-status"), g.findtext(f"{SVG}text"))
            for g in svg.iter(f"{SVG}g")
            if "fc-key" in (g.get("class") or "")
        ]
        self.assertEqual(
            legend,
            [
                ("pending", "Pending"),
                ("open", "Open"),
                ("done", "Done"),
                ("late", "Late"),
                ("at_risk", "At risk"),
            ],
        )
        style = svg.findtext(f"{SVG}style") or ""
        for status in STATUSES:
            self.assertIn(f".{status_class(status)}>rect", style)

    def test_it_names_statuses_as_the_caller_asks_and_draws_no_legend_without_any(self) -> None:
        chart = Chart(
            lanes=("IT",), boxes=[box("a", status="pending")], status_labels={"pending": "Waiting"}
        )
        self.assertIn(">Waiting</text>", str(render_svg(chart)))
        self.assertIn("Waiting", str(render_text(chart)))
        plain = Chart(lanes=("IT",), boxes=[box("a")])
        self.assertNotIn('class="fc-legend"', str(render_svg(plain)))
        self.assertIn('class="fc-box fc-plain" data-key="a" data-status=""', str(render_svg(plain)))

    def test_it_wraps_boxes_with_a_link_in_an_anchor(self) -> None:
        svg = parse(ONBOARDING)
        links = list(svg.iter(f"{SVG}a"))
        self.assertEqual(len(links), 1)
        self.assertEqual(links[0].get("href"), "/requests/IT-12/")
        inner = links[0].find(f"{SVG}g")
        assert inner is not None
        self.assertEqual(inner.get("data-key"), "laptop")

    def test_it_draws_the_same_chart_the_same_way_every_time(self) -> None:
        again = Chart(
            title=ONBOARDING.title,
            lanes=list(ONBOARDING.lanes),
            boxes=list(ONBOARDING.boxes),
            arrows=list(ONBOARDING.arrows),
        )
        self.assertEqual(render_svg(ONBOARDING), render_svg(again))
        self.assertEqual(render_text(ONBOARDING), render_text(again))
        other = Chart(title="Other", lanes=("IT",), boxes=[box("a")])
        ids = {
            m.get("id") for chart in (ONBOARDING, other) for m in parse(chart).iter(f"{SVG}marker")
        }
        self.assertEqual(len(ids), 2)  # two charts on one page keep their own arrowheads


class TextAlternativeTests(SimpleTestCase):
    def test_it_lists_the_steps_left_to_right_with_lane_predecessors_and_status(self) -> None:
        text = str(render_text(ONBOARDING, lane_heading="Team"))
        table = ElementTree.fromstring(text)  # noqa: S314  # our own output
        self.assertEqual(table.findtext("caption"), "Onboarding")
        self.assertEqual([th.text for th in table.iter("th")], ["Step", "Team", "After", "Status"])
        rows = [
            ["".join(td.itertext()) for td in tr.iter("td")]
            for tr in table.iter("tr")
            if tr.get("data-key")
        ]
        self.assertEqual(
            rows,
            [
                ["Contractdue \u22125 working days · HR", "HR", "—", "Done"],
                ["Laptop", "IT", "Contract", "Open"],
                ["Accounts", "IT", "Contract", "Late"],
                ["Desk", "Facilities", "Contract", "At risk"],
                ["Welcome", "HR", "Laptop, Accounts, Desk", "Pending"],
            ],
        )
        link = table.find(".//a")
        assert link is not None
        self.assertEqual((link.get("href"), link.text), ("/requests/IT-12/", "Laptop"))

    def test_it_leaves_out_the_status_column_when_no_box_has_one(self) -> None:
        table = str(render_text(Chart(lanes=("IT",), boxes=[box("a")])))
        self.assertNotIn("Status", table)
