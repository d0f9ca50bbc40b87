"""Operator pages for delivery to back offices: the outbox, attempts, dead letters, health.

Only operators (`settings.operator_personal_codes`, checked by the audit feature's
`is_operator`) see them; anyone else gets the ordinary 404 page. No personal data
appears on them beyond a submission's reference number.
"""
