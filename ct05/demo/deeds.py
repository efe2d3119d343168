"""Deeds ("việc làm theo Bác") people register, by the kind of work they do.

Titles follow how districts list them in their reports: concrete, countable, suited to the
position. ``{n}`` is filled with a small number so two people do not read exactly alike.
"""

from __future__ import annotations

import random

GENERAL = [
    "Tự học, tự rèn luyện, nêu cao tinh thần trách nhiệm, nói đi đôi với làm",
    "Thực hành tiết kiệm, sống giản dị, gương mẫu để quần chúng noi theo",
    "Đọc và làm theo ít nhất {n} cuốn sách về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Ủng hộ Quỹ \u201cVì người nghèo\u201d và các phong trào nhân đạo, từ thiện",
    "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước nơi cư trú",
    "Tham gia đầy đủ các buổi sinh hoạt chi bộ, đóng đảng phí đúng quy định",
]

VILLAGE = [
    "Giúp đỡ {n} hộ nghèo trong thôn phát triển kinh tế",
    "Tham gia làm đường bê tông nội thôn",
    "Vận động nhân dân hiến đất làm đường giao thông nông thôn",
    "Vận động 100% hộ gia đình trong thôn tham gia bảo hiểm y tế",
    "Tuyên truyền, vận động nhân dân không tảo hôn, kết hôn cận huyết thống",
    "Vận động con em trong độ tuổi đến trường, không để học sinh bỏ học",
    "Giữ gìn vệ sinh môi trường, xây dựng nhà tiêu hợp vệ sinh",
    "Trồng và chăm sóc {n} ha quế",
    "Trồng {n} sào thảo quả dưới tán rừng",
    "Phát triển mô hình chăn nuôi lợn đen bản địa",
    "Vận động nhân dân không nghe theo kẻ xấu, không truyền đạo trái pháp luật",
    "Tham gia tuần tra bảo vệ rừng, phòng chống cháy rừng",
    "Tham gia \u201cNgày cuối tuần cùng dân\u201d khai hoang ruộng bậc thang",
    "Xây dựng gia đình văn hóa, góp phần xây dựng thôn văn hóa",
    "Vận động nhân dân thực hiện nếp sống văn minh trong việc cưới, việc tang",
    "Cải tạo vườn tạp, trồng cây ăn quả có giá trị kinh tế",
    "Tham gia hòa giải mâu thuẫn trong cộng đồng dân cư",
    "Đóng góp {n} ngày công làm kênh mương nội đồng",
    "Vận động nhân dân lắp đặt đèn chiếu sáng đường thôn",
]

VILLAGE_LEADER = [
    "Duy trì sinh hoạt chi bộ định kỳ đúng quy định, nâng cao chất lượng sinh hoạt",
    "Bồi dưỡng, giới thiệu {n} quần chúng ưu tú để kết nạp Đảng",
    "Vận động nhân dân đóng góp ngày công xây dựng nhà văn hóa thôn",
    "Đối thoại với nhân dân trong thôn, giải quyết kiến nghị ngay tại cơ sở",
    "Phấn đấu thôn giữ vững danh hiệu thôn văn hóa",
]

COMMUNE = [
    "Giải quyết thủ tục hành chính cho người dân đúng hạn, không để tồn đọng",
    "Thực hiện nghiêm văn hóa công sở, không hách dịch, cửa quyền",
    "Phụ trách, giúp đỡ 1 thôn đặc biệt khó khăn thực hiện tiêu chí nông thôn mới",
    "Đi cơ sở ít nhất {n} ngày/tháng, nắm bắt tâm tư, nguyện vọng của nhân dân",
    "Thực hành tiết kiệm, chống lãng phí trong sử dụng tài sản công",
    "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
    "Tham gia đối thoại trực tiếp với nhân dân ít nhất {n} lần/năm",
    "Hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo trên địa bàn",
]

SCHOOL = [
    "Kèm cặp, phụ đạo học sinh yếu kém ngoài giờ lên lớp",
    "Vận động {n} học sinh bỏ học trở lại lớp",
    "Ứng dụng công nghệ thông tin, chuyển đổi số trong soạn giảng",
    "Chăm lo bữa ăn, chỗ ở cho học sinh bán trú",
    "Quyên góp sách vở, quần áo ấm cho học sinh vùng cao",
]

