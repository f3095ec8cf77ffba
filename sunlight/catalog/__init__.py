"""The service catalog (事项 & 三单): what each org may do, on what legal basis, how, in how many days, for what fee.

Every service case and supervision rule binds to a ServiceItemVersion, so this module is the contract.
Facts: shared/reference/services-and-supervision.md (item types, codes, elements, consistency rules, catalog
operations, the three lists). Versions change state only through actions/.
"""
