"""办件: one application for a catalog item, from its receipt to the delivery of its result.

A case is bound to the item version in force on the day it was received and runs on the statutory
clock of 《行政许可法》 Art. 32 (acceptance within 5 working days), 42 (decision within the limit, extended
once by 10 with the approver recorded), 44 (delivery within 10) and 45 (special procedures not counted).
"""
