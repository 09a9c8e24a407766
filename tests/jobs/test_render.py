"""The one Block Kit → terminal text renderer (shared by --dry-run, demo and chat)."""

from slack_sdk.models.blocks import ButtonElement, SectionBlock

from bot.render import mrkdwn, render_blocks, render_message, render_view


def plain(text):
    return {"type": "plain_text", "text": text}


def md(text):
    return {"type": "mrkdwn", "text": text}


def option(text, value):
    return {"text": plain(text), "value": value}


def test_it_turns_mrkdwn_into_plain_text():
    assert mrkdwn("*Bold* and _italic_ and ~gone~ in `*code*`") == \
        "Bold and italic and gone in `*code*`"
    assert mrkdwn("See <https://bscp.example/x|the briefing> or <https://bscp.example/y>") == \
        "See the briefing (https://bscp.example/x) or https://bscp.example/y"
    assert mrkdwn("<@U0CM1> in <#C0X|safeguarding> <!here> <!subteam^S1|@leads>") == \
        "@U0CM1 in #safeguarding @here @leads"
    assert mrkdwn("Fish &amp; chips &lt;3 :red_circle: red") == "Fish & chips <3 red"
    assert mrkdwn(":red_circle: amber") == "(red) amber"
    assert mrkdwn("2 * 3 * 4 and snake_case_name") == "2 * 3 * 4 and snake_case_name"
    assert mrkdwn("*bold with _italic_ inside*") == "bold with italic inside"


def test_it_renders_headers_sections_fields_accessories_context_and_dividers():
    text = render_blocks([
        {"type": "header", "text": plain("DBS re-checks")},
        {"type": "section", "text": md("*Amara Ashby*\nRe-check due today"),
         "accessory": {"type": "button", "text": plain("Record renewal"), "action_id": "a",
                       "value": "1"}},
        {"type": "section", "fields": [md("*Standard 1*\ngreen"), md("*Standard 2*\nred")]},
        {"type": "context", "elements": [md("_as of_ 3 Mar"), {"type": "image",
                                          "image_url": "https://x/i.png", "alt_text": "logo"}]},
        {"type": "divider"},
    ])
    assert text.split("\n") == [
        "DBS re-checks", "=============",
        "Amara Ashby  [Record renewal]", "Re-check due today",
        "  Standard 1: green", "  Standard 2: red",
        "  as of 3 Mar  [image: logo]",
        "─" * 40,
    ]


def test_it_renders_actions_with_buttons_selects_pickers_and_overflow():
    text = render_blocks([{"type": "actions", "elements": [
        {"type": "button", "text": plain("Acknowledge"), "action_id": "a", "style": "primary"},
        {"type": "static_select", "action_id": "b", "placeholder": plain("Pick a provider"),
         "options": [option("Harbour", "1")]},
        {"type": "static_select", "action_id": "c", "options": [option("Low", "l")],
         "initial_option": option("Low", "l")},
        {"type": "datepicker", "action_id": "d", "initial_date": "2027-04-03"},
        {"type": "users_select", "action_id": "e", "placeholder": plain("Someone")},
        {"type": "overflow", "action_id": "f", "options": [option("Edit", "e"),
                                                           option("Delete", "d")]},
    ]}])
    assert text == ("[Acknowledge]  [Pick a provider ▾]  [Low ▾]  [2027-04-03 ▾]  "
                    "[Someone ▾]  [⋯ Edit | Delete]")


def test_it_renders_rich_text_lists_quotes_and_code():
    text = render_blocks([{"type": "rich_text", "elements": [
        {"type": "rich_text_section", "elements": [
            {"type": "text", "text": "Hello ", "style": {"bold": True}},
            {"type": "user", "user_id": "U0X"}, {"type": "text", "text": " see "},
            {"type": "link", "url": "https://x.example", "text": "this"},
            {"type": "emoji", "name": "warning"}]},
        {"type": "rich_text_list", "style": "bullet", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]}]},
        {"type": "rich_text_list", "style": "ordered", "indent": 1, "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "first"}]},
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "second"}]}]},
        {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
        {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "a = 1"}]},
    ]}])
    assert text.split("\n") == ["Hello @U0X see this (https://x.example)(!)", "• one",
                                "  1. first", "  2. second", "> quoted", "    a = 1"]


def test_it_renders_a_modal_with_its_inputs():
    view = {"type": "modal", "title": plain("Monitoring meeting"), "submit": plain("Save"),
            "close": plain("Cancel"), "blocks": [
                {"type": "input", "label": plain("Held on"),
                 "element": {"type": "datepicker", "action_id": "d",
                             "placeholder": plain("Pick a date")}},
                {"type": "input", "label": plain("Safeguarding discussed?"),
                 "element": {"type": "radio_buttons", "action_id": "r",
                             "options": [option("Yes", "y"), option("No", "n")],
                             "initial_option": option("Yes", "y")}},
                {"type": "input", "label": plain("Actions"), "optional": True,
                 "hint": plain("One a line"),
                 "element": {"type": "plain_text_input", "action_id": "t", "multiline": True}},
                {"type": "input", "label": plain("Theme"),
                 "element": {"type": "static_select", "action_id": "s",
                             "placeholder": plain("Choose"),
                             "options": [option("Online safety", "o")]}},
                {"type": "input", "label": plain("Covers"),
                 "element": {"type": "checkboxes", "action_id": "c",
                             "options": [option("CSE", "cse"), option("CCE", "cce")],
                             "initial_options": [option("CCE", "cce")]}},
                {"type": "input", "label": plain("Certificate"),
                 "element": {"type": "plain_text_input", "action_id": "n",
                             "initial_value": "••••••••1234"}},
            ]}
    assert render_view(view).split("\n") == [
        "┌─ Modal: Monitoring meeting ─┐",
        "Held on: [Pick a date ▾]",
        "Safeguarding discussed?:", "    (•) Yes", "    ( ) No",
        "Actions (optional): [… (long text)]", "    One a line",
        "Theme: [Choose ▾]", "    - Online safety",
        "Covers:", "    [ ] CSE", "    [x] CCE",
        "Certificate: [••••••••1234]",
        "[Save]  [Cancel]",
        "└" + "─" * 29 + "┘",
    ]


def test_it_renders_app_home_and_slack_sdk_objects_and_unknown_blocks():
    home = render_view({"type": "home", "blocks": [{"type": "section", "text": md("Hi")}]})
    assert home.startswith("┌─ App Home ─┐\nHi")
    block = SectionBlock(text="*x*", accessory=ButtonElement(text="Go", action_id="go"))
    assert render_blocks([block, {"type": "brand_new_block"}]) == "x  [Go]\n[brand_new_block]"


def test_a_message_without_blocks_reads_as_its_text():
    assert render_message(text="*Done*: <@U1> acknowledged") == "Done: @U1 acknowledged"
    assert render_message(text="fallback", blocks=[{"type": "divider"}]) == "─" * 40
