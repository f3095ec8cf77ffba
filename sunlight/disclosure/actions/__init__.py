"""Every statutory act of proactive disclosure: one function each, atomic, permission-checked, logged.

draft → submitted (screened) → approved (secrecy & privacy review) → published / scheduled → withdrawn;
validity changes and interpretation links on published documents.

- drafting.py    create, edit, attach, detach, mask a finding
- review.py      screen a draft, submit it, the secrecy review
- publishing.py  publish (now or scheduled), withdraw, validity, 政策解读 links
- guide.py       公开指南
- imports.py     start a web bulk import
- rules.py       what every act checks first (roles, states, a document's own rules); findings.py, todos.py: shared
  steps (screening findings, to-dos after commit)

Modules of this app that an action imports (importing, tasks, …) import the act's own module, not this package.
"""

from .drafting import add_attachment, create_document, mask_finding, remove_attachment, update_document
from .guide import save_guide
from .imports import start_import
from .publishing import (
    change_validity,
    flag_late_publication,
    link_interpretation,
    publish_document,
    publish_due_documents,
    withdraw_document,
)
from .review import review_document, screen_draft, submit_document
from .rules import AUTHOR, EDITABLE_FIELDS, PUBLISHED_METADATA_FIELDS, REVIEWER

__all__ = [
    "AUTHOR",
    "EDITABLE_FIELDS",
    "PUBLISHED_METADATA_FIELDS",
    "REVIEWER",
    "add_attachment",
    "change_validity",
    "create_document",
    "flag_late_publication",
    "link_interpretation",
    "mask_finding",
    "publish_document",
    "publish_due_documents",
    "remove_attachment",
    "review_document",
    "save_guide",
    "screen_draft",
    "start_import",
    "submit_document",
    "update_document",
    "withdraw_document",
]
