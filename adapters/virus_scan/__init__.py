"""Virus scanning of attachments: a Protocol, a ClamAV (clamd) client and a fake."""

from adapters.virus_scan.base import ScanResult, VirusScanner

__all__ = ["ScanResult", "VirusScanner"]
