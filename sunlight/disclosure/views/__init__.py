"""Views: public.py, open_data.py and feeds.py for the public; workbench/ for staff."""
