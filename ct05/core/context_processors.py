"""What every page's header shows."""

from __future__ import annotations

from .views import role_flags

# The pages of the registers' group in the menu: on one of them the group is shown open.
REGISTER_PATHS = (
    "/tasks/", "/plans/", "/inspections/", "/activities/", "/models/", "/dialogues/",
    "/indicators/",
)  # fmt: skip


def menu(request) -> dict:
    """The menu's role flags on every page, error pages included."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {**role_flags(user), "menu_registers_open": request.path.startswith(REGISTER_PATHS)}
