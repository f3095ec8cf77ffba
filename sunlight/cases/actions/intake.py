"""How a case comes in: online through the hall, registered at a window, pushed by the province's platform; a
correction coming back; a draft being saved. Facts: services-and-supervision.md (the life of an application)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from sunlight.catalog.kinds import APPLIED_KINDS
from sunlight.catalog.models import ServiceItem, ServiceItemVersion
from sunlight.catalog.queries import version_in_force
from sunlight.certificates.queries import currently_valid, held_by, valid_certificates_for
from sunlight.clock.calendar import get_calendar
from sunlight.crypto import blind_index
from sunlight.errors import refuse
from sunlight.events.log import record
from sunlight.orgs import scope
from sunlight.orgs.models import Org
from sunlight.query_codes import hash_query_code, new_query_code
from sunlight.validators import compact, credit_code_error, id_number_error

from .. import days, law
from ..models import Case, CaseDraft, CaseKind, CaseMaterial, HandlingWay
from ..uploads import CONTENT_TYPES, check_upload, no_files_left_on_failure, written
from .joint_rules import resume_after_correction
from .rules import CLERK_ROLES, hand_to, lock, require_status, tell_applicant

P = CaseMaterial.Provision


@dataclass
class Applicant:
    """Who applies: from the account online, typed by the clerk at a window, or sent by the platform."""

    kind: str  # Case.ApplicantKind
    name: str
    id_number: str = ""  # 居民身份证号码 for a person, 统一社会信用代码 for a company
    phone: str = ""


@dataclass
class MaterialInput:
    """One material of the version's list as provided: `position` is its index in the version's materials."""

    position: int
    provision: str = P.UPLOADED
    upload: object | None = None  # an UploadedFile
    certificate_number: str = ""
    sha256: str = ""  # set by the checks, so the file is read for its digest once
    stored: str = ""  # a file already stored once for several cases (parallel approval's one set of materials)
    size: int = 0


@dataclass
class Submission:
    applicant: Applicant
    materials: list[MaterialInput] = field(default_factory=list)
    summary: str = ""
    form_data: dict = field(default_factory=dict)
    agent_name: str = ""


def _new_number(on: date) -> str:
    return f"BJ{on:%Y%m%d}{secrets.randbelow(10**6):06d}"


def _center_for(org: Org) -> Org | None:
    """The service center of the org's region that receives its cases (综合窗口), if there is one."""
    return Org.objects.filter(kind=Org.Kind.SERVICE_CENTER, region_id=org.region_id, is_active=True).first()


def _check_version(item: ServiceItem, version: ServiceItemVersion | None, today: date) -> ServiceItemVersion:
    if item.status != ServiceItem.Status.ACTIVE or item.kind not in APPLIED_KINDS:
        raise refuse(gettext("该事项目前不接受申请。"), "item_not_open")
    in_force = version_in_force(item, today)
    if in_force is None or in_force.operation in ("suspend", "cancel"):
        raise refuse(gettext("该事项没有现行有效的办事指南，暂不能申请。"), "version_not_in_force")
    if version is not None and version.pk != in_force.pk:
        raise refuse(
            gettext("该事项的办事指南已于 %(day)s 更新，请按现行版本重新填写申请。")
            % {"day": in_force.effective_from.isoformat()},
            "version_not_in_force",
        )
    return in_force


def _check_applicant(applicant: Applicant) -> Applicant:
    name = (applicant.name or "").strip()
    if not name:
        raise refuse(gettext("请填写申请人姓名或名称。"), "bad_request")
    if applicant.kind not in Case.ApplicantKind.values:
        raise refuse(gettext("申请人类型不在可选范围内。"), "bad_request")
    number = compact(applicant.id_number)
    if number:
        error = id_number_error(number) if applicant.kind == Case.ApplicantKind.PERSON else credit_code_error(number)
        if error:
            raise refuse(error, "bad_id_number")
    elif settings.CASES_REAL_NAME_REQUIRED:
        raise refuse(gettext("请填写申请人的身份证号码或统一社会信用代码（实名办理）。"), "real_name_required")
    return Applicant(applicant.kind, name[:200], number, (applicant.phone or "").strip()[:30])