HEALTH = [
    "Thực hiện \u201cLương y phải như từ mẫu\u201d, ân cần, niềm nở với người bệnh",
    "Khám, tư vấn sức khỏe miễn phí cho người cao tuổi tại thôn bản",
    "Tuyên truyền tiêm chủng mở rộng, chăm sóc sức khỏe bà mẹ và trẻ em",
    "Không để người bệnh phải chờ đợi lâu, công khai giá dịch vụ",
    "Tham gia hiến máu tình nguyện ít nhất {n} lần/năm",
]

PROVINCIAL = [
    "Tham mưu xây dựng văn bản bảo đảm chất lượng, đúng thời hạn",
    "Không uống rượu, bia trong giờ làm việc, chấp hành nghiêm kỷ luật, kỷ cương hành chính",
    "Đỡ đầu {n} học sinh có hoàn cảnh khó khăn tại xã vùng cao",
    "Số hóa hồ sơ, tài liệu thuộc lĩnh vực được giao",
    "Đi cơ sở nắm tình hình ít nhất {n} lần/quý",
    "Hoàn thành nhiệm vụ được giao đúng tiến độ, không để chậm, muộn",
]

PROPAGANDA = [
    "Viết ít nhất {n} bài tuyên truyền về gương điển hình học tập và làm theo Bác",
    "Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng",
    "Biên soạn tài liệu học tập chuyên đề năm bảo đảm ngắn gọn, dễ hiểu",
    "Theo dõi, tổng hợp kết quả thực hiện Chỉ thị 05 của các đảng bộ cơ sở hằng quý",
]

FRONT = [
    "Vận động xây dựng {n} \u201cNhà Đại đoàn kết\u201d cho hộ nghèo",
    "Giám sát việc thực hiện chính sách hỗ trợ hộ nghèo ở cơ sở",
    "Hướng dẫn hội viên xây dựng mô hình tổ hợp tác sản xuất",
    "Tổ chức ít nhất {n} hoạt động tình nguyện tại các xã vùng cao",
    "Phát triển thêm {n} hội viên, đoàn viên mới",
]

POOLS = {
    "village": VILLAGE,
    "village_leader": VILLAGE_LEADER + VILLAGE,
    "commune": COMMUNE,
    "school": SCHOOL,
    "health": HEALTH,
    "provincial": PROVINCIAL,
    "propaganda": PROPAGANDA + PROVINCIAL,
    "front": FRONT,
}

DESCRIPTIONS = [
    "Thực hiện thường xuyên trong năm {year}.",
    "Hoàn thành trước 30/6/{year}.",
    "Hoàn thành trước 30/9/{year}.",
    "Hoàn thành trước 31/12/{year}.",
    "Báo cáo kết quả tại buổi sinh hoạt chi bộ hằng tháng.",
    "",
]

PLEDGES = [
    "Tôi xin cam kết tu dưỡng, rèn luyện đạo đức, lối sống; gương mẫu thực hiện chủ trương của "
    "Đảng, chính sách, pháp luật của Nhà nước và quy định nơi cư trú; hoàn thành tốt nhiệm vụ "
    "được giao năm {year}.",
    "Tôi xin cam kết học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh bằng những "
    "việc làm cụ thể, thiết thực; không suy thoái về tư tưởng chính trị, đạo đức, lối sống.",
    "Tôi xin cam kết giữ gìn phẩm chất đạo đức của người đảng viên, đoàn kết, gần dân, trọng "
    "dân, có trách nhiệm với công việc được giao năm {year}.",
]

PROGRESS = [
    "Đã triển khai, đang thực hiện theo kế hoạch.",
    "Hoàn thành khoảng {p}% khối lượng công việc.",
    "Đã báo cáo kết quả tại buổi sinh hoạt chi bộ tháng {m}.",
    "Gặp khó khăn do thời tiết mưa lũ, phấn đấu hoàn thành trong quý IV.",
    "Chi bộ ghi nhận kết quả bước đầu, đề nghị tiếp tục duy trì.",
]

RETURN_NOTE = "Việc làm chưa cụ thể, đề nghị bổ sung số lượng và thời gian hoàn thành."


def pick_deeds(rng: random.Random, category: str, count: int, year: int) -> list[dict]:
    """``count`` deeds: mostly from the category's list, one general."""
    own = POOLS.get(category, PROVINCIAL)
    titles = rng.sample(own, min(count - 1, len(own))) + rng.sample(GENERAL, 1)
    return [
        {
            "title": title.format(n=rng.randint(1, 3)),
            "description": rng.choice(DESCRIPTIONS).format(year=year),
        }
        for title in titles
    ]


def progress_text(rng: random.Random, month: int) -> str:
    return rng.choice(PROGRESS).format(p=rng.choice([30, 40, 50, 60, 70, 80]), m=month)
