"""Workbench pages of the annual report (年度报告: reports.py) and of appeals (行政复议、行政诉讼: appeals.py).

Who sees what: a report is visible to whoever may see its org (its staff; admins and supervisors of an
org above, through sunlight.orgs.scope); editing needs REPORT_ROLES in the org, publishing PUBLISH_ROLES.
Views only call the actions, through sunlight.acts.perform: a refusal is shown with its reason and a 4xx status.
"""