def _holds_certificate(applicant: Applicant, user, number: str) -> bool:
    """免提交: the certificate is valid and held by the applicant (by their ID number, or issued to their account)."""
    if not number:
        return False
    if valid_certificates_for(applicant.id_number).filter(number=number).exists():
        return True
    return user is not None and currently_valid(held_by(user)).filter(number=number).exists()


def _listed(listed: list[dict], m: MaterialInput) -> dict:
    if not 0 <= m.position < len(listed):
        raise refuse(gettext("材料序号 %(n)s 不在该事项的材料清单中。") % {"n": m.position + 1}, "bad_material")
    return listed[m.position]


def _check_provided(m: MaterialInput, name: str, applicant: Applicant, user) -> None:
    """A material given as a file (type, size, digest) or as a certificate the applicant holds (免提交)."""
    if m.provision == P.UPLOADED and m.stored:
        return  # checked when the shared set was uploaded
    if m.provision == P.UPLOADED:
        m.sha256 = check_upload(m.upload, name)[1]
    elif m.provision == P.CERTIFICATE:
        number = (m.certificate_number or "").strip()
        if not _holds_certificate(applicant, user, number):
            raise refuse(
                gettext("“%(m)s”：没有找到申请人名下有效的电子证照 %(n)s。") % {"m": name, "n": number[:40]},
                "certificate_not_held",
            )


def _check_materials(
    version: ServiceItemVersion, given: list[MaterialInput], applicant: Applicant, user, *, at_window: bool
) -> list[tuple[MaterialInput, dict]]:
    listed = (version.guide or {}).get("materials", [])
    by_position: dict[int, MaterialInput] = {}
    for m in given:
        _listed(listed, m)
        if m.position in by_position:
            raise refuse(gettext("同一材料提交了两次。"), "bad_material")
        by_position[m.position] = m
    checked = []
    for position, spec in enumerate(listed):
        name = spec.get("name", "")
        m = by_position.get(position) or MaterialInput(position, P.MISSING)
        if m.provision == P.UPLOADED and m.upload is None and not m.stored:
            m = MaterialInput(position, P.MISSING)
        if m.provision not in P.values:
            raise refuse(gettext("材料提供方式不在可选范围内。"), "bad_material")
        if m.provision == P.IN_PERSON and not at_window:
            raise refuse(gettext("网上申请不能选择“现场提交”，请上传“%(m)s”。") % {"m": name}, "bad_material")
        if m.provision == P.MISSING and spec.get("required", True) and not at_window:
            raise refuse(gettext("请提供必要材料“%(m)s”。") % {"m": name}, "material_missing")
        _check_provided(m, name, applicant, user)
        checked.append((m, spec))
    return checked


def _require_receiver(by, item: ServiceItem, center: Org | None) -> None:
    """Cases of an item are received by the clerks of its org or of the service center that receives for it."""
    if not any(org is not None and scope.can_act(by, org, CLERK_ROLES) for org in (item.org, center)):
        raise PermissionDenied(gettext("只有受理该事项的窗口人员可以登记申请。"))


