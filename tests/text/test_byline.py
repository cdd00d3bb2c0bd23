"""Article bylines: authors, organisation, and everything that is not one
(syndicate.text.byline)."""

from __future__ import annotations

import pytest

from syndicate.text.byline import Byline, find_byline, is_anonymous_signoff, parse_byline

BYLINES: list[tuple[str, str, str | None]] = [
    ("NGUYỆT HẰNG - Trung tâm VHTTDL&TT huyện", "Nguyệt Hằng", "Trung tâm VHTTDL&TT huyện"),
    ("THANH LÂM - Đồn Biên phòng Ia Dom", "Thanh Lâm", "Đồn Biên phòng Ia Dom"),
    ("CTV Thanh Huyền – Nguyệt Hằng", "Thanh Huyền, Nguyệt Hằng", None),
    ("Tin, ảnh: HOÀNG ANH", "Hoàng Anh", None),
    # The writer, then the photographer: the writer is the author.
    ("Tin: Quang Huy - Ảnh: Minh Châu", "Quang Huy", None),
    ("QUANG HUY – Ảnh: MINH CHÂU", "Quang Huy", None),
    # A story the portal took from elsewhere, signed with where it came from.
    ("Minh Châu (Theo Báo Kon Tum)", "Minh Châu", None),
    ("Nguyệt Hằng (Nguồn: Đài TT-TH huyện)", "Nguyệt Hằng", None),
    (
        "Bài và ảnh: Minh Châu (Phòng Văn hóa - Thông tin)",
        "Minh Châu",
        "Phòng Văn hóa - Thông tin",
    ),
    ("Y Nhi - Đài TT-TH huyện", "Y Nhi", "Đài TT-TH huyện"),
    ("PV Bảo Ngọc", "Bảo Ngọc", None),
    ("Theo Trần Lan Anh", "Trần Lan Anh", None),
    ("Tin/ảnh: Lê Quang Vinh - UBND xã Đăk Rơ Nga", "Lê Quang Vinh", "UBND xã Đăk Rơ Nga"),
    ("THU TRANG - PHƯƠNG THẢO", "Thu Trang, Phương Thảo", None),
    ("Hoàng Anh, Minh Châu và Thu Hà", "Hoàng Anh, Minh Châu, Thu Hà", None),
    ("Đoàn Văn Sơn", "Đoàn Văn Sơn", None),  # a surname that is also an office word
    ("RƠ CHÂM H'LÊNH - Hội LHPN huyện", "Rơ Châm H'Lênh", "Hội LHPN huyện"),
    ("A Thuấn (CTV)", "A Thuấn", None),
    # "(TH)", "(tổng hợp)": compiled by the writer, a note on the work, not an office
    ("Hồng Nhung (TH)", "Hồng Nhung", None),
    ("Minh Châu (tổng hợp)", "Minh Châu", None),
    ("Thanh Tâm (T/h)", "Thanh Tâm", None),
    ("Quang Huy (sưu tầm)", "Quang Huy", None),
    ("Văn Thành - Ban Tuyên giáo Huyện ủy.", "Văn Thành", "Ban Tuyên giáo Huyện ủy"),
    ("Quỳnh Như – Phòng GD&ĐT huyện Kon Rẫy", "Quỳnh Như", "Phòng GD&ĐT huyện Kon Rẫy"),
    ("Ngọc Hà - Văn phòng HĐND và UBND huyện", "Ngọc Hà", "Văn phòng HĐND và UBND huyện"),
    # the day it was written after the names
    ("Minh Châu - 02/9/2024", "Minh Châu", None),
    ("HỒNG NHUNG - Trung tâm VHTT&TT (02/09/2024)", "Hồng Nhung", "Trung tâm VHTT&TT"),
    ("Tin, ảnh: Thu Hà, ngày 2-9-2024 08:15", "Thu Hà", None),
    # a writer's role after the name, wherever it sits, is no organisation
    ("Minh Châu - PV", "Minh Châu", None),
    ("Minh Châu - PV, Quang Huy - PV", "Minh Châu, Quang Huy", None),
    ("Minh Châu - PV - Trung tâm VHTTDL&TT huyện", "Minh Châu", "Trung tâm VHTTDL&TT huyện"),
    ("NGUYỆT HẰNG - CTV", "Nguyệt Hằng", None),
    # surnames and given names that are also common words, an office after them
    ("Lại Văn Sâm - Trung tâm VH-TT&TT huyện", "Lại Văn Sâm", "Trung tâm VH-TT&TT huyện"),
    ("Từ Thị Hoa - Trung tâm VH-TT&TT huyện", "Từ Thị Hoa", "Trung tâm VH-TT&TT huyện"),
    ("Nguyễn Văn Hội - Phòng Văn hóa và Thông tin", "Nguyễn Văn Hội", "Phòng Văn hóa và Thông tin"),
    ("TRẦN VĂN LUẬN (Trung tâm VHTTDL&TT)", "Trần Văn Luận", "Trung tâm VHTTDL&TT"),
]


