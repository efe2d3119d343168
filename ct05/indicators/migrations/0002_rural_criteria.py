from django.db import migrations

# Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 (Quyết định 318/QĐ-TTg).
CRITERIA = [
    "Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện", "Trường học",
    "Cơ sở vật chất văn hóa", "Cơ sở hạ tầng thương mại nông thôn", "Thông tin và Truyền thông",
    "Nhà ở dân cư", "Thu nhập", "Nghèo đa chiều", "Lao động",
    "Tổ chức sản xuất và phát triển kinh tế nông thôn", "Giáo dục và Đào tạo", "Y tế",
    "Văn hóa", "Môi trường và an toàn thực phẩm", "Hệ thống chính trị và tiếp cận pháp luật",
    "Quốc phòng và An ninh",
]  # fmt: skip


def forwards(apps, schema_editor):
    model = apps.get_model("indicators", "RuralCriterion")
    known = set(model.objects.values_list("number", flat=True))
    model.objects.bulk_create(
        model(number=i, code=f"criterion_{i:02d}", name=name, order=i)
        for i, name in enumerate(CRITERIA, start=1)
        if i not in known
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
