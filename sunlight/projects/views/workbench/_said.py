"""A refusal is said once, in place: perform() also queues it as the page's banner message; these take it back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from sunlight.errors import SunlightError


def in_place(request: HttpRequest, form, exc: SunlightError) -> dict:
    """Put the action's refusal in the form's error summary (a form-field error is there already), mark the queued
    banner read so it is not carried to the next page, and return the context that leaves the banner out."""
    list(messages.get_messages(request))
    if form is not None and not form.errors:
        form.add_error(None, exc.message)
    return {"messages": ()}
