"""Filing a report: the document as the officer edited it, with the figures of the records now."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ct05.core.models import TEXT_LENGTH
from ct05.core.permissions import require_change
from ct05.organizations.models import Organization
from ct05.reports.selectors import directive05_report

from .content import Header, Period, build_document, flagged_sentences, plain_figures
from .models import FiledReport, ReportKind


def draft(*, organization: Organization, period: Period, header: Header, texts=None):
    """(report, document) from today's records, with the officer's texts if given."""
    report = directive05_report(organization=organization, period=period)
    return report, build_document(report, period=period, header=header, texts=texts)


@transaction.atomic
def file_report(
    *,
    user,
    organization: Organization,
    period: Period,
    header: Header,
    texts: dict[str, str],
    accept_flagged: bool = False,
) -> FiledReport:
    """File the report as the officer wrote it. The figures are those of the records now; a
    sentence holding a figure the records do not give stops the filing unless the officer says
    they have checked it (``accept_flagged``)."""
    require_change(user, organization)
    errors = {}
    if not header.number.strip():
        errors["number"] = _("Give the report's number, e.g. 12-BC/ĐU.")
    if not header.signer_name.strip():
        errors["signer_name"] = _("Give the name of the person who signs the report.")
    if any(len(text) > TEXT_LENGTH for text in texts.values()):
        errors["texts"] = _("A paragraph may hold at most %(n)s characters.") % {"n": TEXT_LENGTH}
    if errors:
        raise ValidationError(errors)
    report, document = draft(organization=organization, period=period, header=header, texts=texts)
    if flagged_sentences(document) and not accept_flagged:
        raise ValidationError(
            {
                "accept_flagged": _(
                    "Some sentences hold figures that the records do not give (marked). Correct "
                    "them, or tick that you have checked them."
                )
            }
        )
    return FiledReport.objects.create(
        organization=organization,
        kind=ReportKind.DIRECTIVE05,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        number=header.number.strip(),
        issued_on=header.issued_on,
        signer_name=header.signer_name.strip(),
        figures=plain_figures(report),
        content=document,
        author=user,
        author_name=user.display_name,
    )
