"""Predicates over memberships (django-rules), so an org admin needs no hand-made group.

Which model permissions an org admin gets is declared by each module (ModuleConfig.admin_managed, granted in
sunlight.modules); which rows they may touch is still decided by the scoping helper (ScopedAdminMixin).
"""

import rules

from .models import Role
from .scope import memberships


@rules.predicate
def is_org_admin(user) -> bool:
    return any(m.role == Role.ADMIN for m in memberships(user))


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(memberships(user))
