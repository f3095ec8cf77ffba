"""好差评 (service evaluation): an applicant rates a case (at acceptance and at completion) or a window visit once,
on five levels and the reference's aspects; a 差评 (1–2) opens a rectification for the org's heads (call back,
rectify, report the result to the rater); staff may appeal a malicious rating and a supervisor above reviews it;
the public sees per-org and per-item satisfaction and rectification rates. Counter staff never see who rated them.
This module sits above sunlight.cases (it reads cases; cases never import it)."""
