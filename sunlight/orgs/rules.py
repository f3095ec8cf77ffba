"""Model permissions derived from memberships (django-rules), so an org admin needs no hand-made group.

Which rows an admin may touch is still decided by the scoping helper (see ScopedAdminMixin).
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


ADMIN_MANAGED = {
    "orgs": ["region", "org", "window", "membership"],
    "clock": ["workday"],
    "disclosure": ["topic", "genre", "keyarea", "sensitiveword"],
    "search": ["synonym"],
}
for app_label, model_names in ADMIN_MANAGED.items():
    rules.add_perm(app_label, is_org_admin)
    for model_name in model_names:
        for action in ("view", "add", "change"):
            rules.add_perm(f"{app_label}.{action}_{model_name}", is_org_admin)
# Deleting orgs or regions would orphan records: deactivate them instead. Memberships may go.
rules.add_perm("orgs.delete_membership", is_org_admin)
rules.add_perm("orgs.delete_window", is_org_admin)
rules.add_perm("disclosure.view_document", is_org_admin)
rules.add_perm("disclosure.delete_sensitiveword", is_org_admin)
rules.add_perm("search.delete_synonym", is_org_admin)