@pytest.mark.parametrize(("line", "author", "organisation"), BYLINES)
def test_parse_byline(line: str, author: str, organisation: str | None) -> None:
    assert parse_byline(line) == Byline(author=author, organisation=organisation, text=line)


NOT_BYLINES: list[str] = [
    # body sentences and captions
    "Toàn cảnh Hội nghị",
    "Đồng chí Đặng Hoàng Nam phát biểu quán triệt nội dung Hội nghị",
    "Hội nghị đã thống nhất các nhiệm vụ trọng tâm trong năm tới.",
    "Ông Lê Văn Tâm",
    "Bùi Tiến Lý - Phó Chủ tịch UBND huyện",  # a portrait caption
    "Hoàng Minh Tuấn (Bí thư Huyện ủy)",
    "Ảnh: Minh Châu",
    "Các đại biểu tham quan mô hình trồng sâm tại xã Măng Cành",
    # dates, counters, numbers
    "Ngày đăng: 22/04/2019  22:02",
    "Thứ 3, ngày 21 tháng 1 năm 2025",
    "1.453 lượt xem",
    "9.677,3 km²",
    "Minh Châu 02/09/2024",
    "02/09/2024",
    # headings, navigation, notes
    "DANH SÁCH TIN BÀI",
    "TIN LIÊN QUAN",
    "Các tin khác",
    "THÔNG BÁO",
    "BAN BIÊN TẬP",
    "Nguồn: Báo Kon Tum",
    "Theo Báo Kon Tum",
    "Trung tâm VHTTDL&TT huyện",
    # ...and without an office, words such names share with headings stay words
    "Hội nghị - Trung tâm VHTTDL&TT",
    "Từ ngày mai",
    # ...nor anywhere else in it: an association signing is no person
    "HỘI CỰU CHIẾN BINH - TRUNG TÂM VHTTDL&TT HUYỆN",
    "HỘI NÔNG DÂN - HUYỆN ĐOÀN",
    "Hội Phụ Nữ - Trung tâm VHTTDL&TT",
    "LÝ LUẬN CHÍNH TRỊ - Trung tâm Chính trị huyện",
    # place names and single words
    "Kon Tum",
    "Đăk Tô",
    "Hằng",
    # quotes, questions, exclamations
    "“Minh Châu”",
    "Minh Châu?",
    "Minh Châu!",
    # too long to be a byline
    "Nguyễn Văn An - Trung tâm Văn hóa, Thể thao, Du lịch và Truyền thanh - Truyền hình huyện Đăk Tô",
    "",
    "   ",
]


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


