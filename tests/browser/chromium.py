"""Where Debian's Chromium is and how to start it here (shared by the browser tests and the screenshot script)."""

import os

CHROMIUM = os.environ.get("SUNLIGHT_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
