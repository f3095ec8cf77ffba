"""manage.py calendar seed | status | set | load-estimate (alias load-weekends) | notice — the working-day calendar from the shell."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunlight.clock.actions import enter_official_notice, load_estimate, parse_notice, set_workday
from sunlight.clock.calendar import get_calendar
from sunlight.clock.models import CalendarRevision, WorkDay
from sunlight.clock.published import known_years
from sunlight.clock.seed import seed_from_chinesecalendar
from sunlight.errors import SunlightError
from sunlight.events.log import record


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式不对，应为 YYYY-MM-DD。 / Bad date {value!r}.") from exc


class Command(BaseCommand):
    help = "工作日历：载入、查看与修改 / The working-day calendar: seed, status, set, load-weekends."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        seed = sub.add_parser("seed", help="从 chinesecalendar 载入（不覆盖人工录入） / load from chinesecalendar")
        seed.add_argument("--years", nargs="+", type=int, help="只载入这些年份（默认：chinesecalendar 已知的全部年份）")

        sub.add_parser("status", help="各年载入情况 / what is loaded, per year")

        set_ = sub.add_parser("set", help="把某一天设为工作日或休息日 / make one day a working day or a rest day")
        set_.add_argument("day", type=_day)
        kind = set_.add_mutually_exclusive_group(required=True)
        kind.add_argument("--workday", dest="is_workday", action="store_true")
        kind.add_argument("--holiday", dest="is_workday", action="store_false")
        set_.add_argument("--note", default="", help="依据，例如“国办发明电〔2026〕7号”")
        set_.add_argument("--by", required=True, help="操作的管理员用户名 / the administrator's username")

        # load-weekends is the old name: it now loads the estimate from the statutory holidays too.
        estimate = sub.add_parser(
            "load-estimate",
            aliases=["load-weekends"],
            help="官方放假安排未公布时，按《全国年节及纪念日放假办法》的法定节假日预计载入一年（标注为预计）",
        )
        estimate.add_argument("year", type=int)
        estimate.add_argument("--confirm", action="store_true", help="确认这是预计数据")
        estimate.add_argument("--by", required=True, help="操作的管理员用户名")

        notice = sub.add_parser("notice", help="录入国务院办公厅公布的某年放假安排（整年一次录入）")
        notice.add_argument("year", type=int)
        notice.add_argument(
            "--file", required=True, help="每行一段：“2027-01-01 元旦”“2027-02-05~2027-02-11 春节”“2027-02-14 上班”"
        )
        notice.add_argument("--document", default="", help="文号，例如“国办发明电〔2026〕7号”")
        notice.add_argument("--by", required=True, help="操作的管理员用户名")

    def handle(self, *args, **options) -> None:
        action = options["action"]
        try:
            if action == "seed":
                self.seed(options["years"])
            elif action == "status":
                self.status()
            elif action == "set":
                self.set_day(options)
            elif action in ("load-estimate", "load-weekends"):
                self.load_estimate(options)
            elif action == "notice":
                self.notice(options)
        except (SunlightError, PermissionDenied) as exc:
            raise CommandError(getattr(exc, "message", None) or str(exc)) from exc

    def _user(self, username: str):
        User = get_user_model()
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"没有用户“{username}”。 / No user {username!r}.") from exc

    def seed(self, years: list[int] | None) -> None:
        wanted = years or known_years()
        unknown = [y for y in wanted if y not in known_years()]
        written = seed_from_chinesecalendar(years)
        record(
            "calendar.seed",
            actor="manage.py calendar seed",
            data={"years": wanted, "written": written, "skipped": unknown},
        )
        self.stdout.write(f"已写入 {written} 天 / {written} days written.")
        for year in unknown:
            self.stdout.write(
                self.style.WARNING(
                    f"chinesecalendar 没有 {year} 年的数据，已跳过（不做推测）。 / {year} is not in chinesecalendar; skipped."
                )
            )

    def status(self) -> None:
        per_year: dict[int, Counter] = defaultdict(Counter)
        bounds: dict[int, list[date]] = {}
        for d, workday, source in WorkDay.objects.order_by("date").values_list("date", "is_workday", "source"):
            c = per_year[d.year]
            c["days"] += 1
            c["workdays"] += workday
            c[source] += 1
            lo_hi = bounds.setdefault(d.year, [d, d])
            lo_hi[1] = d
        if not per_year:
            self.stdout.write(
                self.style.WARNING("工作日历为空。运行 `manage.py calendar seed`。 / The calendar is empty.")
            )
            return
        self.stdout.write(
            "年份  已载入范围              天数  工作日  chinesecalendar  人工  按周末推定  预计  官方通知"
        )
        for year in sorted(per_year):
            c = per_year[year]
            full = 366 if date(year, 12, 31).timetuple().tm_yday == 366 else 365
            lo, hi = bounds[year]
            flag = "" if c["days"] == full else f"  ← 缺 {full - c['days']} 天 / {full - c['days']} days missing"
            if c["weekends"]:
                flag += "  ← 含按周末推定的数据 / includes weekends-only guesses"
            if c["estimated"]:
                flag += "  ← 含预计数据，待录入官方放假安排"
            self.stdout.write(
                f"{year}  {lo.isoformat()} 至 {hi.isoformat()}  {c['days']:4d}  {c['workdays']:6d}  "
                f"{c['chinesecalendar']:15d}  {c['manual']:4d}  {c['weekends']:10d}  {c['estimated']:4d}  {c['official']:8d}{flag}"
            )
        cal = get_calendar()
        self.stdout.write(
            f"可计算范围 / loaded: {cal.first_loaded} 至 {cal.last_loaded}; 版本 r{CalendarRevision.current()}"
        )
        if cal.has_gaps:
            missing = cal.missing_days
            self.stdout.write(
                self.style.WARNING(
                    f"范围内缺 {len(missing)} 天（首个 {missing[0]}），跨越这些日子的期限会被拒绝计算。"
                    f" / {len(missing)} days missing inside the range."
                )
            )
        self.stdout.write(
            f"chinesecalendar 已知年份 / known to chinesecalendar: {known_years()[0]}–{known_years()[-1]}"
        )

    def set_day(self, options) -> None:
        row = set_workday(
            options["day"], is_workday=options["is_workday"], note=options["note"], by=self._user(options["by"])
        )
        kind = "工作日 / working day" if row.is_workday else "休息日 / rest day"
        self.stdout.write(self.style.SUCCESS(f"{row.date.isoformat()} 已设为{kind}。"))

    def load_estimate(self, options) -> None:
        year = options["year"]
        if not options["confirm"]:
            raise CommandError(
                f"这会把 {year} 年尚未载入的日子按《全国年节及纪念日放假办法》的法定节假日预计载入（周末休息，不含调休上班日），"
                "据此算出的期限都标注为预计。确认请加 --confirm。"
            )
        added = load_estimate(year, by=self._user(options["by"]))
        self.stdout.write(
            self.style.WARNING(
                f"已预计载入 {year} 年 {added} 天（来源标注为“按法定节假日预计”）。"
                f"国务院办公厅公布放假安排后，请用 `manage.py calendar notice {year}` 或工作台“工作日历”一次录入。"
            )
        )

    def notice(self, options) -> None:
        try:
            with open(options["file"], encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise CommandError(f"无法读取文件“{options['file']}”：{exc}") from exc
        year = options["year"]
        changed = enter_official_notice(
            year, lines=parse_notice(year, text), document=options["document"], by=self._user(options["by"])
        )
        self.stdout.write(
            self.style.SUCCESS(f"已录入 {year} 年放假安排，{changed} 天与原数据不同；相关期限已重新计算。")
        )
