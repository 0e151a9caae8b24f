"""``saferail.agents`` names each export three times (a ``TYPE_CHECKING`` import for the type
checker, a literal ``__all__``, the lazy ``_LAZY`` table), and each defining module names it
once more in its own ``__all__``: these tests keep the four in step."""

import ast
import importlib
import inspect

import saferail.agents as agents


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(inspect.getsource(agents))
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module
                names.update({alias.name: stmt.module for alias in stmt.names})
    return names


def test_all_the_lazy_table_and_the_typing_imports_agree() -> None:
    assert len(agents.__all__) == len(set(agents.__all__))
    assert set(agents.__all__) == set(agents._LAZY)
    assert _type_checking_imports() == agents._LAZY


def test_every_export_is_its_modules_public_object() -> None:
    for name, module_name in agents._LAZY.items():
        module = importlib.import_module(module_name)
        assert name in module.__all__, (name, module_name)
        assert getattr(agents, name) is getattr(module, name)
