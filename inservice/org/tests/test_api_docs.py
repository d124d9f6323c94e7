"""The API's human documentation works offline."""

import re

from django.contrib.staticfiles import finders
from django.test import TestCase


class ApiDocsTests(TestCase):
    def test_it_serves_the_docs_page_from_local_assets_only(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
        self.assertTrue(assets)
        self.assertEqual([a for a in assets if not a.startswith("/static/")], [])
        for asset in assets:
            self.assertIsNotNone(finders.find(asset.removeprefix("/static/")), asset)
