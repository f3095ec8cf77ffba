"""What each event verb means, in words a member of staff reads on a timeline (the verb itself stays the key).

Each module declares its verbs and their labels in its AppConfig (sunlight.modules.ModuleConfig.verbs);
sunlight/events/tests/test_event_verbs.py reads the source for record(...) calls and fails on a verb no installed
module labels. Admin edits ("<prefix>.create|update|delete") are labelled from their prefix (ModuleConfig.verb_prefixes).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunlight.modules import verb_labels, verb_prefixes

ADMIN_ACTS = {"create": _("新增"), "update": _("修改"), "delete": _("删除")}


def label(verb: str) -> str:
    """The verb in words; an unknown verb is shown as it is (an event is never hidden for want of a label)."""
    labels = verb_labels()
    if verb in labels:
        return str(labels[verb])
    prefix, _dot, act = verb.rpartition(".")
    prefixes = verb_prefixes()
    if prefix in prefixes and act in ADMIN_ACTS:
        # Chinese joins the two words, English puts a space between them: the pattern is translated too.
        return gettext("%(act)s%(what)s") % {"act": ADMIN_ACTS[act], "what": prefixes[prefix]}
    return verb
