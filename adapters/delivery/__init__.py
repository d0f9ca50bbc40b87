"""The delivery worker: drains the outbox into the back-office adapters.

`claims` hands each due outbox row to one worker at a time, `policy` decides
when a failed delivery is retried and when it is given up, `worker` runs the
deliveries (`portal worker`).
"""

from adapters.delivery.policy import DeliveryPolicy
from adapters.delivery.worker import DeliveryWorker

__all__ = ["DeliveryPolicy", "DeliveryWorker"]
