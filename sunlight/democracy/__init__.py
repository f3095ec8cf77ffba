"""基层民主 (village): village affairs open for residents' evaluation (民主评议) and simple votes on proposals, with
eligibility by registered residence in the village, one vote each, results published; the village's 三务公开
documents linked."""
