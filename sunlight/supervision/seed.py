"""Version 1 of every rule, from the conditions' defaults, created after migrate when missing (never changed: a
revision is a new version, made by an act)."""

from __future__ import annotations

from datetime import date

from .rules import CONDITIONS

FIRST_EFFECTIVE = date(2000, 1, 1)


def seed_rules(sender=None, **kwargs) -> int:
    if sender is not None and getattr(sender, "label", "") != "supervision":
        return 0
    from .models import Rule

    have = set(Rule.objects.values_list("code", flat=True))
    made = 0
    for code, c in CONDITIONS.items():
        if code in have:
            continue
        Rule.objects.create(
            code=code,
            version=1,
            name=str(c.name),
            description=str(c.description),
            basis=c.basis,
            watches=list(c.watches),
            severity=c.severity,
            recipients=list(c.recipients),
            params={k: p.default for k, p in c.params.items()},
            effective_on=FIRST_EFFECTIVE,
        )
        made += 1
    return made
