"""Moderation queues of the content apps, so the admin index can show what waits.

Each content app registers its queue in its AppConfig.ready(); moderation itself never imports
the content apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Queue:
    label: str
    url_name: str  # admin changelist URL name
    count: Callable[[], int]
    query: str = ""  # a filter of the changelist, e.g. "state__exact=pending"


_queues: dict[str, Queue] = {}


def register_queue(*, label: str, url_name: str, count: Callable[[], int], query: str = "") -> None:
    _queues[url_name] = Queue(label, url_name, count, query)


def pending_queues() -> list[dict]:
    """[{label, url, count}] for every registered queue."""
    return [
        {
            "label": queue.label,
            "url": reverse(queue.url_name) + (f"?{queue.query}" if queue.query else ""),
            "count": queue.count(),
        }
        for queue in _queues.values()
    ]
