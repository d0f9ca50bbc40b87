"""The Population Register (PMLP, "Fizisko personu reģistrs"): persons, their
declared addresses, minor children and wards.

`base` holds the interface and result types, `http` the real implementation,
`fake` an in-memory one serving `adapters.demo_people`.
"""

from adapters.population_register.base import Address, Person, PopulationRegister

__all__ = ["Address", "Person", "PopulationRegister"]
