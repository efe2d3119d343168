from django import forms
from django.utils.translation import gettext_lazy as _

from .services import check_workbook


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("A workbook made from one of the templates above, or an export edited."),
    )
    dry_run = forms.BooleanField(label=_("Only check, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_workbook(upload)
        return upload
