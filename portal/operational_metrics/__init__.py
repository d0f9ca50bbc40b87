"""Operational metrics for the people who run the portal: Prometheus at /metrics.

`collectors` defines the metrics, `middleware` counts requests by route template,
`views` serves them to whoever the `metrics_access` setting allows.
"""

from portal.operational_metrics.collectors import OperationalMetrics
from portal.operational_metrics.middleware import RequestMetricsMiddleware

__all__ = ["OperationalMetrics", "RequestMetricsMiddleware"]
