"""Forms of disclosure on request: the public form (public.py) and the workbench's (workbench.py, consultations.py)."""
