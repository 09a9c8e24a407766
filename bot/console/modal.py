"""One modal the app opened, shown and filled in at the prompt, then submitted.

- The modal is shown as its fields (bot.render), then each input is asked in turn
  (bot.console.forms).
- A field that dispatches its change (``dispatch_action``, e.g. the meeting date) is sent to
  the app at once, as Slack does; the app's ``views.update`` replaces the form, and the
  console carries on with the refreshed one: a field the new form shows afresh (e.g. the next
  meeting, prefilled anew) is asked again, never kept silently.
- Submitting sends a ``view_submission``. Errors (``response_action: errors``) are shown
  under their fields and every one of those fields is asked again (fields are known by name,
  :func:`~bot.console.forms.field_key`, so a refreshed block is still its field); nothing is
  saved until the app accepts the whole form. Until then every line typed answers the form,
  never goes to the app as a command.
- ``quit`` or ``cancel`` at any field, or Ctrl-D, leaves the form; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.console import payloads
from bot.console.forms import LeftForm, ask, field_key, form_state, input_blocks, label_of
from bot.console.local_app import LocalApp
from bot.render import render_view
from bot.standin import Call

ShowCalls = Callable[[list[Call]], None]


class ModalSession:
    def __init__(self, app: LocalApp, *, user: str, read, echo, show: ShowCalls,
                 sent: Callable[[dict], None] | None = None):
        self.app, self.user, self.read, self.echo, self.show = app, user, read, echo, show
        self.sent = sent  # told of each form the app accepted, after its replies are shown

    def fill(self, view: dict) -> None:
        """Show ``view``, ask its fields, submit until the app accepts it or it is left."""
        self.echo(render_view(view))
        self.echo("Fill in the form (Enter keeps the value shown; quit or cancel leaves it):")
        try:
            self._fill(view)
        except EOFError:
            self.echo("\nForm cancelled: nothing was saved.")
        except LeftForm as left:
            self.echo(f"Left the form ({left}): nothing was saved. Type quit again to leave "
                      "the console.")

    def _fill(self, view: dict) -> None:
        answers: dict[str, dict] = {}
        pending = {field_key(b["block_id"]) for b in input_blocks(view)}
        while True:
            view = self._ask_fields(view, answers, pending)
            mark = self.app.slack.mark()
            answer = self.app.send_interaction(payloads.view_submission(
                view, form_state(view, answers), user=self.user))
            body = answer.json() or {}
            if answer.status != 200:
                self.echo(f"The app answered {answer.status}; the form was not sent.")
                return
            if body.get("response_action") == "errors":
                pending = self._show_errors(view, body.get("errors") or {})
                if not pending:
                    self.echo("None of those is a field here to answer again; the form was "
                              "not saved.")
                    return
                continue
            if body.get("response_action") in ("update", "push") and body.get("view"):
                view, answers = {**body["view"], "id": view.get("id")}, {}
                pending = {field_key(b["block_id"]) for b in input_blocks(view)}
                self.echo(render_view(view))
                continue
            self.echo("Form sent.")
            self.show(self.app.calls_since(mark))
            if self.sent is not None:
                self.sent(view)
            return

    def _ask_fields(self, view: dict, answers: dict, pending: set[str]) -> dict:
        """Ask every field named in ``pending``, in the form's order; returns the form as it
        stands after any refresh (whose new fields are asked too)."""
        while (block := next((b for b in input_blocks(view)
                              if field_key(b["block_id"]) in pending), None)) is not None:
            block_id = block["block_id"]
            pending.discard(field_key(block_id))
            answers[block_id] = ask(block, self.read, self.echo)
            if not (block.get("dispatch_action") and _changed(block, answers[block_id])):
                continue
            refreshed = self._refresh(view, answers, block)
            if refreshed is None:
                continue
            before = {b["block_id"] for b in input_blocks(view)}
            view = refreshed
            now = {b["block_id"] for b in input_blocks(view)}
            for gone in set(answers) - now:
                del answers[gone]
            pending |= {field_key(b) for b in now - before}
        return view

    def _refresh(self, view: dict, answers: dict, block: dict) -> dict | None:
        """Send the field's change; the form the app put in its place, if any."""
        element = block["element"]
        mark = self.app.slack.mark()
        state = form_state(view, answers)
        value = {k: v for k, v in answers[block["block_id"]].items() if k != "type"}
        self.app.send_interaction(payloads.view_action(
            view, state, element, block_id=block["block_id"], user=self.user, value=value))
        calls = self.app.calls_since(mark)
        updates = [c for c in calls if c.method == "views.update"]
        others = [c for c in calls if c.method != "views.update"]
        if others:  # e.g. someone not entitled is told so
            self.show(others)
        if not updates:
            return None
        self.echo("  (the app refreshed the form from that answer)")
        return updates[-1].result["view"]

    def _show_errors(self, view: dict, errors: dict[str, str]) -> set[str]:
        """Each error under its field's label; the names of the fields to ask again."""
        labels = {field_key(b["block_id"]): label_of(b) for b in input_blocks(view)}
        self.echo("The app did not accept the form; nothing was saved:")
        for block_id, message in errors.items():
            self.echo(f"  ✗ {labels.get(field_key(block_id), block_id)}: {message}")
        again = {field_key(b) for b in errors} & set(labels)
        if again:
            self.echo("Please answer " + ("that" if len(again) == 1 else "each of those")
                      + " again:")
        return again


def _changed(block: dict, state: dict) -> bool:
    element = block.get("element", {})
    if element.get("type") == "datepicker":
        return state.get("selected_date") != element.get("initial_date")
    return True
