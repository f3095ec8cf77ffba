"""The demo catalog as data: laws, item templates per department, the 2026 history and a negative-list excerpt.

The construction-project stages (并联审批) name the templates each stage needs, so that the parallel-approval
module can bind to the demo items (every one of them also carries the life event "construct").
"""

from __future__ import annotations

from . import departments, local, market
from .spec import Spec

SPECS: tuple[Spec, ...] = (*market.SPECS, *departments.SPECS, *local.SPECS)

CONSTRUCTION_STAGES: dict[str, tuple[str, ...]] = {
    "立项用地规划许可": ("00401000", "00402000", "00403000", "00301000", "00302000", "00316000", "00306000"),
    "工程建设许可": ("00303000", "00204000", "00801000", "00802000", "00803000", "00404000"),
    "施工许可": ("00201000", "00216000", "00314000"),
    "竣工验收": ("00205000", "00206000", "00203000", "00304000"),
}
