"""``safecomm chat``'s conversation: each line typed goes to the app as Slack would send it,
and what the app does is shown as its reader would see it.

- ``status Brightwell``, ``dbs BSC-104``, ``help``… (anything else): the slash command
  (``SAFECOMM_COMMAND`` + the line; a leading ``/safeguarding`` is accepted too);
- a button's number (``1``, or ``press 1``, or its label when only one button has it): presses
  it (e.g. *Record renewal*);
- ``home``: opens your App Home (the ``app_home_opened`` event);
- ``run briefings``: runs a job for real against this console's Slack stand-in (the runner
  given, :data:`RunJob`), and shows what it posted, buttons numbered — so a briefing
  published here is seen and acknowledged here;
- ``quit``, ``exit`` or Ctrl-D: leaves.
A modal the app opens is filled in at the prompt (bot.console.modal): while it is open every
line answers it, and ``quit`` or ``cancel`` leaves the form, not the console. A file the app
sends (an evidence pack) is saved in the current folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot import ids
from bot.console import payloads
from bot.console.local_app import LocalApp
from bot.console.modal import ModalSession
from bot.console.show import Press, render_call, save_files
from bot.standin import Call

LEAVE = frozenset({"quit", "exit", "/quit", "/exit"})
RunJob = Callable[[str], list[str]]  # a job's name → the lines to show (it posts on its own)
PUBLISHED_HINT = ("(Type `run briefings` to post it now to this console's stand-in Slack, "
                  "as the briefings job would, and acknowledge it here.)")


class Console:
    def __init__(self, app: LocalApp, *, user: str, read: Callable[[str], str],
                 echo: Callable[[str], None], run_job: RunJob | None = None):
        self.app, self.user, self.read, self.echo = app, user, read, echo
        self.command = app.settings.command
        self.presses: list[Press] = []
        self.run_job = run_job
        self.modals = ModalSession(app, user=user, read=read, echo=echo, show=self.show,
                                   sent=self.form_sent)

    def run(self) -> None:
        """Read and answer lines until ``quit``, end of input (Ctrl-D) or Ctrl-C."""
        try:
            while True:
                line = self.read(f"{self.command}> ").strip()
                if line.lower() in LEAVE:
                    return
                if line:
                    self.handle(line)
        except (EOFError, KeyboardInterrupt):
            self.echo("")

    def handle(self, line: str) -> None:
        press = self.pressed(line)
        if press is not None:
            self.press(press)
        elif line.lower() == "home":
            self.send(lambda: self.app.send_event(payloads.home_opened(self.user)))
        elif line.lower().startswith("run ") and self.run_job is not None:
            self.run_job_named(line[4:].strip().lower())
        else:
            text = line.removeprefix(self.command).strip() if line.startswith(
                self.command + " ") or line == self.command else line
            self.send(lambda: self.app.send_form(payloads.slash_command(
                text, user=self.user, command=self.command,
                response_url=self.app.slack.response_url())))

    def pressed(self, line: str) -> Press | None:
        """The button ``line`` names: its number, ``press N``, or a label only one has."""
        wanted = line.lower().removeprefix("press ").strip()
        if wanted.isdigit():
            found = [p for p in self.presses if p.number == int(wanted)]
            if not found:
                self.echo(f"There is no button {wanted} on screen; sending it as a command.")
            return found[0] if found else None
        found = [p for p in self.presses if p.label.lower() == wanted]
        if len(found) > 1:
            numbers = ", ".join(str(p.number) for p in found)
            self.echo(f"{len(found)} buttons say “{found[0].label}”: type one of "
                      f"{numbers}.")
            return None
        return found[0] if found else None

    def press(self, press: Press) -> None:
        where = dict(press.where)
        if "view" not in where:
            where["response_url"] = self.app.slack.response_url()  # a fresh one, as Slack's
        self.echo(f"(pressing “{press.label}”)")
        self.send(lambda: self.app.send_interaction(payloads.button_press(
            press.button, block_id=press.block_id, user=self.user, where=where)))

    def run_job_named(self, job: str) -> None:
        """Run ``job`` against the stand-in; show its lines, then what it posted."""
        assert self.run_job is not None
        mark = self.app.slack.mark()
        for text in self.run_job(job):
            self.echo(text)
        calls = self.app.calls_since(mark)
        if calls:
            self.echo("")
            self.show(calls)

    def form_sent(self, view: dict) -> None:
        if view.get("callback_id") == ids.BRIEFING_CALLBACK and self.run_job is not None:
            self.echo(PUBLISHED_HINT)

    def send(self, request) -> None:
        """Send one request; show what the app did after acknowledging it."""
        mark = self.app.slack.mark()
        answer = request()
        if answer.status != 200:
            self.echo(f"The app answered HTTP {answer.status}: {answer.body.strip()}")
            return
        self.show(self.app.calls_since(mark))

    def show(self, calls: list[Call]) -> None:
        """Messages first (their buttons numbered afresh), then any form opened."""
        presses: list[Press] = []
        saved = save_files(calls, self.app.slack, Path.cwd())
        shown = [text for call in calls
                 if (text := render_call(call, self.user, presses, saved))]
        forms = [c.result["view"] for c in calls if c.method in ("views.open", "views.push")]
        if shown or forms:
            self.presses = presses
        for text in shown:
            self.echo(text)
            self.echo("")
        if not shown and not forms:
            self.echo("(the app showed nothing)")
        for view in forms:
            self.modals.fill(view)
