"""How the first-party packages (cms, intake, search, themes) import each other.

Two rules, read from the source with ``ast`` (nothing is imported):

* No import cycle between modules at module level. A cycle works only as long as the modules
  happen to be imported in one order; imported in another, one of them finds the other half
  initialised and fails with an ImportError that no single file explains.
* A first-party import inside a function says why it is there, in a comment on its line or
  above it (one comment above a block of imports covers the block). Such an import usually
  breaks a cycle or waits for the app registry (``AppConfig.ready``); without the reason, the
  next reader cannot tell whether it may move to the top of the module.

Migrations are left out: Django loads them on its own terms.
"""

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = ("cms", "intake", "search", "themes")
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
IMPORTS = (ast.Import, ast.ImportFrom)
# Pragmas for linters are not reasons.
PRAGMA = re.compile(r"(noqa(:\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*)?|type:\s*ignore(\[[^]]*\])?)")


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    lines: list[str]

    @property
    def package(self) -> str:
        """The package that relative imports in this module start from."""
        return self.name if self.path.name == "__init__.py" else self.name.rpartition(".")[0]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def load_modules(root: Path = ROOT, packages=FIRST_PARTY) -> dict[str, Module]:
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            source = path.read_text()
            name = module_name(path, root)
            modules[name] = Module(name, path, ast.parse(source), source.splitlines())
    return modules


@functools.cache
def first_party_modules() -> dict[str, Module]:
    """The hub's own modules, parsed once for both checks."""
    return load_modules()


def imported_modules(node: ast.Import | ast.ImportFrom, module: Module, modules) -> set[str]:
    """The first-party modules an import statement names: ``from a.b import c`` is ``a.b.c``
    when that is a module, ``a.b`` otherwise. A name inside a module maps to that module."""
    if isinstance(node, ast.Import):
        candidates = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.package.split(".")[: len(module.package.split(".")) - node.level + 1]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module
        candidates = [
            f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
            for alias in node.names
        ]
    found = set()
    for name in candidates:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module.name:
            found.add(name)
    return found


def import_statements(statements: list[ast.stmt], *, in_function: bool = False):
    """Every import statement in a body, nested blocks included, as (statement, whether it is
    inside a function, the statements before it in its own body)."""
    for index, statement in enumerate(statements):
        if isinstance(statement, IMPORTS):
            yield statement, in_function, statements[:index]
            continue
        inner = in_function or isinstance(statement, FUNCTIONS)
        for _field, value in ast.iter_fields(statement):
            if not isinstance(value, list):
                continue
            for item in value:
                if isinstance(item, ast.excepthandler | ast.match_case):
                    yield from import_statements(item.body, in_function=inner)
            if value and isinstance(value[0], ast.stmt):
                yield from import_statements(value, in_function=inner)


def module_level_imports(module: Module):
    """Imports run when the module is imported: everywhere but inside functions (class
    bodies and ``if`` or ``try`` blocks at the top run at import time too)."""
    return [node for node, in_function, _ in import_statements(module.tree.body) if not in_function]


def function_level_imports(module: Module):
    """Imports inside functions, each with the statements before it in its body."""
    return [
        (node, earlier)
        for node, in_function, earlier in import_statements(module.tree.body)
        if in_function
    ]


