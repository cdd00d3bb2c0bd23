"""The portals and news sources of the sample province.

Every portal sits under its own path prefix on one local server and is built by one
CMS generation (a module under demo/layouts). config/demo.toml has one [[sources]]
entry per DemoSource below, with the same id.
"""

from __future__ import annotations

from syndicate.demo.records import DemoPortal, DemoSource

PORTALS: tuple[DemoPortal, ...] = (
    DemoPortal(
        "kontum", "/tinh", None, "Tỉnh Kon Tum",
        "Cổng thông tin điện tử tỉnh Kon Tum", "pages_detail", "kontum",
    ),
    DemoPortal(
        "ngoc-hoi", "/ngochoi", "ngoc-hoi", "Huyện Ngọc Hồi",
        "Trang thông tin điện tử huyện Ngọc Hồi", "slug_id", "ngoc-hoi",
    ),
    DemoPortal(
        "kon-plong", "/konplong", "kon-plong", "Huyện Kon Plông",
        "Trang thông tin điện tử huyện Kon Plông", "slug_id", "kon-plong",
    ),
    DemoPortal(
        "tu-mo-rong", "/tumorong", "tu-mo-rong", "Huyện Tu Mơ Rông",
        "Trang thông tin điện tử huyện Tu Mơ Rông", "dnn", "tu-mo-rong",
    ),
    DemoPortal(
        "dak-to", "/dakto", "dak-to", "Huyện Đăk Tô",
        "Trang thông tin điện tử huyện Đăk Tô", "liferay", "dak-to",
    ),
    DemoPortal(
        "dak-glei", "/dakglei", "dak-glei", "Huyện Đăk Glei",
        "Trang thông tin điện tử huyện Đăk Glei", "slug_id", "dak-glei",
    ),
    DemoPortal(
        "thanh-pho-kon-tum", "/kontumcity", "thanh-pho-kon-tum", "Thành phố Kon Tum",
        "Cổng thông tin điện tử thành phố Kon Tum", "pages_detail", "thanh-pho-kon-tum",
    ),
    DemoPortal(
        "sa-thay", "/sathay", "sa-thay", "Huyện Sa Thầy",
        "Cổng thông tin điện tử huyện Sa Thầy", "nukeviet", "sa-thay",
    ),
    DemoPortal(
        "dak-ha", "/dakha", "dak-ha", "Huyện Đăk Hà",
        "Trang thông tin điện tử huyện Đăk Hà", "nukeviet_query", "dak-ha",
    ),
    DemoPortal(
        "kon-ray", "/konray", "kon-ray", "Huyện Kon Rẫy",
        "Trang thông tin điện tử huyện Kon Rẫy", "liferay", "kon-ray",
    ),
    DemoPortal(
        "ia-h-drai", "/iahdrai", "ia-h-drai", "Huyện Ia H'Drai",
        "Trang thông tin điện tử huyện Ia H'Drai", "dnn", "ia-h-drai",
    ),
)  # fmt: skip

SOURCES: tuple[DemoSource, ...] = (
    DemoSource("kontum-tin-tuc", "kontum", "Tin tức - Sự kiện", "tin-tuc-su-kien", 54870, feed="rss"),
    DemoSource("ngoc-hoi-rss", "ngoc-hoi", "Tin trong huyện", "tin-trong-huyen", 2410, feed="rss-naive"),
    DemoSource("kon-plong-atom", "kon-plong", "Tin tức - Sự kiện", "tin-tuc-su-kien", 3305, feed="atom"),
    DemoSource("tu-mo-rong-tin", "tu-mo-rong", "Tin trong huyện", "tin-trong-huyen", 812, page_size=6),
    DemoSource(
        "tu-mo-rong-phap-luat", "tu-mo-rong", "Tuyên truyền pháp luật",
        "tuyen-truyen-phap-luat", 640, encoding="vni",
    ),
    DemoSource("dak-to-tin-tuc", "dak-to", "Tin tức - Sự kiện", "tin-tuc-su-kien", 1204, page_size=6),
    DemoSource("dak-glei-tin", "dak-glei", "Tin trong huyện", "tin-trong-huyen", 5890),
    DemoSource("kon-tum-tin-tuc", "thanh-pho-kon-tum", "Tin tức - Sự kiện", "tin-tuc-su-kien", 6850, page_size=6),
    DemoSource("sa-thay-tin", "sa-thay", "Tin trong huyện", "tin-trong-huyen", 318, page_size=6),
    DemoSource("dak-ha-kinh-te", "dak-ha", "Kinh tế", "kinh-te", 95, encoding="windows-1258"),
    DemoSource("kon-ray-van-hoa", "kon-ray", "Văn hóa - Xã hội", "van-hoa-xa-hoi", 402, encoding="utf-8-nfd"),
    DemoSource("ia-h-drai-qpan", "ia-h-drai", "Quốc phòng - An ninh", "quoc-phong-an-ninh", 77, encoding="tcvn3"),
)  # fmt: skip


def portal(key: str) -> DemoPortal:
    return next(p for p in PORTALS if p.key == key)


def source(source_id: str) -> DemoSource:
    return next(s for s in SOURCES if s.id == source_id)


def portal_sources(key: str) -> tuple[DemoSource, ...]:
    return tuple(s for s in SOURCES if s.portal == key)
