"""Write the legacy-encoded sample pages in this folder (run once; the output is committed).

    .venv/bin/python tests/data/encodings/make_samples.py

The TCVN3 page is encoded by glibc `iconv -t TCVN5712-1`, independently of our tables
(its text avoids toned capitals, which TCVN3 lacks). The VNI page uses our encoder.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

from syndicate.text.encodings import decode_cp1252, unicode_to_vni

HERE = Path(__file__).resolve().parent
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letter, then a tone byte when one is needed."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


def tcvn3(text: str) -> bytes:
    return subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout


def page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n{head}<title>{title}</title>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


CP1258 = page(
    "Tin trong huyện",
    "<h1>Huyện Đăk Hà tổng kết công tác khuyến nông năm 2023</h1>\n"
    "<p>Chiều 12/01, Ủy ban nhân dân huyện Đăk Hà tổ chức hội nghị tổng kết công tác "
    "khuyến nông năm 2023 và triển khai nhiệm vụ năm 2024.</p>\n"
    "<p>Trong năm, toàn huyện đã chuyển giao nhiều mô hình trồng cà phê xen cây ăn quả, "
    "giúp bà con tăng thu nhập và giảm rủi ro khi giá nông sản biến động.</p>\n"
    "<p>THU HIỀN - Trung tâm VHTTDL&amp;TT huyện</p>",
)

NFD = page(
    "Tin trong huyện",
    "<h1>Sa Thầy ra quân dọn vệ sinh môi trường đón Tết</h1>\n"
    "<p>Sáng 20/01, Đoàn Thanh niên huyện Sa Thầy phối hợp với các xã, thị trấn tổ chức "
    "ra quân dọn vệ sinh đường làng, ngõ xóm, khơi thông cống rãnh trước Tết Nguyên đán.</p>\n"
    "<p>MINH KHÔI</p>",
    head='<meta charset="utf-8">\n',
)

TCVN3 = page(
    "Tin trong huyen",
    '<h1><font face=".VnTimeH">huyện đăk glei triển khai kế hoạch trồng rừng</font></h1>\n'
    '<p><font face=".VnTime">Ngày 05/3, UBND huyện Đăk Glei tổ chức hội nghị triển khai '
    "kế hoạch trồng rừng năm 2024 cho các xã vùng cao.</font></p>\n"
    '<p><font face=".VnTime">Theo kế hoạch, toàn huyện phấn đấu trồng mới hơn 300 ha '
    "rừng, ưu tiên các loài cây bản địa như sao đen, giổi xanh và lim xẹt.</font></p>\n"
    '<p style="font-family: .VnTimeH">thanh bình - trung tâm vhttdl&amp;tt huyện</p>',
    head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">\n',
)

VNI = page(
    "Tin trong huyen",
    '<h1><font face="VNI-Times">Ngọc Hồi khánh thành cầu treo qua suối Đăk Mốt</font></h1>\n'
    '<p><font face="VNI-Times">Ủy ban nhân dân huyện Ngọc Hồi vừa tổ chức lễ khánh thành '
    "cầu treo dân sinh, giúp người dân hai thôn đi lại thuận tiện trong mùa mưa.</font></p>\n"
    '<p><font face="VNI-Times">Công trình có tổng kinh phí gần 2,5 tỷ đồng, do Ủy ban Mặt '
    "trận Tổ quốc Việt Nam tỉnh vận động các nhà hảo tâm đóng góp.</font></p>\n"
    '<p><font face="VNI-Times">ĐỨC TRỌNG</font></p>',
)

UTF8 = page(
    "Tin trong huyện",
    "<h1>Tu Mơ Rông hỗ trợ nhà ở cho hộ nghèo</h1>\n"
    "<p>Năm nay, huyện Tu Mơ Rông dành hơn 4 tỷ đồng hỗ trợ xây mới và sửa chữa nhà ở "
    "cho các hộ nghèo, hộ có hoàn cảnh khó khăn.</p>\n"
    "<p>NGỌC ANH</p>",
)

MOJIBAKE = page(
    "Tin trong huyện",
    "<h1>Kon Rẫy tập huấn chuyển đổi số cho cán bộ xã</h1>\n"
    "<p>Ngày 09/4, huyện Kon Rẫy mở lớp tập huấn kỹ năng sử dụng dịch vụ công trực "
    "tuyến cho cán bộ, công chức cấp xã.</p>\n"
    "<p>HOÀNG LONG</p>",
    head='<meta charset="utf-8">\n',
)


def main() -> None:
    (HERE / "cp1258.html").write_bytes(cp1258(CP1258))
    (HERE / "nfd.html").write_bytes(unicodedata.normalize("NFD", NFD).encode("utf-8"))
    (HERE / "tcvn3.html").write_bytes(tcvn3(TCVN3))
    (HERE / "vni.html").write_bytes(unicode_to_vni(VNI, errors="strict"))
    (HERE / "utf8.html").write_bytes(UTF8.encode("utf-8"))
    # UTF-8 shown as windows-1252 (browser-style, so 0x8D survives as U+008D), saved again.
    (HERE / "mojibake.html").write_bytes(decode_cp1252(MOJIBAKE.encode("utf-8")).encode("utf-8"))


if __name__ == "__main__":
    main()
