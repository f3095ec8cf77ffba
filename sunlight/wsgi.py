import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunlight.settings")
application = get_wsgi_application()
# Everything loaded at start-up (Django, the URL conf, the modules: ~285k objects) is moved out of the collector's
# reach: a full collection over it took ~140 ms, the slow tail of the queue pages (docs/benchmarks.md, Cases).
gc.freeze()
