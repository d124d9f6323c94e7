"""Every dashboard figure: one function each, `(scope, period) -> Figure`, shared by the
pages, the CSV downloads and the API. `registry.FIGURES` lists them in the order shown."""
