"""One way to make letters for tests: the cast plus 青溪区's mailbox (kept by the district office's letters officer), a
district bureau that answers (handler and head), and letters in each state through the acts."""

from __future__ import annotations

from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Role

from .. import actions
from ..models import Letter, Mailbox


class Post:
    def __init__(self, cast) -> None:
        self.cast = cast
        self.office = Org.objects.create(
            name="青溪区人民政府办公室",
            kind=Org.Kind.DEPARTMENT,
            region=cast.east_region,
            parent=cast.east,
            credit_code=make_credit_code("11", "990102", "00000611"),
        )
        self.bureau = Org.objects.create(
            name="青溪区住房和城乡建设局",
            kind=Org.Kind.DEPARTMENT,
            region=cast.east_region,
            parent=cast.east,
            credit_code=make_credit_code("11", "990102", "00000612"),
        )
        self.officer = cast.add_staff("letters", self.office, Role.LETTERS_OFFICER)
        self.handler = cast.add_staff("bureauhandler", self.bureau, Role.HANDLER)
        self.head = cast.add_staff("bureauhead", self.bureau, Role.APPROVER)
        self.west_officer = cast.add_staff("westletters", cast.west, Role.LETTERS_OFFICER)
        self.mailbox = Mailbox.objects.create(code="qx-head", name="青溪区区长信箱", org=self.office)

    def written(self, *, by=None, **kwargs) -> tuple[Letter, str]:
        fields = {
            "mailbox": self.mailbox,
            "type": "complain",
            "subject": "小区供暖不达标",
            "content": "入冬以来小区供暖温度只有十几度，请督促供暖公司整改。联系电话13800138000。",
            "writer_name": "" if by else "张三",
            "publish_consent": True,
        }
        fields.update(kwargs)
        return actions.write_letter(by=by, **fields)

    def accepted(self, **kwargs) -> Letter:
        letter, _code = self.written(**kwargs)
        return actions.accept_letter(letter, by=self.officer)

    def assigned(self, **kwargs) -> Letter:
        return actions.assign_letter(self.accepted(**kwargs), by=self.officer, org=self.bureau)

    def replied(self, **kwargs) -> Letter:
        return actions.reply_letter(
            self.assigned(**kwargs), by=self.handler, reply="已督促供暖公司整改，现室温已达标。"
        )
