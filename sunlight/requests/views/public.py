"""Public side of disclosure on request (依申请公开): apply online, follow a request by query code, my requests.

Every page here is about one applicant, so none goes through the portal's page cache and all are sent with
``Cache-Control: no-store`` (never_cache). A query code travels only in a POST body or the server-side
session: it is never put in a URL, a redirect or a cookie. A lookup renders the status page straight into the POST
response (it files nothing); every act that files something answers with a redirect (POST/redirect/GET), and the page
after it finds the code in the session for one display. Guessing is capped
per client address with check_rate, and a wrong code of any shape gets the same answer.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sunlight import idempotency
from sunlight.csp import allow_own_styles
from sunlight.errors import SunlightError
from sunlight.events.log import client_ip
from sunlight.idempotency.models import SubmissionKey
from sunlight.ints import ascii_int
from sunlight.masking import mask_email, mask_id_number, mask_name, mask_phone
from sunlight.query_codes import InvalidQueryCode, check_rate, hash_query_code

from .. import actions
from ..forms.public import NATURAL_PERSON, CorrectionTextForm, RequestForm, TrackForm
from ..models import InfoRequest
from ..queries import deadline_changes
from .notices import attachment_response, pdf_response, released_attachments

# Submissions per client address: generous for a family or an office behind one NAT, tight for a script.
SUBMIT_LIMIT, SUBMIT_WINDOW = 10, 3600
# Code attempts per client address: a person mistyping a code a few times is fine; with ~79 bits per code
# even a botnet gets nowhere, the limit just keeps the lookup from being hammered.
TRACK_LIMIT, TRACK_WINDOW = 20, 600
WRONG_CODE = gettext_lazy("查询码不正确。请核对后重新输入。")
PER_PAGE = 20


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _too_many(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "requests/public/too_many.html", {"what": what}, status=429)


def _applicant_view(info_request: InfoRequest) -> dict[str, str]:
    """What the status page shows of the applicant: enough to recognise the request, masked for a shoulder-surfer."""
    kind = info_request.applicant_type
    natural = kind.code == NATURAL_PERSON or (kind.parent_id and kind.parent.code == NATURAL_PERSON)
    return {
        "name": mask_name(info_request.applicant_name) if natural else info_request.applicant_name,
        "id_number": mask_id_number(info_request.id_number),
        "phone": mask_phone(info_request.phone),
        "email": mask_email(info_request.email),
    }


def _status_context(info_request: InfoRequest) -> dict:
    today = timezone.localdate()
    try:
        explanation = actions.clock_of(info_request).explain()
    except SunlightError:  # a clock that no longer replays (e.g. a calendar year removed): show the stored date
        explanation = []
    return {
        "info_request": info_request,
        "applicant": _applicant_view(info_request),
        "explanation": explanation,
        "overdue": bool(not info_request.is_closed and info_request.due_on and today > info_request.due_on),
        "today": today,
        # Deadlines moved by a year's official holiday notice: the applicant's record of it (no e-mail channel yet).
        "deadline_changes": deadline_changes(info_request),
        "correction_form": CorrectionTextForm(initial={"text": info_request.description}),
    }


def _render_status(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    """The status page; the notices in its sandboxed iframes (srcdoc inherits the page's CSP) keep their print styles."""
    response = render(request, "requests/public/status.html", context, status=status)
    return allow_own_styles(response, [n.html for n in context["info_request"].applicant_notices()])


def _load(queryset):
    return queryset.select_related("org", "applicant_type__parent", "outcome")


SUBMITTED = "requests:submitted"  # session: the request just filed and its query code, for one display
TRACKED = "requests:tracked"  # session: a query code and the outcome of its act, for one display after the redirect


def _result(request: HttpRequest, done: actions.OnlineSubmission) -> HttpResponse:
    """POST/redirect/GET: a signed-in applicant goes to the request's page; anyone else to the one-time result page,
    the code travelling in the (server-side) session, never in the URL."""
    info_request = done.info_request
    if info_request.applicant_user_id and info_request.applicant_user_id == request.user.pk:
        if done.replayed:
            messages.info(
                request, _("该申请已经提交过，没有重复提交。申请编号 %(number)s。") % {"number": info_request.number}
            )
        else:
            messages.success(request, _("申请已提交，申请编号 %(number)s。") % {"number": info_request.number})
        return redirect("requests:detail", number=info_request.number)
    request.session[SUBMITTED] = {"pk": info_request.pk, "code": done.code, "key": done.key_id, "replay": done.replayed}
    return redirect("requests:submitted")


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """网上申请 (Art. 29, 31): a signed-in applicant's request joins their account; anyone else gets a query code.

    The form carries a one-time key made when it is rendered: a second POST with it (double click, reload,
    back and resubmit, a retry after a lost response) files nothing and leads to the first request."""
    key = request.POST.get("submission_key", "") if request.method == "POST" else ""
    if not idempotency.is_valid_key(key):
        key = idempotency.new_key()  # a GET, or a page from before keys: this submission gets its own
    # ?q= from a search that found nothing starts the description (the applicant edits it).
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"description": request.GET.get("q", "")[:200]},
    )
    if request.method == "POST":
        # A replay goes straight to the first request: the form may have been edited since, and it is not a new filing.
        replay = idempotency.used(scope=actions.ONLINE_SCOPE, submitter=idempotency.submitter_of(request.user), key=key)
        if replay or form.is_valid():
            # Only complete applications count toward the limit, so a person correcting a form is not blocked.
            if not replay and not check_rate(
                f"requests:submit:{_ip(request)}", limit=SUBMIT_LIMIT, window_seconds=SUBMIT_WINDOW
            ):
                return _too_many(request, "submit")
            try:
                done = actions.submit_online_once(
                    key=key, user=request.user, **({} if replay else _submission(form.cleaned_data))
                )
            except SunlightError as exc:
                form.add_error(None, exc.message)
            else:
                return _result(request, done)
        return render(request, "requests/public/form.html", {"form": form, "submission_key": key}, status=400)
    return render(request, "requests/public/form.html", {"form": form, "submission_key": key})


