"""One module per CMS generation of Kon Tum's portals; `layout_for` picks a portal's."""

from __future__ import annotations

from syndicate.demo.layouts import dnn, liferay, nukeviet, pages_detail, slug_id
from syndicate.demo.layouts.base import Layout, PortalContext
from syndicate.demo.records import DemoPortal

LAYOUTS: dict[str, Layout] = {
    "dnn": dnn.LAYOUT,
    "liferay": liferay.LAYOUT,
    "slug_id": slug_id.LAYOUT,
    "pages_detail": pages_detail.LAYOUT,
    "nukeviet": nukeviet.LAYOUT,
    "nukeviet_query": nukeviet.QUERY_LAYOUT,
}


def layout_for(portal: DemoPortal) -> Layout:
    return LAYOUTS[portal.layout]


__all__ = ["LAYOUTS", "Layout", "PortalContext", "layout_for"]
