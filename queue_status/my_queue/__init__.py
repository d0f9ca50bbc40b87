"""'Mana rinda TPL saņemšanai': a person's (and their children's and wards')
technical-aid requests, where each stands in its queue, and how long the wait may be."""