BODY = [
    "Sáng 22/01, Ủy ban nhân dân huyện tổ chức hội nghị triển khai nhiệm vụ năm mới.",
    "Toàn cảnh Hội nghị",
    "Hội nghị kết thúc vào buổi chiều cùng ngày.",
]
BYLINE_LINE = "NGUYỆT HẰNG - Trung tâm VHTTDL&TT huyện"
FOUND = Byline("Nguyệt Hằng", "Trung tâm VHTTDL&TT huyện", BYLINE_LINE)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        ([*BODY, BYLINE_LINE], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "", "  "], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "Nguồn: Trung tâm VHTTDL&TT huyện"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "1.453 lượt xem"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "Nguồn: Báo Kon Tum", "Lượt xem: 1.453"], (3, FOUND)),
        # source notes as portals print them: in brackets, or "Theo" with no colon
        ([*BODY, BYLINE_LINE, "(Theo Báo Kon Tum)"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "Theo Báo Kon Tum"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "(Nguồn: kontumtv.vn)", "1.453 lượt xem"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "Theo baokontum.com.vn"], (3, FOUND)),
        # the day it was written, under the byline
        ([*BODY, BYLINE_LINE, "02/09/2024"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "(Ngày 2/9/2024)"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "Ngày đăng: 02/09/2024 08:15", "1.453 lượt xem"], (3, FOUND)),
        ([*BODY, BYLINE_LINE, "Hội nghị kết thúc ngày 02/09/2024"], None),
        # "Theo" before a person's name is the byline itself, colon or not
        ([*BODY, "Theo: Trần Lan Anh"], (3, Byline("Trần Lan Anh", None, "Theo: Trần Lan Anh"))),
        (
            [*BODY, BYLINE_LINE, "Theo Trần Lan Anh"],
            (4, Byline("Trần Lan Anh", None, "Theo Trần Lan Anh")),
        ),
        ([*BODY, BYLINE_LINE, "Theo kế hoạch, hội nghị sẽ được tổ chức vào tháng tới."], None),
        ([BYLINE_LINE, *BODY], None),  # only the end of an article is looked at
        ([*BODY, BYLINE_LINE, "Thêm một đoạn văn bình thường ở cuối bài."], None),
        (BODY, None),
        ([], None),
        (["", " "], None),
        (["1.453 lượt xem"], None),
        # the names on one line, the office under them
        (
            [*BODY, "NGUYỆT HẰNG", "Trung tâm VHTTDL&TT huyện"],
            (3, Byline("Nguyệt Hằng", "Trung tâm VHTTDL&TT huyện", "NGUYỆT HẰNG")),
        ),
        (
            [*BODY, "Minh Châu", "Phòng Văn hóa và Thông tin", "1.453 lượt xem"],
            (3, Byline("Minh Châu", "Phòng Văn hóa và Thông tin", "Minh Châu")),
        ),
        # an office named in the last sentence, or under a caption, signs nothing
        ([*BODY, "Toàn cảnh Hội nghị", "Trung tâm VHTTDL&TT huyện"], None),
        ([*BODY, "Nguyệt Hằng", "Ban tổ chức trao 12 giải cho các đội."], None),
        # a notice's closing heading above an office names no writer
        ([*BODY, "ĐƠN VỊ THỰC HIỆN", "Trung tâm VHTTDL&TT huyện"], None),
        ([*BODY, "CƠ QUAN PHỐI HỢP", "Phòng Văn hóa và Thông tin"], None),
    ],
)
def test_find_byline(paragraphs: list[str], expected: tuple[int, Byline] | None) -> None:
    assert find_byline(paragraphs) == expected


@pytest.mark.parametrize(
    ("line", "anonymous"),
    [
        ("PV", True),
        ("BBT", True),
        ("Tin, ảnh: PV", True),
        ("Nhóm phóng viên", True),
        ("Ban biên tập.", True),
        ("Theo Báo Kon Tum", True),
        ("(Theo baokontum.com.vn)", True),
        ("Nguồn: Đài PT-TH tỉnh", True),
        # names someone, or is a caption
        ("PV Minh Châu", False),
        ("Tin, ảnh: Hoàng Anh", False),
        ("PV phỏng vấn người dân", False),
        ("Theo dõi mực nước sông Pô Kô", False),
        ("Theo kế hoạch, hội nghị sẽ diễn ra vào tháng tới", False),
        ("Theo báo cáo, năm 2021 toàn huyện trồng mới 300 ha cà phê", False),
        ("Theo báo cáo của UBND huyện", False),
        ("Theo Đài Khí tượng thủy văn tỉnh, mực nước sông Đăk Bla đang lên", False),
        ("Theo trang phục truyền thống", False),
        ("Theo chân bộ đội biên phòng tuần tra", False),
    ],
)
def test_a_signoff_naming_no_one(line: str, anonymous: bool) -> None:
    assert is_anonymous_signoff(line) is anonymous
