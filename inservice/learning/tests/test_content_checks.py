"""What module content may hold, and how it is shown: always through the sanitiser, so even
content that never passed these checks cannot run a script or a `javascript:` link."""

from __future__ import annotations

from django.test import SimpleTestCase

from inservice.learning.content_checks import body_problems, video_url_problems
from inservice.lib.markdown import render_markdown


class ContentCheckTests(SimpleTestCase):
    def test_plain_markdown_with_web_and_mail_links_passes(self) -> None:
        body = "# Title\n\n**Bold**, [web](https://example.org), [mail](mailto:a@example.org), [here](/learning/)"
        self.assertEqual(body_problems(body), [])

    def test_links_that_are_not_web_or_mail_addresses_are_named(self) -> None:
        for link in (
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "javascript&#58;alert(1)",
        ):
            with self.subTest(link=link):
                [problem] = body_problems(f"[click]({link})")
                self.assertIn("Links may only go to web or email addresses", problem)

    def test_raw_html_and_images_are_refused(self) -> None:
        self.assertIn(
            "Write Markdown, not HTML: “<iframe src=x></iframe>”",
            body_problems("<iframe src=x></iframe>")[0],
        )
        self.assertIn("“<!-- hidden -->”", body_problems("text <!-- hidden -->")[0])
        self.assertEqual(body_problems("Fish &amp; chips"), [])
        self.assertIn("Images are not shown", body_problems("![x](https://example.org/x.png)")[0])

    def test_video_links_are_web_addresses(self) -> None:
        self.assertEqual(video_url_problems("https://video.example.org/a"), [])
        self.assertEqual(video_url_problems(""), [])
        for url in (
            "javascript:alert(1)",
            "ftp://example.org/v",
            "not a link",
            "https://" + "x" * 500,
        ):
            with self.subTest(url=url[:30]):
                self.assertTrue(video_url_problems(url))

    def test_content_is_always_shown_sanitised(self) -> None:
        html = render_markdown(
            "[x](javascript:alert(1)) <script>alert(2)</script> <b onclick=y>b</b>"
        )
        self.assertNotIn("javascript:", html)
        self.assertNotIn("<script", html)
        self.assertNotIn("onclick", html)
