"""The customer map's drawing (insights.map_svg), with no database: dots and arrows with their
keys, links and tooltips, widths that grow with the volume, colours by grade, the legend, the
two layouts (a circle grouped by department; a team in the centre with its customers on the
left and its suppliers on the right), escaping, the same picture every time, and refusals."""

from __future__ import annotations

import math
import re
from xml.etree import ElementTree

from django.test import SimpleTestCase

from inservice.insights import map_svg
from inservice.insights.map_svg import Dot, Link, MapChart, render_svg, width_of

SVG = "{http://www.w3.org/2000/svg}"
GRADES = {"good": "4.2 or more", "fair": "3.5 to 4.2", "poor": "under 3.5", "none": "no ratings"}


def whole() -> MapChart:
    return MapChart(
        dots=(
            Dot("it", "IT Service Desk", group="Technology", href="/insights/map/?focus=it"),
            Dot("payroll", "Payroll", group="People", href="/insights/map/?focus=payroll"),
            Dot("hr", "HR Operations", group="People"),
            Dot("sales-west", "Sales West", group="Sales", lines=("Asked other teams: 12",)),
        ),
        links=(
            Link("sales-west", "it", 12, "good", ("12 requests", "CSAT 4.5 (8 ratings)")),
            Link("it", "payroll", 3, "poor"),
            Link("payroll", "it", 1, "none"),
        ),
        title="The customer map",
        grades=GRADES,
        colour_label="Satisfaction (CSAT)",
    )


def parsed(chart: MapChart) -> ElementTree.Element:
    return ElementTree.fromstring(str(render_svg(chart)))  # noqa: S314  # our own output


def paths(root: ElementTree.Element) -> dict[tuple[str, str], ElementTree.Element]:
    return {
        (p.get("data-source", ""), p.get("data-target", "")): p
        for p in root.iter(f"{SVG}path")
        if "cm-link" in (p.get("class") or "").split()
    }


