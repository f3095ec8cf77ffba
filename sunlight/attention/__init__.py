"""民意分析 (public attention): each letter's keywords counted per day (for everyone, its org and its area) so a
month's hot topics are read from small daily counts against the three months before, with bursts; MinHash
signatures of the letters' word pairs, banded for LSH, so a day's letters find their near-duplicates in the year
and staff merge them (letters.group_letters) to answer them in one act."""
