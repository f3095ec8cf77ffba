"""Forms: public.py for the public pages, workbench.py for the staff workbench."""
