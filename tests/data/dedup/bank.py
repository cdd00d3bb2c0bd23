"""Sentence banks for make_pairs.py: places, people and the sentences of each topic.

Written for this labelled set, in the manner of district portal news; slots in braces
are filled by make_pairs.slots().
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICTS = {
    "dak-to": ("Đăk Tô", ["xã Tân Cảnh", "xã Pô Kô", "xã Diên Bình", "xã Kon Đào", "xã Ngọk Tụ"]),
    "kon-plong": (
        "Kon Plông",
        ["xã Hiếu", "xã Măng Cành", "xã Đăk Long", "xã Pờ Ê", "xã Ngọc Tem"],
    ),
    "dak-glei": (
        "Đăk Glei",
        ["xã Đăk Pék", "xã Xốp", "xã Mường Hoong", "xã Đăk Man", "xã Ngọc Linh"],
    ),
    "ngoc-hoi": ("Ngọc Hồi", ["xã Bờ Y", "xã Sa Loong", "xã Đăk Xú", "xã Đăk Nông", "xã Đăk Ang"]),
    "sa-thay": ("Sa Thầy", ["xã Sa Nhơn", "xã Rờ Kơi", "xã Mô Rai", "xã Ya Xiêr", "xã Hơ Moong"]),
    "tu-mo-rong": (
        "Tu Mơ Rông",
        ["xã Đăk Hà", "xã Tê Xăng", "xã Măng Ri", "xã Ngọk Lây", "xã Văn Xuôi"],
    ),
    "kon-ray": (
        "Kon Rẫy",
        ["xã Đăk Ruồng", "xã Tân Lập", "xã Đăk Tơ Lung", "xã Đăk Kôi", "xã Đăk Pne"],
    ),
    "dak-ha": ("Đăk Hà", ["xã Hà Mòn", "xã Đăk Mar", "xã Ngọk Wang", "xã Đăk La", "xã Đăk Ui"]),
    "ia-hdrai": ("Ia H'Drai", ["xã Ia Dom", "xã Ia Tơi", "xã Ia Đal"]),
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Y", "A"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Đình", "Ngọc", "Quốc", "Xuân"]
GIVEN = [
    "Hùng",
    "Lan",
    "Nam",
    "Hoa",
    "Tuấn",
    "Hạnh",
    "Dũng",
    "Mai",
    "Sơn",
    "Thảo",
    "Phong",
    "Bình",
    "Khánh",
    "Trang",
    "Lực",
    "Vinh",
    "Blưm",
    "Thương",
    "Quý",
    "Hiền",
]
LEADERS = [
    "Chủ tịch UBND huyện",
    "Phó Chủ tịch UBND huyện",
    "Bí thư Huyện ủy",
    "Phó Bí thư Thường trực Huyện ủy",
    "Trưởng ban Tuyên giáo Huyện ủy",
]
OFFICES = ["Trung tâm VHTTDL&TT huyện", "Văn phòng HĐND-UBND huyện", "Ban Tuyên giáo Huyện ủy"]


@dataclass(frozen=True)
class Topic:
    titles: list[str]
    openings: list[str]
    body: list[str]
    closings: list[str]
    captions: list[str]


TOPICS = {
    "hoi-nghi": Topic(
        titles=["Hội nghị triển khai nhiệm vụ năm {nam}"],
        openings=[
            "Ngày {ngay}, Ủy ban nhân dân huyện {huyen} tổ chức Hội nghị tổng kết công tác năm {nam_truoc} và triển khai nhiệm vụ năm {nam}. Đồng chí {nguoi} – {chucvu} chủ trì Hội nghị.",
            "Trong ngày {ngay}, huyện {huyen} đã tổ chức Hội nghị đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm {nam_truoc}, bàn giải pháp cho năm {nam}.",
            "Sáng {ngay}, tại Hội trường Trung tâm Chính trị huyện {huyen}, Ủy ban nhân dân huyện tổ chức Hội nghị triển khai các nhiệm vụ trọng tâm năm {nam}.",
        ],
        body=[
            "Năm {nam_truoc}, tổng giá trị sản xuất trên địa bàn huyện ước đạt {ty} tỷ đồng, tăng {pct_small}% so với cùng kỳ.",
            "Toàn huyện có thêm {xa_count} xã đạt chuẩn nông thôn mới, nâng tổng số xã đạt chuẩn lên {xa_total} xã.",
            "Tỷ lệ hộ nghèo giảm còn {pct_small},{dec}%, thu nhập bình quân đầu người đạt {thu_nhap} triệu đồng mỗi năm.",
            "Công tác thu ngân sách đạt {pct}% dự toán tỉnh giao, chi ngân sách bảo đảm đúng quy định.",
            "Bên cạnh kết quả đạt được, Hội nghị cũng chỉ ra một số tồn tại như tiến độ giải ngân vốn đầu tư công còn chậm, công tác giải phóng mặt bằng ở một số công trình còn vướng mắc.",
            "Các đại biểu tập trung thảo luận, đề xuất nhiều giải pháp tháo gỡ khó khăn trong sản xuất nông nghiệp và thu hút đầu tư vào cụm công nghiệp của huyện.",
            "Năm {nam}, huyện phấn đấu trồng mới {ha} ha cây ăn quả và cây dược liệu, ưu tiên các xã vùng sâu, vùng xa.",
            "Huyện đặt mục tiêu giải ngân {pct_high}% kế hoạch vốn đầu tư công trước ngày 30 tháng 9.",
            "Lĩnh vực văn hóa – xã hội tiếp tục được quan tâm, các chính sách đối với người có công và đồng bào dân tộc thiểu số được thực hiện đầy đủ, kịp thời.",
            "Công tác cải cách hành chính có chuyển biến tích cực, {pct}% hồ sơ được giải quyết trước và đúng hạn.",
            "Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn cơ bản ổn định; công tác tuyển quân đạt {pct_high}% chỉ tiêu.",
            "Phát biểu chỉ đạo, đồng chí {nguoi} đề nghị các cơ quan, đơn vị khẩn trương cụ thể hóa nhiệm vụ thành chương trình, kế hoạch công tác của ngành mình.",
            "Người đứng đầu các cơ quan phải chịu trách nhiệm trước Ủy ban nhân dân huyện về kết quả thực hiện nhiệm vụ được giao.",
            "Tại Hội nghị, Ủy ban nhân dân huyện đã ký giao ước thi đua với {xa_count} xã, thị trấn.",
        ],
        closings=[
            "Dịp này, Chủ tịch Ủy ban nhân dân huyện tặng Giấy khen cho {so_tap_the} tập thể và {so_ca_nhan} cá nhân có thành tích xuất sắc trong năm {nam_truoc}.",
            "Kết thúc Hội nghị, các xã, thị trấn đăng ký chỉ tiêu thi đua và cam kết hoàn thành nhiệm vụ năm {nam}.",
        ],
        captions=[
            "Quang cảnh Hội nghị",
            "Đồng chí {nguoi} phát biểu chỉ đạo tại Hội nghị",
            "Lãnh đạo huyện trao Giấy khen cho các tập thể",
        ],
    ),
    "moi-truong": Topic(
        titles=[
            "Ra quân hưởng ứng Ngày Môi trường thế giới năm {nam}",
            "{huyen} ra quân tổng vệ sinh môi trường",
            "Hàng trăm người ra quân làm sạch đường làng tại {xa}",
        ],
        openings=[
            "Sáng {ngay}, Ủy ban nhân dân huyện {huyen} phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam huyện tổ chức lễ ra quân hưởng ứng Ngày Môi trường thế giới năm {nam}.",
            "Ngày {ngay}, Huyện đoàn {huyen} chủ trì, phối hợp với {xa} tổ chức ra quân tổng vệ sinh môi trường tại các thôn, làng.",
        ],
        body=[
            "Tham gia lễ ra quân có hơn {so_nguoi} cán bộ, đoàn viên thanh niên, lực lượng vũ trang và người dân trên địa bàn.",
            "Ngay sau lễ ra quân, các lực lượng chia thành nhiều tổ thu gom rác thải, phát quang bụi rậm, khơi thông cống rãnh dọc các tuyến đường chính.",
            "Tại {xa}, bà con đã thu gom được khoảng {tan} tấn rác thải sinh hoạt và vận chuyển đến nơi xử lý đúng quy định.",
            "Đoàn viên thanh niên trồng {so_cay} cây xanh dọc tuyến đường liên thôn và trong khuôn viên trường học.",
            "Chương trình nhằm nâng cao nhận thức của người dân trong bảo vệ môi trường, hạn chế dùng túi ni lông và đồ nhựa dùng một lần.",
            "Hiện toàn huyện có {so_mo_hinh} mô hình thu gom, phân loại rác thải tại nguồn do các hội, đoàn thể quản lý.",
            "Ủy ban nhân dân huyện đề nghị các xã duy trì ngày Chủ nhật xanh vào tuần cuối cùng của mỗi tháng.",
            "Nhiều hộ gia đình tự nguyện góp công làm hàng rào xanh và trồng đường hoa trước cổng nhà.",
            "Các trường học đồng loạt tổ chức cho học sinh dọn vệ sinh lớp học, sân trường và chăm sóc bồn hoa.",
            "Lực lượng công an và quân sự huyện hỗ trợ chở rác ở những khu vực xe chuyên dụng không vào được.",
            "Ban tổ chức phát {so_tui} túi đựng rác thân thiện với môi trường cho các hộ kinh doanh ở chợ trung tâm.",
            "Thời gian tới, huyện sẽ kiểm tra, xử lý các trường hợp đổ rác thải không đúng nơi quy định.",
            "Ý thức giữ gìn vệ sinh của người dân ở các thôn, làng đồng bào dân tộc thiểu số đã có nhiều chuyển biến.",
        ],
        closings=[
            "Đồng chí {nguoi} – {chucvu} đề nghị mỗi người dân trở thành một tuyên truyền viên tích cực về bảo vệ môi trường.",
            "Ban tổ chức kêu gọi người dân chung tay giữ gìn đường làng, ngõ xóm sáng – xanh – sạch – đẹp.",
        ],
        captions=[
            "Các đại biểu tham gia lễ ra quân",
            "Đoàn viên thanh niên thu gom rác thải tại {xa}",
            "Trồng cây xanh dọc tuyến đường liên thôn",
        ],
    ),
    "thien-tai": Topic(
        titles=[
            "{huyen} triển khai phương án phòng chống thiên tai mùa mưa năm {nam}",
            "Chủ động ứng phó với mưa lũ, sạt lở đất trên địa bàn huyện",
        ],
        openings=[
            "Ngày {ngay}, Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn huyện {huyen} tổ chức hội nghị triển khai công tác phòng chống thiên tai năm {nam}.",
            "Trước diễn biến phức tạp của thời tiết, chiều {ngay}, Ủy ban nhân dân huyện {huyen} họp bàn các biện pháp ứng phó với mưa lớn và sạt lở đất.",
        ],
        body=[
            "Theo báo cáo, trên địa bàn huyện hiện có {so_diem} điểm có nguy cơ sạt lở đất cao, tập trung tại {xa} và {xa2}.",
            "Huyện đã rà soát, lập danh sách {so_ho} hộ dân sống ở ven sông, suối và chân đồi cần di dời khi có mưa lớn kéo dài.",
            "Các xã được yêu cầu chuẩn bị sẵn lương thực, thuốc men và nhu yếu phẩm theo phương châm bốn tại chỗ.",
            "Năm qua, mưa lớn đã làm hư hỏng {km} km đường giao thông nông thôn và {so_cong_trinh} công trình thủy lợi nhỏ.",
            "Tổng thiệt hại do thiên tai gây ra trong năm ước tính khoảng {ty} tỷ đồng.",
            "Lực lượng quân sự, công an huyện thường trực {so_nguoi} người cùng phương tiện, sẵn sàng ứng cứu khi có tình huống.",
            "Các hồ chứa thủy lợi phải được kiểm tra trước mùa mưa, không để xảy ra sự cố vỡ đập.",
            "Huyện đã cắm biển cảnh báo tại các ngầm tràn và những đoạn đường thường xuyên bị ngập sâu.",
            "Trường học ở nơi có nguy cơ bị chia cắt phải có phương án cho học sinh nghỉ học khi mưa lũ.",
            "Cán bộ thôn, làng có trách nhiệm đưa thông tin dự báo thời tiết đến từng hộ gia đình.",
            "Các nhà máy thủy điện trên địa bàn phải vận hành hồ chứa đúng quy trình và thông báo trước khi xả lũ.",
            "Kinh phí dự phòng cho khắc phục hậu quả thiên tai năm nay được bố trí {ty2} tỷ đồng.",
            "Đợt mưa đầu mùa vừa qua đã làm sập một đoạn kè tại {xa}, may mắn không gây thiệt hại về người.",
        ],
        closings=[
            "Kết luận hội nghị, đồng chí {nguoi} – {chucvu} yêu cầu các thành viên Ban Chỉ huy bám sát địa bàn được phân công, không để bị động, bất ngờ.",
            "Huyện yêu cầu các xã báo cáo tình hình mưa lũ về thường trực Ban Chỉ huy trước 16 giờ hằng ngày.",
        ],
        captions=[
            "Quang cảnh hội nghị",
            "Điểm sạt lở tại {xa} đã được cắm biển cảnh báo",
            "Lực lượng xung kích diễn tập cứu hộ",
        ],
    ),
    "tiem-chung": Topic(
        titles=[
            "Triển khai chiến dịch tiêm vắc xin sởi cho trẻ em tại {huyen}",
            "{huyen} đẩy mạnh tiêm chủng mở rộng ở vùng sâu, vùng xa",
        ],
        openings=[
            "Từ ngày {ngay}, Trung tâm Y tế huyện {huyen} triển khai chiến dịch tiêm vắc xin phòng bệnh sởi cho trẻ từ 1 đến 5 tuổi trên địa bàn.",
            "Ngày {ngay}, ngành y tế huyện {huyen} ra quân tiêm vắc xin cho trẻ em ở các thôn xa trung tâm.",
        ],
        body=[
            "Theo kế hoạch, chiến dịch sẽ tiêm cho khoảng {so_tre} trẻ tại {xa_count} trạm y tế xã và các điểm tiêm lưu động.",
            "Tại những thôn ở xa, cán bộ y tế đến tận nhà vận động phụ huynh đưa trẻ đi tiêm đúng lịch.",
            "Trước khi tiêm, trẻ được khám sàng lọc, tư vấn và theo dõi ít nhất 30 phút sau tiêm.",
            "Năm nay, tỷ lệ tiêm chủng đầy đủ cho trẻ dưới 1 tuổi của huyện đạt {pct}%.",
            "Trung tâm Y tế huyện đã tập huấn cho {so_can_bo} nhân viên y tế thôn bản về quy trình tiêm chủng an toàn.",
            "Ngành y tế phối hợp với nhà trường và các đoàn thể tuyên truyền bằng tiếng phổ thông và tiếng địa phương.",
            "Vắc xin được bảo quản trong dây chuyền lạnh, đưa đến từng điểm tiêm vào sáng sớm.",
            "Một số phụ huynh ở vùng sâu còn e ngại phản ứng sau tiêm nên cán bộ y tế phải đến nhà nhiều lần.",
            "Huyện ghi nhận {so_ca} trường hợp nghi mắc sởi, tất cả đều được cách ly và điều trị kịp thời.",
            "Các trạm y tế bố trí cán bộ trực để xử trí phản ứng sau tiêm nếu có.",
            "Trẻ chưa tiêm đủ mũi sẽ được tiêm bù trong tháng tiếp theo.",
            "Kinh phí chiến dịch do ngân sách tỉnh và Chương trình tiêm chủng mở rộng quốc gia bảo đảm.",
        ],
        closings=[
            "Ngành y tế khuyến cáo phụ huynh đưa trẻ đến cơ sở y tế ngay khi có biểu hiện sốt, phát ban, ho hoặc chảy nước mũi.",
        ],
        captions=["Cán bộ y tế tiêm vắc xin cho trẻ tại {xa}", "Phụ huynh đưa trẻ đến điểm tiêm"],
    ),
    "ca-phe": Topic(
        titles=[
            "Hội thảo đầu bờ mô hình trồng cà phê xen cây ăn quả tại {xa}",
            "{huyen} nhân rộng mô hình cà phê xen canh",
        ],
        openings=[
            "Ngày {ngay}, Phòng Nông nghiệp và Phát triển nông thôn huyện {huyen} tổ chức hội thảo đầu bờ đánh giá mô hình trồng cà phê xen cây ăn quả tại {xa}.",
            "Vừa qua, tại {xa}, huyện {huyen} tổ chức tham quan, đánh giá kết quả mô hình cà phê trồng xen sầu riêng và bơ.",
        ],
        body=[
            "Mô hình được triển khai từ năm {nam_truoc} trên diện tích {ha} ha với sự tham gia của {so_ho} hộ dân.",
            "Sau gần hai năm, cây sầu riêng và bơ trồng xen sinh trưởng tốt, cây cà phê được che bóng nên ít bị sâu bệnh.",
            "Năng suất cà phê nhân bình quân đạt {nang_suat} tấn/ha, cao hơn vườn trồng thuần.",
            "Người dân được hỗ trợ {pct_half}% giống, phân bón và được cán bộ khuyến nông hướng dẫn kỹ thuật chăm sóc.",
            "Tại hội thảo, các hộ chia sẻ kinh nghiệm bón phân hữu cơ, tưới nước tiết kiệm và cắt tỉa cành.",
            "Ông {dan} một hộ tham gia mô hình, cho biết thu nhập của gia đình đã tăng rõ so với trước.",
            "Một số ý kiến đề nghị huyện kết nối doanh nghiệp thu mua để người dân yên tâm mở rộng diện tích.",
            "Hiện toàn huyện có {ha2} ha cà phê, trong đó diện tích tái canh chiếm khoảng {pct_small}%.",
            "Giá cà phê năm nay ở mức cao giúp nhiều hộ đồng bào có điều kiện đầu tư lại vườn cây.",
            "Huyện khuyến khích người dân liên kết thành lập tổ hợp tác để cùng sản xuất theo hướng hữu cơ.",
            "Cán bộ khuyến nông lưu ý bà con chủ động phòng trừ rệp sáp và bệnh khô cành trong mùa khô.",
            "Mô hình sẽ được nhân rộng ra {xa2} và các xã lân cận trong năm {nam}.",
        ],
        closings=[
            "Phòng Nông nghiệp và Phát triển nông thôn sẽ tiếp tục theo dõi, đánh giá hiệu quả để tham mưu Ủy ban nhân dân huyện có chính sách hỗ trợ phù hợp.",
        ],
        captions=[
            "Các đại biểu tham quan vườn cà phê xen cây ăn quả",
            "Cây sầu riêng trồng xen phát triển tốt tại {xa}",
        ],
    ),
    "khai-giang": Topic(
        titles=[
            "Các trường học ở {huyen} tưng bừng khai giảng năm học mới",
            "Khai giảng năm học {nam}-{nam_sau}",
        ],
        openings=[
            "Sáng {ngay}, hơn {so_hs} học sinh các cấp trên địa bàn huyện {huyen} tưng bừng dự lễ khai giảng năm học {nam}-{nam_sau}.",
            "Cùng với cả nước, ngày {ngay}, các trường học ở huyện {huyen} đồng loạt tổ chức lễ khai giảng năm học mới.",
        ],
        body=[
            "Năm học này, toàn huyện có {so_truong} trường học với {so_lop} lớp, tăng {so_lop_them} lớp so với năm học trước.",
            "Để chuẩn bị cho năm học mới, các trường đã sửa chữa phòng học, bổ sung bàn ghế và thiết bị dạy học.",
            "Nhiều điểm trường ở thôn xa được các đoàn thể hỗ trợ làm lại mái che, nhà vệ sinh và bể chứa nước sạch.",
            "Học sinh dân tộc thiểu số chiếm khoảng {pct}% tổng số học sinh của huyện.",
            "Ngành giáo dục huyện đã vận động được {so_hs_ra_lop} học sinh bỏ học quay trở lại lớp.",
            "Tại lễ khai giảng, các trường trao học bổng, xe đạp và dụng cụ học tập cho học sinh có hoàn cảnh khó khăn.",
            "Huyện hiện còn thiếu {so_gv} giáo viên, chủ yếu ở cấp mầm non và tiểu học.",
            "Đồng chí {nguoi} – {chucvu} đánh trống khai giảng và chúc thầy cô, học sinh có một năm học thành công.",
            "Năm học trước, huyện có {so_hsg} học sinh đạt giải trong kỳ thi học sinh giỏi cấp tỉnh.",
            "Các trường tiếp tục thực hiện chương trình giáo dục phổ thông mới ở tất cả các khối lớp.",
            "Bữa ăn bán trú cho học sinh ở các xã đặc biệt khó khăn được bảo đảm đủ chất và an toàn.",
            "Phụ huynh ở nhiều thôn đã góp công, góp vật liệu sửa sang lớp học trước ngày khai giảng.",
        ],
        closings=[
            "Ngành giáo dục huyện đặt mục tiêu duy trì sĩ số, nâng cao chất lượng dạy học, nhất là dạy tiếng Việt cho học sinh dân tộc thiểu số.",
        ],
        captions=[
            "Học sinh dự lễ khai giảng tại trường ở {xa}",
            "Lãnh đạo huyện tặng quà cho học sinh",
        ],
    ),
    "duong-giao-thong": Topic(
        titles=[
            "Khánh thành đường giao thông liên thôn tại {xa}",
            "Bàn giao tuyến đường bê tông nông thôn cho người dân",
        ],
        openings=[
            "Ngày {ngay}, Ủy ban nhân dân {xa}, huyện {huyen} tổ chức lễ khánh thành, đưa vào sử dụng tuyến đường bê tông nối trung tâm xã với các thôn.",
            "Sau {so_thang} tháng thi công, tuyến đường liên thôn tại {xa}, huyện {huyen} đã hoàn thành và được bàn giao vào ngày {ngay}.",
        ],
        body=[
            "Tuyến đường dài {km} km, mặt đường rộng 3,5 m, được đầu tư từ nguồn vốn chương trình mục tiêu quốc gia xây dựng nông thôn mới.",
            "Tổng kinh phí xây dựng công trình là {ty} tỷ đồng, người dân đóng góp ngày công và hiến đất làm đường.",
            "Có {so_ho} hộ dân đã tự nguyện hiến gần {m2} m² đất để mở rộng nền đường.",
            "Trước đây, vào mùa mưa con đường lầy lội, việc đi lại và chở nông sản của bà con rất khó khăn.",
            "Công trình hoàn thành giúp học sinh đến trường thuận lợi hơn, nhất là vào những ngày mưa.",
            "Đơn vị thi công đã hoàn thành công trình sớm hơn {so_ngay} ngày so với kế hoạch.",
            "Ban giám sát đầu tư của cộng đồng theo dõi chặt chẽ chất lượng công trình trong suốt quá trình thi công.",
            "Nhân dịp này, xã phát động phong trào giữ gìn vệ sinh, trồng cây xanh hai bên đường.",
            "Trong năm, xã đã làm mới {km2} km đường giao thông nông thôn, đạt {pct}% kế hoạch.",
            "Xã đề nghị người dân không để xe quá tải đi trên tuyến đường để công trình được bền lâu.",
            "Ông {dan} trưởng thôn, cho biết bà con rất phấn khởi khi con đường mong đợi đã thành hiện thực.",
        ],
        closings=[
            "Ủy ban nhân dân xã giao cho các thôn quản lý, bảo dưỡng tuyến đường sau khi đưa vào sử dụng."
        ],
        captions=[
            "Các đại biểu cắt băng khánh thành công trình",
            "Tuyến đường bê tông mới tại {xa}",
        ],
    ),
    "nha-dai-doan-ket": Topic(
        titles=["Trao nhà Đại đoàn kết cho hộ nghèo tại {xa}", "{huyen} bàn giao nhà cho hộ nghèo"],
        openings=[
            "Ngày {ngay}, Ủy ban Mặt trận Tổ quốc Việt Nam huyện {huyen} tổ chức trao nhà Đại đoàn kết cho các hộ nghèo tại {xa}.",
            "Chiều {ngay}, tại {xa}, huyện {huyen} bàn giao nhà ở cho các hộ nghèo có hoàn cảnh khó khăn.",
        ],
        body=[
            "Đợt này có {so_nha} căn nhà được bàn giao, mỗi căn rộng {m2nha} m², trị giá {trieu} triệu đồng.",
            "Kinh phí xây dựng được trích từ Quỹ Vì người nghèo của huyện và sự đóng góp của doanh nghiệp, nhà hảo tâm.",
            "Các hộ được hỗ trợ đều là hộ đồng bào dân tộc thiểu số có hoàn cảnh đặc biệt khó khăn về nhà ở.",
            "Bà con trong thôn đã góp ngày công, chuyển vật liệu giúp các gia đình sớm hoàn thành ngôi nhà.",
            "Từ đầu năm đến nay, toàn huyện đã hỗ trợ xây mới và sửa chữa {so_nha2} căn nhà cho hộ nghèo, hộ cận nghèo.",
            "Bà {dan} xúc động cho biết gia đình đã có nơi ở vững chắc, không còn lo dột mỗi khi mùa mưa đến.",
            "Dịp này, Ban tổ chức còn trao tặng chăn màn, gạo và nhu yếu phẩm cho các hộ nhận nhà.",
            "Huyện phấn đấu đến cuối năm {nam} xóa hết nhà tạm, nhà dột nát trên địa bàn.",
            "Ủy ban Mặt trận Tổ quốc huyện sẽ tiếp tục vận động nguồn lực để hỗ trợ các hộ còn lại.",
            "Chính quyền xã hướng dẫn các hộ phát triển chăn nuôi, trồng trọt để sớm thoát nghèo bền vững.",
            "Tỷ lệ hộ nghèo của xã hiện còn {pct_small}%, giảm so với cùng kỳ năm trước.",
        ],
        closings=[
            "Đồng chí {nguoi} – {chucvu} mong các hộ giữ gìn ngôi nhà, tích cực lao động sản xuất để vươn lên trong cuộc sống.",
        ],
        captions=[
            "Trao quyết định hỗ trợ nhà cho các hộ nghèo",
            "Căn nhà Đại đoàn kết mới tại {xa}",
        ],
    ),
    "chay-rung": Topic(
        titles=[
            "{huyen} diễn tập phòng cháy, chữa cháy rừng năm {nam}",
            "Tăng cường phòng cháy, chữa cháy rừng mùa khô",
        ],
        openings=[
            "Ngày {ngay}, Ban Chỉ đạo Chương trình phát triển lâm nghiệp bền vững huyện {huyen} tổ chức diễn tập phòng cháy, chữa cháy rừng tại {xa}.",
            "Để chủ động ứng phó với cháy rừng trong mùa khô, ngày {ngay}, huyện {huyen} tổ chức diễn tập chữa cháy rừng cấp huyện.",
        ],
        body=[
            "Tham gia diễn tập có {so_nguoi} người thuộc các lực lượng kiểm lâm, quân sự, công an, dân quân và người dân địa phương.",
            "Tình huống giả định một đám cháy phát sinh từ việc đốt thực bì làm rẫy, lan nhanh vào rừng trồng do gió mạnh.",
            "Ngay khi phát hiện, tổ bảo vệ rừng của thôn báo cáo Ban Chỉ huy xã và tổ chức dập lửa ban đầu.",
            "Lực lượng chữa cháy dùng bàn dập lửa, máy thổi gió và làm đường băng trắng để khoanh vùng đám cháy.",
            "Toàn huyện hiện có {ha2} ha rừng, trong đó rừng tự nhiên chiếm phần lớn diện tích.",
            "Mùa khô năm nay được dự báo kéo dài, nguy cơ cháy rừng ở mức cao tại nhiều khu vực.",
            "Huyện đã dựng {so_choi} chòi canh lửa và bố trí người trực ở các khu vực trọng điểm.",
            "Chủ rừng được yêu cầu phát dọn vật liệu cháy và làm đường ranh cản lửa trước ngày {ngay2}.",
            "Các xã tuyên truyền để người dân không đốt nương rẫy vào những ngày nắng nóng, gió lớn.",
            "Năm trước, trên địa bàn xảy ra {so_vu} vụ cháy thực bì, không gây thiệt hại lớn về rừng.",
            "Hạt Kiểm lâm huyện phối hợp với các xã ký cam kết bảo vệ rừng với {so_ho} hộ sống gần rừng.",
        ],
        closings=[
            "Buổi diễn tập giúp các lực lượng nâng cao khả năng phối hợp, chủ động xử lý khi có cháy rừng xảy ra."
        ],
        captions=[
            "Lực lượng chữa cháy dập lửa trong buổi diễn tập",
            "Các đại biểu theo dõi buổi diễn tập tại {xa}",
        ],
    ),
    "giao-nhan-quan": Topic(
        titles=[
            "{huyen} tổ chức lễ giao nhận quân năm {nam}",
            "Tân binh lên đường nhập ngũ năm {nam}",
        ],
        openings=[
            "Sáng {ngay}, Hội đồng Nghĩa vụ quân sự huyện {huyen} tổ chức lễ giao nhận quân năm {nam}.",
            "Trong không khí phấn khởi, sáng {ngay}, huyện {huyen} long trọng tổ chức lễ tiễn thanh niên lên đường nhập ngũ.",
        ],
        body=[
            "Năm nay, huyện có {so_tan_binh} thanh niên lên đường nhập ngũ, trong đó có {so_dang_vien} đảng viên.",
            "Các tân binh đều được khám tuyển chặt chẽ, bảo đảm tiêu chuẩn về sức khỏe, chính trị và trình độ học vấn.",
            "Trước ngày lên đường, các xã đã tổ chức gặp mặt, tặng quà động viên tân binh và gia đình.",
            "Nhiều thanh niên đã viết đơn tình nguyện xin nhập ngũ sớm.",
            "Tân binh của huyện được giao cho các đơn vị thuộc Bộ Chỉ huy Quân sự tỉnh và Quân đoàn 34.",
            "Ban tổ chức bố trí xe đưa đón, bảo đảm an toàn giao thông trên suốt tuyến đường.",
            "Đồng chí {nguoi} – {chucvu} căn dặn các tân binh ra sức học tập, rèn luyện, giữ vững phẩm chất người quân nhân.",
            "Đại diện tân binh hứa sẽ nỗ lực rèn luyện, hoàn thành tốt nhiệm vụ được giao.",
            "Huyện luôn quan tâm giải quyết việc làm cho quân nhân hoàn thành nghĩa vụ trở về địa phương.",
            "Lễ giao nhận quân diễn ra nhanh gọn, trang trọng, an toàn, đúng thời gian quy định.",
        ],
        closings=[
            "Người thân, bạn bè đến tiễn các tân binh lên đường làm nghĩa vụ trong niềm tự hào."
        ],
        captions=[
            "Các tân binh trong lễ giao nhận quân",
            "Lãnh đạo huyện tặng hoa động viên tân binh",
        ],
    ),
}

# Rewordings an editor makes in one sentence; either side of a pair may hold either.
REWORDINGS = [
    ("tổ chức", "tổ chức thành công"),
    ("khoảng", "gần"),
    ("người dân", "bà con"),
    ("đã ", ""),
    ("các xã", "các địa phương"),
    ("tiếp tục", "sẽ tiếp tục"),
    ("trên địa bàn", "trên toàn địa bàn"),
    ("đề nghị", "yêu cầu"),
    ("kịp thời", "nhanh chóng"),
]
# Old-style and new-style tone placement (Quyết định 1989/QĐ-BGDĐT uses the right one).
TONE_PAIRS = [
    ("hóa", "hoá"),
    ("Hóa", "Hoá"),
    ("hòa", "hoà"),
    ("thủy", "thuỷ"),
    ("Thủy", "Thuỷ"),
    ("khỏe", "khoẻ"),
    ("Ủy", "Uỷ"),
    ("ủy", "uỷ"),
    ("họa", "hoạ"),
    ("lũy", "luỹ"),
]

VILLAGES = [
    "thôn Kon Klor",
    "làng Plei Rơ",
    "thôn Đăk Wơk",
    "thôn 3",
    "làng Kon Tu",
    "thôn Tân Sang",
    "thôn Măng Rơi",
    "làng Đăk Sơ",
    "thôn Ngọc Thang",
    "thôn Ia Kla",
]
