from django.http import HttpRequest

from inservice.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """The bell's count, read lazily: pages that never show the bell never pay for it."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_count": lambda: Notification.objects.for_person(user).unread().count()}
