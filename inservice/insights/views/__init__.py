"""The dashboard pages (decision 0035): `dashboards` (one view for every scope, and the figures
partial the period form reloads), `downloads` (a figure as CSV), `places` (the scope a URL names
and its URLs), `display` (a Figure in words, chart data and table text)."""