def import_graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    return {
        name: {
            target
            for node in module_level_imports(module)
            for target in imported_modules(node, module, modules)
        }
        for name, module in modules.items()
    }


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm,
    iterative), each sorted; a component holds every module of the cycles through it."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = lowest[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = lowest[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    lowest[node] = min(lowest[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[node])
                if lowest[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
    return sorted(cycles)


def has_reason(line: str) -> bool:
    """Whether a line carries a comment that says something beyond a linter pragma."""
    if "#" not in line:
        return False
    comment = line.split("#", 1)[1]
    return bool(PRAGMA.sub("", comment).strip(" #():-"))


def nearest_line_above(lines: list[str], lineno: int) -> str:
    """The nearest non-blank line above line ``lineno`` (counted from 1), stripped."""
    return next((line.strip() for line in reversed(lines[: lineno - 1]) if line.strip()), "")


def import_explained(node, earlier: list[ast.stmt], lines: list[str]) -> bool:
    """The import carries a comment, or the nearest non-blank line above it within its block
    does: the block is the run of import statements just before it in the same body, so
    one comment above a block covers all of it."""
    block = [node]
    for statement in reversed(earlier):
        if not isinstance(statement, IMPORTS):
            break
        block.append(statement)
    for statement in block:
        if any(has_reason(line) for line in lines[statement.lineno - 1 : statement.end_lineno]):
            return True
        above = nearest_line_above(lines, statement.lineno)
        if above.startswith("#"):
            return has_reason(above)
    return False


def unexplained_function_imports(modules: dict[str, Module]) -> list[str]:
    """``module:line  statement`` for each first-party import inside a function with no
    comment saying why, in module and line order."""
    found = []
    for name, module in modules.items():
        for node, earlier in function_level_imports(module):
            if imported_modules(node, module, modules) and not import_explained(
                node, earlier, module.lines
            ):
                found.append((name, node.lineno, module.lines[node.lineno - 1].strip()))
    return [f"{name}:{lineno}  {statement}" for name, lineno, statement in sorted(found)]


def test_no_import_cycle_between_first_party_modules():
    cycles = import_cycles(import_graph(first_party_modules()))
    assert not cycles, "Modules that import each other at module level:\n" + "\n".join(
        "  " + " <-> ".join(component) for component in cycles
    )


def test_first_party_imports_in_functions_say_why():
    unexplained = unexplained_function_imports(first_party_modules())
    assert not unexplained, (
        "First-party imports inside functions with no comment saying why they are not at the "
        "top of the module (move them up unless that makes a cycle or runs before the app "
        "registry is ready):\n" + "\n".join("  " + line for line in unexplained)
    )


# Apps lower in the house than the ones that register into them: nothing they import, at any
# depth, may be one of those higher apps.
LOWER_APPS = {
    "cms.editorial": ("intake", "search", "cms.insights"),
    "intake.privacy": (
        "intake.personal_data",
        "intake.services",
        "intake.engagement",
        "intake.alerts",
        "intake.meetings",
        "search",
    ),
}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        for target in graph.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def intake_apart_from(*kept: str) -> tuple[str, ...]:
    """Every module of the intake service but those in ``kept`` (the app itself and what it may
    build on): what the register, engagement, meetings and alerts add on top. The package's
    own ``__init__`` is left out, since every module in it has that name as a prefix."""
    return tuple(
        name
        for name in first_party_modules()
        if name.startswith("intake.")
        and not any(name == app or name.startswith(app + ".") for app in kept)
    )


def test_lower_apps_import_no_app_above_them():
    graph = import_graph(first_party_modules())
    breaches = []
    lower_apps = {
        **LOWER_APPS,
        # What every form and JSON endpoint shares builds on personal data and nothing else of
        # the intake service.
        "intake.submissions": (
            *intake_apart_from("intake.submissions", "intake.privacy"),
            "search",
            "cms.insights",
        ),
    }
    for app, higher in lower_apps.items():
        for name in (n for n in graph if n == app or n.startswith(app + ".")):
            above = {
                target
                for target in reachable(graph, name)
                if any(target == h or target.startswith(h + ".") for h in higher)
            }
            breaches += [f"{name} -> {target}" for target in sorted(above)]
    assert not breaches, "Lower apps reaching apps above them:\n" + "\n".join(breaches)


def write_package(root: Path, files: dict[str, str]) -> dict[str, Module]:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return load_modules(root, packages=("cms",))


def test_checks_find_a_cycle_and_an_unexplained_import(tmp_path):
    modules = write_package(
        tmp_path,
        {
            "cms/__init__.py": "",
            "cms/a.py": "from cms import b\n",
            "cms/b.py": "from cms.a import thing\n\n\ndef f():\n    from cms import c\n",
            "cms/c.py": (
                "def f():\n"
                "    # c is imported late on purpose\n"
                "    from cms import a\n"
                "    from cms import b\n"
                "\n"
                "\n"
                "def g():\n"
                "    from cms import a  # noqa: F401\n"
                "\n"
                "\n"
                "def h():\n"
                "    x = 1\n"
                "    from cms import a\n"
                "    # b waits for the models\n"
                "    from cms import b\n"
                "    import os\n"
                "    import cms.a\n"
            ),
        },
    )
    assert import_cycles(import_graph(modules)) == [["cms.a", "cms.b"]]
    assert [line.split()[0] for line in unexplained_function_imports(modules)] == [
        "cms.b:5",
        "cms.c:8",
        "cms.c:13",
    ]


def test_from_package_import_submodule_is_an_edge_to_the_submodule(tmp_path):
    modules = write_package(
        tmp_path,
        {
            "cms/__init__.py": "from cms import b\n",
            "cms/b.py": "from cms import c\nfrom . import d\nfrom .c import name\n",
            "cms/c.py": "",
            "cms/d.py": "",
        },
    )
    graph = import_graph(modules)
    assert graph["cms"] == {"cms.b"}
    assert graph["cms.b"] == {"cms.c", "cms.d"}
    assert import_cycles(graph) == []
