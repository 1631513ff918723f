"""Only what pyproject.toml cannot say: prompts/ (top of the repository) ships inside the wheel as coach._prompts."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["coach", "coach.*"]), "coach._prompts"],
    package_dir={"coach._prompts": "prompts"},
    package_data={"coach": ["py.typed"], "coach._prompts": ["*.yaml"]},
)
