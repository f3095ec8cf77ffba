"""The channels a notice travels by. A channel delivers one notice or raises; the notices service records the
outcome and retries. `settings.NOTIFY_CHANNELS` maps a name to a channel class: the service hall adds its SMS
gateway there (a class with `name` and `deliver`) without touching this module or any caller."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notice


class Channel(Protocol):
    name: str

    def deliver(self, notice: Notice) -> None:
        """Send the notice, or raise: the service marks it sent only when this returns."""


class InApp:
    """站内通知: the notice is shown to the person when they next sign in; delivering it is storing it."""

    name = "inapp"

    def deliver(self, notice: Notice) -> None:
        return None


class NoAddress(Exception):
    """The person has no address for this channel: the notice is not retried."""


class Email:
    """E-mail through Django's mail settings (EMAIL_HOST … or the console backend in development)."""

    name = "email"

    def deliver(self, notice: Notice) -> None:
        address = getattr(notice.user, "email", "")
        if not address:
            raise NoAddress("no e-mail address")
        body = notice.body + (f"\n\n{notice.url}" if notice.url else "")
        send_mail(notice.subject, body, None, [address], fail_silently=False)


class LoggingSms:
    """短信 as the demo sends it: written to the log (logger ``sunlight.sms``) instead of a gateway. A real gateway
    is a class with the same `name` and `deliver`, named in NOTIFY_CHANNELS["sms"]."""

    name = "sms"

    def deliver(self, notice: Notice) -> None:
        number = getattr(notice.user, "phone", "")
        if not number:
            raise NoAddress("no mobile number")
        logging.getLogger("sunlight.sms").info("SMS to %s: %s", number[:3] + "****" + number[-4:], notice.subject)


def channel(name: str) -> Channel:
    try:
        return import_string(settings.NOTIFY_CHANNELS[name])()
    except KeyError:
        raise LookupError(f"no notice channel {name!r} in NOTIFY_CHANNELS") from None
