"""Mandates ("pilnvarojumi"): a company's board member lets another person act for
the company in chosen e-services until a date.

`models` and `records` know nothing of requests, so representation can ask which
mandates a person holds without importing the views.
"""
