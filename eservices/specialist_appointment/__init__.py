"""Appointment with a specialist: free slots from the SPOLIS calendar, booked, moved and
cancelled in the portal, with a calendar file and a reminder."""
