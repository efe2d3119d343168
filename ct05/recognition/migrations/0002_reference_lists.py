from django.db import migrations

from ct05.core.reference import seed

TYPES = [
    {"code": "dan_van_kheo", "name": "Dân vận khéo"},
    {"code": "cooperative", "name": "Hợp tác xã"},
    {"code": "cooperative_group", "name": "Tổ hợp tác"},
    {"code": "self_managed_group", "name": "Tổ tự quản"},
    {"code": "production_model", "name": "Mô hình sản xuất"},
    {"code": "club", "name": "Câu lạc bộ"},
    {"code": "self_managed_clan", "name": "Dòng họ tự quản"},
    {"code": "ocop_product", "name": "Sản phẩm OCOP"},
    {"code": "breakthrough_model", "name": "Mô hình đột phá"},
    {"code": "good_people_good_deeds", "name": "Người tốt - Việc tốt"},
]
FORMS = [
    {"code": "certificate_of_merit", "name": "Giấy khen"},
    {"code": "diploma_of_merit", "name": "Bằng khen"},
    {"code": "letter_of_commendation", "name": "Thư khen"},
]
ISSUERS = [
    {"code": "district_standing_committee", "name": "Ban Thường vụ Huyện ủy", "level": "district"},
    {"code": "district_peoples_committee", "name": "Ủy ban nhân dân huyện", "level": "district"},
    {"code": "provincial_standing_committee", "name": "Ban Thường vụ Tỉnh ủy", "level": "province"},
    {"code": "provincial_peoples_committee_chair", "name": "Chủ tịch Ủy ban nhân dân tỉnh", "level": "province"},
    {"code": "provincial_secretary", "name": "Bí thư Tỉnh ủy", "level": "province"},
    {"code": "central_propaganda_commission", "name": "Ban Tuyên giáo Trung ương", "level": "central"},
]  # fmt: skip


def forwards(apps, schema_editor):
    seed(apps.get_model("recognition", "ExemplarType"), TYPES)
    seed(apps.get_model("recognition", "AwardForm"), FORMS)
    seed(apps.get_model("recognition", "AwardIssuer"), ISSUERS)


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