def _submission(data: dict) -> dict:
    applicant = actions.Applicant(
        type=data["applicant_type"],
        name=data["applicant_name"],
        id_number=data["id_number"],
        phone=data["phone"],
        email=data["email"],
        address=data["address"],
    )
    return {
        "org": data["org"],
        "applicant": applicant,
        "description": data["description"],
        "format": data["format"],
        "delivery": data["delivery"],
    }


@never_cache
@require_http_methods(["GET"])
def submitted(request: HttpRequest) -> HttpResponse:
    """The result of an online submission, after the redirect. The query code is shown this once: a reload shows
    the request without it."""
    entry = request.session.get(SUBMITTED)
    if not entry:
        return redirect("requests:new")
    info_request = _load(InfoRequest.objects).filter(pk=entry["pk"]).first()
    if info_request is None:
        return redirect("requests:new")
    code = entry.get("code", "")
    if code:
        request.session[SUBMITTED] = {**entry, "code": ""}
        # A replay of this form's key from now on cannot show a code again (it was seen), so it keeps this one.
        SubmissionKey.objects.filter(pk=entry.get("key")).update(shown=True)
    return render(
        request,
        "requests/public/submitted.html",
        {"info_request": info_request, "code": code, "replay": entry.get("replay")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """办理进度查询: the code in a POST body → that request's status page, in the same response (a lookup files
    nothing). After a correction sent with the code, the redirect lands here and the session holds the code for
    this one display."""
    if request.method != "POST":
        entry = request.session.pop(TRACKED, None)
        found = _by_code(entry["code"]) if entry else []
        if not found:
            return render(request, "requests/public/track.html", {"form": TrackForm()})
        info_request = next((i for i in found if i.number == entry.get("number")), found[0])
        return _render_status(
            request,
            {
                **_status_context(info_request),
                "via_code": True,
                "siblings": [i for i in found if i.pk != info_request.pk],
                "code": entry["code"],
                "correction_done": True,
            },
        )
    # Counted before anything is checked, wrong and right codes alike, so the limit cannot be probed around.
    if not check_rate(f"requests:track:{_ip(request)}", limit=TRACK_LIMIT, window_seconds=TRACK_WINDOW):
        return _too_many(request, "track")
    form = TrackForm(request.POST)
    found = _by_code(form.cleaned_data["code"]) if form.is_valid() else []
    if not found:
        if form.is_valid():
            form.add_error("code", WRONG_CODE)
        return render(request, "requests/public/track.html", {"form": form}, status=400)
    # One code may follow several requests: a submission split by 一事一申请 keeps its code.
    info_request, siblings = found[0], found[1:]
    # The code goes back into this no-store page only, for the notices' download buttons (POST again).
    return _render_status(
        request,
        {**_status_context(info_request), "via_code": True, "siblings": siblings, "code": form.cleaned_data["code"]},
    )


def _by_code(code: str) -> list[InfoRequest]:
    """The requests a query code follows (oldest first); [] for a wrong code of any shape."""
    try:
        digest = hash_query_code(code)
    except InvalidQueryCode:
        return []
    return list(_load(InfoRequest.objects.filter(query_code_hash=digest)).order_by("pk"))


def _corrected(request: HttpRequest, info_request: InfoRequest, context: dict) -> HttpResponse | None:
    """Submit the applicant's correction; on a refusal the status page again with the form and its error summary,
    else None (the caller redirects: a reload must not send the correction twice)."""
    form = CorrectionTextForm(request.POST)
    status = 400
    if form.is_valid():
        key = form.cleaned_data["submission_key"]
        try:
            if key:
                actions.submit_correction_once(info_request, key=key, text=form.cleaned_data["text"], user=request.user)
            else:
                actions.submit_correction(info_request, text=form.cleaned_data["text"], user=request.user)
        except SunlightError as exc:
            form.add_error("text", exc.message)
            status = exc.status
        else:
            return None
    info_request.refresh_from_db()
    return _render_status(request, {**_status_context(info_request), **context, "correction_form": form}, status=status)


def _with_code(view):
    """A POST-only, never-cached act of a query-code holder: the code in the body, counted like a tracking attempt;
    the view gets the requests the code follows ([] for a wrong code)."""

    @never_cache
    @require_http_methods(["POST"])
    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if not check_rate(f"requests:track:{_ip(request)}", limit=TRACK_LIMIT, window_seconds=TRACK_WINDOW):
            return _too_many(request, "track")
        return view(request, _by_code(request.POST.get("code", "")))

    return wrapper


@_with_code
def track_correct(request: HttpRequest, found: list[InfoRequest]) -> HttpResponse:
    """补正 by a query-code holder: the request number beside the code says which of its requests."""
    info_request = next((i for i in found if i.number == request.POST.get("number", "")), None)
    if info_request is None:
        raise Http404("no such request for this code")
    siblings = [i for i in found if i.pk != info_request.pk]
    code = request.POST.get("code", "")
    refused = _corrected(request, info_request, {"via_code": True, "code": code, "siblings": siblings})
    if refused is not None:
        return refused
    request.session[TRACKED] = {"code": code, "number": info_request.number}
    return redirect("requests:track")


@never_cache
@login_required(login_url="accounts:login")
@require_http_methods(["POST"])
def correct(request: HttpRequest, number: str) -> HttpResponse:
    """补正 by the signed-in applicant who owns the request; anyone else gets a 404."""
    info_request = get_object_or_404(_load(InfoRequest.objects), number=number, applicant_user=request.user)
    refused = _corrected(request, info_request, {})
    if refused is not None:
        return refused
    messages.success(request, _("补正已提交，答复期限自今日起重新计算。"))
    return redirect("requests:detail", number=number)


@_with_code
def track_notice_pdf(request: HttpRequest, found: list[InfoRequest]) -> HttpResponse:
    """A notice's PDF for a query-code holder (a code never goes in a URL, so not a link)."""
    notice_pk = request.POST.get("notice", "")
    for info_request in found if ascii_int(notice_pk) else []:
        notice = info_request.applicant_notices().filter(pk=int(notice_pk)).first()
        if notice is not None:
            return pdf_response(notice)
    raise Http404("no such notice for this code")


@_with_code
def track_attachment(request: HttpRequest, found: list[InfoRequest]) -> HttpResponse:
    """A reply's file for a query-code holder, once the reply is sent (POST: a code never goes in a URL)."""
    attachment_pk = request.POST.get("attachment", "")
    for info_request in found if ascii_int(attachment_pk) else []:
        attachment = released_attachments(info_request).filter(pk=int(attachment_pk)).first()
        if attachment is not None:
            return attachment_response(attachment)
    raise Http404("no such attachment for this code")


@never_cache
@login_required(login_url="accounts:login")
def mine(request: HttpRequest) -> HttpResponse:
    """我的申请: the signed-in user's own requests, newest first."""
    rows = _load(InfoRequest.objects.filter(applicant_user=request.user)).order_by("-submitted_at", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "requests/public/mine.html", {"page": page})


@never_cache
@login_required(login_url="accounts:login")
def detail(request: HttpRequest, number: str) -> HttpResponse:
    """One of my requests; anyone else's is a 404, the same as one that does not exist."""
    info_request = get_object_or_404(_load(InfoRequest.objects), number=number, applicant_user=request.user)
    return _render_status(request, _status_context(info_request))
