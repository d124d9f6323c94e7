"""Benchmarks: latency of the main pages and API lists, API create throughput (`make bench`).

Run `python -m bench.run`; bench/README.md says what is measured and how to choose the database.
Never part of the test suite.
"""
