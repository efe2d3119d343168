"""The layers of docs/architecture.md, read from the source: every import runs downward.

``violations(root)`` parses every module under ``root`` (the ``ct05`` package) and names, by file
and line, each import that breaks a rule:

- ``core`` is ground: no module of it imports another app of CT05.
- An inner module (models, services, selectors, tallies, apps …) imports only apps of its own
  layer or lower, at the top of the module: an import of another app inside a function hides the
  dependency (it is how the old upward imports dodged their cycles).
- A face module (views, forms, admin, urls, context processors, template tags, management
  commands, an app's ``api.py`` or ``api/``) may also read any app below the faces' layer.
- Apps of one layer (the domain apps) import each other without a cycle.

``import_module("ct05.x")`` and ``apps.get_model("x", …)`` count as imports of ``x``; migrations are
left out (Django writes them, and they name other apps' models by design).
"""

from __future__ import annotations

import ast
import pathlib
from dataclasses import dataclass

# Lowest first. ``None`` stands for the domain apps: every app not named in another layer.
LAYERS: list[set[str] | None] = [
    {"core"},
    {"organizations"},
    {"people"},
    {"accounts"},
    None,
    {"reports"},
    {"api", "home", "dashboard", "exports", "imports", "transfer", "documents"},
    {"demo"},
]
FACES = 6
FACE_FILES = {"views.py", "forms.py", "admin.py", "urls.py", "context_processors.py", "api.py"}
FACE_DIRS = {"templatetags", "management", "api"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing app
    target: str  # the imported app
    file: str
    line: int
    face: bool
    in_function: bool


def apps_under(root: pathlib.Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "apps.py").exists())


def layer_of(apps: list[str]) -> dict[str, int]:
    named = set().union(*[layer for layer in LAYERS if layer])
    found = {}
    for i, layer in enumerate(LAYERS):
        for app in layer if layer is not None else [a for a in apps if a not in named]:
            found[app] = i
    return found


def _is_face(parts: tuple[str, ...]) -> bool:
    # parts: (app, ..., file.py)
    return parts[-1] in FACE_FILES or any(part in FACE_DIRS for part in parts[1:-1])


def _module_name(node: ast.ImportFrom, package: list[str]) -> str | None:
    if node.level == 0:
        return node.module
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


class _Collector(ast.NodeVisitor):
    def __init__(self, package: list[str]):
        self.package = package
        self.depth = 0
        self.found: list[tuple[str, int, bool]] = []  # (dotted module, line, in function)

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _add(self, module: str | None, line: int):
        if module:
            self.found.append((module, line, self.depth > 0))

    def visit_Import(self, node):
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node):
        module = _module_name(node, self.package)
        self._add(module, node.lineno)
        if module in ("ct05",) or (node.level and not node.module):
            # ``from ct05 import reports`` / ``from .. import reports``
            for alias in node.names:
                self._add(f"{module}.{alias.name}", node.lineno)

    def visit_Call(self, node):
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in ("import_module", "__import__") and args and isinstance(args[0], str):
            self._add(args[0], node.lineno)
        elif name == "get_model" and args and isinstance(args[0], str):
            self._add("ct05." + args[0].split(".")[0], node.lineno)
        self.generic_visit(node)


def imports(root: pathlib.Path) -> list[Import]:
    apps = set(apps_under(root))
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or parts[0] not in apps or "migrations" in parts:
            continue
        package = ["ct05", *parts[:-1]]
        collector = _Collector(package)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for module, line, in_function in collector.found:
            bits = module.split(".")
            if bits[0] != "ct05" or len(bits) < 2 or bits[1] not in apps or bits[1] == parts[0]:
                continue
            found.append(
                Import(
                    source=parts[0],
                    target=bits[1],
                    file=f"{root.name}/{'/'.join(parts)}",
                    line=line,
                    face=_is_face(parts),
                    in_function=in_function,
                )
            )
    return found


def _cycles(edges: dict[str, dict[str, Import]], layer: dict[str, int]) -> list[list[Import]]:
    """Each elementary cycle among apps of one layer, once, as the imports that make it."""
    found, seen = [], set()

    def walk(start: str, app: str, trail: list[Import]):
        for target, imp in sorted(edges.get(app, {}).items()):
            if layer[target] != layer[start]:
                continue
            if target == start:
                key = frozenset(i.source for i in [*trail, imp])
                if key not in seen:
                    seen.add(key)
                    found.append([*trail, imp])
            elif target > start and all(i.source != target for i in trail):
                walk(start, target, [*trail, imp])

    for app in sorted(edges):
        walk(app, app, [])
    return found


def violations(root: pathlib.Path) -> list[str]:
    layer = layer_of(apps_under(root))
    problems = []
    edges: dict[str, dict[str, Import]] = {}
    for imp in imports(root):
        src, dst = layer[imp.source], layer[imp.target]
        where = f"{imp.file}:{imp.line}"
        if imp.source == "core":
            problems.append(f"{where} core imports {imp.target}: core imports no other app")
            continue
        allowed = src if not imp.face else max(src, FACES - 1)
        if dst > allowed:
            problems.append(f"{where} {imp.source} imports {imp.target}, a layer above it")
        elif imp.in_function and not imp.face and dst != src:
            problems.append(
                f"{where} {imp.source} imports {imp.target} inside a function: "
                "import at the top of the module"
            )
        if not imp.face:
            edges.setdefault(imp.source, {}).setdefault(imp.target, imp)
    for cycle in _cycles(edges, layer):
        names = " -> ".join([cycle[0].source, *(i.target for i in cycle)])
        lines = ", ".join(f"{i.file}:{i.line}" for i in cycle)
        problems.append(f"cycle {names} ({lines})")
    return problems
