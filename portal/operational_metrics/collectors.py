"""The portal's Prometheus metrics, kept in one registry per application.

A registry per application rather than prometheus-client's global one: the app
factory may build several applications in one process (tests do), and each must
count only its own requests.

    portal_http_requests_total{route, method, status}        requests answered
    portal_http_request_duration_seconds{route, method}      time to answer
    portal_login_failures_total{status}                      sign-ins that failed
    portal_outbox_depth{destination}                         submissions waiting
    portal_outbox_dead_letters{destination}                  deliveries given up
    portal_delivery_attempts_total{destination, outcome}     attempts made
    portal_delivery_failures_total{destination}              attempts that failed

`route` is the route's template ("/submissions/{submission_id}"), never the raw
path: raw paths carry ids, would make a series per submission, and could carry
personal data into the monitoring system. The delivery figures are read from
the database at each scrape, because the delivery workers are other processes:
they hold for the whole portal, whichever web process answers the scrape.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.registry import BackOffice
from eservices.submissions.models import DeliveryAttempt, OutboxEntry, OutboxState

# Answers of a page are milliseconds; a slow register or a large upload takes seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
FAILED_OUTCOMES = frozenset({"retry", "rejected", "dead"})


class OperationalMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "portal_http_requests", "HTTP requests answered, by route template, method and status",
            ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram(
            "portal_http_request_duration_seconds", "Time to answer, by route template and method",
            ["route", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.login_failures = Counter(
            "portal_login_failures", "Sign-ins that ended on the failure page, by status",
            ["status"], registry=self.registry)
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        # The labelled children, kept per (route, method, status): `labels()` checks and
        # converts its arguments and takes a lock on every call. Routes are templates,
        # so the keys are few.
        key = (route, method, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                self.requests.labels(route, method, str(status)),
                self.latency.labels(route, method))
        children[0].inc()
        children[1].observe(seconds)

    def exposition(self, delivery: DeliverySnapshot) -> bytes:
        # With several `portal serve` workers, prometheus-client's multiprocess mode
        # (its own PROMETHEUS_MULTIPROC_DIR variable) sums every worker's counts.
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            requests = CollectorRegistry()
            MultiProcessCollector(requests)  # type: ignore[no-untyped-call]
        else:
            requests = self.registry
        snapshot = CollectorRegistry()
        snapshot.register(delivery)
        return generate_latest(requests) + generate_latest(snapshot)


# eq=False keeps identity hashing: a registry keeps its collectors in a dict.
@dataclass(eq=False)
class DeliverySnapshot:
    outbox_depth: dict[str, int] = field(default_factory=dict)
    dead_letters: dict[str, int] = field(default_factory=dict)
    attempts: dict[tuple[str, str], int] = field(default_factory=dict)

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily("portal_outbox_depth",
                                  "Submissions waiting for delivery", labels=["destination"])
        for destination, count in sorted(self.outbox_depth.items()):
            depth.add_metric([destination], count)
        dead = GaugeMetricFamily("portal_outbox_dead_letters",
                                 "Deliveries given up, waiting for an operator",
                                 labels=["destination"])
        for destination, count in sorted(self.dead_letters.items()):
            dead.add_metric([destination], count)
        attempts = CounterMetricFamily("portal_delivery_attempts",
                                       "Delivery attempts recorded, by destination and outcome",
                                       labels=["destination", "outcome"])
        failures = CounterMetricFamily("portal_delivery_failures",
                                       "Delivery attempts that did not deliver, by destination",
                                       labels=["destination"])
        failed: dict[str, int] = {}
        for (destination, outcome), count in sorted(self.attempts.items()):
            attempts.add_metric([destination, outcome], count)
            failed.setdefault(destination, 0)
            if outcome in FAILED_OUTCOMES:
                failed[destination] += count
        for destination, count in sorted(failed.items()):
            failures.add_metric([destination], count)
        yield from (depth, dead, attempts, failures)


async def read_delivery_snapshot(session: AsyncSession) -> DeliverySnapshot:
    # Every destination appears, with 0 when idle: an alert on "depth > n" must not
    # see a missing series where there is simply nothing waiting.
    snapshot = DeliverySnapshot(outbox_depth={b.value: 0 for b in BackOffice},
                                dead_letters={b.value: 0 for b in BackOffice})
    states = await session.execute(
        select(OutboxEntry.destination, OutboxEntry.state, func.count())
        .where(OutboxEntry.state.in_([OutboxState.PENDING.value, OutboxState.DEAD.value]))
        .group_by(OutboxEntry.destination, OutboxEntry.state))
    for destination, state, count in states:
        target = snapshot.outbox_depth if state == OutboxState.PENDING else snapshot.dead_letters
        target[destination] = int(count)
    attempts = await session.execute(
        select(OutboxEntry.destination, DeliveryAttempt.outcome, func.count())
        .join(OutboxEntry, OutboxEntry.id == DeliveryAttempt.outbox_id)
        .group_by(OutboxEntry.destination, DeliveryAttempt.outcome))
    for destination, outcome, count in attempts:
        snapshot.attempts[(destination, outcome)] = int(count)
    return snapshot
