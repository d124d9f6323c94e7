from django.http import HttpRequest

from inservice.org.models import Team


def navigation(request: HttpRequest) -> dict[str, object]:
    """The queues in the top bar: teams the person serves in that offer services (read lazily)."""
    user = request.user
    if not user.is_authenticated:
        return {}

    def queue_teams() -> list[Team]:
        return list(
            Team.objects.filter(memberships__person=user, services__isnull=False)
            .distinct()
            .order_by("name")
        )

    return {"user_queue_teams": queue_teams}
