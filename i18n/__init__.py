"""Languages of the portal: Latvian (default) and English, from Babel catalogs."""
