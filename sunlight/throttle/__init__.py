"""Rate limits counted in a store every process shares (the database, or Redis when REDIS_URL is set).

A limit counted in a per-process memory cache is multiplied by the number of gunicorn workers and forgotten
on every restart; see ``hit``.
"""
