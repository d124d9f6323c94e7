"""The JSON API, version 1, at /api/v1/ (OpenAPI document at /api/v1/openapi.json).

Personal API tokens are the only way in (org.api_auth). Errors have one shape everywhere:
`{"detail": "..."}` for 401, 403, 404 and 413; `{"detail": [{"loc", "msg", "type"}, ...]}` for 422,
whether pydantic, an intake form or a service refused the input (inservice.lib.api).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import RequestDataTooBig as DjangoRequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as ApiValidationError

from inservice.catalog.api import router as catalog_router
from inservice.feedback.api_csat import router as csat_router
from inservice.feedback.api_nps import router as nps_router
from inservice.feedback.api_suggestions import router as suggestions_router
from inservice.feedback.api_surveys import router as surveys_router
from inservice.insights.api import router as insights_router
from inservice.insights.api_customers import router as customers_router
from inservice.insights.api_health import router as health_router
from inservice.insights.api_retros import router as retros_router
from inservice.knowledge.api import router as knowledge_router
from inservice.kudos.api import router as kudos_router
from inservice.learning.api import router as learning_router
from inservice.lib.api import Unprocessable, django_problems, problem, tidy
from inservice.org.api import router as org_router
from inservice.org.api_auth import TokenAuth
from inservice.org.api_charter import router as charter_router
from inservice.sla.api import router as promises_router
from inservice.tickets.api import router as tickets_router
from inservice.tickets.api_handoffs import router as handoffs_router
from inservice.tickets.lifecycle import IllegalTransition
from inservice.workflows.api import router as workflows_router
from inservice.workflows.api_agreements import router as agreements_router


class InserviceAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """Ninja's URLs, let past LoginRequiredMiddleware: the API answers 401 itself, in JSON,
        rather than redirecting a script to the sign-in page."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = InserviceAPI(
    title="Inservice API",
    version="1",
    description=(
        "Ask for services, follow and serve requests, read the directory. Authenticate with a "
        "personal API token (Account → API tokens): `Authorization: Bearer <token>`. Read-only "
        "tokens may only GET. Lists are paged with cursors: pass `next_cursor` as `cursor`."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    # The docs page at /api/v1/docs serves Swagger UI from ninja's own static files ("ninja" is an
    # installed app), never from a CDN.
)
api.add_router("/", org_router)
api.add_router("/", charter_router)
api.add_router("/", catalog_router)
api.add_router("/", tickets_router)
api.add_router("/", promises_router)
api.add_router("/", agreements_router)
api.add_router("/", workflows_router)
api.add_router("/", handoffs_router)
api.add_router("/", csat_router)
api.add_router("/", suggestions_router)
api.add_router("/", surveys_router)
api.add_router("/", nps_router)
api.add_router("/", kudos_router)
api.add_router("/", learning_router)
api.add_router("/", knowledge_router)
api.add_router("/", insights_router)
api.add_router("/", retros_router)
api.add_router("/", customers_router)
api.add_router("/", health_router)


@api.exception_handler(ApiValidationError)
def _invalid(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
    errors = exc.errors if isinstance(exc, Unprocessable) else tidy(exc.errors)
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": django_problems(exc)}, status=422)


@api.exception_handler(IllegalTransition)
def _illegal(request: HttpRequest, exc: IllegalTransition) -> HttpResponse:
    detail = [problem(("body", "action"), exc.message, "illegal_transition")]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You may not do this.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Missing and not yours read the same: the caller is not told what they may not see.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="inservice"'
    return response


@api.exception_handler(DjangoRequestDataTooBig)
def _too_big(request: HttpRequest, exc: DjangoRequestDataTooBig) -> HttpResponse:
    message = _("The request body is too large.")
    return api.create_response(request, {"detail": message}, status=413)
