"""Org admins may view the law tables in the admin (autodiscovered by rules.apps.AutodiscoverRulesConfig).

Changing them is left to the editors of shared settings (the admin checks sunlight.orgs.shared): the law is the same
for every region.
"""

import rules

from sunlight.orgs.rules import is_org_admin

rules.add_perm("requests", is_org_admin)
for model_name in ("outcome", "applicanttype", "statutorylimit"):
    rules.add_perm(f"requests.view_{model_name}", is_org_admin)
for model_name in ("outcome", "statutorylimit"):
    rules.add_perm(f"requests.change_{model_name}", is_org_admin)  # narrowed to shared-settings editors by the admin
