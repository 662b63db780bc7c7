"""Nothing is overwritten unasked, and a file a merge left half done is named as such."""

from __future__ import annotations


def test_init_adds_its_lines_to_an_existing_gitignore(cli, tmp_path):
    root = tmp_path / "new"
    (root / "apprentices").mkdir(parents=True)
    (root / "apprentices" / ".gitignore").write_text("# ours\n*.bak\n.*.lock")  # no newline at the end
    cli("init", str(root), "--name", "New", "--target", "5", "--start", "2021-01-04", "--deadline", "2021-12-31")
    assert (root / "apprentices" / ".gitignore").read_text() == (
        "# ours\n*.bak\n.*.lock\n# Lock and temporary files that apprentrack uses while it writes.\n.*.tmp\n"
    )


def test_git_conflict_markers_are_named(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(
        "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n"
        "<<<<<<< HEAD\n- id: merton-0002\n  role: Ops\n=======\n- id: merton-0002\n  role: QA\n>>>>>>> theirs\n"
        "  start_date: 2020-02-03\n"
    )
    result = cli("validate", code=1)
    assert result.stdout.startswith(f"{path}:4: unresolved merge conflict, lines 4-10: keep one side\n")
    path2 = data_dir / "boroughs.yaml"
    path2.write_text(path2.read_text() + "<<<<<<< HEAD\n>>>>>>> x\n")
    assert "unresolved merge conflict" in cli("status", code=1).stderr
