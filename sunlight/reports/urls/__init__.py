"""The annual report's URLs: public.py (namespace "reports") and workbench.py (namespace "reports_wb")."""
