"""notify (kernel): to-dos for the people who must act, notices to people through channels, and the
revision counters that invalidate cached public pages. Domains call it; it imports no domain and no door."""
