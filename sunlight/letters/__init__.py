"""群众来信 (领导信箱 · 12345): mailboxes per leader or org, letters of five types on a working-day clock, the closed
loop 受理 → 转办 → 承办 → 办结 → 回访 → 评价 as actions, and publication of the letters writers allowed."""
