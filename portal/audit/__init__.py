"""The audit log of representation: who acted, for whom, doing what, and when.

Other features write to it with `record(...)`; operators read it at
/operator/audit. It holds identifiers and action names only, never what was
typed into a form.
"""

from portal.audit.log import AuditAction, AuditSubject, record

__all__ = ["AuditAction", "AuditSubject", "record"]
