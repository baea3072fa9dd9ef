# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each runbook's AWX survey spec (extensions/awx/surveys/RUNBOOK.json) asks exactly for the
variables the runbook reads.

Three lists must be equal for every runbook:
- declared: the argument_spec of the runbook's ansible.builtin.validate_argument_spec task, its
  documented list of variables;
- read: every variable its Jinja reads (templates, and the bare expressions of when,
  failed_when, changed_when and until; the templates it renders from playbooks/templates/
  too) that the playbook does not define itself (play, block and task vars, register,
  set_fact, loop variables) and that is not Ansible's (ansible_check_mode, omit...);
- asked: the survey spec's question variables.
Also checks the spec's shape as AWX's API takes it, and that codes are password questions and
user names and serial numbers text, never integer (an integer loses leading zeros).
"""

from __future__ import annotations

import json
import pathlib

import jinja2
import jinja2.meta
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[3]
PLAYBOOKS = ROOT / "playbooks"
SURVEYS = ROOT / "extensions" / "awx" / "surveys"
RUNBOOKS = sorted(path.stem for path in PLAYBOOKS.glob("*.yml"))

BARE_EXPRESSION_KEYS = {"when", "failed_when", "changed_when", "until"}
# Names Ansible or Jinja provide: never a runbook's input.
PROVIDED = {
    "ansible_check_mode",
    "ansible_diff_mode",
    "ansible_verbosity",
    "ansible_loop",
    "ansible_index_var",
    "omit",
    "item",
    "hostvars",
    "inventory_hostname",
    "groups",
    "playbook_dir",
    "role_path",
    "lookup",
    "query",
    "q",
    "now",
    "undef",
    "range",
    "dict",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
}
AWX_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}
QUESTION_KEYS = {"question_name", "variable", "type", "required", "default"}


class AnyName(dict):
    """Every filter and test name exists: finding the variables compiles the template, and
    Ansible's filters and tests (flatten, zip, regex_replace...) are not Jinja's."""

    def __contains__(self, name) -> bool:
        return True

    def get(self, name, default=None):
        return super().get(name, lambda *args, **kwargs: None)


ENVIRONMENT = jinja2.Environment()
ENVIRONMENT.filters = AnyName(ENVIRONMENT.filters)
ENVIRONMENT.tests = AnyName(ENVIRONMENT.tests)


def jinja_reads(text: str, bare: bool = False) -> set[str]:
    """The undeclared variables of a template, or of a bare expression (when: ...)."""
    if bare:
        text = "{{ " + text + " }}"
    elif "{{" not in text and "{%" not in text:
        return set()
    return set(jinja2.meta.find_undeclared_variables(ENVIRONMENT.parse(text)))


class PlaybookVariables:
    """What a playbook's YAML reads and defines, walked once."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.defined: set[str] = set()
        self.templates: set[str] = set()
        self.declared: set[str] | None = None

    def walk(self, node, key: str | None = None) -> None:
        if isinstance(node, dict):
            self.walk_mapping(node)
        elif isinstance(node, list):
            for element in node:
                self.walk(element, key)
        elif isinstance(node, str):
            self.read |= jinja_reads(node, bare=key in BARE_EXPRESSION_KEYS and "{{" not in node)

    def walk_mapping(self, mapping: dict) -> None:
        for name in ("vars",):
            if isinstance(mapping.get(name), dict):
                self.defined |= set(mapping[name])
        if isinstance(mapping.get("register"), str):
            self.defined.add(mapping["register"])
        for prompt in mapping.get("vars_prompt") or []:
            self.read.add(prompt["name"])  # a prompt's answer is an input too (-e skips the prompt)
        loop_control = mapping.get("loop_control") or {}
        if isinstance(loop_control, dict) and loop_control.get("loop_var"):
            self.defined.add(loop_control["loop_var"])
        if isinstance(mapping.get("ansible.builtin.set_fact"), dict):
            self.defined |= set(mapping["ansible.builtin.set_fact"])
        spec_task = mapping.get("ansible.builtin.validate_argument_spec")
        if isinstance(spec_task, dict):
            self.declared = set(spec_task["argument_spec"])
            return  # its descriptions read nothing
        template_task = mapping.get("ansible.builtin.template")
        if isinstance(template_task, dict):
            sources = (
                mapping.get("loop") if "{{ item }}" in str(template_task.get("src")) else [template_task.get("src")]
            )
            self.templates |= {
                str(template_task["src"]).replace("{{ item }}", source)
                if "{{ item }}" in str(template_task["src"])
                else source
                for source in sources
            }
        for key, value in mapping.items():
            if key == "vars_prompt":
                continue
            self.walk(value, key)


