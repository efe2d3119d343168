"""The demo's filed report: the province's Directive 05 report of last year, filed by its
propaganda officer through the service, so the list of filed reports and the "what changed since"
of this year's draft have something to show."""

from __future__ import annotations

import datetime

from ct05.documents.content import Header, Period
from ct05.documents.services import file_report

LIMITATIONS = (
    "Một số chi bộ ở thôn, bản vùng cao chưa duy trì đều sinh hoạt chuyên đề; việc đăng ký việc "
    "làm theo Bác ở một số nơi còn chung chung, khó đánh giá."
)
TASKS_AHEAD = (
    "Tiếp tục đưa nội dung học tập và làm theo Bác vào sinh hoạt chi bộ hằng tháng; gắn việc "
    "thực hiện bản cam kết với đánh giá, xếp loại chất lượng cuối năm."
)


def build_filed_reports(builder) -> None:
    period = Period.of_year(builder.last_year)
    officer = builder.users["tuyengiao"]
    day = min(builder.today, datetime.date(builder.this_year, 1, 15))
    header = Header.default_for(builder.root, day)
    header.number = "01-BC/TU"
    header.signer_name = "Nguyễn Văn Thành"
    header.signing_for = "T/M BAN THƯỜNG VỤ"
    header.signer_title = "PHÓ BÍ THƯ THƯỜNG TRỰC"
    header.recipients = (
        "- Ban Tuyên giáo Trung ương,\n- Các huyện ủy, đảng ủy trực thuộc,\n- Lưu VP."
    )
    texts = {
        "limitations": LIMITATIONS,
        "tasks_ahead": TASKS_AHEAD,
    }
    file_report(
        user=officer,
        organization=builder.root,
        period=period,
        header=header,
        texts=texts,
    )
