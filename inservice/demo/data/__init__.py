"""The demo's declarative content: the directory, the catalog and what people write."""

from inservice.demo.data import (
    services_finance,
    services_it,
    services_operations,
    services_people,
    services_technology,
)
from inservice.demo.spec import ServiceSpec

SERVICES: tuple[ServiceSpec, ...] = (
    *services_it.SERVICES,
    *services_technology.SERVICES,
    *services_people.SERVICES,
    *services_finance.SERVICES,
    *services_operations.SERVICES,
)
