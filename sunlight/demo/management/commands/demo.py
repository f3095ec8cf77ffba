"""`manage.py demo`: build (or refresh) the demo city and print who can log in where."""

from __future__ import annotations

import unicodedata
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sunlight import modules
from sunlight.demo.build import DEMO_PASSWORD, DemoSummary, build_demo


def _width(text: str) -> int:
    # CJK characters take two terminal columns; ljust() would misalign the table.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except (NoReverseMatch, ImportError):
        # Only a hint for the reader: a login not wired yet (or a URLconf that fails to import
        # mid-development) must not stop the demo from being built.
        return fallback


class Command(BaseCommand):
    help = "Build the demo city 云川市 (idempotent) and print the demo logins. / 生成演示数据并列出演示账户。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print only a one-line summary.")
        # Each module's demo step (ModuleConfig.demo_steps) adds its option, e.g. --documents N, --requests N.
        for step in modules.demo_steps():
            parser.add_argument(f"--{step.name}", type=int, default=step.default, help=step.help)

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        summary = build_demo(stdout=None if quiet else self.stdout)
        for step in modules.demo_steps():
            count = options.get(step.name, step.default)
            if count:
                made = step.run(count)
                if not quiet:
                    self.stdout.write(f"demo {step.name}: {made}")
        if quiet:
            self.stdout.write(summary.one_line())
            return
        self.stdout.write(self.style.SUCCESS(summary.one_line()))
        self.stdout.write("")
        self.stdout.write(self.table(summary))
        self.stdout.write("")
        self.stdout.write(f"密码 / Password (all demo users): {DEMO_PASSWORD}")
        self.stdout.write(f"工作人员登录 / Staff log in at:   {_url('workbench:login', '/workbench/login')}")
        self.stdout.write(
            f"系统管理 / Admin site:            {_url('admin:index', '/admin/')}  (superadmin, admin, qx_admin)"
        )
        self.stdout.write(f"公众用户 / Public users:          {_url('accounts:login', '/')}")
        if settings.ADMIN_REQUIRE_TOTP or settings.STAFF_REQUIRE_TOTP:
            # The demo keeps the production default: admins enrol an authenticator at their first sign-in.
            self.stdout.write(
                _(
                    "管理员账户（superadmin、admin、qx_admin）首次登录后须用验证器应用（如 FreeOTP、Google Authenticator）"
                    "扫描安全设置页的二维码启用动态验证码（ADMIN_REQUIRE_TOTP）。"
                )
            )

    @staticmethod
    def table(summary: DemoSummary) -> str:
        header = ("用户名 / Username", "姓名或名称 / Name", "角色 · 机构 / Role · Org")
        rows = [header, *((login.username, login.display_name, login.description) for login in summary.logins)]
        widths = [max(_width(row[i]) for row in rows) for i in range(2)]
        lines = [f"{_pad(r[0], widths[0])}  {_pad(r[1], widths[1])}  {r[2]}" for r in rows]
        lines.insert(1, "-" * (widths[0] + widths[1] + 4 + max(_width(r[2]) for r in rows)))
        return "\n".join(lines)
