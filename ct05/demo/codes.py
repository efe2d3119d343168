"""Organization codes for the demo and the synthetic province, so that the import's templates
(organizations by code, the parent named by code) can be tried on them at once.

A code follows the tree: the root's code, then each step's place among its siblings
(``DEMO-LAOCAI.03.12``). Deterministic, since the tree is.
"""

from __future__ import annotations

from ct05.organizations.models import Organization


def code_for(root_code: str, path: str, steplen: int = Organization.steplen) -> str:
    """The code of the organization at ``path`` under a root coded ``root_code``."""
    steps = [path[i : i + steplen] for i in range(steplen, len(path), steplen)]
    return ".".join([root_code, *(f"{int(step, 36):02d}" for step in steps)])


def assign_codes(root: Organization) -> int:
    """Give every organization of ``root``'s subtree without a code its code; returns how many
    were coded (none the second time)."""
    missing = list(
        Organization.objects.filter(path__startswith=root.path, code="").only("pk", "path")
    )
    for organization in missing:
        organization.code = code_for(root.code, organization.path)
    Organization.objects.bulk_update(missing, ["code"], batch_size=1000)
    return len(missing)
