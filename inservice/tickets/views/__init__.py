"""Request pages: asking, following, serving, and the team queue."""
