"""Who does what with a request, by role; and which orgs receive requests.

A leaf module (it imports only the org models): the acts, the to-dos (duties), the forms and the views all read it.
"""

from __future__ import annotations

from sunlight.orgs.models import Org, Role

# Who handles requests in the agency: its disclosure officers, its 承办人 (handlers) and its admins. Who may
# approve an extension or sign a reply off (Art. 33: the head of the disclosure office): the agency's 审批人
# (approver), its 审核人 (reviewer) or its admin.
HANDLER_ROLES = (Role.DISCLOSURE_OFFICER, Role.HANDLER, Role.ADMIN)
# The orgs that receive requests: people's governments and their departments (not centers or committees).
HANDLING_KINDS = (Org.Kind.GOVERNMENT, Org.Kind.DEPARTMENT)
APPROVER_ROLES = (Role.APPROVER, Role.REVIEWER, Role.ADMIN)
