"""The apps keep the layers of docs/architecture.md.

The rule is the JSON block of docs/architecture.md (read here, so the two cannot drift).
Every Townhall module is parsed with ``ast`` (nothing is imported, so no import-time
effect can hide an import) and the tests fail on:

- an import of an app that the table does not allow (function-local imports included);
- an import cycle between apps;
- an import of a Townhall module placed inside a function, outside the few places Django
  and Wagtail require one (ALLOWED_LOCAL_IMPORTS, each with its reason);
- a private name (``_name``) of one module used by another.
"""

import ast
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def load_layers():
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"```json architecture-layers\n(.*?)```", text, re.DOTALL)
    assert match, "docs/architecture.md has no ```json architecture-layers block"
    return json.loads(match.group(1))


LAYERS = load_layers()
APPS = set(LAYERS)

# Function-local imports Django or Wagtail require: (module, function) -> why.
# AppConfig.ready(), migrations and settings are allowed without being listed.
ALLOWED_LOCAL_IMPORTS = {
    ("home.models.pages", "get_submissions_list_view_class"): (
        "a model naming an admin view: Wagtail's admin views cannot be imported while models load"
    ),
}

# Imports in modules that other helpers of issue 11 rewrite, listed so the rest is checked
# now. THE LEAD EMPTIES THIS AT MERGE: test_pending_entries_are_still_real fails for every
# entry the merged code no longer has. Function-local imports have no such list: none is
# pending.
PENDING = {
    # layer breaks / cycles: (importing module, imported module)
    "layers": set(),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (or module.name)
    names: tuple  # names imported by ``from target import …``
    line: int
    function: str | None  # the enclosing function, if any

    @property
    def app(self):
        return self.module.split(".")[0]

    @property
    def target_app(self):
        return self.target.split(".")[0]


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def python_files():
    for app in sorted(APPS):
        yield from sorted((ROOT / app).rglob("*.py"))


def is_module(dotted):
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def parse(path):
    module = module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imports = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    imports.append(Import(module, alias.name, (), child.lineno, function))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module
                names = tuple(alias.name for alias in child.names)
                imports.append(Import(module, target, names, child.lineno, function))
            visit(child, function)

    visit(tree, None)
    return tree, [item for item in imports if item.target_app in APPS]


@functools.cache
def parsed():
    """{module: (tree, imports)} for every Townhall module: parsed on the first test's call,
    not at import, so that the test workers that collect this module without running its
    tests do not parse the project (~1 s of CPU each)."""
    return {module_name(path): parse(path) for path in python_files()}


def all_imports():
    return [item for _tree, imports in parsed().values() for item in imports]


def is_django_place(item):
    parts = item.module.split(".")
    return (
        "migrations" in parts
        or "settings" in parts[:2]
        or (parts[-1] == "apps" and item.function == "ready")
    )


def test_the_layer_table_names_every_app_and_only_apps():
    apps_on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"townhall"}
    assert APPS == apps_on_disk
    for app, allowed in LAYERS.items():
        assert set(allowed) <= APPS, app
        assert app not in allowed, app


def find_cycle(graph):
    """One cycle of `graph` ({node: set(nodes)}) as a list, or None."""
    state = {}

    def walk(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = walk(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = walk(node, [node])
            if found:
                return found
    return None


def test_the_layer_table_has_no_cycle():
    assert find_cycle({app: set(allowed) for app, allowed in LAYERS.items()}) is None


def test_no_import_breaks_the_layers():
    broken = [
        f"{item.module}:{item.line} imports {item.target} ({item.app} may not import "
        f"{item.target_app})"
        for item in all_imports()
        if item.target_app != item.app
        and item.target_app not in LAYERS[item.app]
        and (item.module, item.target) not in PENDING["layers"]
    ]
    assert broken == []


def test_no_import_cycle_between_apps():
    graph = {}
    for item in all_imports():
        if item.target_app != item.app and (item.module, item.target) not in PENDING["layers"]:
            graph.setdefault(item.app, set()).add(item.target_app)
    assert find_cycle(graph) is None


def test_imports_of_townhall_modules_are_at_module_level():
    local = [
        f"{item.module}:{item.line} imports {item.target} inside {item.function}()"
        for item in all_imports()
        if item.function
        and not is_django_place(item)
        and (item.module, item.function) not in ALLOWED_LOCAL_IMPORTS
    ]
    assert local == []


def private(name):
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_another_modules_private_names():
    found = []
    for module, (tree, imports) in parsed().items():
        # Names bound to Townhall modules in this module: ``import a.b as x``,
        # ``from a import b`` when a.b is a module.
        module_aliases = {}
        for item in imports:
            if item.names:
                found.extend(
                    f"{module}:{item.line} imports {item.target}.{name}"
                    for name in item.names
                    if private(name) and item.target != module
                )
                for name in item.names:
                    if is_module(f"{item.target}.{name}"):
                        module_aliases[name] = f"{item.target}.{name}"
        for node in ast.walk(tree):
            if isinstance(node, ast.alias) and not node.name.startswith(".") and node.asname:
                if node.name.split(".")[0] in APPS and is_module(node.name):
                    module_aliases[node.asname] = node.name
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in module_aliases
                and private(node.attr)
                and module_aliases[node.value.id] != module
            ):
                found.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert found == []


@pytest.mark.parametrize("kind", sorted(PENDING))
def test_pending_entries_are_still_real(kind):
    """An entry the code no longer needs must go: PENDING only ever shrinks to empty."""
    real = {(item.module, item.target) for item in all_imports()}
    assert PENDING[kind] - real == set()
