"""The national service platform (Latvija.lv), which receives usage metrics per e-service.

`base` holds the interface and result types, `http` the real implementation,
`fake` an in-memory one, and `receiver` the fake served over HTTP.
"""

from adapters.service_platform.base import PublishReceipt, ServicePlatform, UsageReport

__all__ = ["PublishReceipt", "ServicePlatform", "UsageReport"]
