"""Retries of transient Google answers (429, 5xx, timeouts): exponential backoff with jitter and a cap.

``RetryingHTTPClient`` is the HTTP client class handed to gspread, so every call gspread makes
(and every call this package makes through it) is retried the same way.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "RetryingHTTPClient"]

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_RATE_LIMIT_REASONS = ("rateLimitExceeded", "userRateLimitExceeded")


@dataclass
class RetryPolicy:
    """How transient failures are retried.

    Attributes:
        max_attempts: attempts in total, the first included.
        base_delay: seconds before the first retry; doubles with each retry.
        max_delay: cap of one wait (a Retry-After header above it is still honoured,
            up to ``max_retry_after``).
        jitter: the wait is multiplied by a random factor in [1 - jitter, 1].
        max_retry_after: longest Retry-After the client agrees to wait.
        sleep: the waiting function (tests pass a fake clock).
    """

    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 32.0
    jitter: float = 0.5
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1-based).

        >>> policy = RetryPolicy(jitter=0)
        >>> [policy.delay(n) for n in (1, 2, 3, 10)]
        [1.0, 2.0, 4.0, 32.0]
        >>> policy.delay(1, retry_after=7)
        7.0
        """
        backoff = float(min(self.max_delay, self.base_delay * 2 ** (retry - 1)))
        backoff *= 1 - self.jitter * self.rng.random()
        if retry_after is not None:
            return float(min(max(retry_after, backoff), self.max_retry_after))
        return backoff


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def is_transient(error: APIError) -> bool:
    """429/5xx/408, or Drive's 403 rate-limit answers."""
    status = error.response.status_code
    if status in RETRYABLE_STATUSES:
        return True
    if status == 403:
        reasons = [e.get("reason") for e in error.error.get("errors", []) if isinstance(e, dict)]
        return any(r in _RATE_LIMIT_REASONS for r in reasons)
    return False


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client with retries; ``policy`` and ``retries`` are per instance."""

    def __init__(self, auth: Any, session: requests.Session | None = None) -> None:
        super().__init__(auth, session)
        self.policy = RetryPolicy()
        self.retries = 0
        """Retries made so far (for reporting and tests)."""

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        attempt = 1
        while True:
            try:
                return super().request(method, endpoint, *args, **kwargs)
            except APIError as error:
                if not is_transient(error) or attempt >= self.policy.max_attempts:
                    raise
                wait = self.policy.delay(attempt, _retry_after(error.response))
                reason = str(error.response.status_code)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt >= self.policy.max_attempts:
                    raise
                wait = self.policy.delay(attempt)
                reason = type(error).__name__
            # Only the method and the path are logged: never headers, tokens or bodies.
            log.info("Google API %s %s: %s, retry %d in %.1fs", method.upper(),
                     urlsplit(endpoint).path, reason, attempt, wait)
            self.retries += 1
            attempt += 1
            self.policy.sleep(wait)
