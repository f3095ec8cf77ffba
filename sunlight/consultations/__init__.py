"""意见征集: a draft policy (a disclosure catalog document) opened for public comment, the moderated comments, the
mandatory feedback report (采纳情况) published before the final document is linked; 听证 announcements and records."""
