"""Every read past the scoped managers in module code says why (``# unscoped: <reason>``), and every
``system_scope`` carries a reason in words: a new one without fails here."""

from __future__ import annotations

from gonghui.core.testing import unscoped


def test_every_unscoped_read_in_module_code_says_why():
    found = unscoped.unexplained()
    assert found == [], "add `# unscoped: <why>` on the line or just above:\n" + "\n".join(map(str, found))


def test_the_rule_covers_every_module_but_not_the_core_tests_or_migrations():
    files = {str(path.relative_to(unscoped.PACKAGE)) for path in unscoped.module_files()}
    assert {"assistance/services/files.py", "members/selectors.py", "organisations/sheets.py"} <= files
    assert not any(name.startswith("core/") for name in files)
    assert not any("/tests/" in name or "/migrations/" in name for name in files)


def test_an_unscoped_read_without_a_reason_is_found():
    source = (
        "a = Employer.unscoped.all()\n"
        "b = Employer.unscoped.all()  # unscoped: the import matches names county-wide\n"
        "# unscoped: the purge removes rows of every union\n"
        "# (kept one year)\n"
        "c = HardshipFile.unscoped.filter(x=1)\n"
        "d = Employer.unscoped.all()  # unscoped: demo\n"
        "e = Grant._base_manager.all()\n"
        'f = "Employer.unscoped in a string is no read"\n'
    )
    found = unscoped.violations(source)
    assert [(v.line, v.text.split()[0]) for v in found] == [(1, ".unscoped"), (6, ".unscoped"), (7, "._base_manager")]


def test_a_system_scope_without_a_reason_in_words_is_found():
    source = (
        "with system_scope(\"a programme's budget counts every union's grants\"):\n    pass\n"
        'with system_scope("operator export"):\n    pass\n'
        "with system_scope(reason):\n    pass\n"
        'with scoping.system_scope(f"job {name}"):\n    pass\n'
    )
    assert [v.line for v in unscoped.violations(source)] == [3, 5, 7]
