# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plugins as loaded on a host where an optional package cannot be imported."""

from __future__ import annotations

import importlib.util
import sys


def load_without(monkeypatch, module, package: str):
    """A fresh copy of module (the original stays as it is), loaded while package and its submodules do not import."""
    for name in list(sys.modules):
        if name.startswith(package + "."):
            monkeypatch.delitem(sys.modules, name)
    # None in sys.modules makes "import package" raise ImportError.
    monkeypatch.setitem(sys.modules, package, None)
    spec = importlib.util.spec_from_file_location(f"{module.__name__.rsplit('.', 1)[-1]}_without_{package}", module.__file__)
    copy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy)
    return copy