def dots(root: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {
        g.get("data-key", ""): g
        for g in root.iter(f"{SVG}g")
        if "cm-dot" in (g.get("class") or "").split()
    }


class DrawingTests(SimpleTestCase):
    def test_it_draws_each_team_as_a_dot_with_its_tooltip_and_link(self) -> None:
        root = parsed(whole())
        self.assertEqual(root.get("role"), "img")
        self.assertIn("a map of 4 teams and 3 flows", root.get("aria-label", ""))
        found = dots(root)
        self.assertEqual(set(found), {"it", "payroll", "hr", "sales-west"})
        title = found["sales-west"].find(f"{SVG}title")
        assert title is not None
        self.assertEqual(title.text, "Sales West\nAsked other teams: 12")
        links = {a.get("href"): a for a in root.iter(f"{SVG}a")}
        self.assertEqual(set(links), {"/insights/map/?focus=it", "/insights/map/?focus=payroll"})
        label = found["it"].find(f"{SVG}text")
        assert label is not None
        self.assertEqual(label.text, "IT Service Desk")

    def test_arrows_are_as_wide_as_their_volume_and_coloured_by_grade(self) -> None:
        found = paths(parsed(whole()))
        self.assertEqual(set(found), {("sales-west", "it"), ("it", "payroll"), ("payroll", "it")})
        busiest, small, least = (
            found["sales-west", "it"],
            found["it", "payroll"],
            found["payroll", "it"],
        )
        self.assertEqual(busiest.get("stroke-width"), "8")  # the busiest: the widest
        self.assertEqual(small.get("stroke-width"), str(width_of(3, 12)))
        self.assertEqual(least.get("stroke-width"), "3.4")  # 1.5 + 6.5 * sqrt(1/12)
        self.assertEqual(busiest.get("stroke"), map_svg.COLOURS["good"])
        self.assertIn("cm-poor", small.get("class", ""))
        self.assertIn("cm-none", least.get("class", ""))
        self.assertEqual(busiest.get("data-volume"), "12")
        title = busiest.find(f"{SVG}title")
        assert title is not None
        self.assertEqual(
            title.text, "Sales West → IT Service Desk\n12 requests\nCSAT 4.5 (8 ratings)"
        )
        self.assertTrue(busiest.get("marker-end", "").startswith("url(#cm-"))
        # A flow and its reverse bend apart rather than sharing one line.
        self.assertNotEqual(found["it", "payroll"].get("d"), found["payroll", "it"].get("d"))

    def test_widths_grow_with_the_square_root_of_the_volume(self) -> None:
        self.assertEqual(width_of(0, 10), map_svg.MIN_WIDTH)
        self.assertEqual(width_of(10, 10), map_svg.MAX_WIDTH)
        self.assertEqual(width_of(25, 100), 4.8)
        self.assertEqual(width_of(5, 0), map_svg.MIN_WIDTH)

    def test_the_legend_shows_the_colours_in_use_and_three_widths(self) -> None:
        root = parsed(whole())
        keys = [g.get("data-grade") for g in root.iter(f"{SVG}g") if g.get("class") == "cm-key"]
        self.assertEqual(keys, ["good", "poor", "none"])  # fair is not used
        svg = str(render_svg(whole()))
        self.assertIn("Satisfaction (CSAT)", svg)
        self.assertIn("under 3.5", svg)
        widths = [
            g.get("data-volume") for g in root.iter(f"{SVG}g") if g.get("class") == "cm-width"
        ]
        self.assertEqual(widths, ["12", "3", "1"])

    def test_departments_sit_together_on_the_circle(self) -> None:
        root = parsed(whole())
        groups = [p.get("data-group") for p in root.iter() if p.get("data-group")]
        self.assertEqual(groups, ["People", "Sales", "Technology"])
        found = dots(root)
        width, height = float(root.get("width", 0)), float(root.get("height", 0)) - map_svg.LEGEND_H

        def clockwise_from_top(key: str) -> float:
            circle = found[key].find(f"{SVG}circle")
            assert circle is not None
            x = float(circle.get("cx", 0)) - width / 2
            y = float(circle.get("cy", 0)) - height / 2
            return (math.atan2(y, x) + math.pi / 2) % (2 * math.pi)

        # By department, then by name: the People teams, Sales West, then IT from the top.
        self.assertEqual(
            sorted(found, key=clockwise_from_top), ["hr", "payroll", "sales-west", "it"]
        )
        self.assertEqual(clockwise_from_top("hr"), 0)

    def test_a_team_s_map_puts_customers_left_and_suppliers_right(self) -> None:
        chart = MapChart(
            dots=(
                Dot("focus:it", "IT Service Desk", side="centre"),
                Dot("customer:sales", "Sales West", side="left", href="/x/?focus=sales"),
                Dot("customer:payroll", "Payroll", side="left"),
                Dot("supplier:payroll", "Payroll", side="right"),
            ),
            links=(
                Link("customer:sales", "focus:it", 10, "good"),
                Link("customer:payroll", "focus:it", 2, "fair"),
                Link("focus:it", "supplier:payroll", 4, "poor"),
            ),
            left_heading="Its customers",
            right_heading="Its suppliers",
        )
        root = parsed(chart)
        found = dots(root)

        def centre(key: str) -> tuple[float, float]:
            circle = found[key].find(f"{SVG}circle")
            assert circle is not None
            return float(circle.get("cx", 0)), float(circle.get("cy", 0))

        self.assertIn("cm-centre", found["focus:it"].get("class", ""))
        self.assertLess(centre("customer:sales")[0], centre("focus:it")[0])
        self.assertGreater(centre("supplier:payroll")[0], centre("focus:it")[0])
        self.assertEqual(centre("customer:sales")[0], centre("customer:payroll")[0])
        self.assertLess(centre("customer:sales")[1], centre("customer:payroll")[1])  # in order
        svg = str(render_svg(chart))
        self.assertIn(">Its customers</text>", svg)
        self.assertIn(">Its suppliers</text>", svg)
        self.assertEqual(len(paths(root)), 3)

    def test_an_empty_side_says_so(self) -> None:
        chart = MapChart(
            dots=(Dot("focus:it", "IT", side="centre"), Dot("customer:x", "X", side="left")),
            links=(Link("customer:x", "focus:it", 1),),
        )
        self.assertIn("None in this period", str(render_svg(chart)))

    def test_text_is_escaped_and_long_labels_are_cut_short(self) -> None:
        chart = MapChart(
            dots=(
                Dot("a", '<script>alert("x")</script> & a very long team name indeed'),
                Dot("b", "B & Co"),
            ),
            links=(Link("a", "b", 1, lines=("<b>bold</b>",)),),
            title="<i>Map</i>",
        )
        svg = str(render_svg(chart))
        self.assertNotIn("<script>", svg)
        self.assertNotIn("<b>", svg)
        self.assertIn("&lt;script&gt;", svg)
        self.assertIn("B &amp; Co", svg)
        self.assertIsNotNone(ElementTree.fromstring(svg))  # noqa: S314  # well formed
        self.assertIn("…</text>", svg)

    def test_the_same_map_is_drawn_the_same_way(self) -> None:
        self.assertEqual(str(render_svg(whole())), str(render_svg(whole())))
        shuffled = MapChart(**{**whole().__dict__, "dots": tuple(reversed(whole().dots))})
        self.assertEqual(
            re.sub(r"cm-[0-9a-f]{8}", "", str(render_svg(whole()))),
            re.sub(r"cm-[0-9a-f]{8}", "", str(render_svg(shuffled))),
        )

    def test_it_refuses_what_it_cannot_draw(self) -> None:
        for chart, message in (
            (MapChart(dots=(Dot("a", "A"), Dot("a", "B"))), "unique: a"),
            (MapChart(dots=(Dot("a", "A"),), links=(Link("a", "b", 1),)), "unknown dot: b"),
            (MapChart(dots=(Dot("a", "A"),), links=(Link("a", "a", 1, "red"),)), "grade"),
            (MapChart(dots=(Dot("a", "A", side="up"),)), "side"),
            (MapChart(dots=(Dot("a", "A", href="javascript:alert(1)"),)), "not a path"),
        ):
            with self.subTest(message=message), self.assertRaisesMessage(ValueError, message):
                render_svg(chart)
