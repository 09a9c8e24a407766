"""One modal the app opened, shown and filled in at the prompt, then submitted.

- The modal is shown as its fields (bot.render), then each input is asked in turn
  (bot.console.forms).
- A field that dispatches its change (``dispatch_action``, e.g. the meeting date) is sent to
  the app at once, as Slack does; the app's ``views.update`` replaces the form, and the
  console carries on with the refreshed one (e.g. the next meeting prefilled anew).
- Submitting sends a ``view_submission``. Errors (``response_action: errors``) are shown
  under their fields and only those fields are asked again; nothing is saved until the app
  accepts the whole form. Ctrl-D cancels the form.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.console import payloads
from bot.console.forms import ask, form_state, input_blocks, label_of
from bot.console.local_app import LocalApp
from bot.render import render_view
from bot.standin import Call

ShowCalls = Callable[[list[Call]], None]


class ModalSession:
    def __init__(self, app: LocalApp, *, user: str, read, echo, show: ShowCalls):
        self.app, self.user, self.read, self.echo, self.show = app, user, read, echo, show

    def fill(self, view: dict) -> None:
        """Show ``view``, ask its fields, submit until the app accepts it or it is cancelled."""
        self.echo(render_view(view))
        self.echo("Fill in the form (Enter keeps the value shown; Ctrl-D cancels):")
        answers: dict[str, dict] = {}
        again: set[str] | None = None  # None: every field not answered yet
        while True:
            try:
                view = self._ask_fields(view, answers, again)
            except EOFError:
                self.echo("\nForm cancelled: nothing was saved.")
                return
            mark = self.app.slack.mark()
            answer = self.app.send_interaction(payloads.view_submission(
                view, form_state(view, answers), user=self.user))
            body = answer.json() or {}
            if answer.status != 200:
                self.echo(f"The app answered {answer.status}; the form was not sent.")
                return
            if body.get("response_action") == "errors":
                again = self._show_errors(view, body.get("errors") or {})
                continue
            if body.get("response_action") in ("update", "push") and body.get("view"):
                view, answers, again = {**body["view"], "id": view.get("id")}, {}, None
                self.echo(render_view(view))
                continue
            self.echo("Form sent.")
            self.show(self.app.slack.collect(mark))
            return

    def _ask_fields(self, view: dict, answers: dict, again: set[str] | None) -> dict:
        index = 0
        while index < len(blocks := input_blocks(view)):
            block = blocks[index]
            block_id = block["block_id"]
            if (block_id in again) if again is not None else (block_id not in answers):
                answers[block_id] = ask(block, self.read, self.echo)
                if block.get("dispatch_action") and _changed(block, answers[block_id]):
                    refreshed = self._refresh(view, answers, block)
                    if refreshed is not None:
                        view = refreshed
                        ids = [b["block_id"] for b in input_blocks(view)]
                        for gone in set(answers) - set(ids):
                            del answers[gone]
                        index = ids.index(block_id) + 1 if block_id in ids else 0
                        continue
            index += 1
        return view

    def _refresh(self, view: dict, answers: dict, block: dict) -> dict | None:
        """Send the field's change; the form the app put in its place, if any."""
        element = block["element"]
        mark = self.app.slack.mark()
        state = form_state(view, answers)
        value = {k: v for k, v in answers[block["block_id"]].items() if k != "type"}
        self.app.send_interaction(payloads.view_action(
            view, state, element, block_id=block["block_id"], user=self.user, value=value))
        calls = self.app.slack.collect(mark, first_timeout=5.0)
        updates = [c for c in calls if c.method == "views.update"]
        others = [c for c in calls if c.method != "views.update"]
        if others:  # e.g. someone not entitled is told so
            self.show(others)
        if not updates:
            return None
        self.echo("  (the app refreshed the form from that answer)")
        return updates[-1].result["view"]

    def _show_errors(self, view: dict, errors: dict[str, str]) -> set[str]:
        labels = {b["block_id"]: label_of(b) for b in input_blocks(view)}
        self.echo("The app did not accept the form; nothing was saved:")
        for block_id, message in errors.items():
            self.echo(f"  ✗ {labels.get(block_id, block_id)}: {message}")
        self.echo("Please answer those again:")
        return set(errors)


def _changed(block: dict, state: dict) -> bool:
    element = block.get("element", {})
    if element.get("type") == "datepicker":
        return state.get("selected_date") != element.get("initial_date")
    return True
