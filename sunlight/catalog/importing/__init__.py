"""Excel import of the catalog (the workbook provinces exchange): shape, reading, checking, writing.

`shape` is the workbook (sheets, exact headers, labels, row ⇄ VersionData both ways, shared with the export);
`reader` opens and streams a workbook and refuses foreign files; `run` checks every row of a file against
pydantic and every consistency rule and writes all of it or nothing; `errors` writes the error workbook.
"""

from .reader import BadWorkbook, open_workbook
from .run import Outcome, import_file

__all__ = ["BadWorkbook", "Outcome", "import_file", "open_workbook"]
