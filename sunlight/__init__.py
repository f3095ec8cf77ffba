"""Sunlight (阳光政务平台): let power run in the sunlight."""

__version__ = "0.1.0"
