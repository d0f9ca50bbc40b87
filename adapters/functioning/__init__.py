"""The functioning assessment database of NRC "Vaivari" (with the specialists'
recommendations recorded in e-health, "e-veselība"): what a person's latest
functioning assessment recommended (`base.py`).
"""
