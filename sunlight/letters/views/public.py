"""The public door of the mailboxes: the mailboxes and the published letters (search, filters), writing a letter
(with an account or with a query code), following it (number + query code, rate limited), rating it and asking once
for it to be handled again."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sunlight.acts import form_errors_text
from sunlight.errors import SunlightError
from sunlight.events.log import client_ip
from sunlight.ints import ascii_int
from sunlight.notify.public_cache import public_page
from sunlight.query_codes import InvalidQueryCode, check_rate, hash_query_code
from sunlight.search import service as search
from sunlight.search.types import SearchQuery

from .. import actions, stats
from ..forms import RateForm, ReopenForm, TrackForm, WriteForm
from ..models import Letter, Mailbox
from ..queries import active_mailboxes, my_letters, public_letters

WRITE_LIMIT, WRITE_WINDOW = 5, 3600
TRACK_LIMIT, TRACK_WINDOW = 20, 600
ACCESS = "letters:access"  # numbers this session has opened with their query code
CODES = "letters:codes"
PER_PAGE = 20


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


@public_page("letters")
def index(request: HttpRequest) -> HttpResponse:
    """The mailboxes and the published letters: search text, type, answering org, year; newest answer first."""
    q = (request.GET.get("q") or "").strip()[:100]
    type_ = request.GET.get("type") or ""
    if type_ and type_ not in Letter.Type.values:
        type_ = ""
    year = ascii_int(request.GET.get("year"))
    page_no = ascii_int(request.GET.get("page")) or 1
    results = None
    if q:
        try:
            results = search.search(
                SearchQuery(text=q, kind="letter", year=year, page=min(page_no, 100), per_page=PER_PAGE)
            )
        except SunlightError:
            results = None
        page = None
    else:
        rows = public_letters().order_by("-replied_on", "-pk")
        if type_:
            rows = rows.filter(type=type_)
        if year:
            rows = rows.filter(replied_on__year=year)
        page = Paginator(rows, PER_PAGE).get_page(page_no)
    return render(
        request,
        "letters/public/index.html",
        {
            "mailboxes": active_mailboxes(),
            "page": page,
            "results": results,
            "q": q,
            "type": type_,
            "year": year or "",
            "types": Letter.Type.choices,
        },
    )


@public_page("letters")
def public_letter(request: HttpRequest, number: str) -> HttpResponse:
    letter = get_object_or_404(public_letters(), number=number[:30])
    return render(request, "letters/public/letter.html", {"letter": letter})


def _write_page(request: HttpRequest, mailbox: Mailbox, form: WriteForm, status: int = 200) -> HttpResponse:
    return render(request, "letters/public/write.html", {"mailbox": mailbox, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, code: str) -> HttpResponse:
    """写信: with an account, or without one (a query code is given once)."""
    mailbox = get_object_or_404(active_mailboxes(), code=code[:40])
    if request.method != "POST":
        return _write_page(request, mailbox, WriteForm(initial={"type": request.GET.get("type", "consult")[:10]}))
    form = WriteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _write_page(request, mailbox, form, status=400)
    if not check_rate(f"letters:write:{_ip(request)}", limit=WRITE_LIMIT, window_seconds=WRITE_WINDOW):
        form.add_error(None, _("提交过于频繁，请一小时后再试。"))
        return _write_page(request, mailbox, form, status=429)
    data = dict(form.cleaned_data)
    files = [(f.name, f) for f in data.pop("files")]
    try:
        letter, code_ = actions.write_letter(
            by=request.user if request.user.is_authenticated else None, mailbox=mailbox, files=files, **data
        )
    except SunlightError as exc:
        form.add_error(None, exc.message)
        return _write_page(request, mailbox, form, status=exc.status)
    request.session["letters:written"] = {"number": letter.number, "code": code_}
    _grant(request, letter.number, code_)
    return redirect("letters:view", number=letter.number)


def _grant(request: HttpRequest, number: str, code: str = "") -> None:
    """This session may open the letter (it wrote it, or gave its query code); the code is kept for the writer's
    acts (rating, reopening) that the act checks again."""
    numbers = [n for n in request.session.get(ACCESS, []) if n != number][-19:]
    request.session[ACCESS] = [*numbers, number]
    if code:
        codes = {k: v for k, v in (request.session.get(CODES) or {}).items() if k != number}
        request.session[CODES] = dict([*list(codes.items())[-19:], (number, code)])


def _visible(request: HttpRequest, number: str) -> Letter:
    """The writer's letter: their account's, or one this session opened with its query code."""
    letter = (
        Letter.objects.select_related("mailbox__org", "handler_org", "replied_by_org")
        .filter(number=number[:30])
        .first()
    )
    if letter is None:
        raise Http404(_("没有这封来信。"))
    own = request.user.is_authenticated and letter.writer_user_id == request.user.pk
    if not own and number not in request.session.get(ACCESS, []):
        raise Http404(_("没有这封来信。"))
    return letter


@never_cache
def view(request: HttpRequest, number: str) -> HttpResponse:
    letter = _visible(request, number)
    written = request.session.pop("letters:written", None)
    code = written["code"] if written and written.get("number") == letter.number else ""
    return render(
        request,
        "letters/public/view.html",
        {
            "letter": letter,
            "code": code,
            "just_written": bool(written and written.get("number") == letter.number),
            "rate_form": RateForm(),
            "reopen_form": ReopenForm(),
        },
    )


def _writer_act(request: HttpRequest, number: str, form_class, act) -> HttpResponse:
    letter = _visible(request, number)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise SunlightError(form_errors_text(form))
        act(letter, form.cleaned_data)
    except SunlightError as exc:
        return render(
            request,
            "letters/public/view.html",
            {
                "letter": letter,
                "rate_form": form if form_class is RateForm else RateForm(),
                "reopen_form": form if form_class is ReopenForm else ReopenForm(),
                "error": exc.message,
            },
            status=exc.status,
        )
    return redirect("letters:view", number=letter.number)


@never_cache
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    by = request.user if request.user.is_authenticated else None
    return _writer_act(
        request,
        number,
        RateForm,
        lambda letter, d: actions.rate_letter(letter, by=by, query_code=_code(request, number), **d),
    )


@never_cache
@require_POST
def reopen(request: HttpRequest, number: str) -> HttpResponse:
    by = request.user if request.user.is_authenticated else None
    return _writer_act(
        request,
        number,
        ReopenForm,
        lambda letter, d: actions.reopen_letter(letter, by=by, query_code=_code(request, number), **d),
    )


def _code(request: HttpRequest, number: str) -> str:
    return (request.session.get(CODES) or {}).get(number, "")


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """信件查询 without an account: the number and the query code → the letter's page for this session."""
    if request.method != "POST":
        return render(request, "letters/public/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not check_rate(f"letters:track:{_ip(request)}", limit=TRACK_LIMIT, window_seconds=TRACK_WINDOW):
        form.is_valid()
        form.add_error(None, _("查询过于频繁，请 10 分钟后再试。"))
        return render(request, "letters/public/track.html", {"form": form}, status=429)
    letter = None
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        try:
            code_hash = hash_query_code(form.cleaned_data["code"])
        except InvalidQueryCode:
            code_hash = ""
        letter = Letter.objects.filter(number=number, query_code_hash=code_hash).exclude(query_code_hash="").first()
        if letter is None:
            form.add_error(None, _("信件编号或查询码不正确。"))
    if letter is None:
        return render(request, "letters/public/track.html", {"form": form}, status=400)
    _grant(request, letter.number, form.cleaned_data["code"])
    return redirect("letters:view", number=letter.number)


@never_cache
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("letters:track")
    page = Paginator(my_letters(request.user).order_by("-received_on", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "letters/public/mine.html", {"page": page})


@public_page("letters")
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = ascii_int(request.GET.get("year"), max_digits=4) or today.year
    if not 2000 <= year <= today.year:
        raise Http404(_("没有这一年的统计。"))
    return render(
        request,
        "letters/public/statistics.html",
        {"year": year, "years": range(today.year, max(today.year - 5, 1999), -1), "t": stats.year_figures(year, today)},
    )
