"""The demo organisation that `make run` loads on first start (`manage.py load_demo`).

Plain modules, not an app: `data/` holds the declarative content (directory, catalog, phrases),
`build.py` builds the directory and catalog through the apps' services, `history.py` simulates
two years of requests and writes them through tickets.bulk, `scale.py` adds requests at scale
for benchmarks (`manage.py seed_scale`).
"""
