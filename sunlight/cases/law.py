"""The time limits of 《中华人民共和国行政许可法》 that every case runs on (working days, Art. 82)."""

from __future__ import annotations

ACCEPT_DAYS = 5  # Art. 32: accept, refuse, or tell everything to correct within 5 days of receipt
EXTENSION_DAYS = 10  # Art. 42: the decision period may be extended by 10 days with the head's approval
DELIVERY_DAYS = 10  # Art. 44: the result is delivered within 10 days of the decision
PRELIMINARY_REVIEW_DAYS = 20  # Art. 43: a lower level reviews within 20 days, then reports to the deciding org
DEFAULT_STATUTORY_DAYS = 20  # Art. 42 when the item states no statutory limit

STATUTE = "《中华人民共和国行政许可法》"
REMEDIES = (
    "申请人如对本决定不服，可以自收到本决定之日起六十日内依法申请行政复议，"
    "或者自收到本决定之日起六个月内依法向人民法院提起行政诉讼。"
)
