"""Small builders for account tests: people beyond the fixed cast (conftest.py) and their authenticators."""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunlight.accounts.models import User
from sunlight.orgs.models import Membership

PASSWORD = "Cast-password-2026"  # the cast's password, so a built person signs in like the cast does


def staff_member(org, role: str, username: str = "newcomer") -> User:
    """A staff account holding one active membership in `org`."""
    user = User.objects.create_user(username, password=PASSWORD, kind=User.Kind.STAFF, display_name=username)
    Membership.objects.create(user=user, org=org, role=role)
    return user


def citizen(username: str = "resident") -> User:
    """A public account of a natural person, with no staff role."""
    return User.objects.create_user(username, password=PASSWORD, kind=User.Kind.CITIZEN, display_name=username)


def pending_device(user: User) -> TOTPDevice:
    """An authenticator whose QR code was shown but whose code was never given."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows right now."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
