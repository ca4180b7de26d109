"""Weights from judgements (issue 12): rank order, swing, AHP, the interactive
questions in a pseudo-terminal, and saving a profile into the user's file."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsourcing.data import dataset
from mlsourcing.errors import InputError
from mlsourcing.vocab import Aggregate
from mlsourcing.weights import elicit

from conftest import ROOT

Cli = Callable[..., Any]
KEYS = ["talent", "local_firms", "big_tech", "community"]


def test_rank_order_centroid_for_four_criteria() -> None:
    result = elicit.rank_order("talent>big_tech>community>local_firms", KEYS)
    weights = [
        round(result.weights[k], 4) for k in ("talent", "big_tech", "community", "local_firms")
    ]
    assert weights == [0.5208, 0.2708, 0.1458, 0.0625]
    assert sum(result.weights.values()) == pytest.approx(1)


def test_rank_order_ties_share_their_places_mean() -> None:
    result = elicit.rank_order("talent>big_tech>community=local_firms", KEYS)
    assert (
        result.weights["community"]
        == result.weights["local_firms"]
        == pytest.approx((0.1458333 + 0.0625) / 2, abs=1e-6)
    )


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ("talent>big_tech>community", "place every criterion; missing: local_firms"),
        ("talent>talent>big_tech>community=local_firms", "talent named more than once"),
        ("talent>>big_tech>community=local_firms", "has an empty place"),
        (
            "talnt>big_tech>community=local_firms",
            "unknown criterion 'talnt'; did you mean 'talent'?",
        ),
    ],
)
def test_rank_order_errors(order: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        elicit.rank_order(order, KEYS)


def test_swing_points_are_normalised() -> None:
    result = elicit.swing({"talent": 100, "big_tech": 60, "community": 40}, KEYS)
    assert result.weights == {"talent": 0.5, "local_firms": 0.0, "big_tech": 0.3, "community": 0.2}
    with pytest.raises(InputError, match="is not between 0 and 100"):
        elicit.swing({"talent": 120}, KEYS)


# Saaty's textbook matrix: A 3x as important as B and 5x as C, B 3x as C.
# Principal eigenvector (0.6370, 0.2583, 0.1047), lambda_max 3.0385, CR 0.033.
SAATY = {"a:b": 3, "a:c": 5, "b:c": 3}


def test_ahp_matches_the_textbook_example() -> None:
    result = elicit.ahp(SAATY, ["a", "b", "c"])
    assert [round(result.weights[k], 4) for k in "abc"] == [0.6370, 0.2583, 0.1047]
    assert result.consistency_ratio == pytest.approx(0.033, abs=0.001)
    assert result.consistent


def test_ahp_accepts_reciprocals_and_fractions_in_either_order() -> None:
    flipped = elicit.ahp({"b:a": "1/3", "c:a": 0.2, "b:c": "3"}, ["a", "b", "c"])
    assert flipped.weights == pytest.approx(elicit.ahp(SAATY, ["a", "b", "c"]).weights)


def test_ahp_flags_inconsistency_and_names_the_judgements_behind_it() -> None:
    # a 3x each of the others, which are all alike, but c 9x as important as d
    judgements = {"a:b": 3, "a:c": 3, "a:d": 3, "b:c": 1, "b:d": 1, "c:d": 9}
    result = elicit.ahp(judgements, ["a", "b", "c", "d"])
    assert result.consistency_ratio == pytest.approx(0.243, abs=0.001)
    assert not result.consistent
    assert result.worst[0][:2] == (("c", "d"), 9.0)


@pytest.mark.parametrize(
    ("judgements", "message"),
    [
        ({"a:b": 3, "a:c": 5}, "every pair needs a judgement; missing: b:c"),
        ({"a:b": 3, "a:c": 5, "b:c": 12}, "b:c: 12 is outside Saaty's scale, 1/9 to 9"),
        ({"a:b": 3, "a:c": 5, "b:c": "x"}, "b:c: 'x' is not a number or a fraction"),
        ({"a:b": 3, "b:a": 2, "a:c": 5, "b:c": 3}, "b and a are compared twice"),
        ({"a-b": 3}, "'a-b' is not of the form a:b"),
    ],
)
def test_ahp_errors(judgements: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        elicit.ahp(judgements, ["a", "b", "c"])


def test_weigh_outputs(cli: Cli, tmp_path: Path) -> None:
    doc = json.loads(
        cli("weigh", "--order", "talent>big_tech>community>local_firms", "-f", "json").stdout
    )
    assert doc["method"] == "rank-order" and doc["consistency_ratio"] is None
    assert (
        doc["weights_spec"] == "talent=0.5208,local_firms=0.0625,big_tech=0.2708,community=0.1458"
    )
    pairwise = tmp_path / "pw.toml"
    pairwise.write_text(
        '[pairwise]\n"talent:big_tech" = 3\n"talent:local_firms" = 5\n"talent:community" = 3\n'
        '"big_tech:local_firms" = 2\n"big_tech:community" = 1\n"local_firms:community" = "1/2"\n',
        encoding="utf-8",
    )
    out = cli("weigh", "--pairwise", str(pairwise), env={"COLUMNS": "100"})
    assert out.exit_code == 0, out.stderr
    assert "Consistency ratio" in out.stdout and "As --weights: talent=" in out.stdout
    # the spec it prints ranks as the weights do
    spec = out.stdout.split("As --weights: ")[1].split()[0]
    assert cli("rank", "-w", spec, "-f", "json").exit_code == 0
    assert cli("weigh", "--order", "a>b", "--swing", "a=1").exit_code == 2
    piped = cli("weigh")
    assert piped.exit_code == 2 and "run it in a terminal" in piped.stderr
    bad = cli("weigh", "--swing", "talent=100,big_tech=x")
    assert bad.exit_code == 2 and bad.stderr.startswith("mlsourcing: error: --swing: ")


COMMENTED = "# my destinations, with comments I care about\n"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(
        COMMENTED + dataset.bundled_path().read_text(encoding="utf-8"), encoding="utf-8"
    )
    return path


def test_a_saved_profile_round_trips_with_the_comments_intact(cli: Cli, mine: Path) -> None:
    before = mine.read_text(encoding="utf-8")
    order = "talent>big_tech>community>local_firms"
    saved = cli("weigh", "--order", order, "--data", str(mine), "--save-profile", "cto")
    assert saved.exit_code == 0, saved.stderr
    after = mine.read_text(encoding="utf-8")
    assert after.startswith(COMMENTED)
    # every line that was there is still there, in order: only the profile was added
    old_lines = before.splitlines()
    it = iter(after.splitlines())
    assert all(any(line == new for new in it) for line in old_lines)
    ds = dataset.load(mine)
    assert ds.profiles["cto"].weights["talent"] == pytest.approx(0.520833)
    assert "rank order" in ds.profiles["cto"].description
    ranked = json.loads(cli("rank", "--data", str(mine), "--profile", "cto", "-f", "json").stdout)
    assert ranked["weights"]["talent"] == pytest.approx(0.5208, abs=1e-4)
    again = cli("weigh", "--order", order, "--data", str(mine), "--save-profile", "cto")
    assert again.exit_code == 2 and "already has a profile 'cto'; use --force" in again.stderr
    forced = cli(
        "weigh", "--swing", "talent=100", "--data", str(mine), "--save-profile", "cto", "--force"
    )
    assert forced.exit_code == 0
    assert dataset.load(mine).profiles["cto"].weights["talent"] == 1


def test_the_bundled_datasets_are_read_only(cli: Cli) -> None:
    for data in ([], ["--data", "open"]):
        result = cli(
            "weigh",
            "--order",
            "talent>big_tech>community>local_firms",
            *data,
            "--save-profile",
            "x",
        )
        assert result.exit_code == 2
        assert "read-only; copy one with 'mlsourcing init my.toml'" in result.stderr


def test_interactive_questions_in_a_terminal(mine: Path) -> None:
    """Six pairs of four criteria: answers typed into a pseudo-terminal, one going back."""
    import pty
    import select
    import subprocess
    import sys

    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "MLSOURCING_DATA"}
    env["NO_COLOR"] = "1"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlsourcing",
            "weigh",
            "--data",
            str(mine),
            "--save-profile",
            "asked",
        ],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        close_fds=True,
    )
    os.close(secondary)
    # talent vs local_firms: 1 (talent) by 5; then 2 by 3, then b (back), then
    # talent vs big_tech again: 1 by 3; then = for the rest
    answers = ["1", "5", "2", "3", "b", "1", "3", "=", "=", "=", "="]
    screen = b""
    deadline = time.monotonic() + 60
    while answers and time.monotonic() < deadline:
        ready = select.select([main], [], [], 5)[0]
        if not ready:
            break
        chunk = os.read(main, 65536)
        screen += chunk
        if screen.rstrip().endswith((b"?", b"equal?")):
            os.write(main, (answers.pop(0) + "\n").encode())
    while select.select([main], [], [], 5)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(main)
    assert proc.wait(30) == 0, screen.decode()
    text = screen.decode()
    assert "Which matters more: 1) talent  2) local_firms" in text
    assert "Weights so far:" in text and "consistency ratio" in text
    assert "Saved as profile 'asked'" in text
    weights = dataset.load(mine).profiles["asked"].weights
    # talent 5x local_firms and 3x big_tech, the rest equal
    expected = elicit.ahp(
        {
            "talent:local_firms": 5,
            "talent:big_tech": 3,
            "talent:community": 1,
            "local_firms:big_tech": 1,
            "local_firms:community": 1,
            "big_tech:community": 1,
        },
        KEYS,
    ).weights
    assert weights == pytest.approx({k: round(v, 6) for k, v in expected.items()})
    shutil.rmtree(mine.parent, ignore_errors=True)


# ---------------------------------------------------------------------------
# Stakeholders

EXAMPLE = str(ROOT / "examples" / "stakeholders.toml")


def test_kendall_w_and_tau_by_hand() -> None:
    from mlsourcing.analysis import concordance

    same = [[1.0, 2.0, 3.0]] * 3
    assert concordance.kendall_w(same) == 1.0
    assert concordance.kendall_w([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]) == 0.0
    # three raters, four items: rank sums 4, 7, 9, 10 around a mean of 7.5 -> S = 21;
    # W = 12 S / (k^2 (n^3 - n)) = 12 * 21 / (9 * 60) = 0.4667
    rankings = [[1.0, 2.0, 3.0, 4.0], [2.0, 1.0, 4.0, 3.0], [1.0, 4.0, 2.0, 3.0]]
    assert concordance.kendall_w(rankings) == pytest.approx(12 * 21 / (9 * 60))
    assert concordance.kendall_tau([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 1.0
    assert concordance.kendall_tau([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == -1.0


def test_group_weights_mean_and_geometric() -> None:
    from mlsourcing.weights import group

    views = [{"a": 0.5, "b": 0.5}, {"a": 0.8, "b": 0.2}]
    assert group.aggregate(views) == pytest.approx({"a": 0.65, "b": 0.35})
    geo = group.aggregate(views, Aggregate.geometric)
    raw_a, raw_b = (0.5 * 0.8) ** 0.5, (0.5 * 0.2) ** 0.5
    assert geo == pytest.approx({"a": raw_a / (raw_a + raw_b), "b": raw_b / (raw_a + raw_b)})


def test_stakeholders_command(cli: Cli) -> None:
    doc = json.loads(cli("stakeholders", "--data", EXAMPLE, "-f", "json").stdout)
    members = {m["key"]: m for m in doc["stakeholders"]}
    assert [
        round(members["cto"]["weights"][k], 4)
        for k in ("talent", "community", "local_firms", "big_tech")
    ] == [
        0.5208,
        0.2708,
        0.1458,
        0.0625,
    ]
    assert members["finance"]["weights"] == {
        "talent": 0.125,
        "local_firms": 0.375,
        "big_tech": 0.375,
        "community": 0.125,
    }
    assert members["hr"]["view"] == "pairwise"
    mean = {k: sum(m["weights"][k] for m in members.values()) / 3 for k in KEYS}
    assert doc["group_weights"] == pytest.approx(mean)
    assert 0 <= doc["kendall_w"] <= 1 and len(doc["pairs"]) == 3
    assert doc["pairs"][0]["kendall_tau"] == min(p["kendall_tau"] for p in doc["pairs"])
    table = " ".join(cli("stakeholders", "--data", EXAMPLE, env={"COLUMNS": "100"}).stdout.split())
    assert "Kendall's W" in table and "Group" in table and "(mean)" in table


def test_the_group_weights_rank_show_compare_and_sensitivity(cli: Cli) -> None:
    doc = json.loads(cli("stakeholders", "--data", EXAMPLE, "-f", "json").stdout)
    for command in (["rank"], ["show", "poland"], ["compare", "poland", "romania"]):
        ranked = json.loads(cli(*command, "--data", EXAMPLE, "--stakeholders", "-f", "json").stdout)
        assert ranked["weights"] == pytest.approx(doc["group_weights"]), command
    geo = json.loads(
        cli(
            "rank", "--data", EXAMPLE, "--stakeholders", "--aggregate", "geometric", "-f", "json"
        ).stdout
    )
    assert geo["weights"] != pytest.approx(doc["group_weights"])
    args = ("sensitivity", "--data", EXAMPLE, "--stakeholders", "--samples", "500", "-f", "json")
    sens = json.loads(cli(*args).stdout)
    assert sens["between_stakeholders"] == ["cto", "finance", "hr"]
    assert cli(*args).stdout == cli(*args).stdout  # same seed, same bytes
    assert sum(r["p_first"] for r in sens["results"]) == pytest.approx(1)
    both = cli("rank", "--data", EXAMPLE, "--stakeholders", "--profile", "fast_team")
    assert both.exit_code == 2 and "--stakeholders and --profile" in both.stderr
    none = cli("rank", "--stakeholders")
    assert none.exit_code == 2 and "defines no [stakeholders]" in none.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'name = "X"\norder = "talent>big_tech"\nweights = { talent = 1 }',
            "give exactly one of weights, order and pairwise (given: weights, order)",
        ),
        ('name = "X"', "give exactly one of weights, order and pairwise (given: none)"),
        (
            'name = "X"\norder = "talent>big_tech"',
            "stakeholders.x.order: place every criterion; missing: local_firms, community",
        ),
        (
            'name = "X"\npairwise = { "talent:big_tech" = 3 }',
            "stakeholders.x.pairwise: every pair needs a judgement",
        ),
        (
            'name = "X"\nweights = { talnt = 1 }',
            "stakeholders.x.weights.talnt: unknown criterion; did you mean 'talent'?",
        ),
        (
            'name = "X"\npairwise = { "talent:big_tech" = true }',
            'must be a number or a fraction such as "1/3"',
        ),
    ],
)
def test_stakeholder_tables_are_validated(
    cli: Cli, tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "group.toml"
    path.write_text(
        dataset.bundled_path().read_text(encoding="utf-8") + f"\n[stakeholders.x]\n{table}\n",
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr


def test_validate_counts_stakeholders(cli: Cli) -> None:
    out = cli("validate", EXAMPLE).stdout
    assert "3 profiles, 3 stakeholders, 2 missing values" in out


def test_the_weights_line_to_copy_is_never_wrapped(cli: Cli) -> None:
    many = "talent>local_firms>big_tech>community"
    for env in ({"COLUMNS": "40"}, {"COLUMNS": "80"}):
        result = cli("weigh", "--order", many, env=env)
        assert result.exit_code == 0
        last = result.stdout.rstrip("\n").splitlines()[-1]
        assert last.startswith("As --weights: talent=") and last.endswith("community=0.0625")
    spec = last.removeprefix("As --weights: ")
    assert cli("rank", "--weights", spec, "-f", "csv").exit_code == 0


def test_a_judgement_below_one_is_echoed_as_people_write_it(cli: Cli, tmp_path: Path) -> None:
    judged = tmp_path / "judged.toml"
    judged.write_text(
        '[pairwise]\n"talent:local_firms" = "1/2"\n"talent:big_tech" = 9\n'
        '"talent:community" = "1/9"\n"local_firms:big_tech" = "1/9"\n'
        '"local_firms:community" = 9\n"big_tech:community" = "1/7"\n',
        encoding="utf-8",
    )
    out = cli("weigh", "--pairwise", str(judged), env={"COLUMNS": "120"}).stdout
    assert "judged 1/2," in out or "judged 1/9," in out
    assert ".00" not in out.split("Reconsider these first:")[1]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/dev/zero", "is a character device, not a file of judgements"),
        (".", "is a directory, not a file of judgements"),
    ],
)
def test_the_judgements_file_gets_the_checks_every_file_gets(
    cli: Cli, target: str, message: str
) -> None:
    result = cli("weigh", "--pairwise", target)
    assert (result.exit_code, result.stderr) == (1, f"mlsourcing: error: {target}: {message}\n")


def test_a_fifo_of_judgements_is_refused_without_waiting(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "judged.fifo"
    os.mkfifo(fifo)
    result = cli("weigh", "--pairwise", str(fifo))
    assert result.exit_code == 1
    assert "is a FIFO (named pipe), not a file of judgements" in result.stderr


def test_an_empty_profile_name_is_a_usage_error(cli: Cli, mine: Path) -> None:
    result = cli(
        "weigh",
        "--order",
        "talent>big_tech>local_firms=community",
        "-d",
        str(mine),
        "--save-profile",
        " ",
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "mlsourcing: error: --save-profile: the name is empty; name the profile\n",
    )


CONTRADICTING = (
    '[stakeholders.a]\nname = "A"\nrole = "CTO"\n'
    'pairwise = { "talent:local_firms" = 9, "local_firms:big_tech" = 9, '
    '"big_tech:talent" = 9, "talent:community" = 1, "local_firms:community" = 1, '
    '"big_tech:community" = 1 }\n'
    '[stakeholders.b]\nname = "B"\nrole = "CFO"\norder = "talent>local_firms>big_tech>community"\n'
)


@pytest.fixture
def contradicting(tmp_path: Path) -> Path:
    path = tmp_path / "contradicting.toml"
    path.write_text(
        (ROOT / "countries.toml").read_text(encoding="utf-8") + "\n" + CONTRADICTING,
        encoding="utf-8",
    )
    return path


def test_a_stakeholders_contradicting_judgements_are_said_everywhere(
    cli: Cli, contradicting: Path
) -> None:
    data = str(contradicting)
    ratio = elicit.ahp(dataset.load(contradicting).stakeholders["a"].pairwise or {}, KEYS)
    assert ratio.consistency_ratio is not None and ratio.consistency_ratio > 0.10
    doc = json.loads(cli("stakeholders", "-d", data, "-f", "json").stdout)
    a, b = doc["stakeholders"]
    assert (a["consistency_ratio"], a["consistent"]) == (ratio.consistency_ratio, False)
    assert (b["consistency_ratio"], b["consistent"]) == (None, True)
    table = " ".join(cli("stakeholders", "-d", data, env={"COLUMNS": "100"}).stdout.split())
    assert f"A {ratio.consistency_ratio:.2f}. Above 0.10, they contradict each other: A" in table
    warning = (
        f"mlsourcing: warning: A's pairwise judgements have a consistency ratio of "
        f"{ratio.consistency_ratio:.2f} (above 0.10)"
    )
    ranked = cli("rank", "-d", data, "--stakeholders", "-f", "csv")
    assert ranked.exit_code == 0 and ranked.stderr.startswith(warning)
    checked = cli("validate", data)
    assert checked.exit_code == 0
    assert checked.stderr.startswith(f"mlsourcing: warning: {data}: A's pairwise judgements")


def test_two_stakeholders_of_one_name_are_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "twins.toml"
    path.write_text(
        (ROOT / "countries.toml").read_text(encoding="utf-8")
        + '\n[stakeholders.a]\nname = "A"\norder = "talent>local_firms>big_tech>community"\n'
        + '[stakeholders.b]\nname = "a "\norder = "community>talent>local_firms>big_tech"\n',
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"mlsourcing: error: {path}: stakeholders.b.name: 'a ' is also the name of "
        "stakeholders.a; give each stakeholder their own\n"
    )
