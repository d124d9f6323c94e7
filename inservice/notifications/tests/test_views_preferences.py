"""Notification settings: one switch per kind and channel, saved and shown back."""

from __future__ import annotations

from django.urls import reverse

from inservice.notifications.choices import Channel, Kind
from inservice.notifications.models import Preference
from inservice.notifications.tests.support import NotificationTestCase
from inservice.tickets import services as tickets


class PreferencesTests(NotificationTestCase):
    def test_it_shows_every_switch_on_by_default(self) -> None:
        self.login(self.alice)
        response = self.client.get(reverse("notifications:preferences"))

        for kind in Kind:
            for channel in Channel:
                self.assertContains(response, f'name="{kind.value}:{channel.value}"')
        self.assertContains(response, "checked", count=len(Kind) * len(Channel))

    def test_it_saves_the_switches_and_shows_them_back(self) -> None:
        self.login(self.alice)
        on = {
            f"{kind.value}:{channel.value}": "on"
            for kind in Kind
            for channel in Channel
            if (kind, channel) not in {(Kind.REPLY, Channel.EMAIL), (Kind.WAITING, Channel.IN_APP)}
        }

        response = self.client.post(reverse("notifications:preferences"), on, follow=True)

        self.assertRedirects(response, reverse("notifications:preferences"), status_code=303)
        self.assertContains(response, "Your notification settings are saved.")
        self.assertNotContains(response, 'name="reply:email" id="pref-reply:email" checked')
        self.assertContains(response, 'name="reply:in_app" id="pref-reply:in_app" checked')
        self.assertNotContains(response, 'name="waiting:in_app" id="pref-waiting:in_app" checked')
        off = set(
            Preference.objects.filter(person=self.alice, enabled=False).values_list(
                "kind", "channel"
            )
        )
        self.assertEqual(off, {(Kind.REPLY, Channel.EMAIL), (Kind.WAITING, Channel.IN_APP)})

    def test_the_saved_switches_decide_what_arrives(self) -> None:
        self.login(self.alice)
        on = {f"{kind.value}:{channel.value}": "on" for kind in Kind for channel in Channel}
        del on["reply:email"]
        self.client.post(reverse("notifications:preferences"), on)
        ticket = self.done(self.ask, self.alice)
        self.done(tickets.reply, self.carol, ticket, "On its way.")

        self.assertEqual(self.told(Kind.REPLY), {"alice"})
        self.assertEqual(self.emailed(Kind.REPLY), set())

    def test_it_switches_back_on(self) -> None:
        self.login(self.alice)
        self.client.post(reverse("notifications:preferences"), {})
        self.assertEqual(
            Preference.objects.filter(person=self.alice, enabled=False).count(),
            len(Kind) * len(Channel),
        )
        everything = {f"{kind.value}:{channel.value}": "on" for kind in Kind for channel in Channel}

        self.client.post(reverse("notifications:preferences"), everything)

        self.assertFalse(Preference.objects.filter(person=self.alice, enabled=False).exists())

    def test_it_keeps_each_persons_switches_apart(self) -> None:
        self.login(self.alice)
        self.client.post(reverse("notifications:preferences"), {})
        self.login(self.bob)

        response = self.client.get(reverse("notifications:preferences"))

        self.assertContains(response, "checked", count=len(Kind) * len(Channel))
