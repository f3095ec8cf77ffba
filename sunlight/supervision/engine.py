"""Evaluating the rules: one object when an act changes it (`evaluate`), every open object each night (`sweep`).

Both write the same things: the object's `Watch` row (light and its history) and one `Alert` per rule, object and
key, never twice. The sweep is set-based: a few UPDATE and INSERT … SELECT statements over `Watch`, whatever the
number of objects (bench/supervision_bench.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.fields import BooleanField, CharField, DateField, DateTimeField, TextField
from django.db.models.functions import Concat
from django.utils import timezone

from sunlight.cases import days
from sunlight.cases.models import Case
from sunlight.letters.models import Letter
from sunlight.projects.models import StageApplication
from sunlight.requests.models import InfoRequest

from . import tally
from . import watch as adapters
from .models import Alert, Kind, Light, LightChange, Rule, Watch
from .rules import CONDITIONS, FINDERS, certificate_findings

RULES_CACHE_SECONDS = 60


def current_rules(today: date | None = None) -> dict[str, Rule]:
    """The version of each rule in force today (the latest effective one); a rule switched off is left out. Kept a
    minute in the cache: every act reads them (a revision clears it; a version is never effective before today)."""
    from django.core.cache import cache

    today = today or days.today()
    key = f"supervision:rules:{today.isoformat()}"
    rules = cache.get(key)
    if rules is None:
        rules = _rules_in_force(today)
        cache.set(key, rules, RULES_CACHE_SECONDS)
    return rules


def forget_rules() -> None:
    from django.core.cache import cache

    cache.delete(f"supervision:rules:{days.today().isoformat()}")


def _rules_in_force(today: date) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for rule in Rule.objects.filter(effective_on__lte=today).order_by("code", "-version"):
        if rule.code not in rules:
            rules[rule.code] = rule
    return {code: r for code, r in rules.items() if r.active and code in CONDITIONS}


def params(rules: dict[str, Rule], code: str) -> dict:
    defaults = {k: p.default for k, p in CONDITIONS[code].params.items()}
    rule = rules.get(code)
    return {**defaults, **(rule.params if rule else {})}


# --- one object --------------------------------------------------------------------------------------------


def evaluate(kind: str, pk: int, today: date | None = None, rules: dict[str, Rule] | None = None) -> Watch | None:
    """Bring one object's watch up to date and raise the alerts its state calls for. Idempotent."""
    today = today or days.today()
    rules = current_rules(today) if rules is None else rules
    obj = adapters.load(kind, pk)
    if obj is None:
        return None
    warn = params(rules, "deadline_warning")
    row = adapters.fields(kind, obj, warn)
    row["yellow_on"] = adapters.yellow_from(row["due_on"], row["limit_days"], warn["days"], warn["percent"])
    with transaction.atomic():
        current = Watch.objects.select_for_update().filter(kind=kind, object_id=pk).first()
        # A closed object keeps the light it had when it closed (its history ends there).
        light = current.light if current is not None and not row["open"] else adapters.light_of(row, today)
        if current is None:
            before = None
            current = Watch(kind=kind, object_id=pk, light_since=today, light=light, **row)
            current.save()
            LightChange.objects.create(watch=current, org_id=current.org_id, on=today, old="", new=light)
        else:
            before = (current.org_id, current.kind, current.light) if current.open else None
            old = current.light
            changed = [name for name, value in row.items() if getattr(current, name) != value]
            for name in changed:
                setattr(current, name, row[name])
            if light != old:
                current.light, current.light_since = light, today
                changed += ["light", "light_since"]
                LightChange.objects.create(watch=current, org_id=current.org_id, on=today, old=old, new=light)
            if changed:  # an act that changed nothing supervision reads (an opinion, a note) writes nothing
                current.save(update_fields=[*changed, "checked_at"])
        tally.move(before, (current.org_id, current.kind, current.light) if current.open else None)
        findings = _time_findings(current, today)
        finder = FINDERS.get(kind)
        if finder is not None:
            findings += finder(obj, lambda code: params(rules, code))
        raise_alerts(current, findings, rules, today)
    return current


def _time_findings(w: Watch, today: date) -> list[tuple[str, str, str]]:
    """The time-based conditions tested on one watch in Python: the same filters the sweep runs in SQL."""
    if not w.open:
        return []
    found = []
    for code, cond in CONDITIONS.items():
        if cond.deadline is not None and w.kind in cond.watches and cond.deadline.holds(w, today):
            detail = f"{cond.detail}：{w.step_name}" if code == "step_overdue" else str(cond.detail)
            found.append((code, w.step_key if code == "step_overdue" else "", detail))
    return found


def raise_alerts(w, findings: list[tuple[str, str, str]], rules: dict[str, Rule], today: date) -> list[Alert]:
    """One alert per finding not raised before; `w` is the object's Watch (or anything with its kind, object_id,
    number, title and org_id). One query for what exists, one insert per new finding."""
    wanted = [
        (code, key[:60], detail) for code, key, detail in findings if code in rules and w.kind in rules[code].watches
    ]
    if not wanted:
        return []
    seen = set(
        Alert.objects.filter(kind=w.kind, object_id=w.object_id, code__in={c for c, _k, _d in wanted}).values_list(
            "code", "key"
        )
    )
    made = []
    for code, key, detail in wanted:
        if (code, key) in seen:
            continue
        seen.add((code, key))
        rule = rules[code]
        made.append(
            Alert.objects.create(
                rule=rule,
                code=code,
                severity=rule.severity,
                kind=w.kind,
                object_id=w.object_id,
                key=key,
                number_ref=w.number[:40],
                title=w.title[:200],
                org_id=w.org_id,
                detail=detail,
                found_on=today,
            )
        )
    return made


