"""Problems as data (domain/errors.Problem): a file, a line and a message, written for a terminal and as
a GitHub annotation with GitHub's own escaping."""

from __future__ import annotations

from pathlib import Path

from apprentrack.domain.errors import Problem


def test_a_problem_as_a_github_annotation_is_escaped():
    problem = Problem(Path("data/a,b:c.yaml"), 3, "50% done\nnext: x, y")
    assert problem.github() == "::error file=data/a%2Cb%3Ac.yaml,line=3::50%25 done%0Anext: x, y"
    assert problem.github("warning").startswith("::warning file=")


def test_a_problem_names_its_file_and_line_and_escapes_the_name():
    assert str(Problem(Path("data/evil\x1b[2J.yaml"), 1, "not read")) == "data/evil\\u001b[2J.yaml:1: not read"
