"""Small helpers for the request tests."""

from typing import Any

from django.http import StreamingHttpResponse


def streamed(response: Any) -> bytes:
    """The whole body of a streamed response (a file download)."""
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]  # sync iterator of bytes here
