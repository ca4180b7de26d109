"""The live explorer: a full-screen Textual app to move weights and watch the
ranking change. Imported only by the explore command.

Keys (all shown in the footer): up/down pick a destination, [ and ] pick a
criterion, + and - change its weight, m switches the method, p steps through
the profiles, x the missing-value policy, 0 resets, c quits and prints the
equivalent `mlsourcing rank` command, q quits.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from mlsourcing.data.dataset import Dataset
from mlsourcing.errors import InputError
from mlsourcing.mcda.methods import names
from mlsourcing.mcda.methods import title as method_title
from mlsourcing.mcda.scoring import Ranking, rank
from mlsourcing.numbers import bar, human_number, human_percent, human_range, human_share
from mlsourcing.render.listing import cell_len
from mlsourcing.render.prose import command_line
from mlsourcing.views.rankings import headroom_of
from mlsourcing.vocab import Method, Missing

STEP = 0.5  # a weight moves by this much a key press
POLICIES = list(Missing)
METHODS = list(names())


class Explorer(App[str | None]):
    """Weights in, ranking out, live."""

    TITLE = "mlsourcing explore"
    ENABLE_COMMAND_PALETTE = False  # every key is in the footer; nothing hidden
    CSS = """
    #ranking { width: 3fr; }
    #side { width: 2fr; min-width: 34; border-left: solid $primary; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "criterion(-1)", "prev", key_display="["),
        Binding("right_square_bracket", "criterion(1)", "next", key_display="]"),
        Binding("plus,equals_sign", "weight(1)", "more", key_display="+"),
        Binding("minus", "weight(-1)", "less", key_display="-"),
        Binding("m", "method", "meth"),
        Binding("p", "profile", "prof"),
        Binding("x", "missing", "miss"),
        Binding("0", "reset", "reset"),
        Binding("c", "command", "cmd"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(
        self,
        dataset: Dataset,
        data: str | None,
        weights: dict[str, float],
        method: Method = Method.wsm,
        missing: Missing = Missing.worst,
        profile: str | None = None,
        require: list[str] | None = None,
        ranking: Ranking | None = None,
        team: int | None = None,
    ) -> None:
        """``ranking``: the dataset already ranked under these settings, by the command
        before the screen opens, so that a method that cannot score it is an error
        said in one line on the command line."""
        super().__init__()
        self.first = ranking
        self.team = team
        self.headroom = headroom_of(dataset, team)
        self.failure: BaseException | None = None
        self.require = list(require or [])  # as given, to print the command back
        self.dataset = dataset
        self.data = data
        self.keys = list(dataset.criteria)
        self.start = dict(weights)
        self.weights = dict(weights)
        self.method = method
        self.missing = missing
        self.profile = profile
        self.start_profile = profile
        self.selected = 0  # the criterion whose weight + and - move
        self.ranking: Ranking | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="side"):
                yield Static(id="weights")
                yield Static(id="details")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ranking", DataTable)
        table.add_columns("#", "Destination", "Score", "")
        self.refresh_ranking(self.first)
        self.call_after_refresh(self.redraw)  # the bars, now that the pane has a width

    # -- what the screen shows ------------------------------------------------

    def refresh_ranking(self, ranking: Ranking | None = None) -> None:
        """Show the ranking under the current settings (``ranking``: it, already made)."""
        if ranking is None:
            ranking = rank(self.dataset, self.weights, self.method, missing=self.missing)
        self.ranking = ranking
        table = self.query_one("#ranking", DataTable)
        row = table.cursor_row
        table.clear()
        cells = self.bar_cells()
        for r in self.ranking.results:
            name = Text(r.name)  # a name is text, never markup
            table.add_row(
                str(r.rank), name, f"{r.score:.1f}", bar(r.score / 100, cells), key=r.slug
            )
        if self.ranking.results:
            table.move_cursor(row=min(row, len(self.ranking.results) - 1))
        self.show_weights()
        self.show_details()

    def bar_cells(self) -> int:
        """How wide the score bars are: what the ranking pane has left after the
        rank, the longest name and the score (at least 4 cells: a narrow pane keeps
        its names whole and scrolls nothing sideways)."""
        assert self.ranking is not None
        pane = self.query_one("#ranking", DataTable).size.width
        longest = max((cell_len(r.name) for r in self.ranking.results), default=0)
        used = 3 + min(longest, 40) + 5 + 4 * 2 + 2  # columns, their padding, a scrollbar
        return max(4, pane - used)

    def on_resize(self, event: Any) -> None:
        """The bars follow the pane's width, once the new layout is done."""
        self.call_after_refresh(self.redraw)

    def redraw(self) -> None:
        if self.ranking is not None:
            self.refresh_ranking(self.ranking)

    def show_weights(self) -> None:
        assert self.ranking is not None
        # the settings head the side panel, where a long method or profile name wraps
        # (a header line would cut it at 80 columns)
        lines = [f"Method: {method_title(self.method)} · missing {self.missing.value}"]
        lines.append(f"Profile: {self.profile}" if self.profile else "Profile: none")
        lines += ["", "Weights ([ ] pick, + -):"]
        given = [human_number(self.weights.get(key, 0.0)) for key in self.keys]
        shares = [human_percent(self.ranking.weights[key]) for key in self.keys]
        # in columns: 13 criteria read down a list, not across wrapped lines
        wide = [max(map(len, column), default=0) for column in (self.keys, given, shares)]
        for i, key in enumerate(self.keys):
            mark = ">" if i == self.selected else " "
            lines.append(
                f"{mark} {key:<{wide[0]}} {given[i]:>{wide[1]}} {shares[i]:>{wide[2]}}".rstrip()
            )
        self.query_one("#weights", Static).update(Content("\n".join(lines)))

    def show_details(self) -> None:
        assert self.ranking is not None
        table = self.query_one("#ranking", DataTable)
        if not self.ranking.results:
            return
        r = self.ranking.results[min(table.cursor_row, len(self.ranking.results) - 1)]
        dest = self.dataset.destinations[r.slug]
        lines = ["", f"{r.name}: rank {r.rank}, score {r.score:.1f}"]
        if self.headroom is not None:
            share = human_share(self.headroom.share(r.slug), "unknown")
            lines.append(f"A team of {self.team}: {share} of the {self.headroom.label.lower()}")
        if self.dataset.set_aside:  # said first: the panel scrolls
            names = ", ".join(a.name for a in self.dataset.set_aside)
            lines.append(f"Set aside by {', '.join(self.dataset.applied)}: {names}.")
        for i, key in enumerate(self.keys):
            crit = self.dataset.criteria[key]
            ev = dest.evidence.get(key)
            span = r.ranges.get(key)
            shown = human_number(r.value_row[i]) + (f" ({human_range(span)})" if span else "")
            lines.append(f"- {crit.label}: {shown}")
            if ev:
                lines.append(f"  {ev.note} [{ev.source}]")
        self.query_one("#details", Static).update(Content("\n".join(lines)))

    def on_data_table_row_highlighted(self, event: Any) -> None:
        if self.ranking is not None:
            self.show_details()

    # -- keys ------------------------------------------------------------------

    def action_criterion(self, step: int) -> None:
        self.selected = (self.selected + step) % len(self.keys)
        self.show_weights()

    def action_weight(self, step: int) -> None:
        key = self.keys[self.selected]
        new = max(0.0, self.weights.get(key, 0.0) + step * STEP)
        if new == 0 and not any(v > 0 for k, v in self.weights.items() if k != key):
            self.bell()  # every weight 0 would leave nothing to rank by
            return
        self.weights[key] = new
        self.refresh_ranking()

    def action_method(self) -> None:
        """The next method that can score this dataset (the weighted product needs
        values above 0); the ones skipped are said in a notification."""
        start = METHODS.index(self.method)
        for step in range(1, len(METHODS)):
            chosen = METHODS[(start + step) % len(METHODS)]
            try:
                ranking = rank(self.dataset, self.weights, chosen, missing=self.missing)
            except InputError as exc:
                self.notify(f"{chosen}: {exc.message}", severity="warning", markup=False)
                continue
            self.method = chosen
            self.refresh_ranking(ranking)
            return

    def _handle_exception(self, error: Exception) -> None:
        """An error inside the app ends it quietly and is raised again by :meth:`explore`
        after the screen is restored, so that the command line's boundary says it in
        one line (Textual would print a traceback with every local variable)."""
        if self.failure is None:
            self.failure = error
        self.exit(return_code=1)

    def explore(self) -> str | None:
        """Run the app; the command it prints, if any. An error inside it is raised."""
        command = self.run()
        if self.failure is not None:
            raise self.failure
        return command

    def action_missing(self) -> None:
        self.missing = POLICIES[(POLICIES.index(self.missing) + 1) % len(POLICIES)]
        self.refresh_ranking()

    def action_profile(self) -> None:
        names = [None, *self.dataset.profiles]
        self.profile = names[(names.index(self.profile) + 1) % len(names)]
        base = {k: c.weight for k, c in self.dataset.criteria.items()}
        if self.profile is not None:
            base.update(self.dataset.profiles[self.profile].weights)
        self.weights = base
        self.refresh_ranking()

    def action_reset(self) -> None:
        """Back to the weights (and the profile they came from) the explorer began with."""
        self.weights = dict(self.start)
        self.profile = self.start_profile
        self.refresh_ranking()

    def action_command(self) -> None:
        self.exit(self.command())

    def command(self) -> str:
        """The `mlsourcing rank` command that ranks as the screen does."""
        spec = ",".join(
            f"{k}={human_number(self.weights.get(k, 0.0)).replace(',', '')}" for k in self.keys
        )
        return command_line(
            "rank",
            ("--data", self.data),
            ("--weights", spec),
            ("--method", None if self.method == Method.wsm else self.method.value),
            ("--missing", None if self.missing is Missing.worst else self.missing.value),
            ("--require", tuple(self.require)),
            ("--team", self.team),
        )
