"""Render the portal home page to docs/screenshot.png (1280×800) for the README.

    .venv/bin/python tests/browser/make_screenshot.py [--out docs/screenshot.png] [--elder]

Builds the demo city in a throw-away data directory (your var/ is not touched), serves it on a free local
port and photographs it with the same headless Chromium the browser tests use. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--path", default="/", help="page to photograph (default: the portal home)")
    parser.add_argument("--elder", action="store_true", help="photograph elder mode")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="sunlight-screenshot-")
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(SUNLIGHT_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="sunlight.settings", AXES_ENABLED="0")
    sys.path.insert(0, str(ROOT))

    import django

    from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *a):  # keep the console clean
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_port}"

    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(
                base_url=base_url,
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                viewport={"width": args.width, "height": args.height},
            )
            if args.elder:
                context.add_cookies([{"name": "elder_mode", "value": "1", "url": base_url}])
            page = context.new_page()
            page.goto(args.path)
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.shutdown()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
