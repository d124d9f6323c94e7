"""The demo organisation that `make run` loads on first start (`manage.py load_demo`).

Plain modules, not an app: `data/` holds the declarative content (directory, catalog, service
levels, phrases), `build.py` builds the directory, catalog, calendars and policies through the
apps' services, `history.py` simulates two years of requests (`days.py`: how many a day) and
`clocks.py` works out each one's service level as the sla app keeps it; both are written
through tickets.bulk. `scale.py` adds requests at scale for benchmarks (`manage.py seed_scale`).
"""