def _create_case(**fields) -> Case:
    for _attempt in range(5):  # six random digits a day; on the rare clash take another
        try:
            with transaction.atomic():
                return Case.objects.create(number=_new_number(fields["received_on"]), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("could not allocate a case number")


def _store_materials(case: Case, checked: list[tuple[MaterialInput, dict]], round_: int) -> None:
    """Write the files with the rows (the act is wrapped in no_files_left_on_failure, which deletes them if it fails)."""
    for m, spec in checked:
        row = CaseMaterial(
            case=case,
            position=m.position,
            name=spec.get("name", "")[:200],
            required=bool(spec.get("required", True)),
            provision=m.provision,
            certificate_number=(m.certificate_number or "").strip()[:60],
            round=round_,
        )
        if m.provision == P.UPLOADED and m.stored:
            row.file.name, row.size, row.sha256 = m.stored, m.size, m.sha256
            row.file_name = m.stored.rsplit("/", 1)[-1][-200:]
            row.content_type = CONTENT_TYPES.get(m.stored.rsplit(".", 1)[-1].lower(), "")
        elif m.provision == P.UPLOADED:
            ext = m.upload.name.rsplit(".", 1)[-1].lower()
            row.file_name = m.upload.name[-200:]
            row.size = m.upload.size
            row.sha256 = m.sha256 or check_upload(m.upload, row.name)[1]
            row.content_type = CONTENT_TYPES.get(ext, "")
            row.file.save(f"{case.number}-{m.position}-{secrets.token_hex(6)}.{ext}", m.upload, save=False)
            written(row.file.name)
        row.save()


def _intake(
    item: ServiceItem,
    submission: Submission,
    *,
    channel: str,
    version: ServiceItemVersion | None,
    user=None,
    agent=None,
    window=None,
    received_on: date | None = None,
    external_ref: str = "",
    at_window: bool = False,
) -> tuple[Case, str]:
    received_on = received_on or days.today()
    item = ServiceItem.objects.select_related("org").get(pk=item.pk)  # the caller's copy may predate a publication
    version = _check_version(item, version, received_on)
    applicant = _check_applicant(submission.applicant)
    checked = _check_materials(version, submission.materials, applicant, user, at_window=at_window)
    accept_due = get_calendar().add(received_on, law.ACCEPT_DAYS, "working")
    code = "" if user is not None else new_query_code()
    statutory = version.statutory_limit if version.statutory_limit is not None else law.DEFAULT_STATUTORY_DAYS
    case = _create_case(
        item=item,
        version=version,
        org=item.org,
        center=window.center if window is not None else _center_for(item.org),
        window=window,
        channel=channel,
        kind=CaseKind.ORDINARY if version.promised_limit == 0 else CaseKind.PROMISED,
        way=HandlingWay.DIRECT if version.promised_limit == 0 else HandlingWay.PROMISED,
        applicant_user=user,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        id_number=applicant.id_number,
        id_number_index=blind_index(applicant.id_number, purpose="cases.id_number") if applicant.id_number else "",
        phone=applicant.phone,
        agent_user=agent,
        agent_name=(submission.agent_name or (agent.display_name if agent else ""))[:100],
        summary=(submission.summary or "").strip()[:4000],
        form_data=submission.form_data or {},
        query_code_hash=hash_query_code(code) if code else "",
        external_ref=external_ref[:60],
        submitted_at=days.now(),
        received_on=received_on,
        accept_due_on=accept_due,
        statutory_limit=statutory,
        promised_limit=version.promised_limit,
    )
    _store_materials(case, checked, 0)
    return case, code


@no_files_left_on_failure
@transaction.atomic
def submit_online(item: ServiceItem, submission: Submission, *, by, version: ServiceItemVersion | None = None) -> Case:
    """网上申请: a signed-in citizen or company applies for an item (an agent, 全程代办, is registered at a window)."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(gettext("请先登录后再申请。"))
    if by.kind == "staff":
        raise PermissionDenied(gettext("工作人员代办申请请在窗口登记（全程代办）。"))
    case, _code = _intake(item, submission, channel=Case.Channel.ONLINE, version=version, user=by)
    record("cases.submit", actor=by, org=case.org, obj=case, data={"item": item.code, "version": case.version.number})
    hand_to(case, (case.center or case.org).pk, CLERK_ROLES, gettext("预审受理"), case.accept_due_on)
    tell_applicant(case, gettext("您的申请已提交（%(number)s）") % {"number": case.number})
    CaseDraft.objects.filter(user=by, item=item).delete()
    return case


@no_files_left_on_failure
@transaction.atomic
def register_at_window(
    item: ServiceItem, submission: Submission, *, by, window=None, applicant_user=None, agent=None
) -> tuple[Case, str]:
    """窗口受理: a clerk registers a walk-in application with the materials scanned or seen in person.
    Returns (case, query code) — the code is printed on the receipt when the applicant has no account."""
    _require_receiver(by, item, window.center if window is not None else _center_for(item.org))
    case, code = _intake(
        item,
        submission,
        channel=Case.Channel.WINDOW,
        version=None,
        user=applicant_user,
        agent=agent,
        window=window,
        at_window=True,
    )
    record(
        "cases.register",
        actor=by,
        org=case.org,
        obj=case,
        data={"item": item.code, "window": getattr(window, "number", "")},
    )
    hand_to(case, (case.center or case.org).pk, CLERK_ROLES, gettext("受理"), case.accept_due_on)
    return case, code


@no_files_left_on_failure
@transaction.atomic
def receive_from_platform(
    item: ServiceItem, submission: Submission, *, by, external_ref: str, received_on: date
) -> Case:
    """一体化平台推送: the province's platform sends an application it received (its own number in external_ref)."""
    _require_receiver(by, item, _center_for(item.org))
    if not external_ref.strip():
        raise refuse(gettext("请提供来源系统的申请编号。"), "bad_request")
    existing = Case.objects.filter(external_ref=external_ref.strip(), org=item.org).first()
    if existing is not None:
        return existing  # the platform retried: the same application, received once
    if received_on > days.today():
        raise refuse(gettext("收到申请日期不能晚于今天。"), "bad_request")
    case, _code = _intake(
        item,
        submission,
        channel=Case.Channel.PLATFORM,
        version=None,
        external_ref=external_ref.strip(),
        received_on=received_on,
        at_window=True,
    )
    record("cases.receive", actor=by, org=case.org, obj=case, data={"external_ref": case.external_ref})
    hand_to(case, (case.center or case.org).pk, CLERK_ROLES, gettext("受理"), case.accept_due_on)
    return case


@no_files_left_on_failure
@transaction.atomic
def submit_correction(case: Case, materials: list[MaterialInput], *, by) -> Case:
    """补正: the applicant sends what the one-time notice asked for. Art. 32: the application counts as received
    on the day the corrected materials arrive, so the 5-day acceptance limit starts again from today."""
    case = lock(case)
    if by.pk not in (case.applicant_user_id, case.agent_user_id):
        raise PermissionDenied(gettext("只有申请人本人可以提交补正材料。"))
    require_status(case, Case.Status.CORRECTING, act=gettext("提交补正材料"))
    if not materials:
        raise refuse(gettext("请上传补正材料。"), "material_missing")
    listed = (case.version.guide or {}).get("materials", [])
    applicant = Applicant(case.applicant_kind, case.applicant_name, case.id_number)
    checked = []
    for m in materials:
        spec = _listed(listed, m)
        if m.provision == P.UPLOADED and m.upload is None:
            raise refuse(gettext("请选择要上传的文件。"), "material_missing")
        if m.provision not in (P.UPLOADED, P.CERTIFICATE):
            raise refuse(gettext("补正材料须上传或调用电子证照。"), "bad_material")
        _check_provided(m, spec.get("name", ""), applicant, by)
        checked.append((m, spec))
    _store_materials(case, checked, case.corrections)
    record("cases.correct", actor=by, org=case.org, obj=case, data={"materials": [m.position for m in materials]})
    if case.accepted_on is not None:  # a joint case corrected while being handled: its own clock runs on
        return resume_after_correction(case)
    today = days.today()
    case.status = Case.Status.SUBMITTED
    case.received_on = today
    case.accept_due_on = get_calendar().add(today, law.ACCEPT_DAYS, "working")
    case.save(update_fields=["status", "received_on", "accept_due_on", "updated_at"])
    hand_to(case, (case.center or case.org).pk, CLERK_ROLES, gettext("审查补正材料"), case.accept_due_on)
    return case


@transaction.atomic
def withdraw_case(case: Case, *, by, reason: str = "") -> Case:
    """撤回: the applicant withdraws an application not yet decided."""
    case = lock(case)
    if by.pk not in (case.applicant_user_id, case.agent_user_id):
        raise PermissionDenied(gettext("只有申请人本人可以撤回申请。"))
    require_status(
        case,
        Case.Status.SUBMITTED,
        Case.Status.CORRECTING,
        Case.Status.HANDLING,
        Case.Status.SUSPENDED,
        act=gettext("撤回"),
    )
    case.status = Case.Status.WITHDRAWN
    case.closed_at = days.now()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    record("cases.withdraw", actor=by, org=case.org, obj=case, data={"reason": (reason or "")[:300]})
    from sunlight.notify.todos import close_todos

    close_todos(prefix=f"case:{case.pk}:")
    return case


@transaction.atomic
def save_draft(item: ServiceItem, data: dict, *, by) -> CaseDraft:
    """Autosave of the application form (text fields only; files are sent with the application)."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(gettext("请先登录。"))
    clean = {str(k)[:60]: str(v)[:2000] for k, v in list(data.items())[:80] if k != "csrfmiddlewaretoken"}
    draft, _created = CaseDraft.objects.update_or_create(user=by, item=item, defaults={"data": clean})
    return draft


__all__ = [
    "Applicant",
    "MaterialInput",
    "Submission",
    "receive_from_platform",
    "register_at_window",
    "save_draft",
    "submit_correction",
    "submit_online",
    "withdraw_case",
]
