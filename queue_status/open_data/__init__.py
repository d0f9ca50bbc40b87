"""Open data: the public queue statistics as CSV and JSON, their DCAT-AP metadata,
and their publication to the national open-data portal (CKAN)."""
