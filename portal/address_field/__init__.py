"""The address field: register search without JavaScript, autocomplete and a map with it.

E-service forms use `AddressField`; step views await `resolve_addresses` before
validating (see `portal.address_field.forms`). `views` serves the JSON endpoints
the scripts call.
"""

from portal.address_field.forms import AddressField, resolve_addresses
from portal.address_field.value import AddressSource, AddressValue

__all__ = ["AddressField", "AddressSource", "AddressValue", "resolve_addresses"]
