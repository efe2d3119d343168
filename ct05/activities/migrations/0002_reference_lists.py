from django.db import migrations

from ct05.core.reference import seed

PROGRAMMES = [
    {"code": "weekend_with_people", "name": "Ngày cuối tuần cùng dân"},
    {"code": "good_people_good_deeds", "name": "Người tốt - Việc tốt"},
    {"code": "skilled_mass_mobilization", "name": "Dân vận khéo"},
]
UNITS = [
    {"code": "terrace_ha", "name": "Diện tích ruộng bậc thang khai hoang", "symbol": "ha", "decimals": 2},
    {"code": "road_repaired_km", "name": "Đường giao thông tu sửa", "symbol": "km", "decimals": 2},
    {"code": "road_concreted_km", "name": "Đường giao thông bê tông hóa", "symbol": "km", "decimals": 2},
    {"code": "lighting_km", "name": "Đường điện chiếu sáng", "symbol": "km", "decimals": 2},
    {"code": "vnd", "name": "Tiền đóng góp", "symbol": "đồng", "decimals": 0},
    {"code": "workdays", "name": "Ngày công", "symbol": "ngày công", "decimals": 0},
    {"code": "people_reached", "name": "Lượt người được tuyên truyền", "symbol": "người", "decimals": 0},
    {"code": "houses_built", "name": "Nhà được xây dựng, sửa chữa", "symbol": "nhà", "decimals": 0},
]  # fmt: skip


def forwards(apps, schema_editor):
    seed(apps.get_model("activities", "Programme"), PROGRAMMES)
    seed(apps.get_model("activities", "OutputUnit"), UNITS)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
