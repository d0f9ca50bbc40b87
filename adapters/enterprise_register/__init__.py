"""The Enterprise Register (UR, "Uzņēmumu reģistrs"): companies, their boards and
who may represent them alone.

`base` holds the interface and result types, `http` the real implementation,
`fake` an in-memory one serving `adapters.demo_people`.
"""

from adapters.enterprise_register.base import (
    BoardMember,
    Company,
    CompanyStatus,
    EnterpriseRegister,
)

__all__ = ["BoardMember", "Company", "CompanyStatus", "EnterpriseRegister"]
