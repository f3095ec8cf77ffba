"""The annual report's pages: public.py (公开年报) and workbench/ (writing, publishing, exporting; appeals)."""
