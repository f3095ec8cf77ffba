"""URLs of disclosure on request: public.py (namespace "requests") and workbench.py ("requests_wb")."""
