"""The package list, which pyproject.toml cannot express: every ``deskchat.*`` package found
on disk, plus the top-level ``resources/`` folder and its subfolders, which ship inside the
wheel as ``deskchat.resources`` (package-dir in pyproject.toml maps the name; discovery alone
never finds a folder under another name). Everything else lives in pyproject.toml."""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = [f"deskchat.{p}" for p in find_namespace_packages(include=["resources*"])]

setup(packages=[*find_packages(include=["deskchat", "deskchat.*"]), *RESOURCES])
