"""The official division tree and the agency → region resolver.

``divisions()`` and ``region_rows()`` give the Ministry of Civil Affairs list (2025-12-31) as the warehouse's
``dim_region``; ``resolve_agency`` places an agency in it, ``lookup_region`` reads a configured region.
Central bodies resolve to level/status ``"central"`` with code ``None`` (the list has no national code).
"""

from pipelines.regions.names import normalize_agency_name
from pipelines.regions.resolve import CENTRAL_CODE, RegionMatch, agency_kind, lookup_region, resolve_agency
from pipelines.regions.tree import Region, divisions, region_rows

__all__ = [
    "CENTRAL_CODE",
    "Region",
    "RegionMatch",
    "agency_kind",
    "divisions",
    "lookup_region",
    "normalize_agency_name",
    "region_rows",
    "resolve_agency",
]
