"""A progress line in the terminal for long commands (seeding, imports), rewritten with \\r."""

from __future__ import annotations

import time

from django.core.management.base import OutputWrapper


class ProgressLine:
    """Rewrites one terminal line in place, at most `per_second` times a second."""

    def __init__(self, stream: OutputWrapper, per_second: float = 8) -> None:
        self.stream = stream
        self.interval = 1 / per_second
        self.started = time.monotonic()
        self._last = 0.0
        self._width = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def update(self, text: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self._write(text)

    def done(self, text: str) -> None:
        """Writes the final state and ends the line."""
        self._write(text)
        self.stream.write("")  # OutputWrapper ends the line
        self._width = 0

    def _write(self, text: str) -> None:
        # Pad with spaces so a shorter text fully covers the longer one before it.
        self.stream.write("\r" + text.ljust(self._width), ending="")
        self.stream.flush()
        self._width = max(self._width, len(text))
