"""电子证照: certificates issued on a decision of 准予, signed (SM2), verifiable by anyone through a QR code,
revoked and renewed by acts, and offered to later applications instead of an upload (免提交)."""
