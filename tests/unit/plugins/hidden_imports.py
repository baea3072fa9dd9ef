# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plugins as loaded on a host where an optional package cannot be imported."""

from __future__ import annotations

import importlib.util
import sys


def _fresh_copy(module, name: str):
    spec = importlib.util.spec_from_file_location(name, module.__file__)
    copy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy)
    return copy


def load_without(monkeypatch, module, package: str, through=()):
    """A fresh copy of module (the original stays as it is), loaded while package and its submodules do not import.

    through: the modules by which module imports package; fresh copies of them stand in for them
    until the test ends, so that module sees them without package too.
    """
    for name in list(sys.modules):
        if name.startswith(package + "."):
            monkeypatch.delitem(sys.modules, name)
    # None in sys.modules makes "import package" raise ImportError.
    monkeypatch.setitem(sys.modules, package, None)
    for helper in through:
        copy = _fresh_copy(helper, helper.__name__)
        monkeypatch.setitem(sys.modules, helper.__name__, copy)
        parent, _dot, attribute = helper.__name__.rpartition(".")
        monkeypatch.setattr(sys.modules[parent], attribute, copy)
    return _fresh_copy(module, f"{module.__name__.rsplit('.', 1)[-1]}_without_{package}")