@dataclass(frozen=True)
class Unwatched:
    """An object with no clock (a certificate) that a rule still looks at."""

    kind: str
    object_id: int
    number: str
    title: str
    org_id: int


def check_certificate(pk: int, today: date | None = None) -> list[Alert]:
    from sunlight.certificates.models import Certificate

    today = today or days.today()
    cert = Certificate.objects.filter(pk=pk).first()
    if cert is None:
        return []
    rules = current_rules(today)
    subject = Unwatched(Kind.CERTIFICATE, cert.pk, cert.number, cert.name, cert.org_id)
    with transaction.atomic():
        return raise_alerts(subject, certificate_findings(cert, lambda code: params(rules, code)), rules, today)


# --- every object ------------------------------------------------------------------------------------------


def resync(since: datetime, today: date | None = None) -> int:
    """Re-read the objects changed since `since` (an act's evaluation lost to a killed process, a bulk update that
    sent no signal) and every open stage; run by the nightly job before the sweep."""
    today = today or days.today()
    rules = current_rules(today)
    changed = (
        (Kind.CASE, Case.objects.filter(updated_at__gte=since)),
        (Kind.REQUEST, InfoRequest.objects.filter(updated_at__gte=since)),
        # letters keep no update time: every open one, and those answered since (a cheap set: answered ≤ 90 days)
        (Kind.LETTER, Letter.objects.filter(Q(status__in=Letter.OPEN) | Q(replied_on__gte=since.date()))),
        (
            Kind.STAGE,
            StageApplication.objects.filter(
                status__in=[StageApplication.Status.SUBMITTED, StageApplication.Status.ACCEPTED]
            ),
        ),
    )
    n = 0
    for kind, qs in changed:
        for pk in qs.values_list("pk", flat=True).iterator():
            evaluate(kind, pk, today=today, rules=rules)
            n += 1
    return n


def _sql(qs) -> tuple[str, tuple]:
    return qs.query.get_compiler(connection=connection).as_sql()


def sweep(today: date | None = None) -> dict:
    """The nightly sweep: lights that change today (with their history), then every time-based rule, set-based.
    Returns what changed. Notices for the new alerts are sent after (notify_new_alerts)."""
    today = today or days.today()
    rules = current_rules(today)
    out: dict[str, int] = {}
    with transaction.atomic():
        open_ = Watch.objects.filter(open=True)
        after_id = tally.last_change_id()
        turning = {
            Light.RED: open_.filter(due_on__lt=today).exclude(light=Light.RED),
            Light.YELLOW: open_.filter(yellow_on__lte=today, due_on__gte=today, light=Light.GREEN),
        }
        for new, qs in turning.items():
            sql, params_ = _sql(
                qs.values_list("pk", "org_id", Value(today, DateField()), "light", Value(new, CharField()))
            )
            table = LightChange._meta.db_table
            with connection.cursor() as c:
                c.execute(f'INSERT INTO "{table}" ("watch_id", "org_id", "on", "old", "new") {sql}', params_)
            out[new] = qs.update(light=new, light_since=today)
        tally.apply_changes(today, after_id)
        now = timezone.now()
        for code, cond in CONDITIONS.items():
            rule = rules.get(code)
            if cond.deadline is None or rule is None:
                continue
            key = F("step_key") if code == "step_overdue" else Value("", CharField())
            qs = (
                open_.filter(cond.deadline.q(today), kind__in=rule.watches)
                .annotate(
                    a_key=key,
                    seen=Exists(
                        Alert.objects.filter(
                            code=code, kind=OuterRef("kind"), object_id=OuterRef("object_id"), key=OuterRef("a_key")
                        )
                    ),
                )
                .filter(seen=False)
                .values_list(
                    Value(rule.pk),
                    Value(code, CharField()),
                    Value(rule.severity, CharField()),
                    "kind",
                    "object_id",
                    "a_key",
                    "number",
                    "title",
                    "org_id",
                    _detail(code, cond),
                    Value(today, DateField()),
                    Value(Alert.Status.OPEN, CharField()),
                    Value("", TextField()),
                    Value(False, BooleanField()),
                    Value(now, DateTimeField()),
                )
            )
            sql, params_ = _sql(qs)
            cols = (
                '"rule_id", "code", "severity", "kind", "object_id", "key", "number_ref", "title", "org_id", '
                '"detail", "found_on", "status", "conclusion", "notified", "created_at"'
            )
            with connection.cursor() as c:
                c.execute(f'INSERT INTO "{Alert._meta.db_table}" ({cols}) {sql} ON CONFLICT DO NOTHING', params_)
                out[code] = c.rowcount
    return out


def _detail(code: str, cond):
    if code == "step_overdue":
        return Concat(Value(str(cond.detail) + "："), F("step_name"), Value(""), output_field=TextField())
    return Value(str(cond.detail), TextField())


def notify_new_alerts(limit: int = 5000) -> int:
    """Cards and urges go to the people the rule names, in-app, by e-mail and SMS; reminders in-app only."""
    from .notices import tell_recipients

    done = 0
    for alert in Alert.objects.filter(notified=False).select_related("rule", "org")[:limit]:
        with transaction.atomic():
            tell_recipients(alert)
            Alert.objects.filter(pk=alert.pk).update(notified=True)
        done += 1
    return done