def playbook_variables(runbook: str) -> PlaybookVariables:
    variables = PlaybookVariables()
    variables.walk(yaml.safe_load((PLAYBOOKS / f"{runbook}.yml").read_text(encoding="utf-8")))
    for template in variables.templates:
        variables.read |= jinja_reads((PLAYBOOKS / "templates" / template).read_text(encoding="utf-8"))
    return variables


def survey(runbook: str) -> dict:
    return json.loads((SURVEYS / f"{runbook}.json").read_text(encoding="utf-8"))


def test_every_runbook_has_a_survey_and_every_survey_a_runbook():
    assert len(RUNBOOKS) >= 4
    assert sorted(path.stem for path in SURVEYS.glob("*.json")) == RUNBOOKS


@pytest.mark.parametrize("runbook", RUNBOOKS)
def test_survey_asks_exactly_what_the_runbook_reads(runbook):
    variables = playbook_variables(runbook)
    inputs = variables.read - variables.defined - PROVIDED
    asked = {question["variable"] for question in survey(runbook)["spec"]}
    assert variables.declared is not None, f"{runbook}: no validate_argument_spec task listing its variables"
    assert inputs == variables.declared, f"{runbook}: reads {sorted(inputs)}, declares {sorted(variables.declared)}"
    assert asked == variables.declared, (
        f"{runbook}: the survey asks {sorted(asked)}, the runbook declares {sorted(variables.declared)}"
    )


@pytest.mark.parametrize("runbook", RUNBOOKS)
def test_survey_spec_is_as_awx_takes_it(runbook):
    spec = survey(runbook)
    assert set(spec) == {"name", "description", "spec"}
    assert spec["name"] and spec["description"]
    variables = [question["variable"] for question in spec["spec"]]
    assert len(variables) == len(set(variables)), "a variable asked twice"
    for question in spec["spec"]:
        assert QUESTION_KEYS <= set(question), question
        assert question["type"] in AWX_TYPES, question
        assert isinstance(question["required"], bool), question
        if "code" in question["variable"]:
            assert question["type"] == "password", f"{question['variable']} is a code: a password question"
        if question["variable"] in ("user_name", "serial_number"):
            assert question["type"] == "text", f"{question['variable']} must be text: an integer loses leading zeros"
        if question["type"] == "password":
            assert question["default"] == "", "a password question with a default"


def test_reads_finds_a_variable_the_survey_lacks():
    """The check can fail: a runbook that reads one more variable than it declares is caught."""
    variables = PlaybookVariables()
    variables.walk(
        [
            {
                "hosts": "localhost",
                "tasks": [
                    {"ansible.builtin.validate_argument_spec": {"argument_spec": {"user_name": {}}}},
                    {
                        "ansible.builtin.debug": {"msg": "{{ user_name }} {{ stray | default('') }}"},
                        "when": "other_flag",
                        "vars": {"local": "{{ 1 }}"},
                        "register": "result",
                    },
                ],
            }
        ]
    )
    assert variables.read - variables.defined - PROVIDED == {"user_name", "stray", "other_flag"}
    assert variables.declared == {"user_name"}
