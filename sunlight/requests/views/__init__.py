"""Views of disclosure on request: the public portal (public.py, landing.py, statistics.py), notice and file downloads
(notices.py) and the staff workbench (workbench/)."""
