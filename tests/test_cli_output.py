"""CLI habits: --json on every command, --quiet, NO_COLOR and TERM=dumb, a closed pipe,
completion scripts, help for every argument (the man page is made from the parser)."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_reader.cli import build_parser, command_names, main
from briefing_reader.cli_output import EXIT_CLOSED_PIPE, EXIT_OK, EXIT_PARTIAL

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(capsys, *args, "--json")
    assert code in (EXIT_OK, EXIT_PARTIAL), err
    data = json.loads(out)  # the whole of stdout is one JSON object
    assert isinstance(data, dict)
    return data


@pytest.fixture
def lib(analysed_seed_library: Path, tmp_path: Path) -> str:
    copy = tmp_path / "library"
    shutil.copytree(analysed_seed_library, copy)
    return str(copy)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    return dict(action.choices)  # type: ignore[arg-type]


def test_every_command_takes_json_and_quiet_and_every_argument_has_help() -> None:
    parser = build_parser()
    commands = _subcommands(parser)
    assert set(commands) == set(command_names(parser))
    for name, command in commands.items():
        options = {o for a in command._actions for o in a.option_strings}
        assert {"--json", "--quiet", "-q"} <= options, name
        for action in command._actions:
            assert action.help, f"{name} {action.dest} has no help"
        assert command.description, name
    for action in parser._actions:
        assert action.help, action.dest


def test_json_on_every_command(lib: str, capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    at = ("--library", lib)
    seen: set[str] = set()

    def check(command: str, *args: str) -> dict:
        seen.add(command)
        return run_json(capsys, *at, command, *args)

    docs = check("list")["documents"]
    doc = next(d["id"] for d in docs if d["file"].startswith("004"))
    other = next(d["id"] for d in docs if d["id"] != doc)
    assert check("show", str(doc))["id"] == doc
    assert check("search", "osprey")["total"] == 1
    assert check("rename", str(doc), "My title")["renamed"] == {"id": doc, "title": "My title"}
    assert check("reindex")["indexed"] == 2
    reanalysed = check("reanalyze", str(doc))
    assert reanalysed["analysed"] == [doc] and reanalysed["seconds"] >= 0
    assert check("entities", "--label", "PERSON")["entities"]
    entity = check("entity", "rename", "Lloyd Austin", "L. Austin")
    assert entity["action"] == "rename" and entity["updated"]
    corrections = check("corrections")["corrections"]
    assert check("corrections", "--undo", str(corrections[0]["id"])) == {
        "removed_correction": corrections[0]["id"]
    }
    mention = check("show", str(doc))["entities"][0]
    span = (str(doc), str(mention["start"]), str(mention["end"]))
    assert check("not-entity", *span)["not_entity"]["document"] == doc
    claims = check("claims", "--doc", str(doc))["claims"]
    start = str(claims[0]["start"])
    assert check("claim", str(doc), start, "--hide")["claim"]["hidden"] is True
    assert check("claim", str(doc), start, "--undo")["correction_removed"] is True
    quote = claims[0]["text"][:40]
    added = check("annotate", str(doc), "--quote", quote, "--note", "check")
    assert check("note", str(added["id"]), "--tag", "x")["tags"] == ["x"]
    assert len(check("annotations")["annotations"]) == 1
    assert check("undo")["action"] == "undo"
    assert check("redo")["action"] == "redo"
    assert check("palette")["palette"]
    exported = tmp_path / "notes.json"
    assert check("export-annotations", str(exported))["annotations"] == 1
    assert check("unannotate", str(added["id"]))["deleted"]["id"] == added["id"]
    assert check("import-annotations", str(exported))["imported"]
    assert "end-my-notes" in check("export", "--preview")["markdown"]
    assert check("export", "--out", str(tmp_path / "out"))["written"]
    assert check("remove", str(other))["removed"] == [other]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "a.txt").write_text("Officials said the harbour talks went well.")
    assert len(check("import", str(fresh), "--no-analysis")["imported"]) == 1
    seen.add("analyze")
    assert set(run_json(capsys, "analyze", str(fresh / "a.txt"))) == {
        "document",
        "entities",
        "claims",
    }
    seen.add("completion")
    assert run_json(capsys, "completion", "bash")["shell"] == "bash"
    assert seen == set(command_names(build_parser()))


def test_quiet_prints_no_confirmation_or_progress(
    lib: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The ministry said the port would reopen in May.")
    code, out, err = run(capsys, "--quiet", "--library", lib, "import", str(folder))
    assert (code, out, err) == (EXIT_OK, "", "")
    assert run(capsys, "--library", lib, "rename", "1", "Quiet title", "-q") == (EXIT_OK, "", "")
    assert run(capsys, "--library", lib, "reindex", "--quiet") == (EXIT_OK, "", "")
    # answers and errors still print
    code, out, _ = run(capsys, "--library", lib, "list", "-q")
    assert "Quiet title" in out
    code, out, err = run(capsys, "--library", lib, "show", "999", "-q")
    assert code != EXIT_OK and "no document with id 999" in err


def test_import_off_a_terminal_prints_plain_lines_and_the_duration(
    lib: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Note {i}: the minister said the port would reopen.")
    code, out, err = run(capsys, "--library", lib, "import", str(folder))
    assert code == EXIT_OK
    assert "\r" not in err and "\x1b" not in err
    assert "reading files: 0/3" in err and "reading files: 3/3 in " in err
    assert "analysing: 3/3 in " in err
    assert out.startswith("3 imported, 0 updated, 0 unchanged, 0 failed in ")
    assert out.rstrip().endswith(" s")


@pytest.mark.parametrize(
    ("env", "escapes"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
)
def test_search_marks_terms_in_bold_only_where_escapes_are_wanted(
    lib: str, capsys, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], escapes: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, "--library", lib, "search", "ironclad")
    assert code == EXIT_OK
    assert ("\x1b[1m" in out) is escapes
    assert ("[ironclad]" in out.lower()) is not escapes


def _big_library(tmp_path: Path) -> str:
    library = str(tmp_path / "big")
    text = tmp_path / "long.txt"
    sentence = "The delegation said the harbour agreement would be signed next week. "
    text.write_text("A long briefing\n\n" + sentence * 4000)  # ~280 KB, over any pipe buffer
    assert main(["--quiet", "--library", library, "import", str(text), "--no-analysis"]) == 0
    return library


@pytest.mark.parametrize("json_flag", [["--json"], []])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, json_flag: list[str]) -> None:
    library = _big_library(tmp_path)
    command = " ".join(
        [sys.executable, "-m", "briefing_reader", "--library", library, "show", "1", *json_flag]
    )
    proc = subprocess.run(
        ["bash", "-c", f'{command} | head -c1 >/dev/null; echo "status=${{PIPESTATUS[0]}}" >&2'],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    # one JSON object is written to the end, so the closed pipe always shows; a single
    # large text write can end early without an error, which is a quiet end as well
    expected = {f"status={EXIT_CLOSED_PIPE}"} if json_flag else {"status=0", "status=141"}
    assert proc.stderr.strip() in expected


def test_bash_completion_completes_commands_and_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, script, _ = run(capsys, "completion", "bash")
    assert code == EXIT_OK
    path = tmp_path / "briefing-reader.bash"
    path.write_text(script)
    subprocess.run(["bash", "-n", str(path)], check=True)

    def complete(*words: str) -> set[str]:
        line = " ".join(words)
        probe = (
            f"source {path}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
            f'COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}; '
            '_shtab_briefing_reader; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
        return {w.strip() for w in done.stdout.split()}

    assert "search" in complete("briefing-reader", "sea")
    assert "--no-analysis" in complete("briefing-reader", "import", "--no-")
    assert {"bash", "zsh"} <= complete("briefing-reader", "completion", "")
    assert "relabel" in complete("briefing-reader", "entity", "rel")


def test_zsh_completion_script(capsys: pytest.CaptureFixture[str]) -> None:
    code, script, _ = run(capsys, "completion", "zsh")
    assert code == EXIT_OK
    assert script.startswith("#compdef briefing-reader")
    assert "--no-analysis" in script and "export-annotations" in script
    if shutil.which("zsh"):
        subprocess.run(["zsh", "-n", "-c", script], check=True)
